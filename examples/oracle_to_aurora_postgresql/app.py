"""Seed use case 1: on-premises Oracle to Amazon Aurora PostgreSQL (heterogeneous), for a data-centre exit.

The claims platform's Oracle database is on premises, reached over Direct Connect through a transit
gateway, its host name known only to the on-premises name servers. The Aurora PostgreSQL cluster lives in
the application VPC (peered). The schema was converted beforehand (AWS SCT or DMS Schema Conversion); the
task moves the data, full load then CDC, folding Oracle's upper-case names to PostgreSQL's lower case.
Run: `python examples/oracle_to_aurora_postgresql/app.py`.
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
    OnPremisesDns,
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
    stack = Stack(app, "OracleToAuroraPostgres", env=ENV)
    network = MigrationNetwork(
        stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
        transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=[DATA_CENTRE]),
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
        on_premises_dns=OnPremisesDns(domains=["corp.example.com"], name_server_ips=["10.50.0.2", "10.50.0.3"]),
    )
    wave = MigrationWave(
        stack, "Claims", name="claims", network=network,
        tags=WaveTags(application="claims", environment="prod", owner="claims-dba@example.com", cost_center="CC-1001",
                      data_classification="restricted"),
    )
    # DMS verifies Oracle only against an Oracle wallet: one imported earlier (or from_oracle_wallet_file).
    wallet = EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:claims-oracle-wallet")
    source = wave.add_source("oracle", DatabaseEndpoint.oracle(
        host="claims-db.corp.example.com", database_name="CLAIMS", peer=ec2.Peer.ipv4(DATA_CENTRE), certificate=wallet,
        credentials=EndpointCredentials.generate(
            username="dms_user", no_rotation_reason="On premises: no rotation function in AWS can reach the database."),
    ))
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="claims", port=5432,
        cluster_endpoint_address="claims.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdef1")],
        engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
    )
    target = wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
        cluster, database_name="claims", network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(
            secretsmanager.Secret.from_secret_name_v2(stack, "AuroraSecret", "claims/aurora/dms_user")),
    ))
    mappings = (
        TableMappings()
        .include("CLAIMS", "%")
        .exclude("CLAIMS", "TMP_%")
        .convert_lowercase("schema", "CLAIMS")
        .convert_lowercase("table", "CLAIMS", "%")
        .convert_lowercase("column", "CLAIMS", "%", "%")
    )
    wave.add_task("claims", source=source, target=target, table_mappings=mappings)
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
