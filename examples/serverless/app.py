"""A serverless wave: DMS Serverless instead of a replication instance.

The catalog's on-premises PostgreSQL database (reached over a transit gateway) moves to Aurora
PostgreSQL (in the peered application VPC) on an `AWS::DMS::ReplicationConfig` that scales between 2 and
32 DMS capacity units: no instance to size, pay for what the load uses.
Run: `python examples/serverless/app.py`.
"""

from __future__ import annotations

from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    EndpointCertificate,
    EndpointCredentials,
    MigrationNetwork,
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
    stack = Stack(app, "ServerlessWave", env=ENV)
    network = MigrationNetwork(
        stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
        transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=[DATA_CENTRE]),
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
    )
    wave = MigrationWave(
        stack, "Catalog", name="catalog", network=network,
        capacity=ServerlessCapacity(min_capacity_units=2, max_capacity_units=32),
        tags=WaveTags(application="catalog", environment="prod", owner="catalog@example.com", cost_center="CC-1400",
                      data_classification="internal"),
    )
    source = wave.add_source("postgres", DatabaseEndpoint.postgresql(
        host="10.50.8.15", database_name="catalog", peer=ec2.Peer.ipv4(DATA_CENTRE),
        certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:corp-root-ca"),
        credentials=EndpointCredentials.generate(
            username="dms_user", no_rotation_reason="On premises: no rotation function in AWS can reach the database."),
    ))
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="catalog", port=5432,
        cluster_endpoint_address="catalog.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdefd")],
        engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
    )
    target = wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        cluster, database_name="catalog", network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "AuroraSecret", "catalog/aurora/dms_user")),
    ))
    wave.add_task("catalog", source=source, target=target, table_mappings=TableMappings().include("catalog", "%"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
