"""The roles DMS assumes for a migration project: one to read its two databases' secrets (the data provider
descriptors' `SecretsManagerAccessRoleArn`), one for a homogeneous data migration (`ServiceAccessRoleArn`).

Facts:
- Secrets: DMS user guide, "Using secrets to access AWS Database Migration Service endpoints" and, for migration
  projects, "Creating a secret access policy and role" (homogeneous data migrations): `secretsmanager:GetSecretValue`
  on each secret, `kms:Decrypt` and `kms:DescribeKey` on the key that encrypts it (none for the account's
  `aws/secretsmanager` key). Trusted principals: DMS Schema Conversion assumes the role as `dms.amazonaws.com`
  (DMS Schema Conversion prerequisites), homogeneous data migrations as `dms-data-migrations.amazonaws.com` and
  `dms.<region>.amazonaws.com` ("Creating IAM resources for homogeneous data migrations").
- Data migrations: "Creating IAM resources for homogeneous data migrations" (and its tutorial copy "Step 1: Create
  AWS resources" of "Migrating PostgreSQL with homogeneous data migrations"): the policy lists EC2 describe calls,
  log groups and streams named `dms-data-migration-*`, `cloudwatch:PutMetricData`, routes, security-group rules,
  tags and VPC peering acceptance — DMS peers its serverless environment with the instance profile's VPC. The
  guide's own policy names every account and region (`arn:aws:ec2:*:*:...`); here each ARN is this account and
  region. Where the guide attaches `SecretsManagerReadWrite`, this role reads only the project's two secrets.
- Confused deputy: DMS user guide, "Cross-service confused deputy prevention". `dms.*` principals are held to this
  account's DMS resources in this region (`aws:SourceAccount` and `aws:SourceArn`); `dms-data-migrations` to this
  account (`aws:SourceAccount`), as the role the DMS console creates for homogeneous data migrations has it.

Layer: part (never imports the wave).
"""

from __future__ import annotations

from typing import Optional, Sequence

from aws_cdk import Aws, Fn, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from ..account import dms_service_principal
from ..acknowledgments import acknowledge
from ..credentials import dms_regional_principal, dms_source_conditions
from ..lifecycle.findings import nag_arn


