"""A synthetic wave for benchmarks: a replication instance, two endpoints, three tasks, monitoring."""

from __future__ import annotations

from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from dms_constructs import DatabaseEndpoint, EndpointCredentials, IDmsServiceRoles, MigrationNetwork, MigrationType, MigrationWave, WaveTags
from dms_constructs.table_mappings import TableMappings

_REASON = "Synthetic benchmark source: no rotation function can reach it."


def synthetic_wave(scope: Construct, name: str, network: MigrationNetwork, roles: IDmsServiceRoles) -> MigrationWave:
    """One benchmark wave named `name`."""
    wave = MigrationWave(
        scope, name, network=network, service_roles=roles,
        tags=WaveTags(application=name, environment="bench", owner="bench@example.com", cost_center="CC-0", data_classification="internal"),
    )
    credentials = EndpointCredentials.generate(username="dms_user", no_rotation_reason=_REASON)
    source = wave.add_source("source", DatabaseEndpoint.postgresql(host=f"{name}-src.example.com", database_name="app", credentials=credentials, peer=ec2.Peer.ipv4("10.50.0.0/16")))
    target = wave.add_target("target", DatabaseEndpoint.postgresql(host=f"{name}-tgt.example.com", database_name="app", credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason=_REASON), peer=ec2.Peer.ipv4("10.60.0.0/16")))
    for index, schema in enumerate(("sales", "billing", "audit")):
        migration_type = MigrationType.CDC if index == 2 else MigrationType.FULL_LOAD_AND_CDC
        wave.add_task(schema, source=source, target=target, migration_type=migration_type, table_mappings=TableMappings().include(schema, "%"))
    return wave
