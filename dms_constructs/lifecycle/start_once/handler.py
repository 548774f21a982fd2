"""Start a DMS replication task or serverless replication once, after CloudFormation creates it.

Handlers for CDK's custom-resource Provider framework (boto3 only, as the Lambda runtime ships it):

- `on_event` answers every request at once. Create returns the physical id and starts nothing; Update
  keeps the physical id; Delete returns. Nothing is started, stopped or restarted on update.
- On Delete, `is_complete` stops a running task (or serverless replication) and waits until it is stopped, but
  only when the task leaves the stack with this resource - the stack is deleted (and the task is not retained),
  the operation that created it rolls back, or the update removed it from the template - and does nothing when
  the task stays (e.g. `start_after_create` was turned off): see `stop_before_delete.py`, shared with the
  pause/resume handler. DMS deletes no running task, and CloudFormation's delete handler does not stop it.
- On Create, `is_complete` is polled by the framework's waiter: it waits while DMS still creates
  the task, starts it once with `start-replication`, and reports success once the task is starting or
  further along. It is safe to call any number of times: a task that an earlier attempt already started
  is a success and is never started again. A failed, deleting or missing task raises, which the
  framework reports to CloudFormation as the reason of a failed stack operation. A start that DMS keeps refusing
  (`InvalidResourceStateFault`) while the task stays startable fails with DMS's message when it is refused 10
  minutes or more after the request (`REFUSAL_BUDGET_SECONDS`: the time spent waiting for `creating` counts too),
  not after the waiter's 50.

A serverless replication with a pre-migration assessment (`PremigrationAssessment` property) is started with
it (`StartReplication` `PremigrationAssessmentSettings`, `FailOnAssessmentFailure` true: DMS starts the
replication only after the assessment did not fail). The start then completes once the assessment `passed` (or
ended with `warning`), read from `DescribeReplications` `PremigrationAssessmentStatuses`, and fails the deploy
when it failed, naming the failing individual assessments and where the results are. DMS user guide, "AWS DMS
Serverless premigration"; DMS API reference, "StartReplication", "PremigrationAssessmentStatus".

Resource properties: `Kind` ("task" or "serverless"), `Arn` (task or replication config ARN), `Name`
(the DMS identifier, for messages), `TaskLogicalId` and `TaskDeletionPolicy` (for the Delete, see
`stop_before_delete.py`) and, serverless only, `PremigrationAssessment` (an object:
`ResultLocationFolder`, `ResultEncryptionMode`, `ResultKmsKeyArn`, `IncludeOnly`, `Exclude`).
"""

from __future__ import annotations

import json
import logging
import time
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

# A start that DMS refuses (`InvalidResourceStateFault`) while the task stays startable: DMS refuses while the
# task or its replication instance is busy for a moment, and the next poll starts it. A refusal that lasts does not
# pass by waiting, so a start refused this long or longer after the request fails with DMS's own message instead of
# the waiter's "Operation timed out" after 50 minutes. The handler keeps no state between polls, so the time counts
# from the request, waits for `creating` included: a task that was ready early is refused about 20 times (the
# waiter's 30-second interval, `_provider.QUERY_INTERVAL`) first. Ten minutes cover a replication instance's
# maintenance or modification window of a few minutes.
REFUSAL_BUDGET_SECONDS = 600
REQUESTED_AT = "RequestedAt"  # on_event's epoch seconds of the Create, handed to every is_complete

# Assessment run statuses (DMS API reference, "PremigrationAssessmentStatus"; the same as a task's assessment runs,
# DMS user guide "Specifying, starting, and viewing premigration assessment runs"). starting, provisioning and
# running are waited on.
ASSESSMENT_PASSED = frozenset({"passed", "warning"})  # DMS starts the replication after either
ASSESSMENT_FAILED = frozenset({"failed", "error-provisioning", "error-executing", "invalid state", "cancelling", "deleting"})
INDIVIDUAL_FAILED = frozenset({"failed", "error", "invalid state", "cancelled"})
# A replication this far along has started without reporting an assessment: nothing is left to wait for.
REPLICATION_RUNNING = frozenset({"replication_starting", "running", "stopping", "stopped"})

_CLIENT: Any = None


def _now() -> float:
    return time.time()


class StartOnceError(Exception):
    """Raised for a task that cannot be started; the message becomes CloudFormation's status reason."""


