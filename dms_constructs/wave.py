"""MigrationWave: one migration wave — network, key, security group, subnet group and replication
capacity — secure by default and derived from one set of props."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

from aws_cdk import RemovalPolicy, Tags
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from constructs import Construct

from ._validation import fail, identifier_from
from .account import DmsServiceRoles, IDmsServiceRoles
from .capacity import ReplicationInstance, ReplicationInstanceCapacity
from .encryption import EncryptionKey
from .network import MigrationNetwork, ReplicationSubnetGroup
from .tagging import WAVE_TAG_KEY, WaveTags

if TYPE_CHECKING:
    from .endpoints import BoundEndpoint, DatabaseEndpoint


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
    :param capacity: the replication instance. Default: `ReplicationInstanceCapacity()` (dms.t3.medium,
        50 GiB, Multi-AZ).
    :param encryption_key: the wave's key. Default: a new customer managed key with rotation, retained.
    :param removal_policy: for the wave's key, secrets and log groups. Default: RETAIN.
    :param log_retention: retention of the wave's log groups. Default: one year.
    :param tags: cost and ownership tags. Default: only `MigrationWave: <name>`.
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
        capacity: Optional[ReplicationInstanceCapacity] = None,
        encryption_key: Optional[kms.IKey] = None,
        removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
        log_retention: logs.RetentionDays = logs.RetentionDays.ONE_YEAR,
        tags: Optional[WaveTags] = None,
    ) -> None:
        super().__init__(scope, id)
        self.name = name if name is not None else id
        parts = [identifier_prefix, self.name] if identifier_prefix else [self.name]
        self.identifier = identifier_from("MigrationWave.name", *parts, max_length=50)
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
        self.security_group.add_egress_rule(
            ec2.Peer.ipv4(self.vpc.vpc_cidr_block), ec2.Port.tcp(443), "HTTPS to VPC endpoints"
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

        self.tags = tags
        Tags.of(self).add(WAVE_TAG_KEY, self.name)
        for key, value in (tags.as_dict() if tags else {}).items():
            Tags.of(self).add(key, value)

        # Namespaces keep child logical ids independent of what else the wave holds.
        self._endpoints_scope = Construct(self, "Endpoints")
        self.endpoints: dict[str, "BoundEndpoint"] = {}

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
        bound = endpoint._bind(self, self._endpoints_scope, name=name, identifier=identifier, direction=direction)
        self.endpoints[name] = bound
        return bound
