"""Typed configuration of each environment of the reference app, and of its delivery pipeline.

Accounts, regions and zones here are placeholders: replace them, or override them per run with CDK
context, e.g. `-c prod.account=123456789012 -c prod.region=eu-central-1
-c prod.availability_zones=eu-central-1a,eu-central-1b`, or `-c pipeline.account=123456789012`.
The pipeline synthesizes from the repository with no `-c` flags: what it deploys must be committed here.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_logs as logs

from dms_constructs import AlarmThresholds, DmsConfigError, MigrationPhase
from dms_constructs.errors import fail


class ServiceRolesMode(str, enum.Enum):
    """How an environment's account gets the DMS service roles `dms-vpc-role` and `dms-cloudwatch-logs-role`."""

    CREATE = "create"
    """The account baseline stack creates them (kept when the stack is deleted). Fails in an account where
    they exist already, e.g. because someone used DMS in the console."""
    IMPORT = "import"
    """They exist already: nothing creates them (the baseline stack holds nothing for them) and the
    migration stack imports them by name."""


@dataclass(frozen=True)
class NetworkConfig:
    """How an environment's DMS subnets reach its databases. Every id here is a placeholder: replace
    them with your transit gateway, application VPC and route tables, and name servers.

    :param transit_gateway_id: the gateway that carries the on-premises networks (Direct Connect/VPN).
    :param on_premises_networks: the networks behind it that hold source databases.
    :param on_premises_domains: DNS domains only the on-premises name servers resolve.
    :param on_premises_name_servers: those name servers (inside `on_premises_networks`).
    :param application_vpc_id: the VPC of the RDS/Aurora targets, peered with the DMS VPC.
    :param application_vpc_cidr: its network.
    :param application_route_table_ids: its route tables that get the route back to the DMS VPC.
    """

    transit_gateway_id: str
    on_premises_networks: tuple[str, ...]
    on_premises_domains: tuple[str, ...]
    on_premises_name_servers: tuple[str, ...]
    application_vpc_id: str
    application_vpc_cidr: str
    application_route_table_ids: tuple[str, ...]


def _network(env_index: int, name: str) -> NetworkConfig:
    """Placeholder network of one environment: on premises 10.50-10.53/16 behind a transit gateway, the
    application VPC 10.3<n>.0.0/16 peered."""
    return NetworkConfig(
        transit_gateway_id=f"tgw-0{env_index}00000000000000a",
        on_premises_networks=("10.50.0.0/16", "10.51.0.0/16", "10.52.0.0/16", "10.53.0.0/16"),
        on_premises_domains=(f"{name}.corp.example.com",),
        on_premises_name_servers=("10.50.0.2", "10.50.0.3"),
        application_vpc_id=f"vpc-0{env_index}00000000000000a",
        application_vpc_cidr=f"10.3{env_index}.0.0/16",
        application_route_table_ids=(f"rtb-0{env_index}00000000000000a", f"rtb-0{env_index}00000000000000b"),
    )


_PRINCIPAL_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:(root|role/[\w+=,.@/-]+|user/[\w+=,.@/-]+)")


@dataclass(frozen=True)
class OperatorAccess:
    """Who may assume an environment's operator roles: `<env>-migration-admin-dms` (runs the waves' tasks:
    start, stop, reload, assessments, connection tests; and watches) and `<env>-migration-viewer-dms`
    (watches: describe, metrics, alarms, dashboards, task logs; never secrets) -- the guide's separation of
    who changes tasks from who watches them (seed DMS guide, "IAM/security best practices": separate
    "migration admin" from "migration viewer" roles). Neither may create, modify or delete DMS resources:
    changes go through the pipeline.

    :param admin_principals: IAM ARNs (account root, role or user) trusted to assume the admin role.
        Default: none, i.e. the environment's account root (whoever the account's own IAM policies let
        call sts:AssumeRole on it).
    :param viewer_principals: the same for the viewer role. Default: the account root.
    :param require_mfa: trust only sessions signed in with MFA (`aws:MultiFactorAuthPresent`). Turn off
        for principals that assume roles without MFA context (e.g. IAM Identity Center permission sets).
        Default: True.
    """

    admin_principals: tuple[str, ...] = ()
    viewer_principals: tuple[str, ...] = ()
    require_mfa: bool = True

    def __post_init__(self) -> None:
        for field in ("admin_principals", "viewer_principals"):
            for arn in getattr(self, field):
                if not _PRINCIPAL_ARN.fullmatch(arn):
                    fail(f"OperatorAccess.{field}", arn, "is not an IAM account root, role or user ARN",
                         "use e.g. 'arn:aws:iam::123456789012:role/dba-oncall'")


