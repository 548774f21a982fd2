"""Stop a DMS task or serverless replication that is leaving its stack, before CloudFormation deletes it.

Shared by the start-once and pause/resume handlers (`start_once/handler.py`, `pause_resume/handler.py`): a
top-level module of both Lambda assets, packaged next to each handler's directory (`_provider.py`,
`shared_modules`). boto3 only, as the Lambda runtime ships it.

Why: DMS deletes no running task (DMS user guide, "Deleting a replication instance": tasks must be stopped and
deleted first; a serverless replication config is deleted only when its replication is stopped or failed), and
CloudFormation's own delete handlers for `AWS::DMS::ReplicationTask` and `AWS::DMS::ReplicationConfig` do not
stop anything (their resource schemas, as cfn-lint ships them, give the delete handler no `dms:Stop*` permission). A custom
resource that refers to the task is deleted before it, so its Delete stops the task and `is_complete` waits until
it is stopped (StopReplicationTask; StopReplication for serverless: DMS API reference, "StopReplication").

When: a custom resource's Delete does not mean that its task goes. Removing only the custom resource from the
template (turning `start_after_create` or `pause_during_updates` off) deletes it in the cleanup phase of an
update while the task stays: a running CDC task must then keep running. So the task is stopped only when it
leaves the stack, decided from the stack's status (`DescribeStacks`) and, in the cleanup of an update or an
update rollback, from the stack's current template (`GetTemplate`, stage `Processed`). CloudFormation user
guide, "Stack status codes": DELETE_IN_PROGRESS (the stack is being removed), ROLLBACK_IN_PROGRESS (removal
of what a failed or canceled stack creation created), UPDATE_COMPLETE_CLEANUP_IN_PROGRESS (removal of old
resources after a successful update), UPDATE_ROLLBACK_IN_PROGRESS and UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS
(return to the previous template after a failed update, then removal of the resources the failed update
created); "Understand update behaviors of stack resources" and the knowledge-center article on stacks stuck in
the cleanup states: resources removed from the template are deleted in the cleanup phase, after every other
resource was created or updated, so the template read then is the one the stack keeps. The task's
`DeletionPolicy` decides whether it is deleted at all ("DeletionPolicy attribute": `Retain` keeps a resource on
stack deletion, on its removal from the template and on the rollback of the operation that created it;
`RetainExceptOnCreate` likewise, except that the rollback of the operation that created it deletes it).

Resource properties (set by the constructs, `leaving_stack.py`): `TaskLogicalId` (the task's logical id in
the stack) and `TaskDeletionPolicy` (`Delete`, `Retain`, `RetainExceptOnCreate` or `Snapshot`). A resource
deployed without them (before this module existed) never stops its task: nothing tells whether it leaves.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Callable, Optional

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

LOG = logging.getLogger()

TASK_LOGICAL_ID = "TaskLogicalId"
TASK_DELETION_POLICY = "TaskDeletionPolicy"

# Stack statuses (CloudFormation user guide, "Stack status codes").
STACK_DELETE = "DELETE_IN_PROGRESS"
CREATE_ROLLBACK = "ROLLBACK_IN_PROGRESS"  # a failed create: everything it created is deleted
UPDATE_CLEANUP = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"  # resources the update removed are deleted
UPDATE_ROLLBACK = frozenset({"UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"})

# Deletion policies that keep the task on a stack delete / a removal from the template, and on the rollback of
# the operation that created it ("DeletionPolicy attribute").
KEPT_ON_DELETE = frozenset({"Retain", "RetainExceptOnCreate"})
KEPT_ON_ROLLBACK = frozenset({"Retain"})

# Replication task statuses (DMS user guide, "Task status"): a running task is stopped; one that moves on by
# itself is waited on; any other (stopped, ready, failed, deleting, ...) can be deleted as it is.
TASK_RUNNING = "running"
TASK_MOVING = frozenset({"starting", "stopping", "modifying", "moving", "testing", "creating"})

# Serverless replication statuses (DMS user guide, "AWS DMS Serverless components"; API reference,
# "StopReplication" stops "any and all ongoing DMS Serverless replications" of a config): running is stopped,
# the start's steps and `stopping` are waited on, anything else (created, stopped, failed, ...) is at rest.
REPLICATION_RUNNING = "running"
REPLICATION_MOVING = frozenset(
    {
        "initializing",
        "preparing_metadata_resources",
        "testing_connection",
        "fetching_metadata",
        "calculating_capacity",
        "provisioning_capacity",
        "replication_starting",
        "stopping",
    }
)

_CFN: Any = None


def _cloudformation() -> Any:
    """One CloudFormation client per execution environment, with botocore's standard retries."""
    global _CFN
    if _CFN is None:
        _CFN = boto3.client("cloudformation", config=Config(connect_timeout=5, read_timeout=15, retries={"mode": "standard", "max_attempts": 5}))
    return _CFN


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


