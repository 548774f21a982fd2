"""Seed use case 3: on-premises SQL Server to Amazon RDS for SQL Server (lift and shift).

A retail point-of-sale database moves as it is. The data centre is reached over a site-to-site VPN on a
virtual private gateway whose routes propagate to the DMS subnets; RDS for SQL Server is in the
application VPC (peered). CDC keeps RDS current until the application cuts over.
Run: `python examples/sqlserver_to_rds_sqlserver/app.py`.
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
    VpcPeering,
    VpnGateway,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
STORES = "172.16.0.0/16"
APPLICATION_VPC = "10.30.0.0/16"


def build(app: App) -> list[Stack]:
    stack = Stack(app, "SqlServerToRds", env=ENV)
    network = MigrationNetwork(
        stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
        vpn_gateway=VpnGateway(vpn_gateway_id="vgw-0123456789abcdef0", routes=[STORES]),
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
    )
    wave = MigrationWave(
        stack, "Pos", name="pos", network=network,
        tags=WaveTags(application="point-of-sale", environment="prod", owner="retail-dba@example.com", cost_center="CC-3001",
                      data_classification="confidential"),
    )
    ca = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:corp-root-ca")
    source = wave.add_source("sqlserver", DatabaseEndpoint.sqlserver(
        host="172.16.4.10", database_name="POS", peer=ec2.Peer.ipv4(STORES), certificate=ca,
        credentials=EndpointCredentials.generate(
            username="dms_user", no_rotation_reason="On premises: no rotation function in AWS can reach the database."),
    ))
    instance = rds.DatabaseInstance.from_database_instance_attributes(
        stack, "RdsSqlServer", instance_identifier="pos", port=1433,
        instance_endpoint_address="pos.abcdefghijkl.eu-west-1.rds.amazonaws.com", engine=rds.DatabaseInstanceEngine.SQL_SERVER_SE,
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "RdsSg", "sg-0123456789abcdef3")],
    )
    target = wave.add_target("rds-sqlserver", DatabaseEndpoint.from_database_instance(
        instance, database_name="POS", network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "TargetSecret", "pos/rds/dms_user")),
    ))
    wave.add_task("pos", source=source, target=target, table_mappings=TableMappings().include("dbo", "%"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
