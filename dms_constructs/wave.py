"""MigrationWave: one migration wave — network, key, security group, subnet group, replication
capacity, endpoints, tasks and monitoring — secure by default and derived from one set of props."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

from aws_cdk import RemovalPolicy, Stack, Tags
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

from ._validation import fail, identifier_from, is_token
from .errors import DmsConfigError
from .account import DmsServiceRoles, IDmsServiceRoles
from .acknowledgments import acknowledge
from .capacity import ReplicationInstance, ReplicationInstanceCapacity, ServerlessCapacity
from .checks import MULTI_AZ_RULE_ID
from .encryption import EncryptionKey
from .migration_log import MigrationLog
from .monitoring import AlarmThresholds, Notifications, WaveMonitoring, dms_log_group
from .network import MigrationNetwork, ReplicationSubnetGroup
from .phases import MigrationPhase
from .prefix_lists import s3_prefix_list_id
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
from .vpc_endpoints import allow_bucket, secrets_manager_endpoint_override

if TYPE_CHECKING:
    from .endpoints import BoundEndpoint, DatabaseEndpoint
    from .retired import RetiredTask
    from .table_mappings import TableMappings
    from .task_settings import TaskSettings


class MigrationWave(Construct):
    """Everything one DMS migration wave needs, secure by default.

    :param name: the wave's stable name; DMS identifiers derive from it. Default: the construct id.
    :param identifier_prefix: prepended to DMS identifiers, e.g. the environment name. Default: none.
    :param network: a shared `MigrationNetwork`. Default: a new one (or one over `vpc`).
    :param vpc: an existing VPC, when `network` is not given. Default: a new isolated VPC.
    :param subnet_selection: subnets of `vpc` for DMS. Default: see `MigrationNetwork`.
    :param availability_zones: zones of a new VPC. Default: see `MigrationNetwork`.
    :param service_roles: the account's DMS roles. Default: imported by name (`DmsServiceRoles.from_account`),
        so a wave never creates the account-wide roles.
    :param capacity: a replication instance (`ReplicationInstanceCapacity`) or DMS Serverless
        (`ServerlessCapacity`, one replication config per task). Default: `ReplicationInstanceCapacity()`
        (dms.t3.medium, 50 GiB, Multi-AZ).
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
    """

    # What a RETIRED wave no longer has (reading one raises a DmsConfigError that says so).
    _RETIRED_ABSENT = ("network", "vpc", "security_group", "connections", "subnet_group", "monitoring")

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: Optional[str] = None,
        identifier_prefix: Optional[str] = None,
        network: Optional[MigrationNetwork] = None,
        vpc: Optional[ec2.IVpc] = None,
        subnet_selection: Optional[ec2.SubnetSelection] = None,
        availability_zones: Optional[Sequence[str]] = None,
        service_roles: Optional[IDmsServiceRoles] = None,
        capacity: Optional[Union[ReplicationInstanceCapacity, ServerlessCapacity]] = None,
        encryption_key: Optional[kms.IKey] = None,
        removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
        log_retention: logs.RetentionDays = logs.RetentionDays.ONE_YEAR,
        tags: Optional[WaveTags] = None,
        alarms: Optional[AlarmThresholds] = None,
        notifications: Optional[Notifications] = None,
        pause_tasks_during_updates: bool = False,
        phase: MigrationPhase = MigrationPhase.MIGRATING,
    ) -> None:
        super().__init__(scope, id)
        self.name = name if name is not None else id
        parts = [identifier_prefix, self.name] if identifier_prefix else [self.name]
        self.identifier = identifier_from("MigrationWave.name", *parts, max_length=50)
        self.removal_policy = removal_policy
        self.log_retention = log_retention
        self.phase = _phase(phase)
        self.endpoint_specs: dict[str, "DatabaseEndpoint"] = {}
        """What each endpoint was declared as (kept in every phase, for the runbook)."""
        if self.phase is MigrationPhase.RETIRED:
            self._init_retired(network, vpc, service_roles, capacity, encryption_key, tags, alarms, notifications, pause_tasks_during_updates)
            return

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
        self.connections = ec2.Connections(security_groups=[self.security_group])

        dependable = self.service_roles.dependable
        self.subnet_group = ReplicationSubnetGroup(
            self,
            "SubnetGroup",
            identifier=f"{self.identifier}-subnets",
            subnet_ids=self.network.subnet_ids,
            description=f"DMS subnets of migration wave {self.name}",
            vpc_role_dependable=dependable,
        )
        self.capacity = capacity or ReplicationInstanceCapacity()
        if pause_tasks_during_updates:
            _check_pausable("MigrationWave.pause_tasks_during_updates", self.capacity)
        self.pause_tasks_during_updates = pause_tasks_during_updates
        self.replication_instance: Optional[ReplicationInstance] = None
        if isinstance(self.capacity, ReplicationInstanceCapacity):
            self.replication_instance = ReplicationInstance(
                self,
                "ReplicationInstance",
                identifier=self.identifier,
                capacity=self.capacity,
                subnet_group_identifier=self.subnet_group.identifier,
                security_group_ids=[self.security_group.security_group_id],
                encryption_key=self.encryption_key,
                vpc_role_dependable=dependable,
            )
        if not self.capacity.multi_az:
            resource = self.replication_instance.resource if self.replication_instance else self
            acknowledge(resource, MULTI_AZ_RULE_ID, self.capacity.single_az_reason)

        self.tags = tags
        Tags.of(self).add(WAVE_TAG_KEY, self.name)
        for key, value in (tags.as_dict() if tags else {}).items():
            Tags.of(self).add(key, value)

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
        capacity: Optional[Union[ReplicationInstanceCapacity, ServerlessCapacity]],
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
        Tags.of(self).add(WAVE_TAG_KEY, self.name)
        for key, value in (tags.as_dict() if tags else {}).items():
            Tags.of(self).add(key, value)
        self._retired_monitoring = Construct(self, "Monitoring")
        if isinstance(self.capacity, ReplicationInstanceCapacity):
            dms_log_group(Construct(self._retired_monitoring, "Instance"), "TaskLogs", f"dms-tasks-{self.identifier}", self)
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
        if name in self.endpoints:
            fail(
                f"MigrationWave({self.name}).add_{direction}",
                name,
                "names an endpoint this wave already has",
                "give every endpoint of a wave its own name",
            )
        identifier = identifier_from(f"MigrationWave({self.name}).add_{direction} name", self.identifier, name, max_length=255)
        self.endpoint_specs[name] = endpoint
        if self.phase is MigrationPhase.RETIRED:
            from .retired import RetiredEndpoint

            retired = RetiredEndpoint(self, self._endpoints_scope, name=name, identifier=identifier, direction=direction, endpoint=endpoint)
            self.endpoints[name] = retired  # type: ignore[assignment]  # a record, not a DMS endpoint
            return retired  # type: ignore[return-value]
        bound = endpoint._bind(self, self._endpoints_scope, name=name, identifier=identifier, direction=direction)
        self.endpoints[name] = bound
        if self.replication_instance is not None:
            # The guide's order: create the instance, then the endpoints; clean up the task, the endpoints, the
            # instance, the subnet group (the lab's "Cleanup" in the guide this product grew from; CloudFormation
            # deletes dependents first). Tasks already refer to both and the instance to the subnet group; this
            # puts the endpoints between them, so that retiring the wave (or deleting the stack) keeps that order.
            bound.resource.node.add_dependency(self.replication_instance.resource)
        self.migration_log.record(bound.endpoint_arn)
        if self.phase is MigrationPhase.CUT_OVER:
            self._rotate_on_cutover(bound, endpoint)
        return bound

    def _rotate_on_cutover(self, bound: "BoundEndpoint", endpoint: "DatabaseEndpoint") -> None:
        """CUT_OVER: rotate a generated secret that has rotation, once, after the tasks have stopped."""
        credentials = getattr(endpoint, "credentials", None)
        secret_construct = bound.node.try_find_child("Secret")
        if credentials is None or getattr(credentials, "rotation", None) is None or secret_construct is None or bound.secret is None:
            return
        from .lifecycle.cutover import CutoverProvider

        CutoverProvider.of(self).rotate(secret_construct, bound.secret, bound.identifier)

    # --- tasks -------------------------------------------------------------------------------------

    def add_task(
        self,
        name: str,
        *,
        source: "BoundEndpoint",
        target: "BoundEndpoint",
        table_mappings: Union["TableMappings", Mapping[str, Any], str],
        migration_type: MigrationType = MigrationType.FULL_LOAD_AND_CDC,
        settings: Optional["TaskSettings"] = None,
        cdc_start: Optional[CdcStart] = None,
        start_after_create: bool = False,
        pause_during_updates: Optional[bool] = None,
    ) -> AnyTask:
        """Add a replication task (on the instance) or a serverless replication (on DMS Serverless).

        `name` is API: it forms the construct id and the DMS identifier, so renaming a task replaces it
        and restarts its migration.

        :param table_mappings: a `TableMappings`, or an existing mapping document (dict or JSON), validated alike.
        :param migration_type: Default: full load and CDC.
        :param settings: Default: `TaskSettings` with the secure defaults, validation on where the engine
            pair supports it and the migration has a full load — and off for every default-settings task of
            a target that receives several source databases (DMS does not validate consolidations).
        :param cdc_start: where a `cdc` task starts reading changes. Default: now (when the task starts).
        :param start_after_create: start the task once, right after CloudFormation first creates it (a
            `Custom::DmsStartOnce` resource on CDK's Provider framework that waits up to 50 minutes for the
            task to be ready; updates, replacements and deletes never start, stop or restart it).
            Default: False (start it yourself).
        :param pause_during_updates: stop the task, if it runs, before CloudFormation updates it or one of
            its endpoints, and resume it (`resume-processing`) afterwards; stop it before CloudFormation
            deletes it (custom resources `PauseBeforeUpdate` and `ResumeAfterUpdate` under the task, see
            `lifecycle/pauser.py`). Replication instance tasks only. Default: the wave's
            `pause_tasks_during_updates`.
        """
        field = f"MigrationWave({self.name}).add_task"
        if name in self.tasks or name in self.retired_tasks:
            fail(field, name, "names a task this wave already has", "give every task of a wave its own name")
        identifier = identifier_from(f"{field} name", self.identifier, name, max_length=255)
        for role, endpoint, direction in (("source", source, "source"), ("target", target, "target")):
            if self.endpoints.get(getattr(endpoint, "name", None)) is not endpoint:
                fail(f"{field}({name}).{role}", getattr(endpoint, "name", endpoint), "is not an endpoint of this wave", f"add it with wave.add_{direction}(...) first")
            if endpoint.direction != direction:
                fail(f"{field}({name}).{role}", endpoint.name, f"is a {endpoint.direction} endpoint", f"pass an endpoint added with wave.add_{direction}(...)")
        migration_type = MigrationType(migration_type)
        if cdc_start is not None:
            if migration_type is not MigrationType.CDC:
                fail(f"{field}({name}).cdc_start", cdc_start, f"applies only to 'cdc' tasks (this one is '{migration_type.value}')", "use migration_type=MigrationType.CDC, or drop cdc_start")
            if isinstance(self.capacity, ServerlessCapacity):
                fail(f"{field}({name}).cdc_start", cdc_start, "cannot be set in a serverless replication config", "give the start position when starting the replication, or use a replication instance")
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
        if start_after_create:
            from .lifecycle.starter import TaskStarter

            TaskStarter.of(self).start(task)
        if pause:
            from .lifecycle.pauser import TaskPauser

            TaskPauser.of(self).protect(task)
        if self.phase is MigrationPhase.CUT_OVER:
            from .lifecycle.cutover import CutoverProvider

            CutoverProvider.of(self).stop(task)
        return task


def _phase(value: Any) -> MigrationPhase:
    try:
        return MigrationPhase(value)
    except ValueError:
        fail("MigrationWave.phase", value, "is not a migration phase", "use MigrationPhase.MIGRATING, MigrationPhase.CUT_OVER or MigrationPhase.RETIRED")


def _check_pausable(field: str, capacity: Union[ReplicationInstanceCapacity, ServerlessCapacity]) -> None:
    # DMS API reference, ModifyReplicationConfig: a serverless replication config cannot be modified once a
    # replication using it has started, even when stopped; pausing cannot make an update possible.
    if isinstance(capacity, ServerlessCapacity):
        fail(field, True, "applies to replication instance tasks: a serverless replication config cannot be modified "
             "once its replication has started, even when stopped", "leave it off for serverless waves; change a "
             "started serverless replication by adding a new task under a new name")
