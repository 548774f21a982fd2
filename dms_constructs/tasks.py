"""Replication tasks: one task model, rendered as an `AWS::DMS::ReplicationTask` on a replication
instance or as an `AWS::DMS::ReplicationConfig` on DMS Serverless."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

import jsii
from aws_cdk import Fn, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from ._validation import check_cdc_start_time, fail, is_token
from .capacity import ServerlessCapacity
from .metrics import INSTANCE_DIMENSION, SERVERLESS_DIMENSION, TASK_DIMENSION, dms_metric
from .network import add_dependency_in_stack
from .table_mappings import TableMappings
from .task_data import as_supplemental_settings, as_task_data_property
from .task_settings import TaskSettings, validation_default

if TYPE_CHECKING:
    from .endpoints import BoundEndpoint
    from ._context import WaveContext
    from .existing import IEndpoint, IReplicationInstance
    from .lifecycle.assessments import PremigrationAssessment

    AnyEndpoint = Union[BoundEndpoint, IEndpoint]


class MigrationType(str, enum.Enum):
    """What a task does: copy existing data, replay changes, or both."""

    FULL_LOAD = "full-load"
    CDC = "cdc"
    FULL_LOAD_AND_CDC = "full-load-and-cdc"

    @property
    def has_cdc(self) -> bool:
        return self is not MigrationType.FULL_LOAD


@dataclass(frozen=True)
class CdcStart:
    """Where a `cdc` task starts reading changes: a native position (an LSN, SCN, binlog position or
    checkpoint) or a time. Use `CdcStart.at_position(...)` or `CdcStart.at_time(...)`.

    :param position: the native start position. Default: None (then `time`).
    :param time: the timezone-aware start time. Default: None (then `position`).
    """

    position: Optional[str] = None
    time: Optional[dt.datetime] = None

    def __post_init__(self) -> None:
        # CloudFormation AWS::DMS::ReplicationTask: "Use either CdcStartPosition or CdcStartTime ...
        # Specifying both values results in an error."
        if (self.position is None) == (self.time is None):
            fail("CdcStart", self, "needs exactly one of position and time", "use CdcStart.at_position(...) or CdcStart.at_time(...)")

    @staticmethod
    def at_position(position: str) -> "CdcStart":
        """Start at a native position, e.g. `mysql-bin-changelog.000024:373` or `checkpoint:V1#...`; its
        shape is checked against the source engine when the task is added."""
        if not isinstance(position, str):
            fail("CdcStart.position", position, "must be a string", "give the LSN/SCN/binlog position or checkpoint as text")
        if not position or not position.strip():
            fail("CdcStart.position", position, "is empty", "give the LSN/SCN/binlog position or checkpoint to start from")
        return CdcStart(position=position.strip())

    @staticmethod
    def at_time(time: dt.datetime) -> "CdcStart":
        """Start at a point in time in the past (timezone-aware; stored as epoch seconds)."""
        check_cdc_start_time("CdcStart.time", time)
        return CdcStart(time=time)

    @property
    def epoch_seconds(self) -> Optional[int]:
        """The start time in seconds since the epoch (`CdcStartTime`), or None for a position."""
        return int(self.time.timestamp()) if self.time else None


def _task_resource_id(arn: str) -> str:
    """The resource id at the end of a DMS ARN (`arn:<partition>:dms:<region>:<account>:task:<ID>`),
    which CloudWatch uses as the task dimension."""
    return Fn.select(6, Fn.split(":", arn))


class _TaskBase(Construct):
    """What both renderings share: names, endpoints, validated documents."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        wave: "WaveContext",
        name: str,
        identifier: str,
        source: "AnyEndpoint",
        target: "AnyEndpoint",
        migration_type: MigrationType,
        table_mappings: TableMappings,
        settings: TaskSettings,
        cdc_start: Optional[CdcStart],
        task_data: Optional[Union[str, dict[str, Any]]] = None,
    ) -> None:
        super().__init__(scope, id)
        self.wave = wave
        self.name = name
        self.identifier = identifier
        self.source = source
        self.target = target
        self.migration_type = migration_type
        self.table_mappings = table_mappings
        self.settings = settings
        self.cdc_start = cdc_start
        self.task_data = task_data
        """Checked supplemental data (Neptune graph-mapping rules, see `task_data.py`), or None."""
        self.uses_default_settings: bool = False
        """True when the wave chose `settings` (`default_task_settings`) rather than the caller."""
        self.start_after_create: bool = False
        """True when the wave starts the task once after it is created (`add_task(start_after_create=...)`)."""
        self.assessment: Optional["PremigrationAssessment"] = None
        """The task's pre-migration assessment (`add_task(assessment=...)`), or None."""


