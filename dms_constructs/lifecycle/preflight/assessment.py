"""Run a DMS pre-migration assessment of a new replication task once, after CloudFormation creates it and
before anything starts it, and fail the stack operation when the assessment fails.

Handlers for CDK's custom-resource Provider framework (boto3 only, as the Lambda runtime ships it):

- `on_event` answers every request at once. Create names the assessment run (from the request id, so
  that every poll of this request finds the same run) and starts nothing; Update and Delete do nothing
  (the results stay in the bucket).
- `is_complete` is polled for Create only. While the task is still being created it waits; once the task
  is `ready` it starts the run (`StartReplicationTaskAssessmentRun`); then it reads the run
  (`DescribeReplicationTaskAssessmentRuns`) until it ends. `passed` completes, and so does `warning`
  unless `FailOnWarning`; `failed`, `error-*`, `cancelling` and `deleting` raise with the individual
  assessments that failed (`DescribeReplicationTaskIndividualAssessments`) and where the results are,
  which the framework reports to CloudFormation as the reason of the failed stack operation.

DMS user guide, "Specifying, starting, and viewing premigration assessment runs" (run and individual
assessment statuses; results as JSON in the bucket); DMS API reference, "StartReplicationTaskAssessmentRun"
(the task must already be created; IncludeOnly or Exclude; ResultEncryptionMode SSE_KMS with
ResultKmsKeyArn). DMS refuses to assess a task that runs (`InvalidResourceStateFault`).

Resource properties: `TaskArn`, `TaskName` (for messages), `ServiceAccessRoleArn`, `Bucket`, `Folder`,
`KmsKeyArn`, `IncludeOnly` and `Exclude` (lists, at most one non-empty), `FailOnWarning` ("true"/"false").
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any, Optional

from botocore.exceptions import ClientError

# The client and error helpers the preflight handlers share (`dms_api.py`, a module of the same asset).
try:  # as the Lambda runtime loads it: the asset's modules are top-level
    from dms_api import dms as _dms  # type: ignore[import-not-found,unused-ignore]
    from dms_api import error_code as _error_code  # type: ignore[import-not-found,unused-ignore]
    from dms_api import error_message as _error_message  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # inside the package (tests)
    from .dms_api import dms as _dms
    from .dms_api import error_code as _error_code
    from .dms_api import error_message as _error_message

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

# Task statuses: DMS user guide, "Task status". A new task is `ready`; DMS assesses only tasks that do not run.
TASK_ASSESSABLE = frozenset({"ready", "stopped"})

# A run that DMS refuses to start (`InvalidResourceStateFault`) while the task stays assessable: DMS refuses while
# the task or its replication instance is busy for a moment, and the next poll starts it. A refusal that lasts
# does not pass by waiting, so runs are refused at most for this long after the request - at the waiter's
# 30-second interval about 20 refusals - before the assessment fails with DMS's own message, instead of the
# waiter's "Operation timed out" after 50 minutes (the same budget as the start-once handler's).
REFUSAL_BUDGET_SECONDS = 600
REQUESTED_AT = "RequestedAt"  # on_event's epoch seconds of the Create, handed to every is_complete
TASK_RUNS = frozenset({"starting", "running", "stopping"})
TASK_BROKEN = frozenset({"failed", "failed-move", "deleting"})
# Anything else (creating, modifying, moving, testing) is waited on.

# Assessment run statuses: DMS user guide, "Specifying, starting, and viewing premigration assessment runs".
RUN_PASSED, RUN_WARNING = "passed", "warning"
RUN_FAILED = frozenset({"failed", "error-provisioning", "error-executing", "invalid state", "cancelling", "deleting"})
# starting, provisioning, running: waited on.
INDIVIDUAL_FAILED = frozenset({"failed", "error", "invalid state", "cancelled"})


class AssessmentError(Exception):
    """An assessment that failed or could not run; the message becomes CloudFormation's status reason."""


# --- Provider framework entry points ------------------------------------------------------------------


