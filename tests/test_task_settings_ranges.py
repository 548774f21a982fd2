"""The range of every numeric DMS task setting, written out: one exact message for a value just outside
it, and both ends accepted. The bounds come from the DMS user guide's task-settings pages ("Target
metadata task settings", "Full-load task settings", "Change processing tuning settings", "Data validation
task settings", "Error handling task settings", ...), as recorded in `task_settings.py`; a change to any
bound in the library fails here until this table is changed too."""

from __future__ import annotations

import pytest

from dms_constructs.errors import DmsConfigError
from dms_constructs.task_settings import SCHEMA, TaskSettings, _Int

OUT_OF_RANGE = [
    ("TargetMetadata", "LobChunkSize", -1, "TaskSettings.TargetMetadata.LobChunkSize: must be at least 0 (got -1); choose a value of at least 0"),
    ("TargetMetadata", "LobMaxSize", -1, "TaskSettings.TargetMetadata.LobMaxSize: must be between 0 and 102400 (got -1); choose a value in 0..102400"),
    ("TargetMetadata", "LobMaxSize", 102401, "TaskSettings.TargetMetadata.LobMaxSize: must be between 0 and 102400 (got 102401); choose a value in 0..102400"),
    ("TargetMetadata", "InlineLobMaxSize", -1, "TaskSettings.TargetMetadata.InlineLobMaxSize: must be between 0 and 102400 (got -1); choose a value in 0..102400"),
    ("TargetMetadata", "InlineLobMaxSize", 102401, "TaskSettings.TargetMetadata.InlineLobMaxSize: must be between 0 and 102400 (got 102401); choose a value in 0..102400"),
    ("TargetMetadata", "LoadMaxFileSize", -1, "TaskSettings.TargetMetadata.LoadMaxFileSize: must be between 0 and 100000 (got -1); choose a value in 0..100000"),
    ("TargetMetadata", "LoadMaxFileSize", 100001, "TaskSettings.TargetMetadata.LoadMaxFileSize: must be between 0 and 100000 (got 100001); choose a value in 0..100000"),
    ("TargetMetadata", "ParallelLoadThreads", -1, "TaskSettings.TargetMetadata.ParallelLoadThreads: must be between 0 and 200 (got -1); choose a value in 0..200"),
    ("TargetMetadata", "ParallelLoadThreads", 201, "TaskSettings.TargetMetadata.ParallelLoadThreads: must be between 0 and 200 (got 201); choose a value in 0..200"),
    ("TargetMetadata", "ParallelLoadBufferSize", -1, "TaskSettings.TargetMetadata.ParallelLoadBufferSize: must be between 0 and 1000 (got -1); choose a value in 0..1000"),
    ("TargetMetadata", "ParallelLoadBufferSize", 1001, "TaskSettings.TargetMetadata.ParallelLoadBufferSize: must be between 0 and 1000 (got 1001); choose a value in 0..1000"),
    ("TargetMetadata", "ParallelLoadQueuesPerThread", -1, "TaskSettings.TargetMetadata.ParallelLoadQueuesPerThread: must be between 0 and 512 (got -1); choose a value in 0..512"),
    ("TargetMetadata", "ParallelLoadQueuesPerThread", 513, "TaskSettings.TargetMetadata.ParallelLoadQueuesPerThread: must be between 0 and 512 (got 513); choose a value in 0..512"),
    ("TargetMetadata", "ParallelApplyThreads", -1, "TaskSettings.TargetMetadata.ParallelApplyThreads: must be between 0 and 32 (got -1); choose a value in 0..32"),
    ("TargetMetadata", "ParallelApplyThreads", 33, "TaskSettings.TargetMetadata.ParallelApplyThreads: must be between 0 and 32 (got 33); choose a value in 0..32"),
    ("TargetMetadata", "ParallelApplyBufferSize", -1, "TaskSettings.TargetMetadata.ParallelApplyBufferSize: must be between 0 and 1000 (got -1); choose a value in 0..1000"),
    ("TargetMetadata", "ParallelApplyBufferSize", 1001, "TaskSettings.TargetMetadata.ParallelApplyBufferSize: must be between 0 and 1000 (got 1001); choose a value in 0..1000"),
    ("TargetMetadata", "ParallelApplyQueuesPerThread", -1, "TaskSettings.TargetMetadata.ParallelApplyQueuesPerThread: must be between 0 and 512 (got -1); choose a value in 0..512"),
    ("TargetMetadata", "ParallelApplyQueuesPerThread", 513, "TaskSettings.TargetMetadata.ParallelApplyQueuesPerThread: must be between 0 and 512 (got 513); choose a value in 0..512"),
    ("FullLoadSettings", "MaxFullLoadSubTasks", 0, "TaskSettings.FullLoadSettings.MaxFullLoadSubTasks: must be between 1 and 49 (got 0); choose a value in 1..49"),
    ("FullLoadSettings", "MaxFullLoadSubTasks", 50, "TaskSettings.FullLoadSettings.MaxFullLoadSubTasks: must be between 1 and 49 (got 50); choose a value in 1..49"),
    ("FullLoadSettings", "TransactionConsistencyTimeout", -1, "TaskSettings.FullLoadSettings.TransactionConsistencyTimeout: must be at least 0 (got -1); choose a value of at least 0"),
    ("FullLoadSettings", "CommitRate", 0, "TaskSettings.FullLoadSettings.CommitRate: must be between 1 and 50000 (got 0); choose a value in 1..50000"),
    ("FullLoadSettings", "CommitRate", 50001, "TaskSettings.FullLoadSettings.CommitRate: must be between 1 and 50000 (got 50001); choose a value in 1..50000"),
    ("ControlTablesSettings", "HistoryTimeslotInMinutes", 0, "TaskSettings.ControlTablesSettings.HistoryTimeslotInMinutes: must be at least 1 (got 0); choose a value of at least 1"),
    ("ControlTablesSettings", "historyTimeslotInMinutes", 0, "TaskSettings.ControlTablesSettings.historyTimeslotInMinutes: must be at least 1 (got 0); choose a value of at least 1"),
    ("StreamBufferSettings", "StreamBufferCount", 0, "TaskSettings.StreamBufferSettings.StreamBufferCount: must be at least 1 (got 0); choose a value of at least 1"),
    ("StreamBufferSettings", "StreamBufferSizeInMB", 0, "TaskSettings.StreamBufferSettings.StreamBufferSizeInMB: must be at least 1 (got 0); choose a value of at least 1"),
    ("StreamBufferSettings", "CtrlStreamBufferSizeInMB", 0, "TaskSettings.StreamBufferSettings.CtrlStreamBufferSizeInMB: must be at least 1 (got 0); choose a value of at least 1"),
    ("ChangeProcessingTuning", "BatchApplyTimeoutMin", -1, "TaskSettings.ChangeProcessingTuning.BatchApplyTimeoutMin: must be at least 0 (got -1); choose a value of at least 0"),
    ("ChangeProcessingTuning", "BatchApplyTimeoutMax", 0, "TaskSettings.ChangeProcessingTuning.BatchApplyTimeoutMax: must be at least 1 (got 0); choose a value of at least 1"),
    ("ChangeProcessingTuning", "BatchApplyMemoryLimit", 0, "TaskSettings.ChangeProcessingTuning.BatchApplyMemoryLimit: must be at least 1 (got 0); choose a value of at least 1"),
    ("ChangeProcessingTuning", "BatchSplitSize", -1, "TaskSettings.ChangeProcessingTuning.BatchSplitSize: must be at least 0 (got -1); choose a value of at least 0"),
    ("ChangeProcessingTuning", "MinTransactionSize", -1, "TaskSettings.ChangeProcessingTuning.MinTransactionSize: must be at least 0 (got -1); choose a value of at least 0"),
    ("ChangeProcessingTuning", "CommitTimeout", -1, "TaskSettings.ChangeProcessingTuning.CommitTimeout: must be at least 0 (got -1); choose a value of at least 0"),
    ("ChangeProcessingTuning", "MemoryLimitTotal", 0, "TaskSettings.ChangeProcessingTuning.MemoryLimitTotal: must be at least 1 (got 0); choose a value of at least 1"),
    ("ChangeProcessingTuning", "MemoryKeepTime", -1, "TaskSettings.ChangeProcessingTuning.MemoryKeepTime: must be at least 0 (got -1); choose a value of at least 0"),
    ("ChangeProcessingTuning", "StatementCacheSize", -1, "TaskSettings.ChangeProcessingTuning.StatementCacheSize: must be at least 0 (got -1); choose a value of at least 0"),
    ("ChangeProcessingTuning", "RecoveryTimeout", -2, "TaskSettings.ChangeProcessingTuning.RecoveryTimeout: must be at least -1 (got -2); choose a value of at least -1"),
    ("ValidationSettings", "ThreadCount", 0, "TaskSettings.ValidationSettings.ThreadCount: must be at least 1 (got 0); choose a value of at least 1"),
    ("ValidationSettings", "PartitionSize", 0, "TaskSettings.ValidationSettings.PartitionSize: must be at least 1 (got 0); choose a value of at least 1"),
    ("ValidationSettings", "FailureMaxCount", 0, "TaskSettings.ValidationSettings.FailureMaxCount: must be at least 1 (got 0); choose a value of at least 1"),
    ("ValidationSettings", "TableFailureMaxCount", 0, "TaskSettings.ValidationSettings.TableFailureMaxCount: must be at least 1 (got 0); choose a value of at least 1"),
    ("ValidationSettings", "RecordFailureDelayInMinutes", -1, "TaskSettings.ValidationSettings.RecordFailureDelayInMinutes: must be at least 0 (got -1); choose a value of at least 0"),
    ("ValidationSettings", "RecordSuspendDelayInMinutes", -1, "TaskSettings.ValidationSettings.RecordSuspendDelayInMinutes: must be at least 0 (got -1); choose a value of at least 0"),
    ("ValidationSettings", "RecordFailureDelayLimitInMinutes", -1, "TaskSettings.ValidationSettings.RecordFailureDelayLimitInMinutes: must be at least 0 (got -1); choose a value of at least 0"),
    ("ValidationSettings", "MaxKeyColumnSize", 0, "TaskSettings.ValidationSettings.MaxKeyColumnSize: must be at least 1 (got 0); choose a value of at least 1"),
    ("ValidationSettings", "ValidationPartialLobSize", -1, "TaskSettings.ValidationSettings.ValidationPartialLobSize: must be at least 0 (got -1); choose a value of at least 0"),
    ("ValidationSettings", "ValidationQueryCdcDelaySeconds", -1, "TaskSettings.ValidationSettings.ValidationQueryCdcDelaySeconds: must be at least 0 (got -1); choose a value of at least 0"),
    ("ErrorBehavior", "DataErrorEscalationCount", -1, "TaskSettings.ErrorBehavior.DataErrorEscalationCount: must be at least 0 (got -1); choose a value of at least 0"),
    ("ErrorBehavior", "TableErrorEscalationCount", -1, "TaskSettings.ErrorBehavior.TableErrorEscalationCount: must be at least 0 (got -1); choose a value of at least 0"),
    ("ErrorBehavior", "RecoverableErrorCount", -2, "TaskSettings.ErrorBehavior.RecoverableErrorCount: must be at least -1 (got -2); choose a value of at least -1"),
    ("ErrorBehavior", "RecoverableErrorInterval", 0, "TaskSettings.ErrorBehavior.RecoverableErrorInterval: must be at least 1 (got 0); choose a value of at least 1"),
    ("ErrorBehavior", "RecoverableErrorThrottlingMax", 0, "TaskSettings.ErrorBehavior.RecoverableErrorThrottlingMax: must be at least 1 (got 0); choose a value of at least 1"),
    ("ErrorBehavior", "ApplyErrorEscalationCount", -1, "TaskSettings.ErrorBehavior.ApplyErrorEscalationCount: must be at least 0 (got -1); choose a value of at least 0"),
]

