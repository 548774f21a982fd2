"""Connection fields of generated endpoint secrets, kept apart from the generated password.

CloudFormation generates a new password whenever an `AWS::SecretsManager::Secret`'s `GenerateSecretString`
changes, its `SecretStringTemplate` included. DMS needs `host` and `port` in the secret (DMS User Guide,
"Using secrets to access AWS Database Migration Service endpoints": username, password, port and host at
least) and an endpoint takes either the secret or clear-text server, port, user and password, never both;
the hosted rotation functions need `engine` and `host` too (and `dbname` for Oracle). So the generated
secret's template holds only the user name, and `Custom::DmsSecretFields` writes host, port, database name
and engine label next to the password (PutSecretValue of the merged JSON): changing any of them updates the
secret and keeps the password, generated or rotated.

Options not taken: `AWS::SecretsManager::SecretTargetAttachment` writes connection fields the same way but
only for RDS, Aurora, Redshift and DocumentDB databases of the account; a second secret assembled from a
`{{resolve:secretsmanager:...}}` reference to the password would copy a stale password back over a rotated
one on the next update.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping, Optional

from aws_cdk import CustomResource, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import custom_resources as cr
from constructs import Construct

from ..acknowledgments import acknowledge

if TYPE_CHECKING:
    from ..wave import MigrationWave

RESOURCE_TYPE = "Custom::DmsSecretFields"
_HANDLER_FILE = "secret_fields_handler.py"


class SecretFieldsWriter(Construct):
    """The wave's writer of secret connection fields: a Python handler behind CDK's Provider framework
    (which answers CloudFormation and reports handler errors), both in the wave's VPC and subnets with their
    own security group (HTTPS to the VPC's interface endpoints and to S3, where the framework puts its
    answer). Created on first use at `<wave>/SecretFields`; `write` adds one custom resource per secret.

    The framework calls the handler through the Lambda API: a network the wave created gets a Lambda
    interface endpoint; an existing VPC must reach Lambda, Secrets Manager and S3 itself.
    """

    def __init__(self, scope: "MigrationWave", id: str) -> None:
        super().__init__(scope, id)
        wave = scope
        wave.network.add_interface_endpoint(ec2.InterfaceVpcEndpointAwsService.LAMBDA_)
        self.security_group = ec2.SecurityGroup(
            self,
            "SecurityGroup",
            vpc=wave.vpc,
            allow_all_outbound=False,
            description=f"Secret fields writer of wave {wave.name}: HTTPS to the VPC endpoints and S3 only",
        )
        self.security_group.add_egress_rule(ec2.Peer.ipv4(wave.vpc.vpc_cidr_block), ec2.Port.tcp(443), "HTTPS to VPC endpoints")
        prefix_list = wave.network.s3_prefix_list_id
        self.security_group.add_egress_rule(
            ec2.Peer.prefix_list(prefix_list) if prefix_list else ec2.Peer.any_ipv4(),
            ec2.Port.tcp(443),
            "HTTPS to Amazon S3 (the custom resource response) through the VPC gateway endpoint",
        )
        self.log_group = logs.LogGroup(
            self, "Logs", encryption_key=wave.encryption_key, retention=wave.log_retention, removal_policy=wave.removal_policy
        )
        vpc_function = dict(
            vpc=wave.vpc, vpc_subnets=wave.network.subnet_selection, security_groups=[self.security_group]
        )
        # Customer managed policies on roles CDK may not extend (no inline policies: the HIPAA, NIST and
        # PCI packs flag them). A VPC function needs its ENI permissions when it is created.
        eni = iam.PolicyStatement(
            actions=[
                "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
                "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
            ],
            resources=["*"],
        )
        write_logs = iam.PolicyStatement(
            actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[self.log_group.log_group_arn]
        )
        handler_role = iam.Role(
            self, "HandlerRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Writes host, port and database name into the generated DMS credentials of wave {wave.name}",
        )
        self.policy = iam.ManagedPolicy(self, "HandlerPolicy", roles=[handler_role], statements=[write_logs, eni])
        self.handler = lambda_.Function(
            self,
            "Handler",
            runtime=lambda_.Runtime.PYTHON_3_14,
            handler="secret_fields_handler.on_event",
            # Only the handler file: nothing else of the package (nor __pycache__) changes the asset.
            code=lambda_.Code.from_asset(str(Path(__file__).parent), exclude=["*", f"!{_HANDLER_FILE}"]),
            role=handler_role.without_policy_updates(),
            timeout=Duration.minutes(5),
            reserved_concurrent_executions=2,
            log_group=self.log_group,
            description=f"Writes host, port, database name and engine into generated endpoint secrets of wave {wave.name}",
            **vpc_function,
        )
        framework_role = iam.Role(
            self, "FrameworkRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Custom resource provider framework of the secret fields writer of wave {wave.name}",
        )
        framework_policy = iam.ManagedPolicy(
            self,
            "FrameworkPolicy",
            roles=[framework_role],
            statements=[
                write_logs,
                eni,
                # The framework invokes the handler by its unqualified ARN.
                iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[self.handler.function_arn]),
            ],
        )
        self.provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.handler,
            framework_on_event_role=framework_role.without_policy_updates(),
            log_group=self.log_group,
            **vpc_function,
        )
        framework = self.provider.node.find_child("framework-onEvent")
        framework.node.default_child.reserved_concurrent_executions = 2
        # A VPC function needs its ENI permissions when it is created: depend on the policy. The role is
        # already ordered by the function's reference to it (a DependsOn on it is redundant, W3005).
        stack = Stack.of(self)
        for function, policy in ((self.handler, self.policy), (framework, framework_policy)):
            function.node.default_child.add_override("DependsOn", [stack.get_logical_id(policy.node.default_child)])
        for function, policy in ((self.handler, self.policy), (framework, framework_policy)):
            for finding, reason in _FINDINGS:
                acknowledge(policy if "IAM5" in finding else function, finding, reason)

    def write(
        self,
        scope: Construct,
        *,
        secret: secretsmanager.ISecret,
        key: Optional[kms.IKey],
        fields: Mapping[str, Any],
    ) -> CustomResource:
        """A `Custom::DmsSecretFields` (id `SecretFields` under `scope`) that keeps `fields` in `secret`;
        the handler may read and write that secret and use its key."""
        resources = [secret.secret_arn]
        self.policy.add_statements(
            iam.PolicyStatement(
                actions=["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
                resources=resources,
            )
        )
        if key is not None:
            self.policy.add_statements(iam.PolicyStatement(actions=["kms:Decrypt", "kms:GenerateDataKey"], resources=[key.key_arn]))
        return CustomResource(
            scope,
            "SecretFields",
            service_token=self.provider.service_token,
            resource_type=RESOURCE_TYPE,
            properties={"SecretId": secret.secret_arn, "Fields": Stack.of(scope).to_json_string(dict(fields))},
        )

    @staticmethod
    def of(wave: "MigrationWave") -> "SecretFieldsWriter":
        existing = wave.node.try_find_child("SecretFields")
        return existing if existing is not None else SecretFieldsWriter(wave, "SecretFields")


_FINDINGS = [
    ("AwsSolutions-IAM5[Resource::*]", "ENI management for functions in a VPC cannot be scoped to a resource; secret access is scoped to each secret's ARN."),
    ("HIPAA.Security-LambdaDLQ", "CloudFormation invokes this custom resource and waits for its answer; a failure fails the stack operation, which is the alert."),
    ("NIST.800.53.R5-LambdaDLQ", "CloudFormation invokes this custom resource and waits for its answer; a failure fails the stack operation, which is the alert."),
    ("PCI.DSS.321-LambdaDLQ", "CloudFormation invokes this custom resource and waits for its answer; a failure fails the stack operation, which is the alert."),
]
