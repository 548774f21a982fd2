"""Start a DMS replication task or serverless replication once, after CloudFormation creates it.

Handlers for CDK's custom-resource Provider framework (boto3 only, as the Lambda runtime ships it):

- `on_event` answers every request at once. Create returns the physical id and starts nothing; Update
  keeps the physical id; Delete returns. Update and Delete never start, stop or restart anything.
- `is_complete` is polled by the framework's waiter for Create only: it waits while DMS still creates
  the task, starts it once with `start-replication`, and reports success once the task is starting or
  further along. It is safe to call any number of times: a task that an earlier attempt already started
  is a success and is never started again. A failed, deleting or missing task raises, which the
  framework reports to CloudFormation as the reason of a failed stack operation.

Resource properties: `Kind` ("task" or "serverless"), `Arn` (task or replication config ARN) and `Name`
(the DMS identifier, for messages).
"""

from __future__ import annotations

import logging
from typing import Any, Optional

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

START_REPLICATION = "start-replication"

# Replication task statuses: DMS user guide, "Task status"; DMS API reference, "ReplicationTask" (`Status`).
# `stopped` means "stopped in response to StopReplicationTask" (or after a full load finished), so a
# stopped task has run before: starting it again with `start-replication` would reload the target, so
# it counts as started and is never started here.
TASK_STARTABLE = frozenset({"ready"})
TASK_STARTED = frozenset({"starting", "running", "stopping", "stopped"})
TASK_BROKEN = frozenset({"failed", "failed-move", "deleting"})
# Anything else (creating, modifying, moving, testing, or a status added later) is waited on.

# Serverless replication statuses (DMS user guide, "AWS DMS Serverless components": a replication goes
# from created through initializing ... provisioning capacity to replication starting and running).
REPLICATION_STARTABLE = frozenset({"created", "ready"})
REPLICATION_STARTED = frozenset(
    {
        "initializing",
        "preparing_metadata_resources",
        "testing_connection",
        "fetching_metadata",
        "calculating_capacity",
        "provisioning_capacity",
        "replication_starting",
        "running",
        "stopping",
        "stopped",
    }
)
REPLICATION_BROKEN = frozenset({"failed", "deleting"})

START, WAIT, DONE = "start", "wait", "done"

_CLIENT: Any = None


class StartOnceError(Exception):
    """Raised for a task that cannot be started; the message becomes CloudFormation's status reason."""


def _dms() -> Any:
    """One DMS client per execution environment, with botocore's standard retries for throttling (five
    attempts fit the function's one-minute timeout)."""
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = boto3.client("dms", config=Config(retries={"mode": "standard", "max_attempts": 5}))
    return _CLIENT


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


# --- Provider framework entry points ------------------------------------------------------------------


