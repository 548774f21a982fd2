"""Pre-migration assessments of replication tasks (opt in per task with
`wave.add_task(..., assessment=PremigrationAssessment(...))`).

DMS runs a pre-migration assessment of a task's configuration against its source and target and writes
the results as JSON to an S3 bucket (DMS user guide, "Specifying, starting, and viewing premigration
assessment runs"). What a wave with assessed tasks gets, once (`<wave>/Assessments`):

- `Results`: the results bucket, encrypted with the wave's key (SSE-KMS, bucket key), TLS only,
  versioned, public access blocked, objects owned by the bucket owner, server access logged, with a
  lifecycle rule per task folder (`<task identifier>/`) that expires its results.
- `AccessLogs`: the bucket that receives the results bucket's server access logs. S3 accepts only
  SSE-S3 default encryption on a server access logging destination (Amazon S3 user guide, "Enabling
  Amazon S3 server access logging"), so this one bucket is SSE-S3.
- `ServiceRole`: the role DMS assumes to write the results, with the policy of the DMS user guide,
  "Creating prerequisites for premigration assessments" (objects: Put, Get, Delete, PutObjectTagging;
  bucket: ListBucket, GetBucketLocation), limited to the assessed tasks' folders, plus the KMS actions
  that SSE-KMS writes need on the wave's key. It trusts DMS (`dms.amazonaws.com`, as that page shows,
  and the regional principal) only on behalf of this account's DMS resources in this region
  (`credentials.dms_source_conditions`, DMS user guide "Cross-service confused deputy prevention").

With `run_on_create` (the default) a `Custom::DmsPremigrationAssessment` (id `Assessment` under the task,
served by the wave's preflight provider `<wave>/Preflight`, see `preflight_provider.py` and
`preflight/assessment.py`) runs the assessment once after CloudFormation creates the task and fails the
deploy when it fails, naming the failing individual assessments. A task that starts after create waits
for it. Updates and deletes run nothing; the results stay in the bucket.

Serverless replications (DMS user guide, "AWS DMS Serverless premigration"; DMS API reference,
"StartReplication" and "PremigrationAssessmentStatus"): DMS Serverless has no assessment-only run. It assesses
a replication as part of `StartReplication` (`PremigrationAssessmentSettings`), stores the results in an S3
bucket it creates and manages itself (no bucket or role of ours: `ResultLocationBucket` is reported, never
given), and with `FailOnAssessmentFailure` (the default, always set here) does not start the replication when
the assessment fails. So a serverless task's assessment is part of its first start:

- with `run_on_create` the task must be `start_after_create`: the wave's `Custom::DmsStartOnce` starts the
  replication with the assessment settings (`serverless_settings`), waits for the assessment and fails the
  deploy when it fails, naming the failing assessments (`lifecycle/start_once/handler.py`);
- with `run_on_create=False` nothing is deployed for it: the runbook's start command carries the settings.

Either way the results are encrypted with the wave's key (SSE-KMS), in the task's folder (its identifier).
`fail_on_warning` and `results_expiration` do not apply (DMS starts the replication after a warning, and the
bucket is DMS's), and are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Sequence

from aws_cdk import CustomResource, Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from .._context import scope_of
from ..acknowledgments import acknowledge
from ..buckets import access_log_bucket, acknowledge_not_replicated, private_bucket
from ..credentials import dms_regional_principal, dms_source_conditions
from ..errors import fail
from ._provider import SERVICE_TIMEOUT
from .findings import nag_arn
from .preflight_provider import PreflightProvider
from .._tree import adopt, adopted

if TYPE_CHECKING:
    from ..tasks import AnyTask, ReplicationTask
    from .._context import WaveContext

RESOURCE_TYPE = "Custom::DmsPremigrationAssessment"

# DMS user guide, "Assessments for all endpoint types": the individual assessments every engine pair may
# run (their API keys). Engine-specific assessments carry the engine's prefix (DMS user guide, e.g.
# "PostgreSQL assessments": `postgres-check-wallevel`; the Oracle, SQL Server, MySQL, MariaDB and Db2 LUW
# pages likewise).
GENERAL_ASSESSMENTS = frozenset(
    {
        "unsupported-data-types-in-source",
        "full-lob-not-nullable-at-target",
        "table-with-lob-but-without-primary-key-or-unique-constraint",
        "table-with-no-primary-key-or-unique-constraint",
        "target-table-has-unique-key-or-primary-key-for-cdc",
        "unsupported-source-pk-type-for-elasticsearch-target",
    }
)
ENGINE_PREFIXES = ("oracle-", "sqlserver-", "mysql-", "mariadb-", "postgres-", "db2-")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_RESULTS_EXPIRATION = Duration.days(365)


@dataclass(frozen=True)
class PremigrationAssessment:
    """A pre-migration assessment of one replication task.

    :param include_only: the individual assessments to run (API keys, e.g.
        `"unsupported-data-types-in-source"`). Default: every assessment DMS finds applicable to the task.
    :param exclude: individual assessments to leave out of the applicable ones. Default: none. DMS takes
        `include_only` or `exclude`, not both.
    :param run_on_create: run the assessment once after CloudFormation creates the task, before anything
        starts it, and fail the deploy when it fails (a task started after create waits for it). Default:
        True. False creates only the bucket and role, for runs started by hand (the runbook's commands).
    :param fail_on_warning: also fail the deploy when the run ends with `warning`. Default: False (a
        warning is logged and the results are in the bucket).
    :param results_expiration: how long the task's results are kept in the wave's results bucket. Replication
        instance tasks only (DMS Serverless keeps results in a bucket it manages). Default: 365 days.
    """

    include_only: Sequence[str] = ()
    exclude: Sequence[str] = ()
    run_on_create: bool = True
    fail_on_warning: bool = False
    results_expiration: Optional[Duration] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "include_only", tuple(self.include_only))
        object.__setattr__(self, "exclude", tuple(self.exclude))
        # DMS API reference, "StartReplicationTaskAssessmentRun": IncludeOnly cannot be set with Exclude.
        if self.include_only and self.exclude:
            fail(
                "PremigrationAssessment.exclude",
                list(self.exclude),
                "cannot be combined with include_only (DMS takes one list or the other)",
                "list the assessments to run in include_only, or the ones to skip in exclude",
            )
        for field, names in (("include_only", self.include_only), ("exclude", self.exclude)):
            seen: set[str] = set()
            for name in names:
                if not isinstance(name, str) or not _NAME.match(name):
                    fail(
                        f"PremigrationAssessment.{field}",
                        name,
                        "is not an individual assessment name",
                        "use the assessment's API key from the DMS user guide, e.g. 'unsupported-data-types-in-source'",
                    )
                if name in seen:
                    fail(f"PremigrationAssessment.{field}", name, "is listed twice", "list each assessment once")
                seen.add(name)
                if name not in GENERAL_ASSESSMENTS and not name.startswith(ENGINE_PREFIXES):
                    fail(
                        f"PremigrationAssessment.{field}",
                        name,
                        "is not a documented individual assessment",
                        f"use one of {', '.join(sorted(GENERAL_ASSESSMENTS))}, or an engine assessment "
                        f"({', '.join(p + '...' for p in ENGINE_PREFIXES)}) from the DMS user guide",
                    )
        expiration = self.results_expiration
        if expiration is not None and not expiration.is_unresolved():
            # S3 lifecycle expiration counts whole days (Amazon S3 user guide, "Lifecycle configuration elements").
            hours = expiration.to_hours(integral=False)
            if hours < 24 or hours % 24:
                fail(
                    "PremigrationAssessment.results_expiration",
                    expiration.to_human_string(),
                    "must be a whole number of days, at least one",
                    "keep results for whole days, e.g. Duration.days(365)",
                )


class PremigrationAssessments(Construct):
    """The wave's assessment results bucket, its access-log bucket and the role DMS writes with
    (`<wave>/Assessments`), created by the first assessed task."""

    def __init__(self, wave: "WaveContext", id: str) -> None:
        super().__init__(scope_of(wave), id)
        adopt(scope_of(wave), id, self)  # `of` finds it without a look-up
        # S3 delivers the access logs by the logs bucket's policy (logging.s3.amazonaws.com, conditioned on the
        # results bucket and this account), never by an ACL: the bucket owner owns every object, whatever the
        # app's feature flags (Amazon S3 user guide, "Permissions for log delivery").
        self.node.set_context("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", True)
        self._wave = wave
        key = wave.encryption_key
        self.access_logs = access_log_bucket(self, "AccessLogs", removal_policy=wave.removal_policy, logged=_RESULTS)
        self.bucket = private_bucket(
            self, "Results", removal_policy=wave.removal_policy, access_logs=self.access_logs,
            access_logs_prefix="results/", encryption_key=key,
        )
        conditions = dms_source_conditions()
        self.role = iam.Role(
            self,
            "ServiceRole",
            assumed_by=iam.CompositePrincipal(
                dms_regional_principal().with_conditions(conditions),
                iam.ServicePrincipal("dms.amazonaws.com").with_conditions(conditions),
            ),
            description=f"Lets AWS DMS write the pre-migration assessment results of migration wave {wave.name}.",
        )
        self.policy = iam.ManagedPolicy(
            self,
            "ServicePolicy",
            description=f"Pre-migration assessment results of migration wave {wave.name}.",
            roles=[self.role],
            statements=[
                iam.PolicyStatement(actions=["s3:ListBucket", "s3:GetBucketLocation"], resources=[self.bucket.bucket_arn]),
                # SSE-KMS writes and reads need the key (Amazon S3 user guide, "Using server-side encryption
                # with AWS KMS keys": GenerateDataKey to write, Decrypt to read).
                iam.PolicyStatement(actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[key.key_arn]),
            ],
        )
        self._acknowledge()

    def add_task(self, task: "ReplicationTask", assessment: PremigrationAssessment) -> str:
        """Give `task` its results folder (its DMS identifier): DMS may write there, and a lifecycle rule
        expires what it writes. Returns the folder."""
        folder = task.identifier
        expiration = assessment.results_expiration or DEFAULT_RESULTS_EXPIRATION
        self.bucket.add_lifecycle_rule(id=f"expire-{folder}", prefix=f"{folder}/", expiration=expiration)
        objects = self.bucket.arn_for_objects(f"{folder}/*")
        self.policy.add_statements(
            iam.PolicyStatement(actions=["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutObjectTagging"], resources=[objects])
        )
        finding = f"AwsSolutions-IAM5[Resource::{nag_arn(Stack.of(self).resolve(objects))}]"
        acknowledge(self.policy, finding, _TASK_OBJECTS)
        return folder

    def _acknowledge(self) -> None:
        acknowledge_not_replicated(_NOT_REPLICATED, self.access_logs, self.bucket)

    @staticmethod
    def of(wave: "WaveContext") -> "PremigrationAssessments":
        """The wave's assessment resources, created on first use."""
        existing = adopted(scope_of(wave), "Assessments", PremigrationAssessments)
        return existing if existing is not None else PremigrationAssessments(wave, "Assessments")


def _run(wave: "WaveContext", assessments: PremigrationAssessments, task: "ReplicationTask", assessment: PremigrationAssessment, folder: str) -> CustomResource:
    """A `Custom::DmsPremigrationAssessment` (id `Assessment` under the task) that assesses `task` once, after
    it is created, served by the wave's preflight provider."""
    provider = PreflightProvider.of(wave)
    provider.allow_assessment(task.task_arn, assessments.role.role_arn)
    resource = CustomResource(
        task,
        "Assessment",
        service_token=provider.service_token,
        resource_type=RESOURCE_TYPE,
        service_timeout=SERVICE_TIMEOUT,
        properties={
            "TaskArn": task.task_arn,
            "TaskName": task.identifier,
            "ServiceAccessRoleArn": assessments.role.role_arn,
            "Bucket": assessments.bucket.bucket_name,
            "Folder": folder,
            "KmsKeyArn": wave.encryption_key.key_arn,
            "IncludeOnly": list(assessment.include_only),
            "Exclude": list(assessment.exclude),
            "FailOnWarning": "true" if assessment.fail_on_warning else "false",
        },
    )
    # DMS writes with the role as soon as the run starts: its policy and the buckets come first.
    # The role and the results bucket are referenced above already (cfn-lint W3005); their policies are not.
    for child in assessments.node.children:
        if child is not assessments.role and child is not assessments.bucket:
            resource.node.add_dependency(child)
    if assessments.bucket.policy is not None:
        resource.node.add_dependency(assessments.bucket.policy)
    return resource


def set_up_serverless(wave: "WaveContext", field: str, assessment: PremigrationAssessment, *, start_after_create: bool) -> None:
    """Check a serverless task's assessment (what DMS Serverless cannot do is refused, see the module docstring)
    and let DMS encrypt its results with the wave's key (`allow_dms_results`)."""
    if assessment.fail_on_warning:
        fail(f"{field}.fail_on_warning", True, "cannot stop a serverless replication: DMS Serverless starts it after an "
             "assessment that ends with warnings (only a failed one keeps it from starting)", "leave fail_on_warning off for "
             "serverless tasks, or use a replication instance")
    if assessment.results_expiration is not None:
        fail(f"{field}.results_expiration", assessment.results_expiration.to_human_string(), "cannot be set for a serverless "
             "replication: DMS Serverless keeps the results in an S3 bucket it creates and manages", "leave results_expiration "
             "unset for serverless tasks")
    if assessment.run_on_create and not start_after_create:
        fail(f"{field}.run_on_create", True, "needs start_after_create=True on a serverless task: DMS Serverless assesses a "
             "replication only as part of starting it (StartReplication)", "pass start_after_create=True so that the deploy starts "
             "it after the assessment passed, or PremigrationAssessment(run_on_create=False) and start it with the runbook's "
             "command, which carries the assessment settings")
    if isinstance(wave.encryption_key, kms.Key):
        allow_dms_results(wave.encryption_key)


def serverless_settings(wave: "WaveContext", task: "AnyTask", assessment: PremigrationAssessment) -> dict[str, Any]:
    """What a serverless task's first start passes as `PremigrationAssessmentSettings` (the start-once handler
    writes it as JSON, adding `FailOnAssessmentFailure: true`): the task's results folder, SSE-KMS with the
    wave's key, and the assessments to run."""
    return {
        "ResultLocationFolder": task.identifier,
        "ResultEncryptionMode": "SSE_KMS",
        "ResultKmsKeyArn": wave.encryption_key.key_arn,
        "IncludeOnly": list(assessment.include_only),
        "Exclude": list(assessment.exclude),
    }


def allow_dms_results(key: kms.Key) -> None:
    """Let DMS encrypt serverless assessment results with `key`: DMS Serverless writes them to a bucket it manages,
    not as one of our roles, so the key policy must let DMS itself use the key (DMS user guide, "AWS DMS Serverless
    premigration", "Using KMS key to encrypt files"). Only on behalf of this account's DMS resources in this region
    (`credentials.dms_source_conditions`, DMS user guide "Cross-service confused deputy prevention").

    Unconfirmed: the exact statement that guide section shows could not be read here; this is the narrowest grant
    that lets the DMS service principal write and read SSE-KMS objects. A run that cannot use the key ends
    `error-provisioning` with DMS's message, which fails the deploy."""
    if getattr(key, "_dms_assessment_results_allowed", False):
        return
    key._dms_assessment_results_allowed = True  # type: ignore[attr-defined]
    conditions = dms_source_conditions()
    key.add_to_resource_policy(
        iam.PolicyStatement(
            sid="AllowDmsServerlessAssessmentResults",
            principals=[iam.ServicePrincipal("dms.amazonaws.com"), dms_regional_principal()],
            actions=["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
            resources=["*"],
            conditions=conditions,
        )
    )


def assess(wave: "WaveContext", task: "ReplicationTask", assessment: PremigrationAssessment) -> Optional[CustomResource]:
    """Set up `assessment` of `task`: its results folder and permissions, and with `run_on_create` the
    custom resource that runs it (returned; None otherwise)."""
    assessments = PremigrationAssessments.of(wave)
    folder = assessments.add_task(task, assessment)
    if not assessment.run_on_create:
        return None
    return _run(wave, assessments, task, assessment, folder)


_TASK_OBJECTS = (
    "Objects under one assessed task's folder of the wave's assessment results bucket: DMS names the result files per "
    "run (summary.json and one file per individual assessment), so no narrower key pattern exists."
)
_RESULTS = "the assessment results bucket"
_NOT_REPLICATED = (
    "Pre-migration assessment results (and their access logs) are reproducible reports of one migration wave: a "
    "new run recreates them, so a cross-region replica would add cost without protecting any data."
)
