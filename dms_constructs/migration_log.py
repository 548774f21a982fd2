"""The wave's migration log: every DMS event of the wave's resources (task and serverless replication
state changes, full load finished, failures, instance failover and storage, endpoint changes), with
EventBridge's timestamp, in a retained, KMS-encrypted CloudWatch Logs group of the wave.

DMS sends its events to EventBridge (source `aws.dms`; DMS user guide, "Working with Amazon EventBridge
events and notifications in AWS Database Migration Service"; EventBridge events reference, "AWS Database
Migration Service events"): each event's `resources` names the instance, task, replication config or
endpoint, and `detail` carries `eventType` (e.g. `REPLICATION_TASK_STOPPED`), `eventId` (`DMS-EVENT-0079`)
and the message. One rule per wave matches `source: aws.dms` and the wave's resource ARNs, every detail
type, and delivers to the log group.

A CloudWatch Logs target needs a resource policy that lets EventBridge write to the group. An account has
at most 10 CloudWatch Logs resource policies per region (CloudWatch Logs API reference,
PutResourcePolicy), so there is one plain `AWS::Logs::ResourcePolicy` per stack (`DmsMigrationLogPolicy`)
for every wave of the stack: writing (`PutLogEvents`) conditioned on the waves' rules (`aws:SourceArn`) and
this account, creating streams in the waves' groups unconditioned (EventBridge sends the rule's ARN with
`PutLogEvents` only) — not CDK's LogGroup target, which writes the policy through a custom resource.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

import jsii
from aws_cdk import ArnFormat, IResolveContext, IStableListProducer, IStringProducer, Lazy, RemovalPolicy, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from constructs import Construct

from ._tree import adopt, adopted
from .encryption import EncryptionKey
from .event_patterns import add_arn, part_suffix

if TYPE_CHECKING:
    from ._context import WaveContext

POLICY_ID = "DmsMigrationLogPolicy"
LOG_GROUP_PREFIX = "/aws/events/dms/"  # EventBridge writes to groups under /aws/events/ (its console's convention)
_RULE_NAME_MAX = 64


def migration_log_group_name(wave_identifier: str) -> str:
    """`/aws/events/dms/<wave identifier>`: fixed, so that the runbook can name it."""
    return f"{LOG_GROUP_PREFIX}{wave_identifier}"


def migration_log_rule_name(wave_identifier: str, part: int = 1) -> str:
    """`dms-<wave identifier>-log` (`-log-<part>` for a rule continuing it), at most 64 characters
    (EventBridge's limit)."""
    suffix = f"-log{part_suffix(part)}"
    return f"dms-{wave_identifier}"[: _RULE_NAME_MAX - len(suffix)] + suffix


class MigrationLog(Construct):
    """The wave's migration log (id `MigrationLog` under the wave).

    The log group is created in every phase (a retired wave keeps it, under the same construct id); the
    rule exists once the wave has a DMS resource to listen to (`record`). The log group is
    `RetainExceptOnCreate` when the wave retains (a failed first deploy leaves no fixed-name group behind),
    else it follows the wave's removal policy.
    """

    def __init__(self, scope: Construct, id: str, *, wave: "WaveContext") -> None:
        super().__init__(scope, id)
        self._wave_name = wave.name
        self.log_group_name = migration_log_group_name(wave.identifier)
        self.rule_name = migration_log_rule_name(wave.identifier)
        key = wave.encryption_key
        if isinstance(key, kms.Key):
            EncryptionKey.allow_cloudwatch_logs(key)
        removal = wave.removal_policy
        if removal == RemovalPolicy.RETAIN:
            removal = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
        self.log_group = logs.LogGroup(
            self,
            "LogGroup",
            log_group_name=self.log_group_name,
            encryption_key=key,
            retention=wave.log_retention,
            removal_policy=removal,
        )
        self._wave_identifier = wave.identifier
        self._arns: list[list[str]] = []  # the ARNs each rule lists
        self.rule: Optional[events.CfnRule] = None
        """The first rule; None until the wave has a DMS resource."""

    def record(self, arn: str) -> None:
        """Log every event of the DMS resource `arn` (creates the rule with the first one, and a rule continuing
        it every `RESOURCES_PER_RULE` resources: see event_patterns)."""
        if not add_arn(self._arns, arn):
            return
        part = len(self._arns)
        rule_name = migration_log_rule_name(self._wave_identifier, part)
        stack = Stack.of(self)
        # The target is the group's ARN without the `:*` suffix of its `Arn` attribute (EventBridge API
        # reference, Target: the CloudWatch Logs log group ARN).
        group_arn = stack.format_arn(
            service="logs", resource="log-group", resource_name=self.log_group_name, arn_format=ArnFormat.COLON_RESOURCE_NAME
        )
        rule = events.CfnRule(
            self,
            f"Rule{part_suffix(part)}",
            name=rule_name,
            description=f"Migration log of DMS migration wave {self._wave_name}: every DMS event of its resources",
            state="ENABLED",
            event_pattern={"source": ["aws.dms"], "resources": Lazy.list(_ListOf(self._arns[-1]))},
            targets=[events.CfnRule.TargetProperty(id="MigrationLog", arn=group_arn)],
        )
        policy = MigrationLogPolicy.of(stack)
        policy.allow(self.log_group.log_group_arn, stack.format_arn(
            service="events", resource="rule", resource_name=rule_name, arn_format=ArnFormat.SLASH_RESOURCE_NAME
        ))
        rule.node.add_dependency(self.log_group, policy.resource)  # one round trip for both
        if self.rule is None:
            self.rule = rule


class MigrationLogPolicy(Construct):
    """One `AWS::Logs::ResourcePolicy` per stack that lets the stack's migration-log rules write to their
    log groups (events.amazonaws.com and delivery.logs.amazonaws.com, on behalf of this account and these
    rules only)."""

    def __init__(self, scope: Stack, id: str) -> None:
        super().__init__(scope, id)
        adopt(scope, id, self)  # `of` finds it without a look-up
        self._groups: list[str] = []
        self._rules: list[str] = []
        stack = scope
        self.resource = logs.CfnResourcePolicy(
            self,
            "Resource",
            policy_name=f"dms-migration-log-{stack.stack_name}"[:255],
            policy_document=Lazy.uncached_string(_PolicyDocument(stack, self._groups, self._rules)),
        )

    def allow(self, log_group_arn: str, rule_arn: str) -> None:
        if log_group_arn not in self._groups:  # a wave's rules share its group
            self._groups.append(log_group_arn)
        self._rules.append(rule_arn)

    @staticmethod
    def of(stack: Stack) -> "MigrationLogPolicy":
        existing = adopted(stack, POLICY_ID, MigrationLogPolicy)
        return existing if existing is not None else MigrationLogPolicy(stack, POLICY_ID)


@jsii.implements(IStringProducer)
class _PolicyDocument:
    def __init__(self, stack: Stack, groups: list[str], rules: list[str]) -> None:
        self._stack, self._groups, self._rules = stack, groups, rules

    def produce(self, context: IResolveContext) -> str:
        principal = {"Service": ["events.amazonaws.com", "delivery.logs.amazonaws.com"]}
        # Two statements: the rule's ARN (aws:SourceArn) comes with PutLogEvents only, so a CreateLogStream under
        # that condition is refused and no event is ever delivered (only the rule's FailedInvocations metric would
        # tell). Creating a stream in these groups writes nothing; writing is what the conditions guard.
        document: dict[str, Any] = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DmsMigrationLogStreams",
                    "Effect": "Allow",
                    "Principal": principal,
                    "Action": "logs:CreateLogStream",
                    "Resource": list(self._groups),
                },
                {
                    "Sid": "DmsMigrationLogDelivery",
                    "Effect": "Allow",
                    "Principal": principal,
                    "Action": "logs:PutLogEvents",
                    "Resource": list(self._groups),
                    "Condition": {
                        "StringEquals": {"aws:SourceAccount": self._stack.account},
                        "ArnEquals": {"aws:SourceArn": list(self._rules)},
                    },
                },
            ],
        }
        return str(self._stack.to_json_string(document))


@jsii.implements(IStableListProducer)
class _ListOf:
    """Produces a Python list's current items at synth time."""

    def __init__(self, items: list[str]) -> None:
        self._items = items

    def produce(self) -> list[str]:
        return list(self._items)


__all__ = ["MigrationLog", "MigrationLogPolicy", "migration_log_group_name", "migration_log_rule_name"]
