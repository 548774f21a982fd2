"""The cutover handler (`lifecycle/cut_over/handler.py`) against moto's DMS and Secrets Manager, and
botocore's Stubber where moto has no model (serverless replications, DMS's ResourceNotFoundFault, refused
stops)."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from dms_constructs.lifecycle.cut_over import handler

from .helpers import create_moto_task, task_status

REGION = "eu-west-1"
STOP = "Custom::DmsStopForCutover"
ROTATE = "Custom::DmsRotateOnCutover"
CONFIG_ARN = "arn:aws:dms:eu-west-1:123456789012:replication-config:LAKE"
CONFIG_FILTER = {"Filters": [{"Name": "replication-config-arn", "Values": [CONFIG_ARN]}]}


def _stop_event(request: str, arn: str, kind: str = "task", name: str = "w-a", physical: str | None = None) -> dict:
    event = {"RequestType": request, "ResourceType": STOP, "ResourceProperties": {"ServiceToken": "x", "Kind": kind, "Arn": arn, "Name": name}}
    if physical:
        event["PhysicalResourceId"] = physical
    return event


def _rotate_event(request: str, arn: str, **extra: str) -> dict:
    return {"RequestType": request, "ResourceType": ROTATE, "ResourceProperties": {"ServiceToken": "x", "SecretArn": arn, "Name": "w-src"}, **extra}


@pytest.fixture
def moto_dms(monkeypatch):
    """moto's DMS with one task, started (running); yields (client, task arn, backend task, stop calls)."""
    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dms.models import DatabaseMigrationServiceBackend, dms_backends

    stops: list[str] = []
    original = DatabaseMigrationServiceBackend.stop_replication_task

    def counting_stop(self, replication_task_arn):
        stops.append(replication_task_arn)
        return original(self, replication_task_arn)

    monkeypatch.setattr(DatabaseMigrationServiceBackend, "stop_replication_task", counting_stop)
    with mock_aws():
        client = boto3.client("dms", region_name=REGION)
        arn = create_moto_task(client)
        client.start_replication_task(ReplicationTaskArn=arn, StartReplicationTaskType="start-replication")
        monkeypatch.setattr(handler, "_CLIENTS", {"dms": client})
        yield client, arn, dms_backends[DEFAULT_ACCOUNT_ID][REGION].replication_tasks[arn], stops


# --- stop ---------------------------------------------------------------------------------------------


def test_create_stops_a_running_task_and_completes_once_it_is_stopped(moto_dms):
    client, arn, _, stops = moto_dms
    assert task_status(client, arn) == "running"
    assert handler.on_event(_stop_event("Create", arn)) == {"PhysicalResourceId": f"cutover-stop-{arn.split(':')[-1]}"}
    assert stops == [arn]
    assert handler.is_complete(_stop_event("Create", arn)) == {"IsComplete": True}
    assert task_status(client, arn) == "stopped"


def test_a_slow_stop_is_waited_on_over_several_polls_without_stopping_twice(moto_dms):
    client, arn, task, stops = moto_dms
    handler.on_event(_stop_event("Create", arn))
    task.status = "stopping"
    assert handler.is_complete(_stop_event("Create", arn)) == {"IsComplete": False}
    assert handler.is_complete(_stop_event("Create", arn)) == {"IsComplete": False}
    task.status = "stopped"
    assert handler.is_complete(_stop_event("Create", arn)) == {"IsComplete": True}
    assert stops == [arn]


def test_a_task_started_again_while_waiting_is_stopped_again(moto_dms):
    client, arn, task, stops = moto_dms
    handler.on_event(_stop_event("Create", arn))
    task.status = "running"  # a starter, or a person, started it meanwhile
    assert handler.is_complete(_stop_event("Create", arn)) == {"IsComplete": False}
    assert stops == [arn, arn]
    assert handler.is_complete(_stop_event("Create", arn)) == {"IsComplete": True}


@pytest.mark.parametrize("status", ["stopped", "failed", "ready"])
def test_a_task_at_rest_is_left_alone(moto_dms, status):
    client, arn, task, stops = moto_dms
    task.status = status
    handler.on_event(_stop_event("Create", arn))
    assert handler.is_complete(_stop_event("Create", arn)) == {"IsComplete": True}
    assert stops == []
    assert task_status(client, arn) == status


def test_update_stops_too_and_keeps_the_physical_id(moto_dms):
    client, arn, _, stops = moto_dms
    assert handler.on_event(_stop_event("Update", arn, physical="cutover-stop-old")) == {"PhysicalResourceId": "cutover-stop-old"}
    assert stops == [arn]


