"""The bind protocol every endpoint kind implements, the `BoundEndpoint` construct, and the one place
that turns a kind into an `AWS::DMS::Endpoint`.

Layer: endpoints/base (below the engine families, above `facts`, `_context` and the shared machinery
modules `_ssl`, `_reach`, `_access`, `_checks`). Families import this module, never each other.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Union

from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct, IConstruct

from ..errors import fail
from ..acknowledgments import acknowledge
from ..facts import DMS_ENGINES, SOURCE, TARGET, Engine, EngineFacts, SslMode
from ._reach import open_network, require_route

if TYPE_CHECKING:
    from .._context import WaveContext
    from ..certificates import EndpointCertificate
    from ..credentials import EndpointCredentials

# The DMS rule pack's SSL rule (Security Hub DMS.9). An explicit `ssl_mode=SslMode.NONE` is recorded
# against it with the user's reason.
SSL_RULE_ID = "DmsChecks-DMS.9"

__all__ = ["SOURCE", "TARGET", "SSL_RULE_ID", "BoundEndpoint", "EndpointKind", "EngineSpec", "Reach", "spec_of"]

# The `DatabaseEndpoint` factory of each engine, for error messages (`DatabaseEndpoint.<factory>`).
_FACTORY: dict[Engine, str] = {
    Engine.MYSQL: "mysql",
    Engine.MARIADB: "mariadb",
    Engine.AURORA_MYSQL: "aurora_mysql",
    Engine.POSTGRES: "postgresql",
    Engine.AURORA_POSTGRESQL: "aurora_postgresql",
    Engine.ORACLE: "oracle",
    Engine.SQLSERVER: "sqlserver",
    Engine.S3: "s3",
    Engine.REDSHIFT: "redshift",
    Engine.DYNAMODB: "dynamodb",
    Engine.KINESIS: "kinesis",
    Engine.MONGODB: "mongodb",
    Engine.DOCUMENTDB: "documentdb",
    Engine.KAFKA: "kafka",
    Engine.OPENSEARCH: "opensearch",
    Engine.DB2: "db2",
    Engine.DB2_ZOS: "db2_zos",
    Engine.SYBASE: "sybase",
    Engine.NEPTUNE: "neptune",
    Engine.REDIS: "redis",
}


@dataclass(frozen=True)
class EngineSpec:
    """An engine this library builds endpoints for: its facts (`facts.DMS_ENGINES`) in library types."""

    engine: Engine
    facts: EngineFacts
    factory: str
    ssl_modes: tuple[SslMode, ...]

    @property
    def label(self) -> str:
        return self.facts.label

    @property
    def family(self) -> str:
        return self.facts.family

    @property
    def directions(self) -> tuple[str, ...]:
        return self.facts.directions

    @property
    def database_name(self) -> str:
        return self.facts.database_name

    @property
    def certificate_format(self) -> str:
        return self.facts.certificate_format


def spec_of(engine: Engine) -> EngineSpec:
    facts = DMS_ENGINES[engine.value]
    return EngineSpec(engine, facts, _FACTORY[engine], tuple(SslMode(m) for m in facts.ssl_modes))


class BoundEndpoint(Construct):
    """An endpoint of a wave: the `AWS::DMS::Endpoint` (`resource`) and what it needs (secret,
    certificate, service access role). Created by `MigrationWave.add_source` / `add_target`; its
    construct id is the endpoint's name.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        identifier: str,
        direction: str,
        engine: Engine,
        host: Optional[str],
        port: Optional[Union[int, float]],
        database_name: Optional[str],
        ssl_mode: Optional[SslMode],
    ) -> None:
        super().__init__(scope, id)
        spec = spec_of(engine)
        self.name = name
        self.identifier = identifier
        self.direction = direction
        self.engine = engine
        self.engine_name: str = engine.value
        """The DMS `EngineName`, e.g. `aurora` for Aurora MySQL."""
        self.engine_family: str = spec.family
        """The engine's family in `facts.DMS_ENGINES`: `mysql`, `postgres`, `oracle`, `sqlserver`, `db2`, `sybase`,
        `mongodb`, `s3`, `redshift`, `dynamodb`, `kinesis`, `kafka`, `opensearch`, `neptune` or `redis`."""
        self.host = host
        self.port = port
        self.database_name = database_name
        self.ssl_mode = ssl_mode
        """The endpoint's SSL mode; None where DMS has none (S3, Redshift, DynamoDB, Kinesis, Neptune, Redis), and
        `SslMode.NONE` for an unencrypted database endpoint (e.g. Db2 for z/OS)."""
        self.secret: Optional[secretsmanager.ISecret] = None
        self.certificate_arn: Optional[str] = None
        self.service_access_role: Optional[iam.IRole] = None
        self.bucket: Optional[s3.IBucket] = None
        self.resource: dms.CfnEndpoint  # set by bind_endpoint
        self.endpoint_arn: str

    def _set_resource(self, resource: dms.CfnEndpoint) -> None:
        self.resource = resource
        self.endpoint_arn = resource.ref


