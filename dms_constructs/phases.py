"""The phase a migration wave is in, declared in code: cutover and retirement are deployed like any
other change (reviewed, approved) instead of console clicks that are forgotten. Pure Python."""

from __future__ import annotations

import enum


class MigrationPhase(str, enum.Enum):
    """Where a wave is in its life (`MigrationWave(phase=...)`).

    - `MIGRATING`: everything the migration needs, tasks running or ready to start.
    - `CUT_OVER`: the applications write to the target. A custom resource stops the wave's tasks and
      waits until they are stopped; task alarms no longer page (their actions are disabled); generated
      secrets with rotation are rotated once on entry. The instance, endpoints and network stay, so that
      a rollback (back to `MIGRATING`, then resume the tasks) needs nothing recreated.
    - `RETIRED`: tasks, endpoints, the replication instance or serverless configs, starters and the wave's
      own network are deleted; logs, the migration log, keys and generated secrets stay, per the wave's
      removal policy, under the same construct ids. Retire a wave after CUT_OVER: DMS does not delete a
      running task, and CloudFormation deletes tasks, then endpoints, then the instance, then the subnet group.
    """

    MIGRATING = "MIGRATING"
    CUT_OVER = "CUT_OVER"
    RETIRED = "RETIRED"
