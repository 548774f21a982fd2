"""Stop before delete: the Delete of a start-once or resume resource stops its task (or serverless replication)
and waits, only when the task leaves the stack (`lifecycle/stop_before_delete.py`).

DMS is moto's (replication tasks) or botocore's Stubber (serverless replications, refused stops, which moto does
not model). CloudFormation is always a Stubber on the shared module's client: moto's CloudFormation cannot hold
a stack in DELETE_IN_PROGRESS, a rollback or a cleanup phase while a test runs, so each test states the stack
status (DescribeStacks) and the current template (GetTemplate) that CloudFormation would answer, and the
Stubber fails on any call not planned (e.g. when a task at rest must not cost a CloudFormation call).
"""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.stub import Stubber

from dms_constructs.lifecycle import stop_before_delete
from dms_constructs.lifecycle.pause_resume import handler as pause_resume
from dms_constructs.lifecycle.start_once import handler as start_once

from .helpers import create_moto_task, task_status

REGION = "eu-west-1"
STACK_ID = "arn:aws:cloudformation:eu-west-1:123456789012:stack/Migration/0a1b2c3d"
TASK_LID = "WTasksaTask1A2B3C4D"
DESCRIBE = {"StackName": STACK_ID}
TEMPLATE = {"StackName": STACK_ID, "TemplateStage": "Processed"}


def _delete_event(arn: str, *, kind: str = "task", policy: str = "Delete", resource: str = "start") -> dict:
    props = {"ServiceToken": "x", "TaskLogicalId": TASK_LID, "TaskDeletionPolicy": policy}
    if resource == "start":
        props.update(Kind=kind, Arn=arn, Name="w-a")
        return {"RequestType": "Delete", "ResourceType": "Custom::DmsStartOnce", "StackId": STACK_ID,
                "PhysicalResourceId": "start-w-a", "ResourceProperties": props}
    props.update(TaskArn=arn, TaskIdentifier="w-a", Fingerprint="f", Paused="false", StoppedAt="none")
    return {"RequestType": "Delete", "ResourceType": "Custom::DmsResumeAfterUpdate", "StackId": STACK_ID,
            "PhysicalResourceId": "resume:w-a", "ResourceProperties": props}


def _handler(event: dict):
    return start_once if event["ResourceType"] == "Custom::DmsStartOnce" else pause_resume


def _run(event: dict) -> dict:
    """The request as the framework runs it: on_event once, then the first is_complete."""
    _handler(event).on_event(event)
    return _poll(event)


def _poll(event: dict) -> dict:
    """One more is_complete, as the framework's waiter polls."""
    return _handler(event).is_complete(event)


@pytest.fixture
def cfn(monkeypatch):
    client = boto3.client("cloudformation", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
    monkeypatch.setattr(stop_before_delete, "_CFN", client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _stack(cfn: Stubber, status: str, *, resources: list[str] | None = None, retain_except_on_create: bool | None = None) -> None:
    """CloudFormation answers one look-up: the stack's status (and the operation's RetainExceptOnCreate flag, when
    given) and, when given, its current template's resources."""
    stack = {"StackName": "Migration", "StackId": STACK_ID, "StackStatus": status, "CreationTime": "2026-11-01T00:00:00Z"}
    if retain_except_on_create is not None:
        stack["RetainExceptOnCreate"] = retain_except_on_create
    cfn.add_response("describe_stacks", {"Stacks": [stack]}, DESCRIBE)
    if resources is not None:
        body = {"Resources": {lid: {"Type": "AWS::DMS::ReplicationTask"} for lid in resources}}
        # As CloudFormation sends it, a JSON text (botocore's after-call handler parses it, Stubber or not).
        cfn.add_response("get_template", {"TemplateBody": json.dumps(body)}, TEMPLATE)


@pytest.fixture
def moto_dms(monkeypatch):
    """moto's DMS with one running task `w-a` for both handlers; yields (client, arn, backend task, calls) where
    calls records every Stop/StartReplicationTask request."""
    from moto import mock_aws
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dms.models import dms_backends

    calls: list[tuple[str, dict]] = []
    with mock_aws():
        client = boto3.client("dms", region_name=REGION)
        for operation in ("StopReplicationTask", "StartReplicationTask"):
            client.meta.events.register(f"provide-client-params.dms.{operation}", lambda params, operation=operation, **_: calls.append((operation, dict(params))))
        arn = create_moto_task(client)
        monkeypatch.setattr(start_once, "_CLIENT", client)
        monkeypatch.setattr(pause_resume, "_CLIENT", client)
        task = dms_backends[DEFAULT_ACCOUNT_ID][REGION].replication_tasks[arn]
        task.run()
        yield client, arn, task, calls


RESOURCES = ["start", "resume"]


# --- the task leaves the stack: stopped, then waited on ---------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_stack_delete_stops_a_running_task_and_waits_until_it_is_stopped(moto_dms, cfn, resource):
    client, arn, task, calls = moto_dms
    event = _delete_event(arn, resource=resource)
    _stack(cfn, "DELETE_IN_PROGRESS")
    assert _run(event) == {"IsComplete": False}
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]
    task.status = "stopping"
    _stack(cfn, "DELETE_IN_PROGRESS")
    assert _poll(event) == {"IsComplete": False}
    task.status = "stopped"
    assert _poll(event) == {"IsComplete": True}  # at rest: no CloudFormation call
    assert len(calls) == 1
    client.delete_replication_task(ReplicationTaskArn=arn)  # what CloudFormation does next succeeds


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("policy", ["Delete", "RetainExceptOnCreate"])
def test_the_rollback_of_a_failed_create_stops_the_task_it_deletes(moto_dms, cfn, resource, policy):
    _, arn, _, calls = moto_dms
    _stack(cfn, "ROLLBACK_IN_PROGRESS")
    assert _run(_delete_event(arn, resource=resource, policy=policy)) == {"IsComplete": False}
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_update_cleanup_stops_a_task_the_update_removed_from_the_template(moto_dms, cfn, resource):
    _, arn, _, calls = moto_dms
    _stack(cfn, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", resources=["WTasksbTask99887766"])
    assert _run(_delete_event(arn, resource=resource)) == {"IsComplete": False}
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]


@pytest.mark.parametrize("policy", ["Delete", "RetainExceptOnCreate"])
@pytest.mark.parametrize("status", ["UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"])
def test_an_update_rollback_stops_a_task_the_failed_update_created(moto_dms, cfn, status, policy):
    _, arn, _, calls = moto_dms
    _stack(cfn, status, resources=["WTasksbTask99887766"])  # the template rolled back to has no such task
    assert _run(_delete_event(arn, policy=policy)) == {"IsComplete": False}
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]


