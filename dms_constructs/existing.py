"""DMS resources that exist already, imported by ARN: a replication instance a wave runs its tasks on,
endpoints its tasks read from or write to, tasks an operator role may run. Each importer checks the ARN
(service `dms`, the resource type, the stack's region and account where both are known) and returns an
object with the same interface as the one the library creates:

- `IReplicationInstance`: `ReplicationInstance` (created by a wave) and `ExistingReplicationInstance`;
- `IEndpoint`: `BoundEndpoint` (created by `wave.add_source`/`add_target`) and `ExistingEndpoint`;
- `IReplicationTask`: `ReplicationTask` and `ExistingReplicationTask`.

DMS ARNs have the form `arn:<partition>:dms:<region>:<account>:<type>:<resource id>` with the types
`rep` (replication instance), `endpoint`, `task` and `replication-config` (Service Authorization
Reference, "Actions, resources, and condition keys for AWS Database Migration Service", resource types
ReplicationInstance, Endpoint, ReplicationTask, ReplicationConfig).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional, Protocol, Sequence, Union

import jsii
from aws_cdk import Stack, Token
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct

from .errors import fail
from .metrics import INSTANCE_DIMENSION, TASK_DIMENSION, dms_metric

INSTANCE_RESOURCE_TYPE = "rep"
ENDPOINT_RESOURCE_TYPE = "endpoint"
TASK_RESOURCE_TYPE = "task"
CONFIG_RESOURCE_TYPE = "replication-config"

_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):(?P<account>\d*):"
    r"(?P<type>[a-z-]+):(?P<id>.*)$"
)
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
_ACCOUNT = re.compile(r"^\d{12}$")
# Resource ids DMS generates are upper-case letters and digits (e.g. 6UTDJGBOUS3VI3SUWA66XFJCJQ); a
# `ResourceIdentifier` given in CloudFormation follows the identifier rules (letters, digits, hyphens).
_RESOURCE_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?!-))*$")

# Engines DMS supports only as targets ("Targets for AWS DMS" lists them, "Sources for AWS DMS" does not).
_TARGET_ONLY_ENGINES = frozenset({"redshift"})
SOURCE = "source"
TARGET = "target"


@dataclass(frozen=True)
class DmsArn:
    """The parts of a DMS ARN."""

    partition: str
    region: str
    account: str
    resource_type: str
    resource_id: str


def parse_dms_arn(field: str, arn: str, resource_type: str, scope: IConstruct, example: str) -> Optional[DmsArn]:
    """Check that `arn` is a DMS ARN of `resource_type` in the region and account of `scope`'s stack (where
    both are known at synth); None for an ARN that only resolves at deploy time."""
    if Token.is_unresolved(arn):
        return None
    fix = f"give the ARN DMS shows for it, e.g. '{example}'"
    match = _ARN.match(arn.strip()) if isinstance(arn, str) else None
    if match is None:
        fail(field, arn, "is not an ARN", fix)
    parts = match.groupdict()
    if parts["service"] != "dms":
        fail(field, arn, f"is an ARN of service '{parts['service']}', not of AWS DMS", fix)
    if parts["type"] != resource_type:
        fail(field, arn, f"is a DMS '{parts['type']}' ARN, not a '{resource_type}' ARN", fix)
    if not _REGION.match(parts["region"]):
        fail(field, arn, f"has no valid region (got '{parts['region']}')", fix)
    if not _ACCOUNT.match(parts["account"]):
        fail(field, arn, f"has no 12-digit account id (got '{parts['account']}')", fix)
    if not _RESOURCE_ID.match(parts["id"]):
        fail(field, arn, f"has no valid resource id (got '{parts['id']}')", fix)
    stack = Stack.of(scope)
    # A task, its instance and its endpoints live in one region and account (the DMS API takes them by
    # ARN in one regional call).
    if not Token.is_unresolved(stack.region) and stack.region != parts["region"]:
        fail(field, arn, f"is in region {parts['region']}, but the stack deploys to {stack.region}",
             "use a resource of the stack's region, or deploy the stack to the resource's region")
    if not Token.is_unresolved(stack.account) and stack.account != parts["account"]:
        fail(field, arn, f"is in account {parts['account']}, but the stack deploys to account {stack.account}",
             "use a resource of the stack's account, or deploy the stack to the resource's account")
    return DmsArn(parts["partition"], parts["region"], parts["account"], parts["type"], parts["id"])


# --- interfaces ------------------------------------------------------------------------------------


class IReplicationInstance(Protocol):
    """A replication instance tasks can run on: one a wave created (`ReplicationInstance`) or an existing
    one (`ExistingReplicationInstance`)."""

    @property
    def instance_arn(self) -> str:
        """The instance's ARN."""
        ...

    @property
    def identifier(self) -> Optional[str]:
        """The instance's identifier (its name, the metric dimension); None when unknown."""
        ...

    @property
    def connections(self) -> ec2.Connections:
        """The instance's security groups."""
        ...

    def metric_cpu_utilization(self, **options: Any) -> cloudwatch.Metric:
        """The instance's CPU utilization (percent)."""
        ...

    def metric_free_storage_space(self, **options: Any) -> cloudwatch.Metric:
        """The instance's free storage (bytes)."""
        ...


