"""Pause and resume around updates: two custom resources per opted-in task on CDK's Provider framework,
ordered around the task and its endpoints, and their handler.

Template tests read a wave that opts in (one task opted out), through the five compliance packs, and
synthesize small variations to see which changes reach the fingerprint. Handler tests run
`lifecycle/pause_resume/handler.py` against moto's DMS (tasks that run, are stopped, failed, replaced or
missing), and botocore's Stubber where moto has no model (DMS errors, a failed resume).
"""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import pytest
from aws_cdk import App, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template
from botocore.stub import Stubber
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import DatabaseEndpoint, DmsConfigError, DmsServiceRoles, EndpointCredentials, MigrationWave, ServerlessCapacity
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings
from dms_constructs.task_settings import TaskSettings

from .conftest import env_stack, routed_network
from .helpers import lambda_import, resources, create_moto_task, task_status

REGION = "eu-west-1"
PAUSE, RESUME = "Custom::DmsPauseBeforeUpdate", "Custom::DmsResumeAfterUpdate"


def _pg(name: str, cidr: str, database: str = "app", **extra) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=name, database_name=database, peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"), **extra,
    )


def _wave(stack, *, mappings: str = "a", settings=None, target_database: str = "app", **wave_props) -> MigrationWave:
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack), **wave_props)
    source, target = wave.add_source("s", _pg("s", "10.1.0.0/16")), wave.add_target("t", _pg("t", "10.2.0.0/16", target_database))
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include(mappings, "%"), settings=settings)
    wave.add_task("b", source=source, target=target, table_mappings=TableMappings().include("b", "%"), pause_during_updates=False)
    return wave


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory) -> tuple[dict, Path]:
    outdir = tmp_path_factory.mktemp("pauser")
    app = App(outdir=str(outdir))
    stack = env_stack(app)
    _wave(stack, pause_tasks_during_updates=True)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app), PCIDSS321Checks(app), DmsChecks(app))
    return app.synth().get_stack_by_name(stack.stack_name).template, outdir  # the compliance gate passes


@pytest.fixture(scope="module")
def template(synthesized) -> dict:
    return synthesized[0]


def test_the_handler_asset_loads_the_shared_stop_module_from_its_root_as_lambda_does(synthesized):
    template, outdir = synthesized
    keys = {r["Properties"]["Code"]["S3Key"] for r in resources(template, "AWS::Lambda::Function").values()
            if r["Properties"].get("Handler") == "pause_resume/handler.on_event"}
    asset = outdir / f"asset.{keys.pop().removesuffix('.zip')}"
    assert sorted(os.listdir(asset)) == ["pause_resume", "stop_before_delete.py"]
    assert lambda_import(asset, "pause_resume.handler", "stop_before_delete") == {
        "pause_resume.handler": str(asset / "pause_resume" / "handler.py"), "stop_before_delete": str(asset / "stop_before_delete.py")}


def _one(template: dict, type_: str, prefix: str = "") -> tuple[str, dict]:
    (item,) = [(k, v) for k, v in resources(template, type_).items() if k.startswith(prefix)]
    return item


# --- template ------------------------------------------------------------------------------------------


def test_only_the_opted_in_task_gets_a_pause_and_a_resume(template):
    pause_id, pause = _one(template, PAUSE)
    resume_id, resume = _one(template, RESUME)
    assert pause_id.startswith("WTasksaPauseBeforeUpdate") and resume_id.startswith("WTasksaResumeAfterUpdate")
    assert pause["Properties"]["TaskIdentifier"] == "w-a-dms"
    assert pause["Properties"]["ServiceTimeout"] == "3600" and resume["Properties"]["ServiceTimeout"] == "3600"


def test_the_task_and_both_its_endpoints_wait_for_the_pause(template):
    pause_id, _ = _one(template, PAUSE)
    task_a, task = _one(template, "AWS::DMS::ReplicationTask", "WTasksa")
    assert pause_id in task["DependsOn"]
    endpoints = resources(template, "AWS::DMS::Endpoint")
    assert len(endpoints) == 2 and all(pause_id in e["DependsOn"] for e in endpoints.values())
    _, task_b = _one(template, "AWS::DMS::ReplicationTask", "WTasksb")
    assert "DependsOn" not in task_b  # opted out: nothing waits for it