@pytest.mark.parametrize("status", ["ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS"])
def test_a_rollback_keeps_a_retained_task_unless_the_operation_retains_except_on_create(moto_dms, cfn, status):
    client, arn, _, calls = moto_dms
    _stack(cfn, status, retain_except_on_create=False)  # retained: no template look-up
    assert _run(_delete_event(arn, policy="Retain")) == {"IsComplete": True}
    assert calls == [] and task_status(client, arn) == "running"
    # With the stack-level flag, CloudFormation deletes what the rolled-back operation created, Retain or not.
    _stack(cfn, status, resources=None if status == "ROLLBACK_IN_PROGRESS" else ["WTasksbTask99887766"], retain_except_on_create=True)
    assert _run(_delete_event(arn, policy="Retain")) == {"IsComplete": False}
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]


def test_a_starting_task_that_leaves_is_waited_on_then_stopped_once_it_runs(moto_dms, cfn):
    _, arn, task, calls = moto_dms
    task.status = "starting"
    event = _delete_event(arn)
    _stack(cfn, "DELETE_IN_PROGRESS")
    assert _run(event) == {"IsComplete": False}
    assert calls == []
    task.status = "running"
    _stack(cfn, "DELETE_IN_PROGRESS")
    assert _poll(event) == {"IsComplete": False}
    assert calls == [("StopReplicationTask", {"ReplicationTaskArn": arn})]