def test_delete_never_resumes_or_stops(moto_dms):
    client, arn, task, stops = moto_dms
    task.status = "stopped"
    assert handler.on_event(_stop_event("Delete", arn, physical="cutover-stop-x")) == {"PhysicalResourceId": "cutover-stop-x"}
    assert handler.is_complete(_stop_event("Delete", arn, physical="cutover-stop-x")) == {"IsComplete": True}
    assert stops == [] and task_status(client, arn) == "stopped"


def test_a_missing_task_fails_with_its_name(moto_dms):
    missing = "arn:aws:dms:eu-west-1:123456789012:task:GONE"
    with pytest.raises(handler.CutoverError, match=rf"^DMS replication task w-gone \({missing}\) does not exist: it cannot be stopped for the cutover$"):
        handler.on_event(_stop_event("Create", missing, name="w-gone"))


def test_bad_properties_fail_with_what_was_expected():
    with pytest.raises(handler.CutoverError, match=r"^cutover: expected Kind 'task' or 'serverless' and an Arn, got Kind='instance' Arn=None$"):
        handler.on_event({"RequestType": "Create", "ResourceType": STOP, "ResourceProperties": {"Kind": "instance"}})
    with pytest.raises(handler.CutoverError, match=r"^cutover: expected ResourceType Custom::DmsStopForCutover or Custom::DmsRotateOnCutover, got 'Custom::Other'$"):
        handler.on_event({"RequestType": "Create", "ResourceType": "Custom::Other", "ResourceProperties": {}})


# --- stop, what moto does not model ---------------------------------------------------------------------


