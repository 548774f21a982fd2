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

from ._validation import (
    check_cdc_source,
    check_cdc_start_position,
    check_type,
    claim_identifier,
    fail,
    identifier_from,
    is_token,
)
from .account import DmsServiceRoles, IDmsServiceRoles
from .acknowledgments import acknowledge
from .capacity import ReplicationInstance, ReplicationInstanceCapacity, ServerlessCapacity
from .checks import MULTI_AZ_RULE_ID
from .encryption import EncryptionKey
from .monitoring import AlarmThresholds, Notifications, WaveMonitoring
from .network import MigrationNetwork, ReplicationSubnetGroup
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
    """

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
    ) -> None:
        super().__init__(scope, id)
        _check_wave_props(name, identifier_prefix, vpc, removal_policy, log_retention, capacity, tags, alarms, notifications, pause_tasks_during_updates)
        self.name = name if name is not None else id
        parts = [identifier_prefix, self.name] if identifier_prefix else [self.name]
        self.identifier = identifier_from("MigrationWave.name", *parts, max_length=50)
        # The instance and subnet group identifiers derive from the wave's; two waves whose names fold to
        # the same identifier would collide at deploy.
        claim_identifier(self, "replication subnet group", f"{self.identifier}-subnets", "MigrationWave.name", self.node.path)
        self.removal_policy = removal_policy
        self.log_retention = log_retention

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

        # Namespaces keep child logical ids independent of what else the wave holds.
        self._endpoints_scope = Construct(self, "Endpoints")
        self._tasks_scope = Construct(self, "Tasks")
        self.endpoints: dict[str, "BoundEndpoint"] = {}
        self.tasks: dict[str, AnyTask] = {}

    def allow_https_to_s3(self, bucket: Optional[s3.IBucket] = None) -> None:
        """HTTPS egress to Amazon S3, for S3 and Redshift targets: to the region's S3 prefix list, which the
        VPC's S3 gateway endpoint routes — the network's `s3_prefix_list_id` when given, else the id
        resolved at deploy time (`prefix_lists.s3_prefix_list_id`). Never to any address.

        :param bucket: the bucket DMS writes to. A bucket of another account is added to the network's S3
            gateway endpoint policy, which otherwise admits only this account's buckets. Default: none.
        """
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
        _check_name(f"MigrationWave({self.name}).add_{direction} name", name)
        if name in self.endpoints:
            fail(
                f"MigrationWave({self.name}).add_{direction}",
                name,
                "names an endpoint this wave already has",
                "give every endpoint of a wave its own name",
            )
        identifier = identifier_from(f"MigrationWave({self.name}).add_{direction} name", self.identifier, name, max_length=255)
        claim_identifier(self, "endpoint", identifier, f"MigrationWave({self.name}).add_{direction} name", f"{self.node.path}/{name}")
        bound = endpoint._bind(self, self._endpoints_scope, name=name, identifier=identifier, direction=direction)
        self.endpoints[name] = bound
        return bound

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
        _check_name(f"{field} name", name)
        if name in self.tasks:
            fail(field, name, "names a task this wave already has", "give every task of a wave its own name")
        identifier = identifier_from(f"{field} name", self.identifier, name, max_length=255)
        claim_identifier(self, "task", identifier, f"{field} name", f"{self.node.path}/{name}")
        for role, endpoint, direction in (("source", source, "source"), ("target", target, "target")):
            if self.endpoints.get(getattr(endpoint, "name", None)) is not endpoint:
                fail(f"{field}({name}).{role}", getattr(endpoint, "name", endpoint), "is not an endpoint of this wave", f"add it with wave.add_{direction}(...) first")
            if endpoint.direction != direction:
                fail(f"{field}({name}).{role}", endpoint.name, f"is a {endpoint.direction} endpoint", f"pass an endpoint added with wave.add_{direction}(...)")
        try:
            migration_type = MigrationType(migration_type)
        except ValueError:
            fail(f"{field}({name}).migration_type", migration_type, "is not a DMS migration type",
                 "use MigrationType.FULL_LOAD, MigrationType.CDC or MigrationType.FULL_LOAD_AND_CDC")
        check_cdc_source(f"{field}({name}).migration_type", source.engine_name, migration_type.value)
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
            if isinstance(self.capacity, ServerlessCapacity):
                fail(f"{field}({name}).cdc_start", cdc_start, "cannot be set in a serverless replication config", "give the start position when starting the replication, or use a replication instance")
        pause = self.pause_tasks_during_updates if pause_during_updates is None else pause_during_updates
        if pause:
            _check_pausable(f"{field}({name}).pause_during_updates", self.capacity)
        mappings = as_table_mappings(table_mappings)
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
        if start_after_create:
            from .lifecycle.starter import TaskStarter

            TaskStarter.of(self).start(task)
        if pause:
            from .lifecycle.pauser import TaskPauser

            TaskPauser.of(self).protect(task)
        return task


def _check_name(field: str, name: Any) -> None:
    """`name` is API (construct id and DMS identifier): a non-empty string."""
    check_type(field, name, str, "give a name such as 'orders'")
    if not name.strip():
        fail(field, name, "is empty", "give a name such as 'orders'")


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
    if capacity is not None:
        check_type(f"{field}.capacity", capacity, (ReplicationInstanceCapacity, ServerlessCapacity),
                   "pass ReplicationInstanceCapacity(instance_class='dms.r6i.large') or ServerlessCapacity(max_capacity_units=16)")
    for prop, value, cls in (("tags", tags, WaveTags), ("alarms", alarms, AlarmThresholds), ("notifications", notifications, Notifications)):
        if value is not None:
            check_type(f"{field}.{prop}", value, cls, f"pass {cls.__name__}(...)")
    check_type(f"{field}.pause_tasks_during_updates", pause_tasks_during_updates, bool, "use True or False")


def _check_pausable(field: str, capacity: Union[ReplicationInstanceCapacity, ServerlessCapacity]) -> None:
    # DMS API reference, ModifyReplicationConfig: a serverless replication config cannot be modified once a
    # replication using it has started, even when stopped; pausing cannot make an update possible.
    if isinstance(capacity, ServerlessCapacity):
        fail(field, True, "applies to replication instance tasks: a serverless replication config cannot be modified "
             "once its replication has started, even when stopped", "leave it off for serverless waves; change a "
             "started serverless replication by adding a new task under a new name")
