"""Replication capacity: a replication instance, described by typed, validated props."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import jsii
from aws_cdk import Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from constructs import Construct, IConstruct

from ._validation import (
    check_availability_zones,
    check_instance_class,
    check_maintenance_window,
    check_type,
    check_whole_number,
    fail,
    is_token,
)
from .metrics import INSTANCE_DIMENSION, dms_metric
from .network import add_dependency_in_stack

MIN_STORAGE_GIB = 5
MAX_STORAGE_GIB = 6144
DEFAULT_MAINTENANCE_WINDOW = "sun:02:00-sun:04:00"

_ENGINE_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


@dataclass(frozen=True)
class ReplicationInstanceCapacity:
    """A DMS replication instance.

    :param instance_class: e.g. `dms.r6i.large`. Default: `dms.t3.medium`.
    :param allocated_storage_gib: storage for logs and cached changes, 5..6144. Default: 50.
    :param multi_az: a standby in a second AZ (Security Hub DMS.13). Default: True.
    :param single_az_reason: required with `multi_az=False`; recorded as the acknowledgment's reason.
        Default: none (required only for a single-AZ instance).
    :param engine_version: e.g. `3.5.4`. Default: the DMS default version for new instances.
    :param preferred_maintenance_window: `ddd:hh24:mi-ddd:hh24:mi` (UTC), at least 30 minutes.
        Default: `sun:02:00-sun:04:00`.
    :param availability_zone: pin a single-AZ instance to a zone. Default: DMS chooses.
    """

    instance_class: str = "dms.t3.medium"
    allocated_storage_gib: int = 50
    multi_az: bool = True
    single_az_reason: Optional[str] = None
    engine_version: Optional[str] = None
    preferred_maintenance_window: str = DEFAULT_MAINTENANCE_WINDOW
    availability_zone: Optional[str] = None

    def __post_init__(self) -> None:
        field = "ReplicationInstanceCapacity"
        check_instance_class(f"{field}.instance_class", self.instance_class)
        check_whole_number(f"{field}.allocated_storage_gib", self.allocated_storage_gib, MIN_STORAGE_GIB, MAX_STORAGE_GIB, "GiB")
        if self.engine_version is not None and not (isinstance(self.engine_version, str) and _ENGINE_VERSION.match(self.engine_version)):
            fail(f"{field}.engine_version", self.engine_version, "is not a DMS engine version", "use the form '3.5.4'")
        if self.availability_zone is not None:
            check_availability_zones(f"{field}.availability_zone", [self.availability_zone], None)
        _check_window(f"{field}.preferred_maintenance_window", self.preferred_maintenance_window)
        if self.multi_az and self.availability_zone is not None:
            fail(
                f"{field}.availability_zone",
                self.availability_zone,
                "cannot be set on a Multi-AZ instance",
                "remove availability_zone, or set multi_az=False with a single_az_reason",
            )
        _check_multi_az(field, self.multi_az, self.single_az_reason)


def _check_window(field: str, window: str) -> None:
    check_maintenance_window(field, window)


SERVERLESS_CAPACITY_UNITS = (1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384)


@dataclass(frozen=True)
class ServerlessCapacity:
    """DMS Serverless: each task of the wave becomes an `AWS::DMS::ReplicationConfig` that scales
    between `min_capacity_units` and `max_capacity_units` DMS capacity units (DCUs).

    :param max_capacity_units: the upper bound, one of 1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384. Default: 16.
    :param min_capacity_units: the lower bound, from the same steps, at most the maximum. Default: DMS decides.
    :param multi_az: a standby in a second AZ (Security Hub DMS.13). Default: True.
    :param single_az_reason: required with `multi_az=False`. Default: none (required only for single-AZ).
    :param preferred_maintenance_window: as for instances. Default: `sun:02:00-sun:04:00`.
    """

    max_capacity_units: int = 16
    min_capacity_units: Optional[int] = None
    multi_az: bool = True
    single_az_reason: Optional[str] = None
    preferred_maintenance_window: str = DEFAULT_MAINTENANCE_WINDOW

    def __post_init__(self) -> None:
        field = "ServerlessCapacity"
        steps = ", ".join(str(u) for u in SERVERLESS_CAPACITY_UNITS)
        for name in ("max_capacity_units", "min_capacity_units"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value not in SERVERLESS_CAPACITY_UNITS):
                fail(f"{field}.{name}", value, "is not a DMS capacity unit step", f"use one of {steps}")
        if self.min_capacity_units is not None and self.min_capacity_units > self.max_capacity_units:
            fail(
                f"{field}.min_capacity_units",
                self.min_capacity_units,
                f"is above max_capacity_units ({self.max_capacity_units})",
                "lower the minimum or raise the maximum",
            )
        _check_window(f"{field}.preferred_maintenance_window", self.preferred_maintenance_window)
        _check_multi_az(field, self.multi_az, self.single_az_reason)


def _check_multi_az(field: str, multi_az: bool, reason: Optional[str]) -> None:
    check_type(f"{field}.multi_az", multi_az, bool, "use True or False")
    if reason is not None:
        check_type(f"{field}.single_az_reason", reason, str, "say why an AZ outage is acceptable here, as text")
    if not multi_az and not (reason or "").strip():
        fail(
            f"{field}.multi_az",
            False,
            "turns off Multi-AZ, which Security Hub control DMS.13 requires",
            "keep multi_az=True, or give single_az_reason='why an AZ outage is acceptable here'",
        )


@jsii.implements(ec2.IConnectable)
class ReplicationInstance(Construct):
    """An `AWS::DMS::ReplicationInstance` that is never publicly accessible, upgrades minor versions
    automatically, is encrypted with the given key, and has an explicit lower-case identifier.

    It is `ec2.IConnectable` (`db.connections.allow_default_port_from(instance)`) through `security_groups`.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        identifier: str,
        capacity: ReplicationInstanceCapacity,
        subnet_group_identifier: str,
        security_group_ids: Sequence[str],
        encryption_key: kms.IKey,
        vpc_role_dependable: Optional[IConstruct] = None,
        security_groups: Sequence[ec2.ISecurityGroup] = (),
    ) -> None:
        """:param security_groups: the groups behind `security_group_ids`, for `connections`. Default: none
        (`connections` is empty)."""
        super().__init__(scope, id)
        self._connections = ec2.Connections(security_groups=list(security_groups))
        if capacity.availability_zone is not None:
            region = Stack.of(self).region
            check_availability_zones("ReplicationInstanceCapacity.availability_zone", [capacity.availability_zone],
                                     None if is_token(region) else region)
        self.capacity = capacity
        self.identifier = identifier
        self.resource = dms.CfnReplicationInstance(
            self,
            "Resource",
            replication_instance_identifier=identifier,
            replication_instance_class=capacity.instance_class,
            allocated_storage=capacity.allocated_storage_gib,
            engine_version=capacity.engine_version,
            multi_az=capacity.multi_az,
            availability_zone=capacity.availability_zone,
            preferred_maintenance_window=capacity.preferred_maintenance_window,
            publicly_accessible=False,
            auto_minor_version_upgrade=True,
            kms_key_id=encryption_key.key_arn,
            replication_subnet_group_identifier=subnet_group_identifier,
            vpc_security_group_ids=list(security_group_ids),
        )
        add_dependency_in_stack(self.resource, vpc_role_dependable)
        self.instance_arn: str = self.resource.ref

    @property
    def connections(self) -> ec2.Connections:
        """The instance's security groups."""
        return self._connections

    @property
    def metric_dimensions(self) -> dict[str, str]:
        """The dimensions of the instance's metrics: its identifier."""
        return {INSTANCE_DIMENSION: self.identifier}

    def metric(self, metric_name: str, **options: Any) -> cloudwatch.Metric:
        """Any AWS/DMS instance metric, e.g. `CPUUtilization`, with the instance dimension."""
        return dms_metric(metric_name, self.metric_dimensions, **options)

    def metric_cpu_utilization(self, **options: Any) -> cloudwatch.Metric:
        """Percent CPU in use. Default: Average over 5 minutes."""
        return self.metric("CPUUtilization", **options)

    def metric_freeable_memory(self, **options: Any) -> cloudwatch.Metric:
        """Bytes of RAM available. Default: Average over 5 minutes."""
        return self.metric("FreeableMemory", **options)

    def metric_swap_usage(self, **options: Any) -> cloudwatch.Metric:
        """Bytes of swap in use. Default: Average over 5 minutes."""
        return self.metric("SwapUsage", **options)

    def metric_free_storage_space(self, **options: Any) -> cloudwatch.Metric:
        """Bytes of storage free. Default: Average over 5 minutes."""
        return self.metric("FreeStorageSpace", **options)
