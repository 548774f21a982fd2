"""One place to record why a compliance finding is accepted: one finding id, one real reason.

Two kinds of findings are accepted here: cdk-nag's (`acknowledge`, a CDK validation acknowledgment) and
checkov's (`skip_checkov`, checkov's own in-template mechanism: the resource's
`Metadata.checkov.skip` list of `{id, comment}`).
"""

from __future__ import annotations

import re
from typing import Optional, Sequence, Union

from aws_cdk import Acknowledgment, CfnResource, Validations
from constructs import IConstruct

from ._tree import cached, default_resource, memo
from .errors import DmsConfigError

_CHECKOV_ID = re.compile(r"^CKV2?_AWS_\d+$")


def _check_reason(finding_id: str, reason: str) -> None:
    if not reason or len(reason.strip()) < 10:
        raise DmsConfigError(
            f"acknowledgment {finding_id}: reason is too short (got {reason!r}); say why the finding is acceptable"
        )


def acknowledge(scope: IConstruct, finding_id: str, reason: str) -> None:
    """Acknowledge exactly one finding (`Rule-Id` or `Rule-Id[Finding]`) on `scope`, with a reason."""
    acknowledge_each(scope, [(finding_id, reason)])


def acknowledge_each(scope: IConstruct, findings: Sequence[tuple[str, str]]) -> None:
    """`acknowledge(scope, finding_id, reason)` for each `(finding_id, reason)`, in one round trip to the
    jsii runtime (CDK records each finding as its own metadata entry, as one call per finding does)."""
    for finding_id, reason in findings:
        _check_reason(finding_id, reason)
    # `Validations.of(scope)` once per scope: many constructs get several acknowledgments, and each `of`
    # is a round trip to the jsii runtime.
    validations = cached(scope, Validations, lambda: Validations.of(scope))
    validations.acknowledge(*(Acknowledgment(id=finding_id, reason=reason) for finding_id, reason in findings))


def skip_checkov(resource: Union[CfnResource, IConstruct], check_id: str, reason: str) -> None:
    """Skip one checkov check (e.g. `CKV_AWS_116`) on one CloudFormation resource, with a reason.

    Writes checkov's own suppression into the template: `Metadata: {checkov: {skip: [{id, comment}]}}`.
    `resource` is a `CfnResource` or an L2 construct whose default child is one. Skipping the same check
    twice keeps one entry (the first reason); entries stay in the order they were added, so templates
    are deterministic.
    """
    skip_checkov_each(resource, [(check_id, reason)])


def skip_checkov_each(resource: Union[CfnResource, IConstruct], checks: Sequence[tuple[str, str]]) -> None:
    """`skip_checkov(resource, check_id, reason)` for each `(check_id, reason)`, writing the metadata once."""
    for check_id, reason in checks:
        _check_reason(check_id, reason)
        if not _CHECKOV_ID.match(check_id):
            raise DmsConfigError(
                f"skip_checkov: {check_id!r} is not a checkov CloudFormation check id; use e.g. 'CKV_AWS_116'"
            )
    cfn = resource if isinstance(resource, CfnResource) else _default_child(resource)
    if cfn is None:
        raise DmsConfigError(
            f"skip_checkov {checks[0][0]}: {resource.node.path} is not a CloudFormation resource and has none as "
            "its default child; pass the CfnResource to skip the check on"
        )
    # What this module last wrote is kept beside the resource: reading it back is a round trip.
    notes = memo(cfn)
    existing = notes.get(_CHECKOV)
    if existing is None:
        existing = cfn.get_metadata("checkov") or {}
    skips = list(existing.get("skip", []))
    for check_id, reason in checks:
        if not any(entry.get("id") == check_id for entry in skips):
            skips.append({"id": check_id, "comment": reason})
    if len(skips) == len(existing.get("skip", [])):
        return
    notes[_CHECKOV] = written = {**existing, "skip": skips}
    cfn.add_metadata("checkov", written)


_CHECKOV = "checkov metadata"  # the `memo` key of what this module last wrote on a resource


def _default_child(construct: IConstruct) -> Optional[CfnResource]:
    try:
        return default_resource(construct)
    except TypeError:
        return None