def _dms() -> Any:
    """One DMS client per execution environment: a slow call times out (5 s connect, 15 s read) and is retried with
    botocore's standard retries, within the function's timeout (`_provider.HANDLER_TIMEOUT`)."""
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = boto3.client("dms", config=Config(connect_timeout=5, read_timeout=15, retries={"mode": "standard", "max_attempts": 5}))
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
        return {"PhysicalResourceId": f"start-{arn.split(':')[-1]}", REQUESTED_AT: str(int(_now()))}
    LOG.info("%s: nothing to start (a delete may stop a task that leaves the stack, in is_complete)", request.lower())
    return {"PhysicalResourceId": event["PhysicalResourceId"]}


def is_complete(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Create: start the task once it is ready; complete once it is starting or further along. Delete: stop a
    task that leaves the stack, complete once it is stopped. Update: nothing."""
    if event["RequestType"] == "Delete":
        return {"IsComplete": _stop_before_delete(event)}
    if event["RequestType"] != "Create":
        return {"IsComplete": True}
    kind, arn, name = _properties(event)
    requested_at = _requested_at(event)
    if kind == "task":
        return {"IsComplete": _start_task(arn, name, requested_at)}
    assessment = (event.get("ResourceProperties") or {}).get("PremigrationAssessment")
    if assessment:
        return {"IsComplete": _start_assessed_replication(arn, name, dict(assessment), requested_at)}
    return {"IsComplete": _start_replication(arn, name, requested_at=requested_at)}


def _requested_at(event: dict[str, Any]) -> Optional[float]:
    """When on_event saw the Create (None for a request that an older handler answered: then no bound)."""
    try:
        return float(event[REQUESTED_AT])
    except (KeyError, TypeError, ValueError):
        return None


def _refused(what: str, name: str, status: Any, error: ClientError, requested_at: Optional[float]) -> bool:
    """A start of `name` was refused and it is still startable: False (poll again) within the refusal budget,
    else raise with DMS's message."""
    if requested_at is None or _now() - requested_at < REFUSAL_BUDGET_SECONDS:
        return False
    message = str(error.response.get("Error", {}).get("Message", "")) or str(error)
    minutes = int((_now() - requested_at) // 60)
    raise StartOnceError(
        f"DMS still refuses to start {what} {name} ({status}) {minutes} minutes after the request: {message}"
    ) from error


def _stop_before_delete(event: dict[str, Any]) -> bool:
    props = event.get("ResourceProperties") or {}
    kind, arn = props.get("Kind"), props.get("Arn")
    if kind not in ("task", "serverless") or not arn:  # never block a delete (e.g. of a failed create)
        return True
    if kind == "task":
        return bool(stop_before_delete.task_stopped(event, _dms(), _describe_task(arn)))
    return bool(stop_before_delete.replication_stopped(event, _dms(), arn, _describe_replication(arn)))


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


def _start_task(arn: str, name: str, requested_at: Optional[float] = None) -> bool:
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
        task = _describe_task(arn)
        action = _task_action(task, arn, name)
        if action == DONE:
            return True
        return _refused("replication task", name, task.get("Status") if task else None, error, requested_at) if action == START else False
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


def _start_replication(arn: str, name: str, settings: Optional[str] = None, requested_at: Optional[float] = None) -> bool:
    replication = _describe_replication(arn)
    action = _replication_action(replication, name)
    LOG.info("replication %s is %s: %s", name, replication.get("Status") if replication else None, action)
    if action != START:
        return action == DONE
    request = {"ReplicationConfigArn": arn, "StartReplicationType": START_REPLICATION}
    if settings is not None:
        request["PremigrationAssessmentSettings"] = settings
    try:
        _dms().start_replication(**request)
    except ClientError as error:
        code = _error_code(error)
        if code == "ResourceNotFoundFault":
            raise StartOnceError(f"DMS serverless replication config {name} ({arn}) does not exist: it cannot be started") from error
        if code != "InvalidResourceStateFault":
            raise
        LOG.info("start of %s refused (%s): checking its status", name, error)
        replication = _describe_replication(arn)
        action = _replication_action(replication, name)
        if action == DONE:
            return True
        status = replication.get("Status") if replication else None
        return _refused("serverless replication", name, status, error, requested_at) if action == START else False
    LOG.info("started serverless replication %s", name)
    return True


# --- serverless replications with a pre-migration assessment -------------------------------------------


def assessment_settings(props: dict[str, Any]) -> str:
    """`PremigrationAssessmentSettings` as DMS takes it: a JSON document, `FailOnAssessmentFailure` always true (a
    replication whose assessment failed never starts), empty lists left out. IncludeOnly/Exclude are JSON arrays of
    assessment names, as in StartReplicationTaskAssessmentRun (the API reference calls both "space-separated lists")."""
    settings: dict[str, Any] = {}
    for key in ("ResultLocationFolder", "ResultEncryptionMode", "ResultKmsKeyArn"):
        if props.get(key):
            settings[key] = str(props[key])
    for key in ("IncludeOnly", "Exclude"):
        names = [str(n) for n in props.get(key) or []]
        if names:
            settings[key] = names
    settings["FailOnAssessmentFailure"] = True
    return json.dumps(settings, sort_keys=True)


def _latest_assessment(replication: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    statuses = [s for s in (replication or {}).get("PremigrationAssessmentStatuses") or [] if isinstance(s, dict)]
    if not statuses:
        return None
    # A new replication config has one run; should there be more, the newest one is this start's.
    return max(statuses, key=lambda s: str(s.get("PremigrationAssessmentRunCreationDate") or ""))


def _start_assessed_replication(arn: str, name: str, props: dict[str, Any], requested_at: Optional[float] = None) -> bool:
    """Start the replication with its assessment once; complete once the assessment passed (DMS then starts the
    replication), raise once it failed."""
    replication = _describe_replication(arn)
    run = _latest_assessment(replication)
    if run is None:
        status = (replication or {}).get("Status")
        if replication is not None and status in REPLICATION_RUNNING:
            LOG.warning("serverless replication %s is %s and reports no pre-migration assessment", name, status)
            return True
        if replication is None or status in REPLICATION_STARTABLE:
            _start_replication(arn, name, assessment_settings(props), requested_at)
            return False
        _replication_action(replication, name)  # raises for a failed or deleting replication
        LOG.info("replication %s is %s: waiting for its pre-migration assessment", name, status)
        return False
    status = str(run.get("Status", ""))
    LOG.info("pre-migration assessment of serverless replication %s is %s", name, status)
    if status in ASSESSMENT_PASSED:
        return True
    if status in ASSESSMENT_FAILED:
        raise StartOnceError(_assessment_failure(name, run, status))
    return False


def _individual_failures(run_arn: str) -> list[str]:
    """The failing individual assessments of a run, `name (status)`, sorted; every page (`Marker`)."""
    names: list[str] = []
    params: dict[str, Any] = {"Filters": [{"Name": "replication-task-assessment-run-arn", "Values": [run_arn]}]}
    while True:
        page = _dms().describe_replication_task_individual_assessments(**params)
        for assessment in page.get("ReplicationTaskIndividualAssessments", []):
            if assessment.get("Status") in INDIVIDUAL_FAILED:
                names.append(f"{assessment.get('IndividualAssessmentName')} ({assessment.get('Status')})")
        if not page.get("Marker"):
            return sorted(names)
        params = {**params, "Marker": page["Marker"]}


def _assessment_failure(name: str, run: dict[str, Any], status: str) -> str:
    run_arn = str(run.get("PremigrationAssessmentRunArn", ""))
    try:
        failures = _individual_failures(run_arn) if run_arn else []
    except ClientError as error:  # the run's own status and counts still explain the failure
        LOG.warning("could not list the individual assessments of %s: %s", run_arn, error)
        failures = []
    if failures:
        named = "; failing assessments: " + ", ".join(failures)
    else:
        counts = run.get("ResultStatistic") or {}
        shown = [f"{counts[k]} {k.lower()}" for k in ("Failed", "Error", "Cancelled") if counts.get(k)]
        named = "; " + ", ".join(shown) if shown else ""
    reason = f" ({run['LastFailureMessage']})" if run.get("LastFailureMessage") else ""
    bucket, folder = run.get("ResultLocationBucket"), run.get("ResultLocationFolder")
    where = f"s3://{bucket}/{folder + '/' if folder else ''}" if bucket else "the S3 bucket DMS Serverless manages"
    return f"Pre-migration assessment of DMS serverless replication {name} {status}{reason}{named}. Results: {where}"
