"""SAP ASE to Babelfish for Aurora PostgreSQL: a T-SQL application moves off SAP ASE without rewriting its
queries.

The on-premises SAP ASE server (DMS engine `sybase`, `verify-full` against the corporate CA, the only SSL mode
DMS supports for it) is copied and kept in sync into a Babelfish database on an Aurora PostgreSQL cluster in
the peered application VPC. DMS writes through the Aurora PostgreSQL endpoint in Babelfish mode, which its guide
prefers to the separate `babelfish` endpoint; create the target tables with their T-SQL DDL first.
Run: `python examples/sap_ase_to_babelfish/app.py`.
"""

from __future__ import annotations

from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    EndpointCertificate,
    EndpointCredentials,
    MigrationNetwork,
    MigrationWave,
    TransitGatewayAttachment,
    VpcPeering,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
DATA_CENTRE = "10.70.0.0/16"
APPLICATION_VPC = "10.30.0.0/16"


def build(app: App) -> list[Stack]:
    stack = Stack(app, "AseToBabelfishWave", env=ENV)
    network = MigrationNetwork(
        stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
        transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=[DATA_CENTRE]),
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
    )
    wave = MigrationWave(
        stack, "Trading", name="trading", network=network,
        tags=WaveTags(application="trading", environment="prod", owner="trading@example.com", cost_center="CC-3300",
                      data_classification="confidential"),
    )
    ase = wave.add_source("ase", DatabaseEndpoint.sybase(
        host="ase01.corp.example.com", database_name="trading", peer=ec2.Peer.ipv4(DATA_CENTRE),
        certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:corp-root-ca"),
        credentials=EndpointCredentials.from_secret(
            secretsmanager.Secret.from_secret_name_v2(stack, "AseSecret", "trading/ase/dms_user")),
        extra_connection_attributes="charset=utf8",
    ))
    babelfish = wave.add_target("babelfish", DatabaseEndpoint.babelfish(
        host="trading.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com", babelfish_database_name="trading",
        peer=ec2.Peer.ipv4(APPLICATION_VPC),
        certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle"),
        credentials=EndpointCredentials.from_secret(
            secretsmanager.Secret.from_secret_name_v2(stack, "BabelfishSecret", "trading/babelfish/dms_user")),
    ))
    wave.add_task("trading", source=ase, target=babelfish, table_mappings=TableMappings().include("dbo", "%"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
