"""Pre-migration assessments (`add_task(..., assessment=PremigrationAssessment(...))`): the wave's results
bucket, its access-log bucket, the role DMS writes with, the run-on-create custom resource, and its handler.

Template tests read a wave whose task `a` is assessed on create and started after it, task `b` gets a
results folder only (`run_on_create=False`) and task `c` has no assessment, through the five compliance
packs. moto models no assessment runs, so the handler runs against botocore's Stubber: ready and slow
tasks, passed, warning and failed runs (with the failing individual assessments named), retried and
missing cases.
"""

from __future__ import annotations

import boto3
import pytest
from aws_cdk import App, Duration, Validations
from aws_cdk import aws_ec2 as ec2
from botocore.stub import Stubber
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    DmsConfigError,
    DmsServiceRoles,
    EndpointCredentials,
    MigrationWave,
    PremigrationAssessment,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

from .conftest import env_stack, routed_network
from .helpers import resources

REGION = "eu-west-1"
ASSESSMENT = "Custom::DmsPremigrationAssessment"


def _pg(name: str, cidr: str) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=name, database_name="app", peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    )


def _build(stack, **wave_props) -> MigrationWave:
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack), **wave_props)
    source, target = wave.add_source("src", _pg("s", "10.1.0.0/16")), wave.add_target("dst", _pg("t", "10.2.0.0/16"))
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"), start_after_create=True,
                  assessment=PremigrationAssessment(exclude=["postgres-check-pglogical"], fail_on_warning=True))
    wave.add_task("b", source=source, target=target, table_mappings=TableMappings().include("b", "%"),
                  assessment=PremigrationAssessment(run_on_create=False, results_expiration=Duration.days(90)))
    wave.add_task("c", source=source, target=target, table_mappings=TableMappings().include("c", "%"))
    return wave


@pytest.fixture(scope="module")
def template():
    app = App()
    stack = env_stack(app)
    _build(stack, verify_connections=True)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app), PCIDSS321Checks(app), DmsChecks(app))
    return app.synth().get_stack_by_name(stack.stack_name).template  # the compliance gate passes


def _one(template: dict, type_: str, prefix: str) -> tuple[str, dict]:
    (item,) = [(k, v) for k, v in resources(template, type_).items() if k.startswith(prefix)]
    return item


# --- template: buckets ---------------------------------------------------------------------------------


def test_results_are_encrypted_with_the_wave_s_key_versioned_private_and_access_logged(template):
    key_id, _ = _one(template, "AWS::KMS::Key", "WKey")
    logs_id, _ = _one(template, "AWS::S3::Bucket", "WAssessmentsAccessLogs")
    _, results = _one(template, "AWS::S3::Bucket", "WAssessmentsResults")
    props = results["Properties"]
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [
        {"BucketKeyEnabled": True, "ServerSideEncryptionByDefault": {"KMSMasterKeyID": {"Fn::GetAtt": [key_id, "Arn"]}, "SSEAlgorithm": "aws:kms"}}
    ]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True
    }
    assert props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    assert props["LoggingConfiguration"] == {"DestinationBucketName": {"Ref": logs_id}, "LogFilePrefix": "results/"}
    assert results["DeletionPolicy"] == "Retain"


def test_each_task_s_results_expire_by_its_own_rule(template):
    _, results = _one(template, "AWS::S3::Bucket", "WAssessmentsResults")
    rules = {r["Id"]: r for r in results["Properties"]["LifecycleConfiguration"]["Rules"]}
    assert rules["expire-w-a-dms"] == {"Id": "expire-w-a-dms", "Prefix": "w-a-dms/", "ExpirationInDays": 365, "Status": "Enabled"}
    assert rules["expire-w-b-dms"] == {"Id": "expire-w-b-dms", "Prefix": "w-b-dms/", "ExpirationInDays": 90, "Status": "Enabled"}
    assert rules["versions"]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30}
    assert sorted(rules) == ["expire-w-a-dms", "expire-w-b-dms", "versions"]


