"""Start a task (or serverless replication) once, right after CloudFormation first creates it.

CloudFormation cannot start DMS tasks (DMS user guide, "Working with AWS DMS tasks": a task is started
with StartReplicationTask, a serverless replication with StartReplication). Each opted-in task gets a
`Custom::DmsStartOnce` resource served by one Provider per wave (CDK's custom-resource Provider
framework): the framework answers CloudFormation, and its waiter polls `is_complete` until the task is
ready, started once, and starting. Updates and deletes never start, stop or restart anything.

No function of the starter runs in a VPC: they call only the DMS, Lambda and Step Functions APIs and
answer CloudFormation's pre-signed S3 URL, which the wave's isolated subnets cannot reach. Outside a VPC
they need no NAT gateway or VPC endpoint, and they work alike with a new or an existing VPC.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aws_cdk import CustomResource, Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import custom_resources as cr
from constructs import Construct, IConstruct

from ..acknowledgments import acknowledge, skip_checkov
from .findings import exempt_custom_resource_function, outside_vpc
from ..encryption import EncryptionKey

if TYPE_CHECKING:
    from ..tasks import AnyTask
    from ..wave import MigrationWave

HANDLER_DIR = Path(__file__).parent / "start_once"
RESOURCE_TYPE = "Custom::DmsStartOnce"

# How long a start may take, end to end. A CloudFormation custom resource waits at most one hour
# (`ServiceTimeout`, 1-3600 seconds), so the framework's waiter gives up ten minutes earlier: the
# framework then reports "Operation timed out" itself and the stack rolls back at once, instead of
# CloudFormation failing the resource later with no reason. A new task normally leaves `creating`
# within minutes; 50 minutes also covers a task that a slow instance keeps in `creating` or `modifying`.
QUERY_INTERVAL = Duration.seconds(30)
TOTAL_TIMEOUT = Duration.minutes(50)
SERVICE_TIMEOUT = Duration.minutes(60)
HANDLER_TIMEOUT = Duration.minutes(1)  # one or two DMS calls (with botocore's retries) per invocation

# The framework's own functions, as aws-cdk-lib names them under the Provider.
_FRAMEWORK_FUNCTIONS = ("framework-onEvent", "framework-isComplete", "framework-onTimeout")


class TaskStarter(Construct):
    """The wave's start-once provider (created on first use by `wave.add_task(..., start_after_create=True)`).

    Creates two Python handlers (`lifecycle/start_once/handler.py`), CDK's Provider framework (three
    framework functions and a Step Functions waiter), one log group for all of them (the wave's key and
    retention), and one role per function kind with a customer managed policy. The handler may start
    exactly the opted-in tasks.
    """

    def __init__(self, scope: "MigrationWave", id: str) -> None:
        super().__init__(scope, id)
        wave = scope
        if isinstance(wave.encryption_key, kms.Key):
            EncryptionKey.allow_cloudwatch_logs(wave.encryption_key)
        self.log_group = logs.LogGroup(
            self, "Logs", encryption_key=wave.encryption_key, retention=wave.log_retention, removal_policy=wave.removal_policy
        )
        write_logs = iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[self.log_group.log_group_arn])

        # The handlers: on_event only answers (logs only); is_complete describes and starts tasks.
        on_event_role, on_event_policy = self._role("OnEvent", "Answers start-once requests", [write_logs])
        self.role, self.policy = self._role(
            "Handler",
            "Starts opted-in DMS tasks once",
            [
                write_logs,
                # DMS Describe* actions support no resource-level permissions (Service Authorization
                # Reference, "Actions defined by AWS Database Migration Service").
                iam.PolicyStatement(actions=["dms:DescribeReplicationTasks", "dms:DescribeReplications"], resources=["*"]),
            ],
        )
        code = lambda_.Code.from_asset(str(HANDLER_DIR), exclude=["__init__.py", "__pycache__", "*.pyc"])
        self.on_event_function = self._function("OnEvent", "handler.on_event", code, on_event_role, f"Answers the start-once requests of wave {wave.name}")
        self.function = self._function("IsComplete", "handler.is_complete", code, self.role, f"Starts the opted-in DMS tasks of wave {wave.name} once, after they are created")

        # The framework's functions get roles passed in, so that their grants land in customer managed
        # policies (below) instead of inline policies; aws-cdk-lib's grants to immutable roles are dropped.
        framework_role, framework_policy = self._role("Framework", "Relays start-once requests to the waiter", [write_logs])
        waiter_role, waiter_policy = self._role(
            "Waiter",
            "Polls the start-once handler",
            [
                write_logs,
                iam.PolicyStatement(actions=["lambda:InvokeFunction", "lambda:GetFunction"], resources=[self.function.function_arn]),
            ],
        )
        self.provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.on_event_function,
            is_complete_handler=self.function,
            query_interval=QUERY_INTERVAL,
            total_timeout=TOTAL_TIMEOUT,
            framework_on_event_role=framework_role,
            framework_complete_and_timeout_role=waiter_role,
            framework_lambda_logging_level=lambda_.ApplicationLogLevel.INFO,
            log_group=self.log_group,
            disable_waiter_state_machine_logging=False,
            waiter_state_machine_log_options=cr.LogOptions(destination=self.log_group, level=sfn.LogLevel.ALL, include_execution_data=False),
        )
        state_machine = self.provider.node.find_child("waiter-state-machine")
        framework_policy.add_statements(
            iam.PolicyStatement(actions=["lambda:InvokeFunction", "lambda:GetFunction"], resources=[self.on_event_function.function_arn]),
            iam.PolicyStatement(actions=["states:StartExecution"], resources=[state_machine.state_machine_arn]),
        )
        # Each function waits for its managed policy; the framework's entry point (the service token of
        # every start-once resource) for all of them, so no request arrives before a permission.
        # CDK's own `DependsOn` on each role is redundant with the `Role` reference (cfn-lint W3005).
        policies = [child for child in self.node.children if isinstance(child, iam.ManagedPolicy)]
        self._depends_on(self.on_event_function, on_event_policy)
        self._depends_on(self.function, self.policy)
        self._depends_on(self.provider.node.find_child("framework-onEvent"), *policies)
        self._depends_on(self.provider.node.find_child("framework-isComplete"), waiter_policy)
        self._depends_on(self.provider.node.find_child("framework-onTimeout"), waiter_policy)
        self._depends_on(state_machine, state_machine.node.find_child("Role").node.find_child("DefaultPolicy"))
        self._acknowledge(state_machine)

    def _depends_on(self, construct: IConstruct, *dependables: IConstruct) -> None:
        """Replace the `DependsOn` of `construct`'s resource with exactly `dependables`' resources."""
        stack = Stack.of(self)
        ids = [stack.get_logical_id(d.node.default_child) for d in dependables]
        construct.node.default_child.add_override("DependsOn", ids)

    def _role(self, id: str, purpose: str, statements: list[iam.PolicyStatement]) -> tuple[iam.IRole, iam.ManagedPolicy]:
        """A Lambda role whose only permissions are one customer managed policy (no inline policies)."""
        role = iam.Role(self, f"{id}Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"), description=f"{purpose} ({self.node.path})")
        policy = iam.ManagedPolicy(self, f"{id}Policy", roles=[role], statements=statements)
        return role.without_policy_updates(), policy

    def _function(self, id: str, handler: str, code: lambda_.Code, role: iam.IRole, description: str) -> lambda_.Function:
        return lambda_.Function(
            self,
            id,
            runtime=lambda_.Runtime.PYTHON_3_14,
            handler=handler,
            code=code,
            role=role,
            timeout=HANDLER_TIMEOUT,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            description=description,
        )

    def start(self, task: "AnyTask") -> CustomResource:
        """A `Custom::DmsStartOnce` resource (id `StartOnce` under the task) that starts `task` once,
        after it is created; the handler may start this task's ARN from now on."""
        from ..tasks import ReplicationTask

        is_task = isinstance(task, ReplicationTask)
        arn = task.task_arn if is_task else task.config_arn
        action = "dms:StartReplicationTask" if is_task else "dms:StartReplication"
        self.policy.add_statements(iam.PolicyStatement(actions=[action], resources=[arn]))
        return CustomResource(
            task,
            "StartOnce",
            service_token=self.provider.service_token,
            resource_type=RESOURCE_TYPE,
            service_timeout=SERVICE_TIMEOUT,
            properties={"Kind": "task" if is_task else "serverless", "Arn": arn, "Name": task.identifier},
        )

    @staticmethod
    def of(wave: "MigrationWave") -> "TaskStarter":
        """The wave's starter, created on first use."""
        existing = wave.node.try_find_child("Starter")
        return existing if existing is not None else TaskStarter(wave, "Starter")

    def _acknowledge(self, state_machine: IConstruct) -> None:
        for function in (self.on_event_function, self.function):
            exempt_custom_resource_function(function, outside_vpc_reason=_OUTSIDE_VPC, framework=False)
        for name in _FRAMEWORK_FUNCTIONS:
            exempt_custom_resource_function(self.provider.node.find_child(name), outside_vpc_reason=_OUTSIDE_VPC, framework=True)
        acknowledge(self.policy, "AwsSolutions-IAM5[Resource::*]", _DESCRIBE_REASON)
        # The waiter state machine makes its own role and inline policy (the Provider takes no role for
        # it): its grants to invoke the framework functions (CDK adds `:*` for their versions) and the
        # CloudWatch Logs delivery actions that its logging needs.
        waiter_policy = state_machine.node.find_child("Role").node.find_child("DefaultPolicy")
        for name in ("framework-isComplete", "framework-onTimeout"):
            function = self.provider.node.find_child(name).node.default_child
            invoke = f"AwsSolutions-IAM5[Resource::<{Stack.of(self).resolve(function.logical_id)}.Arn>:*]"
            acknowledge(waiter_policy, invoke, _WAITER_INVOKE)
        acknowledge(waiter_policy, "AwsSolutions-IAM5[Resource::*]", _LOG_DELIVERY)
        skip_checkov(waiter_policy.node.default_child, "CKV_AWS_111", _LOG_DELIVERY)
        for finding in ("HIPAA.Security-IAMNoInlinePolicy", "NIST.800.53.R5-IAMNoInlinePolicy", "PCI.DSS.321-IAMNoInlinePolicy"):
            acknowledge(waiter_policy, finding, _WAITER_INLINE)
        acknowledge(state_machine.node.default_child, "AwsSolutions-SF2", _NO_TRACING)


_DESCRIBE_REASON = (
    "DMS DescribeReplicationTasks and DescribeReplications support no resource-level permissions; "
    "the start actions are scoped to each opted-in task's ARN."
)
_OUTSIDE_VPC = outside_vpc("DMS, Lambda and Step Functions")
_WAITER_INVOKE = (
    "CDK's Provider framework grants its waiter state machine the framework function and its versions; "
    "the function itself is one of this starter's framework functions."
)
_LOG_DELIVERY = (
    "Step Functions logging needs the CloudWatch Logs delivery actions (CreateLogDelivery, PutResourcePolicy, ...), "
    "which support no resource-level permissions; the state machine logs only to the starter's log group."
)
_WAITER_INLINE = (
    "Created by aws-cdk-lib's Provider framework for its waiter state machine, which accepts no role from "
    "outside; it only invokes two framework functions of this starter and delivers logs."
)
_NO_TRACING = (
    "The waiter only polls the start-once handler; every execution event is logged (level ALL) to the "
    "starter's encrypted log group, and the Provider framework offers no tracing option."
)
