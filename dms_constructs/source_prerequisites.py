"""What a source database must have before DMS can migrate it, per engine family: pure data with the DMS
user guide page each fact comes from, read by the runbook (`cli/runbook.py`). No CDK import."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourcePrerequisites:
    """One engine family's source preparation.

    :param label: the family as the runbook names it.
    :param guide: the DMS user guide page (title) the facts come from.
    :param cdc: settings that change data capture (CDC) needs on the source.
    :param privileges: what the DMS user needs on the source.
    """

    label: str
    guide: str
    cdc: tuple[str, ...]
    privileges: tuple[str, ...]


# DMS EngineName -> family (the families of endpoints.py).
ENGINE_FAMILY: dict[str, str] = {
    "mysql": "mysql",
    "mariadb": "mysql",
    "aurora": "mysql",
    "postgres": "postgres",
    "aurora-postgresql": "postgres",
    "oracle": "oracle",
    "sqlserver": "sqlserver",
}

PREREQUISITES: dict[str, SourcePrerequisites] = {
    # DMS user guide, "Using a MySQL-compatible database as a source for AWS DMS".
    "mysql": SourcePrerequisites(
        label="MySQL-compatible (MySQL, MariaDB, Aurora MySQL)",
        guide="Using a MySQL-compatible database as a source for AWS DMS",
        cdc=(
            "Binary logging on (`log_bin`), `binlog_format = ROW`, `binlog_row_image = FULL`, and "
            "`binlog_checksum = NONE` on versions that DMS requires it for.",
            "Binary logs kept long enough for DMS to read them after an interruption: `expire_logs_days` / "
            "`binlog_expire_logs_seconds` of at least one day on self-managed servers; on RDS and Aurora "
            "`call mysql.rds_set_configuration('binlog retention hours', 24);` (automated backups on).",
            "On a read replica source: `log_slave_updates` (`log_replica_updates`) on.",
        ),
        privileges=(
            "`REPLICATION CLIENT` and `REPLICATION SLAVE` (CDC), on `*.*`.",
            "`SELECT` on the migrated tables.",
        ),
    ),
    # DMS user guide, "Using a PostgreSQL database as an AWS DMS source".
    "postgres": SourcePrerequisites(
        label="PostgreSQL (PostgreSQL, Aurora PostgreSQL)",
        guide="Using a PostgreSQL database as an AWS DMS source",
        cdc=(
            "Logical replication: `wal_level = logical` on self-managed servers; on RDS and Aurora "
            "`rds.logical_replication = 1` in the parameter group (a reboot applies it).",
            "`max_replication_slots` and `max_wal_senders` at least the number of DMS tasks plus other "
            "replication; `wal_sender_timeout` of at least 10 seconds (or 0).",
            "Every replicated table has a primary key (updates and deletes of tables without one are not "
            "captured).",
        ),
        privileges=(
            "Self-managed: a superuser, or the REPLICATION attribute plus `SELECT` on the migrated tables.",
            "RDS and Aurora: a member of `rds_superuser` (for the replication slot) with `SELECT` on the tables.",
        ),
    ),
    # DMS user guide, "Using an Oracle database as a source for AWS DMS".
    "oracle": SourcePrerequisites(
        label="Oracle",
        guide="Using an Oracle database as a source for AWS DMS",
        cdc=(
            "ARCHIVELOG mode (`ALTER DATABASE ARCHIVELOG;`), with archived redo logs kept long enough for "
            "DMS to read them (RDS: `rdsadmin.rdsadmin_util.set_configuration('archivelog retention hours', 24)`).",
            "Database-level minimal supplemental logging (`ALTER DATABASE ADD SUPPLEMENTAL LOG DATA;`) and "
            "primary-key supplemental logging for every replicated table (or `addSupplementalLogging=Y` on "
            "the endpoint).",
            "LogMiner (default) or Binary Reader (`useLogMinerReader=N`) for reading the redo logs.",
        ),
        privileges=(
            "`CREATE SESSION`, `SELECT ANY TRANSACTION`, `SELECT` on the `V_$LOGMNR_*`, `V_$ARCHIVED_LOG`, "
            "`V_$LOG`, `V_$LOGFILE`, `V_$DATABASE`, `V_$TRANSACTION` and related views, `EXECUTE` on "
            "`DBMS_LOGMNR` (LogMiner), and `SELECT` on the migrated tables (or `SELECT ANY TABLE`).",
        ),
    ),
    # DMS user guide, "Using a Microsoft SQL Server database as a source for AWS DMS".
    "sqlserver": SourcePrerequisites(
        label="Microsoft SQL Server",
        guide="Using a Microsoft SQL Server database as a source for AWS DMS",
        cdc=(
            "The database in the FULL recovery model, with a full backup taken.",
            "Tables with a primary key: MS-Replication (a distributor configured and publications, which DMS "
            "creates when its user is `sysadmin`); tables without one: MS-CDC "
            "(`exec sys.sp_cdc_enable_db;` and `exec sys.sp_cdc_enable_table ...` per table). On RDS: "
            "`exec msdb.dbo.rds_cdc_enable_db '<database>';` and MS-CDC for every table.",
            "Transaction log backups kept until DMS has read them (`pollingInterval`, "
            "`exec sys.sp_cdc_change_job @job_type = 'capture', @pollinginterval = 3599` on RDS).",
        ),
        privileges=(
            "Self-managed with MS-Replication: `sysadmin`; otherwise `db_owner` on the database and "
            "`VIEW SERVER STATE`, `SELECT` on `sys.fn_dblog` and the migrated tables.",
            "RDS: the master user, or a user with `db_owner` and the grants the guide lists for RDS sources.",
        ),
    ),
}


def prerequisites_for(engine_name: str) -> SourcePrerequisites | None:
    """The source preparation for a DMS engine name (`aurora`, `postgres`, ...); None for engines
    without CDC preparation here (S3, Redshift, ...)."""
    family = ENGINE_FAMILY.get(engine_name)
    return PREREQUISITES.get(family) if family else None
