"""`DatabaseEndpoint`: the facade users build endpoints with. Its factories only construct the engine
families' kinds (`relational`, `object_store`, `warehouse`, ...); binding is `base.bind_endpoint`.

Layer: endpoints/facade (imports the families; nothing in the package imports it but `__init__`).
"""

from __future__ import annotations

import functools
import inspect
from typing import TYPE_CHECKING, Callable, Concatenate, Optional, ParamSpec

from aws_cdk import Token
from aws_cdk import aws_rds as rds
from constructs import Construct

from ..certificates import EndpointCertificate
from ..credentials import EndpointCredentials
from ..facts import Engine, SslMode
from . import db2_ase, document, graph, in_memory, key_value, object_store, relational, search, streams, warehouse
from .base import BoundEndpoint, EndpointKind, bind_endpoint
from .relational import EngineSettings

if TYPE_CHECKING:
    from .._context import WaveContext

_P = ParamSpec("_P")


def _factory(make: Callable[_P, EndpointKind]) -> Callable[_P, "DatabaseEndpoint"]:
    """A `DatabaseEndpoint` factory with the signature and docstring of a family's function."""

    @functools.wraps(make)
    def factory(*args: _P.args, **kwargs: _P.kwargs) -> "DatabaseEndpoint":
        return DatabaseEndpoint(make(*args, **kwargs))

    return factory


def _engine_factory(
    engine: Engine, make: Callable[Concatenate[Engine, _P], EndpointKind], doc: str
) -> Callable[_P, "DatabaseEndpoint"]:
    """A factory of one engine of a family whose engines share every parameter (MySQL family,
    PostgreSQL family): one signature per family, not one copy per engine."""

    @functools.wraps(make)
    def factory(*args: _P.args, **kwargs: _P.kwargs) -> "DatabaseEndpoint":
        return DatabaseEndpoint(make(engine, *args, **kwargs))

    signature = inspect.signature(make)
    factory.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=list(signature.parameters.values())[1:], return_annotation="DatabaseEndpoint"
    )
    factory.__doc__ = f"{doc}\n\n{make.__doc__}"
    return factory