@dataclass(frozen=True)
class Reach:
    """How the wave's security group reaches the database: an egress rule to a peer, or the connections
    of a CDK database (its security group opened to the wave's)."""

    peer: Optional[ec2.IPeer] = None
    connectable: Optional[ec2.IConnectable] = None
    # Where a CDK database lives when it is not in the wave's VPC (an imported one never says).
    network_cidr: Optional[str] = None
    # The CDK database's VPC, when it was created in CDK.
    vpc: Optional[ec2.IVpc] = None
    # The port the CDK database's security group opens to DMS when it is not the database's own port (the SSL
    # port of RDS for Oracle). Default: none (the database's default port).
    port: Optional[int] = None


class EndpointKind(abc.ABC):
    """The engine-specific half of an endpoint description: what the engine family checks at bind
    time and which `AWS::DMS::Endpoint` properties it sets. `bind_endpoint` does the rest (identity,
    direction, route, key, SSL acknowledgment, network rules) the same way for every engine."""

    # Why DMS.9 does not apply to an engine without SSL modes (acknowledged on its endpoints).
    no_ssl_mode_reason: str = ""
    # Appended to the error for a direction the kind does not support.
    direction_note: str = ""

    def __init__(
        self,
        *,
        engine: Engine,
        host: Optional[str] = None,
        port: Optional[Union[int, float]] = None,
        database_name: Optional[str] = None,
        credentials: Optional["EndpointCredentials"] = None,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional["EndpointCertificate"] = None,
        insecure_reason: Optional[str] = None,
        reach: Reach = Reach(),
        extra_connection_attributes: Optional[str] = None,
    ) -> None:
        self.engine = engine
        self.spec = spec_of(engine)
        self.host = host
        self.port = port
        self.database_name = database_name
        self.credentials = credentials
        self.ssl_mode = ssl_mode
        self.certificate = certificate
        self.insecure_reason = insecure_reason
        self.reach = reach
        self.extra_connection_attributes = extra_connection_attributes

    @property
    def directions(self) -> tuple[str, ...]:
        """The directions this kind supports. Default: every direction DMS supports for the engine."""
        return self.spec.directions

    def check_bind(self, wave: "WaveContext", where: str, direction: str) -> None:
        """Checks that need the wave or the direction, before anything is created. Default: none."""

    @abc.abstractmethod
    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        """The engine's `AWS::DMS::Endpoint` properties (settings block, SSL, database name, ...);
        `dependencies` collects what the endpoint must be created after."""

    @property
    def routed_peer(self) -> bool:
        """Whether `reach.peer` is the database's network, which the DMS subnets must route to (S3's
        peer is its prefix list, reached through the VPC's gateway endpoint). Default: True."""
        return True

    @property
    def peer_port(self) -> Optional[Union[int, float]]:
        """The port of the egress rule to `reach.peer`. Default: the database port."""
        return self.port

    @property
    def extra_ports(self) -> tuple[int, ...]:
        """Further TCP ports DMS connects to on the database's network, opened like the database port (e.g. an
        Oracle ASM listener on a port of its own). Default: none."""
        return ()

    def after_network(self, wave: "WaveContext") -> None:
        """Network rules beyond the database's (e.g. HTTPS to S3 for staging). Default: none."""

    def after_resource(self, resource: dms.CfnEndpoint) -> None:
        """Acknowledgments on the endpoint resource beyond the SSL one (e.g. Neptune without IAM
        authorization). Default: none."""


def bind_endpoint(
    kind: EndpointKind, wave: "WaveContext", scope: Construct, *, name: str, identifier: str, direction: str
) -> BoundEndpoint:
    """Creates the endpoint under `scope` with construct id `name` (for `MigrationWave.add_source` /
    `add_target`)."""
    spec = kind.spec
    where = f"MigrationWave({wave.name}).add_{direction}({name})"
    if direction not in kind.directions:
        only = kind.directions[0]
        fail(where, direction, f"{spec.label} endpoints can only be {only}s{kind.direction_note}", f"add it with wave.add_{only}(...)")
    kind.check_bind(wave, where, direction)
    route = require_route(kind, wave, where)

    bound = BoundEndpoint(
        scope,
        name,
        name=name,
        identifier=identifier,
        direction=direction,
        engine=spec.engine,
        host=kind.host,
        port=kind.port,
        database_name=kind.database_name,
        ssl_mode=kind.ssl_mode,
    )
    props: dict[str, Any] = dict(
        endpoint_type=direction,
        engine_name=spec.engine.value,
        endpoint_identifier=identifier,
        kms_key_id=wave.encryption_key.key_arn,
        extra_connection_attributes=kind.extra_connection_attributes,
    )
    dependencies: list[IConstruct] = []
    props.update(kind.properties(wave, bound, direction, dependencies))
    resource = dms.CfnEndpoint(bound, "Resource", **props)
    for dependable in dependencies:
        resource.node.add_dependency(dependable)
    bound._set_resource(resource)

    if kind.ssl_mode is SslMode.NONE:
        acknowledge(resource, SSL_RULE_ID, str(kind.insecure_reason))
    elif not spec.ssl_modes:
        acknowledge(resource, SSL_RULE_ID, kind.no_ssl_mode_reason)
    kind.after_resource(resource)
    open_network(kind, wave, bound, route)
    return bound


class AwsServiceKind(EndpointKind):
    """An endpoint that is an AWS service API (S3, DynamoDB): its optional peer is the service's prefix list,
    reached on HTTPS through the VPC's gateway endpoint, not a database network the DMS subnets route to."""

    @property
    def routed_peer(self) -> bool:
        return False

    @property
    def peer_port(self) -> int:
        return 443