def test_the_resume_follows_the_task_and_its_endpoints_and_reads_the_pause(template):
    pause_id, pause = _one(template, PAUSE)
    task_a, _ = _one(template, "AWS::DMS::ReplicationTask", "WTasksa")
    _, resume = _one(template, RESUME)
    props = resume["Properties"]
    assert props["TaskArn"] == {"Ref": task_a}
    assert props["TaskIdentifier"] == "w-a-dms"
    assert props["Paused"] == {"Fn::GetAtt": [pause_id, "Paused"]}
    assert props["StoppedAt"] == {"Fn::GetAtt": [pause_id, "StoppedAt"]}
    assert props["Fingerprint"] == pause["Properties"]["Fingerprint"] and len(props["Fingerprint"]) == 64
    assert sorted(resume["DependsOn"]) == sorted(resources(template, "AWS::DMS::Endpoint"))


def test_one_provider_per_wave_outside_the_vpc(template):
    _, pause = _one(template, PAUSE)
    entry = [k for k, v in resources(template, "AWS::Lambda::Function").items() if v["Properties"].get("Handler") == "framework.onEvent" and k.startswith("WPauser")]
    assert entry == [pause["Properties"]["ServiceToken"]["Fn::GetAtt"][0]]
    handlers = [v["Properties"] for k, v in resources(template, "AWS::Lambda::Function").items() if k.startswith("WPauser") and v["Properties"]["Handler"].startswith("pause_resume/handler.")]
    assert sorted(h["Handler"] for h in handlers) == ["pause_resume/handler.is_complete", "pause_resume/handler.on_event"]
    assert all("VpcConfig" not in h and h["Runtime"] == "python3.14" and h["Timeout"] == 180 for h in handlers)
    (machine,) = [v for k, v in resources(template, "AWS::StepFunctions::StateMachine").items() if k.startswith("WPauser")]
    definition = "".join(p if isinstance(p, str) else "<ref>" for p in machine["Properties"]["DefinitionString"]["Fn::Join"][1])
    assert '"IntervalSeconds":30,"MaxAttempts":100,"BackoffRate":1' in definition  # 50 minutes


def test_handlers_may_stop_and_start_only_the_wave_s_tasks(template):
    (policy,) = [v["Properties"]["PolicyDocument"]["Statement"] for k, v in resources(template, "AWS::IAM::ManagedPolicy").items() if k.startswith("WPauserHandlerPolicy")]
    dms = [s for s in policy if "dms:" in str(s["Action"])]
    assert dms == [
        {"Action": "dms:DescribeReplicationTasks", "Effect": "Allow", "Resource": "*"},
        {
            "Action": ["dms:StopReplicationTask", "dms:StartReplicationTask"],
            "Condition": {"StringEquals": {"aws:ResourceTag/MigrationWave": "W"}},
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":dms:eu-west-1:123456789012:task:*"]]},
        },
    ]
    _, task = _one(template, "AWS::DMS::ReplicationTask", "WTasksa")
    assert {"Key": "MigrationWave", "Value": "W"} in task["Properties"]["Tags"]


def test_handlers_may_read_only_this_stack_s_status_and_template(template):
    (policy,) = [v["Properties"]["PolicyDocument"]["Statement"] for k, v in resources(template, "AWS::IAM::ManagedPolicy").items() if k.startswith("WPauserHandlerPolicy")]
    assert [s for s in policy if "cloudformation:" in str(s["Action"])] == [
        {"Action": ["cloudformation:DescribeStacks", "cloudformation:GetTemplate"], "Effect": "Allow", "Resource": {"Ref": "AWS::StackId"}}
    ]


def test_the_resume_names_its_task_s_logical_id_and_deletion_policy(template):
    task_a, _ = _one(template, "AWS::DMS::ReplicationTask", "WTasksa")
    _, resume = _one(template, RESUME)
    assert resume["Properties"]["TaskLogicalId"] == task_a
    assert resume["Properties"]["TaskDeletionPolicy"] == "Delete"
    _, pause = _one(template, PAUSE)
    assert "TaskLogicalId" not in pause["Properties"]  # the pause never stops a task on delete


