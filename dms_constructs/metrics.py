"""CloudWatch metrics of DMS (namespace AWS/DMS) with the right dimensions and statistics."""

from __future__ import annotations

from typing import Any, Mapping

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


def dms_metric(metric_name: str, dimensions: Mapping[str, str], **options: Any) -> cloudwatch.Metric:
    """A metric in AWS/DMS. Default statistic: per metric (Maximum for latencies, Sum for counters,
    otherwise Average); default period: five minutes. `options` override any of them."""
    props: dict[str, Any] = {"statistic": _STATISTIC.get(metric_name, "Average"), **options}
    if "period" not in props:
        props["period"] = _five_minutes()
    return cloudwatch.Metric(namespace=NAMESPACE, metric_name=metric_name, dimensions_map=dict(dimensions), **props)