def data_migrations_principal() -> iam.IPrincipal:
    """`dms-data-migrations.<url suffix>` on behalf of this account only."""
    return iam.ServicePrincipal(Fn.join("", ["dms-data-migrations.", Aws.URL_SUFFIX])).with_conditions(
        {"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}
    )


def secret_read_statements(secrets: Sequence[tuple[secretsmanager.ISecret, Optional[kms.IKey]]]) -> list[iam.PolicyStatement]:
    """GetSecretValue on each secret (its full ARN, or the partial ARN with Secrets Manager's six-character
    suffix) and Decrypt/DescribeKey on each customer managed key."""
    statements = [
        iam.PolicyStatement(
            actions=["secretsmanager:GetSecretValue"],
            resources=[secret.secret_full_arn or f"{secret.secret_arn}-??????" for secret, _ in secrets],
        )
    ]
    keys = []
    for _, key in secrets:
        if key is not None and key.key_arn not in keys:
            keys.append(key.key_arn)
    if keys:
        statements.append(iam.PolicyStatement(actions=["kms:Decrypt", "kms:DescribeKey"], resources=keys))
    return statements


class SecretsAccessRole(Construct):
    """The role a migration project's data provider descriptors name (`SecretsManagerAccessRoleArn`), reading only
    the project's two secrets (`<project>/SecretsAccess`: `Role`, `Policy`).

    :param secrets: the source's and the target's secret with the key of each (None: `aws/secretsmanager`).
    :param data_migrations: also trust `dms-data-migrations.amazonaws.com` (the project has a data migration).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: str,
        secrets: Sequence[tuple[secretsmanager.ISecret, Optional[kms.IKey]]],
        data_migrations: bool,
    ) -> None:
        super().__init__(scope, id)
        conditions = dms_source_conditions()
        principals: list[iam.IPrincipal] = [
            dms_service_principal().with_conditions(conditions),
            dms_regional_principal().with_conditions(conditions),
        ]
        if data_migrations:
            principals.append(data_migrations_principal())
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.CompositePrincipal(*principals),
            description=f"Lets AWS DMS read the database secrets of migration project {project}.",
        )
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            description=f"Read access to the database secrets of migration project {project}.",
            roles=[self.role],
            statements=secret_read_statements(secrets),
        )


# The data migration policy of the DMS guide, per account and region: (actions, resource pattern under
# `arn:<partition>:<service>:<region>:<account>:`, or None for "*", and why it cannot be narrower).
_DESCRIBE = (
    "Describe and list calls of Amazon EC2 and CloudWatch Logs accept no resource-level permissions (Service "
    "Authorization Reference): DMS reads the instance profile's VPC, routes, security groups and peering with them."
)
_METRICS = "cloudwatch:PutMetricData accepts no resource-level permissions; DMS publishes the data migration's metrics."
_NETWORK = (
    "DMS creates the peering between its serverless environment and the instance profile's VPC at run time, and the "
    "routes and security-group rules that use it: their ids are unknown before, so the ARNs name this account and "
    "region (the guide's policy names every account and region)."
)
_LOGS = "DMS names each data migration's log group and streams dms-data-migration-<id> when it starts it."


def data_migration_statements() -> list[tuple[iam.PolicyStatement, str]]:
    """The statements of the data migration service role, each with the reason of its wildcard."""
    def arn(service: str, resource: str) -> str:
        return Fn.join("", ["arn:", Aws.PARTITION, f":{service}:", Aws.REGION, ":", Aws.ACCOUNT_ID, f":{resource}"])

    return [
        (iam.PolicyStatement(actions=["ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcPeeringConnections",
                                      "ec2:DescribeVpcs", "ec2:DescribePrefixLists", "logs:DescribeLogGroups"], resources=["*"]), _DESCRIBE),
        (iam.PolicyStatement(actions=["servicequotas:GetServiceQuota"], resources=[arn("servicequotas", "vpc/L-0EA8095F")]), ""),
        (iam.PolicyStatement(actions=["logs:CreateLogGroup", "logs:DescribeLogStreams"],
                             resources=[arn("logs", "log-group:dms-data-migration-*")]), _LOGS),
        (iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                             resources=[arn("logs", "log-group:dms-data-migration-*:log-stream:dms-data-migration-*")]), _LOGS),
        (iam.PolicyStatement(actions=["cloudwatch:PutMetricData"], resources=["*"]), _METRICS),
        (iam.PolicyStatement(actions=["ec2:CreateRoute", "ec2:DeleteRoute"], resources=[arn("ec2", "route-table/*")]), _NETWORK),
        (iam.PolicyStatement(actions=["ec2:CreateTags"], resources=[
            arn("ec2", "security-group/*"), arn("ec2", "security-group-rule/*"), arn("ec2", "route-table/*"),
            arn("ec2", "vpc-peering-connection/*"), arn("ec2", "vpc/*")]), _NETWORK),
        (iam.PolicyStatement(actions=["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress"],
                             resources=[arn("ec2", "security-group-rule/*")]), _NETWORK),
        (iam.PolicyStatement(actions=["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress",
                                      "ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
                             resources=[arn("ec2", "security-group/*")]), _NETWORK),
        (iam.PolicyStatement(actions=["ec2:AcceptVpcPeeringConnection", "ec2:ModifyVpcPeeringConnectionOptions"],
                             resources=[arn("ec2", "vpc-peering-connection/*")]), _NETWORK),
        (iam.PolicyStatement(actions=["ec2:AcceptVpcPeeringConnection"], resources=[arn("ec2", "vpc/*")]), _NETWORK),
    ]


class DataMigrationRole(Construct):
    """The role of a homogeneous data migration (`ServiceAccessRoleArn`; `<project>/DataMigration/ServiceRole`:
    `Role`, `Policy`): the guide's policy in this account and region, and read access to the project's two secrets.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        project: str,
        secrets: Sequence[tuple[secretsmanager.ISecret, Optional[kms.IKey]]],
    ) -> None:
        super().__init__(scope, id)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.CompositePrincipal(
                data_migrations_principal(), dms_regional_principal().with_conditions(dms_source_conditions())
            ),
            description=f"Lets AWS DMS run the homogeneous data migration of migration project {project}.",
        )
        statements = data_migration_statements()
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            description=f"Homogeneous data migration of migration project {project}.",
            roles=[self.role],
            statements=[statement for statement, _ in statements] + secret_read_statements(secrets),
        )
        stack = Stack.of(self)
        seen: set[str] = set()
        for statement, reason in statements:
            for resource in statement.resources:
                flattened = nag_arn(stack.resolve(resource))
                finding = f"AwsSolutions-IAM5[Resource::{flattened}]"
                if "*" in flattened and finding not in seen:
                    seen.add(finding)
                    acknowledge(self.policy, finding, reason)