@dataclass(frozen=True)
class EnvironmentConfig:
    """One deployment environment: where it goes, how big it is, how carefully it is kept.

    :param service_roles: whether the account baseline creates the DMS service roles or they exist
        already (`-c <env>.service_roles=import`). Default: `ServiceRolesMode.CREATE`.
    :param pause_tasks_during_updates: stop running instance tasks before a deploy changes them or their
        endpoints and resume them after (`MigrationWave(pause_tasks_during_updates=...)`). Default: False.
    :param operators: who may assume the environment's migration admin and viewer roles. Default:
        `OperatorAccess()` (the account root, with MFA).
    :param verify_connections: test every endpoint's connection from the replication instance at deploy time
        (`MigrationWave(verify_connections=...)`; instance waves only). Default: False.
    :param premigration_assessments: give every task a pre-migration assessment: an instance task is assessed once
        after it is created (`add_task(..., assessment=PremigrationAssessment())`); a serverless task as part of its
        first start (started by the deploy, or by the runbook's command). Default: False.
    :param phase: the phase of the environment's waves (`MigrationWave(phase=...)`): `MigrationPhase.MIGRATING`,
        `CUT_OVER` (the deploy stops the tasks) or `RETIRED` (the deploy deletes them, their endpoints and capacity).
        Changed here, committed and deployed through the pipeline (reviewed, and approved before prod), never on a
        command line. A phase name as text (e.g. "CUT_OVER") is accepted. Default: `MigrationPhase.MIGRATING`.
    """

    name: str
    account: str
    region: str
    availability_zones: tuple[str, ...]
    vpc_cidr: str
    instance_class: str
    allocated_storage_gib: int
    multi_az: bool
    removal_policy: RemovalPolicy
    termination_protection: bool
    log_retention: logs.RetentionDays
    owner: str
    cost_center: str
    network: NetworkConfig
    serverless_max_capacity_units: int = 16
    alarms: AlarmThresholds = dataclasses.field(default_factory=AlarmThresholds)
    alarm_emails: tuple[str, ...] = ()
    single_az_reason: Optional[str] = None
    service_roles: ServiceRolesMode = ServiceRolesMode.CREATE
    pause_tasks_during_updates: bool = False
    operators: OperatorAccess = dataclasses.field(default_factory=OperatorAccess)
    verify_connections: bool = False
    premigration_assessments: bool = False
    phase: MigrationPhase = MigrationPhase.MIGRATING

    def __post_init__(self) -> None:
        if not isinstance(self.phase, MigrationPhase):
            try:  # a phase written as text
                object.__setattr__(self, "phase", MigrationPhase(str(self.phase).strip().upper()))
            except ValueError:
                fail(f"{self.name}.phase", self.phase, "is not a migration phase",
                     "use MigrationPhase.MIGRATING, MigrationPhase.CUT_OVER or MigrationPhase.RETIRED in stacks/config.py")
        if not isinstance(self.service_roles, ServiceRolesMode):
            try:  # a context override arrives as text
                object.__setattr__(self, "service_roles", ServiceRolesMode(str(self.service_roles).strip().lower()))
            except ValueError:
                raise DmsConfigError(
                    f"{self.name}.service_roles: is not a service roles mode (got {self.service_roles!r}); use create "
                    f"(the account baseline creates dms-vpc-role and dms-cloudwatch-logs-role) or import (they exist "
                    f"already), e.g. -c {self.name}.service_roles=import"
                ) from None
        if not re.fullmatch(r"\d{12}", self.account):
            raise DmsConfigError(
                f"{self.name}.account: is not a 12-digit AWS account id (got {self.account!r}); "
                f"set it in stacks/config.py or with -c {self.name}.account=123456789012"
            )
        if not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d", self.region):
            raise DmsConfigError(
                f"{self.name}.region: is not an AWS region (got {self.region!r}); "
                f"use e.g. eu-west-1, or -c {self.name}.region=eu-west-1"
            )


_COMMON = dict(owner="platform-data@example.com", cost_center="CC-1234", vpc_cidr="10.20.0.0/16")

