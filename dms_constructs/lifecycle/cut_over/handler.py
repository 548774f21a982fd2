"""Cut a wave over: stop its tasks (and serverless replications) and rotate the secrets that served the
migration. Handlers for CDK's custom-resource Provider framework (boto3 only, as the Lambda runtime ships it).

`Custom::DmsStopForCutover` (properties `Kind` "task" or "serverless", `Arn`, `Name`):
- Create and Update: a running (or starting) task is stopped (StopReplicationTask; serverless:
  StopReplication) and `is_complete` waits until it is stopped. A task that is stopped, failed or was never
  started is left as it is. A missing task fails the deploy with its name.
- Delete (the wave goes back to MIGRATING, or is retired): nothing. Resuming a stopped task is a
  decision (the runbook's rollback), not a side effect of a deploy.

`Custom::DmsRotateOnCutover` (properties `SecretArn`, `Name`):
- Create (the wave enters CUT_OVER): RotateSecret with the secret's own rotation configuration, then
  `is_complete` waits until the new version is AWSCURRENT. A rotation already under way is waited on
  instead of started twice.
- Update and Delete: nothing (one rotation per entry into CUT_OVER).

DMS user guide, "Task status" (task statuses) and "AWS DMS Serverless components" (replication
statuses); DMS API reference, StopReplicationTask and StopReplication; Secrets Manager API reference,
RotateSecret and DescribeSecret (`VersionIdsToStages`).
"""

from __future__ import annotations

import logging
from typing import Any, Optional

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

STOP_TYPE = "Custom::DmsStopForCutover"
ROTATE_TYPE = "Custom::DmsRotateOnCutover"

# Task statuses (DMS user guide, "Task status").
TASK_RUNNING = frozenset({"running"})
TASK_AT_REST = frozenset({"stopped", "failed", "ready"})
# Serverless replication statuses (DMS user guide, "AWS DMS Serverless components").
REPLICATION_RUNNING = frozenset({"running"})
REPLICATION_AT_REST = frozenset({"stopped", "failed", "created"})
# Anything else (starting, stopping, modifying, provisioning_capacity, ...) moves on by itself: wait.

CURRENT, PENDING = "AWSCURRENT", "AWSPENDING"

_CLIENTS: dict[str, Any] = {}


class CutoverError(Exception):
    """Raised when a cutover step cannot be done; the message becomes CloudFormation's status reason."""


def _client(service: str) -> Any:
    """One client per service and execution environment, with botocore's standard retries."""
    if service not in _CLIENTS:
        _CLIENTS[service] = boto3.client(service, config=Config(connect_timeout=5, read_timeout=15, retries={"mode": "standard", "max_attempts": 5}))
    return _CLIENTS[service]


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


# --- Provider framework entry points ------------------------------------------------------------------


