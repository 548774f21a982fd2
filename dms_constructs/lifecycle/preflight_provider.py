"""One preflight provider per wave (`<wave>/Preflight`, CDK's Provider framework, see `_provider.py`) for
the connection tests (`connection_tester.py`) and the pre-migration assessments (`assessments.py`): one
provider instead of two keeps a wave's resource count down. Its handlers (`preflight/handler.py`) gain
permissions as resources are added: testing connections of the wave's instance and endpoints, starting
assessment runs of the assessed tasks and passing the assessment role to DMS.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from aws_cdk import aws_iam as iam

from ._provider import LifecycleProvider
from .._context import scope_of
from .._tree import adopted

if TYPE_CHECKING:
    from .._context import WaveContext

HANDLER_DIR = Path(__file__).parent / "preflight"


class PreflightProvider(LifecycleProvider):
    """The wave's provider of `Custom::DmsConnectionTest` and `Custom::DmsPremigrationAssessment`."""

    def __init__(self, scope: "WaveContext", id: str) -> None:
        super().__init__(
            scope,
            id,
            handler_dir=HANDLER_DIR,
            purpose="Tests DMS connections and runs pre-migration assessments",
            statements=[],
            describe_reason=(
                "DMS DescribeConnections, DescribeReplicationTasks, DescribeReplicationTaskAssessmentRuns and "
                "DescribeReplicationTaskIndividualAssessments name no resource in the (filtered) request; TestConnection "
                "is limited to the wave's instance and endpoints, StartReplicationTaskAssessmentRun to the assessed tasks."
            ),
        )
        self._test: Optional[iam.PolicyStatement] = None
        self._start: Optional[iam.PolicyStatement] = None

    def allow_test(self, instance_arn: str, endpoint_arn: str) -> None:
        """Let the handlers test `endpoint_arn` from `instance_arn`."""
        if self._test is None:
            # Service Authorization Reference, "Actions, resources, and condition keys for AWS Database Migration
            # Service": TestConnection takes the endpoint and replication-instance resource types; DescribeConnections
            # has none.
            self._test = iam.PolicyStatement(actions=["dms:TestConnection"], resources=[instance_arn])
            self.policy.add_statements(iam.PolicyStatement(actions=["dms:DescribeConnections"], resources=["*"]), self._test)
        self._test.add_resources(endpoint_arn)

    def allow_assessment(self, task_arn: str, role_arn: str) -> None:
        """Let the handlers start assessment runs of `task_arn` with the role `role_arn`."""
        if self._start is None:
            self._start = iam.PolicyStatement(actions=["dms:StartReplicationTaskAssessmentRun"], resources=[])
            self.policy.add_statements(
                # Same reference: DescribeReplicationTasks has no resource types; the two assessment describes list
                # optional ones, which a request filtered by task does not name.
                iam.PolicyStatement(
                    actions=[
                        "dms:DescribeReplicationTasks",
                        "dms:DescribeReplicationTaskAssessmentRuns",
                        "dms:DescribeReplicationTaskIndividualAssessments",
                    ],
                    resources=["*"],
                ),
                # DMS API reference, "StartReplicationTaskAssessmentRun": the caller passes the service role.
                iam.PolicyStatement(
                    actions=["iam:PassRole"],
                    resources=[role_arn],
                    conditions={"StringEquals": {"iam:PassedToService": "dms.amazonaws.com"}},
                ),
                self._start,
            )
        self._start.add_resources(task_arn)

    @staticmethod
    def of(wave: "WaveContext") -> "PreflightProvider":
        """The wave's preflight provider, created on first use."""
        existing = adopted(scope_of(wave), "Preflight", PreflightProvider)
        return existing if existing is not None else PreflightProvider(wave, "Preflight")
