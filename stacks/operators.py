"""The operator roles of one environment: a migration admin who runs the waves' tasks and a migration
viewer who watches them (seed DMS guide, "IAM/security best practices": "separate 'migration admin'
from 'migration viewer' roles"; "Security Considerations": "Separate roles for creating/modifying tasks
vs viewing status"). Both are built from the waves' grant statements (`MigrationWave.read_policy_statements`,
`operate_policy_statements`) in customer managed policies; neither may create, modify or delete DMS
resources, read endpoint secrets, or delete logs: changes go through the pipeline."""

from __future__ import annotations

from typing import Sequence

from aws_cdk import ArnFormat, Duration, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from dms_constructs import MigrationWave
from dms_constructs.acknowledgments import acknowledge
from dms_constructs.grants import merge_statements

from .config import EnvironmentConfig, OperatorAccess

# Why the `"*"` resources in these policies cannot be narrower (Service Authorization Reference, "Actions,
# resources, and condition keys for AWS Database Migration Service" / "... for Amazon CloudWatch"): the
# DMS Describe* list actions and CloudWatch GetMetricData/GetMetricStatistics/ListMetrics support no
# resource-level permissions.
_DESCRIBE_REASON = (
    "Read-only DMS Describe* list actions and CloudWatch GetMetricData/GetMetricStatistics/ListMetrics support no "
    "resource-level permissions (Service Authorization Reference), so IAM evaluates them only against '*'; every "
    "other statement names the waves' own task, endpoint, instance, alarm, dashboard and log group ARNs."
)
_ALARMS_REASON = (
    "The wave's alarms are named dms-<env>-<app>-<alarm>; the prefix pattern admits them for cloudwatch:DescribeAlarms "
    "only (read-only) without listing each alarm name. It also matches alarms of a wave whose app name extends this "
    "one's, which this role may read anyway."
)


class OperatorRoles(Construct):
    """`<env>-migration-admin-dms` and `<env>-migration-viewer-dms` over the given waves."""

    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig, waves: Sequence[MigrationWave]) -> None:
        super().__init__(scope, id)
        access = config.operators
        self.admin = iam.Role(
            self,
            "MigrationAdmin",
            role_name=f"{config.name}-migration-admin-dms",
            assumed_by=_trust(access, access.admin_principals),
            description=f"Runs the DMS migration tasks of {config.name}: start, stop, reload, assessments, connection tests; "
            "reads their status. No create/modify/delete, no secrets.",
            max_session_duration=Duration.hours(1),
        )
        self.viewer = iam.Role(
            self,
            "MigrationViewer",
            role_name=f"{config.name}-migration-viewer-dms",
            assumed_by=_trust(access, access.viewer_principals),
            description=f"Watches the DMS migrations of {config.name}: status, metrics, alarms, dashboards, task logs. "
            "No changes, no secrets.",
            max_session_duration=Duration.hours(1),
        )
        for role, principals in ((self.admin, access.admin_principals), (self.viewer, access.viewer_principals)):
            for arn in principals[1:]:
                role.assume_role_policy.add_statements(  # type: ignore[union-attr]
                    iam.PolicyStatement(actions=["sts:AssumeRole"], principals=[iam.ArnPrincipal(arn)], conditions=_conditions(access))
                )

        read = merge_statements([s for wave in waves for s in wave.read_policy_statements()])
        operate = merge_statements([s for wave in waves for s in wave.operate_policy_statements()])
        # Customer managed policies: the HIPAA/NIST/PCI packs flag inline policies.
        self.read_policy = iam.ManagedPolicy(
            self, "ReadPolicy", statements=read, roles=[self.viewer, self.admin],
            description=f"Read-only view of the DMS migration waves of {config.name} (no secrets).",
        )
        self.operate_policy = iam.ManagedPolicy(
            self, "OperatePolicy", statements=operate, roles=[self.admin],
            description=f"Runs the DMS migration tasks of {config.name} (no create, modify or delete).",
        ) if operate else None
        stack = Stack.of(self)
        acknowledge(self.read_policy, "AwsSolutions-IAM5[Resource::*]", _DESCRIBE_REASON)
        for wave in waves:
            pattern = stack.resolve(
                stack.format_arn(service="cloudwatch", resource="alarm", resource_name=f"dms-{wave.identifier}-*",
                                 arn_format=ArnFormat.COLON_RESOURCE_NAME)
            )
            acknowledge(self.read_policy, f"AwsSolutions-IAM5[Resource::{_nag(pattern)}]", _ALARMS_REASON)


def _conditions(access: OperatorAccess) -> dict[str, dict[str, str]]:
    return {"Bool": {"aws:MultiFactorAuthPresent": "true"}} if access.require_mfa else {}


def _trust(access: OperatorAccess, principals: Sequence[str]) -> iam.IPrincipal:
    """The first trusted principal (the account root by default), with the MFA condition."""
    principal: iam.PrincipalBase = iam.ArnPrincipal(principals[0]) if principals else iam.AccountRootPrincipal()
    conditions = _conditions(access)
    return principal.with_conditions(conditions) if conditions else principal


def _nag(value: object) -> str:
    """A resolved ARN as cdk-nag names it in a finding: `Fn::Join` parts joined, pseudo parameters as `<AWS::...>`."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Join" in value:
        sep, parts = value["Fn::Join"]
        return str(sep).join(_nag(p) for p in parts)
    if isinstance(value, dict) and "Ref" in value:
        return f"<{value['Ref']}>"
    return str(value)
