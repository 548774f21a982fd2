"""Pre-migration assessments of serverless replications: DMS Serverless has no assessment-only run; it assesses
a replication as part of `StartReplication` (`PremigrationAssessmentSettings`), keeps the results in a bucket it
manages and does not start the replication when the assessment fails (DMS user guide, "AWS DMS Serverless
premigration"). So the assessment rides on the task's first start: the template carries the settings on the
`Custom::DmsStartOnce` resource, and the start-once handler (against botocore's Stubber: moto models no
serverless replications) starts with them, waits for the assessment and fails the deploy when it fails.
"""

from __future__ import annotations

import datetime

import boto3
import pytest
from aws_cdk import App, Duration, Validations
from aws_cdk import aws_ec2 as ec2
from botocore.stub import Stubber
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import DatabaseEndpoint, DmsConfigError, EndpointCredentials, MigrationWave, PremigrationAssessment, ServerlessCapacity
from dms_constructs.checks import DmsChecks
from dms_constructs.lifecycle.start_once import handler
from dms_constructs.table_mappings import TableMappings

from .conftest import env_stack, routed_network
from .helpers import resources

REGION = "eu-west-1"


def _pg(name: str, cidr: str) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=name, database_name="app", peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    )


def _wave(stack) -> tuple[MigrationWave, object, object]:
    wave = MigrationWave(stack, "L", network=routed_network(stack), capacity=ServerlessCapacity())
    return wave, wave.add_source("src", _pg("s", "10.1.0.0/16")), wave.add_target("dst", _pg("t", "10.2.0.0/16"))


@pytest.fixture(scope="module")
def template():
    """Task `a` is started by the deploy with its assessment; `b` is assessed when someone starts it (the runbook's
    command); `c` has none."""
    app = App()
    stack = env_stack(app)
    wave, source, target = _wave(stack)
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"), start_after_create=True,
                  assessment=PremigrationAssessment(include_only=["unsupported-data-types-in-source", "postgres-check-wallevel"]))
    wave.add_task("b", source=source, target=target, table_mappings=TableMappings().include("b", "%"),
                  assessment=PremigrationAssessment(run_on_create=False))
    wave.add_task("c", source=source, target=target, table_mappings=TableMappings().include("c", "%"), start_after_create=True)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app), PCIDSS321Checks(app), DmsChecks(app))
    return app.synth().get_stack_by_name(stack.stack_name).template  # the compliance gate passes


def _one(template: dict, type_: str, prefix: str) -> tuple[str, dict]:
    (item,) = [(k, v) for k, v in resources(template, type_).items() if k.startswith(prefix)]
    return item


# --- template ------------------------------------------------------------------------------------------


def test_the_first_start_carries_the_assessment_settings_and_the_unassessed_start_none(template):
    key_id, _ = _one(template, "AWS::KMS::Key", "LKey")
    config_id, _ = _one(template, "AWS::DMS::ReplicationConfig", "LTasksa")
    _, start = _one(template, "Custom::DmsStartOnce", "LTasksaStartOnce")
    assert {k: v for k, v in start["Properties"].items() if k != "ServiceToken"} == {
        "Kind": "serverless",
        "Arn": {"Ref": config_id},
        "Name": "l-a-dms",
        "TaskLogicalId": config_id,
        "TaskDeletionPolicy": "Delete",
        "PremigrationAssessment": {
            "ResultLocationFolder": "l-a-dms",
            "ResultEncryptionMode": "SSE_KMS",
            "ResultKmsKeyArn": {"Fn::GetAtt": [key_id, "Arn"]},
            "IncludeOnly": ["unsupported-data-types-in-source", "postgres-check-wallevel"],
            "Exclude": [],
        },
        "ServiceTimeout": "3600",
    }
    _, plain = _one(template, "Custom::DmsStartOnce", "LTaskscStartOnce")
    assert "PremigrationAssessment" not in plain["Properties"]
    assert [k for k in resources(template, "Custom::DmsStartOnce") if k.startswith("LTasksb")] == []  # started by hand


def test_dms_serverless_gets_no_bucket_or_role_of_ours_and_no_assessment_resource(template):
    assert resources(template, "AWS::S3::Bucket") == {}
    assert resources(template, "Custom::DmsPremigrationAssessment") == {}
    assert [k for k in resources(template, "AWS::IAM::Role") if "Assessments" in k] == []


