"""Start a task (or serverless replication) once, right after CloudFormation first creates it.

CloudFormation cannot start DMS tasks (DMS user guide, "Working with AWS DMS tasks": a task is started
with StartReplicationTask, a serverless replication with StartReplication). Each opted-in task gets a
`Custom::DmsStartOnce` resource served by one Provider per wave (CDK's custom-resource Provider
framework): the framework answers CloudFormation, and its waiter polls `is_complete` until the task is
ready, started once, and starting. Updates never start, stop or restart anything. A delete stops the task and
waits until it is stopped only when the task leaves the stack with the resource (stack deleted and the task not
retained, a rolled-back create, or an update that removed the task), so that CloudFormation can delete it;
turning `start_after_create` off leaves a running task alone (`stop_before_delete.py`).

No function of the starter runs in a VPC: they call only the DMS, CloudFormation, Lambda and Step Functions APIs and
answer CloudFormation's pre-signed S3 URL, which the wave's isolated subnets cannot reach. Outside a VPC
they need no NAT gateway or VPC endpoint, and they work alike with a new or an existing VPC.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from aws_cdk import CustomResource
from aws_cdk import aws_iam as iam

from .._context import scope_of
from .._tree import adopted
from ._provider import SERVICE_TIMEOUT, LifecycleProvider
from .leaving_stack import SHARED_MODULE, stack_reads, task_properties

if TYPE_CHECKING:
    from ..tasks import AnyTask
    from .assessments import PremigrationAssessment
    from .._context import WaveContext

HANDLER_DIR = Path(__file__).parent / "start_once"
RESOURCE_TYPE = "Custom::DmsStartOnce"

# How long a start may take, end to end: the provider's waiter gives up after 50 minutes, ten before
# CloudFormation's one-hour limit for a custom resource (`_provider.TOTAL_TIMEOUT`, `SERVICE_TIMEOUT`).
# A new task normally leaves `creating` within minutes.


class TaskStarter(LifecycleProvider):
    """The wave's start-once provider (created on first use by `wave.add_task(..., start_after_create=True)`).

    A `LifecycleProvider` over the handlers in `lifecycle/start_once/handler.py`: `on_event` only answers
    (its role may only write logs), `is_complete` describes and starts tasks, and may start exactly the
    opted-in tasks (each `start` adds its ARN), stop them (only when they leave the stack, on the resource's
    delete) and read this stack's status and template.
    """

    def __init__(self, scope: "WaveContext", id: str) -> None:
        super().__init__(
            scope,
            id,
            handler_dir=HANDLER_DIR,
            purpose="Starts opted-in DMS tasks once",
            statements=[
                # DMS Describe* actions support no resource-level permissions (Service Authorization
                # Reference, "Actions defined by AWS Database Migration Service").
                iam.PolicyStatement(actions=["dms:DescribeReplicationTasks", "dms:DescribeReplications"], resources=["*"]),
                stack_reads(scope_of(scope)),
            ],
            describe_reason=_DESCRIBE_REASON,
            on_event_acts=False,
            shared_modules=[SHARED_MODULE],
        )

    def start(self, task: "AnyTask", *, assessment: Optional["PremigrationAssessment"] = None) -> CustomResource:
        """A `Custom::DmsStartOnce` resource (id `StartOnce` under the task) that starts `task` once,
        after it is created, and stops it before CloudFormation deletes it (only when it leaves the stack); the
        handler may start and stop this task's ARN from now on.

        :param assessment: a serverless task's pre-migration assessment, run as part of the start
            (`PremigrationAssessmentSettings`, see `assessments.py`): the start completes once the assessment
            passed and fails the deploy when it failed. Default: None (start without one).
        """
        from ..tasks import ReplicationTask

        if isinstance(task, ReplicationTask):
            kind, arn, actions = "task", task.task_arn, ["dms:StartReplicationTask", "dms:StopReplicationTask"]
        else:
            kind, arn, actions = "serverless", task.config_arn, ["dms:StartReplication", "dms:StopReplication"]
        self.policy.add_statements(iam.PolicyStatement(actions=actions, resources=[arn]))
        properties: dict[str, Any] = {"Kind": kind, "Arn": arn, "Name": task.identifier, **task_properties(task.resource)}
        if assessment is not None and kind == "serverless":
            from .assessments import serverless_settings

            properties["PremigrationAssessment"] = serverless_settings(task.wave, task, assessment)
            self._allow_assessment_reads()
        return CustomResource(
            task,
            "StartOnce",
            service_token=self.service_token,
            resource_type=RESOURCE_TYPE,
            service_timeout=SERVICE_TIMEOUT,
            properties=properties,
        )

    def _allow_assessment_reads(self) -> None:
        """Let the handler name the failing assessments of a serverless run. Added once per assessed start;
        the policy document drops the repeats when it is rendered."""
        # Service Authorization Reference, "Actions, resources, and condition keys for AWS Database Migration
        # Service": a request filtered by run names no resource. The run's own status comes with
        # DescribeReplications, which the handler may call already.
        self.policy.add_statements(
            iam.PolicyStatement(actions=["dms:DescribeReplicationTaskIndividualAssessments"], resources=["*"])
        )

    @staticmethod
    def of(wave: "WaveContext") -> "TaskStarter":
        """The wave's starter, created on first use."""
        existing = adopted(scope_of(wave), "Starter", TaskStarter)
        return existing if existing is not None else TaskStarter(wave, "Starter")



_DESCRIBE_REASON = (
    "DMS DescribeReplicationTasks, DescribeReplications and DescribeReplicationTaskIndividualAssessments (filtered by "
    "assessment run) name no resource; "
    "the start and stop actions are scoped to each opted-in task's ARN."
)