#: Both ends of each range, accepted (the lower end alone where there is no upper one). LobMaxSize 0 is in
#: range but refused in limited LOB mode (see test_task_settings.py), so it is tried in full LOB mode.
IN_RANGE = [
    ("TargetMetadata", "LobChunkSize", 0),
    ("TargetMetadata", "LobMaxSize", 0),
    ("TargetMetadata", "LobMaxSize", 102400),
    ("TargetMetadata", "InlineLobMaxSize", 0),
    ("TargetMetadata", "InlineLobMaxSize", 102400),
    ("TargetMetadata", "LoadMaxFileSize", 0),
    ("TargetMetadata", "LoadMaxFileSize", 100000),
    ("TargetMetadata", "ParallelLoadThreads", 0),
    ("TargetMetadata", "ParallelLoadThreads", 200),
    ("TargetMetadata", "ParallelLoadBufferSize", 0),
    ("TargetMetadata", "ParallelLoadBufferSize", 1000),
    ("TargetMetadata", "ParallelLoadQueuesPerThread", 0),
    ("TargetMetadata", "ParallelLoadQueuesPerThread", 512),
    ("TargetMetadata", "ParallelApplyThreads", 0),
    ("TargetMetadata", "ParallelApplyThreads", 32),
    ("TargetMetadata", "ParallelApplyBufferSize", 0),
    ("TargetMetadata", "ParallelApplyBufferSize", 1000),
    ("TargetMetadata", "ParallelApplyQueuesPerThread", 0),
    ("TargetMetadata", "ParallelApplyQueuesPerThread", 512),
    ("FullLoadSettings", "MaxFullLoadSubTasks", 1),
    ("FullLoadSettings", "MaxFullLoadSubTasks", 49),
    ("FullLoadSettings", "TransactionConsistencyTimeout", 0),
    ("FullLoadSettings", "CommitRate", 1),
    ("FullLoadSettings", "CommitRate", 50000),
    ("ControlTablesSettings", "HistoryTimeslotInMinutes", 1),
    ("ControlTablesSettings", "historyTimeslotInMinutes", 1),
    ("StreamBufferSettings", "StreamBufferCount", 1),
    ("StreamBufferSettings", "StreamBufferSizeInMB", 1),
    ("StreamBufferSettings", "CtrlStreamBufferSizeInMB", 1),
    ("ChangeProcessingTuning", "BatchApplyTimeoutMin", 0),
    ("ChangeProcessingTuning", "BatchApplyTimeoutMax", 1),
    ("ChangeProcessingTuning", "BatchApplyMemoryLimit", 1),
    ("ChangeProcessingTuning", "BatchSplitSize", 0),
    ("ChangeProcessingTuning", "MinTransactionSize", 0),
    ("ChangeProcessingTuning", "CommitTimeout", 0),
    ("ChangeProcessingTuning", "MemoryLimitTotal", 1),
    ("ChangeProcessingTuning", "MemoryKeepTime", 0),
    ("ChangeProcessingTuning", "StatementCacheSize", 0),
    ("ChangeProcessingTuning", "RecoveryTimeout", -1),
    ("ValidationSettings", "ThreadCount", 1),
    ("ValidationSettings", "PartitionSize", 1),
    ("ValidationSettings", "FailureMaxCount", 1),
    ("ValidationSettings", "TableFailureMaxCount", 1),
    ("ValidationSettings", "RecordFailureDelayInMinutes", 0),
    ("ValidationSettings", "RecordSuspendDelayInMinutes", 0),
    ("ValidationSettings", "RecordFailureDelayLimitInMinutes", 0),
    ("ValidationSettings", "MaxKeyColumnSize", 1),
    ("ValidationSettings", "ValidationPartialLobSize", 0),
    ("ValidationSettings", "ValidationQueryCdcDelaySeconds", 0),
    ("ErrorBehavior", "DataErrorEscalationCount", 0),
    ("ErrorBehavior", "TableErrorEscalationCount", 0),
    ("ErrorBehavior", "RecoverableErrorCount", -1),
    ("ErrorBehavior", "RecoverableErrorInterval", 1),
    ("ErrorBehavior", "RecoverableErrorThrottlingMax", 1),
    ("ErrorBehavior", "ApplyErrorEscalationCount", 0),
]