def test_both_buckets_refuse_requests_without_tls(template):
    for prefix in ("WAssessmentsResults", "WAssessmentsAccessLogs"):
        bucket_id, _ = _one(template, "AWS::S3::Bucket", prefix)
        (policy,) = [p for p in resources(template, "AWS::S3::BucketPolicy").values() if p["Properties"]["Bucket"] == {"Ref": bucket_id}]
        deny = [s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Deny"]
        assert deny and deny[0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} and deny[0]["Action"] == "s3:*"


def test_the_access_log_bucket_is_sse_s3_because_s3_logs_to_no_other(template):
    _, logs = _one(template, "AWS::S3::Bucket", "WAssessmentsAccessLogs")
    props = logs["Properties"]
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 365
    skips = {s["id"] for s in logs["Metadata"]["checkov"]["skip"]}
    assert skips == {"CKV_AWS_18", "CKV_AWS_145"}


# --- template: the role DMS writes with ----------------------------------------------------------------


def test_only_dms_of_this_account_and_region_assumes_the_role(template):
    _, role = _one(template, "AWS::IAM::Role", "WAssessmentsServiceRole")
    statements = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    regional = {"Fn::Join": ["", ["dms.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}]]}
    assert [s["Principal"]["Service"] for s in statements] == [regional, "dms.amazonaws.com"]
    this_account_dms = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":dms:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":*"]]}
    for statement in statements:
        assert statement["Action"] == "sts:AssumeRole"
        assert statement["Condition"] == {
            "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
            "ArnLike": {"aws:SourceArn": this_account_dms},
        }


def test_s3_delivers_access_logs_by_bucket_policy_for_the_results_bucket_only(template):
    logs_id, logs = _one(template, "AWS::S3::Bucket", "WAssessmentsAccessLogs")
    results_id, _ = _one(template, "AWS::S3::Bucket", "WAssessmentsResults")
    assert "AccessControl" not in logs["Properties"]
    (policy,) = [p for p in resources(template, "AWS::S3::BucketPolicy").values() if p["Properties"]["Bucket"] == {"Ref": logs_id}]
    (delivery,) = [s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    assert delivery == {
        "Action": "s3:PutObject",
        "Condition": {"ArnLike": {"aws:SourceArn": {"Fn::GetAtt": [results_id, "Arn"]}}, "StringEquals": {"aws:SourceAccount": "123456789012"}},
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [logs_id, "Arn"]}, "/results/*"]]},
    }


def test_the_role_may_write_only_the_assessed_tasks_folders_and_use_the_wave_s_key(template):
    key_id, _ = _one(template, "AWS::KMS::Key", "WKey")
    bucket_id, _ = _one(template, "AWS::S3::Bucket", "WAssessmentsResults")
    role_id, _ = _one(template, "AWS::IAM::Role", "WAssessmentsServiceRole")
    _, policy = _one(template, "AWS::IAM::ManagedPolicy", "WAssessmentsServicePolicy")
    assert policy["Properties"]["Roles"] == [{"Ref": role_id}]
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    objects = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutObjectTagging"]
    folder = lambda name: {"Fn::Join": ["", [{"Fn::GetAtt": [bucket_id, "Arn"]}, f"/{name}/*"]]}  # noqa: E731
    assert statements == [
        {"Action": ["s3:ListBucket", "s3:GetBucketLocation"], "Effect": "Allow", "Resource": {"Fn::GetAtt": [bucket_id, "Arn"]}},
        {"Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Effect": "Allow", "Resource": {"Fn::GetAtt": [key_id, "Arn"]}},
        {"Action": objects, "Effect": "Allow", "Resource": folder("w-a-dms")},
        {"Action": objects, "Effect": "Allow", "Resource": folder("w-b-dms")},
    ]


# --- template: the run on create -----------------------------------------------------------------------


def test_only_the_task_assessed_on_create_gets_a_run_with_its_settings(template):
    runs = resources(template, ASSESSMENT)
    (run_id,) = runs
    assert run_id.startswith("WTasksaAssessment")
    props = runs[run_id]["Properties"]
    task_id, _ = _one(template, "AWS::DMS::ReplicationTask", "WTasksa")
    key_id, _ = _one(template, "AWS::KMS::Key", "WKey")
    bucket_id, _ = _one(template, "AWS::S3::Bucket", "WAssessmentsResults")
    role_id, _ = _one(template, "AWS::IAM::Role", "WAssessmentsServiceRole")
    assert {k: v for k, v in props.items() if k != "ServiceToken"} == {
        "TaskArn": {"Ref": task_id},
        "TaskName": "w-a-dms",
        "ServiceAccessRoleArn": {"Fn::GetAtt": [role_id, "Arn"]},
        "Bucket": {"Ref": bucket_id},
        "Folder": "w-a-dms",
        "KmsKeyArn": {"Fn::GetAtt": [key_id, "Arn"]},
        "IncludeOnly": [],
        "Exclude": ["postgres-check-pglogical"],
        "FailOnWarning": "true",
        "ServiceTimeout": "3600",
    }


def test_the_run_waits_for_the_role_s_policy_the_buckets_and_the_connection_tests_and_the_start_for_the_run(template):
    run_id, run = _one(template, ASSESSMENT, "WTasksaAssessment")
    needs = set(run["DependsOn"])
    policy_id, _ = _one(template, "AWS::IAM::ManagedPolicy", "WAssessmentsServicePolicy")
    logs_id, _ = _one(template, "AWS::S3::Bucket", "WAssessmentsAccessLogs")
    tests = set(resources(template, "Custom::DmsConnectionTest"))
    assert len(tests) == 2 and tests <= needs
    assert {policy_id, logs_id} <= needs
    _, start = _one(template, "Custom::DmsStartOnce", "WTasksaStartOnce")
    assert run_id in start["DependsOn"] and tests <= set(start["DependsOn"])


def test_the_runner_may_start_runs_of_the_assessed_task_only_and_pass_only_the_role_to_dms(template):
    task_id, _ = _one(template, "AWS::DMS::ReplicationTask", "WTasksa")
    role_id, _ = _one(template, "AWS::IAM::Role", "WAssessmentsServiceRole")
    _, policy = _one(template, "AWS::IAM::ManagedPolicy", "WPreflightHandlerPolicy")
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    by_action = {s["Action"] if isinstance(s["Action"], str) else tuple(s["Action"]): s for s in statements}
    assert by_action["dms:StartReplicationTaskAssessmentRun"]["Resource"] == {"Ref": task_id}
    assert by_action["iam:PassRole"]["Resource"] == {"Fn::GetAtt": [role_id, "Arn"]}
    assert by_action["iam:PassRole"]["Condition"] == {"StringEquals": {"iam:PassedToService": "dms.amazonaws.com"}}
    describe = by_action[("dms:DescribeReplicationTasks", "dms:DescribeReplicationTaskAssessmentRuns", "dms:DescribeReplicationTaskIndividualAssessments")]
    assert describe["Resource"] == "*"


def test_no_assessment_no_bucket():
    app = App()
    stack = env_stack(app)
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack))
    source, target = wave.add_source("src", _pg("s", "10.1.0.0/16")), wave.add_target("dst", _pg("t", "10.2.0.0/16"))
    wave.add_task("c", source=source, target=target, table_mappings=TableMappings().include("c", "%"))
    template = app.synth().get_stack_by_name(stack.stack_name).template
    assert resources(template, "AWS::S3::Bucket") == {} and resources(template, ASSESSMENT) == {}