@pytest.fixture
def stubbed(monkeypatch):
    client = boto3.client("dms", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    monkeypatch.setattr(handler, "_CLIENTS", {"dms": client})
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def test_serverless_running_replication_is_stopped_then_waited_on(stubbed):
    stubbed.add_response("describe_replications", {"Replications": [{"Status": "running"}]}, CONFIG_FILTER)
    stubbed.add_response("stop_replication", {"Replication": {"Status": "stopping"}}, {"ReplicationConfigArn": CONFIG_ARN})
    handler.on_event(_stop_event("Create", CONFIG_ARN, kind="serverless", name="l-c"))
    stubbed.add_response("describe_replications", {"Replications": [{"Status": "stopping"}]}, CONFIG_FILTER)
    assert handler.is_complete(_stop_event("Create", CONFIG_ARN, kind="serverless")) == {"IsComplete": False}
    stubbed.add_response("describe_replications", {"Replications": [{"Status": "stopped"}]}, CONFIG_FILTER)
    assert handler.is_complete(_stop_event("Create", CONFIG_ARN, kind="serverless")) == {"IsComplete": True}


def test_serverless_config_never_started_is_at_rest(stubbed):
    stubbed.add_response("describe_replications", {"Replications": []}, CONFIG_FILTER)
    handler.on_event(_stop_event("Create", CONFIG_ARN, kind="serverless", name="l-c"))
    stubbed.add_client_error("describe_replications", "ResourceNotFoundFault", "no replication", expected_params=CONFIG_FILTER)
    assert handler.is_complete(_stop_event("Create", CONFIG_ARN, kind="serverless")) == {"IsComplete": True}


def test_a_stop_refused_because_the_task_is_already_stopping_is_waited_on(stubbed):
    arn = "arn:aws:dms:eu-west-1:123456789012:task:A"
    task_filter = {"Filters": [{"Name": "replication-task-arn", "Values": [arn]}], "WithoutSettings": True}
    stubbed.add_response("describe_replication_tasks", {"ReplicationTasks": [{"Status": "running"}]}, task_filter)
    stubbed.add_client_error("stop_replication_task", "InvalidResourceStateFault", "already stopping", expected_params={"ReplicationTaskArn": arn})
    assert handler.on_event(_stop_event("Create", arn)) == {"PhysicalResourceId": "cutover-stop-A"}


def test_other_stop_errors_propagate(stubbed):
    arn = "arn:aws:dms:eu-west-1:123456789012:task:A"
    task_filter = {"Filters": [{"Name": "replication-task-arn", "Values": [arn]}], "WithoutSettings": True}
    stubbed.add_response("describe_replication_tasks", {"ReplicationTasks": [{"Status": "running"}]}, task_filter)
    stubbed.add_client_error("stop_replication_task", "AccessDeniedFault", "not authorized", expected_params={"ReplicationTaskArn": arn})
    with pytest.raises(Exception, match="AccessDeniedFault"):
        handler.on_event(_stop_event("Create", arn))


# --- rotate -------------------------------------------------------------------------------------------


@pytest.fixture
def moto_secrets(monkeypatch):
    from moto import mock_aws

    with mock_aws():
        client = boto3.client("secretsmanager", region_name=REGION)
        arn = client.create_secret(Name="w-src", SecretString='{"username": "dms_user", "password": "p0"}')["ARN"]
        monkeypatch.setattr(handler, "_CLIENTS", {"secretsmanager": client})
        yield client, arn


def _current(client, arn: str) -> str:
    stages = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
    return next(v for v, s in stages.items() if "AWSCURRENT" in s)


def test_create_rotates_and_completes_once_the_new_version_is_current(moto_secrets):
    client, arn = moto_secrets
    before = _current(client, arn)
    answer = handler.on_event(_rotate_event("Create", arn))
    assert answer["PhysicalResourceId"] == "cutover-rotate-w-src"
    version = answer["RotationVersion"]
    assert version != before
    done = handler.is_complete(_rotate_event("Create", arn, RotationVersion=version))
    assert done == {"IsComplete": True, "Data": {"VersionId": version}}
    assert _current(client, arn) == version


def test_a_rotation_still_pending_is_waited_on(moto_secrets):
    client, arn = moto_secrets
    pending = "a" * 32 + "-pending"
    client.put_secret_value(SecretId=arn, ClientRequestToken=pending, SecretString='{"password": "p1"}', VersionStages=["AWSPENDING"])
    assert handler.is_complete(_rotate_event("Create", arn, RotationVersion=pending)) == {"IsComplete": False}
    old = _current(client, arn)
    client.update_secret_version_stage(SecretId=arn, VersionStage="AWSCURRENT", MoveToVersionId=pending, RemoveFromVersionId=old)
    assert handler.is_complete(_rotate_event("Create", arn, RotationVersion=pending))["IsComplete"] is True


def test_update_and_delete_never_rotate(moto_secrets):
    client, arn = moto_secrets
    before = _current(client, arn)
    for request in ("Update", "Delete"):
        assert handler.on_event(_rotate_event(request, arn, PhysicalResourceId="cutover-rotate-w-src")) == {"PhysicalResourceId": "cutover-rotate-w-src"}
        assert handler.is_complete(_rotate_event(request, arn, PhysicalResourceId="cutover-rotate-w-src")) == {"IsComplete": True}
    assert _current(client, arn) == before


@pytest.fixture
def stubbed_secrets(monkeypatch):
    client = boto3.client("secretsmanager", region_name=REGION, aws_access_key_id="x", aws_secret_access_key="x")
    monkeypatch.setattr(handler, "_CLIENTS", {"secretsmanager": client})
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:w-src-AbCdEf"
V1, V2 = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"


def test_a_rotation_already_under_way_is_waited_on_instead_of_started_twice(stubbed_secrets):
    stubbed_secrets.add_client_error("rotate_secret", "InvalidRequestException", "A previous rotation isn't complete. That rotation will be reattempted.", expected_params={"SecretId": SECRET_ARN})
    answer = handler.on_event(_rotate_event("Create", SECRET_ARN))
    assert answer == {"PhysicalResourceId": "cutover-rotate-w-src", "RotationVersion": ""}
    stubbed_secrets.add_response("describe_secret", {"VersionIdsToStages": {V1: ["AWSCURRENT"], V2: ["AWSPENDING"]}}, {"SecretId": SECRET_ARN})
    assert handler.is_complete(_rotate_event("Create", SECRET_ARN, RotationVersion="")) == {"IsComplete": False}
    stubbed_secrets.add_response("describe_secret", {"VersionIdsToStages": {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT", "AWSPENDING"]}}, {"SecretId": SECRET_ARN})
    assert handler.is_complete(_rotate_event("Create", SECRET_ARN, RotationVersion="")) == {"IsComplete": True, "Data": {"VersionId": V2}}


def test_a_secret_without_rotation_fails_with_secrets_managers_message(stubbed_secrets):
    stubbed_secrets.add_client_error("rotate_secret", "InvalidRequestException", "No Lambda rotation function ARN is associated with this secret.", expected_params={"SecretId": SECRET_ARN})
    with pytest.raises(handler.CutoverError, match=r"^secret w-src could not be rotated for the cutover: No Lambda rotation function ARN is associated with this secret\.$"):
        handler.on_event(_rotate_event("Create", SECRET_ARN))


def test_a_missing_secret_arn_fails_naming_the_property():
    with pytest.raises(handler.CutoverError, match=r"^cutover: the resource property SecretArn is missing$"):
        handler.on_event({"RequestType": "Create", "ResourceType": ROTATE, "ResourceProperties": {}})
