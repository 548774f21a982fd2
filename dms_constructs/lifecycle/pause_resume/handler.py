"""Pause a running DMS replication task while CloudFormation updates it (or an endpoint it uses), and
resume it afterwards. Handlers for CDK's custom-resource Provider framework (boto3 only, as the Lambda
runtime ships it).

DMS refuses to modify a task that runs: "Tasks that have run must have a status of Stopped or Failed to
be modified" (DMS user guide, "Modifying a task"; API reference, ModifyReplicationTask: "The task must
be stopped before you can modify it"), and a running task cannot be deleted. Two custom resources per
task, ordered by CloudFormation, take care of it:

`Custom::DmsPauseBeforeUpdate` (the task and its endpoints depend on it; properties `TaskIdentifier` and
`Fingerprint`, a hash of the task's and its endpoints' properties, so it updates exactly when they do):
- Create: nothing (a new task is not running).
- Update: a running (or starting) task is stopped (StopReplicationTask) and `is_complete` waits until it
  is stopped. The result names the pause: attributes `Paused` ("true"/"false") and `StoppedAt` (the
  task's StopDate, epoch seconds), and a new physical id `pause:<identifier>:<StoppedAt>`. A task that
  is not running (stopped, failed, ready, missing) is left alone and the physical id is kept.
- Delete: CloudFormation deletes a pause's physical id after a rollback (the update it belongs to
  failed) and after the next successful update (cleanup). If the task is still stopped by exactly this
  pause (same StopDate), nobody resumed it - the update failed - so it is resumed (`resume-processing`);
  otherwise nothing happens.

`Custom::DmsResumeAfterUpdate` (depends on the task and its endpoints; properties `TaskArn`,
`TaskIdentifier`, `Fingerprint` and the pause's `Paused` and `StoppedAt`):
- Create: nothing.
- Update: if the pause stopped the task and the task is still stopped by it, resume it
  (StartReplicationTask with `resume-processing`) and wait until it runs. A task replaced by the update
  is new (ready) and is not started here. A resume DMS keeps refusing while the task stays stopped fails the update
  with DMS's message 10 minutes after the request (`REFUSAL_BUDGET_SECONDS`), not after the waiter's 50.
- Delete: if the task leaves the stack with this resource (the stack is deleted and the task is not
  retained, the operation that created it rolls back, or the update removed it from the template), stop it
  and wait, so that CloudFormation's delete of the task succeeds (DMS deletes no running task). If the task
  stays (e.g. `pause_during_updates` was turned off), nothing happens: see `stop_before_delete.py`, shared
  with the start-once handler. Properties `TaskLogicalId` and `TaskDeletionPolicy` tell which.

Every `is_complete` may be called any number of times; it decides from the task's current state (and, for a
refused resume, from how long ago the update was requested).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any, Optional

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

try:  # as the Lambda runtime loads it: the asset's root holds the shared module
    import stop_before_delete  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # inside the package (tests)
    from .. import stop_before_delete

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

PAUSE_TYPE = "Custom::DmsPauseBeforeUpdate"
RESUME_TYPE = "Custom::DmsResumeAfterUpdate"
RESUME_PROCESSING = "resume-processing"

# Replication task statuses: DMS user guide, "Task status".
RUNNING = "running"
STARTING = "starting"
STOPPING = "stopping"
STOPPED = "stopped"
FAILED = "failed"
# A task in these states moves on by itself: wait for it.
MOVING = frozenset({STARTING, STOPPING, "modifying", "creating", "moving", "testing"})
NOT_PAUSED = "none"

# A resume that DMS refuses (`InvalidResourceStateFault`) while the task stays stopped by the pause: DMS refuses
# while the task or its replication instance is busy for a moment, and the next poll resumes it. A refusal that
# lasts does not pass by waiting, so resumes are refused at most for this long after the request - at the
# waiter's 30-second interval about 20 refusals - before the update fails with DMS's own message, instead of the
# waiter's "Operation timed out" after 50 minutes (the same budget as the start-once handler's).
REFUSAL_BUDGET_SECONDS = 600
REQUESTED_AT = "RequestedAt"  # on_event's epoch seconds of a resume's update, handed to every is_complete

_CLIENT: Any = None


def _now() -> float:
    return time.time()


class PauseResumeError(Exception):
    """Raised when a task cannot be paused or resumed; the message becomes CloudFormation's status reason."""


def _dms() -> Any:
    """One DMS client per execution environment, with botocore's standard retries for throttling."""
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = boto3.client("dms", config=Config(connect_timeout=5, read_timeout=15, retries={"mode": "standard", "max_attempts": 5}))
    return _CLIENT


