"""Seed use case 6: migration to Amazon Redshift, keeping an analytics dataset current from OLTP.

Product analytics keeps a Redshift dataset current from the events tables of an Aurora PostgreSQL
cluster (full load + CDC). DMS stages the changes in S3 and loads them with COPY as the account's
`dms-access-for-endpoint` role, imported here with the other DMS roles. Both databases are in the
application VPC, where DMS runs too. Run: `python examples/redshift_analytics/app.py`.
"""

from __future__ import annotations

from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    DmsServiceRoles,
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
REDSHIFT_SUBNETS = "10.30.64.0/20"


def build(app: App) -> list[Stack]:
    stack = Stack(app, "RedshiftAnalytics", env=ENV)
    network = MigrationNetwork.from_existing_vpc(
        stack, "Network", vpc_id="vpc-0123456789abcdef0", vpc_cidr=APPLICATION_VPC,
        subnets=[
            ExistingSubnet("subnet-0123456789abcdef0", "eu-west-1a", "rtb-0123456789abcdef0"),
            ExistingSubnet("subnet-0123456789abcdef1", "eu-west-1b", "rtb-0123456789abcdef1"),
        ],
    )
    wave = MigrationWave(
        stack, "Analytics", name="analytics", network=network,
        service_roles=DmsServiceRoles.from_account(stack, "DmsRoles", include_redshift_role=True),
        tags=WaveTags(application="product-analytics", environment="prod", owner="analytics@example.com",
                      cost_center="CC-6001", data_classification="internal"),
    )
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Events", cluster_identifier="events", port=5432,
        cluster_endpoint_address="events.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "EventsSg", "sg-0123456789abcdefc")],
        engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
    )
    source = wave.add_source("events", DatabaseEndpoint.from_database_cluster(
        cluster, database_name="events", network_cidr=APPLICATION_VPC,
        certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle"),
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "EventsSecret", "events/dms_user")),
    ))
    target = wave.add_target("redshift", DatabaseEndpoint.redshift(
        host="analytics.abcdefghijkl.eu-west-1.redshift.amazonaws.com", database_name="analytics",
        peer=ec2.Peer.ipv4(REDSHIFT_SUBNETS),
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "RedshiftSecret", "analytics/redshift/dms_user")),
    ))
    wave.add_task("events", source=source, target=target,
                  table_mappings=TableMappings().include("public", "page_views").include("public", "purchases"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
