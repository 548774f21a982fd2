"""Integration test 2: DMS Serverless, full load and CDC, PostgreSQL to Amazon S3.

The source is an Aurora PostgreSQL Serverless v2 cluster in the wave's network with logical replication
on (`rds.logical_replication = 1`: DMS user guide, "Using a PostgreSQL database as an AWS DMS source",
enabling CDC on Aurora PostgreSQL) and the RDS Data API, which seeds it; the target is a bucket of the
test, written as Parquet under the wave's key.

Asserted on real API results: the serverless replication starts and reaches `running` (DMS Serverless has
no TestConnection: a replication tests both endpoints while it starts and fails when one does not
connect); the full load's Parquet file of the seeded table is in the bucket; the wave's alarms are OK or
INSUFFICIENT_DATA.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_logs as logs
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import integ_tests_alpha as integ

from _support import (
    open_to,
    POLL,
    RUN_TIMEOUT,
    SINGLE_AZ,
    WaveAssertions,
    aurora_serverless,
    integ_app,
    integ_test,
    list_objects,
    sql,
    wave_tags,
)
from dms_constructs import DatabaseEndpoint, EndpointCredentials, MigrationType, MigrationWave, ServerlessCapacity, SslMode
from dms_constructs.acknowledgments import acknowledge
from dms_constructs.table_mappings import TableMappings

DATABASE = "integ"
FOLDER = "integ"

app = integ_app()
stack = Stack(app, "DmsIntegPostgresServerless")
wave = MigrationWave(
    stack,
    "Wave",
    name="integ-pg-serverless",
    capacity=ServerlessCapacity(max_capacity_units=2, min_capacity_units=1, multi_az=False, single_az_reason=SINGLE_AZ),
    removal_policy=RemovalPolicy.DESTROY,
    log_retention=logs.RetentionDays.ONE_DAY,
    tags=wave_tags("integ-pg-serverless"),
)
source_db = aurora_serverless(
    stack, "SourceDatabase", engine=rds.DatabaseClusterEngine.aurora_postgres(version=rds.AuroraPostgresEngineVersion.VER_16_13),
    vpc=wave.vpc, key=wave.encryption_key, database_name=DATABASE,
    parameters={"rds.logical_replication": "1"}, log_types=["postgresql"],
)
bucket = s3.Bucket(
    stack,
    "TargetBucket",
    encryption=s3.BucketEncryption.KMS,
    encryption_key=wave.encryption_key,
    bucket_key_enabled=True,
    enforce_ssl=True,
    block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
    versioned=True,
    removal_policy=RemovalPolicy.DESTROY,
    auto_delete_objects=True,
)
_TEST_BUCKET = (
    "The test's target bucket holds a few synthetic Parquet files for the minutes the test runs and is "
    "emptied and deleted with the stack"
)
for finding, why in (
    ("AwsSolutions-S1", "server access logs would need a second bucket that outlives the test"),
    *((f"{pack}-S3BucketLoggingEnabled", "server access logs would need a second bucket that outlives the test")
      for pack in ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321")),
    *((f"{pack}-S3BucketReplicationEnabled", "nothing in it is worth a replica")
      for pack in ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321")),
):
    acknowledge(bucket.node.default_child, finding, f"{_TEST_BUCKET}: {why}.")

source = wave.add_source("postgres", DatabaseEndpoint.from_database_cluster(
    source_db, credentials=EndpointCredentials.from_secret(source_db.secret, key=wave.encryption_key),
    database_name=DATABASE, ssl_mode=SslMode.REQUIRE,
))
target = wave.add_target("s3", DatabaseEndpoint.s3(bucket, folder=FOLDER, data_format="parquet"))
open_to(source_db)
replication = wave.add_task("items", source=source, target=target, migration_type=MigrationType.FULL_LOAD_AND_CDC,
                            table_mappings=TableMappings().include("public", "items"))

test = integ_test(app, "PostgresServerless", stack)
checks = WaveAssertions(test, wave)
checks.then(sql(test, source_db, DATABASE, "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)"))
checks.then(sql(test, source_db, DATABASE, "INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')"))
checks.replication_starts_and_runs(replication)
# DMS writes the full load of public.items as <folder>/public/items/LOAD00000001.parquet (DMS user guide,
# "Using Amazon S3 as a target for AWS DMS").
files = list_objects(test, bucket, f"{FOLDER}/public/items/")
files.expect(integ.ExpectedResult.object_like({
    "Contents": integ.Match.array_with([integ.Match.object_like({"Key": integ.Match.string_like_regexp(r"/LOAD[0-9]+\.parquet$")})]),
}))
files.wait_for_assertions(total_timeout=RUN_TIMEOUT, interval=POLL)
checks.then(files)
checks.alarms_are_quiet()

app.synth()
