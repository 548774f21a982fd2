"""AWS-managed prefix lists resolved at deploy time, without a context lookup.

CloudFormation has no intrinsic for an AWS-managed prefix list id (`pl-...`), and the CDK's
`ec2.PrefixList.from_lookup` is a context lookup (it needs credentials at synth). Instead a custom
resource (`custom_resources.AwsCustomResource`) calls EC2 `DescribeManagedPrefixLists` with the filter
`prefix-list-name = com.amazonaws.<region>.s3` when the stack is deployed and returns
`PrefixLists.0.PrefixListId` as a token, which `ec2.Peer.prefix_list(...)` turns into a security group
rule.

The handler is CDK's AwsCustomResource function (one per stack). It runs outside the VPC on purpose: it
calls a public AWS API and answers CloudFormation through a pre-signed S3 URL, and inside the isolated
VPC it would need egress to the very prefix list it resolves.
"""

from __future__ import annotations


from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from constructs import Construct

from ._tree import default_resource, optional_child
from .acknowledgments import acknowledge, skip_checkov
from .encryption import EncryptionKey

# CDK's AwsCustomResource runs one Lambda function per stack, under this construct id at the stack root
# (aws-cdk-lib custom-resources, AwsCustomResource: SingletonFunction uuid 679f53fa-c002-430c-b0da-5b7982bd2287).
_AWS_CUSTOM_RESOURCE_FUNCTION_ID = "AWS679f53fac002430cb0da5b7982bd2287"
_ID_PATH = "PrefixLists.0.PrefixListId"

_OUTSIDE_VPC = (
    "Resolves the S3 prefix list at deploy time: it calls the public EC2 API and answers CloudFormation through a "
    "pre-signed S3 URL; in the isolated VPC it would need egress to the very prefix list it resolves."
)
_NO_DLQ = (
    "CloudFormation invokes this custom resource handler and waits for its answer; a failed lookup fails the stack "
    "operation, which is the alert. A queue of failed events would hold nothing to act on."
)
_NO_RESERVED_CONCURRENCY = (
    "Runs once per stack operation. Reserving concurrency takes from the account's unreserved pool and fails outright "
    "in accounts whose concurrency limit is at the minimum."
)


class ManagedPrefixList(Construct):
    """The id of an AWS-managed prefix list, e.g. `com.amazonaws.<region>.s3`, resolved when the stack is
    deployed (no context lookup, no credentials at synth).

    :param prefix_list_name: the managed prefix list's name.
    :param encryption_key: encrypts the lookup function's log group.
    :param log_retention: Default: one year.
    :param removal_policy: for the log group. Default: RETAIN.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        prefix_list_name: str,
        encryption_key: kms.IKey,
        log_retention: logs.RetentionDays = logs.RetentionDays.ONE_YEAR,
        removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
    ) -> None:
        super().__init__(scope, id)
        if isinstance(encryption_key, kms.Key):
            EncryptionKey.allow_cloudwatch_logs(encryption_key)
        self.log_group = logs.LogGroup(
            self, "Logs", encryption_key=encryption_key, retention=log_retention, removal_policy=removal_policy
        )
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Looks up the id of the managed prefix list {prefix_list_name}.",
        )
        # Least privilege, in a customer managed policy (no inline policies): one read-only EC2 call and
        # the function's own log group.
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            roles=[role],
            statements=[
                iam.PolicyStatement(actions=["ec2:DescribeManagedPrefixLists"], resources=["*"]),
                iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[self.log_group.log_group_arn]),
            ],
        )
        acknowledge(
            self.policy,
            "AwsSolutions-IAM5[Resource::*]",
            "ec2:DescribeManagedPrefixLists supports no resource-level permissions (Service Authorization Reference, "
            "Amazon EC2); the policy grants nothing else but writing to the function's own log group.",
        )
        call = cr.AwsSdkCall(
            service="EC2",
            action="describeManagedPrefixLists",
            parameters={"Filters": [{"Name": "prefix-list-name", "Values": [prefix_list_name]}]},
            physical_resource_id=cr.PhysicalResourceId.of(prefix_list_name),
            output_paths=[_ID_PATH],
        )
        self.resource = cr.AwsCustomResource(
            self,
            "Lookup",
            resource_type="Custom::ManagedPrefixList",
            on_create=call,
            on_update=call,
            role=role.without_policy_updates(),
            log_group=self.log_group,
            install_latest_aws_sdk=False,
            timeout=Duration.minutes(1),
            # Without it a handler that never answers holds the stack operation for an hour.
            service_timeout=Duration.minutes(5),
        )
        # The function must not run before it may write its logs and call EC2.
        self.resource.node.add_dependency(self.policy)
        self.prefix_list_id: str = self.resource.get_response_field(_ID_PATH)
        """The prefix list id (`pl-...`), a token resolved at deploy time."""
        self._accept_handler_findings()

    def _accept_handler_findings(self) -> None:
        function = Stack.of(self).node.try_find_child(_AWS_CUSTOM_RESOURCE_FUNCTION_ID)
        if function is None or getattr(function, "_dms_findings_accepted", False):
            return
        setattr(function, "_dms_findings_accepted", True)  # a marker on the shared function: accept once
        cfn = default_resource(function)
        # The function reads its role's ARN, which already orders them; CDK's extra DependsOn on the role
        # is redundant (cfn-lint W3005).
        cfn.add_deletion_override("DependsOn")
        for pack in ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321"):
            acknowledge(cfn, f"{pack}-LambdaInsideVPC", _OUTSIDE_VPC)
            acknowledge(cfn, f"{pack}-LambdaDLQ", _NO_DLQ)
        for pack in ("HIPAA.Security", "NIST.800.53.R5"):
            acknowledge(cfn, f"{pack}-LambdaConcurrency", _NO_RESERVED_CONCURRENCY)
        skip_checkov(cfn, "CKV_AWS_117", _OUTSIDE_VPC)
        skip_checkov(cfn, "CKV_AWS_116", _NO_DLQ)
        skip_checkov(cfn, "CKV_AWS_115", _NO_RESERVED_CONCURRENCY)


def s3_prefix_list_id(
    scope: Construct,
    *,
    encryption_key: kms.IKey,
    log_retention: logs.RetentionDays = logs.RetentionDays.ONE_YEAR,
    removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
) -> str:
    """The id of the region's S3 prefix list (`com.amazonaws.<region>.s3`, the one the S3 gateway endpoint
    routes), from one `ManagedPrefixList` child `S3PrefixList` of `scope`, created on first use."""
    existing = optional_child(scope, "S3PrefixList", ManagedPrefixList)
    if existing is None:
        existing = ManagedPrefixList(
            scope,
            "S3PrefixList",
            prefix_list_name=f"com.amazonaws.{Stack.of(scope).region}.s3",
            encryption_key=encryption_key,
            log_retention=log_retention,
            removal_policy=removal_policy,
        )
    return existing.prefix_list_id
