"""What the environment snapshots pin, asserted outside them, so that `--snapshot-update` is never the only
guard: every alarm (metric, namespace, dimensions, statistic, direction, threshold, periods, missing
data), every removal policy of a stateful resource, and every compliance acknowledgment (finding id and
reason) of the reference app, per environment. Values are written out; a change to any of them fails
here and must be made here on purpose.

Thresholds per environment (stacks/config.py): dev CPU 90 %, free storage 20 % of 50 GiB, CDC latency
30 min, 6 periods; staging the library's defaults (CPU 80 %, free storage 20 % of 100 GiB, CDC latency
10 min, 3 periods); prod CPU 75 %, free storage 25 % of 200 GiB, CDC latency 5 min, 3 periods. Everywhere
memory 256 MiB, swap 512 MiB, serverless capacity 90 %, 5-minute periods.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from .helpers import resources

ENVS = ["dev", "staging", "prod"]


def task(logical_id: str) -> dict:
    """The ReplicationTaskIdentifier dimension of a task: the resource id at the end of its ARN."""
    return {"Fn::Select": [6, {"Fn::Split": [":", {"Ref": logical_id}]}]}


#: {env: {alarm logical id: (metric, statistic, comparison, threshold, evaluation periods, datapoints to
#: alarm (None: all of them), missing data, dimensions)}}; namespace AWS/DMS and period 300 s for all.
ALARMS = {
    "dev": {
        "AccountsMonitoringInstanceCpuUtilizationEB2E7264": ("CPUUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts-instance-dms")]),
        "AccountsMonitoringInstanceFreeStorageSpaceE26CEA8C": ("FreeStorageSpace", "Average", "LessThanThreshold", 10737418240, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts-instance-dms")]),
        "AccountsMonitoringInstanceFreeableMemory402AD5AF": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts-instance-dms")]),
        "AccountsMonitoringInstanceSwapUsage3542C4C9": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts-instance-dms")]),
        "AccountsMonitoringTaskaccountsCdcLatencySource7379B42F": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts-instance-dms"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "AccountsMonitoringTaskaccountsCdcLatencyTarget49018F7D": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts-instance-dms"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "ClaimsMonitoringInstanceCpuUtilization2544A861": ("CPUUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims-instance-dms")]),
        "ClaimsMonitoringInstanceFreeStorageSpace686FE3E8": ("FreeStorageSpace", "Average", "LessThanThreshold", 10737418240, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims-instance-dms")]),
        "ClaimsMonitoringInstanceFreeableMemoryE556B91D": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims-instance-dms")]),
        "ClaimsMonitoringInstanceSwapUsageBA0DE669": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims-instance-dms")]),
        "ClaimsMonitoringTaskclaimsCdcLatencySource81F7D355": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims-instance-dms"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "ClaimsMonitoringTaskclaimsCdcLatencyTargetC1EA0368": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims-instance-dms"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "LakeMonitoringTaskorderstolakeCapacityUtilization68BBAB3F": ("CapacityUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "missing", [("ReplicationConfigId", "111111111111:dev-data-lake-orders-to-lake-dms")]),
        "LakeMonitoringTaskorderstolakeCdcLatencySourceE5E7C7DC": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "missing", [("ReplicationConfigId", "111111111111:dev-data-lake-orders-to-lake-dms")]),
        "LakeMonitoringTaskorderstolakeCdcLatencyTarget597DF8F1": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "missing", [("ReplicationConfigId", "111111111111:dev-data-lake-orders-to-lake-dms")]),
        "OrdersMonitoringInstanceCpuUtilization786129C8": ("CPUUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders-instance-dms")]),
        "OrdersMonitoringInstanceFreeStorageSpace9BA07F89": ("FreeStorageSpace", "Average", "LessThanThreshold", 10737418240, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders-instance-dms")]),
        "OrdersMonitoringInstanceFreeableMemory34B21845": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders-instance-dms")]),
        "OrdersMonitoringInstanceSwapUsage841B6A6F": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders-instance-dms")]),
        "OrdersMonitoringTaskcustomersCdcLatencySource928DD843": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskcustomersCdcLatencyTargetAC373D1C": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencySourceFBBBC886": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencyTarget14044B6B": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "PosMonitoringInstanceCpuUtilizationF0B25DC5": ("CPUUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-point-of-sale-instance-dms")]),
        "PosMonitoringInstanceFreeStorageSpace8B113612": ("FreeStorageSpace", "Average", "LessThanThreshold", 10737418240, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-point-of-sale-instance-dms")]),
        "PosMonitoringInstanceFreeableMemoryACAEED40": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-point-of-sale-instance-dms")]),
        "PosMonitoringInstanceSwapUsage1C3CD2CC": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-point-of-sale-instance-dms")]),
        "PosMonitoringTaskposCdcLatencySource31948A51": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-point-of-sale-instance-dms"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
        "PosMonitoringTaskposCdcLatencyTargetCBE7EC50": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-point-of-sale-instance-dms"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
    },
    "staging": {
        "AccountsMonitoringInstanceCpuUtilizationEB2E7264": ("CPUUtilization", "Average", "GreaterThanThreshold", 80, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts-instance-dms")]),
        "AccountsMonitoringInstanceFreeStorageSpaceE26CEA8C": ("FreeStorageSpace", "Average", "LessThanThreshold", 21474836480, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts-instance-dms")]),
        "AccountsMonitoringInstanceFreeableMemory402AD5AF": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts-instance-dms")]),
        "AccountsMonitoringInstanceSwapUsage3542C4C9": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts-instance-dms")]),
        "AccountsMonitoringTaskaccountsCdcLatencySource7379B42F": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts-instance-dms"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "AccountsMonitoringTaskaccountsCdcLatencyTarget49018F7D": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts-instance-dms"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "ClaimsMonitoringInstanceCpuUtilization2544A861": ("CPUUtilization", "Average", "GreaterThanThreshold", 80, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims-instance-dms")]),
        "ClaimsMonitoringInstanceFreeStorageSpace686FE3E8": ("FreeStorageSpace", "Average", "LessThanThreshold", 21474836480, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims-instance-dms")]),
        "ClaimsMonitoringInstanceFreeableMemoryE556B91D": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims-instance-dms")]),
        "ClaimsMonitoringInstanceSwapUsageBA0DE669": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims-instance-dms")]),
        "ClaimsMonitoringTaskclaimsCdcLatencySource81F7D355": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims-instance-dms"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "ClaimsMonitoringTaskclaimsCdcLatencyTargetC1EA0368": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims-instance-dms"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "LakeMonitoringTaskorderstolakeCapacityUtilization68BBAB3F": ("CapacityUtilization", "Average", "GreaterThanThreshold", 90, 3, None, "missing", [("ReplicationConfigId", "222222222222:staging-data-lake-orders-to-lake-dms")]),
        "LakeMonitoringTaskorderstolakeCdcLatencySourceE5E7C7DC": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "missing", [("ReplicationConfigId", "222222222222:staging-data-lake-orders-to-lake-dms")]),
        "LakeMonitoringTaskorderstolakeCdcLatencyTarget597DF8F1": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "missing", [("ReplicationConfigId", "222222222222:staging-data-lake-orders-to-lake-dms")]),
        "OrdersMonitoringInstanceCpuUtilization786129C8": ("CPUUtilization", "Average", "GreaterThanThreshold", 80, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders-instance-dms")]),
        "OrdersMonitoringInstanceFreeStorageSpace9BA07F89": ("FreeStorageSpace", "Average", "LessThanThreshold", 21474836480, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders-instance-dms")]),
        "OrdersMonitoringInstanceFreeableMemory34B21845": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders-instance-dms")]),
        "OrdersMonitoringInstanceSwapUsage841B6A6F": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders-instance-dms")]),
        "OrdersMonitoringTaskcustomersCdcLatencySource928DD843": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskcustomersCdcLatencyTargetAC373D1C": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencySourceFBBBC886": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencyTarget14044B6B": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "PosMonitoringInstanceCpuUtilizationF0B25DC5": ("CPUUtilization", "Average", "GreaterThanThreshold", 80, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-point-of-sale-instance-dms")]),
        "PosMonitoringInstanceFreeStorageSpace8B113612": ("FreeStorageSpace", "Average", "LessThanThreshold", 21474836480, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-point-of-sale-instance-dms")]),
        "PosMonitoringInstanceFreeableMemoryACAEED40": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-point-of-sale-instance-dms")]),
        "PosMonitoringInstanceSwapUsage1C3CD2CC": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-point-of-sale-instance-dms")]),
        "PosMonitoringTaskposCdcLatencySource31948A51": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-point-of-sale-instance-dms"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
        "PosMonitoringTaskposCdcLatencyTargetCBE7EC50": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-point-of-sale-instance-dms"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
    },
    "prod": {
        "AccountsMonitoringInstanceCpuUtilizationEB2E7264": ("CPUUtilization", "Average", "GreaterThanThreshold", 75, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts-instance-dms")]),
        "AccountsMonitoringInstanceFreeStorageSpaceE26CEA8C": ("FreeStorageSpace", "Average", "LessThanThreshold", 53687091200, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts-instance-dms")]),
        "AccountsMonitoringInstanceFreeableMemory402AD5AF": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts-instance-dms")]),
        "AccountsMonitoringInstanceSwapUsage3542C4C9": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts-instance-dms")]),
        "AccountsMonitoringTaskaccountsCdcLatencySource7379B42F": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts-instance-dms"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "AccountsMonitoringTaskaccountsCdcLatencyTarget49018F7D": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts-instance-dms"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "ClaimsMonitoringInstanceCpuUtilization2544A861": ("CPUUtilization", "Average", "GreaterThanThreshold", 75, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims-instance-dms")]),
        "ClaimsMonitoringInstanceFreeStorageSpace686FE3E8": ("FreeStorageSpace", "Average", "LessThanThreshold", 53687091200, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims-instance-dms")]),
        "ClaimsMonitoringInstanceFreeableMemoryE556B91D": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims-instance-dms")]),
        "ClaimsMonitoringInstanceSwapUsageBA0DE669": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims-instance-dms")]),
        "ClaimsMonitoringTaskclaimsCdcLatencySource81F7D355": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims-instance-dms"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "ClaimsMonitoringTaskclaimsCdcLatencyTargetC1EA0368": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims-instance-dms"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "LakeMonitoringTaskorderstolakeCapacityUtilization68BBAB3F": ("CapacityUtilization", "Average", "GreaterThanThreshold", 90, 3, None, "missing", [("ReplicationConfigId", "333333333333:prod-data-lake-orders-to-lake-dms")]),
        "LakeMonitoringTaskorderstolakeCdcLatencySourceE5E7C7DC": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "missing", [("ReplicationConfigId", "333333333333:prod-data-lake-orders-to-lake-dms")]),
        "LakeMonitoringTaskorderstolakeCdcLatencyTarget597DF8F1": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "missing", [("ReplicationConfigId", "333333333333:prod-data-lake-orders-to-lake-dms")]),
        "OrdersMonitoringInstanceCpuUtilization786129C8": ("CPUUtilization", "Average", "GreaterThanThreshold", 75, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders-instance-dms")]),
        "OrdersMonitoringInstanceFreeStorageSpace9BA07F89": ("FreeStorageSpace", "Average", "LessThanThreshold", 53687091200, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders-instance-dms")]),
        "OrdersMonitoringInstanceFreeableMemory34B21845": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders-instance-dms")]),
        "OrdersMonitoringInstanceSwapUsage841B6A6F": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders-instance-dms")]),
        "OrdersMonitoringTaskcustomersCdcLatencySource928DD843": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskcustomersCdcLatencyTargetAC373D1C": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencySourceFBBBC886": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencyTarget14044B6B": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders-instance-dms"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "PosMonitoringInstanceCpuUtilizationF0B25DC5": ("CPUUtilization", "Average", "GreaterThanThreshold", 75, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-point-of-sale-instance-dms")]),
        "PosMonitoringInstanceFreeStorageSpace8B113612": ("FreeStorageSpace", "Average", "LessThanThreshold", 53687091200, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-point-of-sale-instance-dms")]),
        "PosMonitoringInstanceFreeableMemoryACAEED40": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-point-of-sale-instance-dms")]),
        "PosMonitoringInstanceSwapUsage1C3CD2CC": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-point-of-sale-instance-dms")]),
        "PosMonitoringTaskposCdcLatencySource31948A51": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-point-of-sale-instance-dms"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
        "PosMonitoringTaskposCdcLatencyTargetCBE7EC50": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-point-of-sale-instance-dms"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
    },
}

#: {env: {"<stack>/<logical id>": (type, DeletionPolicy, UpdateReplacePolicy)}} of every stateful resource
#: (keys, secrets, log groups, DMS resources, topics; the account baseline's service roles). None: not
#: set, i.e. CloudFormation deletes the resource with the stack or on replacement.
REMOVAL_POLICIES = {
    "dev": {
        "AccountBaseline/DmsServiceRolesCloudWatchLogsRole43CC547F": ("AWS::IAM::Role", "Retain", "Retain"),
        "AccountBaseline/DmsServiceRolesVpcRole3EF774CA": ("AWS::IAM::Role", "Retain", "Retain"),
        "Migration/AccountsEndpointspostgresC957748B": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsEndpointspostgresSecretF9CFCCB9": ("AWS::SecretsManager::Secret", "Delete", "Delete"),
        "Migration/AccountsEndpointsrdspostgres8BC09988": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsKey68C81031": ("AWS::KMS::Key", "Delete", "Delete"),
        "Migration/AccountsMigrationLogLogGroup7993AF3F": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/AccountsMonitoringInstanceTaskLogsE029275E": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/AccountsMonitoringTopic2313D94B": ("AWS::SNS::Topic", None, None),
        "Migration/AccountsPreflightLogsD095DF72": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/AccountsReplicationInstanceC952FE99": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/AccountsSecretFieldsLogsCFDC8618": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/AccountsStarterLogs2EB29F62": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/AccountsSubnetGroup68C4B8D8": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/AccountsTasksaccountsF03850C5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/ClaimsEndpointsaurorapostgres1F5BAA5B": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracle9CED7667": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracleCertificateB5D0F554": ("AWS::DMS::Certificate", None, None),
        "Migration/ClaimsEndpointsoracleSecret6E318954": ("AWS::SecretsManager::Secret", "Delete", "Delete"),
        "Migration/ClaimsKeyB7948864": ("AWS::KMS::Key", "Delete", "Delete"),
        "Migration/ClaimsMigrationLogLogGroup49EB2E9B": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/ClaimsMonitoringInstanceTaskLogs4E0D4FA5": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/ClaimsMonitoringTopic9367AD5C": ("AWS::SNS::Topic", None, None),
        "Migration/ClaimsPreflightLogs97B837DA": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/ClaimsReplicationInstance11520FB5": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/ClaimsSecretFieldsLogs2CEFC29D": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/ClaimsSubnetGroup45D504CC": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/ClaimsTasksclaimsA6CB3BF5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/LakeEndpointsmysql2D89C250": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeEndpointsmysqlCertificate04E62A0B": ("AWS::DMS::Certificate", None, None),
        "Migration/LakeEndpointsmysqlSecretC40012E2": ("AWS::SecretsManager::Secret", "Delete", "Delete"),
        "Migration/LakeEndpointss33CEAB3FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeKey391E0BC6": ("AWS::KMS::Key", "Delete", "Delete"),
        "Migration/LakeMigrationLogLogGroupA7013DE7": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/LakeMonitoringTaskorderstolakeLogs399399B7": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/LakeMonitoringTopic6D29FF51": ("AWS::SNS::Topic", None, None),
        "Migration/LakeSecretFieldsLogs59576D0E": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/LakeSubnetGroupE142D2E3": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/LakeTasksorderstolakeD6E7DEA6": ("AWS::DMS::ReplicationConfig", None, None),
        "Migration/NetworkFlowLogGroup4F8CEEEF": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/NetworkKeyCB21031E": ("AWS::KMS::Key", "Delete", "Delete"),
        "Migration/NetworkS3PrefixListLogs5DDE07CE": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/OrdersEndpointsaurora5E8AC4FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsauroraCertificate994B6CCA": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysql9ED23A10": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsmysqlCertificate4E64EE7D": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysqlSecretBE3676B6": ("AWS::SecretsManager::Secret", "Delete", "Delete"),
        "Migration/OrdersKeyFB6E0812": ("AWS::KMS::Key", "Delete", "Delete"),
        "Migration/OrdersMigrationLogLogGroupBE029CF6": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/OrdersMonitoringInstanceTaskLogs3179D067": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/OrdersMonitoringTopic8540CF42": ("AWS::SNS::Topic", None, None),
        "Migration/OrdersPreflightLogs99AAFC51": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/OrdersReplicationInstance78E40215": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/OrdersSecretFieldsLogs14E61B59": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/OrdersSubnetGroupE7C94A3D": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/OrdersTaskscustomers2946D19E": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/OrdersTasksorderscdc26BEDEEC": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/PosEndpointsrdssqlserverA543689B": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserver02FA34AB": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserverSecret6EFB1570": ("AWS::SecretsManager::Secret", "Delete", "Delete"),
        "Migration/PosKeyB6A23C3C": ("AWS::KMS::Key", "Delete", "Delete"),
        "Migration/PosMigrationLogLogGroup6391E93D": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/PosMonitoringInstanceTaskLogs31738F5A": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/PosMonitoringTopicF300F848": ("AWS::SNS::Topic", None, None),
        "Migration/PosPreflightLogs623C1861": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/PosReplicationInstance98B8E56D": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/PosSecretFieldsLogs18DF5D1D": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/PosSubnetGroupDC26CC95": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/PosTaskspos1ABAC2B2": ("AWS::DMS::ReplicationTask", None, None),
    },
    "staging": {
        "AccountBaseline/DmsServiceRolesCloudWatchLogsRole43CC547F": ("AWS::IAM::Role", "Retain", "Retain"),
        "AccountBaseline/DmsServiceRolesVpcRole3EF774CA": ("AWS::IAM::Role", "Retain", "Retain"),
        "Migration/AccountsAssessmentsAccessLogs528301E7": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/AccountsAssessmentsResultsDBDEEA6D": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/AccountsEndpointspostgresC957748B": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsEndpointspostgresSecretF9CFCCB9": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/AccountsEndpointsrdspostgres8BC09988": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsKey68C81031": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/AccountsMigrationLogLogGroup7993AF3F": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/AccountsMonitoringInstanceTaskLogsE029275E": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/AccountsMonitoringTopic2313D94B": ("AWS::SNS::Topic", None, None),
        "Migration/AccountsPauserLogs1A6CF9B9": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsPreflightLogsD095DF72": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsReplicationInstanceC952FE99": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/AccountsSecretFieldsLogsCFDC8618": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsSubnetGroup68C4B8D8": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/AccountsTasksaccountsF03850C5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/ClaimsAssessmentsAccessLogs68E9C7C5": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/ClaimsAssessmentsResults4BC32ADC": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/ClaimsEndpointsaurorapostgres1F5BAA5B": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracle9CED7667": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracleCertificateB5D0F554": ("AWS::DMS::Certificate", None, None),
        "Migration/ClaimsEndpointsoracleSecret6E318954": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/ClaimsKeyB7948864": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/ClaimsMigrationLogLogGroup49EB2E9B": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/ClaimsMonitoringInstanceTaskLogs4E0D4FA5": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/ClaimsMonitoringTopic9367AD5C": ("AWS::SNS::Topic", None, None),
        "Migration/ClaimsPauserLogsC0F5A02F": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsPreflightLogs97B837DA": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsReplicationInstance11520FB5": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/ClaimsSecretFieldsLogs2CEFC29D": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsSubnetGroup45D504CC": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/ClaimsTasksclaimsA6CB3BF5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/LakeEndpointsmysql2D89C250": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeEndpointsmysqlCertificate04E62A0B": ("AWS::DMS::Certificate", None, None),
        "Migration/LakeEndpointsmysqlSecretC40012E2": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/LakeEndpointss33CEAB3FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeKey391E0BC6": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/LakeMigrationLogLogGroupA7013DE7": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/LakeMonitoringTaskorderstolakeLogs399399B7": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/LakeMonitoringTopic6D29FF51": ("AWS::SNS::Topic", None, None),
        "Migration/LakeSecretFieldsLogs59576D0E": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/LakeSubnetGroupE142D2E3": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/LakeTasksorderstolakeD6E7DEA6": ("AWS::DMS::ReplicationConfig", None, None),
        "Migration/NetworkFlowLogGroup4F8CEEEF": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/NetworkKeyCB21031E": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/NetworkS3PrefixListLogs5DDE07CE": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersAssessmentsAccessLogs2160E19F": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/OrdersAssessmentsResults4DA5D07D": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/OrdersEndpointsaurora5E8AC4FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsauroraCertificate994B6CCA": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysql9ED23A10": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsmysqlCertificate4E64EE7D": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysqlSecretBE3676B6": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/OrdersKeyFB6E0812": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/OrdersMigrationLogLogGroupBE029CF6": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/OrdersMonitoringInstanceTaskLogs3179D067": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/OrdersMonitoringTopic8540CF42": ("AWS::SNS::Topic", None, None),
        "Migration/OrdersPauserLogs3344BAB1": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersPreflightLogs99AAFC51": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersReplicationInstance78E40215": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/OrdersSecretFieldsLogs14E61B59": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersSubnetGroupE7C94A3D": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/OrdersTaskscustomers2946D19E": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/OrdersTasksorderscdc26BEDEEC": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/PosAssessmentsAccessLogsA9B5974E": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/PosAssessmentsResults7774E6B1": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/PosEndpointsrdssqlserverA543689B": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserver02FA34AB": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserverSecret6EFB1570": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/PosKeyB6A23C3C": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/PosMigrationLogLogGroup6391E93D": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/PosMonitoringInstanceTaskLogs31738F5A": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/PosMonitoringTopicF300F848": ("AWS::SNS::Topic", None, None),
        "Migration/PosPauserLogsDE579D65": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosPreflightLogs623C1861": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosReplicationInstance98B8E56D": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/PosSecretFieldsLogs18DF5D1D": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosSubnetGroupDC26CC95": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/PosTaskspos1ABAC2B2": ("AWS::DMS::ReplicationTask", None, None),
    },
    "prod": {
        "AccountBaseline/DmsServiceRolesCloudWatchLogsRole43CC547F": ("AWS::IAM::Role", "Retain", "Retain"),
        "AccountBaseline/DmsServiceRolesVpcRole3EF774CA": ("AWS::IAM::Role", "Retain", "Retain"),
        "Migration/AccountsAssessmentsAccessLogs528301E7": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/AccountsAssessmentsResultsDBDEEA6D": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/AccountsEndpointspostgresC957748B": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsEndpointspostgresSecretF9CFCCB9": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/AccountsEndpointsrdspostgres8BC09988": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsKey68C81031": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/AccountsMigrationLogLogGroup7993AF3F": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/AccountsMonitoringInstanceTaskLogsE029275E": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/AccountsMonitoringTopic2313D94B": ("AWS::SNS::Topic", None, None),
        "Migration/AccountsPauserLogs1A6CF9B9": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsPreflightLogsD095DF72": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsReplicationInstanceC952FE99": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/AccountsSecretFieldsLogsCFDC8618": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsSubnetGroup68C4B8D8": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/AccountsTasksaccountsF03850C5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/ClaimsAssessmentsAccessLogs68E9C7C5": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/ClaimsAssessmentsResults4BC32ADC": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/ClaimsEndpointsaurorapostgres1F5BAA5B": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracle9CED7667": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracleCertificateB5D0F554": ("AWS::DMS::Certificate", None, None),
        "Migration/ClaimsEndpointsoracleSecret6E318954": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/ClaimsKeyB7948864": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/ClaimsMigrationLogLogGroup49EB2E9B": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/ClaimsMonitoringInstanceTaskLogs4E0D4FA5": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/ClaimsMonitoringTopic9367AD5C": ("AWS::SNS::Topic", None, None),
        "Migration/ClaimsPauserLogsC0F5A02F": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsPreflightLogs97B837DA": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsReplicationInstance11520FB5": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/ClaimsSecretFieldsLogs2CEFC29D": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsSubnetGroup45D504CC": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/ClaimsTasksclaimsA6CB3BF5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/LakeEndpointsmysql2D89C250": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeEndpointsmysqlCertificate04E62A0B": ("AWS::DMS::Certificate", None, None),
        "Migration/LakeEndpointsmysqlSecretC40012E2": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/LakeEndpointss33CEAB3FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeKey391E0BC6": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/LakeMigrationLogLogGroupA7013DE7": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/LakeMonitoringTaskorderstolakeLogs399399B7": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/LakeMonitoringTopic6D29FF51": ("AWS::SNS::Topic", None, None),
        "Migration/LakeSecretFieldsLogs59576D0E": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/LakeSubnetGroupE142D2E3": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/LakeTasksorderstolakeD6E7DEA6": ("AWS::DMS::ReplicationConfig", None, None),
        "Migration/NetworkFlowLogGroup4F8CEEEF": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/NetworkKeyCB21031E": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/NetworkS3PrefixListLogs5DDE07CE": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersAssessmentsAccessLogs2160E19F": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/OrdersAssessmentsResults4DA5D07D": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/OrdersEndpointsaurora5E8AC4FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsauroraCertificate994B6CCA": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysql9ED23A10": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsmysqlCertificate4E64EE7D": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysqlSecretBE3676B6": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/OrdersKeyFB6E0812": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/OrdersMigrationLogLogGroupBE029CF6": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/OrdersMonitoringInstanceTaskLogs3179D067": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/OrdersMonitoringTopic8540CF42": ("AWS::SNS::Topic", None, None),
        "Migration/OrdersPauserLogs3344BAB1": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersPreflightLogs99AAFC51": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersReplicationInstance78E40215": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/OrdersSecretFieldsLogs14E61B59": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersSubnetGroupE7C94A3D": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/OrdersTaskscustomers2946D19E": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/OrdersTasksorderscdc26BEDEEC": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/PosAssessmentsAccessLogsA9B5974E": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/PosAssessmentsResults7774E6B1": ("AWS::S3::Bucket", "Retain", "Retain"),
        "Migration/PosEndpointsrdssqlserverA543689B": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserver02FA34AB": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserverSecret6EFB1570": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/PosKeyB6A23C3C": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/PosMigrationLogLogGroup6391E93D": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/PosMonitoringInstanceTaskLogs31738F5A": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/PosMonitoringTopicF300F848": ("AWS::SNS::Topic", None, None),
        "Migration/PosPauserLogsDE579D65": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosPreflightLogs623C1861": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosReplicationInstance98B8E56D": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/PosSecretFieldsLogs18DF5D1D": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosSubnetGroupDC26CC95": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/PosTaskspos1ABAC2B2": ("AWS::DMS::ReplicationTask", None, None),
    },
}

#: Every acknowledgment's reason, written out.
REASONS = {
    "CDK_FLOW_LOG_CAMEL_CASE": (
        "AWS::EC2::FlowLog DestinationOptions accepts properties in camelCase, even they are listed as "
        "PascalCase in the spec"
    ),
    "PROVIDER_WAITER_INVOKES_FRAMEWORK": (
        "CDK's Provider framework grants its waiter state machine the framework function and its versions; "
        "the function itself is one of this provider's framework functions."
    ),
    "PREFIX_LIST_NO_DLQ": (
        "CloudFormation invokes this custom resource handler and waits for its answer; a failed lookup fails "
        "the stack operation, which is the alert. A queue of failed events would hold nothing to act on."
    ),
    "PROVIDER_WAITER_ROLE": (
        "Created by aws-cdk-lib's Provider framework for its waiter state machine, which accepts no role from "
        "outside; it only invokes two framework functions of this provider and delivers logs."
    ),
    "STARTER_DESCRIBE": (
        "DMS DescribeReplicationTasks, DescribeReplications and DescribeReplicationTaskIndividualAssessments (filtered "
        "by assessment run) name no resource; the start and stop actions are scoped to each opted-in task's ARN."
    ),
    "PAUSER_DESCRIBE": (
        "DMS DescribeReplicationTasks supports no resource-level permissions; stopping and starting are "
        "limited to the wave's tasks by its MigrationWave tag."
    ),
    'S3_NO_SSL_MODE': (
        "DMS has no SSL mode for S3 endpoints (CloudFormation allows only 'none'): DMS reaches S3 over HTTPS."
    ),
    'S3_TARGET_PREFIX': (
        "DMS names the files it writes (<schema>/<table>/LOAD*, CDC files) itself; the grant is limited to "
        "the endpoint's prefix of the target bucket."
    ),
    "CLOUDWATCH_LOGS_ROLE_POLICY": (
        "DMS requires the role named dms-cloudwatch-logs-role to carry the AWS managed policy "
        "service-role/AmazonDMSCloudWatchLogsRole."
    ),
    "VPC_ROLE_POLICY": (
        "DMS requires the role named dms-vpc-role to carry the AWS managed policy "
        "service-role/AmazonDMSVPCManagementRole."
    ),
    "OUTSIDE_VPC_LIFECYCLE": (
        "Deliberately outside the VPC: it calls only the DMS, Lambda and Step Functions APIs and answers "
        "CloudFormation's pre-signed S3 URL, which the wave's isolated subnets cannot reach; it touches no "
        "database."
    ),
    "OUTSIDE_VPC_SECRET_FIELDS": (
        "Deliberately outside the VPC: it calls only the Secrets Manager, KMS and Lambda APIs and answers "
        "CloudFormation's pre-signed S3 URL, which the wave's isolated subnets cannot reach; it touches no "
        "database."
    ),
    "LIFECYCLE_NO_RESERVED_CONCURRENCY": (
        "Invoked only by CloudFormation and the Provider framework, a few times per deploy. Reserved "
        "concurrency needs 100 unreserved executions left in the account, which fails deploys in accounts "
        "with a low quota."
    ),
    "PREFIX_LIST_OUTSIDE_VPC": (
        "Resolves the S3 prefix list at deploy time: it calls the public EC2 API and answers CloudFormation "
        "through a pre-signed S3 URL; in the isolated VPC it would need egress to the very prefix list it "
        "resolves."
    ),
    "PREFIX_LIST_NO_RESERVED_CONCURRENCY": (
        "Runs once per stack operation. Reserving concurrency takes from the account's unreserved pool and "
        "fails outright in accounts whose concurrency limit is at the minimum."
    ),
    "LIFECYCLE_NO_DLQ": (
        "Runs only for a stack operation; a failed invocation fails that operation with the reason (or times "
        "it out), which is the alert. A dead-letter queue would hold a CloudFormation request nobody can "
        "replay."
    ),
    "PROVIDER_WAITER_LOG_DELIVERY": (
        "Step Functions logging needs the CloudWatch Logs delivery actions (CreateLogDelivery, "
        "PutResourcePolicy, ...), which support no resource-level permissions; the state machine logs only to "
        "the provider's log group."
    ),
    "PAUSER_TAG_SCOPED": (
        "Stopping and starting are limited to the wave's tasks by the MigrationWave tag condition; the tasks' "
        "ARNs cannot be listed, because each task waits for its pause resource, which waits for this policy "
        "(a cycle)."
    ),
    "EXPLICIT_ZONES": (
        "The DMS subnets go in the zones the user named explicitly, so that nothing is looked up at synth; a "
        "subnet has to name its zone."
    ),
    "ON_PREMISES_NO_ROTATION": (
        "The source database is on premises: a Secrets Manager rotation function in the migration VPC cannot "
        "reach it; the DBA rotates this user's password with the source's own tooling."
    ),
    "PROVIDER_WAITER_NO_TRACING": (
        "The waiter only polls the provider's handler; every execution event is logged (level ALL) to the "
        "provider's encrypted log group, and the Provider framework offers no tracing option."
    ),
    "DEV_SINGLE_AZ": (
        "dev rehearses migrations on copies of data; an AZ outage only delays a rehearsal"
    ),
    "PREFIX_LIST_DESCRIBE": (
        "ec2:DescribeManagedPrefixLists supports no resource-level permissions (Service Authorization "
        "Reference, Amazon EC2); the policy grants nothing else but writing to the function's own log group."
    ),
    "PREFLIGHT_DESCRIBE": (
        "DMS DescribeConnections, DescribeReplicationTasks, DescribeReplicationTaskAssessmentRuns and DescribeReplicationTaskIndividualAssessments name no resource in the (filtered) request; TestConnection is limited to the wave's instance and endpoints, StartReplicationTaskAssessmentRun to the assessed tasks."
    ),
    "OPERATOR_READ_ONLY_DESCRIBE": (
        "Read-only DMS Describe* list actions and CloudWatch GetMetricData/GetMetricStatistics/ListMetrics support no resource-level permissions (Service Authorization Reference), so IAM evaluates them only against '*'; every other statement names the waves' own task, endpoint, instance, alarm, dashboard and log group ARNs."
    ),
    "OPERATOR_ALARM_PATTERN": (
        "The wave's alarms are named dms-<env>-<app>-<alarm>; the prefix pattern admits them for cloudwatch:DescribeAlarms only (read-only) without listing each alarm name. It also matches alarms of a wave whose app name extends this one's, which this role may read anyway."
    ),
    "ASSESSMENT_LOGS_BUCKET_NOT_SELF_LOGGED": (
        "This bucket receives the assessment results bucket's server access logs; logging its own access would write into itself or need a third bucket with the same question."
    ),
    "ASSESSMENT_LOGS_SSE_S3": (
        "Amazon S3 delivers server access logs only to buckets with SSE-S3 default encryption (not SSE-KMS); the logs hold request metadata, not assessment results, and are still encrypted at rest."
    ),
    "ASSESSMENT_NO_REPLICATION": (
        "Pre-migration assessment results (and their access logs) are reproducible reports of one migration wave: a new run recreates them, so a cross-region replica would add cost without protecting any data."
    ),
    "ASSESSMENT_TASK_FOLDER_OBJECTS": (
        "Objects under one assessed task's folder of the wave's assessment results bucket: DMS names the result files per run (summary.json and one file per individual assessment), so no narrower key pattern exists."
    ),
}

#: {env: {(finding id, reason): how many constructs acknowledge it}}.
ACKNOWLEDGED = {
    "dev": {
        ("AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole]", "CLOUDWATCH_LOGS_ROLE_POLICY"): 1,
        ("AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonDMSVPCManagementRole]", "VPC_ROLE_POLICY"): 1,
        ("AwsSolutions-IAM5[Resource::*]", "PREFLIGHT_DESCRIBE"): 4,
        ("AwsSolutions-IAM5[Resource::*]", "OPERATOR_READ_ONLY_DESCRIBE"): 1,
        ("AwsSolutions-IAM5[Resource::*]", "PREFIX_LIST_DESCRIBE"): 1,
        ("AwsSolutions-IAM5[Resource::*]", "PROVIDER_WAITER_LOG_DELIVERY"): 5,
        ("AwsSolutions-IAM5[Resource::*]", "STARTER_DESCRIBE"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPreflightProviderframeworkisComplete83018E16.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPreflightProviderframeworkonTimeout9937D522.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsStarterProviderframeworkisCompleteD34FE6EA.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsStarterProviderframeworkonTimeout8F4B8067.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPreflightProviderframeworkisComplete5143C925.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPreflightProviderframeworkonTimeout55B39C7A.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPreflightProviderframeworkisComplete7D0E2272.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPreflightProviderframeworkonTimeout96A6BF5D.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPreflightProviderframeworkisCompleteCFE92B0F.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPreflightProviderframeworkonTimeoutF1D1B649.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:111111111111:alarm:dms-dev-accounts-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:111111111111:alarm:dms-dev-claims-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:111111111111:alarm:dms-dev-data-lake-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:111111111111:alarm:dms-dev-orders-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:111111111111:alarm:dms-dev-point-of-sale-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:s3:::dev-111111111111-data-lake/orders/*]", "S3_TARGET_PREFIX"): 1,
        ("AwsSolutions-SF2", "PROVIDER_WAITER_NO_TRACING"): 5,
        ("AwsSolutions-SMG4", "ON_PREMISES_NO_ROTATION"): 5,
        ("CloudFormation-Validate::F3002", "CDK_FLOW_LOG_CAMEL_CASE"): 1,
        ("CloudFormation-Validate::F3003", "CDK_FLOW_LOG_CAMEL_CASE"): 1,
        ("CloudFormation-Validate::W3010", "EXPLICIT_ZONES"): 2,
        ("DmsChecks-DMS.13", "DEV_SINGLE_AZ"): 5,
        ("DmsChecks-DMS.9", "S3_NO_SSL_MODE"): 1,
        ("HIPAA.Security-IAMNoInlinePolicy", "PROVIDER_WAITER_ROLE"): 5,
        ("HIPAA.Security-LambdaConcurrency", "LIFECYCLE_NO_RESERVED_CONCURRENCY"): 35,
        ("HIPAA.Security-LambdaConcurrency", "PREFIX_LIST_NO_RESERVED_CONCURRENCY"): 1,
        ("HIPAA.Security-LambdaDLQ", "LIFECYCLE_NO_DLQ"): 35,
        ("HIPAA.Security-LambdaDLQ", "PREFIX_LIST_NO_DLQ"): 1,
        ("HIPAA.Security-LambdaInsideVPC", "OUTSIDE_VPC_LIFECYCLE"): 25,
        ("HIPAA.Security-LambdaInsideVPC", "OUTSIDE_VPC_SECRET_FIELDS"): 10,
        ("HIPAA.Security-LambdaInsideVPC", "PREFIX_LIST_OUTSIDE_VPC"): 1,
        ("HIPAA.Security-SecretsManagerRotationEnabled", "ON_PREMISES_NO_ROTATION"): 5,
        ("NIST.800.53.R5-IAMNoInlinePolicy", "PROVIDER_WAITER_ROLE"): 5,
        ("NIST.800.53.R5-LambdaConcurrency", "LIFECYCLE_NO_RESERVED_CONCURRENCY"): 35,
        ("NIST.800.53.R5-LambdaConcurrency", "PREFIX_LIST_NO_RESERVED_CONCURRENCY"): 1,
        ("NIST.800.53.R5-LambdaDLQ", "LIFECYCLE_NO_DLQ"): 35,
        ("NIST.800.53.R5-LambdaDLQ", "PREFIX_LIST_NO_DLQ"): 1,
        ("NIST.800.53.R5-LambdaInsideVPC", "OUTSIDE_VPC_LIFECYCLE"): 25,
        ("NIST.800.53.R5-LambdaInsideVPC", "OUTSIDE_VPC_SECRET_FIELDS"): 10,
        ("NIST.800.53.R5-LambdaInsideVPC", "PREFIX_LIST_OUTSIDE_VPC"): 1,
        ("NIST.800.53.R5-SecretsManagerRotationEnabled", "ON_PREMISES_NO_ROTATION"): 5,
        ("PCI.DSS.321-IAMNoInlinePolicy", "PROVIDER_WAITER_ROLE"): 5,
        ("PCI.DSS.321-LambdaDLQ", "PREFIX_LIST_NO_DLQ"): 1,
        ("PCI.DSS.321-LambdaInsideVPC", "OUTSIDE_VPC_LIFECYCLE"): 25,
        ("PCI.DSS.321-LambdaInsideVPC", "OUTSIDE_VPC_SECRET_FIELDS"): 10,
        ("PCI.DSS.321-LambdaInsideVPC", "PREFIX_LIST_OUTSIDE_VPC"): 1,
    },
    "staging": {
        ("AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole]", "CLOUDWATCH_LOGS_ROLE_POLICY"): 1,
        ("AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonDMSVPCManagementRole]", "VPC_ROLE_POLICY"): 1,
        ("AwsSolutions-IAM5[Resource::*]", "PREFLIGHT_DESCRIBE"): 4,
        ("AwsSolutions-IAM5[Resource::*]", "OPERATOR_READ_ONLY_DESCRIBE"): 1,
        ("AwsSolutions-IAM5[Resource::*]", "PAUSER_DESCRIBE"): 4,
        ("AwsSolutions-IAM5[Resource::*]", "PREFIX_LIST_DESCRIBE"): 1,
        ("AwsSolutions-IAM5[Resource::*]", "PROVIDER_WAITER_LOG_DELIVERY"): 8,
        ("AwsSolutions-IAM5[Resource::<AccountsAssessmentsResultsDBDEEA6D.Arn>/staging-accounts-accounts-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPauserProviderframeworkisCompleteE60B5A08.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPauserProviderframeworkonTimeout559DF450.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPreflightProviderframeworkisComplete83018E16.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPreflightProviderframeworkonTimeout9937D522.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsAssessmentsResults4BC32ADC.Arn>/staging-claims-claims-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPauserProviderframeworkisComplete0EF3C816.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPauserProviderframeworkonTimeoutED4AC50B.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPreflightProviderframeworkisComplete5143C925.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPreflightProviderframeworkonTimeout55B39C7A.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersAssessmentsResults4DA5D07D.Arn>/staging-orders-customers-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersAssessmentsResults4DA5D07D.Arn>/staging-orders-orders-cdc-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPauserProviderframeworkisCompleteBB623711.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPauserProviderframeworkonTimeoutA6A54575.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPreflightProviderframeworkisComplete7D0E2272.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPreflightProviderframeworkonTimeout96A6BF5D.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosAssessmentsResults7774E6B1.Arn>/staging-point-of-sale-pos-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPauserProviderframeworkisCompleteA6D6F480.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPauserProviderframeworkonTimeout262D7F3C.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPreflightProviderframeworkisCompleteCFE92B0F.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPreflightProviderframeworkonTimeoutF1D1B649.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:222222222222:alarm:dms-staging-accounts-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:222222222222:alarm:dms-staging-claims-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:222222222222:alarm:dms-staging-data-lake-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:222222222222:alarm:dms-staging-orders-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:222222222222:alarm:dms-staging-point-of-sale-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:dms:eu-west-1:222222222222:task:*]", "PAUSER_TAG_SCOPED"): 4,
        ("AwsSolutions-IAM5[Resource::arn:aws:s3:::staging-222222222222-data-lake/orders/*]", "S3_TARGET_PREFIX"): 1,
        ("AwsSolutions-S1", "ASSESSMENT_LOGS_BUCKET_NOT_SELF_LOGGED"): 4,
        ("AwsSolutions-SF2", "PROVIDER_WAITER_NO_TRACING"): 8,
        ("AwsSolutions-SMG4", "ON_PREMISES_NO_ROTATION"): 5,
        ("CloudFormation-Validate::F3002", "CDK_FLOW_LOG_CAMEL_CASE"): 1,
        ("CloudFormation-Validate::F3003", "CDK_FLOW_LOG_CAMEL_CASE"): 1,
        ("CloudFormation-Validate::W3010", "EXPLICIT_ZONES"): 2,
        ("DmsChecks-DMS.9", "S3_NO_SSL_MODE"): 1,
        ("HIPAA.Security-IAMNoInlinePolicy", "PROVIDER_WAITER_ROLE"): 8,
        ("HIPAA.Security-LambdaConcurrency", "LIFECYCLE_NO_RESERVED_CONCURRENCY"): 50,
        ("HIPAA.Security-LambdaConcurrency", "PREFIX_LIST_NO_RESERVED_CONCURRENCY"): 1,
        ("HIPAA.Security-LambdaDLQ", "LIFECYCLE_NO_DLQ"): 50,
        ("HIPAA.Security-LambdaDLQ", "PREFIX_LIST_NO_DLQ"): 1,
        ("HIPAA.Security-LambdaInsideVPC", "OUTSIDE_VPC_LIFECYCLE"): 40,
        ("HIPAA.Security-LambdaInsideVPC", "OUTSIDE_VPC_SECRET_FIELDS"): 10,
        ("HIPAA.Security-LambdaInsideVPC", "PREFIX_LIST_OUTSIDE_VPC"): 1,
        ("HIPAA.Security-S3BucketLoggingEnabled", "ASSESSMENT_LOGS_BUCKET_NOT_SELF_LOGGED"): 4,
        ("HIPAA.Security-S3BucketReplicationEnabled", "ASSESSMENT_NO_REPLICATION"): 8,
        ("HIPAA.Security-S3DefaultEncryptionKMS", "ASSESSMENT_LOGS_SSE_S3"): 4,
        ("HIPAA.Security-SecretsManagerRotationEnabled", "ON_PREMISES_NO_ROTATION"): 5,
        ("NIST.800.53.R5-IAMNoInlinePolicy", "PROVIDER_WAITER_ROLE"): 8,
        ("NIST.800.53.R5-LambdaConcurrency", "LIFECYCLE_NO_RESERVED_CONCURRENCY"): 50,
        ("NIST.800.53.R5-LambdaConcurrency", "PREFIX_LIST_NO_RESERVED_CONCURRENCY"): 1,
        ("NIST.800.53.R5-LambdaDLQ", "LIFECYCLE_NO_DLQ"): 50,
        ("NIST.800.53.R5-LambdaDLQ", "PREFIX_LIST_NO_DLQ"): 1,
        ("NIST.800.53.R5-LambdaInsideVPC", "OUTSIDE_VPC_LIFECYCLE"): 40,
        ("NIST.800.53.R5-LambdaInsideVPC", "OUTSIDE_VPC_SECRET_FIELDS"): 10,
        ("NIST.800.53.R5-LambdaInsideVPC", "PREFIX_LIST_OUTSIDE_VPC"): 1,
        ("NIST.800.53.R5-S3BucketLoggingEnabled", "ASSESSMENT_LOGS_BUCKET_NOT_SELF_LOGGED"): 4,
        ("NIST.800.53.R5-S3BucketReplicationEnabled", "ASSESSMENT_NO_REPLICATION"): 8,
        ("NIST.800.53.R5-S3DefaultEncryptionKMS", "ASSESSMENT_LOGS_SSE_S3"): 4,
        ("NIST.800.53.R5-SecretsManagerRotationEnabled", "ON_PREMISES_NO_ROTATION"): 5,
        ("PCI.DSS.321-IAMNoInlinePolicy", "PROVIDER_WAITER_ROLE"): 8,
        ("PCI.DSS.321-LambdaDLQ", "PREFIX_LIST_NO_DLQ"): 1,
        ("PCI.DSS.321-LambdaInsideVPC", "OUTSIDE_VPC_LIFECYCLE"): 40,
        ("PCI.DSS.321-LambdaInsideVPC", "OUTSIDE_VPC_SECRET_FIELDS"): 10,
        ("PCI.DSS.321-LambdaInsideVPC", "PREFIX_LIST_OUTSIDE_VPC"): 1,
        ("PCI.DSS.321-S3BucketLoggingEnabled", "ASSESSMENT_LOGS_BUCKET_NOT_SELF_LOGGED"): 4,
        ("PCI.DSS.321-S3BucketReplicationEnabled", "ASSESSMENT_NO_REPLICATION"): 8,
        ("PCI.DSS.321-S3DefaultEncryptionKMS", "ASSESSMENT_LOGS_SSE_S3"): 4,
    },
    "prod": {
        ("AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole]", "CLOUDWATCH_LOGS_ROLE_POLICY"): 1,
        ("AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonDMSVPCManagementRole]", "VPC_ROLE_POLICY"): 1,
        ("AwsSolutions-IAM5[Resource::*]", "PREFLIGHT_DESCRIBE"): 4,
        ("AwsSolutions-IAM5[Resource::*]", "OPERATOR_READ_ONLY_DESCRIBE"): 1,
        ("AwsSolutions-IAM5[Resource::*]", "PAUSER_DESCRIBE"): 4,
        ("AwsSolutions-IAM5[Resource::*]", "PREFIX_LIST_DESCRIBE"): 1,
        ("AwsSolutions-IAM5[Resource::*]", "PROVIDER_WAITER_LOG_DELIVERY"): 8,
        ("AwsSolutions-IAM5[Resource::<AccountsAssessmentsResultsDBDEEA6D.Arn>/prod-accounts-accounts-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPauserProviderframeworkisCompleteE60B5A08.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPauserProviderframeworkonTimeout559DF450.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPreflightProviderframeworkisComplete83018E16.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<AccountsPreflightProviderframeworkonTimeout9937D522.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsAssessmentsResults4BC32ADC.Arn>/prod-claims-claims-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPauserProviderframeworkisComplete0EF3C816.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPauserProviderframeworkonTimeoutED4AC50B.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPreflightProviderframeworkisComplete5143C925.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<ClaimsPreflightProviderframeworkonTimeout55B39C7A.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersAssessmentsResults4DA5D07D.Arn>/prod-orders-customers-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersAssessmentsResults4DA5D07D.Arn>/prod-orders-orders-cdc-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPauserProviderframeworkisCompleteBB623711.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPauserProviderframeworkonTimeoutA6A54575.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPreflightProviderframeworkisComplete7D0E2272.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<OrdersPreflightProviderframeworkonTimeout96A6BF5D.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosAssessmentsResults7774E6B1.Arn>/prod-point-of-sale-pos-dms/*]", "ASSESSMENT_TASK_FOLDER_OBJECTS"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPauserProviderframeworkisCompleteA6D6F480.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPauserProviderframeworkonTimeout262D7F3C.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPreflightProviderframeworkisCompleteCFE92B0F.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::<PosPreflightProviderframeworkonTimeoutF1D1B649.Arn>:*]", "PROVIDER_WAITER_INVOKES_FRAMEWORK"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:333333333333:alarm:dms-prod-accounts-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:333333333333:alarm:dms-prod-claims-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:333333333333:alarm:dms-prod-data-lake-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:333333333333:alarm:dms-prod-orders-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:cloudwatch:eu-west-1:333333333333:alarm:dms-prod-point-of-sale-*]", "OPERATOR_ALARM_PATTERN"): 1,
        ("AwsSolutions-IAM5[Resource::arn:aws:dms:eu-west-1:333333333333:task:*]", "PAUSER_TAG_SCOPED"): 4,
        ("AwsSolutions-IAM5[Resource::arn:aws:s3:::prod-333333333333-data-lake/orders/*]", "S3_TARGET_PREFIX"): 1,
        ("AwsSolutions-S1", "ASSESSMENT_LOGS_BUCKET_NOT_SELF_LOGGED"): 4,
        ("AwsSolutions-SF2", "PROVIDER_WAITER_NO_TRACING"): 8,
        ("AwsSolutions-SMG4", "ON_PREMISES_NO_ROTATION"): 5,
        ("CloudFormation-Validate::F3002", "CDK_FLOW_LOG_CAMEL_CASE"): 1,
        ("CloudFormation-Validate::F3003", "CDK_FLOW_LOG_CAMEL_CASE"): 1,
        ("CloudFormation-Validate::W3010", "EXPLICIT_ZONES"): 3,
        ("DmsChecks-DMS.9", "S3_NO_SSL_MODE"): 1,
        ("HIPAA.Security-IAMNoInlinePolicy", "PROVIDER_WAITER_ROLE"): 8,
        ("HIPAA.Security-LambdaConcurrency", "LIFECYCLE_NO_RESERVED_CONCURRENCY"): 50,
        ("HIPAA.Security-LambdaConcurrency", "PREFIX_LIST_NO_RESERVED_CONCURRENCY"): 1,
        ("HIPAA.Security-LambdaDLQ", "LIFECYCLE_NO_DLQ"): 50,
        ("HIPAA.Security-LambdaDLQ", "PREFIX_LIST_NO_DLQ"): 1,
        ("HIPAA.Security-LambdaInsideVPC", "OUTSIDE_VPC_LIFECYCLE"): 40,
        ("HIPAA.Security-LambdaInsideVPC", "OUTSIDE_VPC_SECRET_FIELDS"): 10,
        ("HIPAA.Security-LambdaInsideVPC", "PREFIX_LIST_OUTSIDE_VPC"): 1,
        ("HIPAA.Security-S3BucketLoggingEnabled", "ASSESSMENT_LOGS_BUCKET_NOT_SELF_LOGGED"): 4,
        ("HIPAA.Security-S3BucketReplicationEnabled", "ASSESSMENT_NO_REPLICATION"): 8,
        ("HIPAA.Security-S3DefaultEncryptionKMS", "ASSESSMENT_LOGS_SSE_S3"): 4,
        ("HIPAA.Security-SecretsManagerRotationEnabled", "ON_PREMISES_NO_ROTATION"): 5,
        ("NIST.800.53.R5-IAMNoInlinePolicy", "PROVIDER_WAITER_ROLE"): 8,
        ("NIST.800.53.R5-LambdaConcurrency", "LIFECYCLE_NO_RESERVED_CONCURRENCY"): 50,
        ("NIST.800.53.R5-LambdaConcurrency", "PREFIX_LIST_NO_RESERVED_CONCURRENCY"): 1,
        ("NIST.800.53.R5-LambdaDLQ", "LIFECYCLE_NO_DLQ"): 50,
        ("NIST.800.53.R5-LambdaDLQ", "PREFIX_LIST_NO_DLQ"): 1,
        ("NIST.800.53.R5-LambdaInsideVPC", "OUTSIDE_VPC_LIFECYCLE"): 40,
        ("NIST.800.53.R5-LambdaInsideVPC", "OUTSIDE_VPC_SECRET_FIELDS"): 10,
        ("NIST.800.53.R5-LambdaInsideVPC", "PREFIX_LIST_OUTSIDE_VPC"): 1,
        ("NIST.800.53.R5-S3BucketLoggingEnabled", "ASSESSMENT_LOGS_BUCKET_NOT_SELF_LOGGED"): 4,
        ("NIST.800.53.R5-S3BucketReplicationEnabled", "ASSESSMENT_NO_REPLICATION"): 8,
        ("NIST.800.53.R5-S3DefaultEncryptionKMS", "ASSESSMENT_LOGS_SSE_S3"): 4,
        ("NIST.800.53.R5-SecretsManagerRotationEnabled", "ON_PREMISES_NO_ROTATION"): 5,
        ("PCI.DSS.321-IAMNoInlinePolicy", "PROVIDER_WAITER_ROLE"): 8,
        ("PCI.DSS.321-LambdaDLQ", "PREFIX_LIST_NO_DLQ"): 1,
        ("PCI.DSS.321-LambdaInsideVPC", "OUTSIDE_VPC_LIFECYCLE"): 40,
        ("PCI.DSS.321-LambdaInsideVPC", "OUTSIDE_VPC_SECRET_FIELDS"): 10,
        ("PCI.DSS.321-LambdaInsideVPC", "PREFIX_LIST_OUTSIDE_VPC"): 1,
        ("PCI.DSS.321-S3BucketLoggingEnabled", "ASSESSMENT_LOGS_BUCKET_NOT_SELF_LOGGED"): 4,
        ("PCI.DSS.321-S3BucketReplicationEnabled", "ASSESSMENT_NO_REPLICATION"): 8,
        ("PCI.DSS.321-S3DefaultEncryptionKMS", "ASSESSMENT_LOGS_SSE_S3"): 4,
    },
}

#: The constructs acknowledgments sit on, by the last part of their path: resources, policies and functions,
#: never a stack or a whole wave — except dev's serverless wave "Lake": MigrationWave acknowledges a
#: serverless wave's single-AZ finding (DmsChecks-DMS.13) on the wave itself, as its replication configs
#: are added later.
ACKNOWLEDGED_ON = {
    "CloudWatchLogsRole", "DefaultPolicy", "FlowLog", "Handler", "HandlerPolicy", "IsComplete", "Lake", "OnEvent",
    "Policy", "ReadPolicy", "Resource", "ServicePolicy", "Subnet", "VpcRole", "framework-isComplete", "framework-onEvent", "framework-onTimeout",
}

STATEFUL_TYPES = {
    "AWS::KMS::Key", "AWS::SecretsManager::Secret", "AWS::Logs::LogGroup", "AWS::S3::Bucket", "AWS::SNS::Topic",
    "AWS::DMS::ReplicationInstance", "AWS::DMS::Endpoint", "AWS::DMS::ReplicationTask", "AWS::DMS::ReplicationConfig",
    "AWS::DMS::Certificate", "AWS::DMS::ReplicationSubnetGroup",
}


@pytest.fixture(scope="module")
def templates(reference_templates) -> dict[str, dict[str, dict]]:
    return reference_templates


@pytest.mark.parametrize("env", ENVS)
def test_every_alarm_of_the_environment(templates, env):
    found = {}
    for logical_id, alarm in resources(templates[env]["Migration"], "AWS::CloudWatch::Alarm").items():
        p = alarm["Properties"]
        assert (p["Namespace"], p["Period"]) == ("AWS/DMS", 300), logical_id
        found[logical_id] = (
            p["MetricName"], p["Statistic"], p["ComparisonOperator"], p["Threshold"], p["EvaluationPeriods"],
            p.get("DatapointsToAlarm"), p["TreatMissingData"], [(d["Name"], d["Value"]) for d in p["Dimensions"]],
        )
    assert found == ALARMS[env]


@pytest.mark.parametrize("env", ENVS)
def test_every_alarm_notifies_its_waves_topic(templates, env):
    t = templates[env]["Migration"]
    topics = set(resources(t, "AWS::SNS::Topic"))
    for logical_id, alarm in resources(t, "AWS::CloudWatch::Alarm").items():
        wave = logical_id.split("Monitoring")[0]  # e.g. Orders
        (action,) = alarm["Properties"]["AlarmActions"]
        assert action["Ref"] in topics and action["Ref"].startswith(f"{wave}MonitoringTopic"), logical_id


@pytest.mark.parametrize("env", ENVS)
def test_every_removal_policy_of_a_stateful_resource(templates, env):
    found = {}
    for stack, template in templates[env].items():
        for logical_id, resource in template["Resources"].items():
            if resource["Type"] in STATEFUL_TYPES or (stack == "AccountBaseline" and resource["Type"] == "AWS::IAM::Role"):
                found[f"{stack}/{logical_id}"] = (resource["Type"], resource.get("DeletionPolicy"), resource.get("UpdateReplacePolicy"))
    assert found == REMOVAL_POLICIES[env]


def _acknowledgments(stage) -> list[tuple[str, str, str]]:
    """(construct path, finding id, reason) of every acknowledgment recorded in a stage, read from the stage's
    cloud assembly, where the synth wrote each construct's metadata (`aws:cdk:acknowledged-rules` entries
    included) by construct path; walking the constructs across jsii took 3-5 s per stage."""
    directory = Path(stage.synth().directory)  # the session's synth, cached
    out = []
    for artifact in json.loads((directory / "manifest.json").read_text())["artifacts"].values():
        metadata = {path: list(entries) for path, entries in artifact.get("metadata", {}).items()}
        if "additionalMetadataFile" in artifact:
            for path, entries in json.loads((directory / artifact["additionalMetadataFile"]).read_text()).items():
                metadata.setdefault(path, []).extend(entries)
        for path, entries in metadata.items():
            for entry in entries:
                if entry["type"] == "aws:cdk:acknowledged-rules":
                    out += [(path.lstrip("/"), re.sub(r"^annotation::", "", k, flags=re.I), v) for k, v in entry["data"].items()]
    return out


@pytest.mark.parametrize("env", ENVS)
def test_every_acknowledgment_names_its_finding_and_reason(reference_app, env):
    (stage,) = [s for s in reference_app[1] if s.config.name == env]
    by_text = {text: name for name, text in REASONS.items()}
    acknowledged = _acknowledgments(stage)
    unknown = {reason for _, _, reason in acknowledged if reason not in by_text}
    assert unknown == set()
    assert Counter((finding, by_text[reason]) for _, finding, reason in acknowledged) == ACKNOWLEDGED[env]
    assert {path.rsplit("/", 1)[-1] for path, _, _ in acknowledged} <= ACKNOWLEDGED_ON