# --- validation ----------------------------------------------------------------------------------------


def _message(**props) -> str:
    with pytest.raises(DmsConfigError) as error:
        PremigrationAssessment(**props)
    return str(error.value)


def test_include_only_and_exclude_together_are_refused():
    assert _message(include_only=["unsupported-data-types-in-source"], exclude=["postgres-check-pk"]) == (
        "PremigrationAssessment.exclude: cannot be combined with include_only (DMS takes one list or the other) "
        "(got ['postgres-check-pk']); list the assessments to run in include_only, or the ones to skip in exclude"
    )


def test_a_malformed_name_is_refused():
    assert _message(include_only=["Unsupported Data Types"]) == (
        "PremigrationAssessment.include_only: is not an individual assessment name (got 'Unsupported Data Types'); "
        "use the assessment's API key from the DMS user guide, e.g. 'unsupported-data-types-in-source'"
    )


def test_a_name_listed_twice_is_refused():
    assert _message(exclude=["postgres-check-pk", "postgres-check-pk"]) == (
        "PremigrationAssessment.exclude: is listed twice (got 'postgres-check-pk'); list each assessment once"
    )


def test_an_undocumented_name_is_refused():
    assert _message(include_only=["table-without-primary-key"]) == (
        "PremigrationAssessment.include_only: is not a documented individual assessment (got 'table-without-primary-key'); "
        "use one of full-lob-not-nullable-at-target, table-with-lob-but-without-primary-key-or-unique-constraint, "
        "table-with-no-primary-key-or-unique-constraint, target-table-has-unique-key-or-primary-key-for-cdc, "
        "unsupported-data-types-in-source, unsupported-source-pk-type-for-elasticsearch-target, or an engine assessment "
        "(oracle-..., sqlserver-..., mysql-..., mariadb-..., postgres-..., db2-...) from the DMS user guide"
    )