def _fingerprint(**variation) -> str:
    stack = env_stack(App())
    _wave(stack, pause_tasks_during_updates=True, **variation)
    return _one(Template.from_stack(stack).to_json(), PAUSE)[1]["Properties"]["Fingerprint"]


def test_the_fingerprint_changes_with_the_task_and_its_endpoints_only(template):
    same = _one(template, PAUSE)[1]["Properties"]["Fingerprint"]
    assert _fingerprint() == same  # deterministic
    assert _fingerprint(mappings="c") != same  # the task's table mappings
    assert _fingerprint(settings=TaskSettings(commit_rate=20000)) != same  # the task's settings
    assert _fingerprint(target_database="app2") != same  # an endpoint (its DatabaseName)


def test_serverless_waves_cannot_pause():
    stack = env_stack()
    with pytest.raises(DmsConfigError, match=r"^MigrationWave.pause_tasks_during_updates: applies to replication instance tasks: a serverless replication config cannot be modified once its replication has started, even when stopped \(got True\); leave it off for serverless waves"):
        MigrationWave(stack, "L", network=routed_network(stack), capacity=ServerlessCapacity(), pause_tasks_during_updates=True)
    lake = MigrationWave(stack, "L2", network=routed_network(stack, "Net2"), capacity=ServerlessCapacity())
    source, target = lake.add_source("s", _pg("s", "10.1.0.0/16")), lake.add_target("t", _pg("t", "10.2.0.0/16"))
    with pytest.raises(DmsConfigError, match=r"^MigrationWave\(L2\).add_task\(c\).pause_during_updates: applies to replication instance tasks"):
        lake.add_task("c", source=source, target=target, table_mappings=TableMappings().include("c", "%"), pause_during_updates=True)


def test_reference_app_pauses_staging_and_prod_instance_tasks_only(reference_templates):
    for env, stacks in reference_templates.items():
        template = stacks["Migration"]
        paused = sorted(r["Properties"]["TaskIdentifier"] for r in resources(template, PAUSE).values())
        expected = [] if env == "dev" else [f"{env}-{t}-dms" for t in ("accounts-accounts", "claims-claims", "orders-customers", "orders-orders-cdc", "point-of-sale-pos")]
        assert paused == expected, env
        assert len(resources(template, RESUME)) == len(expected)


# --- handler against moto ------------------------------------------------------------------------------

from dms_constructs.lifecycle.pause_resume import handler  # noqa: E402

PAUSE_ID, RESUME_ID = "pause:w-a", "resume:w-a"


@pytest.fixture
def moto_dms(monkeypatch):
    """moto's DMS with one task `w-a`; yields (client, arn, backend task, calls) where calls records
    every Stop/StartReplicationTask request with its parameters."""
    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dms.models import dms_backends

    calls: list[tuple[str, dict]] = []
    with mock_aws():
        client = boto3.client("dms", region_name=REGION)
        for operation in ("StopReplicationTask", "StartReplicationTask"):
            client.meta.events.register(f"provide-client-params.dms.{operation}", lambda params, operation=operation, **_: calls.append((operation, dict(params))))
        arn = create_moto_task(client)
        monkeypatch.setattr(handler, "_CLIENT", client)
        yield client, arn, dms_backends[DEFAULT_ACCOUNT_ID][REGION].replication_tasks[arn], calls


_status = task_status


def _pause_event(request: str, physical_id: str = PAUSE_ID, identifier: str = "w-a", old_identifier: str = "w-a") -> dict:
    event = {"RequestType": request, "ResourceType": PAUSE, "ResourceProperties": {"ServiceToken": "x", "TaskIdentifier": identifier, "Fingerprint": "f2"}}
    if request != "Create":
        event["PhysicalResourceId"] = physical_id
    if request == "Update":
        event["OldResourceProperties"] = {"ServiceToken": "x", "TaskIdentifier": old_identifier, "Fingerprint": "f1"}
    return event


