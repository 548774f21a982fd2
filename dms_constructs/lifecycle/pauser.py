"""Pause a running replication task while CloudFormation updates it or one of its endpoints, and resume
it afterwards (opt in with `MigrationWave(pause_tasks_during_updates=True)` or
`add_task(..., pause_during_updates=True)`).

DMS refuses to modify a running task (DMS user guide, "Modifying a task": tasks that have run must be
stopped or failed to be modified), so without a pause an update of a running task, or of an endpoint a
running task uses, fails the deploy. Each protected task gets two custom resources, ordered by
CloudFormation around the task:

    PauseBeforeUpdate  <-DependsOn-  source and target endpoints, the task  <-Ref/DependsOn-  ResumeAfterUpdate

- `Custom::DmsPauseBeforeUpdate` carries a fingerprint (a hash of the task's and its endpoints'
  properties as synthesized), so it updates exactly when one of them does - first, because they depend
  on it - and stops the task if it runs, waiting until it is stopped. It finds the task by its DMS
  identifier (a reference to the task would make a cycle).
- `Custom::DmsResumeAfterUpdate` refers to the task and the pause's result, so it updates last and
  resumes (`resume-processing`) only a task that the pause stopped. Deleted before the task (it refers
  to it), it stops a running task so that the task's delete succeeds - only when the task leaves the stack
  with it, never when only the resume goes (`pause_during_updates` turned off): `stop_before_delete.py`.
- A deploy that fails after the pause rolls back; CloudFormation then deletes the pause's new physical
  id and the handler resumes the task it stopped. Nothing happens on create.

One provider per wave (`<wave>/Pauser`, CDK's Provider framework, see `_provider.py`); its handlers may
stop and start only the wave's tasks (by the wave's `MigrationWave` tag). What cannot be automated -
a planned replacement of a task - is a runbook (README, "Changing a running migration").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aws_cdk import ArnFormat, CustomResource, Stack
from aws_cdk import aws_iam as iam

from .._context import scope_of
from .._tree import adopted
from ..acknowledgments import acknowledge
from ..tagging import WAVE_TAG_KEY
from ._provider import SERVICE_TIMEOUT, LifecycleProvider
from .leaving_stack import SHARED_MODULE, stack_reads, task_properties
from .findings import nag_arn as _nag_arn
from .fingerprint import fingerprint as resource_fingerprint

if TYPE_CHECKING:
    from ..tasks import ReplicationTask
    from .._context import WaveContext

HANDLER_DIR = Path(__file__).parent / "pause_resume"
PAUSE_TYPE = "Custom::DmsPauseBeforeUpdate"
RESUME_TYPE = "Custom::DmsResumeAfterUpdate"


class TaskPauser(LifecycleProvider):
    """The wave's pause/resume provider, created on first use by a task that opts in."""

    def __init__(self, scope: "WaveContext", id: str) -> None:
        wave = scope
        stack = Stack.of(scope_of(wave))
        wave_tasks = stack.format_arn(service="dms", resource="task", resource_name="*", arn_format=ArnFormat.COLON_RESOURCE_NAME)
        super().__init__(
            wave,
            id,
            handler_dir=HANDLER_DIR,
            purpose="Pauses the DMS tasks of a wave around CloudFormation updates",
            statements=[
                # DMS Describe* actions support no resource-level permissions (Service Authorization
                # Reference, "Actions, resources, and condition keys for AWS Database Migration Service").
                iam.PolicyStatement(actions=["dms:DescribeReplicationTasks"], resources=["*"]),
                # Stop and start only this wave's tasks, by the wave tag every task carries. The tasks'
                # ARNs cannot be named: each task waits for its pause resource, which waits for this policy.
                iam.PolicyStatement(
                    actions=["dms:StopReplicationTask", "dms:StartReplicationTask"],
                    resources=[wave_tasks],
                    conditions={"StringEquals": {f"aws:ResourceTag/{WAVE_TAG_KEY}": wave.name}},
                ),
                # Whether a task leaves the stack (the resume's delete stops only such a task).
                stack_reads(scope_of(wave)),
            ],
            describe_reason=(
                "DMS DescribeReplicationTasks supports no resource-level permissions; stopping and starting are "
                "limited to the wave's tasks by its MigrationWave tag."
            ),
            shared_modules=[SHARED_MODULE],
        )
        finding = f"AwsSolutions-IAM5[Resource::{_nag_arn(stack.resolve(wave_tasks))}]"
        acknowledge(self.policy, finding, _TASKS_BY_TAG)

    def protect(self, task: "ReplicationTask") -> tuple[CustomResource, CustomResource]:
        """Pause `task` around updates of itself and its endpoints: `PauseBeforeUpdate` and
        `ResumeAfterUpdate` under the task's construct."""
        # Existing endpoints (ExistingEndpoint) have no resource here: this stack never updates them.
        endpoints = [r for r in (getattr(e, "resource", None) for e in (task.source, task.target)) if r is not None]
        fingerprint = resource_fingerprint(task.resource, *endpoints)
        pause = CustomResource(
            task,
            "PauseBeforeUpdate",
            service_token=self.service_token,
            resource_type=PAUSE_TYPE,
            service_timeout=SERVICE_TIMEOUT,
            properties={"TaskIdentifier": task.identifier, "Fingerprint": fingerprint},
        )
        for resource in (task.resource, *endpoints):
            resource.node.add_dependency(pause)
        resume = CustomResource(
            task,
            "ResumeAfterUpdate",
            service_token=self.service_token,
            resource_type=RESUME_TYPE,
            service_timeout=SERVICE_TIMEOUT,
            properties={
                "TaskArn": task.task_arn,
                "TaskIdentifier": task.identifier,
                "Fingerprint": fingerprint,
                "Paused": pause.get_att_string("Paused"),
                "StoppedAt": pause.get_att_string("StoppedAt"),
                **task_properties(task.resource),
            },
        )
        # After the endpoints too: an endpoint-only change updates no task property.
        if endpoints:
            resume.node.add_dependency(*endpoints)
        return pause, resume

    @staticmethod
    def of(wave: "WaveContext") -> "TaskPauser":
        """The wave's pauser, created on first use."""
        existing = adopted(scope_of(wave), "Pauser", TaskPauser)
        return existing if existing is not None else TaskPauser(wave, "Pauser")


_TASKS_BY_TAG = (
    "Stopping and starting are limited to the wave's tasks by the MigrationWave tag condition; the tasks' ARNs "
    "cannot be listed, because each task waits for its pause resource, which waits for this policy (a cycle)."
)
