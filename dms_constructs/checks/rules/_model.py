"""The pack's model: resource types, `Outcome`, `Options` and `Rule`, and rule ids."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable

from .._view import Resource, StackView
from ... import facts as _facts


PACK_NAME = "DmsChecks"

REPLICATION_INSTANCE = "AWS::DMS::ReplicationInstance"
REPLICATION_CONFIG = "AWS::DMS::ReplicationConfig"
REPLICATION_TASK = "AWS::DMS::ReplicationTask"
REPLICATION_SUBNET_GROUP = "AWS::DMS::ReplicationSubnetGroup"
EVENT_SUBSCRIPTION = "AWS::DMS::EventSubscription"
ENDPOINT = "AWS::DMS::Endpoint"
CERTIFICATE = "AWS::DMS::Certificate"
IAM_ROLE = "AWS::IAM::Role"
IAM_POLICY = "AWS::IAM::Policy"
IAM_MANAGED_POLICY = "AWS::IAM::ManagedPolicy"

#: The role DMS looks up by name to manage its network interfaces (facts.VPC_ROLE_NAME).
VPC_ROLE_NAME = _facts.VPC_ROLE_NAME


class Outcome(enum.Enum):
    COMPLIANT = "COMPLIANT"
    NON_COMPLIANT = "NON_COMPLIANT"
    NOT_APPLICABLE = "NOT_APPLICABLE"


C, NC, NA = Outcome.COMPLIANT, Outcome.NON_COMPLIANT, Outcome.NOT_APPLICABLE


@dataclass(frozen=True)
class Options:
    """What a pack was configured with."""

    required_tag_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One rule of the pack.

    :param id: the full rule id, as reported and as acknowledged (`DmsChecks-DMS.1`).
    :param control: the AWS Security Hub control it mirrors, or "-" for a rule of this pack only.
    :param checks: what it checks, in one sentence.
    :param fix: how to make the resource compliant.
    :param resource_types: the CloudFormation types it applies to.
    :param info: why a finding was raised (the finding's message, followed by the fix).
    :param explanation: why the rule exists (added to the message with `verbose=True`).
    """

    id: str
    control: str
    checks: str
    fix: str
    resource_types: tuple[str, ...]
    info: str
    explanation: str
    evaluate: Callable[[Resource, StackView, Options], Outcome] = field(repr=False, compare=False)

    @property
    def suffix(self) -> str:
        """The id without the pack prefix (`DMS.1`)."""
        return self.id[len(PACK_NAME) + 1 :]

    def message(self, options: Options) -> str:
        extra = ""
        if self.id in _TAG_RULE_IDS and options.required_tag_keys:
            extra = f" Required tag keys: {', '.join(options.required_tag_keys)}."
        return f"{self.info}{extra} Fix: {self.fix}"



def _id(suffix: str) -> str:
    return f"{PACK_NAME}-{suffix}"


_TAG_RULE_IDS = frozenset({_id("DMS.3"), _id("DMS.4"), _id("DMS.5")})
