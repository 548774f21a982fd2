"""What the integration test apps share: an App with the reference app's feature flags and compliance
packs, the throwaway databases they migrate between, and the assertions on real DMS API results.

Every test app is environment-agnostic (no account or region in the code): `make test` synthesizes and
compares the snapshots offline, and `make integ` deploys them into whatever account and region the
caller's credentials name. Nothing here reads context or the network at synth.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, Sequence

from aws_cdk import App, Duration, RemovalPolicy, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import integ_tests_alpha as integ
from constructs import Construct

# The reference app's flags, tag keys and compliance packs (`stacks/` is not an installed package).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stacks.reference_app import FEATURE_FLAGS, compliance_packs  # noqa: E402

from dms_constructs import (  # noqa: E402
    EXCLUDED_PASSWORD_CHARACTERS,
    CloudFormationLimits,
    MigrationWave,
    ReplicationTask,
    ServerlessReplication,
    WaveTags,
)
from dms_constructs.acknowledgments import acknowledge  # noqa: E402

THROWAWAY = (
    "Throwaway integration-test database: created empty (or with a few synthetic rows) by `make integ`, "
    "which destroys it minutes later; it never holds real data."
)
SINGLE_AZ = "Integration test: the test deploys, asserts and destroys within the hour; a standby doubles the cost and proves nothing the test asserts."
NO_SSL = (
    "Integration test between throwaway databases inside the test's own VPCs: the RDS CA bundle that "
    "MySQL-family endpoints verify against is not vendored in this repository (synth is offline), and the "
    "SSL wiring of every engine is covered by the unit tests."
)

# How long the assertions wait for DMS (the assertion provider polls; CloudFormation's custom-resource
# limit is one hour per resource).
CONNECTION_TIMEOUT = Duration.minutes(10)
READY_TIMEOUT = Duration.minutes(20)
RUN_TIMEOUT = Duration.minutes(45)
POLL = Duration.seconds(30)

DMS = "@aws-sdk/client-database-migration-service"
RDS_DATA = "@aws-sdk/client-rds-data"


def integ_app() -> App:
    """An App with the reference app's pinned feature flags and its compliance gate: the test stacks must
    pass the same packs (cdk-nag AwsSolutions, HIPAA, NIST 800-53 R5, PCI DSS 3.2.1, DmsChecks) with zero
    unacknowledged findings, or synth fails and so does `make test`."""
    app = App(context=dict(FEATURE_FLAGS), analytics_reporting=False)
    Validations.of(app).add_plugins(*compliance_packs(app), CloudFormationLimits())
    return app


def wave_tags(application: str) -> WaveTags:
    return WaveTags(
        application=application,
        environment="integ",
        owner="dms-constructs-integ",
        cost_center="integ",
        data_classification="public",
    )


# --- throwaway databases ---------------------------------------------------------------------------

PACKS = ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321")


def aurora_serverless(
    scope: Construct,
    id: str,
    *,
    engine: rds.IClusterEngine,
    parameters: dict[str, str],
    vpc: ec2.IVpc,
    key: kms.IKey,
    database_name: str,
    log_types: Sequence[str],
) -> rds.DatabaseCluster:
    """An Aurora Serverless v2 cluster (one writer, 0.5-1 ACU) with the RDS Data API on, so that the
    assertions can write and read rows without a database client. Encrypted with the wave's key, its
    secret too; deleted with the stack."""
    cluster = rds.DatabaseCluster(
        scope,
        id,
        engine=engine,
        writer=rds.ClusterInstance.serverless_v2("Writer"),
        serverless_v2_min_capacity=0.5,
        serverless_v2_max_capacity=1,
        vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        credentials=rds.Credentials.from_generated_secret("dms_admin", exclude_characters=EXCLUDED_PASSWORD_CHARACTERS, encryption_key=key),
        default_database_name=database_name,
        parameters=parameters,
        storage_encrypted=True,
        storage_encryption_key=key,
        iam_authentication=True,
        enable_data_api=True,
        backup=rds.BackupProps(retention=Duration.days(1)),
        deletion_protection=False,
        removal_policy=RemovalPolicy.DESTROY,
    )
    resource = cluster.node.default_child
    _acknowledge_throwaway(resource, [
        "AwsSolutions-RDS10", "AwsSolutions-RDS11",
        *(f"{pack}-RDSInstanceDeletionProtectionEnabled" for pack in PACKS[:2]),
        *(f"{pack}-RDSLoggingEnabled[LogExport::{log}]" for pack in PACKS for log in log_types),
    ])
    if engine.engine_type == "aurora-mysql":
        _acknowledge_throwaway(resource, ["AwsSolutions-RDS14"])  # Backtrack
    _acknowledge_throwaway(cluster.node.find_child("Writer").node.default_child, [
        *(f"{pack}-{rule}" for pack in PACKS[:2] for rule in ("RDSEnhancedMonitoringEnabled", "RDSInBackupPlan")),
    ])
    _acknowledge_secret(cluster)
    return cluster


def postgres_instance(
    scope: Construct,
    id: str,
    *,
    vpc: ec2.IVpc,
    key: kms.IKey,
    database_name: str,
    credentials: rds.Credentials,
    parameters: Optional[dict[str, str]] = None,
) -> rds.DatabaseInstance:
    """The smallest RDS for PostgreSQL instance (db.t4g.micro, 20 GiB gp3, single-AZ), encrypted with the
    wave's key, deleted with the stack (no final snapshot, no automated backups left behind)."""
    instance = rds.DatabaseInstance(
        scope,
        id,
        engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_16_13),
        instance_type=ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MICRO),
        allocated_storage=20,
        storage_type=rds.StorageType.GP3,
        vpc=vpc,
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        credentials=credentials,
        database_name=database_name,
        parameters=parameters,
        storage_encrypted=True,
        storage_encryption_key=key,
        iam_authentication=True,
        multi_az=False,
        publicly_accessible=False,
        backup_retention=Duration.days(1),
        deletion_protection=False,
        delete_automated_backups=True,
        removal_policy=RemovalPolicy.DESTROY,
    )
    _acknowledge_throwaway(instance.node.default_child, [
        "AwsSolutions-RDS3", "AwsSolutions-RDS10", "AwsSolutions-RDS11",
        *(f"{pack}-{rule}" for pack in PACKS for rule in ("RDSMultiAZSupport",) if pack != "PCI.DSS.321"),
        *(f"{pack}-{rule}" for pack in PACKS[:2] for rule in ("RDSEnhancedMonitoringEnabled", "RDSInBackupPlan", "RDSInstanceDeletionProtectionEnabled")),
        *(f"{pack}-RDSLoggingEnabled[LogExport::{log}]" for pack in PACKS for log in ("postgresql", "upgrade")),
    ])
    _acknowledge_secret(instance)
    return instance


