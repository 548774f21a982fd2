"""The migration waves of the reference app. Add a wave by writing a function like the ones below
and adding it to WAVES."""

from __future__ import annotations

from typing import Callable, Optional

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from dms_constructs import (
    CdcStart,
    DatabaseEndpoint,
    EndpointCertificate,
    EndpointCredentials,
    IDmsServiceRoles,
    MigrationNetwork,
    MigrationType,
    MigrationWave,
    NamingConvention,
    Notifications,
    PremigrationAssessment,
    ReplicationInstanceCapacity,
    ServerlessCapacity,
    WaveTags,
)
from dms_constructs.table_mappings import TableMappings

from .config import EnvironmentConfig
from .inventory import CA_BUNDLE, ORACLE_WALLET, ExternalDatabase, RdsDatabase, inventory

_ON_PREM_NO_ROTATION = (
    "The source database is on premises: a Secrets Manager rotation function in the migration VPC cannot "
    "reach it; the DBA rotates this user's password with the source's own tooling."
)


def wave_props(config: EnvironmentConfig, network: MigrationNetwork, roles: IDmsServiceRoles, application: str, data_classification: str, *, serverless: bool = False) -> dict:
    """Props every wave of an environment shares, derived from its config."""
    capacity = (
        ServerlessCapacity(max_capacity_units=config.serverless_max_capacity_units, multi_az=config.multi_az, single_az_reason=config.single_az_reason)
        if serverless
        else ReplicationInstanceCapacity(
            instance_class=config.instance_class,
            allocated_storage_gib=config.allocated_storage_gib,
            multi_az=config.multi_az,
            single_az_reason=config.single_az_reason,
        )
    )
    return dict(
        # DMS identifiers `<env>-<app>-<purpose>-dms` (seed DMS guide, naming best practices).
        naming=NamingConvention(env=config.name, app=application),
        network=network,
        service_roles=roles,
        capacity=capacity,
        removal_policy=config.removal_policy,
        log_retention=config.log_retention,
        alarms=config.alarms,
        notifications=Notifications(email_addresses=config.alarm_emails),
        # Serverless configs cannot be modified once started, stopped or not: nothing to pause.
        pause_tasks_during_updates=config.pause_tasks_during_updates and not serverless,
        # DMS Serverless has no connection test: a serverless replication tests its connections when it starts.
        verify_connections=config.verify_connections and not serverless,
        # Cutover and retirement are declared per environment (stacks/config.py) and deployed like any change.
        phase=config.phase,
        tags=WaveTags(
            application=application,
            environment=config.name,
            owner=config.owner,
            cost_center=config.cost_center,
            data_classification=data_classification,
        ),
    )


def _assessment(config: EnvironmentConfig, *, serverless_started_by_hand: bool = False) -> Optional[PremigrationAssessment]:
    """Where the environment asks for it, every new task is assessed (all applicable individual assessments) before
    it first starts: an instance task once after it is created, a failed assessment failing the deploy. DMS
    Serverless assesses a replication only as part of starting it: one that the cutover team starts by hand gets
    the assessment in the runbook's start command (`run_on_create=False`), and DMS does not start it when the
    assessment fails."""
    if not config.premigration_assessments:
        return None
    return PremigrationAssessment(run_on_create=not serverless_started_by_hand)


def _source_credentials() -> EndpointCredentials:
    return EndpointCredentials.generate(username="dms_user", no_rotation_reason=_ON_PREM_NO_ROTATION)


def _peer(db: ExternalDatabase) -> ec2.IPeer:
    return ec2.Peer.ipv4(db.network_cidr)


def _target_credentials(scope: Construct, id: str, db: RdsDatabase) -> EndpointCredentials:
    return EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_complete_arn(scope, f"{id}Secret", db.secret_arn))


def _security_groups(scope: Construct, id: str, db: RdsDatabase) -> list[ec2.ISecurityGroup]:
    return [ec2.SecurityGroup.from_security_group_id(scope, f"{id}SecurityGroup", db.security_group_id)]