_ALLOWING = {("TargetMetadata", "LobMaxSize", 0): {"FullLobMode": True, "LimitedSizeLobMode": False, "LobChunkSize": 64}}


@pytest.mark.parametrize("section, key, value, message", OUT_OF_RANGE, ids=[f"{s}.{k}={v}" for s, k, v, _ in OUT_OF_RANGE])
def test_a_value_just_outside_a_settings_range_is_refused(section, key, value, message):
    with pytest.raises(DmsConfigError) as error:
        TaskSettings(overrides={section: {key: value}})
    assert str(error.value) == message


@pytest.mark.parametrize("section, key, value", IN_RANGE, ids=[f"{s}.{k}={v}" for s, k, v in IN_RANGE])
def test_both_ends_of_a_settings_range_are_accepted(section, key, value):
    body = {**_ALLOWING.get((section, key, value), {}), key: value}
    assert TaskSettings(overrides={section: body}).to_dict()[section][key] == value


def test_every_numeric_setting_is_in_the_tables():
    """A numeric setting added to the schema needs its range written out here."""
    numeric = {(s, k) for s, body in SCHEMA.fields.items() if hasattr(body, "fields") for k, spec in body.fields.items() if isinstance(spec, _Int)}
    assert {(s, k) for s, k, *_ in OUT_OF_RANGE} == {(s, k) for s, k, _ in IN_RANGE} == numeric
    assert len(numeric) == 44