def open_to(database: ec2.IConnectable) -> None:
    """The findings of the ingress rule a wave adds to a database created in the same app: CDK writes the
    database's port attribute (known at deploy) into it, which the packs' port rules cannot evaluate."""
    for group in database.connections.security_groups:
        for child in group.node.children:
            if isinstance(child, ec2.CfnSecurityGroupIngress):
                for pack in PACKS:
                    for rule in ("EC2RestrictedCommonPorts", "EC2RestrictedSSH"):
                        acknowledge(child, f"{pack}-{rule}", _INGRESS_REASON)


_INGRESS_REASON = (
    "The rule admits only the DMS wave's security group (no address range) on the database's port, which "
    "CDK takes from the database's Endpoint.Port attribute: known at deploy time only, so the rule cannot "
    "be evaluated at synth."
)


def _acknowledge_throwaway(resource: Construct, findings: Sequence[str]) -> None:
    for finding in findings:
        rule = finding if finding.startswith("AwsSolutions") else finding.split("-", 1)[1].split("[")[0]
        acknowledge(resource, finding, f"{THROWAWAY} {_WHY[rule]}")


def _acknowledge_secret(database: Construct) -> None:
    """The master secret CDK generates for a database (none when the credentials come from elsewhere)."""
    secret = database.node.try_find_child("Secret")
    if secret is None:
        return
    resource = secret.node.default_child
    for finding in ("AwsSolutions-SMG4", "HIPAA.Security-SecretsManagerRotationEnabled", "NIST.800.53.R5-SecretsManagerRotationEnabled"):
        acknowledge(resource, finding, THROWAWAY + " Its password is never rotated: the secret lives only as long as the test.")


