"""Seed use case 8: self-managed PostgreSQL on EC2 to Amazon RDS for PostgreSQL.

A startup's single EC2 PostgreSQL server and its new RDS instance share the application VPC. The EC2
server is named by its private DNS name and its subnet; its server certificate is verified against the
CA that signed it (imported once as a DMS certificate). Full load + CDC, then cutover.
Run: `python examples/postgres_on_ec2_to_rds/app.py`.
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


def build(app: App) -> list[Stack]:
    stack = Stack(app, "PostgresOnEc2ToRds", env=ENV)
    wave = MigrationWave(
        stack, "Accounts", name="accounts", network=_application_network(stack),
        tags=WaveTags(application="accounts", environment="prod", owner="founders@example.com", cost_center="CC-8001",
                      data_classification="confidential"),
    )
    source = wave.add_source("ec2-postgres", DatabaseEndpoint.postgresql(
        host="ip-10-30-12-34.eu-west-1.compute.internal", database_name="accounts",
        peer=ec2.Peer.ipv4("10.30.12.0/24"),  # the EC2 server's subnet
        certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:accounts-ec2-ca"),
        # The server's secret rotates with the function the team already runs for its EC2 databases.
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "Ec2Secret", "accounts/ec2/dms_user")),
    ))
    rds_instance = rds.DatabaseInstance.from_database_instance_attributes(
        stack, "Rds", instance_identifier="accounts", port=5432, engine=rds.DatabaseInstanceEngine.POSTGRES,
        instance_endpoint_address="accounts.abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "RdsSg", "sg-0123456789abcdef8")],
    )
    target = wave.add_target("rds-postgres", DatabaseEndpoint.from_database_instance(
        rds_instance, database_name="accounts", network_cidr=APPLICATION_VPC,
        certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle"),
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "RdsSecret", "accounts/rds/dms_user")),
    ))
    wave.add_task("accounts", source=source, target=target, table_mappings=TableMappings().include("public", "%"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
