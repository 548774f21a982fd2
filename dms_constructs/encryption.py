"""The customer managed KMS key of a wave, and the key-policy statements AWS services need to use it."""

from __future__ import annotations

from typing import Optional

from aws_cdk import Aws, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct


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
        if getattr(key, "_dms_logs_allowed", False):
            return
        key._dms_logs_allowed = True  # type: ignore[attr-defined]
        key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudWatchLogs",
                principals=[iam.ServicePrincipal(f"logs.{Aws.REGION}.amazonaws.com")],
                actions=["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                resources=["*"],
                conditions={
                    "ArnLike": {
                        "kms:EncryptionContext:aws:logs:arn": (
                            f"arn:{Aws.PARTITION}:logs:{Aws.REGION}:{Aws.ACCOUNT_ID}:log-group:*"
                        )
                    }
                },
            )
        )

    @staticmethod
    def allow_service_publishers(key: kms.Key, services: list[str]) -> None:
        """Let AWS services (e.g. cloudwatch.amazonaws.com, events.amazonaws.com) publish to topics
        encrypted with the key (CDK does not add this)."""
        done: set[str] = getattr(key, "_dms_publishers", set())
        missing = [s for s in services if s not in done]
        if not missing:
            return
        key._dms_publishers = done | set(missing)  # type: ignore[attr-defined]
        key.add_to_resource_policy(
            iam.PolicyStatement(
                principals=[iam.ServicePrincipal(s) for s in missing],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
                conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}},
            )
        )