def _resume_event(request: str, arn: str, paused: str = "false", stopped_at: str = "none") -> dict:
    props = {"ServiceToken": "x", "TaskArn": arn, "TaskIdentifier": "w-a", "Fingerprint": "f2", "Paused": paused, "StoppedAt": stopped_at}
    event = {"RequestType": request, "ResourceType": RESUME, "ResourceProperties": props}
    if request != "Create":
        event["PhysicalResourceId"] = RESUME_ID
    return event


def _pause(event: dict) -> dict:
    """One pause request as the framework runs it: on_event once, then is_complete until complete; the
    final response as the framework merges it."""
    first = handler.on_event(event)
    request = {**event, **first}
    for _ in range(10):
        result = handler.is_complete(request)
        if result["IsComplete"]:
            return {**request, **result, "Data": {**request.get("Data", {}), **result.get("Data", {})}}
    raise AssertionError("never completed")


def _stopped_at(task) -> str:
    return str(int(task.stop_date.timestamp()))


def test_create_does_nothing_to_any_task(moto_dms):
    client, arn, task, calls = moto_dms
    task.run()
    pause = _pause(_pause_event("Create"))
    assert pause["PhysicalResourceId"] == PAUSE_ID and pause["Data"] == {"Paused": "false", "StoppedAt": "none"}
    resume = handler.on_event(_resume_event("Create", arn))
    assert resume["PhysicalResourceId"] == RESUME_ID
    assert handler.is_complete({**_resume_event("Create", arn), **resume}) == {"IsComplete": True}
    assert calls == [] and _status(client, arn) == "running"


def test_an_update_stops_a_running_task_and_names_the_pause(moto_dms):
    client, arn, task, calls = moto_dms
    task.run()
    pause = _pause(_pause_event("Update"))
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]
    assert _status(client, arn) == "stopped"
    stopped_at = _stopped_at(task)
    assert pause["Data"] == {"Paused": "true", "StoppedAt": stopped_at}
    assert pause["PhysicalResourceId"] == f"pause:w-a:{stopped_at}"  # a new id: a rollback deletes it


def test_the_pause_waits_while_the_task_stops(moto_dms):
    _, arn, task, calls = moto_dms
    task.run()
    event = {**_pause_event("Update"), **handler.on_event(_pause_event("Update"))}
    task.status = "stopping"  # DMS takes a while to stop a task
    assert handler.is_complete(event) == {"IsComplete": False}
    task.status = "stopped"
    assert handler.is_complete(event)["IsComplete"] is True
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]


def test_a_starting_task_is_stopped_once_it_runs(moto_dms):
    _, arn, task, calls = moto_dms
    task.status = "starting"
    event = {**_pause_event("Update"), **handler.on_event(_pause_event("Update"))}
    assert event["Pausing"] == "true" and calls == []
    assert handler.is_complete(event) == {"IsComplete": False}
    task.run()
    assert handler.is_complete(event) == {"IsComplete": False}  # stop requested now
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]
    assert handler.is_complete(event)["Data"]["Paused"] == "true"


@pytest.mark.parametrize("status", ["stopped", "failed", "ready"])
def test_an_update_leaves_a_task_that_does_not_run_alone(moto_dms, status):
    client, arn, task, calls = moto_dms
    task.status = status
    pause = _pause(_pause_event("Update", physical_id="pause:w-a:1700000000"))
    assert calls == [] and _status(client, arn) == status
    assert pause["Data"] == {"Paused": "false", "StoppedAt": "none"}
    assert pause["PhysicalResourceId"] == "pause:w-a:1700000000"  # kept: a rollback then updates, never stops


def test_an_update_of_a_missing_task_does_nothing(moto_dms):
    _, _, _, calls = moto_dms
    pause = _pause(_pause_event("Update", identifier="w-gone", old_identifier="w-gone"))
    assert calls == [] and pause["Data"]["Paused"] == "false"


def test_a_task_renamed_by_the_update_is_found_by_its_old_identifier(moto_dms):
    client, arn, task, calls = moto_dms
    task.run()
    pause = _pause(_pause_event("Update", identifier="w-renamed", old_identifier="w-a"))
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]
    assert pause["PhysicalResourceId"].startswith("pause:w-a:")


