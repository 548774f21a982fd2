"""The core scenarios under both feature-flag sets: CDK's defaults (no flags: a library user's app that
sets none) and the recommended flags `cdk init` writes (the reference app's cdk.json).

This module and tests/test_readme_example.py are also what `make test-oldest` runs against the oldest
supported aws-cdk-lib / constructs / cdk-nag (constraints-oldest.txt), from the built wheel.
"""

from __future__ import annotations

import json

import pytest
from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from cdk_nag import AwsSolutionsChecks

from dms_constructs import (
    DatabaseEndpoint,
    DmsServiceRoles,
    EndpointCertificate,
    EndpointCredentials,
    MigrationType,
    MigrationWave,
    ReplicationInstanceCapacity,
    ServerlessCapacity,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

from .conftest import AZS, ROOT, routed_network
from .helpers import resources

RECOMMENDED = json.loads((ROOT / "cdk.json").read_text())["context"]
TAGS = WaveTags(application="orders", environment="test", owner="team@example.com", cost_center="CC-1",
                data_classification="internal")
CA_BUNDLE = ROOT / "stacks" / "certificates" / "placeholder-ca.pem"


@pytest.fixture(params=["default-flags", "recommended-flags"])
def app(request: pytest.FixtureRequest, tmp_path) -> App:
    """An App under CDK's default flags or under the recommended set, with the DMS pack and AwsSolutions."""
    context = {} if request.param == "default-flags" else dict(RECOMMENDED)
    app = App(outdir=str(tmp_path), context=context)
    Validations.of(app).add_plugins(DmsChecks(app), AwsSolutionsChecks(app))
    return app


def _migration(app: App, capacity) -> dict:
    env = Environment(account="123456789012", region="eu-west-1")
    stack = Stack(app, "Orders", env=env)
    roles = DmsServiceRoles(stack, "Roles")
    aurora = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="orders", cluster_endpoint_address="orders.cluster-x.eu-west-1.rds.amazonaws.com",
        port=3306, security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdef0")],
        engine=rds.DatabaseClusterEngine.AURORA_MYSQL)
    wave = MigrationWave(stack, "Orders", network=routed_network(stack), service_roles=roles, capacity=capacity, tags=TAGS)
    ca = EndpointCertificate.from_pem_file(str(CA_BUNDLE))
    source = wave.add_source("mysql", DatabaseEndpoint.mysql(
        host="orders-db.corp.example.com", peer=ec2.Peer.ipv4("10.50.0.0/16"), certificate=ca,
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="on premises: no rotation function reaches it")))
    target = wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        aurora, database_name="orders", certificate=ca, network_cidr="10.30.0.0/16",
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="rotated by the database team")))
    wave.add_task("customers", source=source, target=target, migration_type=MigrationType.FULL_LOAD_AND_CDC,
                  table_mappings=TableMappings().include("orders", "customers"))
    assembly = app.synth()  # raises on any unacknowledged finding of either pack
    template: dict = assembly.get_stack_by_name("Orders").template
    return template


def test_instance_wave(app):
    t = _migration(app, ReplicationInstanceCapacity(instance_class="dms.r6i.large", allocated_storage_gib=100))
    (instance,) = [r["Properties"] for r in resources(t, "AWS::DMS::ReplicationInstance").values()]
    assert instance["ReplicationInstanceClass"] == "dms.r6i.large"
    assert instance["AllocatedStorage"] == 100
    assert instance["PubliclyAccessible"] is False
    assert instance["MultiAZ"] is True
    (task,) = [r["Properties"] for r in resources(t, "AWS::DMS::ReplicationTask").values()]
    assert task["ReplicationTaskIdentifier"] == "orders-customers-dms"
    assert task["MigrationType"] == "full-load-and-cdc"
    assert len(resources(t, "AWS::DMS::Endpoint")) == 2
    keys = resources(t, "AWS::KMS::Key").values()
    assert keys and all(k["Properties"]["EnableKeyRotation"] is True and k["DeletionPolicy"] == "Retain" for k in keys)


def test_serverless_wave(app):
    t = _migration(app, ServerlessCapacity(max_capacity_units=8))
    assert not resources(t, "AWS::DMS::ReplicationInstance")
    (config,) = [r["Properties"] for r in resources(t, "AWS::DMS::ReplicationConfig").values()]
    assert config["ReplicationConfigIdentifier"] == "orders-customers-dms"
    assert config["ReplicationType"] == "full-load-and-cdc"
    assert config["ComputeConfig"]["MaxCapacityUnits"] == 8
