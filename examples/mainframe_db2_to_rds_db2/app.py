"""Db2 off the mainframe: IBM Db2 for z/OS and an IBM Db2 LUW server into Amazon RDS for Db2.

The z/OS subsystem (reached over an IPsec VPN on the transit gateway; DMS documents no SSL mode for Db2
for z/OS, so the endpoint records how the connection is protected) is copied with a full load, the only task
DMS supports from it; the Db2 LUW server is copied and kept in sync (full load + CDC) over TLS verified
against the corporate CA. Both land in RDS for Db2 in the peered application VPC (Db2 LUW is a DMS target
only from Db2 sources).
Run: `python examples/mainframe_db2_to_rds_db2/app.py`.
"""

from __future__ import annotations

from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    Db2Settings,
    EndpointCertificate,
    EndpointCredentials,
    MigrationNetwork,
    MigrationType,
    MigrationWave,
    TransitGatewayAttachment,
    VpcPeering,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
DATA_CENTRE = "10.60.0.0/16"
APPLICATION_VPC = "10.30.0.0/16"
CORPORATE_CA = "arn:aws:dms:eu-west-1:123456789012:cert:corp-root-ca"
RDS_CA = "arn:aws:dms:eu-west-1:123456789012:cert:rds-global-bundle"


def _secret(stack: Stack, id: str, name: str) -> EndpointCredentials:
    return EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, id, name))


def build(app: App) -> list[Stack]:
    stack = Stack(app, "MainframeDb2Wave", env=ENV)
    network = MigrationNetwork(
        stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
        transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=[DATA_CENTRE]),
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
    )
    wave = MigrationWave(
        stack, "Ledger", name="ledger", network=network,
        tags=WaveTags(application="ledger", environment="prod", owner="ledger@example.com", cost_center="CC-2100",
                      data_classification="confidential"),
    )
    zos = wave.add_source("zos", DatabaseEndpoint.db2_zos(
        host="10.60.4.10", database_name="DSNLOC1", peer=ec2.Peer.ipv4(DATA_CENTRE),
        credentials=_secret(stack, "ZosSecret", "ledger/zos/dms_user"),
        insecure_reason="The z/OS subsystem is reached only over the site-to-site IPsec VPN, which encrypts every packet.",
    ))
    luw = wave.add_source("luw", DatabaseEndpoint.db2(
        host="db2luw.corp.example.com", database_name="LEDGER", peer=ec2.Peer.ipv4(DATA_CENTRE),
        port=50001,  # the instance's SSL_SVCENAME port: Db2 serves SSL on a second port, not on 50000
        certificate=EndpointCertificate.from_certificate_arn(CORPORATE_CA),
        credentials=_secret(stack, "LuwSecret", "ledger/db2luw/dms_user"),
        settings=Db2Settings(set_data_capture_changes=True),
    ))
    rds_db2 = wave.add_target("rds", DatabaseEndpoint.db2(
        host="ledger.abcdefghijkl.eu-west-1.rds.amazonaws.com", database_name="LEDGER", peer=ec2.Peer.ipv4(APPLICATION_VPC),
        port=50443,  # SSL_SVCENAME in the instance's parameter group ("Using SSL/TLS with an Amazon RDS for Db2 DB instance")
        certificate=EndpointCertificate.from_certificate_arn(RDS_CA),
        credentials=_secret(stack, "RdsSecret", "ledger/rds-db2/dms_user"),
        settings=Db2Settings(load_timeout=3_600_000),
    ))
    # Db2 for z/OS: full load only, names in upper case ("Using IBM Db2 for z/OS databases as a source").
    wave.add_task("archive", source=zos, target=rds_db2, table_mappings=TableMappings().include("ARCHIVE", "%"),
                  migration_type=MigrationType.FULL_LOAD)
    wave.add_task("ledger", source=luw, target=rds_db2, table_mappings=TableMappings().include("LEDGER", "%"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