def test_a_task_that_fails_while_stopping_is_not_resumed_later(moto_dms):
    _, arn, task, _ = moto_dms
    task.run()
    event = {**_pause_event("Update"), **handler.on_event(_pause_event("Update"))}
    task.status = "failed"
    result = handler.is_complete(event)
    assert result == {"IsComplete": True, "Data": {"Paused": "false", "StoppedAt": "none"}}


def test_the_resume_restarts_the_task_the_pause_stopped_with_resume_processing(moto_dms):
    client, arn, task, calls = moto_dms
    task.run()
    pause = _pause(_pause_event("Update"))
    calls.clear()
    event = _resume_event("Update", arn, paused="true", stopped_at=pause["Data"]["StoppedAt"])
    event = {**event, **handler.on_event(event)}
    assert handler.is_complete(event) == {"IsComplete": False}  # resume requested
    assert calls == [("StartReplicationTask", {"ReplicationTaskArn": arn, "StartReplicationTaskType": "resume-processing"})]
    assert _status(client, arn) == "running"
    assert handler.is_complete(event) == {"IsComplete": True}
    assert len(calls) == 1  # never started twice


def test_the_resume_waits_while_the_task_starts(moto_dms):
    _, arn, task, calls = moto_dms
    task.run()
    pause = _pause(_pause_event("Update"))
    event = _resume_event("Update", arn, paused="true", stopped_at=pause["Data"]["StoppedAt"])
    handler.is_complete(event)
    task.status = "starting"
    assert handler.is_complete(event) == {"IsComplete": False}
    task.status = "running"
    assert handler.is_complete(event) == {"IsComplete": True}


def test_the_resume_starts_nothing_when_the_pause_did_not_stop_the_task(moto_dms):
    client, arn, task, calls = moto_dms
    task.status = "stopped"  # stopped by someone before the deploy
    assert handler.is_complete(_resume_event("Update", arn, paused="false")) == {"IsComplete": True}
    assert calls == [] and _status(client, arn) == "stopped"


def test_the_resume_starts_nothing_when_someone_stopped_the_task_again(moto_dms):
    _, arn, task, calls = moto_dms
    task.run()
    _pause(_pause_event("Update"))
    calls.clear()
    event = _resume_event("Update", arn, paused="true", stopped_at="1")  # a later stop: another StopDate
    assert handler.is_complete(event) == {"IsComplete": True}
    assert calls == []


def test_the_resume_leaves_a_replacement_task_alone(moto_dms):
    client, arn, task, calls = moto_dms
    task.status = "ready"  # the update replaced the task: the new one was never started
    assert handler.is_complete(_resume_event("Update", arn, paused="true", stopped_at="1700000000")) == {"IsComplete": True}
    assert calls == [] and _status(client, arn) == "ready"


def test_the_resume_of_a_missing_task_does_nothing(moto_dms):
    _, arn, _, calls = moto_dms
    gone = arn.replace(":task:w-a", ":task:GONE")
    assert handler.is_complete(_resume_event("Update", gone, paused="true", stopped_at="1700000000")) == {"IsComplete": True}
    assert calls == []


def test_a_rolled_back_update_resumes_the_task_its_pause_stopped(moto_dms):
    client, arn, task, calls = moto_dms
    task.run()
    pause = _pause(_pause_event("Update"))
    calls.clear()
    # The task update failed: CloudFormation rolls back and deletes the pause's new physical id.
    delete = _pause_event("Delete", physical_id=pause["PhysicalResourceId"])
    assert handler.on_event(delete) == {"PhysicalResourceId": pause["PhysicalResourceId"]}
    assert handler.is_complete(delete) == {"IsComplete": True}
    assert calls == [("StartReplicationTask", {"ReplicationTaskArn": arn, "StartReplicationTaskType": "resume-processing"})]
    assert _status(client, arn) == "running"


