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
        "AccountsMonitoringInstanceCpuUtilizationEB2E7264": ("CPUUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts")]),
        "AccountsMonitoringInstanceFreeStorageSpaceE26CEA8C": ("FreeStorageSpace", "Average", "LessThanThreshold", 10737418240, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts")]),
        "AccountsMonitoringInstanceFreeableMemory402AD5AF": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts")]),
        "AccountsMonitoringInstanceSwapUsage3542C4C9": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts")]),
        "AccountsMonitoringTaskaccountsCdcLatencySource7379B42F": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "AccountsMonitoringTaskaccountsCdcLatencyTarget49018F7D": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-accounts"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "ClaimsMonitoringInstanceCpuUtilization2544A861": ("CPUUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims")]),
        "ClaimsMonitoringInstanceFreeStorageSpace686FE3E8": ("FreeStorageSpace", "Average", "LessThanThreshold", 10737418240, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims")]),
        "ClaimsMonitoringInstanceFreeableMemoryE556B91D": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims")]),
        "ClaimsMonitoringInstanceSwapUsageBA0DE669": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims")]),
        "ClaimsMonitoringTaskclaimsCdcLatencySource81F7D355": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "ClaimsMonitoringTaskclaimsCdcLatencyTargetC1EA0368": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-claims"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "LakeMonitoringTaskorderstolakeCapacityUtilization68BBAB3F": ("CapacityUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "missing", [("ReplicationConfigId", "111111111111:dev-lake-orders-to-lake")]),
        "LakeMonitoringTaskorderstolakeCdcLatencySourceE5E7C7DC": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "missing", [("ReplicationConfigId", "111111111111:dev-lake-orders-to-lake")]),
        "LakeMonitoringTaskorderstolakeCdcLatencyTarget597DF8F1": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "missing", [("ReplicationConfigId", "111111111111:dev-lake-orders-to-lake")]),
        "OrdersMonitoringInstanceCpuUtilization786129C8": ("CPUUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders")]),
        "OrdersMonitoringInstanceFreeStorageSpace9BA07F89": ("FreeStorageSpace", "Average", "LessThanThreshold", 10737418240, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders")]),
        "OrdersMonitoringInstanceFreeableMemory34B21845": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders")]),
        "OrdersMonitoringInstanceSwapUsage841B6A6F": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders")]),
        "OrdersMonitoringTaskcustomersCdcLatencySource928DD843": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskcustomersCdcLatencyTargetAC373D1C": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencySourceFBBBC886": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencyTarget14044B6B": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-orders"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "PosMonitoringInstanceCpuUtilizationF0B25DC5": ("CPUUtilization", "Average", "GreaterThanThreshold", 90, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-pos")]),
        "PosMonitoringInstanceFreeStorageSpace8B113612": ("FreeStorageSpace", "Average", "LessThanThreshold", 10737418240, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-pos")]),
        "PosMonitoringInstanceFreeableMemoryACAEED40": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-pos")]),
        "PosMonitoringInstanceSwapUsage1C3CD2CC": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-pos")]),
        "PosMonitoringTaskposCdcLatencySource31948A51": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-pos"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
        "PosMonitoringTaskposCdcLatencyTargetCBE7EC50": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 1800, 6, None, "notBreaching", [("ReplicationInstanceIdentifier", "dev-pos"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
    },
    "staging": {
        "AccountsMonitoringInstanceCpuUtilizationEB2E7264": ("CPUUtilization", "Average", "GreaterThanThreshold", 80, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts")]),
        "AccountsMonitoringInstanceFreeStorageSpaceE26CEA8C": ("FreeStorageSpace", "Average", "LessThanThreshold", 21474836480, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts")]),
        "AccountsMonitoringInstanceFreeableMemory402AD5AF": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts")]),
        "AccountsMonitoringInstanceSwapUsage3542C4C9": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts")]),
        "AccountsMonitoringTaskaccountsCdcLatencySource7379B42F": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "AccountsMonitoringTaskaccountsCdcLatencyTarget49018F7D": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-accounts"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "ClaimsMonitoringInstanceCpuUtilization2544A861": ("CPUUtilization", "Average", "GreaterThanThreshold", 80, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims")]),
        "ClaimsMonitoringInstanceFreeStorageSpace686FE3E8": ("FreeStorageSpace", "Average", "LessThanThreshold", 21474836480, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims")]),
        "ClaimsMonitoringInstanceFreeableMemoryE556B91D": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims")]),
        "ClaimsMonitoringInstanceSwapUsageBA0DE669": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims")]),
        "ClaimsMonitoringTaskclaimsCdcLatencySource81F7D355": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "ClaimsMonitoringTaskclaimsCdcLatencyTargetC1EA0368": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-claims"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "LakeMonitoringTaskorderstolakeCapacityUtilization68BBAB3F": ("CapacityUtilization", "Average", "GreaterThanThreshold", 90, 3, None, "missing", [("ReplicationConfigId", "222222222222:staging-lake-orders-to-lake")]),
        "LakeMonitoringTaskorderstolakeCdcLatencySourceE5E7C7DC": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "missing", [("ReplicationConfigId", "222222222222:staging-lake-orders-to-lake")]),
        "LakeMonitoringTaskorderstolakeCdcLatencyTarget597DF8F1": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "missing", [("ReplicationConfigId", "222222222222:staging-lake-orders-to-lake")]),
        "OrdersMonitoringInstanceCpuUtilization786129C8": ("CPUUtilization", "Average", "GreaterThanThreshold", 80, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders")]),
        "OrdersMonitoringInstanceFreeStorageSpace9BA07F89": ("FreeStorageSpace", "Average", "LessThanThreshold", 21474836480, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders")]),
        "OrdersMonitoringInstanceFreeableMemory34B21845": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders")]),
        "OrdersMonitoringInstanceSwapUsage841B6A6F": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders")]),
        "OrdersMonitoringTaskcustomersCdcLatencySource928DD843": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskcustomersCdcLatencyTargetAC373D1C": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencySourceFBBBC886": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencyTarget14044B6B": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-orders"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "PosMonitoringInstanceCpuUtilizationF0B25DC5": ("CPUUtilization", "Average", "GreaterThanThreshold", 80, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-pos")]),
        "PosMonitoringInstanceFreeStorageSpace8B113612": ("FreeStorageSpace", "Average", "LessThanThreshold", 21474836480, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-pos")]),
        "PosMonitoringInstanceFreeableMemoryACAEED40": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-pos")]),
        "PosMonitoringInstanceSwapUsage1C3CD2CC": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-pos")]),
        "PosMonitoringTaskposCdcLatencySource31948A51": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-pos"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
        "PosMonitoringTaskposCdcLatencyTargetCBE7EC50": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 600, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "staging-pos"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
    },
    "prod": {
        "AccountsMonitoringInstanceCpuUtilizationEB2E7264": ("CPUUtilization", "Average", "GreaterThanThreshold", 75, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts")]),
        "AccountsMonitoringInstanceFreeStorageSpaceE26CEA8C": ("FreeStorageSpace", "Average", "LessThanThreshold", 53687091200, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts")]),
        "AccountsMonitoringInstanceFreeableMemory402AD5AF": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts")]),
        "AccountsMonitoringInstanceSwapUsage3542C4C9": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts")]),
        "AccountsMonitoringTaskaccountsCdcLatencySource7379B42F": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "AccountsMonitoringTaskaccountsCdcLatencyTarget49018F7D": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-accounts"), ("ReplicationTaskIdentifier", task("AccountsTasksaccountsF03850C5"))]),
        "ClaimsMonitoringInstanceCpuUtilization2544A861": ("CPUUtilization", "Average", "GreaterThanThreshold", 75, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims")]),
        "ClaimsMonitoringInstanceFreeStorageSpace686FE3E8": ("FreeStorageSpace", "Average", "LessThanThreshold", 53687091200, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims")]),
        "ClaimsMonitoringInstanceFreeableMemoryE556B91D": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims")]),
        "ClaimsMonitoringInstanceSwapUsageBA0DE669": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims")]),
        "ClaimsMonitoringTaskclaimsCdcLatencySource81F7D355": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "ClaimsMonitoringTaskclaimsCdcLatencyTargetC1EA0368": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-claims"), ("ReplicationTaskIdentifier", task("ClaimsTasksclaimsA6CB3BF5"))]),
        "LakeMonitoringTaskorderstolakeCapacityUtilization68BBAB3F": ("CapacityUtilization", "Average", "GreaterThanThreshold", 90, 3, None, "missing", [("ReplicationConfigId", "333333333333:prod-lake-orders-to-lake")]),
        "LakeMonitoringTaskorderstolakeCdcLatencySourceE5E7C7DC": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "missing", [("ReplicationConfigId", "333333333333:prod-lake-orders-to-lake")]),
        "LakeMonitoringTaskorderstolakeCdcLatencyTarget597DF8F1": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "missing", [("ReplicationConfigId", "333333333333:prod-lake-orders-to-lake")]),
        "OrdersMonitoringInstanceCpuUtilization786129C8": ("CPUUtilization", "Average", "GreaterThanThreshold", 75, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders")]),
        "OrdersMonitoringInstanceFreeStorageSpace9BA07F89": ("FreeStorageSpace", "Average", "LessThanThreshold", 53687091200, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders")]),
        "OrdersMonitoringInstanceFreeableMemory34B21845": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders")]),
        "OrdersMonitoringInstanceSwapUsage841B6A6F": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders")]),
        "OrdersMonitoringTaskcustomersCdcLatencySource928DD843": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskcustomersCdcLatencyTargetAC373D1C": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders"), ("ReplicationTaskIdentifier", task("OrdersTaskscustomers2946D19E"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencySourceFBBBC886": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "OrdersMonitoringTaskorderscdcCdcLatencyTarget14044B6B": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-orders"), ("ReplicationTaskIdentifier", task("OrdersTasksorderscdc26BEDEEC"))]),
        "PosMonitoringInstanceCpuUtilizationF0B25DC5": ("CPUUtilization", "Average", "GreaterThanThreshold", 75, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-pos")]),
        "PosMonitoringInstanceFreeStorageSpace8B113612": ("FreeStorageSpace", "Average", "LessThanThreshold", 53687091200, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-pos")]),
        "PosMonitoringInstanceFreeableMemoryACAEED40": ("FreeableMemory", "Average", "LessThanThreshold", 268435456, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-pos")]),
        "PosMonitoringInstanceSwapUsage1C3CD2CC": ("SwapUsage", "Average", "GreaterThanThreshold", 536870912, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-pos")]),
        "PosMonitoringTaskposCdcLatencySource31948A51": ("CDCLatencySource", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-pos"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
        "PosMonitoringTaskposCdcLatencyTargetCBE7EC50": ("CDCLatencyTarget", "Maximum", "GreaterThanThreshold", 300, 3, None, "notBreaching", [("ReplicationInstanceIdentifier", "prod-pos"), ("ReplicationTaskIdentifier", task("PosTaskspos1ABAC2B2"))]),
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
        "Migration/AccountsMonitoringInstanceTaskLogsE029275E": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/AccountsMonitoringTopic2313D94B": ("AWS::SNS::Topic", None, None),
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
        "Migration/ClaimsMonitoringInstanceTaskLogs4E0D4FA5": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/ClaimsMonitoringTopic9367AD5C": ("AWS::SNS::Topic", None, None),
        "Migration/ClaimsReplicationInstance11520FB5": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/ClaimsSecretFieldsLogs2CEFC29D": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/ClaimsSubnetGroup45D504CC": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/ClaimsTasksclaimsA6CB3BF5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/LakeEndpointsmysql2D89C250": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeEndpointsmysqlCertificate04E62A0B": ("AWS::DMS::Certificate", None, None),
        "Migration/LakeEndpointsmysqlSecretC40012E2": ("AWS::SecretsManager::Secret", "Delete", "Delete"),
        "Migration/LakeEndpointss33CEAB3FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeKey391E0BC6": ("AWS::KMS::Key", "Delete", "Delete"),
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
        "Migration/OrdersMonitoringInstanceTaskLogs3179D067": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/OrdersMonitoringTopic8540CF42": ("AWS::SNS::Topic", None, None),
        "Migration/OrdersReplicationInstance78E40215": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/OrdersSecretFieldsLogs14E61B59": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/OrdersSubnetGroupE7C94A3D": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/OrdersTaskscustomers2946D19E": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/OrdersTasksorderscdc26BEDEEC": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/PosEndpointsrdssqlserverA543689B": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserver02FA34AB": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserverSecret6EFB1570": ("AWS::SecretsManager::Secret", "Delete", "Delete"),
        "Migration/PosKeyB6A23C3C": ("AWS::KMS::Key", "Delete", "Delete"),
        "Migration/PosMonitoringInstanceTaskLogs31738F5A": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/PosMonitoringTopicF300F848": ("AWS::SNS::Topic", None, None),
        "Migration/PosReplicationInstance98B8E56D": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/PosSecretFieldsLogs18DF5D1D": ("AWS::Logs::LogGroup", "Delete", "Delete"),
        "Migration/PosSubnetGroupDC26CC95": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/PosTaskspos1ABAC2B2": ("AWS::DMS::ReplicationTask", None, None),
    },
    "staging": {
        "AccountBaseline/DmsServiceRolesCloudWatchLogsRole43CC547F": ("AWS::IAM::Role", "Retain", "Retain"),
        "AccountBaseline/DmsServiceRolesVpcRole3EF774CA": ("AWS::IAM::Role", "Retain", "Retain"),
        "Migration/AccountsEndpointspostgresC957748B": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsEndpointspostgresSecretF9CFCCB9": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/AccountsEndpointsrdspostgres8BC09988": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsKey68C81031": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/AccountsMonitoringInstanceTaskLogsE029275E": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/AccountsMonitoringTopic2313D94B": ("AWS::SNS::Topic", None, None),
        "Migration/AccountsPauserLogs1A6CF9B9": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsReplicationInstanceC952FE99": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/AccountsSecretFieldsLogsCFDC8618": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsSubnetGroup68C4B8D8": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/AccountsTasksaccountsF03850C5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/ClaimsEndpointsaurorapostgres1F5BAA5B": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracle9CED7667": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracleCertificateB5D0F554": ("AWS::DMS::Certificate", None, None),
        "Migration/ClaimsEndpointsoracleSecret6E318954": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/ClaimsKeyB7948864": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/ClaimsMonitoringInstanceTaskLogs4E0D4FA5": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/ClaimsMonitoringTopic9367AD5C": ("AWS::SNS::Topic", None, None),
        "Migration/ClaimsPauserLogsC0F5A02F": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsReplicationInstance11520FB5": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/ClaimsSecretFieldsLogs2CEFC29D": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsSubnetGroup45D504CC": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/ClaimsTasksclaimsA6CB3BF5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/LakeEndpointsmysql2D89C250": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeEndpointsmysqlCertificate04E62A0B": ("AWS::DMS::Certificate", None, None),
        "Migration/LakeEndpointsmysqlSecretC40012E2": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/LakeEndpointss33CEAB3FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeKey391E0BC6": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/LakeMonitoringTaskorderstolakeLogs399399B7": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/LakeMonitoringTopic6D29FF51": ("AWS::SNS::Topic", None, None),
        "Migration/LakeSecretFieldsLogs59576D0E": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/LakeSubnetGroupE142D2E3": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/LakeTasksorderstolakeD6E7DEA6": ("AWS::DMS::ReplicationConfig", None, None),
        "Migration/NetworkFlowLogGroup4F8CEEEF": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/NetworkKeyCB21031E": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/NetworkS3PrefixListLogs5DDE07CE": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersEndpointsaurora5E8AC4FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsauroraCertificate994B6CCA": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysql9ED23A10": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsmysqlCertificate4E64EE7D": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysqlSecretBE3676B6": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/OrdersKeyFB6E0812": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/OrdersMonitoringInstanceTaskLogs3179D067": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/OrdersMonitoringTopic8540CF42": ("AWS::SNS::Topic", None, None),
        "Migration/OrdersPauserLogs3344BAB1": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersReplicationInstance78E40215": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/OrdersSecretFieldsLogs14E61B59": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersSubnetGroupE7C94A3D": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/OrdersTaskscustomers2946D19E": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/OrdersTasksorderscdc26BEDEEC": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/PosEndpointsrdssqlserverA543689B": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserver02FA34AB": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserverSecret6EFB1570": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/PosKeyB6A23C3C": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/PosMonitoringInstanceTaskLogs31738F5A": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/PosMonitoringTopicF300F848": ("AWS::SNS::Topic", None, None),
        "Migration/PosPauserLogsDE579D65": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosReplicationInstance98B8E56D": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/PosSecretFieldsLogs18DF5D1D": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosSubnetGroupDC26CC95": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/PosTaskspos1ABAC2B2": ("AWS::DMS::ReplicationTask", None, None),
    },
    "prod": {
        "AccountBaseline/DmsServiceRolesCloudWatchLogsRole43CC547F": ("AWS::IAM::Role", "Retain", "Retain"),
        "AccountBaseline/DmsServiceRolesVpcRole3EF774CA": ("AWS::IAM::Role", "Retain", "Retain"),
        "Migration/AccountsEndpointspostgresC957748B": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsEndpointspostgresSecretF9CFCCB9": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/AccountsEndpointsrdspostgres8BC09988": ("AWS::DMS::Endpoint", None, None),
        "Migration/AccountsKey68C81031": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/AccountsMonitoringInstanceTaskLogsE029275E": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/AccountsMonitoringTopic2313D94B": ("AWS::SNS::Topic", None, None),
        "Migration/AccountsPauserLogs1A6CF9B9": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsReplicationInstanceC952FE99": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/AccountsSecretFieldsLogsCFDC8618": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/AccountsSubnetGroup68C4B8D8": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/AccountsTasksaccountsF03850C5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/ClaimsEndpointsaurorapostgres1F5BAA5B": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracle9CED7667": ("AWS::DMS::Endpoint", None, None),
        "Migration/ClaimsEndpointsoracleCertificateB5D0F554": ("AWS::DMS::Certificate", None, None),
        "Migration/ClaimsEndpointsoracleSecret6E318954": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/ClaimsKeyB7948864": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/ClaimsMonitoringInstanceTaskLogs4E0D4FA5": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/ClaimsMonitoringTopic9367AD5C": ("AWS::SNS::Topic", None, None),
        "Migration/ClaimsPauserLogsC0F5A02F": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsReplicationInstance11520FB5": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/ClaimsSecretFieldsLogs2CEFC29D": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/ClaimsSubnetGroup45D504CC": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/ClaimsTasksclaimsA6CB3BF5": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/LakeEndpointsmysql2D89C250": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeEndpointsmysqlCertificate04E62A0B": ("AWS::DMS::Certificate", None, None),
        "Migration/LakeEndpointsmysqlSecretC40012E2": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/LakeEndpointss33CEAB3FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/LakeKey391E0BC6": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/LakeMonitoringTaskorderstolakeLogs399399B7": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/LakeMonitoringTopic6D29FF51": ("AWS::SNS::Topic", None, None),
        "Migration/LakeSecretFieldsLogs59576D0E": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/LakeSubnetGroupE142D2E3": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/LakeTasksorderstolakeD6E7DEA6": ("AWS::DMS::ReplicationConfig", None, None),
        "Migration/NetworkFlowLogGroup4F8CEEEF": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/NetworkKeyCB21031E": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/NetworkS3PrefixListLogs5DDE07CE": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersEndpointsaurora5E8AC4FA": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsauroraCertificate994B6CCA": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysql9ED23A10": ("AWS::DMS::Endpoint", None, None),
        "Migration/OrdersEndpointsmysqlCertificate4E64EE7D": ("AWS::DMS::Certificate", None, None),
        "Migration/OrdersEndpointsmysqlSecretBE3676B6": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/OrdersKeyFB6E0812": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/OrdersMonitoringInstanceTaskLogs3179D067": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/OrdersMonitoringTopic8540CF42": ("AWS::SNS::Topic", None, None),
        "Migration/OrdersPauserLogs3344BAB1": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersReplicationInstance78E40215": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/OrdersSecretFieldsLogs14E61B59": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/OrdersSubnetGroupE7C94A3D": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/OrdersTaskscustomers2946D19E": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/OrdersTasksorderscdc26BEDEEC": ("AWS::DMS::ReplicationTask", None, None),
        "Migration/PosEndpointsrdssqlserverA543689B": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserver02FA34AB": ("AWS::DMS::Endpoint", None, None),
        "Migration/PosEndpointssqlserverSecret6EFB1570": ("AWS::SecretsManager::Secret", "Retain", "Retain"),
        "Migration/PosKeyB6A23C3C": ("AWS::KMS::Key", "Retain", "Retain"),
        "Migration/PosMonitoringInstanceTaskLogs31738F5A": ("AWS::Logs::LogGroup", "RetainExceptOnCreate", "Retain"),
        "Migration/PosMonitoringTopicF300F848": ("AWS::SNS::Topic", None, None),
        "Migration/PosPauserLogsDE579D65": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosReplicationInstance98B8E56D": ("AWS::DMS::ReplicationInstance", None, None),
        "Migration/PosSecretFieldsLogs18DF5D1D": ("AWS::Logs::LogGroup", "Retain", "Retain"),
        "Migration/PosSubnetGroupDC26CC95": ("AWS::DMS::ReplicationSubnetGroup", None, None),
        "Migration/PosTaskspos1ABAC2B2": ("AWS::DMS::ReplicationTask", None, None),
    },
}

STATEFUL_TYPES = {
    "AWS::KMS::Key", "AWS::SecretsManager::Secret", "AWS::Logs::LogGroup", "AWS::S3::Bucket", "AWS::SNS::Topic",
    "AWS::DMS::ReplicationInstance", "AWS::DMS::Endpoint", "AWS::DMS::ReplicationTask", "AWS::DMS::ReplicationConfig",
    "AWS::DMS::Certificate", "AWS::DMS::ReplicationSubnetGroup",
}


@pytest.fixture(scope="module")
def templates(reference_app) -> dict[str, dict[str, dict]]:
    _, stages, _ = reference_app
    return {stage.config.name: {s.stack_name.split("-", 1)[1]: s.template for s in stage.synth().stacks} for stage in stages}


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
