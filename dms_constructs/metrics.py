"""CloudWatch metrics of DMS (namespace AWS/DMS) with the right dimensions and statistics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch

NAMESPACE = "AWS/DMS"
INSTANCE_DIMENSION = "ReplicationInstanceIdentifier"
# The task dimension's value is the task's resource id (the last part of its ARN), not its name.
TASK_DIMENSION = "ReplicationTaskIdentifier"
# DMS Serverless metrics are published per replication config. AWS documents no dimension for them (the
# DMS user guide's "AWS DMS Serverless components" lists the metrics, CloudWatch's canned DMS metrics only
# instance and task dimensions). Independent public dashboards that show data use
# ReplicationConfigId = "<account id>:<config resource id>" (the resource id is the last segment of the
# config's ARN), not ReplicationConfigIdentifier. Unconfirmed by AWS: the serverless alarms say so and
# treat missing data as missing (see monitoring.py).
SERVERLESS_DIMENSION = "ReplicationConfigId"

# Statistic per metric: latencies use Maximum (a Sum of latencies means nothing), gauges Average,
# counters Sum.
_STATISTIC = {
    "CDCLatencySource": "Maximum",
    "CDCLatencyTarget": "Maximum",
    "CDCIncomingChanges": "Sum",
    "FullLoadThroughputRowsSource": "Average",
    "FullLoadThroughputRowsTarget": "Average",
    "CDCThroughputRowsSource": "Average",
    "CDCThroughputRowsTarget": "Average",
    "ValidationSucceededRecordCount": "Sum",
    "ValidationFailedOverallCount": "Maximum",
    "ValidationPendingOverallCount": "Maximum",
    "ValidationSuspendedOverallCount": "Maximum",
}


_FIVE_MINUTES: list[Duration] = []


def _five_minutes() -> Duration:
    """One shared Duration: each Duration.minutes() is a round trip to the jsii runtime."""
    if not _FIVE_MINUTES:
        _FIVE_MINUTES.append(Duration.minutes(5))
    return _FIVE_MINUTES[0]


def statistic_of(metric_name: str) -> str:
    """The statistic a DMS metric is read with: Maximum for latencies, Sum for counters, otherwise Average."""
    return _STATISTIC.get(metric_name, "Average")


def dms_metric(metric_name: str, dimensions: Mapping[str, str], **options: Any) -> cloudwatch.Metric:
    """A metric in AWS/DMS. Default statistic: per metric (Maximum for latencies, Sum for counters,
    otherwise Average); default period: five minutes. `options` override any of them."""
    props: dict[str, Any] = {"statistic": statistic_of(metric_name), **options}
    if "period" not in props:
        props["period"] = _five_minutes()
    return cloudwatch.Metric(namespace=NAMESPACE, metric_name=metric_name, dimensions_map=dict(dimensions), **props)


_DEFAULT_PERIOD_SECONDS = 300


@dataclass(frozen=True)
class MetricSpec:
    """A metric in AWS/DMS as plain data: what an `AWS::CloudWatch::Alarm` and a dashboard graph need,
    without a jsii `cloudwatch.Metric` per use (each is a round trip to the jsii runtime).

    :param metric_name: e.g. `CDCLatencySource`.
    :param dimensions: name and value pairs, in the order they are rendered.
    :param statistic: Default: per metric (see `statistic_of`).
    :param period_seconds: Default: 300 (five minutes).
    """

    metric_name: str
    dimensions: tuple[tuple[str, str], ...]
    statistic: Optional[str] = None
    period_seconds: int = _DEFAULT_PERIOD_SECONDS

    def __post_init__(self) -> None:
        if self.statistic is None:
            object.__setattr__(self, "statistic", statistic_of(self.metric_name))

    def alarm_properties(self) -> dict[str, Any]:
        """The metric's properties of an `AWS::CloudWatch::Alarm` (`cloudwatch.CfnAlarm` keyword arguments)."""
        return {
            "namespace": NAMESPACE,
            "metric_name": self.metric_name,
            "dimensions": [cloudwatch.CfnAlarm.DimensionProperty(name=name, value=value) for name, value in self.dimensions],
            "statistic": self.statistic,
            "period": self.period_seconds,
        }

    def graph_json(self, y_axis: str = "left") -> list[Any]:
        """The metric as a dashboard graph lists it: namespace, name, dimension names and values, then the
        options that differ from the graph's defaults (period 300 seconds, Average, left axis), in the
        order CloudWatch's dashboard body (and CDK's `GraphWidget`) writes them."""
        rendered: list[Any] = [NAMESPACE, self.metric_name]
        for name, value in self.dimensions:
            rendered += [name, value]
        options: dict[str, Any] = {}
        if self.period_seconds != _DEFAULT_PERIOD_SECONDS:
            options["period"] = self.period_seconds
        if self.statistic != "Average":
            options["stat"] = self.statistic
        if y_axis != "left":
            options["yAxis"] = y_axis
        if options:
            rendered.append(options)
        return rendered


def metric_spec(metric_name: str, dimensions: Mapping[str, str], *, period_seconds: int = _DEFAULT_PERIOD_SECONDS) -> MetricSpec:
    """`dms_metric` as plain data (see `MetricSpec`). Default statistic: per metric; default period: 300 seconds."""
    return MetricSpec(metric_name, tuple(dimensions.items()), period_seconds=period_seconds)


def metric_specs(dimensions: Mapping[str, str]) -> Callable[..., MetricSpec]:
    """`metric_spec` with `dimensions` fixed: `metric(metric_name, period_seconds=300)`."""

    def metric(metric_name: str, period_seconds: int = _DEFAULT_PERIOD_SECONDS) -> MetricSpec:
        return metric_spec(metric_name, dimensions, period_seconds=period_seconds)

    return metric