class IEndpoint(Protocol):
    """An endpoint a task can use: one a wave created (`BoundEndpoint`) or an existing one (`ExistingEndpoint`)."""

    @property
    def name(self) -> str:
        """The endpoint's name in the wave (an existing endpoint: its construct id)."""
        ...

    @property
    def endpoint_arn(self) -> str:
        """The endpoint's ARN."""
        ...

    @property
    def engine_name(self) -> str:
        """The DMS `EngineName`."""
        ...

    @property
    def direction(self) -> Optional[str]:
        """`source` or `target`; None when an existing endpoint did not say."""
        ...

    @property
    def host(self) -> Optional[str]:
        """The database host, where known."""
        ...

    @property
    def port(self) -> Optional[Union[int, float]]:
        """The database port, where known."""
        ...

    @property
    def database_name(self) -> Optional[str]:
        """The database name, where known."""
        ...


class IReplicationTask(Protocol):
    """A replication task: one a wave created (`ReplicationTask`) or an existing one (`ExistingReplicationTask`)."""

    @property
    def task_arn(self) -> str:
        """The task's ARN."""
        ...


# --- importers -------------------------------------------------------------------------------------


@jsii.implements(ec2.IConnectable)
class ExistingReplicationInstance(Construct):
    """A replication instance that exists already. Import it with
    `ExistingReplicationInstance.from_replication_instance_attributes(...)` (what a wave needs to run tasks
    on it: `MigrationWave(..., capacity=<this>)`) or `.from_replication_instance_arn(...)` (enough for
    grants). A wave on an existing instance creates no instance, subnet group or instance alarms: its owner
    keeps them."""

    imported = True
    """Marks an imported instance: the wave neither creates nor watches it."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        instance_arn: str,
        identifier: Optional[str] = None,
        security_groups: Sequence[ec2.ISecurityGroup] = (),
    ) -> None:
        super().__init__(scope, id)
        field = f"ExistingReplicationInstance({id}).instance_arn"
        self.arn_parts = parse_dms_arn(field, instance_arn, INSTANCE_RESOURCE_TYPE, self,
                                       "arn:aws:dms:eu-west-1:123456789012:rep:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if identifier is not None:
            from ._validation import check_dms_identifier

            check_dms_identifier(f"ExistingReplicationInstance({id}).identifier", identifier, 63)
        self._instance_arn = instance_arn
        self._identifier = identifier
        self.security_groups = list(security_groups)
        self._connections = ec2.Connections(security_groups=self.security_groups)

    @staticmethod
    def from_replication_instance_arn(scope: Construct, id: str, instance_arn: str) -> "ExistingReplicationInstance":
        """An existing instance known by its ARN only: enough for grants, not for a wave (which needs its
        identifier and security groups: `from_replication_instance_attributes`)."""
        return ExistingReplicationInstance(scope, id, instance_arn=instance_arn)

    @staticmethod
    def from_replication_instance_attributes(
        scope: Construct,
        id: str,
        *,
        instance_arn: str,
        identifier: str,
        security_groups: Sequence[ec2.ISecurityGroup],
    ) -> "ExistingReplicationInstance":
        """An existing instance a wave can run tasks on.

        :param instance_arn: `arn:<partition>:dms:<region>:<account>:rep:<resource id>`, in the stack's region and account.
        :param identifier: the instance's identifier (its name in the console): the metric dimension.
        :param security_groups: the instance's VPC security groups; the wave adds its egress rules to them
            and opens its databases' security groups to them. Import them with
            `ec2.SecurityGroup.from_security_group_id(..., allow_all_outbound=False)` so that the rules are added.
        """
        return ExistingReplicationInstance(scope, id, instance_arn=instance_arn, identifier=identifier,
                                           security_groups=security_groups)

    @property
    def instance_arn(self) -> str:
        """The instance's ARN."""
        return self._instance_arn

    @property
    def identifier(self) -> Optional[str]:
        """The instance's identifier; None when imported by ARN only."""
        return self._identifier

    @property
    def connections(self) -> ec2.Connections:
        """The instance's security groups (none when imported by ARN only)."""
        return self._connections

    def metric(self, metric_name: str, **options: Any) -> cloudwatch.Metric:
        """Any AWS/DMS instance metric, with the instance dimension (needs the identifier)."""
        if self._identifier is None:
            fail(f"ExistingReplicationInstance({self.node.id}).metric", metric_name, "needs the instance's identifier, "
                 "which an instance imported by ARN does not have", "import it with from_replication_instance_attributes(identifier=...)")
        return dms_metric(metric_name, {INSTANCE_DIMENSION: self._identifier}, **options)

    def metric_cpu_utilization(self, **options: Any) -> cloudwatch.Metric:
        """Percent CPU in use. Default: Average over 5 minutes."""
        return self.metric("CPUUtilization", **options)

    def metric_free_storage_space(self, **options: Any) -> cloudwatch.Metric:
        """Bytes of storage free. Default: Average over 5 minutes."""
        return self.metric("FreeStorageSpace", **options)


