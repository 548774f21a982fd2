"""One place to record why a compliance finding is accepted: one finding id, one real reason.

Two kinds of findings are accepted here: cdk-nag's (`acknowledge`, a CDK validation acknowledgment) and
checkov's (`skip_checkov`, checkov's own in-template mechanism: the resource's
`Metadata.checkov.skip` list of `{id, comment}`).
"""

from __future__ import annotations

import re
from typing import Union

from aws_cdk import Acknowledgment, CfnResource, Validations
from constructs import IConstruct

from .errors import DmsConfigError

_CHECKOV_ID = re.compile(r"^CKV2?_AWS_\d+$")


def _check_reason(finding_id: str, reason: str) -> None:
    if not reason or len(reason.strip()) < 10:
        raise DmsConfigError(
            f"acknowledgment {finding_id}: reason is too short (got {reason!r}); say why the finding is acceptable"
        )


def acknowledge(scope: IConstruct, finding_id: str, reason: str) -> None:
    """Acknowledge exactly one finding (`Rule-Id` or `Rule-Id[Finding]`) on `scope`, with a reason."""
    _check_reason(finding_id, reason)
    Validations.of(scope).acknowledge(Acknowledgment(id=finding_id, reason=reason))


def skip_checkov(resource: Union[CfnResource, IConstruct], check_id: str, reason: str) -> None:
    """Skip one checkov check (e.g. `CKV_AWS_116`) on one CloudFormation resource, with a reason.

    Writes checkov's own suppression into the template: `Metadata: {checkov: {skip: [{id, comment}]}}`.
    `resource` is a `CfnResource` or an L2 construct whose default child is one. Skipping the same check
    twice keeps one entry (the first reason); entries stay in the order they were added, so templates
    are deterministic.
    """
    _check_reason(check_id, reason)
    if not _CHECKOV_ID.match(check_id):
        raise DmsConfigError(
            f"skip_checkov: {check_id!r} is not a checkov CloudFormation check id; use e.g. 'CKV_AWS_116'"
        )
    cfn = resource if isinstance(resource, CfnResource) else resource.node.default_child
    if not isinstance(cfn, CfnResource):
        raise DmsConfigError(
            f"skip_checkov {check_id}: {resource.node.path} is not a CloudFormation resource and has none as "
            "its default child; pass the CfnResource to skip the check on"
        )
    existing = cfn.get_metadata("checkov") or {}
    skips = list(existing.get("skip", []))
    if any(entry.get("id") == check_id for entry in skips):
        return
    skips.append({"id": check_id, "comment": reason})
    cfn.add_metadata("checkov", {**existing, "skip": skips})