ENVIRONMENTS: dict[str, EnvironmentConfig] = {
    "dev": EnvironmentConfig(
        name="dev",
        network=_network(0, "dev"),
        account="111111111111",
        region="eu-west-1",
        availability_zones=("eu-west-1a", "eu-west-1b"),
        instance_class="dms.t3.medium",
        allocated_storage_gib=50,
        multi_az=False,
        single_az_reason="dev rehearses migrations on copies of data; an AZ outage only delays a rehearsal",
        removal_policy=RemovalPolicy.DESTROY,
        termination_protection=False,
        log_retention=logs.RetentionDays.ONE_YEAR,
        # Rehearsals tolerate lag; alarms still notify, but later.
        alarms=AlarmThresholds(cpu_utilization_percent=90, cdc_latency=Duration.minutes(30), evaluation_periods=6),
        # A wrong host, port, password or certificate fails the deploy, not the first rehearsal.
        verify_connections=True,
        phase=MigrationPhase.MIGRATING,
        **_COMMON,
    ),
    "staging": EnvironmentConfig(
        name="staging",
        network=_network(1, "staging"),
        account="222222222222",
        region="eu-west-1",
        availability_zones=("eu-west-1a", "eu-west-1b"),
        instance_class="dms.r6i.large",
        allocated_storage_gib=100,
        multi_az=True,
        removal_policy=RemovalPolicy.RETAIN,
        termination_protection=False,
        log_retention=logs.RetentionDays.ONE_YEAR,
        # Running tasks are stopped before a deploy changes them and resumed after it.
        pause_tasks_during_updates=True,
        verify_connections=True,
        # Staging rehearses prod: every new task is assessed before anyone starts it.
        premigration_assessments=True,
        phase=MigrationPhase.MIGRATING,
        **_COMMON,
    ),
    "prod": EnvironmentConfig(
        name="prod",
        network=_network(2, "prod"),
        account="333333333333",
        region="eu-west-1",
        availability_zones=("eu-west-1a", "eu-west-1b", "eu-west-1c"),
        instance_class="dms.r6i.xlarge",
        allocated_storage_gib=200,
        multi_az=True,
        removal_policy=RemovalPolicy.RETAIN,
        termination_protection=True,
        log_retention=logs.RetentionDays.TWO_YEARS,
        alarms=AlarmThresholds(cpu_utilization_percent=75, free_storage_percent=25, cdc_latency=Duration.minutes(5)),
        alarm_emails=("dms-oncall@example.com",),
        pause_tasks_during_updates=True,
        premigration_assessments=True,
        # Cut over and retire by changing this and deploying (reviewed, approved before prod).
        phase=MigrationPhase.MIGRATING,
        **_COMMON,
    ),
}

_OVERRIDABLE: dict[str, Callable[[str], Any]] = {
    "account": str,
    "region": str,
    "availability_zones": lambda v: tuple(z.strip() for z in v.split(",") if z.strip()),
    "vpc_cidr": str,
    "instance_class": str,
    "allocated_storage_gib": int,
    "owner": str,
    "cost_center": str,
    "service_roles": str,  # checked and converted to ServiceRolesMode by EnvironmentConfig
}


# Network placeholders overridable per run: `-c <env>.network.<field>=value`.
_NETWORK_OVERRIDABLE: dict[str, Callable[[str], Any]] = {
    "transit_gateway_id": str,
    "application_vpc_id": str,
    "application_vpc_cidr": str,
    "application_route_table_ids": lambda v: tuple(t.strip() for t in v.split(",") if t.strip()),
}


def environment_config(name: str, context: Callable[[str], Any]) -> EnvironmentConfig:
    """The built-in config of environment `name` with CDK-context overrides `<name>.<field>` applied."""
    if name not in ENVIRONMENTS:
        raise DmsConfigError(
            f"env: unknown environment (got {name!r}); use one of: {', '.join(ENVIRONMENTS)}"
        )
    overrides = {}
    for field, parse in _OVERRIDABLE.items():
        value = context(f"{name}.{field}")
        if value is not None:
            overrides[field] = parse(value) if isinstance(value, str) else value
    base = ENVIRONMENTS[name]
    network = {}
    for field, parse in _NETWORK_OVERRIDABLE.items():
        value = context(f"{name}.network.{field}")
        if value is not None:
            network[field] = parse(value) if isinstance(value, str) else value
    if network:
        overrides["network"] = dataclasses.replace(base.network, **network)
    return dataclasses.replace(base, **overrides) if overrides else base