def on_event(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Create: the physical id and the run's name (`is_complete` starts it). Update/Delete: nothing."""
    request = event["RequestType"]
    props = _properties(event)
    if request != "Create":
        LOG.info("%s: nothing to do (an assessment runs once, on create)", request.lower())
        return {"PhysicalResourceId": event["PhysicalResourceId"]}
    name = run_name(props["TaskName"], str(event.get("RequestId", "")))
    LOG.info("create: will assess task %s as run %s once it is ready", props["TaskName"], name)
    return {"PhysicalResourceId": f"assessment-{name}", "Data": {"AssessmentRunName": name}, REQUESTED_AT: str(int(_now()))}


def is_complete(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Create: start the run once the task is ready; complete once it passed; raise once it failed."""
    if event["RequestType"] != "Create":
        return {"IsComplete": True}
    props = _properties(event)
    name = str((event.get("Data") or {}).get("AssessmentRunName") or run_name(props["TaskName"], str(event.get("RequestId", ""))))
    run = _find_run(props["TaskArn"], name)
    if run is None:
        _start_when_ready(props, name, _requested_at(event))
        return {"IsComplete": False}
    status = str(run.get("Status", ""))
    LOG.info("assessment run %s of task %s is %s", name, props["TaskName"], status)
    if status == RUN_PASSED or (status == RUN_WARNING and not props["FailOnWarning"]):
        return {"IsComplete": True, "Data": {"AssessmentRunArn": run.get("ReplicationTaskAssessmentRunArn", ""), "Status": status}}
    if status in RUN_FAILED or status == RUN_WARNING:
        raise AssessmentError(_failure(props, run, status))
    return {"IsComplete": False}


def _now() -> float:
    return time.time()


def _requested_at(event: dict[str, Any]) -> Optional[float]:
    """When on_event saw the Create (None for a request that an older handler answered: then no bound)."""
    try:
        return float(event[REQUESTED_AT])
    except (KeyError, TypeError, ValueError):
        return None


def run_name(task_name: str, request_id: str) -> str:
    """`<task name, at most 40 characters>-<8 hex digits of the request id>`: one run per create request."""
    digest = hashlib.sha256(request_id.encode()).hexdigest()[:8]
    return f"{task_name[:40].rstrip('-')}-{digest}"


def _properties(event: dict[str, Any]) -> dict[str, Any]:
    props = event.get("ResourceProperties") or {}
    missing = [k for k in ("TaskArn", "ServiceAccessRoleArn", "Bucket", "KmsKeyArn") if not props.get(k)]
    if missing:
        raise AssessmentError(f"pre-migration assessment: expected {', '.join(missing)} in the resource properties")
    return {
        "TaskArn": str(props["TaskArn"]),
        "TaskName": str(props.get("TaskName") or props["TaskArn"]),
        "ServiceAccessRoleArn": str(props["ServiceAccessRoleArn"]),
        "Bucket": str(props["Bucket"]),
        "Folder": str(props.get("Folder") or ""),
        "KmsKeyArn": str(props["KmsKeyArn"]),
        "IncludeOnly": [str(n) for n in props.get("IncludeOnly") or []],
        "Exclude": [str(n) for n in props.get("Exclude") or []],
        "FailOnWarning": str(props.get("FailOnWarning", "false")).lower() == "true",
    }


# --- DMS ----------------------------------------------------------------------------------------------


def _describe_task(arn: str) -> Optional[dict[str, Any]]:
    try:
        tasks = _dms().describe_replication_tasks(
            Filters=[{"Name": "replication-task-arn", "Values": [arn]}], WithoutSettings=True
        )["ReplicationTasks"]
    except ClientError as error:
        if _error_code(error) == "ResourceNotFoundFault":
            return None
        raise
    return dict(tasks[0]) if tasks else None


def _all(operation: Any, key: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a DMS describe call, following its `Marker` (botocore has no paginator for these)."""
    items: list[dict[str, Any]] = []
    while True:
        page = operation(**params)
        items.extend(dict(item) for item in page.get(key, []))
        marker = page.get("Marker")
        if not marker:
            return items
        params = {**params, "Marker": marker}


def _find_run(task_arn: str, name: str) -> Optional[dict[str, Any]]:
    try:
        runs = _all(
            _dms().describe_replication_task_assessment_runs,
            "ReplicationTaskAssessmentRuns",
            Filters=[{"Name": "replication-task-arn", "Values": [task_arn]}],
        )
        for run in runs:
            if run.get("AssessmentRunName") == name:
                return run
    except ClientError as error:
        if _error_code(error) != "ResourceNotFoundFault":  # no run of this task yet
            raise
    return None


def _start_when_ready(props: dict[str, Any], name: str, requested_at: Optional[float] = None) -> None:
    task_name = props["TaskName"]
    task = _describe_task(props["TaskArn"])
    if task is None:
        raise AssessmentError(f"DMS replication task {task_name} ({props['TaskArn']}) does not exist: it cannot be assessed")
    status = str(task.get("Status", ""))
    if status in TASK_BROKEN:
        reason = task.get("LastFailureMessage") or "no failure message"
        raise AssessmentError(f"DMS replication task {task_name} is {status}, so it was not assessed: {reason}")
    if status in TASK_RUNS:
        raise AssessmentError(
            f"DMS replication task {task_name} is {status}: DMS assesses only a task that does not run; "
            "something started it before its pre-migration assessment"
        )
    if status not in TASK_ASSESSABLE:
        LOG.info("task %s is %s: waiting before the assessment", task_name, status)
        return
    request: dict[str, Any] = {
        "ReplicationTaskArn": props["TaskArn"],
        "ServiceAccessRoleArn": props["ServiceAccessRoleArn"],
        "ResultLocationBucket": props["Bucket"],
        "ResultEncryptionMode": "SSE_KMS",
        "ResultKmsKeyArn": props["KmsKeyArn"],
        "AssessmentRunName": name,
    }
    if props["Folder"]:
        request["ResultLocationFolder"] = props["Folder"]
    if props["IncludeOnly"]:
        request["IncludeOnly"] = props["IncludeOnly"]
    if props["Exclude"]:
        request["Exclude"] = props["Exclude"]
    try:
        _dms().start_replication_task_assessment_run(**request)
    except ClientError as error:
        code = _error_code(error)
        if code == "ResourceAlreadyExistsFault":  # an earlier poll started it; the next one reads it
            LOG.info("assessment run %s exists already", name)
            return
        if code == "InvalidResourceStateFault":  # the task left `ready` a moment ago: look again next time
            LOG.info("DMS refused to assess task %s for now (%s)", task_name, _error_message(error))
            if requested_at is not None and _now() - requested_at >= REFUSAL_BUDGET_SECONDS:
                task = _describe_task(props["TaskArn"])
                status = str((task or {}).get("Status", ""))
                if status in TASK_ASSESSABLE:  # refused although it stays assessable, for the whole budget
                    minutes = int((_now() - requested_at) // 60)
                    raise AssessmentError(
                        f"DMS still refuses to start the pre-migration assessment of task {task_name} ({status}) "
                        f"{minutes} minutes after the request: {_error_message(error)}"
                    ) from error
            return
        raise AssessmentError(f"DMS could not start the pre-migration assessment of task {task_name}: {code}: {_error_message(error)}") from error
    LOG.info("started assessment run %s of task %s", name, task_name)


def _individual_failures(run_arn: str, fail_on_warning: bool) -> list[str]:
    failing = INDIVIDUAL_FAILED | ({"warning"} if fail_on_warning else set())
    names: list[str] = []
    assessments = _all(
        _dms().describe_replication_task_individual_assessments,
        "ReplicationTaskIndividualAssessments",
        Filters=[{"Name": "replication-task-assessment-run-arn", "Values": [run_arn]}],
    )
    for assessment in assessments:
        if assessment.get("Status") in failing:
            names.append(f"{assessment.get('IndividualAssessmentName')} ({assessment.get('Status')})")
    return sorted(names)


def _failure(props: dict[str, Any], run: dict[str, Any], status: str) -> str:
    run_arn = str(run.get("ReplicationTaskAssessmentRunArn", ""))
    try:
        failures = _individual_failures(run_arn, props["FailOnWarning"]) if run_arn else []
    except ClientError as error:  # the run's own status still explains the failure
        LOG.warning("could not list the individual assessments of %s: %s", run_arn, error)
        failures = []
    named = "; failing assessments: " + ", ".join(failures) if failures else ""
    reason = f" ({run['LastFailureMessage']})" if run.get("LastFailureMessage") else ""
    folder = f"/{props['Folder']}" if props["Folder"] else ""
    return (
        f"Pre-migration assessment {run.get('AssessmentRunName')} of DMS task {props['TaskName']} {status}{reason}{named}. "
        f"Results: s3://{props['Bucket']}{folder}/"
    )