def on_event(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Create: the physical id (nothing is started yet; `is_complete` starts). Update/Delete: no-op."""
    request = event["RequestType"]
    if request == "Create":
        kind, arn, name = _properties(event)
        LOG.info("create: will start %s %s (%s) once it is ready", kind, name, arn)
        return {"PhysicalResourceId": f"start-{arn.split(':')[-1]}"}
    LOG.info("%s: nothing to do (updates and deletes never start, stop or restart a task)", request.lower())
    return {"PhysicalResourceId": event["PhysicalResourceId"]}


def is_complete(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Create: start the task once it is ready; complete once it is starting or further along."""
    if event["RequestType"] != "Create":
        return {"IsComplete": True}
    kind, arn, name = _properties(event)
    started = _start_task(arn, name) if kind == "task" else _start_replication(arn, name)
    return {"IsComplete": started}


def _properties(event: dict[str, Any]) -> tuple[str, str, str]:
    props = event.get("ResourceProperties") or {}
    kind, arn = props.get("Kind"), props.get("Arn")
    if kind not in ("task", "serverless") or not arn:
        raise StartOnceError(f"start-once: expected Kind 'task' or 'serverless' and an Arn, got Kind={kind!r} Arn={arn!r}")
    return kind, arn, props.get("Name") or arn


# --- replication tasks (replication instance) ---------------------------------------------------------


def _describe_task(arn: str) -> Optional[dict[str, Any]]:
    try:
        tasks = _dms().describe_replication_tasks(
            Filters=[{"Name": "replication-task-arn", "Values": [arn]}], WithoutSettings=True
        )["ReplicationTasks"]
    except ClientError as error:
        if _error_code(error) == "ResourceNotFoundFault":  # DMS's answer when no task matches the filter
            return None
        raise
    return tasks[0] if tasks else None


def _task_action(task: Optional[dict[str, Any]], arn: str, name: str) -> str:
    if task is None:
        raise StartOnceError(f"DMS replication task {name} ({arn}) does not exist: it cannot be started")
    status = task.get("Status", "")
    if status in TASK_BROKEN:
        reason = task.get("LastFailureMessage") or task.get("StopReason") or "no failure message"
        raise StartOnceError(f"DMS replication task {name} is {status}, so it was not started: {reason}")
    if status in TASK_STARTABLE:
        return START
    if status in TASK_STARTED:
        return DONE
    return WAIT


def _start_task(arn: str, name: str) -> bool:
    task = _describe_task(arn)
    action = _task_action(task, arn, name)
    LOG.info("task %s is %s: %s", name, task.get("Status") if task else None, action)
    if action != START:
        return action == DONE
    try:
        _dms().start_replication_task(ReplicationTaskArn=arn, StartReplicationTaskType=START_REPLICATION)
    except ClientError as error:
        if _error_code(error) != "InvalidResourceStateFault":
            raise
        # Another attempt started it a moment ago, or it left `ready` meanwhile: look again, never
        # start twice. Started -> done; still waiting -> poll again; failed -> raise.
        LOG.info("start of %s refused (%s): checking its status", name, error)
        return _task_action(_describe_task(arn), arn, name) == DONE
    LOG.info("started task %s", name)
    return True


# --- serverless replications (replication configs) ----------------------------------------------------


def _describe_replication(arn: str) -> Optional[dict[str, Any]]:
    try:
        replications = _dms().describe_replications(
            Filters=[{"Name": "replication-config-arn", "Values": [arn]}]
        )["Replications"]
    except ClientError as error:
        if _error_code(error) == "ResourceNotFoundFault":
            return None
        raise
    return replications[0] if replications else None


def _replication_action(replication: Optional[dict[str, Any]], name: str) -> str:
    if replication is None:  # no replication yet for a new config: StartReplication tells if it exists
        return START
    status = replication.get("Status", "")
    if status in REPLICATION_BROKEN:
        reason = "; ".join(replication.get("FailureMessages") or []) or replication.get("StopReason") or "no failure message"
        raise StartOnceError(f"DMS serverless replication {name} is {status}, so it was not started: {reason}")
    if status in REPLICATION_STARTABLE:
        return START
    if status in REPLICATION_STARTED:
        return DONE
    return WAIT


def _start_replication(arn: str, name: str) -> bool:
    replication = _describe_replication(arn)
    action = _replication_action(replication, name)
    LOG.info("replication %s is %s: %s", name, replication.get("Status") if replication else None, action)
    if action != START:
        return action == DONE
    try:
        _dms().start_replication(ReplicationConfigArn=arn, StartReplicationType=START_REPLICATION)
    except ClientError as error:
        code = _error_code(error)
        if code == "ResourceNotFoundFault":
            raise StartOnceError(f"DMS serverless replication config {name} ({arn}) does not exist: it cannot be started") from error
        if code != "InvalidResourceStateFault":
            raise
        LOG.info("start of %s refused (%s): checking its status", name, error)
        return _replication_action(_describe_replication(arn), name) == DONE
    LOG.info("started serverless replication %s", name)
    return True
