"""Seed use case 5: continuous replication to offload reporting queries.

A fintech's ledger database (RDS for MySQL) replicates continuously into a separate reporting instance
that the BI tools query. Audit tables stay behind; CDC latency above two minutes pages the BI team, who
subscribe to the wave's alarm topic. Run: `python examples/reporting_replica/app.py`.
"""

from __future__ import annotations

from aws_cdk import App, Duration, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    AlarmThresholds,
    DatabaseEndpoint,
    EndpointCertificate,
    EndpointCredentials,
    ExistingSubnet,
    MigrationNetwork,
    MigrationWave,
    Notifications,
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


def _mysql(stack: Stack, id: str, identifier: str) -> rds.IDatabaseInstance:
    return rds.DatabaseInstance.from_database_instance_attributes(
        stack, id, instance_identifier=identifier, port=3306, engine=rds.DatabaseInstanceEngine.MYSQL,
        instance_endpoint_address=f"{identifier}.abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, f"{id}Sg", "sg-0123456789abcdef9")],
    )


def build(app: App) -> list[Stack]:
    stack = Stack(app, "ReportingReplica", env=ENV)
    wave = MigrationWave(
        stack, "Reporting", name="reporting", network=_application_network(stack),
        alarms=AlarmThresholds(cdc_latency=Duration.minutes(2), evaluation_periods=2),
        notifications=Notifications(email_addresses=["bi-oncall@example.com"]),
        tags=WaveTags(application="ledger-reporting", environment="prod", owner="bi@example.com", cost_center="CC-9001",
                      data_classification="confidential"),
    )
    ca = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle")
    source = wave.add_source("ledger", DatabaseEndpoint.from_database_instance(
        _mysql(stack, "Ledger", "ledger"), certificate=ca, network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "LedgerSecret", "ledger/dms_user")),
    ))
    target = wave.add_target("reporting", DatabaseEndpoint.from_database_instance(
        _mysql(stack, "ReportingDb", "ledger-reporting"), certificate=ca, network_cidr=APPLICATION_VPC, database_name="ledger",
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "ReportingSecret", "ledger-reporting/dms_user")),
    ))
    wave.add_task("ledger", source=source, target=target,
                  table_mappings=TableMappings().include("ledger", "%").exclude("ledger", "audit_%"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