class ExistingEndpoint(Construct):
    """An endpoint that exists already, for `wave.add_task(source=..., target=...)`:
    `ExistingEndpoint.from_endpoint_arn(self, "Source", arn, engine="mysql", direction="source")`.

    The wave checks what it knows of it (its direction and engine against the task) but opens no network
    path and reads no credentials: the endpoint's owner made them."""

    imported = True
    """Marks an imported endpoint: the wave did not create it."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        endpoint_arn: str,
        engine: str,
        direction: Optional[str] = None,
        host: Optional[str] = None,
        port: Optional[Union[int, float]] = None,
        database_name: Optional[str] = None,
    ) -> None:
        super().__init__(scope, id)
        from .endpoints import Engine

        where = f"ExistingEndpoint({id})"
        self.arn_parts = parse_dms_arn(f"{where}.endpoint_arn", endpoint_arn, ENDPOINT_RESOURCE_TYPE, self,
                                       "arn:aws:dms:eu-west-1:123456789012:endpoint:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        engines = [e.value for e in Engine]
        value = engine.value if isinstance(engine, Engine) else engine
        if value not in engines:
            fail(f"{where}.engine", engine, "is not a DMS engine name this library knows", f"use one of: {', '.join(engines)}")
        if direction is not None and direction not in (SOURCE, TARGET):
            fail(f"{where}.direction", direction, "is not an endpoint type", "use 'source' or 'target' (or leave it out)")
        if direction == SOURCE and value in _TARGET_ONLY_ENGINES:
            fail(f"{where}.direction", direction, f"'{value}' endpoints can only be targets (DMS user guide, \"Sources for AWS DMS\")",
                 "use direction='target'")
        self._name = id
        self._endpoint_arn = endpoint_arn
        self._engine_name = value
        self._direction = direction
        self._host = host
        self._port = port
        self._database_name = database_name
        self.resource: Optional[dms.CfnEndpoint] = None
        """None: the endpoint is not in this app."""
        self.identifier: Optional[str] = None
        """Unknown for an imported endpoint."""

    @staticmethod
    def from_endpoint_arn(
        scope: Construct,
        id: str,
        endpoint_arn: str,
        *,
        engine: str,
        direction: Optional[str] = None,
        host: Optional[str] = None,
        port: Optional[Union[int, float]] = None,
        database_name: Optional[str] = None,
    ) -> "ExistingEndpoint":
        """An existing endpoint.

        :param endpoint_arn: `arn:<partition>:dms:<region>:<account>:endpoint:<resource id>`, in the stack's region and account.
        :param engine: its DMS `EngineName`, e.g. `mysql`, `aurora-postgresql` (sets the task's validation default).
        :param direction: `source` or `target`, its DMS endpoint type. Default: unknown (either role is accepted).
        :param host: its server, for recognising tasks that consolidate databases. Default: unknown.
        :param port: its port. Default: unknown.
        :param database_name: its database. Default: unknown.
        """
        return ExistingEndpoint(scope, id, endpoint_arn=endpoint_arn, engine=engine, direction=direction, host=host,
                                port=port, database_name=database_name)

    @property
    def name(self) -> str:
        """The construct id."""
        return self._name

    @property
    def endpoint_arn(self) -> str:
        """The endpoint's ARN."""
        return self._endpoint_arn

    @property
    def engine_name(self) -> str:
        """The DMS `EngineName`."""
        return self._engine_name

    @property
    def direction(self) -> Optional[str]:
        """`source`, `target` or None (unknown)."""
        return self._direction

    @property
    def host(self) -> Optional[str]:
        """The database host, where given."""
        return self._host

    @property
    def port(self) -> Optional[Union[int, float]]:
        """The database port, where given."""
        return self._port

    @property
    def database_name(self) -> Optional[str]:
        """The database name, where given."""
        return self._database_name


class ExistingReplicationTask(Construct):
    """A replication task that exists already: for grants (`grant_operate`, `grant_read`) and metrics."""

    imported = True

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        task_arn: str,
        replication_instance: Optional[IReplicationInstance] = None,
    ) -> None:
        super().__init__(scope, id)
        self.arn_parts = parse_dms_arn(f"ExistingReplicationTask({id}).task_arn", task_arn, TASK_RESOURCE_TYPE, self,
                                       "arn:aws:dms:eu-west-1:123456789012:task:ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        self._task_arn = task_arn
        self.replication_instance = replication_instance

    @staticmethod
    def from_replication_task_arn(scope: Construct, id: str, task_arn: str) -> "ExistingReplicationTask":
        """An existing task known by its ARN: enough for grants."""
        return ExistingReplicationTask(scope, id, task_arn=task_arn)

    @staticmethod
    def from_replication_task_attributes(
        scope: Construct, id: str, *, task_arn: str, replication_instance: IReplicationInstance
    ) -> "ExistingReplicationTask":
        """An existing task and the instance it runs on: enough for its metrics too."""
        return ExistingReplicationTask(scope, id, task_arn=task_arn, replication_instance=replication_instance)

    @property
    def task_arn(self) -> str:
        """The task's ARN."""
        return self._task_arn

    @property
    def resource_id(self) -> Optional[str]:
        """The last part of the ARN: the task dimension of its metrics; None for an ARN token."""
        return self.arn_parts.resource_id if self.arn_parts else None

    def metric(self, metric_name: str, **options: Any) -> cloudwatch.Metric:
        """Any AWS/DMS task metric (dimensions: the instance's identifier and the task's resource id)."""
        instance = self.replication_instance
        if instance is None or instance.identifier is None or self.resource_id is None:
            fail(f"ExistingReplicationTask({self.node.id}).metric", metric_name, "needs the task's resource id and its "
                 "instance's identifier", "import it with from_replication_task_attributes(task_arn='<concrete ARN>', "
                 "replication_instance=...) and an instance with an identifier")
        return dms_metric(metric_name, {INSTANCE_DIMENSION: instance.identifier, TASK_DIMENSION: self.resource_id}, **options)

    def metric_cdc_latency_source(self, **options: Any) -> cloudwatch.Metric:
        """Seconds between the last source event captured and now. Default: Maximum over 5 minutes."""
        return self.metric("CDCLatencySource", **options)

    def metric_cdc_latency_target(self, **options: Any) -> cloudwatch.Metric:
        """Seconds between the first event waiting to commit on the target and now. Default: Maximum over 5 minutes."""
        return self.metric("CDCLatencyTarget", **options)

    def grant_operate(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let `grantee` start, stop and reload this task and run its assessments (see `grants.operate_statements`)."""
        from .grants import grant, operate_statements

        return grant(grantee, operate_statements(task_arns=[self._task_arn]))


def is_imported(resource: object) -> bool:
    """Whether `resource` was imported (an `Existing*` object) rather than created by a wave."""
    return bool(getattr(resource, "imported", False))