class ReplicationTask(_TaskBase):
    """An `AWS::DMS::ReplicationTask` on the wave's replication instance. Table mappings and settings
    are JSON strings, as CloudFormation requires."""

    def __init__(self, scope: Construct, id: str, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        wave = self.wave
        self.resource = dms.CfnReplicationTask(
            self,
            "Resource",
            replication_task_identifier=self.identifier,
            migration_type=self.migration_type.value,
            replication_instance_arn=self._instance().instance_arn,
            source_endpoint_arn=self.source.endpoint_arn,
            target_endpoint_arn=self.target.endpoint_arn,
            table_mappings=self.table_mappings.to_json(),
            replication_task_settings=self.settings.to_json(),
            cdc_start_position=self.cdc_start.position if self.cdc_start else None,
            cdc_start_time=self.cdc_start.epoch_seconds if self.cdc_start else None,
            task_data=as_task_data_property(self.task_data),
        )
        self.task_arn: str = self.resource.ref
        self.resource_id: str = _task_resource_id(self.task_arn)

    def _instance(self) -> "IReplicationInstance":
        """The instance the task runs on (the wave's: created or existing)."""
        instance = self.wave.replication_instance
        assert instance is not None  # instance waves always have one
        return instance

    def _use_settings(self, settings: TaskSettings) -> None:
        """Replace the task's settings (the wave turns default validation off once the target consolidates)."""
        self.settings = settings
        self.resource.replication_task_settings = settings.to_json()

    @property
    def metric_dimensions(self) -> dict[str, str]:
        """The dimensions of the task's metrics: the instance identifier and the task's resource id."""
        identifier = self._instance().identifier
        assert identifier is not None  # the wave requires it of an existing instance
        return {INSTANCE_DIMENSION: identifier, TASK_DIMENSION: self.resource_id}

    def metric(self, metric_name: str, **options: Any) -> cloudwatch.Metric:
        """Any AWS/DMS task metric, with the instance and task (resource id) dimensions."""
        return dms_metric(metric_name, self.metric_dimensions, **options)

    def metric_cdc_latency_source(self, **options: Any) -> cloudwatch.Metric:
        """Seconds between the last source event captured and now. Default: Maximum over 5 minutes."""
        return self.metric("CDCLatencySource", **options)

    def metric_cdc_latency_target(self, **options: Any) -> cloudwatch.Metric:
        """Seconds between the first event waiting to commit on the target and now. Default: Maximum over 5 minutes."""
        return self.metric("CDCLatencyTarget", **options)

    def metric_cdc_incoming_changes(self, **options: Any) -> cloudwatch.Metric:
        """Change events waiting to be applied. Default: Sum over 5 minutes."""
        return self.metric("CDCIncomingChanges", **options)

    def metric_full_load_throughput_rows_target(self, **options: Any) -> cloudwatch.Metric:
        """Rows per second loaded into the target during full load. Default: Average over 5 minutes."""
        return self.metric("FullLoadThroughputRowsTarget", **options)


@jsii.implements(ec2.IConnectable)
class ServerlessReplication(_TaskBase):
    """An `AWS::DMS::ReplicationConfig`: the task and its serverless capacity in one. Table mappings and
    settings are JSON objects, as CloudFormation requires; the resource identifier is explicit so that
    log group names and metric dimensions are known at synth.

    It is `ec2.IConnectable`: its capacity runs in the wave's security group."""

    def __init__(self, scope: Construct, id: str, *, capacity: ServerlessCapacity, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        wave = self.wave
        # A serverless wave has no existing instance, so it always has its own subnet group.
        assert wave.subnet_group is not None, "a serverless wave has a subnet group"
        self.capacity = capacity
        self.resource = dms.CfnReplicationConfig(
            self,
            "Resource",
            replication_config_identifier=self.identifier,
            resource_identifier=self.identifier,
            replication_type=self.migration_type.value,
            source_endpoint_arn=self.source.endpoint_arn,
            target_endpoint_arn=self.target.endpoint_arn,
            table_mappings=self.table_mappings.to_dict(),
            replication_settings=self.settings.to_dict(),
            supplemental_settings=as_supplemental_settings(f"{id}.task_data", self.task_data),
            compute_config=dms.CfnReplicationConfig.ComputeConfigProperty(
                max_capacity_units=capacity.max_capacity_units,
                min_capacity_units=capacity.min_capacity_units,
                multi_az=capacity.multi_az,
                preferred_maintenance_window=capacity.preferred_maintenance_window,
                kms_key_id=wave.encryption_key.key_arn,
                replication_subnet_group_id=wave.subnet_group.identifier,
                vpc_security_group_ids=[wave.security_group.security_group_id],
            ),
        )
        add_dependency_in_stack(self.resource, wave.service_roles.dependable)
        self.config_arn: str = self.resource.ref
        self.resource_id: str = self.identifier

    @property
    def connections(self) -> ec2.Connections:
        """The wave's security group, which the replication's capacity uses."""
        return self.wave.connections

    def _use_settings(self, settings: TaskSettings) -> None:
        """Replace the replication's settings (see ReplicationTask._use_settings)."""
        self.settings = settings
        self.resource.replication_settings = settings.to_dict()

    @property
    def metric_dimension_value(self) -> str:
        """`<account id>:<resource id>`: the value of the (undocumented, see metrics.SERVERLESS_DIMENSION)
        serverless metric dimension. The resource id is explicit, so the value is known at synth."""
        return f"{Stack.of(self).account}:{self.resource_id}"

    @property
    def metric_dimensions(self) -> dict[str, str]:
        """The dimensions of the replication's metrics: `ReplicationConfigId` = `metric_dimension_value`."""
        return {SERVERLESS_DIMENSION: self.metric_dimension_value}

    def metric(self, metric_name: str, **options: Any) -> cloudwatch.Metric:
        """Any AWS/DMS metric of this serverless replication, dimension `ReplicationConfigId` =
        `<account id>:<resource id>` (unconfirmed by AWS documentation: see metrics.SERVERLESS_DIMENSION)."""
        return dms_metric(metric_name, self.metric_dimensions, **options)

    def metric_capacity_utilization(self, **options: Any) -> cloudwatch.Metric:
        """Percent of the provisioned DCUs in use. Default: Average over 5 minutes."""
        return self.metric("CapacityUtilization", **options)

    def metric_cdc_latency_source(self, **options: Any) -> cloudwatch.Metric:
        """As for instance tasks. Default: Maximum over 5 minutes."""
        return self.metric("CDCLatencySource", **options)

    def metric_cdc_latency_target(self, **options: Any) -> cloudwatch.Metric:
        """As for instance tasks. Default: Maximum over 5 minutes."""
        return self.metric("CDCLatencyTarget", **options)


AnyTask = Union[ReplicationTask, ServerlessReplication]


def as_table_mappings(value: Union[TableMappings, Mapping[str, Any], str]) -> TableMappings:
    """A `TableMappings` from itself, a mapping document or its JSON text — validated the same way."""
    if isinstance(value, TableMappings):
        return value
    if isinstance(value, str):
        return TableMappings.from_json(value)
    if isinstance(value, Mapping):
        return TableMappings.from_dict(dict(value))
    fail("table_mappings", type(value).__name__, "is not a table mapping", "pass a TableMappings, a dict or a JSON string")


def default_task_settings(
    source: "AnyEndpoint", target: "AnyEndpoint", migration_type: MigrationType, *, consolidating: bool = False
) -> TaskSettings:
    """The secure default settings, with data validation on where the engine pair supports it, the task
    has a full load and its target does not consolidate several sources (`consolidating`; DMS does not
    validate consolidations: see `validation_default`)."""
    return TaskSettings(
        validation=validation_default(source.engine_name, target.engine_name, migration_type.value, consolidating=consolidating)
    )


def same_database(a: "AnyEndpoint", b: "AnyEndpoint") -> bool:
    """Whether two endpoints of a wave reach the same database: the same endpoint, or the same engine,
    host, port and database name (all known at synth)."""
    if a is b:
        return True
    keys = [(e.engine_name, e.host, e.port, e.database_name) for e in (a, b)]
    known = all(v is not None and not (isinstance(v, str) and is_token(v)) for v in keys[0][1:] + keys[1][1:])
    return known and keys[0] == keys[1]


def consolidates(tasks: "list[AnyTask]", source: "AnyEndpoint", target: "AnyEndpoint") -> bool:
    """Whether a task from `source` to `target`, beside `tasks`, makes `target` receive several source
    databases."""
    return any(same_database(t.target, target) and not same_database(t.source, source) for t in tasks)