_WHY = {
    "AwsSolutions-RDS3": "Single-AZ: a standby doubles the cost and the test asserts nothing about failover.",
    "AwsSolutions-RDS10": "No deletion protection: the test destroys the database when it ends.",
    "AwsSolutions-RDS11": "Default port: the database admits only the DMS wave's security group or network.",
    "AwsSolutions-RDS14": "No Backtrack: nothing is ever rewound in a test that lives minutes.",
    "RDSInstanceDeletionProtectionEnabled": "No deletion protection: the test destroys the database when it ends.",
    "RDSMultiAZSupport": "Single-AZ: a standby doubles the cost and the test asserts nothing about failover.",
    "RDSEnhancedMonitoringEnabled": "No enhanced monitoring: the test reads DMS results, not database metrics.",
    "RDSInBackupPlan": "Not in an AWS Backup plan: nothing in it is worth restoring.",
    "RDSLoggingEnabled": "Database logs are not exported: the test reads DMS results, and exported log groups would outlive the stack.",
}


# --- assertions --------------------------------------------------------------------------------------


class WaveAssertions:
    """Assertions on real API results for one wave, in the order a migration goes: each endpoint's
    connection test is `successful`, the task is `ready`, after a start it runs, its alarms are in OK or
    INSUFFICIENT_DATA."""

    def __init__(self, test: integ.IntegTest, wave: MigrationWave) -> None:
        self.test = test
        self.wave = wave
        self.assertions = test.assertions
        self._previous: Optional[integ.IApiCall] = None

    def connection_tests_succeed(self, replication_instance_arn: str, endpoint_arns: Sequence[str]) -> integ.IApiCall:
        """TestConnection for every endpoint, then DescribeConnections until its status is `successful`
        (DMS API reference, TestConnection / DescribeConnections; statuses testing, successful, failed)."""
        first: Optional[integ.IApiCall] = None
        last: Optional[integ.IApiCall] = None
        for arn in endpoint_arns:
            start = self.assertions.aws_api_call(DMS, "TestConnection", {"ReplicationInstanceArn": replication_instance_arn, "EndpointArn": arn})
            check = self.assertions.aws_api_call(
                DMS,
                "DescribeConnections",
                {"Filters": [{"Name": "endpoint-arn", "Values": [arn]}, {"Name": "replication-instance-arn", "Values": [replication_instance_arn]}]},
            )
            check.expect(integ.ExpectedResult.object_like({"Connections": [{"EndpointArn": arn, "Status": "successful"}]}))
            check.wait_for_assertions(total_timeout=CONNECTION_TIMEOUT, interval=POLL)
            start.next(check)
            if last is not None:
                last.next(start)
            first = first or start
            last = check
        assert first is not None and last is not None
        self.then(first, last)
        return last

    def task_is_ready(self, task: ReplicationTask) -> integ.IApiCall:
        call = self._describe_task(task)
        call.expect(integ.ExpectedResult.object_like({"ReplicationTasks": [{"ReplicationTaskArn": task.task_arn, "Status": "ready"}]}))
        call.wait_for_assertions(total_timeout=READY_TIMEOUT, interval=POLL)
        return self.then(call)

    def task_starts_and_runs(self, task: ReplicationTask) -> integ.IApiCall:
        """StartReplicationTask (`start-replication`), then the task reaches `running` (a full load with CDC
        keeps running after the load) or `load complete` (a full load only)."""
        start = self.assertions.aws_api_call(DMS, "StartReplicationTask", {"ReplicationTaskArn": task.task_arn, "StartReplicationTaskType": "start-replication"})
        check = self._describe_task(task)
        check.expect(integ.ExpectedResult.object_like({"ReplicationTasks": [{"ReplicationTaskArn": task.task_arn, "Status": integ.Match.string_like_regexp("^(running|load complete)$")}]}))
        check.wait_for_assertions(total_timeout=RUN_TIMEOUT, interval=POLL)
        start.next(check)
        self.then(start, check)
        return check

    def replication_starts_and_runs(self, replication: ServerlessReplication) -> integ.IApiCall:
        """DMS Serverless: StartReplication, then DescribeReplications until `running`. Serverless has no
        TestConnection: a replication tests its connections while it starts ("Testing Connection") and
        fails with FailureMessages when one does not work (DMS API reference, StartReplication)."""
        start = self.assertions.aws_api_call(DMS, "StartReplication", {"ReplicationConfigArn": replication.config_arn, "StartReplicationType": "start-replication"})
        check = self.assertions.aws_api_call(DMS, "DescribeReplications", {"Filters": [{"Name": "replication-config-arn", "Values": [replication.config_arn]}]})
        check.expect(integ.ExpectedResult.object_like({"Replications": [{"ReplicationConfigArn": replication.config_arn, "Status": "running"}]}))
        check.wait_for_assertions(total_timeout=RUN_TIMEOUT, interval=POLL)
        start.next(check)
        self.then(start, check)
        return check

    def alarms_are_quiet(self) -> integ.IApiCall:
        """Every alarm of the wave exists and is OK or INSUFFICIENT_DATA. DescribeAlarms lists alarms by
        name, so the expected list is sorted by name; an alarm missing from the account fails the match."""
        names = sorted(alarm.alarm_name for alarm in self.wave.monitoring.alarms)
        call = self.assertions.aws_api_call("@aws-sdk/client-cloudwatch", "DescribeAlarms", {"AlarmNames": names, "AlarmTypes": ["MetricAlarm"]})
        call.expect(integ.ExpectedResult.object_like({
            "MetricAlarms": [{"AlarmName": name, "StateValue": integ.Match.string_like_regexp("^(OK|INSUFFICIENT_DATA)$")} for name in names]
        }))
        return self.then(call)

    def then(self, first: integ.IApiCall, last: Optional[integ.IApiCall] = None) -> integ.IApiCall:
        """Run `first` (through `last`, when it is a chain) after everything added before: the assertions
        run one after another, in the order they were added."""
        if self._previous is not None:
            self._previous.next(first)
        self._previous = last or first
        return self._previous

    def _describe_task(self, task: ReplicationTask) -> integ.IApiCall:
        return self.assertions.aws_api_call(DMS, "DescribeReplicationTasks", {
            "Filters": [{"Name": "replication-task-arn", "Values": [task.task_arn]}], "WithoutSettings": True,
        })


