"""The customer managed KMS key of a wave, and the key-policy statements AWS services need to use it."""

from __future__ import annotations

import functools
from typing import Any, Optional

from aws_cdk import Annotations, Aws, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from ._tree import memo, stack_of

# `memo` keys: what a key's policy grants so far.
_LOGS_ALLOWED = "logs allowed"
_PUBLISHERS = "service publishers"


@functools.cache
def _pseudo_parameters() -> tuple[str, str, str]:
    """`Aws.PARTITION`, `Aws.REGION` and `Aws.ACCOUNT_ID`: tokens that never change, each read a round trip."""
    return Aws.PARTITION, Aws.REGION, Aws.ACCOUNT_ID


class EncryptionKey(Construct):
    """A symmetric customer managed key with automatic rotation, retained by default.

    :param description: the key description. Default: names the construct path.
    :param removal_policy: Default: RETAIN (replication storage, secrets and logs stay decryptable).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        description: Optional[str] = None,
        removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
    ) -> None:
        super().__init__(scope, id)
        self.key = kms.Key(
            self,
            "Resource",
            description=description or f"dms-constructs key for {scope.node.path}",
            enable_key_rotation=True,
            removal_policy=removal_policy,
        )

    @staticmethod
    def allow_cloudwatch_logs(key: kms.Key) -> None:
        """Let CloudWatch Logs in this account and region use the key for log groups (CDK does not add this)."""
        notes = memo(key)
        if notes.get(_LOGS_ALLOWED):
            return
        notes[_LOGS_ALLOWED] = True  # add the statement once
        partition, region, account = _pseudo_parameters()
        # The statement as JSON: one round trip to the jsii runtime (not one per principal and statement).
        key.add_to_resource_policy(
            iam.PolicyStatement.from_json({
                "Sid": "AllowCloudWatchLogs",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                "Resource": "*",
                "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": f"arn:{partition}:logs:{region}:{account}:log-group:*"}},
            })
        )

    @staticmethod
    def allow_service_publishers(key: kms.Key, services: list[str], *, source_arn: Optional[str] = None) -> None:
        """Let AWS services (e.g. cloudwatch.amazonaws.com, dms.amazonaws.com) publish to SNS topics
        encrypted with the key (CDK does not add this): `kms:Decrypt` and `kms:GenerateDataKey*`, only on
        behalf of this account (`aws:SourceAccount`) and, when given, of the resources matching
        `source_arn` (`aws:SourceArn`, ArnLike). Amazon SNS Developer Guide, "Enable compatibility
        between event sources from AWS services and encrypted topics".

        Never use this for events.amazonaws.com: KMS requests made for EventBridge deliveries carry no
        `aws:SourceAccount`/`aws:SourceArn`, so a conditioned grant silently drops every notification and
        an unconditioned one is a confused-deputy grant. Rules publish through a role instead
        (`WaveMonitoring`).
        """
        notes = memo(key)
        done: set[tuple[str, Optional[str]]] = notes.get(_PUBLISHERS, set())
        missing = [s for s in services if (s, source_arn) not in done]
        if not missing:
            return
        notes[_PUBLISHERS] = done | {(s, source_arn) for s in missing}  # what the key's policy grants so far
        conditions: dict[str, Any] = {"StringEquals": {"aws:SourceAccount": stack_of(key).account}}
        if source_arn is not None:
            conditions["ArnLike"] = {"aws:SourceArn": source_arn}
        key.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal(s) for s in missing],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
                conditions=conditions,
            )
        )


IMPORTED_KEY_WARNING = "dms-constructs:imported-key-policy"


def warn_if_imported(scope: Construct, wave_name: str, wave_identifier: str, key: kms.IKey) -> None:
    """A synth warning when the wave's key is imported (`kms.Key.from_key_arn`, ...): the statements the wave
    adds to its own key's policy (`allow_cloudwatch_logs`, `allow_service_publishers`) cannot be added to an
    imported key's, and without them log groups fail to create and alarm notifications are dropped silently."""
    if isinstance(key, kms.Key):
        return
    Annotations.of(scope).add_warning_v2(
        IMPORTED_KEY_WARNING,
        f"MigrationWave({wave_name}).encryption_key is imported, so its key policy cannot be extended here. It must "
        "allow: logs.<region>.amazonaws.com to use the key for this account's log groups (condition "
        "kms:EncryptionContext:aws:logs:arn), or the wave's log groups fail to create; cloudwatch.amazonaws.com "
        f"kms:Decrypt and kms:GenerateDataKey* for this account's alarms dms-{wave_identifier}-*, or alarm notifications "
        "to the wave's encrypted topic are dropped; and dms.amazonaws.com the same, with "
        "Notifications(dms_event_subscription=True) or serverless premigration assessments. Or leave encryption_key "
        "unset: the wave then creates its own key with these statements.",
    )
