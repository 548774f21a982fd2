"""Seed use case 7: multi-step modernization, a MySQL monolith split into services on Aurora PostgreSQL.

The monolith's `shop` schema is moved a few tables at a time as services are extracted: one task per
service, each taking that service's tables into a schema of its own. Adding the next phase is one more
entry in `PHASES` (a new task; the running ones are untouched). Run: `python examples/phased_modernization/app.py`.
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
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
APPLICATION_VPC = "10.30.0.0/16"


def _application_network(stack: Stack) -> MigrationNetwork:
    """DMS in the application VPC, where the databases are (imported from its attributes, no lookup)."""
    return MigrationNetwork.from_existing_vpc(
        stack, "Network", vpc_id="vpc-0123456789abcdef0", vpc_cidr=APPLICATION_VPC,
        subnets=[
            ExistingSubnet("subnet-0123456789abcdef0", "eu-west-1a", "rtb-0123456789abcdef0"),
            ExistingSubnet("subnet-0123456789abcdef1", "eu-west-1b", "rtb-0123456789abcdef1"),
        ],
    )

# Service -> the monolith tables it takes over. Phase 1: billing and catalog.
PHASES: dict[str, list[str]] = {
    "billing": ["invoices", "payments"],
    "catalog": ["products", "prices"],
}


def build(app: App) -> list[Stack]:
    stack = Stack(app, "PhasedModernization", env=ENV)
    wave = MigrationWave(
        stack, "Monolith", name="monolith", network=_application_network(stack),
        tags=WaveTags(application="shop", environment="prod", owner="architecture@example.com", cost_center="CC-7001",
                      data_classification="confidential"),
    )
    database_sg = ec2.SecurityGroup.from_security_group_id(stack, "DatabaseSg", "sg-0123456789abcdef7")
    ca = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle")
    monolith = rds.DatabaseInstance.from_database_instance_attributes(
        stack, "MonolithDb", instance_identifier="shop-monolith", port=3306, security_groups=[database_sg],
        instance_endpoint_address="shop-monolith.abcdefghijkl.eu-west-1.rds.amazonaws.com", engine=rds.DatabaseInstanceEngine.MYSQL,
    )
    services = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "ServicesDb", cluster_identifier="shop-services", port=5432, security_groups=[database_sg],
        cluster_endpoint_address="shop-services.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com",
        engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
    )
    source = wave.add_source("monolith", DatabaseEndpoint.from_database_instance(
        monolith, certificate=ca, network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "MonolithSecret", "shop/monolith/dms_user")),
    ))
    target = wave.add_target("services", DatabaseEndpoint.from_database_cluster(
        services, database_name="shop", network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "ServicesSecret", "shop/services/dms_user")),
    ))
    for service, tables in PHASES.items():
        mappings = TableMappings()
        for table in tables:
            mappings.include("shop", table)
        wave.add_task(service, source=source, target=target, table_mappings=mappings.rename_schema("shop", service))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
