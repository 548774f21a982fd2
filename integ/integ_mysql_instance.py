"""Integration test 1: a replication instance, full load and CDC, MySQL to MySQL.

Source and target are Aurora MySQL Serverless v2 clusters in the wave's own network: the source with the
binary-log settings DMS needs for CDC (binlog_format ROW, binlog_row_image FULL, binlog_checksum NONE —
DMS user guide, "Using a MySQL-compatible database as a source for AWS DMS"), both with the RDS Data
API, so the test seeds the source and reads the target without a database client. (RDS for MySQL has no
Data API; Aurora MySQL is a MySQL-compatible source and target of DMS alike.)

Asserted on real API results: both endpoints' connection tests are `successful`; the task is `ready`;
after a start it is `running`; the seeded rows are in the target; the wave's alarms are OK or
INSUFFICIENT_DATA.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_logs as logs
from aws_cdk import aws_rds as rds
from aws_cdk import integ_tests_alpha as integ

from _support import (
    open_to,
    NO_SSL,
    POLL,
    RUN_TIMEOUT,
    SINGLE_AZ,
    WaveAssertions,
    aurora_serverless,
    integ_app,
    integ_test,
    sql,
    wave_tags,
)
from dms_constructs import DatabaseEndpoint, EndpointCredentials, MigrationType, MigrationWave, ReplicationInstanceCapacity, SslMode
from dms_constructs.table_mappings import TableMappings

DATABASE = "integ"
ENGINE = rds.DatabaseClusterEngine.aurora_mysql(version=rds.AuroraMysqlEngineVersion.VER_3_10_4)

app = integ_app()
stack = Stack(app, "DmsIntegMySqlInstance")
wave = MigrationWave(
    stack,
    "Wave",
    name="integ-mysql",
    capacity=ReplicationInstanceCapacity(instance_class="dms.t3.micro", allocated_storage_gib=20, multi_az=False, single_az_reason=SINGLE_AZ),
    removal_policy=RemovalPolicy.DESTROY,
    log_retention=logs.RetentionDays.ONE_DAY,
    tags=wave_tags("integ-mysql"),
)
source_db = aurora_serverless(
    stack, "SourceDatabase", engine=ENGINE, vpc=wave.vpc, key=wave.encryption_key, database_name=DATABASE,
    parameters={"binlog_format": "ROW", "binlog_row_image": "FULL", "binlog_checksum": "NONE"},
    log_types=["audit", "error", "general", "slowquery"],
)
target_db = aurora_serverless(
    stack, "TargetDatabase", engine=ENGINE, vpc=wave.vpc, key=wave.encryption_key, database_name=DATABASE,
    parameters={}, log_types=["audit", "error", "general", "slowquery"],
)
source = wave.add_source("mysql", DatabaseEndpoint.from_database_cluster(
    source_db, credentials=EndpointCredentials.from_secret(source_db.secret, key=wave.encryption_key),
    ssl_mode=SslMode.NONE, insecure_reason=NO_SSL,
))
target = wave.add_target("aurora", DatabaseEndpoint.from_database_cluster(
    target_db, credentials=EndpointCredentials.from_secret(target_db.secret, key=wave.encryption_key),
    database_name=DATABASE, ssl_mode=SslMode.NONE, insecure_reason=NO_SSL,
))
open_to(source_db)
open_to(target_db)
task = wave.add_task("items", source=source, target=target, migration_type=MigrationType.FULL_LOAD_AND_CDC,
                     table_mappings=TableMappings().include(DATABASE, "items"))

test = integ_test(app, "MySqlInstance", stack)
checks = WaveAssertions(test, wave)
checks.connection_tests_succeed(wave.replication_instance.instance_arn, [source.endpoint_arn, target.endpoint_arn])
checks.task_is_ready(task)
# Seed the source: binary logs kept a day (Aurora MySQL purges them at once by default), one table, rows.
checks.then(sql(test, source_db, DATABASE, "CALL mysql.rds_set_configuration('binlog retention hours', 24)"))
checks.then(sql(test, source_db, DATABASE, "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)"))
checks.then(sql(test, source_db, DATABASE, "INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')"))
checks.task_starts_and_runs(task)
rows = sql(test, target_db, DATABASE, "SELECT COUNT(*) FROM items")
rows.expect(integ.ExpectedResult.object_like({"records": [[{"longValue": 3}]]}))
rows.wait_for_assertions(total_timeout=RUN_TIMEOUT, interval=POLL)
checks.then(rows)
checks.alarms_are_quiet()

app.synth()
