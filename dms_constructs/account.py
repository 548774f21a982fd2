"""The account-wide IAM roles DMS looks up by exact name: create them once per account, import them elsewhere."""

from __future__ import annotations

from typing import Optional

from aws_cdk import Aws, Fn, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct

from ._tree import optional_child
from .acknowledgments import acknowledge
from ._validation import fail, is_token
from .facts import CLOUDWATCH_LOGS_ROLE_NAME, REDSHIFT_ROLE_NAME, VPC_ROLE_NAME

__all__ = [
    "CLOUDWATCH_LOGS_ROLE_NAME",
    "REDSHIFT_ROLE_NAME",
    "VPC_ROLE_NAME",
    "DmsServiceRoles",
    "IDmsServiceRoles",
    "ImportedDmsServiceRoles",
    "dms_service_principal",
]

_VPC_POLICY = "service-role/AmazonDMSVPCManagementRole"
_LOGS_POLICY = "service-role/AmazonDMSCloudWatchLogsRole"
_REDSHIFT_POLICY = "service-role/AmazonDMSRedshiftS3Role"

# Marker child on the App root that remembers which accounts already create the roles.
_REGISTRY_ID = "DmsConstructsServiceRoleRegistry"


def dms_service_principal() -> iam.ServicePrincipal:
    """`dms.<url suffix>`, so the trust policy is right in every partition."""
    return iam.ServicePrincipal(Fn.join("", ["dms.", Aws.URL_SUFFIX]))


class _Registry(Construct):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.creators: dict[str, str] = {}


def _claim_account(scope: Construct, path: str) -> None:
    """Fail when another DmsServiceRoles in this app already creates the roles for the same account."""
    root = scope.node.root
    assert isinstance(root, Construct), "the root of a construct tree (an App) is a Construct"
    registry = optional_child(root, _REGISTRY_ID, _Registry)
    if registry is None:
        registry = _Registry(root, _REGISTRY_ID)
    account = Stack.of(scope).account
    key = "<environment-agnostic>" if is_token(account) else account
    if key in registry.creators:
        fail(
            "DmsServiceRoles",
            path,
            f"would create {VPC_ROLE_NAME} a second time for account {key} "
            f"(already created by {registry.creators[key]}); CloudFormation fails with "
            f"'Role with name {VPC_ROLE_NAME} already exists'",
            "create the roles once per account and use DmsServiceRoles.from_account(...) everywhere else",
        )
    registry.creators[key] = path


class IDmsServiceRoles:
    """What waves need from the account's DMS service roles, created here or imported by name."""

    vpc_role: iam.IRole
    cloudwatch_logs_role: iam.IRole
    redshift_access_role: Optional[iam.IRole]

    @property
    def dependable(self) -> Optional[IConstruct]:
        """The construct DMS networking resources must depend on, or None when the roles live elsewhere."""
        raise NotImplementedError