def _cluster(scope: Construct, id: str, db: RdsDatabase, engine: rds.IClusterEngine) -> rds.IDatabaseCluster:
    return rds.DatabaseCluster.from_database_cluster_attributes(
        scope, id, cluster_identifier=db.identifier, cluster_endpoint_address=db.endpoint, port=db.port,
        security_groups=_security_groups(scope, id, db), engine=engine,
    )


def _instance(scope: Construct, id: str, db: RdsDatabase, engine: rds.IInstanceEngine) -> rds.IDatabaseInstance:
    return rds.DatabaseInstance.from_database_instance_attributes(
        scope, id, instance_identifier=db.identifier, instance_endpoint_address=db.endpoint, port=db.port,
        security_groups=_security_groups(scope, id, db), engine=engine,
    )


def _aurora_target(wave: MigrationWave, db: RdsDatabase, engine: rds.IClusterEngine, **options) -> DatabaseEndpoint:
    """An existing Aurora cluster as a target: its security group admits the wave, its secret holds the DMS user."""
    cluster = _cluster(wave, "AuroraCluster", db, engine)
    return DatabaseEndpoint.from_database_cluster(cluster, credentials=_target_credentials(wave, "Aurora", db), database_name=db.database_name,
                                                  network_cidr=db.network_cidr, **options)


def _rds_instance_target(wave: MigrationWave, db: RdsDatabase, engine: rds.IInstanceEngine) -> DatabaseEndpoint:
    """An existing RDS instance as a target, as `_aurora_target`."""
    instance = _instance(wave, "RdsInstance", db, engine)
    return DatabaseEndpoint.from_database_instance(instance, credentials=_target_credentials(wave, "Rds", db), database_name=db.database_name,
                                                   network_cidr=db.network_cidr)


def orders_wave(scope: Construct, config: EnvironmentConfig, network: MigrationNetwork, roles: IDmsServiceRoles) -> MigrationWave:
    """Orders: on-premises MySQL to Aurora MySQL. A full load + CDC of the customer tables, and CDC of
    the orders tables from a binlog position (their history was bulk-copied before)."""
    inv = inventory(config)
    wave = MigrationWave(scope, "Orders", name="orders", **wave_props(config, network, roles, "orders", "confidential"))
    ca = EndpointCertificate.from_pem_file(CA_BUNDLE)
    source = wave.add_source("mysql", DatabaseEndpoint.mysql(host=inv.orders_mysql.host, credentials=_source_credentials(), peer=_peer(inv.orders_mysql), certificate=ca))
    target = wave.add_target("aurora", _aurora_target(wave, inv.orders_aurora, rds.DatabaseClusterEngine.AURORA_MYSQL, certificate=ca))
    wave.add_task("customers", source=source, target=target, migration_type=MigrationType.FULL_LOAD_AND_CDC, assessment=_assessment(config),
                  table_mappings=TableMappings().include("orders", "customers").include("orders", "addresses"))
    wave.add_task("orders-cdc", source=source, target=target, migration_type=MigrationType.CDC,
                  cdc_start=CdcStart.at_position("mysql-bin-changelog.000024:373"), assessment=_assessment(config),
                  table_mappings=TableMappings().include("orders", "orders").include("orders", "order_lines"))
    return wave


def claims_wave(scope: Construct, config: EnvironmentConfig, network: MigrationNetwork, roles: IDmsServiceRoles) -> MigrationWave:
    """Claims: on-premises Oracle to Aurora PostgreSQL, names folded to lower case."""
    inv = inventory(config)
    wave = MigrationWave(scope, "Claims", name="claims", **wave_props(config, network, roles, "claims", "restricted"))
    wallet = EndpointCertificate.from_oracle_wallet_file(ORACLE_WALLET)  # DMS verifies Oracle only against a wallet
    oracle = inv.claims_oracle
    source = wave.add_source("oracle", DatabaseEndpoint.oracle(host=oracle.host, database_name=oracle.database_name, credentials=_source_credentials(), peer=_peer(oracle), certificate=wallet))
    target = wave.add_target("aurora-postgres", _aurora_target(wave, inv.claims_aurora_postgres, rds.DatabaseClusterEngine.AURORA_POSTGRESQL))
    mappings = (
        TableMappings()
        .include("CLAIMS", "%")
        .exclude("CLAIMS", "TMP_%")
        .convert_lowercase("schema", "CLAIMS")
        .convert_lowercase("table", "CLAIMS", "%")
    )
    wave.add_task("claims", source=source, target=target, table_mappings=mappings, assessment=_assessment(config))
    return wave