def test_documented_and_engine_names_are_accepted():
    assessment = PremigrationAssessment(include_only=["unsupported-data-types-in-source", "postgres-check-wallevel"])
    assert assessment.include_only == ("unsupported-data-types-in-source", "postgres-check-wallevel")


def test_results_kept_less_than_a_day_are_refused():
    assert _message(results_expiration=Duration.hours(12)) == (
        "PremigrationAssessment.results_expiration: must be a whole number of days, at least one (got '12 hours'); "
        "keep results for whole days, e.g. Duration.days(365)"
    )
    assert "(got '1 day 12 hours')" in _message(results_expiration=Duration.hours(36))


# --- handler with botocore's Stubber (moto models no assessment runs) ----------------------------------

from dms_constructs.lifecycle.preflight import assessment as handler  # noqa: E402
from dms_constructs.lifecycle.preflight import dms_api  # noqa: E402  (the client both preflight handlers share)

TASK_ARN = "arn:aws:dms:eu-west-1:123456789012:task:TASKA"
RUN_ARN = "arn:aws:dms:eu-west-1:123456789012:assessment-run:RUN1"
ROLE_ARN = "arn:aws:iam::123456789012:role/assessments"
KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/k"
REQUEST_ID = "6b0f2d7e-1111-2222-3333-444455556666"
RUN_NAME = "w-a-f0c122c5"  # the task name and the first 8 hex digits of SHA-256(REQUEST_ID)
BY_TASK = {"Filters": [{"Name": "replication-task-arn", "Values": [TASK_ARN]}]}
TASK_BY_ARN = {"Filters": [{"Name": "replication-task-arn", "Values": [TASK_ARN]}], "WithoutSettings": True}


@pytest.fixture
def stubbed(monkeypatch):
    client = boto3.client("dms", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
    monkeypatch.setattr(dms_api, "_CLIENT", client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _event(request: str = "Create", *, include_only=(), exclude=(), fail_on_warning: str = "false") -> dict:
    props = {
        "ServiceToken": "x", "TaskArn": TASK_ARN, "TaskName": "w-a", "ServiceAccessRoleArn": ROLE_ARN, "Bucket": "results",
        "Folder": "w-a", "KmsKeyArn": KEY_ARN, "IncludeOnly": list(include_only), "Exclude": list(exclude), "FailOnWarning": fail_on_warning,
    }
    event = {"RequestType": request, "RequestId": REQUEST_ID, "ResourceType": ASSESSMENT, "ResourceProperties": props}
    if request != "Create":
        event["PhysicalResourceId"] = f"assessment-{RUN_NAME}"
    return event


def _created(**kwargs) -> dict:
    event = _event(**kwargs)
    return {**event, **handler.on_event(event)}


def _task(status: str, **extra) -> dict:
    return {"ReplicationTasks": [dict({"ReplicationTaskArn": TASK_ARN, "ReplicationTaskIdentifier": "w-a", "Status": status}, **extra)]}


def _runs(*runs: dict) -> dict:
    return {"ReplicationTaskAssessmentRuns": list(runs)}


def _run(status: str, name: str = RUN_NAME, **extra) -> dict:
    return dict({"ReplicationTaskAssessmentRunArn": RUN_ARN, "ReplicationTaskArn": TASK_ARN, "AssessmentRunName": name, "Status": status}, **extra)


START = {
    "ReplicationTaskArn": TASK_ARN, "ServiceAccessRoleArn": ROLE_ARN, "ResultLocationBucket": "results", "ResultEncryptionMode": "SSE_KMS",
    "ResultKmsKeyArn": KEY_ARN, "AssessmentRunName": RUN_NAME, "ResultLocationFolder": "w-a",
}


def test_create_names_one_run_per_request_and_starts_nothing(stubbed, monkeypatch):
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000.5)
    result = handler.on_event(_event())
    assert result == {"PhysicalResourceId": f"assessment-{RUN_NAME}", "Data": {"AssessmentRunName": RUN_NAME}, "RequestedAt": "1790000000"}
    assert handler.run_name("w-" + "x" * 60, REQUEST_ID) == "w-" + "x" * 38 + "-f0c122c5"  # at most 40 of the name


def test_a_ready_task_is_assessed_once_and_a_passed_run_completes(stubbed):
    request = _created(exclude=["postgres-check-pglogical"])
    stubbed.add_client_error("describe_replication_task_assessment_runs", "ResourceNotFoundFault", "No assessment runs", expected_params=BY_TASK)
    stubbed.add_response("describe_replication_tasks", _task("ready"), TASK_BY_ARN)
    stubbed.add_response("start_replication_task_assessment_run", {"ReplicationTaskAssessmentRun": _run("starting")}, {**START, "Exclude": ["postgres-check-pglogical"]})
    assert handler.is_complete(request) == {"IsComplete": False}
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(_run("running", name="someone-else"), _run("running")), BY_TASK)
    assert handler.is_complete(request) == {"IsComplete": False}  # slow: still running, never started twice
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(_run("passed")), BY_TASK)
    assert handler.is_complete(request) == {"IsComplete": True, "Data": {"AssessmentRunArn": RUN_ARN, "Status": "passed"}}