# --- the delivery pipeline ---------------------------------------------------------------------------

_ACCOUNT = re.compile(r"\d{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d")
# CodeConnections ARNs; connections made before the 2024 rename keep the codestar-connections prefix.
_CONNECTION_ARN = re.compile(
    r"arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z]{2}(-[a-z]+)+-\d:\d{12}:connection/[0-9a-f-]{36}"
)
_REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class PipelineConfig:
    """Where the delivery pipeline lives and which repository it delivers. Every value here is a
    placeholder: replace it in this file (the pipeline builds from the repository, so its values must be
    committed, not given on a command line), or override it per run with `-c pipeline.<field>=value`.

    :param account: the tooling account that holds the pipeline, its artifact bucket and key.
    :param region: the tooling region.
    :param connection_arn: an AVAILABLE CodeConnections connection to the Git host, made once in the
        tooling account (Developer Tools > Settings > Connections; a connection created by CloudFormation
        stays PENDING until someone completes the handshake in the console).
    :param repository: the repository, `owner/name`, as the Git host spells it.
    :param branch: the branch whose pushes run the pipeline.
    :param approver_emails: who is told that a change waits for approval before prod. Default: none
        (the approval still waits; subscribe to the topic later).
    :param parallel_pre_production: deploy dev and staging at the same time. Default: False: dev first,
        staging only after dev deployed, so a change that fails to deploy never reaches staging.
    """

    account: str
    region: str
    connection_arn: str
    repository: str
    branch: str
    approver_emails: tuple[str, ...] = ()
    parallel_pre_production: bool = False

    def __post_init__(self) -> None:
        fix = "set it in stacks/config.py (PIPELINE) or with -c pipeline.{field}={example}"
        if not _ACCOUNT.fullmatch(self.account):
            fail("pipeline.account", self.account, "is not a 12-digit AWS account id",
                 fix.format(field="account", example="123456789012"))
        if not _REGION.fullmatch(self.region):
            fail("pipeline.region", self.region, "is not an AWS region", fix.format(field="region", example="eu-west-1"))
        if not _CONNECTION_ARN.fullmatch(self.connection_arn):
            fail("pipeline.connection_arn", self.connection_arn, "is not a CodeConnections connection ARN",
                 fix.format(field="connection_arn",
                            example="arn:aws:codeconnections:eu-west-1:123456789012:connection/<uuid>"))
        if not _REPOSITORY.fullmatch(self.repository):
            fail("pipeline.repository", self.repository, "is not a repository in the form owner/name",
                 fix.format(field="repository", example="my-org/dms-migrations"))
        if not self.branch.strip():
            fail("pipeline.branch", self.branch, "is empty", fix.format(field="branch", example="main"))


PIPELINE = PipelineConfig(
    account="444444444444",
    region="eu-west-1",
    connection_arn="arn:aws:codeconnections:eu-west-1:444444444444:connection/00000000-0000-0000-0000-000000000000",
    repository="example-org/dms-migrations",
    branch="main",
    approver_emails=("dms-approvers@example.com",),
)


def _flag(value: str) -> bool:
    if value.strip().lower() in ("true", "1", "yes"):
        return True
    if value.strip().lower() in ("false", "0", "no"):
        return False
    fail("pipeline.parallel_pre_production", value, "is not a boolean", "use true or false")


_PIPELINE_OVERRIDABLE: dict[str, Callable[[str], Any]] = {
    "account": str,
    "region": str,
    "connection_arn": str,
    "repository": str,
    "branch": str,
    "approver_emails": lambda v: tuple(e.strip() for e in v.split(",") if e.strip()),
    "parallel_pre_production": _flag,
}


def pipeline_config(context: Callable[[str], Any]) -> PipelineConfig:
    """The built-in pipeline config with CDK-context overrides `pipeline.<field>` applied."""
    overrides = {}
    for field, parse in _PIPELINE_OVERRIDABLE.items():
        value = context(f"pipeline.{field}")
        if value is not None:
            overrides[field] = parse(value) if isinstance(value, str) else value
    return dataclasses.replace(PIPELINE, **overrides) if overrides else PIPELINE
