"""CloudWatch metrics of DMS (namespace AWS/DMS) with the right dimensions and statistics."""

from __future__ import annotations

from typing import Any, Mapping

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch

NAMESPACE = "AWS/DMS"
INSTANCE_DIMENSION = "ReplicationInstanceIdentifier"
# The task dimension's value is the task's resource id (the last part of its ARN), not its name.
TASK_DIMENSION = "ReplicationTaskIdentifier"
# DMS Serverless metrics are published per replication config; the dimension name is not confirmed
# by the DMS user guide we could consult (see README, "Monitoring").
SERVERLESS_DIMENSION = "ReplicationConfigIdentifier"

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


def dms_metric(metric_name: str, dimensions: Mapping[str, str], **options: Any) -> cloudwatch.Metric:
    """A metric in AWS/DMS. Default statistic: per metric (Maximum for latencies, Sum for counters,
    otherwise Average); default period: five minutes. `options` override any of them."""
    props: dict[str, Any] = {
        "statistic": _STATISTIC.get(metric_name, "Average"),
        "period": Duration.minutes(5),
        **options,
    }
    return cloudwatch.Metric(namespace=NAMESPACE, metric_name=metric_name, dimensions_map=dict(dimensions), **props)
