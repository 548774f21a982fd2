"""MigrationWave: one migration wave — network, key, security group, subnet group, replication
capacity, endpoints, tasks and monitoring — secure by default and derived from one set of props.

Over 500 lines, on purpose (#19): this is the composition root that wires the parts (each in its own
module) together, phase by phase; what is left here is the wiring and the wave's public API, which read
best in one place. Splitting it further waits for a round in which nobody else edits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence, Union

from dataclasses import dataclass

import jsii
from aws_cdk import ArnFormat, RemovalPolicy, Stack, Tags
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from ._validation import (
    check_cdc_source,
    check_cdc_start_position,
    check_name,
    check_type,
    fail,
    identifier_from,
    is_token,
)
from .errors import DmsConfigError
from .account import DmsServiceRoles, IDmsServiceRoles
from .acknowledgments import acknowledge
from .capacity import ReplicationInstance, ReplicationInstanceCapacity, ServerlessCapacity
from .checks import MULTI_AZ_RULE_ID
from .encryption import EncryptionKey, warn_if_imported
from .existing import SOURCE, TARGET, IEndpoint, IReplicationInstance, is_imported
from .grants import grant, operate_statements, read_statements
from .migration_log import MigrationLog
from .monitoring import AlarmThresholds, Notifications, WaveMonitoring, dms_log_group
from .naming import IdentifierRegistry, NamingConvention
from .network import MigrationNetwork, ReplicationSubnetGroup
from .phases import MigrationPhase
from .prefix_lists import s3_prefix_list_id
from ._tree import optional_child
from .tagging import WAVE_TAG_KEY, WaveTags
from .tasks import (
    AnyTask,
    CdcStart,
    MigrationType,
    ReplicationTask,
    ServerlessReplication,
    as_table_mappings,
    consolidates,
    default_task_settings,
    same_database,
)
from .task_data import TaskData, as_supplemental_settings, task_data_document
from .vpc_endpoints import allow_bucket, secrets_manager_endpoint_override

if TYPE_CHECKING:
    from .endpoints import BoundEndpoint, DatabaseEndpoint
    from .retired import RetiredTask
    from .lifecycle.assessments import PremigrationAssessment
    from .schema_conversion import DataMigration, MigrationProject, NetworkType
    from .table_mappings import TableMappings
    from .task_settings import TaskSettings


AnyCapacity = Union[ReplicationInstanceCapacity, ServerlessCapacity, IReplicationInstance]


@jsii.implements(ec2.IConnectable)
class MigrationWave(Construct):
    """Everything one DMS migration wave needs, secure by default.

    A wave is `ec2.IConnectable`: `database.connections.allow_default_port_from(wave)` opens a database's
    security group to the wave's replication instance or serverless replications.

    :param name: the wave's stable name; the default `app` of its naming convention. Default: the construct id.
    :param naming: how DMS identifiers are formed (`NamingConvention`): `<env>-<app>-<purpose>-dms`, where
        purpose is `instance`, `subnets`, or the endpoint's or task's name. Identifiers that fold to one
        already used in the same account and region are refused. Default: `NamingConvention(app=<name>)`
        (no env: `<name>-<purpose>-dms`).
    :param identifier_prefix: the convention's `env`, kept for existing code; give `naming` instead.
        Default: none.
    :param network: a shared `MigrationNetwork`. Default: a new one (or one over `vpc`).
    :param vpc: an existing VPC, when `network` is not given. Default: a new isolated VPC.
    :param subnet_selection: subnets of `vpc` for DMS. Default: see `MigrationNetwork`.
    :param availability_zones: zones of a new VPC. Default: see `MigrationNetwork`.
    :param service_roles: the account's DMS roles. Default: imported by name (`DmsServiceRoles.from_account`),
        so a wave never creates the account-wide roles.
    :param capacity: a replication instance (`ReplicationInstanceCapacity`), DMS Serverless
        (`ServerlessCapacity`, one replication config per task), or an existing instance
        (`ExistingReplicationInstance.from_replication_instance_attributes(...)`, or another wave's
        `replication_instance`): the wave then creates no instance, subnet group or instance alarms, uses
        the instance's security groups, and needs `vpc` or `network` (the instance's VPC).
        Default: `ReplicationInstanceCapacity()` (dms.t3.medium, 50 GiB, Multi-AZ).
    :param encryption_key: the wave's key. Default: a new customer managed key with rotation, retained.
    :param removal_policy: for the wave's key, secrets and log groups. Default: RETAIN.
    :param log_retention: retention of the wave's log groups. Default: one year.
    :param tags: cost and ownership tags. Default: only `MigrationWave: <name>`.
    :param alarms: alarm thresholds. Default: `AlarmThresholds()` (CPU 80%, CDC latency 10 minutes, ...).
    :param notifications: email subscribers and extra topics. Default: the wave's topic, no subscribers.
    :param pause_tasks_during_updates: the default of `add_task(..., pause_during_updates=...)`: stop a
        running task before CloudFormation updates it or one of its endpoints, and resume it afterwards.
        Replication instance waves only. Default: False.
    :param phase: where the wave is in its life (`MigrationPhase`): `MIGRATING`; `CUT_OVER` stops the
        wave's tasks (a custom resource waits until they are stopped), silences their alarms and rotates its
        generated, rotating secrets once; `RETIRED` deletes the tasks, endpoints, replication instance or
        serverless configs, starters and the wave's own network, and keeps its key, log groups, migration
        log and generated secrets per `removal_policy` under the same construct ids (see `phases.py`).
        Default: `MigrationPhase.MIGRATING`.
    :param verify_connections: test every endpoint's connection from the replication instance at deploy
        time (a `Custom::DmsConnectionTest` per endpoint, see `lifecycle/connection_tester.py`) and fail the
        deploy with DMS's message when one fails; re-tested whenever the endpoint changes. Tasks that start
        after create and pre-migration assessments wait for their endpoints' tests. Replication instance
        waves only (DMS Serverless has no connection test). Default: False.
    """

    # What a RETIRED wave no longer has (reading one raises a DmsConfigError that says so).
    _RETIRED_ABSENT = ("network", "vpc", "security_group", "connections", "subnet_group", "monitoring")

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: Optional[str] = None,
        naming: Optional[NamingConvention] = None,
        identifier_prefix: Optional[str] = None,
        network: Optional[MigrationNetwork] = None,
        vpc: Optional[ec2.IVpc] = None,
        subnet_selection: Optional[ec2.SubnetSelection] = None,
        availability_zones: Optional[Sequence[str]] = None,
        service_roles: Optional[IDmsServiceRoles] = None,
        capacity: Optional[AnyCapacity] = None,
        encryption_key: Optional[kms.IKey] = None,
        removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
        log_retention: logs.RetentionDays = logs.RetentionDays.ONE_YEAR,
        tags: Optional[WaveTags] = None,
        alarms: Optional[AlarmThresholds] = None,
        notifications: Optional[Notifications] = None,
        pause_tasks_during_updates: bool = False,
        phase: MigrationPhase = MigrationPhase.MIGRATING,
        verify_connections: bool = False,
    ) -> None:
        super().__init__(scope, id)
        _check_wave_props(name, identifier_prefix, vpc, removal_policy, log_retention, capacity, tags, alarms, notifications, pause_tasks_during_updates)
        self.name = name if name is not None else id
        if naming is not None and identifier_prefix is not None:
            fail("MigrationWave.identifier_prefix", identifier_prefix, "cannot be combined with naming",
                 f"give the prefix as the convention's env: NamingConvention(env='{identifier_prefix}', ...)")
        if naming is None or naming.app is None:
            identifier_from("MigrationWave.name", self.name, max_length=50)  # the name is the convention's app
        self.naming: NamingConvention = (naming or NamingConvention(env=identifier_prefix)).with_app(self.name)
        """The wave's naming convention, with `app` filled in."""
        # The stem of the wave's alarm, dashboard and rule names: `<env>-<app>` by default.
        self.identifier = identifier_from("MigrationWave.name", self.naming.base or self.name, max_length=50)
        self.removal_policy = removal_policy
        self.log_retention = log_retention
        self.phase = _phase(phase)
        self.endpoint_specs: dict[str, "DatabaseEndpoint"] = {}
        """What each endpoint was declared as (kept in every phase, for the runbook)."""
        if encryption_key is not None:
            warn_if_imported(self, self.name, self.identifier, encryption_key)
        if self.phase is MigrationPhase.RETIRED:
            self._init_retired(network, vpc, service_roles, capacity, encryption_key, tags, alarms, notifications, pause_tasks_during_updates)
            return
        self.capacity: AnyCapacity = capacity or ReplicationInstanceCapacity()
        existing = None if isinstance(self.capacity, (ReplicationInstanceCapacity, ServerlessCapacity)) else self.capacity
        if existing is not None:
            _check_existing_instance(self.name, existing, network is not None or vpc is not None)

        self.service_roles = service_roles or DmsServiceRoles.from_account(self, "ServiceRoles")
        self.network = network or MigrationNetwork(
            self,
            "Network",
            vpc=vpc,
            subnet_selection=subnet_selection,
            availability_zones=availability_zones,
            removal_policy=removal_policy,
            log_retention=log_retention,
        )
        self.vpc = self.network.vpc
        self.encryption_key: kms.IKey = encryption_key or EncryptionKey(
            self, "Key", description=f"Encrypts DMS migration wave {self.name}", removal_policy=removal_policy
        ).key

        if existing is not None:
            # The instance's own (first) security group carries the wave's rules.
            self.security_group: ec2.ISecurityGroup = existing.connections.security_groups[0]
        else:
            self.security_group = ec2.SecurityGroup(
                self,
                "SecurityGroup",
                vpc=self.vpc,
                allow_all_outbound=False,
                description=f"DMS replication for migration wave {self.name}; no ingress",
            )
        # DMS reaches Secrets Manager (and other AWS APIs) through the VPC's interface endpoints.
        if self.network.vpc_cidr is None:
            fail("MigrationNetwork.vpc_cidr", None, "is unknown for this existing VPC; the wave's security group reaches "
                 "the VPC endpoints (Secrets Manager) inside it", "give MigrationNetwork(vpc=..., vpc_cidr='10.0.0.0/16')")
        self.security_group.add_egress_rule(
            ec2.Peer.ipv4(self.network.vpc_cidr), ec2.Port.tcp(443), "HTTPS to VPC endpoints"
        )
        self._connections = existing.connections if existing is not None else ec2.Connections(security_groups=[self.security_group])

        dependable = self.service_roles.dependable
        self.subnet_group: Optional[ReplicationSubnetGroup] = None
        """The wave's replication subnet group; None on an existing instance."""
        if existing is None:
            self.subnet_group = ReplicationSubnetGroup(
                self,
                "SubnetGroup",
                identifier=self._identifier("subnet group", "subnets", "MigrationWave.naming", self.name),
                subnet_ids=self.network.subnet_ids,
                description=f"DMS subnets of migration wave {self.name}",
                vpc_role_dependable=dependable,
            )
        if pause_tasks_during_updates:
            _check_pausable("MigrationWave.pause_tasks_during_updates", self.capacity)
        self.pause_tasks_during_updates = pause_tasks_during_updates
        if verify_connections and isinstance(self.capacity, ServerlessCapacity):
            # DMS API reference, "TestConnection": it needs a replication instance ARN.
            fail("MigrationWave.verify_connections", True, "needs a replication instance: DMS Serverless has no "
                 "connection test (a serverless replication tests its connections only when it starts)", "leave it "
                 "off for serverless waves, and start the replication with start_after_create=True to see a failed "
                 "connection at deploy time")
        self.verify_connections = verify_connections
        self.replication_instance: Optional[IReplicationInstance] = existing
        """The instance the wave's tasks run on (created, or existing); None for a serverless wave."""
        if isinstance(self.capacity, ReplicationInstanceCapacity):
            assert self.subnet_group is not None
            self.replication_instance = ReplicationInstance(
                self,
                "ReplicationInstance",
                identifier=self._identifier("replication instance", "instance", "MigrationWave.naming", self.name),
                capacity=self.capacity,
                subnet_group_identifier=self.subnet_group.identifier,
                security_group_ids=[self.security_group.security_group_id],
                encryption_key=self.encryption_key,
                vpc_role_dependable=dependable,
                security_groups=[self.security_group],
            )
        # Not on an existing instance (`existing` is the capacity itself): its Multi-AZ setting is not ours.
        if isinstance(self.capacity, (ReplicationInstanceCapacity, ServerlessCapacity)) and not self.capacity.multi_az:
            resource = self.replication_instance.resource if isinstance(self.replication_instance, ReplicationInstance) else self
            acknowledge(resource, MULTI_AZ_RULE_ID, str(self.capacity.single_az_reason))

        self.tags = tags
        tagging = Tags.of(self)  # once: each `of` is a round trip to the jsii runtime
        tagging.add(WAVE_TAG_KEY, self.name)
        for key, value in (tags.as_dict() if tags else {}).items():
            tagging.add(key, value)

        self.monitoring = WaveMonitoring(
            self,
            "Monitoring",
            wave=self,
            thresholds=alarms or AlarmThresholds(),
            notifications=notifications or Notifications(),
        )

        self.migration_log = MigrationLog(self, "MigrationLog", wave=self)
        if self.replication_instance is not None:
            self.migration_log.record(self.replication_instance.instance_arn)

        # Namespaces keep child logical ids independent of what else the wave holds.
        self._endpoints_scope = Construct(self, "Endpoints")
        self._tasks_scope = Construct(self, "Tasks")
        self.endpoints: dict[str, "BoundEndpoint"] = {}
        self.tasks: dict[str, AnyTask] = {}
        self.retired_tasks: dict[str, "RetiredTask"] = {}
        """RETIRED: the tasks the wave declares (validated, created nowhere), for the runbook."""
        from .wave_record import register

        register(self)

    def _init_retired(
        self,
        network: Optional[MigrationNetwork],
        vpc: Optional[ec2.IVpc],
        service_roles: Optional[IDmsServiceRoles],
        capacity: Optional[AnyCapacity],
        encryption_key: Optional[kms.IKey],
        tags: Optional[WaveTags],
        alarms: Optional[AlarmThresholds],
        notifications: Optional[Notifications],
        pause_tasks_during_updates: bool,
    ) -> None:
        """RETIRED: only what is kept, at the construct ids it had while migrating — the wave's key, the
        flow-log key and group of a network the wave created, the DMS log groups, the migration log and (in
        `add_source`/`add_target`) generated secrets. A shared `network` is left to its owner."""
        self.service_roles = service_roles or DmsServiceRoles.from_account(self, "ServiceRoles")
        if network is not None:
            self.network = network
            self.vpc = network.vpc
        elif vpc is None:
            MigrationNetwork.retained_parts(self, "Network", removal_policy=self.removal_policy, log_retention=self.log_retention)
        self.encryption_key = encryption_key or EncryptionKey(
            self, "Key", description=f"Encrypts DMS migration wave {self.name}", removal_policy=self.removal_policy
        ).key
        self.capacity = capacity or ReplicationInstanceCapacity()
        self.pause_tasks_during_updates = pause_tasks_during_updates
        self.replication_instance = None
        self.tags = tags
        tagging = Tags.of(self)  # once: each `of` is a round trip to the jsii runtime
        tagging.add(WAVE_TAG_KEY, self.name)
        for key, value in (tags.as_dict() if tags else {}).items():
            tagging.add(key, value)
        self._retired_monitoring = Construct(self, "Monitoring")
        if isinstance(self.capacity, ReplicationInstanceCapacity):
            dms_log_group(Construct(self._retired_monitoring, "Instance"), "TaskLogs", f"dms-tasks-{self.naming.identifier('MigrationWave.naming', 'replication instance', 'instance')}", self)
        self.migration_log = MigrationLog(self, "MigrationLog", wave=self)
        self._endpoints_scope = Construct(self, "Endpoints")
        self._tasks_scope = Construct(self, "Tasks")
        self.endpoints = {}
        self.tasks = {}
        self.retired_tasks = {}
        from .wave_record import register

        register(self)

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes never set: those a RETIRED wave does not have.
        if name in MigrationWave._RETIRED_ABSENT:
            raise DmsConfigError(
                f"MigrationWave({self.__dict__.get('name')}).{name}: the wave is RETIRED, so it has no {name.replace('_', ' ')} "
                "(its network, security group, subnet group, instance, endpoints, tasks and alarms are deleted). "
                "Fix: read it only while the wave is MIGRATING or CUT_OVER."
            )
        raise AttributeError(name)

    # --- naming ------------------------------------------------------------------------------------

    def _identifier(self, kind: str, purpose: str, field: str, name: str) -> str:
        """The DMS identifier of a `kind` for `purpose` under the wave's convention, claimed in the
        account and region (two names that fold to one identifier fail here, not at deploy)."""
        identifier = self.naming.identifier(f"{field} ({kind} '{purpose}')", kind, purpose)
        registry = IdentifierRegistry.of(self)
        registry.claim(self, kind, identifier, field, name)
        registry.remember(identifier, self.naming, purpose)
        return identifier

    # --- IConnectable ------------------------------------------------------------------------------

    @property
    def connections(self) -> ec2.Connections:
        """The security group(s) of the wave's replication instance or serverless replications: pass the
        wave where CDK wants an `ec2.IConnectable`, e.g. `db.connections.allow_default_port_from(wave)`."""
        return self._connections

    def allow_https_to_s3(self, bucket: Optional[s3.IBucket] = None) -> None:
        """HTTPS egress to Amazon S3, for S3 and Redshift targets: to the region's S3 prefix list, which the
        VPC's S3 gateway endpoint routes — the network's `s3_prefix_list_id` when given, else the id
        resolved at deploy time (`prefix_lists.s3_prefix_list_id`). Never to any address.

        :param bucket: the bucket DMS writes to. A bucket of another account is added to the network's S3
            gateway endpoint policy, which otherwise admits only this account's buckets. Default: none.
        """
        if self.phase is MigrationPhase.RETIRED:
            return  # nothing of the wave's network is left to open
        if bucket is not None and self.network.s3_endpoint is not None:
            owner, here = bucket.env.account, Stack.of(self).account
            if not is_token(owner) and not is_token(here) and owner != here:
                allow_bucket(self.network.s3_endpoint, bucket.bucket_arn)
        if getattr(self, "_s3_egress", False):
            return
        self._s3_egress = True
        prefix_list = self.network.s3_prefix_list_id or s3_prefix_list_id(
            self.network,
            encryption_key=self.network.encryption_key or self.encryption_key,
            log_retention=self.log_retention,
            removal_policy=self.removal_policy,
        )
        self.security_group.add_egress_rule(
            ec2.Peer.prefix_list(prefix_list), ec2.Port.tcp(443), "HTTPS to Amazon S3 through the VPC gateway endpoint"
        )

    @property
    def secrets_manager_endpoint_override(self) -> Optional[str]:
        """The extra connection attribute that points DMS at the network's Secrets Manager VPC endpoint
        (`secretsManagerEndpointOverride=<dns name>`), for endpoints that read their credentials from a
        secret; None when the network did not create the endpoint (an existing VPC: add the attribute to
        the endpoint's `extra_connection_attributes` yourself)."""
        if self.phase is MigrationPhase.RETIRED:
            return None
        return secrets_manager_endpoint_override(self.network.interface_endpoints.get("secretsmanager"))

    @property
    def secrets_access_role(self) -> Optional[iam.IRole]:
        """The role DMS assumes (dms.<region>.amazonaws.com) to read this wave's endpoint secrets; None
        until an endpoint reads one."""
        from .credentials import secrets_access_role

        return secrets_access_role(self)

    # --- endpoints ---------------------------------------------------------------------------------

    def add_source(self, name: str, endpoint: "DatabaseEndpoint") -> "BoundEndpoint":
        """Add a source endpoint. `name` is API: it forms the construct id and the DMS identifier."""
        return self._add_endpoint(name, endpoint, "source")

    def add_target(self, name: str, endpoint: "DatabaseEndpoint") -> "BoundEndpoint":
        """Add a target endpoint. `name` is API: it forms the construct id and the DMS identifier."""
        return self._add_endpoint(name, endpoint, "target")

    def _add_endpoint(self, name: str, endpoint: "DatabaseEndpoint", direction: str) -> "BoundEndpoint":
        check_name(f"MigrationWave({self.name}).add_{direction} name", name)
        if name in self.endpoints:
            fail(
                f"MigrationWave({self.name}).add_{direction}",
                name,
                "names an endpoint this wave already has",
                "give every endpoint of a wave its own name",
            )
        identifier = self._identifier("endpoint", name, f"MigrationWave({self.name}).add_{direction}", name)
        self.endpoint_specs[name] = endpoint
        if self.phase is MigrationPhase.RETIRED:
            from .retired import RetiredEndpoint

            retired = RetiredEndpoint(self, self._endpoints_scope, name=name, identifier=identifier, direction=direction, endpoint=endpoint)
            self.endpoints[name] = retired  # type: ignore[assignment]  # a record, not a DMS endpoint
            return retired  # type: ignore[return-value]
        bound = endpoint._bind(self, self._endpoints_scope, name=name, identifier=identifier, direction=direction)
        self.endpoints[name] = bound
        if isinstance(self.replication_instance, ReplicationInstance):
            # The guide's order: create the instance, then the endpoints; clean up the task, the endpoints, the
            # instance, the subnet group (the lab's "Cleanup" in the guide this product grew from; CloudFormation
            # deletes dependents first). Tasks already refer to both and the instance to the subnet group; this
            # puts the endpoints between them, so that retiring the wave (or deleting the stack) keeps that order.
            bound.resource.node.add_dependency(self.replication_instance.resource)
        self.migration_log.record(bound.endpoint_arn)
        if self.phase is MigrationPhase.CUT_OVER:
            self._rotate_on_cutover(bound, endpoint)
        if self.verify_connections:
            from .lifecycle.connection_tester import test_connection

            test_connection(self, bound)
        return bound

    def _rotate_on_cutover(self, bound: "BoundEndpoint", endpoint: "DatabaseEndpoint") -> None:
        """CUT_OVER: rotate a generated secret that has rotation, once, after the tasks have stopped."""
        credentials = getattr(endpoint, "credentials", None)
        secret_construct = optional_child(bound, "Secret", Construct)
        if credentials is None or getattr(credentials, "rotation", None) is None or secret_construct is None or bound.secret is None:
            return
        from .lifecycle.cutover import CutoverProvider

        CutoverProvider.of(self).rotate(secret_construct, bound.secret, bound.identifier)

    # --- tasks -------------------------------------------------------------------------------------

    def add_task(
        self,
        name: str,
        *,
        source: Union["BoundEndpoint", IEndpoint],
        target: Union["BoundEndpoint", IEndpoint],
        table_mappings: Union["TableMappings", Mapping[str, Any], str],
        migration_type: MigrationType = MigrationType.FULL_LOAD_AND_CDC,
        settings: Optional["TaskSettings"] = None,
        cdc_start: Optional[CdcStart] = None,
        start_after_create: bool = False,
        pause_during_updates: Optional[bool] = None,
        assessment: Optional["PremigrationAssessment"] = None,
        task_data: Optional[TaskData] = None,
    ) -> AnyTask:
        """Add a replication task (on the instance) or a serverless replication (on DMS Serverless).

        `name` is API: it forms the construct id and the DMS identifier, so renaming a task replaces it
        and restarts its migration.

        :param source: an endpoint added with `add_source`, or an existing one
            (`ExistingEndpoint.from_endpoint_arn(...)`, checked for its direction and engine).
        :param target: as `source`, added with `add_target`.
        :param table_mappings: a `TableMappings`, or an existing mapping document (dict or JSON), validated alike.
        :param migration_type: Default: full load and CDC.
        :param settings: Default: `TaskSettings` with the secure defaults, validation on where the engine
            pair supports it and the migration has a full load — and off for every default-settings task of
            a target that receives several source databases (DMS does not validate consolidations).
        :param cdc_start: where a `cdc` task starts reading changes. Default: now (when the task starts).
        :param start_after_create: start the task once, right after CloudFormation first creates it (a
            `Custom::DmsStartOnce` resource on CDK's Provider framework that waits up to 50 minutes for the
            task to be ready; updates and replacements never start, stop or restart it). When the task
            leaves the stack - the stack is deleted and the task is not retained, the deploy that created it
            rolls back, or an update removes it - the resource's delete stops it first, so that CloudFormation
            can delete it; turning the option off later leaves a running task running
            (`lifecycle/stop_before_delete.py`). Default: False (start it yourself).
        :param pause_during_updates: stop the task, if it runs, before CloudFormation updates it or one of
            its endpoints, and resume it (`resume-processing`) afterwards; stop it before CloudFormation
            deletes it, when it leaves the stack as for `start_after_create` (custom resources
            `PauseBeforeUpdate` and `ResumeAfterUpdate` under the task, see `lifecycle/pauser.py`). Replication instance tasks only. Default: the wave's
            `pause_tasks_during_updates`.
        :param assessment: a pre-migration assessment of the task: a results bucket and the role DMS writes
            with, and (`run_on_create`) a run once the task is created that fails the deploy when it fails;
            with `start_after_create`, the start waits for it (see `lifecycle/assessments.py`). On DMS Serverless
            the assessment is part of the first start (StartReplication): `run_on_create` needs
            `start_after_create`, and the deploy fails when the assessment fails; with `run_on_create=False` the
            runbook's start command carries it. Default: None (no assessment).
        :param task_data: supplemental data (`TaskData`; `SupplementalSettings` on DMS Serverless): the
            graph-mapping rules an Amazon Neptune target needs, as a dict (Gremlin JSON) or text (R2RML, instance
            tasks only). Required for a Neptune target, refused for any other. Default: None.
        """
        field = f"MigrationWave({self.name}).add_task"
        check_name(f"{field} name", name)
        if name in self.tasks or name in self.retired_tasks:
            fail(field, name, "names a task this wave already has", "give every task of a wave its own name")
        serverless = isinstance(self.capacity, ServerlessCapacity)
        kind = "replication config" if serverless else "task"
        for role, endpoint, direction in (("source", source, SOURCE), ("target", target, TARGET)):
            imported = is_imported(endpoint)
            if not imported and self.endpoints.get(getattr(endpoint, "name", "")) is not endpoint:
                fail(f"{field}({name}).{role}", getattr(endpoint, "name", endpoint), "is not an endpoint of this wave",
                     f"add it with wave.add_{direction}(...) first, or import an existing one with ExistingEndpoint.from_endpoint_arn(...)")
            if endpoint.direction is not None and endpoint.direction != direction:
                fix = (f"import it with direction='{direction}' if it is one" if imported
                       else f"pass an endpoint added with wave.add_{direction}(...)")
                fail(f"{field}({name}).{role}", endpoint.name, f"is a {endpoint.direction} endpoint", fix)
        identifier = self._identifier(kind, name, field, name)
        try:
            migration_type = MigrationType(migration_type)
        except ValueError:
            fail(f"{field}({name}).migration_type", migration_type, "is not a DMS migration type",
                 "use MigrationType.FULL_LOAD, MigrationType.CDC or MigrationType.FULL_LOAD_AND_CDC")
        check_cdc_source(f"{field}({name}).migration_type", source.engine_name, migration_type.value)
        supplemental = task_data_document(f"{field}({name}).task_data", task_data, target.engine_name)
        if serverless:
            as_supplemental_settings(f"{field}({name}).task_data", supplemental)
        if settings is not None:
            from .task_settings import TaskSettings

            check_type(f"{field}({name}).settings", settings, TaskSettings, "pass TaskSettings(...) or TaskSettings.from_dict(document)")
        for flag_name, flag in (("start_after_create", start_after_create), ("pause_during_updates", pause_during_updates)):
            if flag is not None:
                check_type(f"{field}({name}).{flag_name}", flag, bool, "use True or False")
        if cdc_start is not None:
            check_type(f"{field}({name}).cdc_start", cdc_start, CdcStart, "use CdcStart.at_position(...) or CdcStart.at_time(...)")
            if cdc_start.position is not None:
                check_cdc_start_position(f"{field}({name}).cdc_start", cdc_start.position, source.engine_name)
            if migration_type is not MigrationType.CDC:
                fail(f"{field}({name}).cdc_start", cdc_start, f"applies only to 'cdc' tasks (this one is '{migration_type.value}')", "use migration_type=MigrationType.CDC, or drop cdc_start")
            if serverless:
                fail(f"{field}({name}).cdc_start", cdc_start, "cannot be set in a serverless replication config", "give the start position when starting the replication, or use a replication instance")
        if assessment is not None:
            from .lifecycle.assessments import PremigrationAssessment, set_up_serverless

            check_type(f"{field}({name}).assessment", assessment, PremigrationAssessment, "pass PremigrationAssessment(...)")
            if serverless:
                set_up_serverless(self, f"{field}({name}).assessment", assessment, start_after_create=start_after_create)
        pause = self.pause_tasks_during_updates if pause_during_updates is None else pause_during_updates
        if pause:
            _check_pausable(f"{field}({name}).pause_during_updates", self.capacity)
        mappings = as_table_mappings(table_mappings)
        if self.phase is MigrationPhase.RETIRED:
            from .retired import RetiredTask

            record = RetiredTask(
                name=name, identifier=identifier, source=source.name, target=target.name,
                migration_type=migration_type, table_mappings=mappings,
            )
            self.retired_tasks[name] = record
            if isinstance(self.capacity, ServerlessCapacity):
                # The serverless replication's log group, kept where WaveMonitoring created it.
                dms_log_group(Construct(self._retired_monitoring, f"Task-{name}"), "Logs", f"dms-serverless-replication-{identifier}", self)
            return record  # type: ignore[return-value]  # nothing DMS-side exists any more
        consolidating = consolidates(list(self.tasks.values()), source, target)
        uses_default_settings = settings is None
        settings = settings or default_task_settings(source, target, migration_type, consolidating=consolidating)
        if consolidating:
            # Earlier tasks into the same target were given validation before it became a consolidation.
            for other in self.tasks.values():
                if other.uses_default_settings and same_database(other.target, target):
                    other._use_settings(default_task_settings(other.source, other.target, other.migration_type, consolidating=True))
        common = dict(
            wave=self,
            name=name,
            identifier=identifier,
            source=source,
            target=target,
            migration_type=migration_type,
            table_mappings=mappings,
            settings=settings,
            cdc_start=cdc_start,
            task_data=supplemental,
        )
        if isinstance(self.capacity, ServerlessCapacity):
            task: AnyTask = ServerlessReplication(self._tasks_scope, name, capacity=self.capacity, **common)
        else:
            task = ReplicationTask(self._tasks_scope, name, **common)
        task.uses_default_settings = uses_default_settings
        self.tasks[name] = task
        self.monitoring.watch_task(task)
        self.migration_log.record(task.task_arn if isinstance(task, ReplicationTask) else task.config_arn)
        task.start_after_create = start_after_create
        task.assessment = assessment
        from .lifecycle.gates import before_first_start

        gates = before_first_start(self, task, assessment)  # connection tests, then the assessment
        if start_after_create:
            from .lifecycle.starter import TaskStarter

            # A serverless task's assessment runs as part of its first start (see lifecycle/assessments.py).
            TaskStarter.of(self).start(task, assessment=assessment if serverless else None).node.add_dependency(*gates)
        if pause:
            from .lifecycle.pauser import TaskPauser

            assert isinstance(task, ReplicationTask), "pause_during_updates was checked: not on serverless waves"
            TaskPauser.of(self).protect(task)
        if self.phase is MigrationPhase.CUT_OVER:
            from .lifecycle.cutover import CutoverProvider

            CutoverProvider.of(self).stop(task)
        return task

    # --- schema conversion and homogeneous data migrations ---------------------------------------------

    def add_migration_project(
        self,
        name: str,
        *,
        source: "BoundEndpoint",
        target: "BoundEndpoint",
        data_migration: Optional["DataMigration"] = None,
        transformation_rules: Optional[Union[Mapping[str, Any], str]] = None,
        network_type: Optional["NetworkType"] = None,
    ) -> Optional["MigrationProject"]:
        """Add a DMS Schema Conversion migration project from `source` to `target` — endpoints of this wave, so one
        description of each database yields its DMS endpoint and its data provider — and, for a homogeneous engine
        pair, a data migration. See `schema_conversion/`.

        The wave's first project creates what its projects share (`<wave>/SchemaConversion`): one data provider per
        endpoint (named like the endpoint), an instance profile in the wave's subnet group with the wave's security
        group and key, never public (`<env>-<app>-profile-dms`), and a bucket with the role DMS Schema Conversion
        keeps its files with. Each project gets a role that reads only its two secrets. `name` is API: it forms the
        construct id and the DMS names of the project and its data migration (`<env>-<app>-<name>-dms`).

        :param source: the source endpoint (from `add_source`).
        :param target: the target endpoint (from `add_target`).
        :param data_migration: a homogeneous data migration (MySQL-compatible to MySQL-compatible, PostgreSQL to
            PostgreSQL, MongoDB-compatible to DocumentDB), created but not started (`StartDataMigration` starts it).
            Default: none.
        :param transformation_rules: DMS Schema Conversion transformation rules (a dict or JSON with `rules`).
            Default: none.
        :param network_type: the instance profile's `NetworkType`; every project of a wave shares it.
            Default: `NetworkType.IPV4`.
        :returns: the project; None when the wave is RETIRED (its projects are deleted with its network).
        """
        from .schema_conversion import SchemaConversion
        from .schema_conversion.request import check_project_request

        field = f"MigrationWave({self.name}).add_migration_project"
        existing = SchemaConversion.find(self)
        profile_network = check_project_request(
            field, name, wave_endpoints=self.endpoints, existing_projects=existing.projects if existing else {},
            source=source, target=target, data_migration=data_migration,
            transformation_rules=transformation_rules, network_type=network_type,
        )
        if self.phase is MigrationPhase.RETIRED:
            return None  # the projects, data providers and instance profile went with the wave's network
        subnet_group = self.subnet_group
        if subnet_group is None:
            fail(f"{field}({name})", "existing replication instance", "needs the wave's replication subnet group for its "
                 "instance profile, and a wave on an existing replication instance has none",
                 "add migration projects to a wave that creates its own capacity (ReplicationInstanceCapacity or ServerlessCapacity)")
        identifier = self._identifier("migration project", name, field, name)
        if data_migration is not None:
            self._identifier("data migration", name, field, name)
        conversion = SchemaConversion.of(self)
        providers = []
        for endpoint in (source, target):
            provider_name = self._identifier("data provider", endpoint.name, field, endpoint.name)
            credentials = self.endpoint_specs[endpoint.name].credentials
            key = self.encryption_key if credentials is None or credentials.is_generated else credentials.key
            providers.append(conversion.data_provider(endpoint, name=provider_name, secret_key=key))
        return conversion.add_project(
            name,
            identifier=identifier,
            instance_profile_name=self._identifier("instance profile", "profile", field, "profile"),
            source=providers[0],
            target=providers[1],
            data_migration=data_migration,
            transformation_rules=transformation_rules,
            network_type=profile_network,
            vpc_role_dependable=self.service_roles.dependable,
            subnet_group_identifier=lambda: subnet_group.identifier,
        )

    @property
    def migration_projects(self) -> dict[str, "MigrationProject"]:
        """The wave's migration projects by name (`add_migration_project`); empty while it has none."""
        from .schema_conversion import SchemaConversion

        conversion = SchemaConversion.find(self)
        return dict(conversion.projects) if conversion is not None else {}

    # --- grants ------------------------------------------------------------------------------------

    def _arns(self) -> "_WaveArns":
        """The ARNs of what the wave has so far: tasks, serverless configs, endpoints (its own and existing
        ones its tasks use) and the instance."""
        from .tasks import ServerlessReplication

        tasks = [t.task_arn for t in self.tasks.values() if not isinstance(t, ServerlessReplication)]
        configs = [t.config_arn for t in self.tasks.values() if isinstance(t, ServerlessReplication)]
        endpoints = [e.endpoint_arn for e in self.endpoints.values()]
        for task in self.tasks.values():
            for endpoint in (task.source, task.target):
                if endpoint.endpoint_arn not in endpoints:
                    endpoints.append(endpoint.endpoint_arn)
        instances = [self.replication_instance.instance_arn] if self.replication_instance is not None else []
        return _WaveArns(tasks=tasks, configs=configs, endpoints=endpoints, instances=instances)

    def read_policy_statements(self) -> list[iam.PolicyStatement]:
        """What `grant_read` grants, as statements (e.g. for a customer managed policy): describe/list DMS,
        statistics and tags of the wave's tasks, endpoints and instance, CloudWatch metrics, the wave's alarms
        (`dms-<wave identifier>-*`) and dashboard, and its log groups. Never its secrets. Covers the tasks and
        endpoints added before the call."""
        stack = Stack.of(self)
        monitoring = self.monitoring
        alarms = stack.format_arn(service="cloudwatch", resource="alarm", resource_name=f"dms-{self.identifier}-*",
                                  arn_format=ArnFormat.COLON_RESOURCE_NAME)
        # Dashboards are global: their ARNs have no region.
        dashboard = stack.format_arn(service="cloudwatch", region="", resource="dashboard",
                                     resource_name=f"dms-{self.identifier}", arn_format=ArnFormat.SLASH_RESOURCE_NAME)
        arns = self._arns()
        return read_statements(
            task_arns=arns.tasks, config_arns=arns.configs, endpoint_arns=arns.endpoints, instance_arns=arns.instances,
            alarm_arns=[alarms],
            dashboard_arns=[dashboard],
            log_group_arns=[group.log_group_arn for group in monitoring.log_groups],
        )

    def operate_policy_statements(self) -> list[iam.PolicyStatement]:
        """What `grant_operate` grants, as statements: start, stop and reload the wave's tasks (or serverless
        replications), run their premigration assessments, test connections and refresh schemas of its
        endpoints from its instance. No create, modify or delete: those go through the stack. Covers the tasks
        and endpoints added before the call."""
        arns = self._arns()
        assessments = self.node.try_find_child("Assessments")  # PremigrationAssessments, when a task has one
        roles = [assessments.role.role_arn] if assessments is not None and hasattr(assessments, "role") else []
        return operate_statements(task_arns=arns.tasks, config_arns=arns.configs, endpoint_arns=arns.endpoints,
                                  instance_arns=arns.instances, assessment_role_arns=roles)

    def grant_read(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let `grantee` watch the wave: see `read_policy_statements` (secrets are not readable)."""
        return grant(grantee, self.read_policy_statements())

    def grant_operate(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let `grantee` run the wave's tasks: see `operate_policy_statements`. Combine with `grant_read` for
        an operator who also watches."""
        return grant(grantee, self.operate_policy_statements())

    # --- metrics -----------------------------------------------------------------------------------

    def _max_over_tasks(self, what: str, metric: Callable[[AnyTask], cloudwatch.IMetric], task: Optional[str],
                        cdc_only: bool, options: Mapping[str, Any]) -> cloudwatch.IMetric:
        field = f"MigrationWave({self.name}).metric_{what}"
        if task is not None:
            if task not in self.tasks:
                fail(field, task, "is not a task of this wave", f"use one of: {', '.join(self.tasks) or '(no tasks yet)'}")
            return metric(self.tasks[task])
        tasks = [t for t in self.tasks.values() if t.migration_type.has_cdc or not cdc_only]
        if not tasks:
            fail(field, None, "has no task to measure" + (" (no task replicates changes)" if cdc_only else ""),
                 "add the tasks first, or ask a task's metric")
        if len(tasks) == 1:
            return metric(tasks[0])
        using = {f"m{i}": metric(t) for i, t in enumerate(tasks)}
        # CloudWatch metric math: MAX over an array of series is the per-point maximum (one series).
        return cloudwatch.MathExpression(
            expression=f"MAX([{', '.join(using)}])",
            using_metrics=using,
            label=f"{self.name}: {what.replace('_', ' ')} (max over tasks)",
            period=options.get("period"),  # Default (None): five minutes, as the metrics'
        )

    def metric_cdc_latency_source(self, task: Optional[str] = None, **options: Any) -> cloudwatch.IMetric:
        """CDC source latency (seconds): of task `task`, or the maximum over the wave's CDC tasks added so far.
        Default: Maximum over 5 minutes."""
        return self._max_over_tasks("cdc_latency_source", lambda t: t.metric_cdc_latency_source(**options), task, True, options)

    def metric_cdc_latency_target(self, task: Optional[str] = None, **options: Any) -> cloudwatch.IMetric:
        """CDC target latency (seconds), as `metric_cdc_latency_source`. Default: Maximum over 5 minutes."""
        return self._max_over_tasks("cdc_latency_target", lambda t: t.metric_cdc_latency_target(**options), task, True, options)

    def metric_cpu_utilization(self, **options: Any) -> cloudwatch.IMetric:
        """Percent CPU: of the replication instance, or (serverless) the maximum over the wave's
        replications added so far. Default: Average over 5 minutes."""
        instance = self.replication_instance
        if instance is not None:
            return instance.metric_cpu_utilization(**options)
        return self._max_over_tasks("cpu_utilization", lambda t: t.metric("CPUUtilization", **options), None, False, options)

    def metric_free_storage_space(self, **options: Any) -> cloudwatch.IMetric:
        """Bytes of free storage of the replication instance. Default: Average over 5 minutes."""
        instance = self.replication_instance
        if instance is None:
            fail(f"MigrationWave({self.name}).metric_free_storage_space", None, "applies to replication instances; "
                 "DMS Serverless manages its storage", "use metric_cpu_utilization or a replication's metric_capacity_utilization")
        return instance.metric_free_storage_space(**options)


@dataclass(frozen=True)
class _WaveArns:
    tasks: list[str]
    configs: list[str]
    endpoints: list[str]
    instances: list[str]


def _check_existing_instance(wave: str, instance: IReplicationInstance, has_network: bool) -> None:
    """What a wave needs of an existing instance: its identifier (metric dimension of its tasks), its
    security groups (where the wave's network rules go) and the VPC it runs in."""
    field = f"MigrationWave({wave}).capacity"
    if instance.identifier is None:
        fail(field, instance.instance_arn, "is an instance without its identifier, which its tasks' metrics need",
             "import it with ExistingReplicationInstance.from_replication_instance_attributes(identifier=..., security_groups=[...])")
    if not instance.connections.security_groups:
        fail(field, instance.instance_arn, "is an instance without its security groups, which the wave's network rules need",
             "import it with ExistingReplicationInstance.from_replication_instance_attributes(security_groups=[...])")
    if not has_network:
        fail(f"MigrationWave({wave}).vpc", None, "is required with an existing replication instance: the wave would "
             "otherwise check routes in a new VPC the instance is not in", "pass vpc=<the instance's VPC> (or network=...)")


def _phase(value: Any) -> MigrationPhase:
    try:
        return MigrationPhase(value)
    except ValueError:
        fail("MigrationWave.phase", value, "is not a migration phase", "use MigrationPhase.MIGRATING, MigrationPhase.CUT_OVER or MigrationPhase.RETIRED")


def _check_wave_props(
    name: Optional[str],
    identifier_prefix: Optional[str],
    vpc: Any,
    removal_policy: RemovalPolicy,
    log_retention: logs.RetentionDays,
    capacity: Any,
    tags: Any,
    alarms: Any,
    notifications: Any,
    pause_tasks_during_updates: Any,
) -> None:
    """Wrong types fail here, naming the prop, rather than inside jsii or as an AttributeError."""
    field = "MigrationWave"
    if vpc is not None and (isinstance(vpc, str) or not hasattr(vpc, "select_subnets")):
        fail(f"{field}.vpc", vpc, "is not a VPC construct", "pass ec2.Vpc.from_vpc_attributes(...) or a MigrationNetwork.from_existing_vpc(...) as network=")
    for prop, value in (("name", name), ("identifier_prefix", identifier_prefix)):
        if value is not None:
            check_type(f"{field}.{prop}", value, str, "give a name such as 'orders'")
    check_type(f"{field}.removal_policy", removal_policy, RemovalPolicy, "use e.g. RemovalPolicy.RETAIN")
    check_type(f"{field}.log_retention", log_retention, logs.RetentionDays, "use e.g. logs.RetentionDays.ONE_YEAR")
    if capacity is not None and not hasattr(capacity, "instance_arn"):  # an existing instance is checked later
        check_type(f"{field}.capacity", capacity, (ReplicationInstanceCapacity, ServerlessCapacity),
                   "pass ReplicationInstanceCapacity(instance_class='dms.r6i.large') or ServerlessCapacity(max_capacity_units=16)")
    for prop, value, cls in (("tags", tags, WaveTags), ("alarms", alarms, AlarmThresholds), ("notifications", notifications, Notifications)):
        if value is not None:
            check_type(f"{field}.{prop}", value, cls, f"pass {cls.__name__}(...)")
    check_type(f"{field}.pause_tasks_during_updates", pause_tasks_during_updates, bool, "use True or False")


def _check_pausable(field: str, capacity: "AnyCapacity") -> None:
    # DMS API reference, ModifyReplicationConfig: a serverless replication config cannot be modified once a
    # replication using it has started, even when stopped; pausing cannot make an update possible.
    if isinstance(capacity, ServerlessCapacity):
        fail(field, True, "applies to replication instance tasks: a serverless replication config cannot be modified "
             "once its replication has started, even when stopped", "leave it off for serverless waves; change a "
             "started serverless replication by adding a new task under a new name")
