"""What a wave hands its parts: the narrow interface the parts (credentials, endpoints, tasks,
monitoring, lifecycle) are written against, so that they never import `wave.py`.

Layer: interface, below the parts and the wave. `MigrationWave` satisfies `WaveContext` structurally;
a test wave in a unit test can too. Nothing here imports a part at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Protocol

from constructs import Construct, Node

if TYPE_CHECKING:
    from aws_cdk import RemovalPolicy
    from aws_cdk import aws_ec2 as ec2
    from aws_cdk import aws_kms as kms
    from aws_cdk import aws_logs as logs
    from aws_cdk import aws_s3 as s3

    from .account import IDmsServiceRoles
    from .existing import IReplicationInstance
    from .network import MigrationNetwork, ReplicationSubnetGroup
    from .phases import MigrationPhase


class WaveContext(Protocol):
    """The parts of a migration wave its parts use. Read-only by convention."""

    @property
    def node(self) -> Node: ...

    name: str
    """The wave's stable name."""
    identifier: str
    """The prefix of the wave's DMS identifiers."""
    encryption_key: "kms.IKey"
    removal_policy: "RemovalPolicy"
    log_retention: "logs.RetentionDays"
    phase: "MigrationPhase"
    network: "MigrationNetwork"
    vpc: "ec2.IVpc"
    security_group: "ec2.ISecurityGroup"
    """The wave's own security group, or an existing instance's first one."""
    service_roles: "IDmsServiceRoles"
    subnet_group: Optional["ReplicationSubnetGroup"]
    """None on an existing replication instance (it has its own)."""
    replication_instance: Optional["IReplicationInstance"]
    """None for a serverless wave."""

    @property
    def connections(self) -> "ec2.Connections":
        """The wave's security group as `ec2.Connections`."""
        ...

    @property
    def secrets_manager_endpoint_override(self) -> Optional[str]:
        """`secretsManagerEndpointOverride=<dns name>` of the network's Secrets Manager VPC endpoint, or None."""
        ...

    def allow_https_to_s3(self, bucket: Optional["s3.IBucket"] = None) -> None:
        """HTTPS egress from the wave's security group to Amazon S3 (through the S3 gateway endpoint)."""
        ...


class RecordedWave(WaveContext, Protocol):
    """What the wave record (`wave_record.py`, the runbook's source) reads of a wave besides what every part may
    read: the wave registers itself, so the record never imports `wave.py`. `MigrationWave` satisfies it."""

    phase: Any
    naming: Any
    capacity: Any
    endpoints: dict[str, Any]
    tasks: dict[str, Any]
    retired_tasks: dict[str, Any]
    endpoint_specs: dict[str, Any]
    monitoring: Any
    migration_log: Any
    tags: Any


def scope_of(wave: WaveContext) -> Construct:
    """The wave as a construct scope, for the parts that add children to it (a wave is a construct)."""
    assert isinstance(wave, Construct), type(wave).__name__
    return wave
