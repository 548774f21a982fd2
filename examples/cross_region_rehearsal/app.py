"""Seed use case 4: cross-Region replication for a disaster-recovery rehearsal.

A subset of production (the orders tables of an RDS for PostgreSQL database in us-east-1) replicates
continuously into a staging database in eu-west-1 for DR drills. DMS runs in the target Region, in the
staging VPC, which reaches the production VPC over a new inter-Region VPC peering connection.
Run: `python examples/cross_region_rehearsal/app.py`.
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
    ExistingSubnet,
    MigrationNetwork,
    MigrationWave,
    VpcPeering,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")  # the DR Region, where DMS runs
PRODUCTION_VPC = "10.40.0.0/16"  # us-east-1
STAGING_VPC = "10.41.0.0/16"  # eu-west-1


def build(app: App) -> list[Stack]:
    stack = Stack(app, "CrossRegionRehearsal", env=ENV)
    network = MigrationNetwork.from_existing_vpc(
        stack, "Network", vpc_id="vpc-0123456789abcdef5", vpc_cidr=STAGING_VPC,
        subnets=[
            ExistingSubnet("subnet-0123456789abcdef5", "eu-west-1a", "rtb-0123456789abcdef5"),
            ExistingSubnet("subnet-0123456789abcdef6", "eu-west-1b", "rtb-0123456789abcdef6"),
        ],
        # A new inter-Region peering: the production account's network team accepts it in us-east-1.
        peerings=[VpcPeering(peer_cidr=PRODUCTION_VPC, peer_vpc_id="vpc-0fedcba9876543210", peer_region="us-east-1")],
    )
    wave = MigrationWave(
        stack, "DrDrill", name="dr-drill", network=network,
        tags=WaveTags(application="orders", environment="staging", owner="sre@example.com", cost_center="CC-4001",
                      data_classification="confidential"),
    )
    ca = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle")
    source = wave.add_source("production", DatabaseEndpoint.postgresql(
        host="orders.abcdefghijkl.us-east-1.rds.amazonaws.com", database_name="orders",
        peer=ec2.Peer.ipv4(PRODUCTION_VPC), certificate=ca,
        credentials=EndpointCredentials.generate(
            username="dms_drill", no_rotation_reason="The drill's read-only user is dropped and recreated with every drill."),
    ))
    staging = rds.DatabaseInstance.from_database_instance_attributes(
        stack, "Staging", instance_identifier="orders-dr", port=5432, engine=rds.DatabaseInstanceEngine.POSTGRES,
        instance_endpoint_address="orders-dr.abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "StagingSg", "sg-0123456789abcdef5")],
    )
    target = wave.add_target("staging", DatabaseEndpoint.from_database_instance(
        staging, database_name="orders", certificate=ca, network_cidr=STAGING_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "StagingSecret", "orders-dr/dms_user")),
    ))
    wave.add_task("orders", source=source, target=target,
                  table_mappings=TableMappings().include("sales", "orders").include("sales", "order_lines"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
