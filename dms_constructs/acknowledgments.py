"""One place to record why a compliance finding is accepted: one finding id, one real reason."""

from __future__ import annotations

from aws_cdk import Acknowledgment, Validations
from constructs import IConstruct

from .errors import DmsConfigError


def acknowledge(scope: IConstruct, finding_id: str, reason: str) -> None:
    """Acknowledge exactly one finding (`Rule-Id` or `Rule-Id[Finding]`) on `scope`, with a reason."""
    if not reason or len(reason.strip()) < 10:
        raise DmsConfigError(
            f"acknowledgment {finding_id}: reason is too short (got {reason!r}); say why the finding is acceptable"
        )
    Validations.of(scope).acknowledge(Acknowledgment(id=finding_id, reason=reason))