def sql(test: integ.IntegTest, cluster: rds.DatabaseCluster, database: str, statement: str) -> integ.IApiCall:
    """One SQL statement through the RDS Data API (no database client, no VPC access needed). The Data
    API reads the cluster's secret as the caller: the assertion provider may read it and decrypt it."""
    assert cluster.secret is not None
    call = test.assertions.aws_api_call(RDS_DATA, "ExecuteStatement", {
        "resourceArn": cluster.cluster_arn, "secretArn": cluster.secret.secret_arn, "database": database, "sql": statement,
    })
    _grant_once(call, "secretsmanager:GetSecretValue", cluster.secret.secret_arn)
    if cluster.secret.encryption_key is not None:
        _grant_once(call, "kms:Decrypt", cluster.secret.encryption_key.key_arn)
    return call


def list_objects(test: integ.IntegTest, bucket: s3.IBucket, prefix: str) -> integ.IApiCall:
    """ListObjectsV2 under `prefix`; its IAM action is s3:ListBucket, which the provider does not derive."""
    call = test.assertions.aws_api_call("@aws-sdk/client-s3", "ListObjectsV2", {"Bucket": bucket.bucket_name, "Prefix": prefix})
    _grant_once(call, "s3:ListBucket", bucket.bucket_arn)
    return call


_granted: set[tuple[str, str]] = set()


def _grant_once(call: integ.IApiCall, action: str, resource: str) -> None:
    """One statement per action and resource on the assertion provider's role (one role serves every call)."""
    key = (action, resource)  # the same attribute yields the same token string
    if key in _granted:
        return
    _granted.add(key)
    call.provider.add_to_role_policy({"Effect": "Allow", "Action": [action], "Resource": [resource]})


def integ_test(app: App, id: str, stack: Stack) -> integ.IntegTest:
    """The IntegTest of one test stack: `make integ` deploys it, runs the assertions and destroys it;
    `make test` only compares its snapshot."""
    return integ.IntegTest(
        app,
        id,
        test_cases=[stack],
        # DMS, RDS and the assertion provider in one run: deploy, assert, destroy (no update workflow:
        # there is no committed deployment to update from).
        stack_update_workflow=False,
        diff_assets=False,
    )