# --- Provider framework entry points ------------------------------------------------------------------


def on_event(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Answer at once; `is_complete` does the work. Pause updates start the stop here, once per request,
    and pass `Pausing` on to `is_complete` (the framework hands on_event's fields to it)."""
    request, props = event["RequestType"], event.get("ResourceProperties") or {}
    kind = _kind(event)
    identifier = _required(props, "TaskIdentifier")
    if request == "Create":
        physical_id = f"pause:{identifier}" if kind == PAUSE_TYPE else f"resume:{identifier}"
        return {"PhysicalResourceId": physical_id, "Data": {"Paused": "false", "StoppedAt": NOT_PAUSED}}
    physical_id = event["PhysicalResourceId"]
    if kind == PAUSE_TYPE and request == "Update":
        old = (event.get("OldResourceProperties") or {}).get("TaskIdentifier") or identifier
        task = _describe(identifier=old) or _describe(identifier=identifier)
        status = task.get("Status") if task else None
        LOG.info("pause before update: task %s is %s", old, status)
        pausing = task if task and status in (RUNNING, STARTING) else None
        if pausing and status == RUNNING:
            _stop(pausing["ReplicationTaskArn"])
        return {
            "PhysicalResourceId": physical_id,
            "Pausing": "true" if pausing else "false",
            "PausedTaskArn": pausing["ReplicationTaskArn"] if pausing else "",
            "PausedTaskIdentifier": pausing["ReplicationTaskIdentifier"] if pausing else "",
        }
    if kind == RESUME_TYPE and request == "Update":
        return {"PhysicalResourceId": physical_id, REQUESTED_AT: str(int(_now()))}
    return {"PhysicalResourceId": physical_id}


def is_complete(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Poll until the request's work is done (see the module docstring)."""
    request, kind = event["RequestType"], _kind(event)
    if request == "Create":
        return {"IsComplete": True}
    if kind == PAUSE_TYPE:
        return _pause_update(event) if request == "Update" else _pause_cleanup(event)
    return _resume_update(event) if request == "Update" else _stop_before_delete(event)


# --- the pause ----------------------------------------------------------------------------------------


def _pause_update(event: dict[str, Any]) -> dict[str, Any]:
    if event.get("Pausing") != "true":
        return {"IsComplete": True, "Data": {"Paused": "false", "StoppedAt": NOT_PAUSED}}
    arn, identifier = event["PausedTaskArn"], event["PausedTaskIdentifier"]
    task = _describe(arn=arn)
    if task is None:  # deleted meanwhile: nothing left to pause or resume
        return {"IsComplete": True, "Data": {"Paused": "false", "StoppedAt": NOT_PAUSED}}
    status = task.get("Status")
    if status == RUNNING:  # it was starting when the update began, or a stop did not take
        _stop(arn)
        return {"IsComplete": False}
    if status == STOPPED:
        stopped_at = _stop_date(task)
        LOG.info("paused task %s (stopped at %s)", identifier, stopped_at)
        return {
            "IsComplete": True,
            "PhysicalResourceId": f"pause:{identifier}:{stopped_at}",
            "Data": {"Paused": "true", "StoppedAt": stopped_at},
        }
    if status == FAILED:  # a failed task can be modified; it is not resumed (it did not stop for us)
        LOG.info("task %s failed while it was being paused: %s", identifier, _reason(task))
        return {"IsComplete": True, "Data": {"Paused": "false", "StoppedAt": NOT_PAUSED}}
    return {"IsComplete": False}  # starting, stopping, ...: wait


def _pause_cleanup(event: dict[str, Any]) -> dict[str, Any]:
    """Delete of a pause: resume the task if this pause was never followed by a resume."""
    parts = event["PhysicalResourceId"].split(":")
    if len(parts) != 3 or parts[0] != "pause":
        return {"IsComplete": True}  # a pause that stopped nothing
    _, identifier, stopped_at = parts
    task = _describe(identifier=identifier)
    if task is None or task.get("Status") != STOPPED or _stop_date(task) != stopped_at:
        return {"IsComplete": True}  # resumed (or stopped again by someone else, or gone): not ours to start
    LOG.info("the update that paused task %s did not resume it (rolled back): resuming", identifier)
    _resume(task["ReplicationTaskArn"])
    return {"IsComplete": True}


# --- the resume ---------------------------------------------------------------------------------------


def _resume_update(event: dict[str, Any]) -> dict[str, Any]:
    props = event.get("ResourceProperties") or {}
    if props.get("Paused") != "true":
        return {"IsComplete": True}
    arn, stopped_at, identifier = _required(props, "TaskArn"), props.get("StoppedAt"), props.get("TaskIdentifier")
    task = _describe(arn=arn)
    if task is None:
        return {"IsComplete": True}
    status = task.get("Status")
    ours = _stop_date(task) == stopped_at
    if status == STOPPED and ours:
        LOG.info("resuming task %s", identifier)
        refusal = _resume(arn)
        if refusal is not None:
            _check_refusals(event, arn, stopped_at, identifier, refusal)
        return {"IsComplete": False}
    if status == RUNNING:
        return {"IsComplete": True}
    if status == FAILED and ours:
        raise PauseResumeError(f"DMS replication task {identifier} failed when it was resumed after the update: {_reason(task)}")
    if status in MOVING:
        return {"IsComplete": False}
    return {"IsComplete": True}  # a new task (ready), or stopped by someone else: not ours to start


def _check_refusals(event: dict[str, Any], arn: str, stopped_at: Any, identifier: Any, error: ClientError) -> None:
    """A resume was refused: past the refusal budget, raise with DMS's message if the task is still stopped by the
    pause (a task that moved on meanwhile is waited on as before). No bound for a request without `RequestedAt`."""
    try:
        requested_at = float(event[REQUESTED_AT])
    except (KeyError, TypeError, ValueError):
        return
    if _now() - requested_at < REFUSAL_BUDGET_SECONDS:
        return
    task = _describe(arn=arn)
    if task is None or task.get("Status") != STOPPED or _stop_date(task) != stopped_at:
        return
    message = str(error.response.get("Error", {}).get("Message", "")) or str(error)
    minutes = int((_now() - requested_at) // 60)
    raise PauseResumeError(
        f"DMS still refuses to resume replication task {identifier} (stopped) {minutes} minutes after the request: {message}"
    ) from error


def _stop_before_delete(event: dict[str, Any]) -> dict[str, Any]:
    """Delete of a resume: stop the task only if it leaves the stack (`stop_before_delete.py`)."""
    task = _describe(arn=_required(event.get("ResourceProperties") or {}, "TaskArn"))
    return {"IsComplete": bool(stop_before_delete.task_stopped(event, _dms(), task))}


# --- DMS ----------------------------------------------------------------------------------------------


def _describe(*, arn: Optional[str] = None, identifier: Optional[str] = None) -> Optional[dict[str, Any]]:
    name, value = ("replication-task-arn", arn) if arn else ("replication-task-id", identifier)
    try:
        tasks = _dms().describe_replication_tasks(Filters=[{"Name": name, "Values": [value]}], WithoutSettings=True)["ReplicationTasks"]
    except ClientError as error:
        if _code(error) == "ResourceNotFoundFault":  # DMS's answer when no task matches the filter
            return None
        raise
    return tasks[0] if tasks else None


def _stop(arn: str) -> None:
    try:
        _dms().stop_replication_task(ReplicationTaskArn=arn)
    except ClientError as error:
        if _code(error) != "InvalidResourceStateFault":  # already stopping or stopped: the next poll sees it
            raise
        LOG.info("stop of %s refused (%s); checking its status", arn, error)


def _resume(arn: str) -> Optional[ClientError]:
    """Resume the task; DMS's refusal (`InvalidResourceStateFault`) is returned, not raised."""
    try:
        _dms().start_replication_task(ReplicationTaskArn=arn, StartReplicationTaskType=RESUME_PROCESSING)
    except ClientError as error:
        if _code(error) != "InvalidResourceStateFault":  # already starting: the next poll sees it
            raise
        LOG.info("resume of %s refused (%s); checking its status", arn, error)
        return error
    return None


def _stop_date(task: dict[str, Any]) -> str:
    """The task's last StopDate as epoch seconds: what identifies one pause."""
    value = (task.get("ReplicationTaskStats") or {}).get("StopDate")
    if isinstance(value, datetime):
        return str(int(value.timestamp()))
    return str(int(value)) if isinstance(value, (int, float)) else "0"


def _reason(task: dict[str, Any]) -> str:
    return str(task.get("LastFailureMessage") or task.get("StopReason") or "no failure message")


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def _kind(event: dict[str, Any]) -> str:
    kind = event.get("ResourceType")
    if kind not in (PAUSE_TYPE, RESUME_TYPE):
        raise PauseResumeError(f"pause/resume: expected ResourceType {PAUSE_TYPE} or {RESUME_TYPE}, got {kind!r}")
    return str(kind)


def _required(props: dict[str, Any], key: str) -> str:
    value = props.get(key)
    if not value:
        raise PauseResumeError(f"pause/resume: the resource property {key} is missing")
    return str(value)