def on_event(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Start the work once per request; `is_complete` waits for it."""
    request, kind = event["RequestType"], _kind(event)
    props = event.get("ResourceProperties") or {}
    if kind == STOP_TYPE:
        task_kind, arn, name = _stop_properties(props)
        physical_id = event.get("PhysicalResourceId") or f"cutover-stop-{arn.split(':')[-1]}"
        if request in ("Create", "Update"):
            _stop_if_running(task_kind, arn, name)
        return {"PhysicalResourceId": physical_id}
    secret_arn = _required(props, "SecretArn")
    name = str(props.get("Name") or secret_arn)
    if request != "Create":
        return {"PhysicalResourceId": event["PhysicalResourceId"]}
    version = _rotate(secret_arn, name)
    return {"PhysicalResourceId": f"cutover-rotate-{name}", "RotationVersion": version}


def is_complete(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    request, kind = event["RequestType"], _kind(event)
    props = event.get("ResourceProperties") or {}
    if kind == STOP_TYPE:
        if request == "Delete":
            return {"IsComplete": True}
        task_kind, arn, name = _stop_properties(props)
        return {"IsComplete": _stopped(task_kind, arn, name)}
    if request != "Create":
        return {"IsComplete": True}
    return _rotation_done(_required(props, "SecretArn"), str(props.get("Name") or ""), event.get("RotationVersion") or "")


# --- stopping -----------------------------------------------------------------------------------------


def _status(task_kind: str, arn: str, name: str) -> str:
    try:
        if task_kind == "task":
            found = _client("dms").describe_replication_tasks(
                Filters=[{"Name": "replication-task-arn", "Values": [arn]}], WithoutSettings=True
            )["ReplicationTasks"]
        else:
            found = _client("dms").describe_replications(Filters=[{"Name": "replication-config-arn", "Values": [arn]}])["Replications"]
    except ClientError as error:
        if _code(error) != "ResourceNotFoundFault":  # DMS's answer when nothing matches the filter
            raise
        found = []
    if not found:
        if task_kind == "serverless":
            return "created"  # a config whose replication never started has no replication record
        raise CutoverError(f"DMS replication task {name} ({arn}) does not exist: it cannot be stopped for the cutover")
    return str(found[0].get("Status", ""))


def _stop_if_running(task_kind: str, arn: str, name: str, status: Optional[str] = None) -> None:
    status = _status(task_kind, arn, name) if status is None else status
    running = TASK_RUNNING if task_kind == "task" else REPLICATION_RUNNING
    LOG.info("cutover: %s %s is %s", task_kind, name, status)
    if status not in running:
        return
    try:
        if task_kind == "task":
            _client("dms").stop_replication_task(ReplicationTaskArn=arn)
        else:
            _client("dms").stop_replication(ReplicationConfigArn=arn)
    except ClientError as error:
        if _code(error) != "InvalidResourceStateFault":  # stopping already: the next poll sees it
            raise
        LOG.info("stop of %s refused (%s); checking its status", name, error)


def _stopped(task_kind: str, arn: str, name: str) -> bool:
    status = _status(task_kind, arn, name)
    at_rest = TASK_AT_REST if task_kind == "task" else REPLICATION_AT_REST
    if status in at_rest:
        LOG.info("cutover: %s %s is %s", task_kind, name, status)
        return True
    _stop_if_running(task_kind, arn, name, status)  # started meanwhile (a starter, a person): stop it too
    return False


# --- rotating -----------------------------------------------------------------------------------------


def _rotate(secret_arn: str, name: str) -> str:
    """Start a rotation with the secret's configuration; its version id, or "" when one was under way."""
    try:
        version = _client("secretsmanager").rotate_secret(SecretId=secret_arn)["VersionId"]
    except ClientError as error:
        message = str(error.response.get("Error", {}).get("Message", ""))
        # "A previous rotation isn't complete. That rotation will be reattempted." (RotateSecret, InvalidRequestException)
        if _code(error) == "InvalidRequestException" and "previous rotation" in message.lower():
            LOG.info("rotation of %s already under way: waiting for it", name)
            return ""
        if _code(error) == "InvalidRequestException":
            raise CutoverError(f"secret {name} could not be rotated for the cutover: {message}") from error
        raise
    LOG.info("rotating secret %s: version %s", name, version)
    return str(version)


def _rotation_done(secret_arn: str, name: str, version: str) -> dict[str, Any]:
    stages: dict[str, list[str]] = _client("secretsmanager").describe_secret(SecretId=secret_arn).get("VersionIdsToStages") or {}
    if version:
        done = CURRENT in stages.get(version, [])
    else:  # waiting on a rotation started by someone else: done once no version is only pending
        done = not [v for v, s in stages.items() if PENDING in s and CURRENT not in s]
    if done:
        LOG.info("secret %s rotated", name)
        current = next((v for v, s in sorted(stages.items()) if CURRENT in s), "")
        return {"IsComplete": True, "Data": {"VersionId": current}}
    return {"IsComplete": False}


# --- properties ---------------------------------------------------------------------------------------


def _kind(event: dict[str, Any]) -> str:
    kind = event.get("ResourceType")
    if kind not in (STOP_TYPE, ROTATE_TYPE):
        raise CutoverError(f"cutover: expected ResourceType {STOP_TYPE} or {ROTATE_TYPE}, got {kind!r}")
    return str(kind)


def _stop_properties(props: dict[str, Any]) -> tuple[str, str, str]:
    task_kind, arn = props.get("Kind"), props.get("Arn")
    if task_kind not in ("task", "serverless") or not arn:
        raise CutoverError(f"cutover: expected Kind 'task' or 'serverless' and an Arn, got Kind={task_kind!r} Arn={arn!r}")
    return str(task_kind), str(arn), str(props.get("Name") or arn)


def _required(props: dict[str, Any], key: str) -> str:
    value = props.get(key)
    if not value:
        raise CutoverError(f"cutover: the resource property {key} is missing")
    return str(value)