def test_dms_may_use_the_wave_s_key_for_results_only_for_this_account_s_dms_resources(template):
    _, key = _one(template, "AWS::KMS::Key", "LKey")
    (statement,) = [s for s in key["Properties"]["KeyPolicy"]["Statement"] if s.get("Sid") == "AllowDmsServerlessAssessmentResults"]
    assert statement == {
        "Sid": "AllowDmsServerlessAssessmentResults",
        "Effect": "Allow",
        "Principal": {"Service": ["dms.amazonaws.com", {"Fn::Join": ["", ["dms.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}]]}]},
        "Action": ["kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
        "Resource": "*",
        "Condition": {
            "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
            "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":dms:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":*"]]}},
        },
    }


def test_the_starter_may_read_individual_assessments_and_start_only_its_configs(template):
    _, policy = _one(template, "AWS::IAM::ManagedPolicy", "LStarterHandlerPolicy")
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    by_action = {s["Action"] if isinstance(s["Action"], str) else tuple(s["Action"]): s for s in statements}
    assert by_action["dms:DescribeReplicationTaskIndividualAssessments"]["Resource"] == "*"
    starts = [s["Resource"] for s in statements if s["Action"] == ["dms:StartReplication", "dms:StopReplication"]]
    a_id, _ = _one(template, "AWS::DMS::ReplicationConfig", "LTasksa")
    c_id, _ = _one(template, "AWS::DMS::ReplicationConfig", "LTasksc")
    assert sorted(starts, key=str) == sorted([{"Ref": a_id}, {"Ref": c_id}], key=str)
    assert not [s for s in statements if any(a.startswith(("kms:", "s3:", "iam:")) for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"]))]


def test_without_a_serverless_assessment_the_key_policy_is_unchanged():
    stack = env_stack()
    wave, source, target = _wave(stack)
    wave.add_task("c", source=source, target=target, table_mappings=TableMappings().include("c", "%"), start_after_create=True)
    template = App.of(stack).synth().get_stack_by_name(stack.stack_name).template
    _, key = _one(template, "AWS::KMS::Key", "LKey")
    assert [s for s in key["Properties"]["KeyPolicy"]["Statement"] if s.get("Sid") == "AllowDmsServerlessAssessmentResults"] == []


# --- what DMS Serverless cannot do is refused ------------------------------------------------------------


def _refused(assessment: PremigrationAssessment, start_after_create: bool = True) -> str:
    stack = env_stack()
    wave, source, target = _wave(stack)
    with pytest.raises(DmsConfigError) as error:
        wave.add_task("c", source=source, target=target, table_mappings=TableMappings().include("c", "%"),
                      start_after_create=start_after_create, assessment=assessment)
    return str(error.value)


def test_an_assessment_on_create_needs_the_deploy_to_start_the_replication():
    assert _refused(PremigrationAssessment(), start_after_create=False) == (
        "MigrationWave(L).add_task(c).assessment.run_on_create: needs start_after_create=True on a serverless task: DMS "
        "Serverless assesses a replication only as part of starting it (StartReplication) (got True); pass "
        "start_after_create=True so that the deploy starts it after the assessment passed, or "
        "PremigrationAssessment(run_on_create=False) and start it with the runbook's command, which carries the "
        "assessment settings"
    )


def test_failing_on_warnings_is_refused_because_dms_serverless_starts_anyway():
    assert _refused(PremigrationAssessment(fail_on_warning=True)) == (
        "MigrationWave(L).add_task(c).assessment.fail_on_warning: cannot stop a serverless replication: DMS Serverless "
        "starts it after an assessment that ends with warnings (only a failed one keeps it from starting) (got True); "
        "leave fail_on_warning off for serverless tasks, or use a replication instance"
    )


def test_a_results_expiration_is_refused_because_the_bucket_is_dms_s():
    assert _refused(PremigrationAssessment(results_expiration=Duration.days(30))) == (
        "MigrationWave(L).add_task(c).assessment.results_expiration: cannot be set for a serverless replication: DMS "
        "Serverless keeps the results in an S3 bucket it creates and manages (got '30 days'); leave results_expiration "
        "unset for serverless tasks"
    )


def test_an_assessment_that_is_not_one_is_refused():
    assert _refused({"include_only": []}) == (  # type: ignore[arg-type]
        "MigrationWave(L).add_task(c).assessment: must be PremigrationAssessment, not dict (got {'include_only': []}); "
        "pass PremigrationAssessment(...)"
    )


# --- the start-once handler with botocore's Stubber ------------------------------------------------------

CONFIG_ARN = "arn:aws:dms:eu-west-1:123456789012:replication-config:XYZ"
RUN_ARN = "arn:aws:dms:eu-west-1:123456789012:assessment-run:SRUN1"
KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/k"
CONFIG_FILTER = {"Filters": [{"Name": "replication-config-arn", "Values": [CONFIG_ARN]}]}
RUN_FILTER = {"Filters": [{"Name": "replication-task-assessment-run-arn", "Values": [RUN_ARN]}]}
SETTINGS = (
    '{"FailOnAssessmentFailure": true, "IncludeOnly": ["unsupported-data-types-in-source"], "ResultEncryptionMode": "SSE_KMS", '
    '"ResultKmsKeyArn": "arn:aws:kms:eu-west-1:123456789012:key/k", "ResultLocationFolder": "l-a-dms"}'
)
START = {"ReplicationConfigArn": CONFIG_ARN, "StartReplicationType": "start-replication", "PremigrationAssessmentSettings": SETTINGS}
RESULTS_BUCKET = "dms-serverless-premigration-results-abc123"


@pytest.fixture
def stubbed(monkeypatch):
    client = boto3.client("dms", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
    monkeypatch.setattr(handler, "_CLIENT", client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _event(**assessment) -> dict:
    settings = {"ResultLocationFolder": "l-a-dms", "ResultEncryptionMode": "SSE_KMS", "ResultKmsKeyArn": KEY_ARN,
                "IncludeOnly": ["unsupported-data-types-in-source"], "Exclude": [], **assessment}
    props = {"ServiceToken": "x", "Kind": "serverless", "Arn": CONFIG_ARN, "Name": "l-a-dms", "PremigrationAssessment": settings}
    return {"RequestType": "Create", "ResourceProperties": props}


def _replication(status: str, *runs: dict, **extra) -> dict:
    replication = dict({"ReplicationConfigArn": CONFIG_ARN, "ReplicationConfigIdentifier": "l-a-dms", "Status": status}, **extra)
    if runs:
        replication["PremigrationAssessmentStatuses"] = list(runs)
    return {"Replications": [replication]}


def _run(status: str, *, created: int = 10, **extra) -> dict:
    return dict({
        "PremigrationAssessmentRunArn": RUN_ARN, "FailOnAssessmentFailure": True, "Status": status,
        "PremigrationAssessmentRunCreationDate": datetime.datetime(2026, 11, 27, created, 0, tzinfo=datetime.timezone.utc),
        "AssessmentProgress": {"IndividualAssessmentCount": 2, "IndividualAssessmentCompletedCount": 2},
        "ResultLocationBucket": RESULTS_BUCKET, "ResultLocationFolder": "l-a-dms", "ResultEncryptionMode": "SSE_KMS", "ResultKmsKeyArn": KEY_ARN,
    }, **extra)


def test_the_settings_are_dms_s_json_with_fail_on_assessment_failure_always_on():
    assert handler.assessment_settings(_event()["ResourceProperties"]["PremigrationAssessment"]) == SETTINGS
    assert handler.assessment_settings({"ResultLocationFolder": "f", "Exclude": ["postgres-check-pk"], "IncludeOnly": []}) == (
        '{"Exclude": ["postgres-check-pk"], "FailOnAssessmentFailure": true, "ResultLocationFolder": "f"}'
    )


def test_a_new_replication_is_started_with_its_assessment_which_is_waited_on_until_it_passed(stubbed):
    stubbed.add_response("describe_replications", _replication("created"), CONFIG_FILTER)
    stubbed.add_response("describe_replications", _replication("created"), CONFIG_FILTER)
    stubbed.add_response("start_replication", {"Replication": {"ReplicationConfigArn": CONFIG_ARN, "Status": "initializing"}}, START)
    assert handler.is_complete(_event()) == {"IsComplete": False}
    stubbed.add_response("describe_replications", _replication("initializing", _run("running")), CONFIG_FILTER)
    assert handler.is_complete(_event()) == {"IsComplete": False}  # slow: never started twice
    stubbed.add_response("describe_replications", _replication("initializing", _run("passed", ResultStatistic={"Passed": 2})), CONFIG_FILTER)
    assert handler.is_complete(_event()) == {"IsComplete": True}


def test_no_replication_record_yet_is_started_with_the_assessment(stubbed):
    stubbed.add_response("describe_replications", {"Replications": []}, CONFIG_FILTER)
    stubbed.add_response("describe_replications", {"Replications": []}, CONFIG_FILTER)
    stubbed.add_response("start_replication", {"Replication": {"Status": "initializing"}}, START)
    assert handler.is_complete(_event()) == {"IsComplete": False}


def test_a_started_replication_without_an_assessment_report_yet_is_waited_on(stubbed):
    stubbed.add_response("describe_replications", _replication("preparing_metadata_resources"), CONFIG_FILTER)
    assert handler.is_complete(_event()) == {"IsComplete": False}


def test_a_warning_completes_because_dms_serverless_starts_the_replication_after_it(stubbed):
    stubbed.add_response("describe_replications", _replication("testing_connection", _run("warning", ResultStatistic={"Passed": 1, "Warning": 1})), CONFIG_FILTER)
    assert handler.is_complete(_event()) == {"IsComplete": True}


def test_a_failed_assessment_fails_the_deploy_naming_the_failing_assessments(stubbed):
    run = _run("failed", LastFailureMessage="Logical replication is not enabled", ResultStatistic={"Passed": 1, "Failed": 1})
    stubbed.add_response("describe_replications", _replication("stopped", run), CONFIG_FILTER)
    stubbed.add_response("describe_replication_task_individual_assessments", {"ReplicationTaskIndividualAssessments": [
        {"IndividualAssessmentName": "unsupported-data-types-in-source", "Status": "passed"},
        {"IndividualAssessmentName": "postgres-check-wallevel", "Status": "failed"},
    ], "Marker": "m1"}, RUN_FILTER)
    stubbed.add_response("describe_replication_task_individual_assessments", {"ReplicationTaskIndividualAssessments": [
        {"IndividualAssessmentName": "postgres-check-dbversion", "Status": "error"},
    ]}, {**RUN_FILTER, "Marker": "m1"})
    with pytest.raises(handler.StartOnceError) as error:
        handler.is_complete(_event())
    assert str(error.value) == (
        "Pre-migration assessment of DMS serverless replication l-a-dms failed (Logical replication is not enabled); "
        "failing assessments: postgres-check-dbversion (error), postgres-check-wallevel (failed). "
        f"Results: s3://{RESULTS_BUCKET}/l-a-dms/"
    )


def test_a_failure_dms_will_not_itemize_is_told_by_its_counts(stubbed):
    run = _run("error-executing", ResultStatistic={"Passed": 3, "Error": 2, "Cancelled": 1})
    stubbed.add_response("describe_replications", _replication("failed", run, FailureMessages=["Assessment failed"]), CONFIG_FILTER)
    stubbed.add_client_error("describe_replication_task_individual_assessments", "ResourceNotFoundFault", "No assessment run", expected_params=RUN_FILTER)
    with pytest.raises(handler.StartOnceError) as error:
        handler.is_complete(_event())
    assert str(error.value) == (
        "Pre-migration assessment of DMS serverless replication l-a-dms error-executing; 2 error, 1 cancelled. "
        f"Results: s3://{RESULTS_BUCKET}/l-a-dms/"
    )


def test_the_newest_run_is_this_start_s(stubbed):
    older = _run("failed", created=9, PremigrationAssessmentRunArn="arn:aws:dms:eu-west-1:123456789012:assessment-run:OLD")
    stubbed.add_response("describe_replications", _replication("initializing", older, _run("passed", created=11)), CONFIG_FILTER)
    assert handler.is_complete(_event()) == {"IsComplete": True}


def test_a_replication_that_failed_before_its_assessment_reported_fails_with_dms_s_messages(stubbed):
    stubbed.add_response("describe_replications", _replication("failed", FailureMessages=["Test connection failed"]), CONFIG_FILTER)
    with pytest.raises(handler.StartOnceError) as error:
        handler.is_complete(_event())
    assert str(error.value) == "DMS serverless replication l-a-dms is failed, so it was not started: Test connection failed"


def test_a_replication_running_without_an_assessment_report_completes(stubbed):
    stubbed.add_response("describe_replications", _replication("running"), CONFIG_FILTER)
    assert handler.is_complete(_event()) == {"IsComplete": True}


def test_a_start_dms_refuses_for_now_is_looked_at_again_on_the_next_poll(stubbed):
    stubbed.add_response("describe_replications", _replication("created"), CONFIG_FILTER)
    stubbed.add_response("describe_replications", _replication("created"), CONFIG_FILTER)
    stubbed.add_client_error("start_replication", "InvalidResourceStateFault", "Replication is being modified", expected_params=START)
    stubbed.add_response("describe_replications", _replication("created"), CONFIG_FILTER)
    assert handler.is_complete(_event()) == {"IsComplete": False}


def test_updates_and_deletes_start_nothing(stubbed):
    for request in ("Update", "Delete"):
        event = dict(_event(), RequestType=request, PhysicalResourceId="start-XYZ")
        assert handler.on_event(event) == {"PhysicalResourceId": "start-XYZ"}
        if request == "Delete":  # a delete looks whether a replication runs (it may have to stop it)
            stubbed.add_response("describe_replications", {"Replications": [{"ReplicationConfigArn": CONFIG_ARN, "Status": "stopped"}]}, CONFIG_FILTER)
        assert handler.is_complete(event) == {"IsComplete": True}  # the Stubber fails on any unplanned call