def test_include_only_is_passed_to_dms(stubbed):
    request = _created(include_only=["unsupported-data-types-in-source"])
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(), BY_TASK)
    stubbed.add_response("describe_replication_tasks", _task("ready"), TASK_BY_ARN)
    stubbed.add_response("start_replication_task_assessment_run", {"ReplicationTaskAssessmentRun": _run("starting")}, {**START, "IncludeOnly": ["unsupported-data-types-in-source"]})
    assert handler.is_complete(request) == {"IsComplete": False}


def test_a_task_still_being_created_is_waited_on(stubbed):
    request = _created()
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(), BY_TASK)
    stubbed.add_response("describe_replication_tasks", _task("creating"), TASK_BY_ARN)
    assert handler.is_complete(request) == {"IsComplete": False}


def test_a_start_dms_keeps_refusing_fails_after_ten_minutes_with_dms_s_message(stubbed, monkeypatch):
    request = {**_event(), "Data": {"AssessmentRunName": RUN_NAME}, "RequestedAt": "1790000000"}
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 600)
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(), BY_TASK)
    stubbed.add_response("describe_replication_tasks", _task("ready"), TASK_BY_ARN)
    stubbed.add_client_error("start_replication_task_assessment_run", "InvalidResourceStateFault", "Replication instance is being modified", expected_params=START)
    stubbed.add_response("describe_replication_tasks", _task("ready"), TASK_BY_ARN)
    with pytest.raises(handler.AssessmentError, match=r"^DMS still refuses to start the pre-migration assessment of task w-a \(ready\) 10 minutes after the request: Replication instance is being modified$"):
        handler.is_complete(request)


def test_a_refusal_after_ten_minutes_of_a_task_that_moved_on_is_waited_on(stubbed, monkeypatch):
    request = {**_event(), "Data": {"AssessmentRunName": RUN_NAME}, "RequestedAt": "1790000000"}
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 900)
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(), BY_TASK)
    stubbed.add_response("describe_replication_tasks", _task("ready"), TASK_BY_ARN)
    stubbed.add_client_error("start_replication_task_assessment_run", "InvalidResourceStateFault", "Task is modifying", expected_params=START)
    stubbed.add_response("describe_replication_tasks", _task("modifying"), TASK_BY_ARN)
    assert handler.is_complete(request) == {"IsComplete": False}


def test_a_start_dms_refuses_for_now_is_retried_on_the_next_poll(stubbed):
    request = _created()
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(), BY_TASK)
    stubbed.add_response("describe_replication_tasks", _task("ready"), TASK_BY_ARN)
    stubbed.add_client_error("start_replication_task_assessment_run", "InvalidResourceStateFault", "Task is modifying", expected_params=START)
    assert handler.is_complete(request) == {"IsComplete": False}
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(), BY_TASK)
    stubbed.add_response("describe_replication_tasks", _task("ready"), TASK_BY_ARN)
    stubbed.add_client_error("start_replication_task_assessment_run", "ResourceAlreadyExistsFault", "exists", expected_params=START)
    assert handler.is_complete(request) == {"IsComplete": False}  # started by the previous attempt after all


def test_a_failed_run_fails_the_deploy_naming_the_failing_assessments(stubbed):
    request = _created()
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(_run("failed")), BY_TASK)
    stubbed.add_response(
        "describe_replication_task_individual_assessments",
        {"ReplicationTaskIndividualAssessments": [
            {"IndividualAssessmentName": "unsupported-data-types-in-source", "Status": "passed"},
            {"IndividualAssessmentName": "postgres-check-wallevel", "Status": "failed"},
            {"IndividualAssessmentName": "postgres-check-pk", "Status": "warning"},
            {"IndividualAssessmentName": "postgres-check-dbversion", "Status": "error"},
        ]},
        {"Filters": [{"Name": "replication-task-assessment-run-arn", "Values": [RUN_ARN]}]},
    )
    with pytest.raises(handler.AssessmentError) as error:
        handler.is_complete(request)
    assert str(error.value) == (
        f"Pre-migration assessment {RUN_NAME} of DMS task w-a failed; failing assessments: postgres-check-dbversion (error), "
        "postgres-check-wallevel (failed). Results: s3://results/w-a/"
    )


