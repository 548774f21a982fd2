"""DMS Schema Conversion and a homogeneous data migration: on-premises PostgreSQL to Aurora PostgreSQL.

The inventory team moves its on-premises PostgreSQL database (reached over a transit gateway) to Aurora
PostgreSQL (in the peered application VPC). The same two endpoint descriptions give DMS its endpoints and
the migration project its data providers; the project converts and assesses the schema (DMS Schema
Conversion) and a homogeneous data migration copies the data with PostgreSQL's native tools, full load then
ongoing changes, in an environment DMS manages. No replication task and no replication instance: the wave is
serverless and declares no task, so it pays only for its subnet group, roles and bucket until the data
migration is started (`aws dms start-data-migration --data-migration-identifier <its ARN>
--start-type start-replication`).
Run: `python examples/schema_conversion/app.py`.
"""

from __future__ import annotations

from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    DataMigration,
    EndpointCertificate,
    EndpointCredentials,
    MigrationNetwork,
    MigrationType,
    MigrationWave,
    ServerlessCapacity,
    TransitGatewayAttachment,
    VpcPeering,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
DATA_CENTRE = "10.50.0.0/16"
APPLICATION_VPC = "10.30.0.0/16"


def build(app: App) -> list[Stack]:
    stack = Stack(app, "SchemaConversionWave", env=ENV)
    network = MigrationNetwork(
        stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
        transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=[DATA_CENTRE]),
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
    )
    wave = MigrationWave(
        stack, "Inventory", name="inventory", network=network,
        # No replication task: the homogeneous data migration runs in an environment DMS manages.
        capacity=ServerlessCapacity(max_capacity_units=4),
        tags=WaveTags(application="inventory", environment="prod", owner="inventory@example.com", cost_center="CC-2200",
                      data_classification="internal"),
    )
    source = wave.add_source("postgres", DatabaseEndpoint.postgresql(
        host="10.50.9.20", database_name="inventory", peer=ec2.Peer.ipv4(DATA_CENTRE),
        certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:corp-root-ca"),
        credentials=EndpointCredentials.generate(
            username="dms_user", no_rotation_reason="On premises: no rotation function in AWS can reach the database."),
    ))
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="inventory", port=5432,
        cluster_endpoint_address="inventory.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdefe")],
        engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
    )
    target = wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        cluster, database_name="inventory", network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(
            secretsmanager.Secret.from_secret_name_v2(stack, "AuroraSecret", "inventory/aurora/dms_user")),
    ))
    wave.add_migration_project(
        "inventory", source=source, target=target,
        data_migration=DataMigration(
            migration_type=MigrationType.FULL_LOAD_AND_CDC,
            selection_rules=TableMappings().include("inventory", "%"),
        ),
    )
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