# --- does the task leave the stack? --------------------------------------------------------------------


def leaves_stack(event: dict[str, Any]) -> bool:
    """Whether the Delete `event` of a custom resource comes with its task leaving the stack (see the module
    docstring): stack delete of a task that is not retained, rollback of the operation that created it, or an
    update (or update rollback) whose template no longer has it."""
    props = event.get("ResourceProperties") or {}
    logical_id, policy = props.get(TASK_LOGICAL_ID), props.get(TASK_DELETION_POLICY)
    if not logical_id or not policy:
        LOG.info("stop before delete: no %s/%s properties: the task is left alone", TASK_LOGICAL_ID, TASK_DELETION_POLICY)
        return False
    stack_id = event["StackId"]
    status, retain_except_on_create = _stack_status(stack_id)
    LOG.info("stop before delete: stack is %s, task %s has DeletionPolicy %s", status, logical_id, policy)
    # The stack-level RetainExceptOnCreate (CreateStack/UpdateStack/RollbackStack) deletes what the rolled-back
    # operation created even under DeletionPolicy Retain (CloudFormation API reference, Stack: RetainExceptOnCreate).
    kept_on_rollback = frozenset() if retain_except_on_create else KEPT_ON_ROLLBACK
    if status == STACK_DELETE:
        return policy not in KEPT_ON_DELETE
    if status == CREATE_ROLLBACK:
        return policy not in kept_on_rollback
    if status == UPDATE_CLEANUP:
        return policy not in KEPT_ON_DELETE and not _in_template(stack_id, str(logical_id))
    if status in UPDATE_ROLLBACK:
        # The template is the one rolled back to: a task it has was there before the failed update and stays.
        return policy not in kept_on_rollback and not _in_template(stack_id, str(logical_id))
    return False  # any other status: the stack keeps the task


def _stack_status(stack_id: str) -> tuple[str, bool]:
    """The stack's status, and whether its operation was started with RetainExceptOnCreate."""
    (stack,) = _cloudformation().describe_stacks(StackName=stack_id)["Stacks"]
    return str(stack["StackStatus"]), bool(stack.get("RetainExceptOnCreate"))


def _in_template(stack_id: str, logical_id: str) -> bool:
    body = _cloudformation().get_template(StackName=stack_id, TemplateStage="Processed")["TemplateBody"]
    if isinstance(body, str):  # botocore parses a JSON body; a YAML one stays text
        try:
            body = json.loads(body)
        except ValueError:
            # Err on the side of keeping: any mention of the logical id counts as present.
            return logical_id in body
    return logical_id in ((body or {}).get("Resources") or {})


# --- stop and wait -------------------------------------------------------------------------------------


def task_stopped(event: dict[str, Any], dms: Any, task: Optional[dict[str, Any]]) -> bool:
    """`is_complete` of a Delete for a replication task (`task` as DescribeReplicationTasks returns it, None if
    missing): complete at once unless the task is active and leaves the stack; then stop it and wait."""
    if task is None:
        return True
    arn = task["ReplicationTaskArn"]
    return _stopped_unless_leaving(
        event, f"task {task.get('ReplicationTaskIdentifier')}", task.get("Status"), TASK_RUNNING, TASK_MOVING,
        lambda: dms.stop_replication_task(ReplicationTaskArn=arn),
    )


def replication_stopped(event: dict[str, Any], dms: Any, arn: str, replication: Optional[dict[str, Any]]) -> bool:
    """`is_complete` of a Delete for a serverless replication (as DescribeReplications returns it, None when the
    config has none): complete at once unless it is active and leaves the stack; then stop it and wait. A config
    that is gone by the time it is stopped is complete."""
    if replication is None:
        return True
    return _stopped_unless_leaving(
        event, f"serverless replication {arn}", replication.get("Status"), REPLICATION_RUNNING, REPLICATION_MOVING,
        lambda: dms.stop_replication(ReplicationConfigArn=arn), gone_is_done=True,
    )


def _stopped_unless_leaving(
    event: dict[str, Any], what: str, status: Any, running: str, moving: frozenset[str], stop: Callable[[], Any],
    *, gone_is_done: bool = False,
) -> bool:
    """True when nothing is left to do (at rest, or staying in the stack); else stop it if `running` (a refusal
    means it is already stopping: the next poll sees it) and return False to be polled again."""
    if status != running and status not in moving:
        return True
    if not leaves_stack(event):
        LOG.info("%s (%s) stays in the stack: not stopped", what, status)
        return True
    if status == running:
        LOG.info("%s leaves the stack: stopping it before its delete", what)
        try:
            stop()
        except ClientError as error:
            if gone_is_done and _code(error) == "ResourceNotFoundFault":
                return True
            if _code(error) != "InvalidResourceStateFault":
                raise
            LOG.info("stop of %s refused (%s); checking its status", what, error)
    return False