def test_a_warning_completes_unless_warnings_fail(stubbed):
    request = _created()
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(_run("warning")), BY_TASK)
    assert handler.is_complete(request)["IsComplete"] is True
    strict = _created(fail_on_warning="true")
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(_run("warning")), BY_TASK)
    stubbed.add_response(
        "describe_replication_task_individual_assessments",
        {"ReplicationTaskIndividualAssessments": [{"IndividualAssessmentName": "postgres-check-pk", "Status": "warning"}]},
        {"Filters": [{"Name": "replication-task-assessment-run-arn", "Values": [RUN_ARN]}]},
    )
    with pytest.raises(handler.AssessmentError, match=r"of DMS task w-a warning; failing assessments: postgres-check-pk \(warning\)\. Results: s3://results/w-a/$"):
        handler.is_complete(strict)


def test_an_error_run_carries_dms_s_failure_message(stubbed):
    request = _created()
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(_run("error-provisioning", LastFailureMessage="Access denied to bucket results")), BY_TASK)
    stubbed.add_response("describe_replication_task_individual_assessments", {"ReplicationTaskIndividualAssessments": []},
                         {"Filters": [{"Name": "replication-task-assessment-run-arn", "Values": [RUN_ARN]}]})
    with pytest.raises(handler.AssessmentError) as error:
        handler.is_complete(request)
    assert str(error.value) == f"Pre-migration assessment {RUN_NAME} of DMS task w-a error-provisioning (Access denied to bucket results). Results: s3://results/w-a/"


def test_a_missing_task_fails(stubbed):
    request = _created()
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(), BY_TASK)
    stubbed.add_client_error("describe_replication_tasks", "ResourceNotFoundFault", "No Tasks found", expected_params=TASK_BY_ARN)
    with pytest.raises(handler.AssessmentError) as error:
        handler.is_complete(request)
    assert str(error.value) == f"DMS replication task w-a ({TASK_ARN}) does not exist: it cannot be assessed"


def test_a_task_something_started_first_is_not_assessed(stubbed):
    request = _created()
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(), BY_TASK)
    stubbed.add_response("describe_replication_tasks", _task("running"), TASK_BY_ARN)
    with pytest.raises(handler.AssessmentError, match=r"^DMS replication task w-a is running: DMS assesses only a task that does not run"):
        handler.is_complete(request)


def test_a_start_dms_denies_fails_with_its_message(stubbed):
    request = _created()
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(), BY_TASK)
    stubbed.add_response("describe_replication_tasks", _task("ready"), TASK_BY_ARN)
    stubbed.add_client_error("start_replication_task_assessment_run", "KMSKeyNotAccessibleFault", "DMS cannot access the KMS key", expected_params=START)
    with pytest.raises(handler.AssessmentError) as error:
        handler.is_complete(request)
    assert str(error.value) == "DMS could not start the pre-migration assessment of task w-a: KMSKeyNotAccessibleFault: DMS cannot access the KMS key"


def test_updates_and_deletes_run_nothing(stubbed):
    for request in ("Update", "Delete"):
        event = _event(request)
        assert handler.on_event(event) == {"PhysicalResourceId": f"assessment-{RUN_NAME}"}
        assert handler.is_complete(event) == {"IsComplete": True}


def test_bad_events_fail_with_what_was_expected():
    with pytest.raises(handler.AssessmentError) as error:
        handler.on_event({"RequestType": "Create", "ResourceProperties": {"TaskArn": TASK_ARN}})
    assert str(error.value) == "pre-migration assessment: expected ServiceAccessRoleArn, Bucket, KmsKeyArn in the resource properties"


def test_runs_on_later_pages_are_found(stubbed):
    request = _created()
    stubbed.add_response("describe_replication_task_assessment_runs", {**_runs(_run("passed", name="older")), "Marker": "m1"}, BY_TASK)
    stubbed.add_response("describe_replication_task_assessment_runs", _runs(_run("passed")), {**BY_TASK, "Marker": "m1"})
    assert handler.is_complete(request)["IsComplete"] is True