def test_cleanup_after_a_successful_update_starts_nothing(moto_dms):
    client, arn, task, calls = moto_dms
    task.run()
    old = _pause(_pause_event("Update"))  # an earlier deploy's pause, resumed by its resume
    handler.is_complete(_resume_event("Update", arn, paused="true", stopped_at=old["Data"]["StoppedAt"]))
    assert _status(client, arn) == "running"
    calls.clear()
    delete = _pause_event("Delete", physical_id=old["PhysicalResourceId"])
    assert handler.is_complete(delete) == {"IsComplete": True}
    assert calls == []
    # ... nor when the task was stopped again since (by someone else, at another time).
    task.stop()
    task.stop_date = task.stop_date.replace(year=2030)
    assert handler.is_complete(delete) == {"IsComplete": True}
    assert calls == [] and _status(client, arn) == "stopped"


@pytest.mark.parametrize("physical_id", [PAUSE_ID, "pause:w-gone:1700000000"])
def test_deleting_a_pause_that_stopped_nothing_or_a_missing_task_starts_nothing(moto_dms, physical_id):
    _, _, task, calls = moto_dms
    task.status = "stopped"
    assert handler.is_complete(_pause_event("Delete", physical_id=physical_id)) == {"IsComplete": True}
    assert calls == []


def test_deleting_the_resume_stops_nothing_in_on_event(moto_dms):
    _, arn, task, calls = moto_dms
    task.run()
    assert handler.on_event(_resume_event("Delete", arn)) == {"PhysicalResourceId": RESUME_ID}
    assert calls == []  # is_complete stops a task that leaves the stack: test_stop_before_delete.py


@pytest.mark.parametrize("status", ["stopped", "failed", "ready"])
def test_deleting_the_resume_leaves_a_task_that_does_not_run(moto_dms, status):
    _, arn, task, calls = moto_dms
    task.status = status
    event = _resume_event("Delete", arn)
    handler.on_event(event)
    assert handler.is_complete(event) == {"IsComplete": True}
    assert calls == []


def test_deleting_the_resume_of_a_missing_task_succeeds(moto_dms):
    _, arn, _, calls = moto_dms
    event = _resume_event("Delete", arn.replace(":task:w-a", ":task:GONE"))
    handler.on_event(event)
    assert handler.is_complete(event) == {"IsComplete": True} and calls == []


# --- handler: what moto does not model, with botocore's Stubber ----------------------------------------

TASK_ARN = "arn:aws:dms:eu-west-1:123456789012:task:ABC"
BY_ID = {"Filters": [{"Name": "replication-task-id", "Values": ["w-a"]}], "WithoutSettings": True}
BY_ARN = {"Filters": [{"Name": "replication-task-arn", "Values": [TASK_ARN]}], "WithoutSettings": True}