class DatabaseEndpoint:
    """What a wave connects to. Build one with a factory (`DatabaseEndpoint.postgresql(...)`,
    `.from_database_cluster(...)`, `.s3(...)`, ...) and add it with `wave.add_source(name, endpoint)` or
    `wave.add_target(name, endpoint)`.

    Every relational endpoint reads its user name, password, host and port from Secrets Manager
    (`SecretsManagerSecretId` and `SecretsManagerAccessRoleArn` in the engine's settings block), so none
    of them is in the template; connection attributes are encrypted with the wave's key.
    """

    def __init__(self, kind: EndpointKind) -> None:
        self._kind = kind

    @property
    def engine(self) -> Engine:
        """The DMS engine (`Engine.DB2`, `Engine.AURORA_POSTGRESQL`, ...; a Babelfish target is Aurora PostgreSQL)."""
        return self._kind.engine

    @property
    def host(self) -> Optional[str]:
        """The database's host name or address; None for AWS service targets (S3, DynamoDB, Kinesis, ...)."""
        return self._kind.host

    @property
    def port(self) -> Optional[float]:
        """The database port (a number token for a CDK database); None for AWS service targets."""
        return self._kind.port

    @property
    def database_name(self) -> Optional[str]:
        """The database DMS connects to (Oracle: SID or service name; Babelfish: `babelfish_db`); None if none."""
        return self._kind.database_name

    @property
    def ssl_mode(self) -> Optional[SslMode]:
        """The resolved SSL mode; None where DMS has none (S3, Redshift, DynamoDB, Kinesis, Neptune, Redis, ...)."""
        return self._kind.ssl_mode

    @property
    def credentials(self) -> Optional[EndpointCredentials]:
        """Where DMS reads user name and password; None for engines without a secret (S3, Neptune, Redis, ...)."""
        return self._kind.credentials

    # --- relational (relational.py) ------------------------------------------------------------------

    mysql = staticmethod(_engine_factory(Engine.MYSQL, relational.mysql_family, "A MySQL database outside this CDK app."))
    mariadb = staticmethod(
        _engine_factory(Engine.MARIADB, relational.mysql_family, "A MariaDB database outside this CDK app.")
    )
    aurora_mysql = staticmethod(
        _engine_factory(
            Engine.AURORA_MYSQL,
            relational.mysql_family,
            "An Aurora MySQL cluster outside this CDK app (DMS engine name `aurora`). For a cluster defined in CDK "
            "use `from_database_cluster`.",
        )
    )
    postgresql = staticmethod(
        _engine_factory(Engine.POSTGRES, relational.postgresql_family, "A PostgreSQL database outside this CDK app.")
    )
    aurora_postgresql = staticmethod(
        _engine_factory(
            Engine.AURORA_POSTGRESQL, relational.postgresql_family, "An Aurora PostgreSQL cluster outside this CDK app."
        )
    )
    oracle = staticmethod(_factory(relational.oracle))
    sqlserver = staticmethod(_factory(relational.sqlserver))
    babelfish = staticmethod(_factory(relational.babelfish))

    # --- IBM Db2 and SAP ASE (db2_ase.py) ------------------------------------------------------------

    db2 = staticmethod(_factory(db2_ase.db2))
    db2_zos = staticmethod(_factory(db2_ase.db2_zos))
    sybase = staticmethod(_factory(db2_ase.sybase))

    # --- from CDK databases --------------------------------------------------------------------------

    @staticmethod
    def from_database_instance(
        instance: rds.IDatabaseInstance,
        *,
        credentials: Optional[EndpointCredentials] = None,
        database_name: Optional[str] = None,
        engine: Optional[Engine] = None,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        settings: Optional[EngineSettings] = None,
        extra_connection_attributes: Optional[str] = None,
        network_cidr: Optional[str] = None,
        ssl_port: Optional[int] = None,
    ) -> "DatabaseEndpoint":
        """An RDS DB instance defined (or imported) in CDK. Engine, host and port come from the
        instance; its security group is opened to the wave's security group on its port (and the wave
        gets the matching egress rule). RDS for Oracle with SSL on is reached on its SSL port instead
        (`ssl_port`). RDS for Db2 is not taken here: use `DatabaseEndpoint.db2(host=..., port=<SSL_SVCENAME
        port>, ...)`.

        :param credentials: Default: the instance's attached secret (`instance.secret`, created by
            `rds.Credentials.from_generated_secret`, which holds host and port); required when the
            instance has none. Do not pass an RDS-managed master user secret: it lacks host and port.
        :param database_name: required for PostgreSQL, Oracle (SID) and SQL Server; targets only for
            the MySQL family. Default: none.
        :param engine: Default: derived from `instance.engine`; required when that is unknown (an
            imported instance without engine).
        :param ssl_mode: Default: per engine, as for the matching factory.
        :param certificate: the CA bundle in PEM form (for RDS: the RDS CA bundle), or for Oracle an
            Oracle wallet holding it (`EndpointCertificate.from_oracle_wallet_file`). Required for the
            MySQL family and Oracle, and for `verify-*` modes. Default: none.
        :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
        :param settings: the engine's typed settings, e.g. `PostgreSqlSettings(slot_name=...)`.
            Default: DMS defaults.
        :param extra_connection_attributes: Default: none.
        :param network_cidr: the IPv4 network of the database's VPC (or subnets), when that VPC is not the
            wave's: it must be routed from the DMS subnets (peering, transit gateway, ...). Default: none —
            the database must then be in the wave's VPC (created in CDK with `vpc=wave.vpc`, or imported
            into a wave on `MigrationNetwork.from_existing_vpc` whose `vpc_cidr` holds it).
        :param ssl_port: RDS for Oracle only, with SSL on: the port of the SSL option in the instance's option
            group, where RDS for Oracle serves SSL ("Amazon RDS uses a second port, as required by Oracle, for
            SSL connections": RDS user guide, "Oracle Secure Sockets Layer"); the instance's own port serves
            plain text. DMS connects there, and the instance's security group and the wave's egress open it
            (not the instance port). DMS reads the port from the secret, so the credentials must hold it:
            `EndpointCredentials.generate(...)` (written for you) or `from_secret` of a secret whose `port` is
            this one; the instance's attached secret (the instance port) is refused. Refused for other engines
            (they serve SSL on the instance port) and with `ssl_mode=SslMode.NONE`. Default: 2484 (the SSL
            option's default) for Oracle with SSL on; otherwise none.
        """
        field = "DatabaseEndpoint.from_database_instance"
        resolved = relational.engine_of(field, engine, instance.engine.engine_type if instance.engine else None)
        secret = getattr(instance, "secret", None)
        return DatabaseEndpoint(relational.from_cdk_database(
            field, resolved,
            host=instance.db_instance_endpoint_address,
            port=Token.as_number(instance.db_instance_endpoint_port),
            connectable=instance, secret=secret, credentials=credentials, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason, settings=settings,
            extra_connection_attributes=extra_connection_attributes, network_cidr=network_cidr,
            vpc=getattr(instance, "vpc", None), ssl_port=ssl_port,
        ))

    @staticmethod
    def from_database_cluster(
        cluster: rds.IDatabaseCluster,
        *,
        credentials: Optional[EndpointCredentials] = None,
        database_name: Optional[str] = None,
        engine: Optional[Engine] = None,
        ssl_mode: Optional[SslMode] = None,
        certificate: Optional[EndpointCertificate] = None,
        insecure_reason: Optional[str] = None,
        settings: Optional[EngineSettings] = None,
        extra_connection_attributes: Optional[str] = None,
        network_cidr: Optional[str] = None,
    ) -> "DatabaseEndpoint":
        """An Aurora DB cluster defined (or imported) in CDK: as `from_database_instance`, with the
        cluster (writer) endpoint. Default credentials: the cluster's attached secret (`cluster.secret`).
        Default `network_cidr`: none (the cluster is in the wave's VPC). Aurora serves SSL on the cluster
        port, so there is no `ssl_port` here.
        """
        field = "DatabaseEndpoint.from_database_cluster"
        resolved = relational.engine_of(field, engine, cluster.engine.engine_type if cluster.engine else None)
        secret = getattr(cluster, "secret", None)
        return DatabaseEndpoint(relational.from_cdk_database(
            field, resolved,
            host=cluster.cluster_endpoint.hostname,
            port=cluster.cluster_endpoint.port,
            connectable=cluster, secret=secret, credentials=credentials, database_name=database_name,
            ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason, settings=settings,
            extra_connection_attributes=extra_connection_attributes, network_cidr=network_cidr,
            vpc=getattr(cluster, "vpc", None),
        ))

    # --- object stores, warehouses, key-value stores, streams ------------------------------------------

    s3 = staticmethod(_factory(object_store.s3_target))
    s3_source = staticmethod(_factory(object_store.s3_source))
    redshift = staticmethod(_factory(warehouse.redshift))
    dynamodb = staticmethod(_factory(key_value.dynamodb_target))
    kinesis = staticmethod(_factory(streams.kinesis_target))
    kafka = staticmethod(_factory(streams.kafka_target))
    opensearch = staticmethod(_factory(search.opensearch_target))

    # --- document databases (document.py) -----------------------------------------------------------

    mongodb = staticmethod(_factory(document.mongodb))
    documentdb = staticmethod(_factory(document.documentdb))

    # --- graph and in-memory targets (graph.py, in_memory.py) -----------------------------------------

    neptune = staticmethod(_factory(graph.neptune_target))
    redis = staticmethod(_factory(in_memory.redis_target))

    # --- binding into a wave -------------------------------------------------------------------------

    def _bind(self, wave: "WaveContext", scope: Construct, *, name: str, identifier: str, direction: str) -> BoundEndpoint:
        """Called by `MigrationWave.add_source` / `add_target`: creates the endpoint under `scope` with
        construct id `name`."""
        return bind_endpoint(self._kind, wave, scope, name=name, identifier=identifier, direction=direction)
