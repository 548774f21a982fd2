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

from aws_cdk import CustomResource, Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import custom_resources as cr
from constructs import Construct

from ._provider import RUNTIME, lambda_principal
from .findings import exempt_custom_resource_function, outside_vpc

from .._context import scope_of
from .._tree import adopt, adopted, default_resource, stack_of

if TYPE_CHECKING:
    from .._context import WaveContext

RESOURCE_TYPE = "Custom::DmsSecretFields"
_HANDLER_FILE = "secret_fields_handler.py"
_SERVICE_TIMEOUT = Duration.minutes(10)
_HANDLER_TIMEOUT = Duration.minutes(5)


class SecretFieldsWriter(Construct):
    """The wave's writer of secret connection fields: a Python handler behind CDK's Provider framework
    (which answers CloudFormation and reports handler errors). Created on first use at
    `<wave>/SecretFields`; `write` adds one custom resource per secret.

    Both functions run outside the VPC: they call only the Secrets Manager, KMS and Lambda APIs and answer
    CloudFormation's pre-signed S3 URL, which the wave's isolated subnets cannot reach. So they work the
    same with a new or an existing VPC and need no NAT or interface endpoint.
    """

    def __init__(self, scope: "WaveContext", id: str) -> None:
        super().__init__(scope_of(scope), id)
        wave = scope
        adopt(scope_of(wave), id, self)  # `of` without a construct-tree lookup (two jsii round trips)
        self.log_group = logs.LogGroup(
            self, "Logs", encryption_key=wave.encryption_key, retention=wave.log_retention, removal_policy=wave.removal_policy
        )
        # Customer managed policies on roles CDK may not extend (no inline policies: the HIPAA, NIST and
        # PCI packs flag them).
        write_logs = iam.PolicyStatement(
            actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[self.log_group.log_group_arn]
        )
        handler_role = iam.Role(
            self, "HandlerRole", assumed_by=lambda_principal(scope_of(wave)),
            description=f"Writes host, port and database name into the generated DMS credentials of wave {wave.name}",
        )
        self.policy = iam.ManagedPolicy(self, "HandlerPolicy", roles=[handler_role], statements=[write_logs])
        self.handler = lambda_.Function(
            self,
            "Handler",
            runtime=RUNTIME,
            handler="secret_fields_handler.on_event",
            # Only the handler file: nothing else of the package (nor __pycache__) changes the asset.
            code=lambda_.Code.from_asset(str(Path(__file__).parent), exclude=["*", f"!{_HANDLER_FILE}"]),
            role=handler_role.without_policy_updates(),
            timeout=_HANDLER_TIMEOUT,
            log_group=self.log_group,
            description=f"Writes host, port, database name and engine into generated endpoint secrets of wave {wave.name}",
        )
        framework_role = iam.Role(
            self, "FrameworkRole", assumed_by=lambda_principal(scope_of(wave)),
            description=f"Custom resource provider framework of the secret fields writer of wave {wave.name}",
        )
        framework_policy = iam.ManagedPolicy(
            self,
            "FrameworkPolicy",
            roles=[framework_role],
            statements=[
                write_logs,
                # The framework invokes the handler by its unqualified ARN and, after a failed invoke (a function
                # still Pending, or throttled), waits for it to be Active (GetFunction) and retries: what CDK's
                # Provider grants its framework when it may update the role itself.
                iam.PolicyStatement(actions=["lambda:InvokeFunction", "lambda:GetFunction"], resources=[self.handler.function_arn]),
            ],
        )
        self.provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.handler,
            framework_on_event_role=framework_role.without_policy_updates(),
            log_group=self.log_group,
        )
        framework = self.provider.node.find_child("framework-onEvent")
        # Each function needs its policy when it first runs. The role is already ordered by the
        # function's reference to it (a DependsOn on it is redundant, W3005).
        stack = stack_of(scope_of(wave))
        for function, policy in ((self.handler, self.policy), (framework, framework_policy)):
            default_resource(function).add_override("DependsOn", [stack.get_logical_id(default_resource(policy))])
            exempt_custom_resource_function(function, outside_vpc_reason=_OUTSIDE_VPC, framework=function is framework)

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
        secret_arn = secret.secret_arn  # read once: every read is a round trip to the jsii runtime
        # One `add_statements` per statement, not one for both: CDK records each call in the construct's
        # metadata (`aws:cdk:analytics:method`), which must not change.
        self.policy.add_statements(
            iam.PolicyStatement(
                actions=["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
                resources=[secret_arn],
            )
        )
        if key is not None:
            self.policy.add_statements(iam.PolicyStatement(actions=["kms:Decrypt", "kms:GenerateDataKey"], resources=[key.key_arn]))
        return CustomResource(
            scope,
            "SecretFields",
            service_token=self.provider.service_token,
            resource_type=RESOURCE_TYPE,
            # CloudFormation's wait for the answer; the handler's own limit is five minutes.
            service_timeout=_SERVICE_TIMEOUT,
            # `to_json_string` does not depend on the stack it is called on: the writer's, looked up once.
            properties={"SecretId": secret_arn, "Fields": stack_of(self).to_json_string(dict(fields))},
        )

    @staticmethod
    def of(wave: "WaveContext") -> "SecretFieldsWriter":
        existing = adopted(scope_of(wave), "SecretFields", SecretFieldsWriter)
        return existing if existing is not None else SecretFieldsWriter(wave, "SecretFields")


_OUTSIDE_VPC = outside_vpc("Secrets Manager, KMS and Lambda")
