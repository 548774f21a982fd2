"""What must succeed before a new task is first started: the connection tests of its endpoints
(`MigrationWave(verify_connections=True)`), then its pre-migration assessment (`add_task(...,
assessment=...)`). The wave makes a task's start-once resource depend on these gates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from aws_cdk import CustomResource
from constructs import IConstruct

from .._tree import memo

if TYPE_CHECKING:
    from ..tasks import AnyTask
    from .._context import WaveContext
    from .assessments import PremigrationAssessment


# Each endpoint's `ConnectionTest`, as `connection_tester.test_connection` creates it, is noted beside the
# endpoint: looking it up in the construct tree would cost two round trips to the jsii runtime per endpoint
# of every task.
_TEST = "connection test"


def register_connection_test(endpoint: IConstruct, test: IConstruct) -> None:
    """Note `test` as `endpoint`'s connection test (called where the test is created)."""
    memo(endpoint)[_TEST] = test


def connection_tests(*endpoints: object) -> list[IConstruct]:
    """The `ConnectionTest` resources of `endpoints` (those of a wave with `verify_connections`; an existing
    endpoint has none)."""
    tests: list[IConstruct] = []
    for endpoint in endpoints:
        try:
            test = memo(endpoint).get(_TEST)  # type: ignore[arg-type]
        except TypeError:  # not weakly referenceable: no construct of ours, so no test
            test = None
        if test is not None and test not in tests:
            tests.append(test)
    return tests


def before_first_start(wave: "WaveContext", task: "AnyTask", assessment: Optional["PremigrationAssessment"]) -> list[IConstruct]:
    """Set up `task`'s assessment (if any) after its endpoints' connection tests; the gates to start after."""
    from ..tasks import ReplicationTask

    gates = connection_tests(task.source, task.target)
    if assessment is not None and isinstance(task, ReplicationTask):
        from .assessments import assess

        run: Optional[CustomResource] = assess(wave, task, assessment)
        if run is not None:
            if gates:
                run.node.add_dependency(*gates)  # assess only a task whose databases answer
            gates = [*gates, run]
    return gates