class DmsServiceRoles(Construct, IDmsServiceRoles):
    """Creates `dms-vpc-role` and `dms-cloudwatch-logs-role` (and, optionally, `dms-access-for-endpoint`
    for Redshift targets) with their AWS managed policies and a partition-aware DMS trust.

    Create this once per account, usually in an account baseline stack. Creating it twice for the same
    account in one app is an error; everywhere else use `DmsServiceRoles.from_account`.

    The roles are kept when their stack is deleted or a role is replaced (`DeletionPolicy` and
    `UpdateReplacePolicy` `Retain`): every DMS workload of the account depends on them, including ones this
    app does not know, so destroying one environment must never remove them.

    Their trust has no conditions, as the DMS User Guide's role-creation page shows them ("Creating the IAM
    roles to use with the AWS CLI and AWS DMS API"); a condition on these account-wide roles has broken
    task logging in the field (terraform-aws-dms #84). The roles DMS assumes for this library's endpoints
    carry confused-deputy conditions instead (`credentials.dms_source_conditions`).

    **Roles that exist already.** Anyone who opened DMS in the console created `dms-vpc-role` and
    `dms-cloudwatch-logs-role`, and creating them again fails ("Role with name dms-vpc-role already
    exists"). Either leave them alone and import them by name everywhere (`DmsServiceRoles.from_account`;
    the reference app: `service_roles=ServiceRolesMode.IMPORT`), or adopt them into the stack that holds
    this construct with `cdk import` before its first deployment:

        cdk import <stack> --resource-mapping mapping.json

    where `mapping.json` maps each role's logical id (see the synthesized template; it is derived from
    `<construct id>/VpcRole` and `<construct id>/CloudWatchLogsRole`) to its name, e.g. for the
    reference app's `<env>-AccountBaseline` stacks (the same ids in every environment):

        {"DmsServiceRolesVpcRole3EF774CA": {"RoleName": "dms-vpc-role"},
         "DmsServiceRolesCloudWatchLogsRole43CC547F": {"RoleName": "dms-cloudwatch-logs-role"}}

    Import needs the `DeletionPolicy` these roles have. After the import, `cdk deploy` brings the roles'
    description and trust to what the template says; their managed policies are the ones DMS requires.

    :param include_redshift_role: also create `dms-access-for-endpoint`. Default: False.
    :param redshift_serverless: let Redshift Serverless assume that role too. Default: False.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        include_redshift_role: bool = False,
        redshift_serverless: bool = False,
    ) -> None:
        super().__init__(scope, id)
        _claim_account(self, self.node.path)
        self.vpc_role: iam.IRole = self._role("VpcRole", VPC_ROLE_NAME, _VPC_POLICY, dms_service_principal())
        self.cloudwatch_logs_role: iam.IRole = self._role(
            "CloudWatchLogsRole", CLOUDWATCH_LOGS_ROLE_NAME, _LOGS_POLICY, dms_service_principal()
        )
        self.redshift_access_role: Optional[iam.IRole] = None
        if include_redshift_role:
            principals = [dms_service_principal(), iam.ServicePrincipal("redshift.amazonaws.com")]
            if redshift_serverless:
                principals.append(iam.ServicePrincipal("redshift-serverless.amazonaws.com"))
            self.redshift_access_role = self._role(
                "RedshiftAccessRole", REDSHIFT_ROLE_NAME, _REDSHIFT_POLICY, iam.CompositePrincipal(*principals)
            )

    @property
    def dependable(self) -> Optional[IConstruct]:
        """The construct DMS networking resources must depend on, or None when the roles live elsewhere."""
        return self.vpc_role

    def _role(self, id: str, name: str, managed_policy: str, principal: iam.IPrincipal) -> iam.Role:
        role = iam.Role(
            self,
            id,
            role_name=name,
            path="/",
            assumed_by=principal,
            description=f"Service role that AWS DMS looks up by the name {name}.",
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(managed_policy)],
        )
        # Retain on delete and on replacement: other DMS workloads of the account rely on these names.
        role.apply_removal_policy(RemovalPolicy.RETAIN)
        acknowledge(
            role,
            f"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/{managed_policy}]",
            f"DMS requires the role named {name} to carry the AWS managed policy {managed_policy}.",
        )
        return role

    @staticmethod
    def from_account(
        scope: Construct, id: str, *, include_redshift_role: bool = False
    ) -> "IDmsServiceRoles":
        """Import the roles by their fixed names; nothing is created.

        :param include_redshift_role: also import `dms-access-for-endpoint`. Default: False.
        """
        return ImportedDmsServiceRoles(scope, id, include_redshift_role=include_redshift_role)


class ImportedDmsServiceRoles(Construct, IDmsServiceRoles):
    """The account's DMS service roles, referenced by name (created by a `DmsServiceRoles` elsewhere)."""

    def __init__(self, scope: Construct, id: str, *, include_redshift_role: bool = False) -> None:
        super().__init__(scope, id)
        self.vpc_role = iam.Role.from_role_name(self, "VpcRole", VPC_ROLE_NAME)
        self.cloudwatch_logs_role = iam.Role.from_role_name(self, "CloudWatchLogsRole", CLOUDWATCH_LOGS_ROLE_NAME)
        self.redshift_access_role = (
            iam.Role.from_role_name(self, "RedshiftAccessRole", REDSHIFT_ROLE_NAME) if include_redshift_role else None
        )

    @property
    def dependable(self) -> Optional[IConstruct]:
        """The construct DMS networking resources must depend on, or None when the roles live elsewhere."""
        return None
