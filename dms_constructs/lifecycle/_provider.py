"""One wave's custom-resource provider on CDK's Provider framework: two Python handlers (`on_event`,
`is_complete`) from a handler directory, the framework's functions and waiter, one encrypted log group,
and one role per function kind whose only permissions are a customer managed policy.

The functions run outside the VPC: they call only AWS APIs (DMS, Lambda, Step Functions) and answer
CloudFormation's pre-signed S3 URL, which the wave's isolated subnets cannot reach (DMS-FACTS, "Learned
at review": Lambda-backed custom resources answer through S3).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import custom_resources as cr
from constructs import Construct, IConstruct

from ..acknowledgments import acknowledge, acknowledge_each, skip_checkov
from ..encryption import EncryptionKey
from .findings import exempt_custom_resource_function, outside_vpc

from .._context import scope_of
from .._tree import adopt, cached, child, default_resource, stack_of

if TYPE_CHECKING:
    from .._context import WaveContext

# A CloudFormation custom resource waits at most one hour (`ServiceTimeout`); the framework's waiter
# gives up ten minutes earlier, so that the framework reports the timeout itself and the stack rolls back
# at once instead of CloudFormation failing the resource later without a reason.
QUERY_INTERVAL = Duration.seconds(30)
TOTAL_TIMEOUT = Duration.minutes(50)
SERVICE_TIMEOUT = Duration.minutes(60)
# Up to four AWS calls per invocation (a stop before delete: describe the task, the stack and its template, stop).
# The clients time out a call after 5 s (connect) / 15 s (read) and retry it up to 5 times (botocore's standard
# mode, with its backoff), so one slow answer is retried within the invocation instead of timing the function out,
# which the framework would report as the deploy's failure; only an AWS API that stays unresponsive for minutes does.
HANDLER_TIMEOUT = Duration.minutes(3)

RUNTIME = lambda_.Runtime.PYTHON_3_14  # read once: each read is a round trip to the jsii runtime

FRAMEWORK_FUNCTIONS = ("framework-onEvent", "framework-isComplete", "framework-onTimeout")


class LifecycleProvider(Construct):
    """A Provider whose handlers are `handler.on_event` and `handler.is_complete` in `handler_dir`.

    :param purpose: what the handlers do, for descriptions (e.g. "Pauses DMS tasks around updates").
    :param statements: the handlers' permissions besides their logs (more via `policy.add_statements`).
    :param describe_reason: why the handler's `Resource: *` statements cannot name a resource.
    :param on_event_acts: whether `on_event` acts on DMS too. Default: True (both handlers share the
        handler role); False gives `on_event` a role of its own that may only write its logs.
    :param shared_modules: modules of `handler_dir`'s parent (file names, e.g. "stop_before_delete.py") that
        the handler imports and that other handlers share. Default: none (the asset is `handler_dir`, handlers
        `handler.on_event`/`handler.is_complete`). With some, the asset is the parent directory holding only
        `handler_dir/handler.py` and those modules, at the asset's root where the handler imports them; the
        handlers are then `<handler_dir name>/handler.on_event` (the Lambda Python runtime imports
        `dir/module.function` as the module `dir.module`: awslambdaric's bootstrap, `_get_handler`).
    """

    def __init__(
        self,
        scope: "WaveContext",
        id: str,
        *,
        handler_dir: Path,
        purpose: str,
        statements: Sequence[iam.PolicyStatement],
        describe_reason: str,
        on_event_acts: bool = True,
        shared_modules: Sequence[str] = (),
    ) -> None:
        super().__init__(scope_of(scope), id)
        adopt(scope_of(scope), id, self)  # the subclasses' `of` find it without a look-up
        wave = scope
        self._lambda = lambda_principal(scope_of(scope))
        self._path = self.node.path  # read once: every read is a round trip to the jsii runtime
        self._policies: list[iam.ManagedPolicy] = []  # in creation order (as `node.children` lists them)
        self._logical_ids: dict[int, str] = {}
        if isinstance(wave.encryption_key, kms.Key):
            EncryptionKey.allow_cloudwatch_logs(wave.encryption_key)
        self.log_group = logs.LogGroup(
            self, "Logs", encryption_key=wave.encryption_key, retention=wave.log_retention, removal_policy=wave.removal_policy
        )
        write_logs = iam.PolicyStatement(actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[self.log_group.log_group_arn])

        # Handlers that both act on DMS share one role; an on_event that only answers gets a logs-only one.
        handler_role, self.policy = self._role("Handler", purpose, [write_logs, *statements])
        on_event_role, on_event_policy = (
            (handler_role, self.policy) if on_event_acts else self._role("OnEvent", f"Answers requests: {purpose}", [write_logs])
        )
        code, module = _code(handler_dir, shared_modules)
        self.on_event_function = self._function("OnEvent", f"{module}.on_event", code, on_event_role, f"{purpose} (wave {wave.name}): answers requests")
        self.function = self._function("IsComplete", f"{module}.is_complete", code, handler_role, f"{purpose} (wave {wave.name}): waits until done")

        framework_role, framework_policy = self._role("Framework", f"Relays requests to the waiter: {purpose}", [write_logs])
        waiter_role, waiter_policy = self._role(
            "Waiter",
            f"Polls the handler: {purpose}",
            [write_logs, iam.PolicyStatement(actions=["lambda:InvokeFunction", "lambda:GetFunction"], resources=[self.function.function_arn])],
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
        # Looked up once: each lookup is a round trip to the jsii runtime.
        provider_node = self.provider.node
        framework = {name: provider_node.find_child(name) for name in FRAMEWORK_FUNCTIONS}
        state_machine = child(self.provider, "waiter-state-machine", cr.WaiterStateMachine)
        waiter_inline_policy = state_machine.node.find_child("Role").node.find_child("DefaultPolicy")
        framework_policy.add_statements(
            iam.PolicyStatement(actions=["lambda:InvokeFunction", "lambda:GetFunction"], resources=[self.on_event_function.function_arn]),
            iam.PolicyStatement(actions=["states:StartExecution"], resources=[state_machine.state_machine_arn]),
        )
        # Each function waits for its managed policy; the framework's entry point (every resource's
        # service token) for all of them, so that no request arrives before a permission. CDK's own
        # `DependsOn` on each role is redundant with the `Role` reference (cfn-lint W3005).
        self._depends_on(self.on_event_function, on_event_policy)
        self._depends_on(self.function, self.policy)
        self._depends_on(framework["framework-onEvent"], *self._policies)
        self._depends_on(framework["framework-isComplete"], waiter_policy)
        self._depends_on(framework["framework-onTimeout"], waiter_policy)
        self._depends_on(state_machine, waiter_inline_policy)
        self._acknowledge(state_machine, waiter_inline_policy, framework, describe_reason)

    @property
    def service_token(self) -> str:
        # Read once: every custom resource of the provider needs it, and each read is a round trip.
        return cached(self, _SERVICE_TOKEN, lambda: self.provider.service_token)

    def _depends_on(self, construct: IConstruct, *dependables: IConstruct) -> None:
        """Replace the `DependsOn` of `construct`'s resource with exactly `dependables`' resources."""
        ids = [self._logical_id(d) for d in dependables]
        default_resource(construct).add_override("DependsOn", ids)

    def _logical_id(self, construct: IConstruct) -> str:
        """The logical id (a token) of `construct`'s resource, got once per construct."""
        found = self._logical_ids.get(id(construct))
        if found is None:
            found = self._logical_ids[id(construct)] = stack_of(self).get_logical_id(default_resource(construct))
        return found

    def _role(self, id: str, purpose: str, statements: list[iam.PolicyStatement]) -> tuple[iam.IRole, iam.ManagedPolicy]:
        """A Lambda role whose only permissions are one customer managed policy (no inline policies)."""
        role = iam.Role(self, f"{id}Role", assumed_by=self._lambda, description=f"{purpose} ({self._path})")
        policy = iam.ManagedPolicy(self, f"{id}Policy", roles=[role], statements=statements)
        self._policies.append(policy)
        return role.without_policy_updates(), policy

    def _function(self, id: str, handler: str, code: lambda_.Code, role: iam.IRole, description: str) -> lambda_.Function:
        return lambda_.Function(
            self,
            id,
            runtime=RUNTIME,
            handler=handler,
            code=code,
            role=role,
            timeout=HANDLER_TIMEOUT,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            description=description,
        )

    def _acknowledge(self, state_machine: IConstruct, waiter_policy: IConstruct, framework: dict[str, IConstruct], describe_reason: str) -> None:
        for function in (self.on_event_function, self.function):
            exempt_custom_resource_function(function, outside_vpc_reason=_OUTSIDE_VPC, framework=False)
        for name in FRAMEWORK_FUNCTIONS:
            exempt_custom_resource_function(framework[name], outside_vpc_reason=_OUTSIDE_VPC, framework=True)
        acknowledge(self.policy, "AwsSolutions-IAM5[Resource::*]", describe_reason)
        # The waiter state machine makes its own role and inline policy (the Provider takes no role for
        # it): its grants to invoke the framework functions (CDK adds `:*` for their versions) and the
        # CloudWatch Logs delivery actions that its logging needs. One round trip for all of them.
        stack = stack_of(self)
        waiter_findings = [
            (f"AwsSolutions-IAM5[Resource::<{stack.resolve(self._logical_id(framework[name]))}.Arn>:*]", _WAITER_INVOKE)
            for name in ("framework-isComplete", "framework-onTimeout")
        ]
        waiter_findings.append(("AwsSolutions-IAM5[Resource::*]", _LOG_DELIVERY))
        waiter_findings += [(finding, _WAITER_INLINE) for finding in ("HIPAA.Security-IAMNoInlinePolicy", "NIST.800.53.R5-IAMNoInlinePolicy", "PCI.DSS.321-IAMNoInlinePolicy")]
        acknowledge_each(waiter_policy, waiter_findings)
        skip_checkov(default_resource(waiter_policy), "CKV_AWS_111", _LOG_DELIVERY)
        acknowledge(default_resource(state_machine), "AwsSolutions-SF2", _NO_TRACING)


def _code(handler_dir: Path, shared_modules: Sequence[str]) -> tuple[lambda_.Code, str]:
    """The handlers' asset and the module name of `handler.py` in it (see `LifecycleProvider`)."""
    if not shared_modules:
        return lambda_.Code.from_asset(str(handler_dir), exclude=["__init__.py", "__pycache__", "*.pyc"]), "handler"
    # Glob excludes, applied in order, the last match deciding: everything out, then the handler's directory
    # (so that it is entered), its handler module and the shared modules back in.
    name = handler_dir.name
    keep = [f"!{name}", f"!{name}/handler.py", *(f"!{module}" for module in shared_modules)]
    return lambda_.Code.from_asset(str(handler_dir.parent), exclude=["*", *keep]), f"{name}/handler"


_SERVICE_TOKEN = "service token"  # the `memo` key of a provider's service token


def lambda_principal(scope: IConstruct) -> iam.ServicePrincipal:
    """`lambda.amazonaws.com`, one object per wave (`scope`) for all its functions' roles."""
    return cached(scope, iam.ServicePrincipal, lambda: iam.ServicePrincipal("lambda.amazonaws.com"))


_OUTSIDE_VPC = outside_vpc("DMS, Lambda and Step Functions")
_WAITER_INVOKE = (
    "CDK's Provider framework grants its waiter state machine the framework function and its versions; "
    "the function itself is one of this provider's framework functions."
)
_LOG_DELIVERY = (
    "Step Functions logging needs the CloudWatch Logs delivery actions (CreateLogDelivery, PutResourcePolicy, ...), "
    "which support no resource-level permissions; the state machine logs only to the provider's log group."
)
_WAITER_INLINE = (
    "Created by aws-cdk-lib's Provider framework for its waiter state machine, which accepts no role from "
    "outside; it only invokes two framework functions of this provider and delivers logs."
)
_NO_TRACING = (
    "The waiter only polls the provider's handler; every execution event is logged (level ALL) to the "
    "provider's encrypted log group, and the Provider framework offers no tracing option."
)
