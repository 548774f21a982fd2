"""Seed use case 2: Amazon RDS for MySQL to Amazon Aurora MySQL (homogeneous), near-zero downtime.

A SaaS application's RDS for MySQL instance and the new Aurora MySQL cluster share the application VPC,
so DMS runs there too (imported from its attributes, never looked up). Full load + CDC keeps Aurora
current until the cutover in a low-traffic hour; the task is paused around CloudFormation updates so a
settings change never restarts it. Run: `python examples/rds_mysql_to_aurora_mysql/app.py`.
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
    MigrationType,
    MigrationWave,
    ReplicationInstanceCapacity,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
APPLICATION_VPC = "10.30.0.0/16"


def build(app: App) -> list[Stack]:
    stack = Stack(app, "RdsMySqlToAuroraMySql", env=ENV)
    network = MigrationNetwork.from_existing_vpc(
        stack, "Network", vpc_id="vpc-0123456789abcdef0", vpc_cidr=APPLICATION_VPC,
        subnets=[
            ExistingSubnet("subnet-0123456789abcdef0", "eu-west-1a", "rtb-0123456789abcdef0"),
            ExistingSubnet("subnet-0123456789abcdef1", "eu-west-1b", "rtb-0123456789abcdef1"),
        ],
    )
    wave = MigrationWave(
        stack, "Saas", name="saas", network=network, pause_tasks_during_updates=True,
        capacity=ReplicationInstanceCapacity(instance_class="dms.r6i.large", allocated_storage_gib=100),
        tags=WaveTags(application="saas", environment="prod", owner="platform@example.com", cost_center="CC-2001",
                      data_classification="confidential"),
    )
    db_sg = ec2.SecurityGroup.from_security_group_id(stack, "DatabaseSg", "sg-0123456789abcdef2")
    ca = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle")
    instance = rds.DatabaseInstance.from_database_instance_attributes(
        stack, "RdsMySql", instance_identifier="saas-mysql", port=3306, security_groups=[db_sg],
        instance_endpoint_address="saas-mysql.abcdefghijkl.eu-west-1.rds.amazonaws.com", engine=rds.DatabaseInstanceEngine.MYSQL,
    )
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="saas-aurora", port=3306, security_groups=[db_sg],
        cluster_endpoint_address="saas-aurora.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com",
        engine=rds.DatabaseClusterEngine.AURORA_MYSQL,
    )
    source = wave.add_source("rds-mysql", DatabaseEndpoint.from_database_instance(
        instance, certificate=ca, network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "SourceSecret", "saas/mysql/dms_user")),
    ))
    target = wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        cluster, certificate=ca, network_cidr=APPLICATION_VPC, database_name="saas",
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "TargetSecret", "saas/aurora/dms_user")),
    ))
    wave.add_task("saas", source=source, target=target, migration_type=MigrationType.FULL_LOAD_AND_CDC,
                  table_mappings=TableMappings().include("saas", "%"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