# --- the task stays, or is retained: never stopped ------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_an_update_cleanup_that_removed_only_the_custom_resource_leaves_the_running_task_alone(moto_dms, cfn, resource):
    client, arn, _, calls = moto_dms
    _stack(cfn, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", resources=["WTasksbTask99887766", TASK_LID])
    assert _run(_delete_event(arn, resource=resource)) == {"IsComplete": True}
    assert calls == [] and task_status(client, arn) == "running"


def test_an_update_rollback_leaves_a_task_that_was_there_before_the_failed_update(moto_dms, cfn):
    client, arn, _, calls = moto_dms
    # e.g. the failed update turned start_after_create on for a running task: its rollback deletes the new resource
    _stack(cfn, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", resources=[TASK_LID])
    assert _run(_delete_event(arn)) == {"IsComplete": True}
    assert calls == [] and task_status(client, arn) == "running"


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("policy", ["Retain", "RetainExceptOnCreate"])
def test_a_stack_delete_never_stops_a_retained_task(moto_dms, cfn, resource, policy):
    client, arn, _, calls = moto_dms
    _stack(cfn, "DELETE_IN_PROGRESS")
    assert _run(_delete_event(arn, resource=resource, policy=policy)) == {"IsComplete": True}
    assert calls == [] and task_status(client, arn) == "running"


def test_a_retained_task_removed_from_the_template_is_not_stopped(moto_dms, cfn):
    client, arn, _, calls = moto_dms
    _stack(cfn, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")  # retained either way: no template look-up
    assert _run(_delete_event(arn, policy="RetainExceptOnCreate")) == {"IsComplete": True}
    assert calls == [] and task_status(client, arn) == "running"


def test_a_rolled_back_create_keeps_a_retained_task_running(moto_dms, cfn):
    _, arn, _, calls = moto_dms
    _stack(cfn, "ROLLBACK_IN_PROGRESS")
    assert _run(_delete_event(arn, policy="Retain")) == {"IsComplete": True}
    assert calls == []


@pytest.mark.parametrize("status", ["UPDATE_IN_PROGRESS", "IMPORT_ROLLBACK_IN_PROGRESS", "CREATE_IN_PROGRESS"])
def test_a_delete_in_any_other_stack_status_stops_nothing(moto_dms, cfn, status):
    _, arn, _, calls = moto_dms
    _stack(cfn, status)
    assert _run(_delete_event(arn)) == {"IsComplete": True}
    assert calls == []


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_resource_deployed_without_the_task_properties_stops_nothing(moto_dms, cfn, resource):
    _, arn, _, calls = moto_dms
    event = _delete_event(arn, resource=resource)
    for key in ("TaskLogicalId", "TaskDeletionPolicy"):
        del event["ResourceProperties"][key]
    assert _run(event) == {"IsComplete": True}  # and no CloudFormation call: the Stubber has none planned
    assert calls == []


def test_a_yaml_template_mentioning_the_task_keeps_it(moto_dms, cfn):
    _, arn, _, calls = moto_dms
    cfn.add_response("describe_stacks", {"Stacks": [{"StackName": "Migration", "StackStatus": "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "CreationTime": "2026-11-01T00:00:00Z"}]}, DESCRIBE)
    cfn.add_response("get_template", {"TemplateBody": f"Resources:\n  {TASK_LID}:\n    Type: AWS::DMS::ReplicationTask\n"}, TEMPLATE)
    assert _run(_delete_event(arn)) == {"IsComplete": True}
    assert calls == []


# --- at rest or missing: complete at once, without asking CloudFormation -------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("status", ["stopped", "ready", "failed"])
def test_a_task_at_rest_completes_at_once(moto_dms, cfn, resource, status):
    _, arn, task, calls = moto_dms
    task.status = status
    assert _run(_delete_event(arn, resource=resource)) == {"IsComplete": True}
    assert calls == []


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_missing_task_completes_at_once(moto_dms, cfn, resource):
    _, arn, _, calls = moto_dms
    assert _run(_delete_event(arn.replace(":task:w-a", ":task:GONE"), resource=resource)) == {"IsComplete": True}
    assert calls == []


# --- DMS answers moto does not model, and serverless replications (Stubber) ----------------------------

TASK_ARN = "arn:aws:dms:eu-west-1:123456789012:task:ABC"
CONFIG_ARN = "arn:aws:dms:eu-west-1:123456789012:replication-config:XYZ"
BY_ARN = {"Filters": [{"Name": "replication-task-arn", "Values": [TASK_ARN]}], "WithoutSettings": True}
CONFIG_FILTER = {"Filters": [{"Name": "replication-config-arn", "Values": [CONFIG_ARN]}]}
STOP_CONFIG = {"ReplicationConfigArn": CONFIG_ARN}


@pytest.fixture
def dms(monkeypatch):
    client = boto3.client("dms", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
    monkeypatch.setattr(start_once, "_CLIENT", client)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _replication(dms: Stubber, status: str | None) -> None:
    replications = [] if status is None else [{"ReplicationConfigArn": CONFIG_ARN, "Status": status}]
    dms.add_response("describe_replications", {"Replications": replications}, CONFIG_FILTER)


def test_a_stop_refused_because_the_task_already_stops_is_waited_on(dms, cfn):
    dms.add_response("describe_replication_tasks", {"ReplicationTasks": [{"ReplicationTaskArn": TASK_ARN, "Status": "running"}]}, BY_ARN)
    _stack(cfn, "DELETE_IN_PROGRESS")
    dms.add_client_error("stop_replication_task", "InvalidResourceStateFault", "Task is stopping", expected_params={"ReplicationTaskArn": TASK_ARN})
    assert start_once.is_complete(_delete_event(TASK_ARN)) == {"IsComplete": False}


def test_other_stop_errors_fail_the_delete(dms, cfn):
    dms.add_response("describe_replication_tasks", {"ReplicationTasks": [{"ReplicationTaskArn": TASK_ARN, "Status": "running"}]}, BY_ARN)
    _stack(cfn, "DELETE_IN_PROGRESS")
    dms.add_client_error("stop_replication_task", "AccessDeniedFault", "not authorized", expected_params={"ReplicationTaskArn": TASK_ARN})
    with pytest.raises(start_once.ClientError, match="AccessDeniedFault"):
        start_once.is_complete(_delete_event(TASK_ARN))


def test_serverless_stack_delete_stops_the_replication_and_waits(dms, cfn):
    event = _delete_event(CONFIG_ARN, kind="serverless")
    _replication(dms, "running")
    _stack(cfn, "DELETE_IN_PROGRESS")
    dms.add_response("stop_replication", {"Replication": {"ReplicationConfigArn": CONFIG_ARN, "Status": "stopping"}}, STOP_CONFIG)
    assert _run(event) == {"IsComplete": False}
    _replication(dms, "stopping")
    _stack(cfn, "DELETE_IN_PROGRESS")
    assert _poll(event) == {"IsComplete": False}
    _replication(dms, "stopped")
    assert _poll(event) == {"IsComplete": True}


def test_serverless_replication_still_starting_is_waited_on_before_its_stop(dms, cfn):
    _replication(dms, "provisioning_capacity")
    _stack(cfn, "ROLLBACK_IN_PROGRESS")
    assert _run(_delete_event(CONFIG_ARN, kind="serverless")) == {"IsComplete": False}  # the Stubber: no stop


@pytest.mark.parametrize("policy", ["Retain", "RetainExceptOnCreate"])
def test_serverless_stack_delete_never_stops_a_retained_replication(dms, cfn, policy):
    _replication(dms, "running")
    _stack(cfn, "DELETE_IN_PROGRESS")
    assert _run(_delete_event(CONFIG_ARN, kind="serverless", policy=policy)) == {"IsComplete": True}


def test_serverless_cleanup_leaves_a_replication_whose_config_stays(dms, cfn):
    _replication(dms, "running")
    _stack(cfn, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", resources=[TASK_LID])
    assert _run(_delete_event(CONFIG_ARN, kind="serverless")) == {"IsComplete": True}


def test_serverless_cleanup_stops_a_replication_whose_config_left(dms, cfn):
    _replication(dms, "running")
    _stack(cfn, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", resources=[])
    dms.add_response("stop_replication", {"Replication": {"Status": "stopping"}}, STOP_CONFIG)
    assert _run(_delete_event(CONFIG_ARN, kind="serverless")) == {"IsComplete": False}


@pytest.mark.parametrize("status", [None, "created", "stopped", "failed"])
def test_serverless_replication_at_rest_or_never_started_completes_at_once(dms, cfn, status):
    _replication(dms, status)
    assert _run(_delete_event(CONFIG_ARN, kind="serverless")) == {"IsComplete": True}


def test_serverless_config_gone_when_stopped_completes(dms, cfn):
    _replication(dms, "running")
    _stack(cfn, "DELETE_IN_PROGRESS")
    dms.add_client_error("stop_replication", "ResourceNotFoundFault", "not found", expected_params=STOP_CONFIG)
    assert _run(_delete_event(CONFIG_ARN, kind="serverless")) == {"IsComplete": True}


def test_a_delete_with_bad_properties_never_blocks(dms, cfn):
    event = {"RequestType": "Delete", "ResourceType": "Custom::DmsStartOnce", "StackId": STACK_ID, "PhysicalResourceId": "x", "ResourceProperties": {"Kind": "instance"}}
    assert start_once.is_complete(event) == {"IsComplete": True}


# --- the handlers' clients ------------------------------------------------------------------------------


def _handler_clients():
    from dms_constructs.lifecycle.cut_over import handler as cut_over
    from dms_constructs.lifecycle.preflight import dms_api

    return [
        (start_once, "_CLIENT", start_once._dms), (pause_resume, "_CLIENT", pause_resume._dms), (dms_api, "_CLIENT", dms_api.dms),
        (stop_before_delete, "_CFN", stop_before_delete._cloudformation), (cut_over, "_CLIENTS", lambda: cut_over._client("dms")),
    ]


def test_every_handler_client_times_out_a_slow_call_and_retries_it_within_the_function_s_three_minutes(monkeypatch):
    # A call botocore waited on for its default 60 s read timeout would outlive a one-minute function, whose timeout
    # the Provider framework reports as the deploy's failure; 6 attempts (5 retries) of 5 s + 15 s fit in the functions' 3 minutes.
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    for module, cache, make in _handler_clients():
        monkeypatch.setattr(module, cache, {} if cache == "_CLIENTS" else None)
        config = make().meta.config
        assert (config.connect_timeout, config.read_timeout, config.retries) == (5, 15, {"mode": "standard", "total_max_attempts": 6}), module.__name__