@pytest.fixture
def stubbed(monkeypatch):
    client = boto3.client("dms", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
    monkeypatch.setattr(handler, "_CLIENT", client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _task(status: str, **extra) -> dict:
    return {"ReplicationTasks": [dict({"ReplicationTaskArn": TASK_ARN, "ReplicationTaskIdentifier": "w-a", "Status": status}, **extra)]}


def test_a_task_dms_reports_not_found_is_missing(stubbed):
    stubbed.add_client_error("describe_replication_tasks", "ResourceNotFoundFault", "No Tasks found matching provided filters", expected_params=BY_ID)
    stubbed.add_client_error("describe_replication_tasks", "ResourceNotFoundFault", "No Tasks found matching provided filters", expected_params=BY_ID)
    assert handler.on_event(_pause_event("Update"))["Pausing"] == "false"


def test_a_stop_refused_because_the_task_already_stops_is_waited_on(stubbed):
    stubbed.add_response("describe_replication_tasks", _task("running"), BY_ID)
    stubbed.add_client_error("stop_replication_task", "InvalidResourceStateFault", "Task is stopping", expected_params={"ReplicationTaskArn": TASK_ARN})
    event = handler.on_event(_pause_event("Update"))
    assert event["Pausing"] == "true"
    stubbed.add_response("describe_replication_tasks", _task("stopping"), BY_ARN)
    assert handler.is_complete({**_pause_event("Update"), **event}) == {"IsComplete": False}


def test_other_dms_errors_fail_the_request(stubbed):
    stubbed.add_response("describe_replication_tasks", _task("running"), BY_ID)
    stubbed.add_client_error("stop_replication_task", "AccessDeniedFault", "not authorized", expected_params={"ReplicationTaskArn": TASK_ARN})
    with pytest.raises(handler.ClientError, match="AccessDeniedFault"):
        handler.on_event(_pause_event("Update"))


def test_a_resume_that_fails_fails_the_update_with_dms_s_message(stubbed):
    import datetime

    stopped = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
    stats = {"ReplicationTaskStats": {"StopDate": stopped}, "LastFailureMessage": "Last Error Replication task out of memory"}
    stubbed.add_response("describe_replication_tasks", _task("failed", **stats), BY_ARN)
    event = _resume_event("Update", TASK_ARN, paused="true", stopped_at=str(int(stopped.timestamp())))
    with pytest.raises(handler.PauseResumeError, match=r"^DMS replication task w-a failed when it was resumed after the update: Last Error Replication task out of memory$"):
        handler.is_complete(event)


def _stopped_task(stopped):
    return _task("stopped", ReplicationTaskStats={"StopDate": stopped})


def test_a_resume_update_hands_its_request_time_to_is_complete(monkeypatch):
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000.9)
    event = _resume_event("Update", TASK_ARN, paused="true", stopped_at="1")
    assert handler.on_event(event) == {"PhysicalResourceId": RESUME_ID, "RequestedAt": "1790000000"}


def test_a_resume_dms_keeps_refusing_fails_after_ten_minutes_with_dms_s_message(stubbed, monkeypatch):
    import datetime

    stopped = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
    resume = {"ReplicationTaskArn": TASK_ARN, "StartReplicationTaskType": "resume-processing"}
    event = {**_resume_event("Update", TASK_ARN, paused="true", stopped_at=str(int(stopped.timestamp()))), "RequestedAt": "1790000000"}
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 599)  # within the budget: poll again
    stubbed.add_response("describe_replication_tasks", _stopped_task(stopped), BY_ARN)
    stubbed.add_client_error("start_replication_task", "InvalidResourceStateFault", "Replication instance is being modified", expected_params=resume)
    assert handler.is_complete(event) == {"IsComplete": False}
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 660)
    stubbed.add_response("describe_replication_tasks", _stopped_task(stopped), BY_ARN)
    stubbed.add_client_error("start_replication_task", "InvalidResourceStateFault", "Replication instance is being modified", expected_params=resume)
    stubbed.add_response("describe_replication_tasks", _stopped_task(stopped), BY_ARN)
    with pytest.raises(handler.PauseResumeError, match=r"^DMS still refuses to resume replication task w-a \(stopped\) 11 minutes after the request: Replication instance is being modified$"):
        handler.is_complete(event)


def test_a_refused_resume_without_a_request_time_polls_as_before(stubbed, monkeypatch):
    import datetime

    stopped = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
    monkeypatch.setattr(handler, "_now", lambda: 1_790_000_000 + 3000)
    stubbed.add_response("describe_replication_tasks", _stopped_task(stopped), BY_ARN)
    stubbed.add_client_error("start_replication_task", "InvalidResourceStateFault", "busy", expected_params={"ReplicationTaskArn": TASK_ARN, "StartReplicationTaskType": "resume-processing"})
    assert handler.is_complete(_resume_event("Update", TASK_ARN, paused="true", stopped_at=str(int(stopped.timestamp())))) == {"IsComplete": False}


def test_bad_events_fail_with_what_was_expected():
    with pytest.raises(handler.PauseResumeError, match=r"^pause/resume: expected ResourceType Custom::DmsPauseBeforeUpdate or Custom::DmsResumeAfterUpdate, got 'Custom::Other'$"):
        handler.on_event({"RequestType": "Create", "ResourceType": "Custom::Other", "ResourceProperties": {}})
    with pytest.raises(handler.PauseResumeError, match=r"^pause/resume: the resource property TaskIdentifier is missing$"):
        handler.on_event({"RequestType": "Create", "ResourceType": PAUSE, "ResourceProperties": {}})