def pos_wave(scope: Construct, config: EnvironmentConfig, network: MigrationNetwork, roles: IDmsServiceRoles) -> MigrationWave:
    """Point of sale: on-premises SQL Server to RDS for SQL Server."""
    inv = inventory(config)
    wave = MigrationWave(scope, "Pos", name="pos", **wave_props(config, network, roles, "point-of-sale", "confidential"))
    sql = inv.pos_sqlserver
    source = wave.add_source("sqlserver", DatabaseEndpoint.sqlserver(host=sql.host, database_name=sql.database_name, credentials=_source_credentials(), peer=_peer(sql)))
    target = wave.add_target("rds-sqlserver", _rds_instance_target(wave, inv.pos_rds_sqlserver, rds.DatabaseInstanceEngine.SQL_SERVER_SE))
    wave.add_task("pos", source=source, target=target, table_mappings=TableMappings().include("dbo", "%"), assessment=_assessment(config))
    return wave


def accounts_wave(scope: Construct, config: EnvironmentConfig, network: MigrationNetwork, roles: IDmsServiceRoles) -> MigrationWave:
    """Accounts: PostgreSQL on EC2 to RDS for PostgreSQL."""
    inv = inventory(config)
    wave = MigrationWave(scope, "Accounts", name="accounts", **wave_props(config, network, roles, "accounts", "confidential"))
    pg = inv.accounts_postgres
    source = wave.add_source("postgres", DatabaseEndpoint.postgresql(host=pg.host, database_name=pg.database_name, credentials=_source_credentials(), peer=_peer(pg)))
    target = wave.add_target("rds-postgres", _rds_instance_target(wave, inv.accounts_rds_postgres, rds.DatabaseInstanceEngine.POSTGRES))
    # Dev rehearsals start themselves after the first deploy; elsewhere the cutover team starts tasks.
    wave.add_task("accounts", source=source, target=target, table_mappings=TableMappings().include("public", "%"),
                  start_after_create=config.name == "dev", assessment=_assessment(config))
    return wave


def lake_wave(scope: Construct, config: EnvironmentConfig, network: MigrationNetwork, roles: IDmsServiceRoles) -> MigrationWave:
    """Data lake: the orders MySQL database to Parquet in S3, on DMS Serverless."""
    inv = inventory(config)
    wave = MigrationWave(scope, "Lake", name="lake", **wave_props(config, network, roles, "data-lake", "internal", serverless=True))
    ca = EndpointCertificate.from_pem_file(CA_BUNDLE)
    source = wave.add_source("mysql", DatabaseEndpoint.mysql(host=inv.orders_mysql.host, credentials=_source_credentials(), peer=_peer(inv.orders_mysql), certificate=ca))
    bucket = s3.Bucket.from_bucket_name(wave, "Bucket", inv.lake_bucket)
    target = wave.add_target("s3", DatabaseEndpoint.s3(bucket, folder="orders", data_format="parquet"))
    wave.add_task("orders-to-lake", source=source, target=target, table_mappings=TableMappings().include("orders", "%"),
                  assessment=_assessment(config, serverless_started_by_hand=True))
    return wave


WaveBuilder = Callable[[Construct, EnvironmentConfig, MigrationNetwork, IDmsServiceRoles], MigrationWave]

WAVES: list[WaveBuilder] = [orders_wave, claims_wave, pos_wave, accounts_wave, lake_wave]
