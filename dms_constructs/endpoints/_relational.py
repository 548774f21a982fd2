"""The shared base of the relational engine families (`relational`: MySQL, PostgreSQL, Oracle, SQL Server,
Babelfish; `db2_ase`: IBM Db2 LUW, Db2 for z/OS, SAP ASE): one kind, the checks every relational endpoint
shares, and the endpoint built from them.

Layer: endpoints shared machinery (imports base and the other shared modules, never a family).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Union

from aws_cdk import Annotations, Stack
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_secretsmanager as secretsmanager

from .._validation import check_range, check_whole_number, is_token
from ..certificates import EndpointCertificate
from ..credentials import _HOSTED_ROTATION, EndpointCredentials
from ..errors import fail
from ..facts import TARGET, Engine, SslMode
from ._checks import check_database_name, check_extra_connection_attributes, check_host, check_peer, require_credentials
from ._database import SecretBackedKind
from ._settings import EngineSettingsBase
from ._ssl import resolve_ssl_mode
from .base import BoundEndpoint, EngineSpec, Reach, spec_of


class RelationalKind(SecretBackedKind):
    """A relational database, signed in to with a secret.

    :param directions: the directions this endpoint may take. Default: every direction DMS supports for
        the engine (a Babelfish endpoint is a target only, though Aurora PostgreSQL is both).
    :param direction_note: appended to the error for a direction the endpoint does not take. Default: none.
    """

    def __init__(
        self, *, directions: Optional[tuple[str, ...]] = None, direction_note: str = "",
        port_warning: Optional[str] = None, **common: Any
    ) -> None:
        super().__init__(**common)
        self._directions = directions
        self.direction_note = direction_note
        # Why the endpoint's port looks like a plain-text listener's while SSL verifies (see `tls_port`).
        self.port_warning = port_warning

    def after_resource(self, resource: dms.CfnEndpoint) -> None:
        if self.port_warning is not None:
            Annotations.of(resource).add_warning_v2(SSL_ON_PLAIN_PORT, self.port_warning)

    @property
    def directions(self) -> tuple[str, ...]:
        """The directions this endpoint may take."""
        return self._directions if self._directions is not None else self.spec.directions

    def block_settings(self, wave: Any, bound: BoundEndpoint, direction: str) -> dict[str, Any]:
        """The typed settings; a MySQL-family target with a database name writes into that database."""
        settings = super().block_settings(wave, bound, direction)
        if self.spec.family == "mysql" and direction == TARGET and self.database_name is not None:
            settings.setdefault("target_db_type", "specific-database")
        return settings


# The warning id of an SSL endpoint on a plain-text listener's default port (acknowledge it with
# `Annotations.of(endpoint.resource).acknowledge_warning(SSL_ON_PLAIN_PORT, reason)` when that port serves TLS).
SSL_ON_PLAIN_PORT = "dms-constructs:ssl-on-plain-port"


@dataclass(frozen=True)
class SecondSslPort:
    """An engine that serves SSL on a port of its own, next to its plain-text listener: DMS must connect
    there when the endpoint's SSL mode is on.

    :param plain: the plain-text listener's default port.
    :param tls: the default SSL port; None where the engine has none (the endpoint must name it).
    :param where: where the SSL port is set, for messages.
    """

    plain: int
    tls: Optional[int]
    where: str


# RDS user guide, "Oracle Secure Sockets Layer": "Amazon RDS uses a second port, as required by Oracle, for SSL
# connections" (the SSL option's port, 2484 by default: Oracle's registered TCPS port); a self-managed listener
# serves TCPS on the port of its (PROTOCOL=TCPS) address.
ORACLE_SSL_PORT = SecondSslPort(
    plain=1521, tls=2484,
    where="the listener's TCPS port (RDS for Oracle: the port of the SSL option in its option group, 2484 by default)",
)
# RDS user guide, "Using SSL/TLS with an Amazon RDS for Db2 DB instance": "Amazon RDS uses a second port, as required by
# Db2, for SSL/TLS connections", SSL_SVCENAME "<any port number except the number used for the non-SSL port>"; IBM's
# ssl_svcename has no default either. So a Db2 endpoint over SSL names its port.
DB2_SSL_PORT = SecondSslPort(
    plain=50000, tls=None,
    where="the SSL_SVCENAME port (RDS for Db2: the SSL_SVCENAME parameter of its parameter group)",
)


def tls_port(
    field: str, spec: EngineSpec, second: SecondSslPort, mode: SslMode, port: Optional[int]
) -> tuple[int, Optional[str]]:
    """The port DMS connects to for an engine with a second SSL port, and a warning when a given port is the
    plain-text listener's default although SSL is on. With SSL off: `port`, default the plain port. With SSL on:
    `port`, default `second.tls`; required where the engine has no default SSL port."""
    if mode is SslMode.NONE:
        return (second.plain if port is None else port), None
    if port is None:
        if second.tls is None:
            fail(
                f"{field}.port",
                None,
                f"is required with ssl_mode '{mode.value}': {spec.label} serves SSL on a second port, which has no "
                f"default and is not the plain-text port {second.plain}",
                f"pass port=<{second.where}>, or ssl_mode=SslMode.NONE with insecure_reason='...' (then the default "
                f"is {second.plain})",
            )
        return second.tls, None
    if not is_token(port) and port == second.plain:
        return port, (
            f"{field}.port is {port}, the default port of {spec.label}'s plain-text listener, but ssl_mode "
            f"'{mode.value}' makes DMS open TLS there, and {spec.label} serves SSL on a second port: the connection "
            f"test fails. Pass port=<{second.where}>; if this server really serves TLS on {port}, acknowledge "
            f"'{SSL_ON_PLAIN_PORT}' on the endpoint."
        )
    return port, None


def rds_ssl_port(
    field: str,
    spec: EngineSpec,
    *,
    port: Union[int, float],
    ssl_port: Optional[int],
    connectable: ec2.IConnectable,
    secret: Optional[secretsmanager.ISecret],
    credentials: Optional[EndpointCredentials],
    ssl_mode: Optional[SslMode],
    certificate: Optional[EndpointCertificate],
    insecure_reason: Optional[str],
) -> Optional[int]:
    """The port DMS connects to on a CDK database when it is not the database's own: RDS for Oracle serves SSL on
    the SSL option's port, never on the instance port (RDS user guide, "Oracle Secure Sockets Layer"), so with SSL
    on DMS connects there and the security groups open it. None for every other engine (and Oracle without SSL),
    which `ssl_port` must then not be given for."""
    if spec.family != "oracle":
        if ssl_port is not None:
            fail(f"{field}.ssl_port", ssl_port, f"is unused: {spec.label} serves SSL on the database's own port",
                 "drop ssl_port")
        return None
    if ssl_port is not None:
        check_whole_number(f"{field}.ssl_port", ssl_port, 1, 65535)
    mode = resolve_ssl_mode(field, spec, ssl_mode, certificate, insecure_reason)
    if mode is SslMode.NONE:
        if ssl_port is not None:
            fail(f"{field}.ssl_port", ssl_port, "is unused with ssl_mode=SslMode.NONE (DMS connects to the instance port)",
                 "drop ssl_port, or keep SSL on")
        return None
    # An imported instance's port resolves to its text ('1521'); a created one's stays a GetAtt.
    resolved = Stack.of(connectable).resolve(port)  # type: ignore[arg-type]  # an RDS instance is a construct
    own = int(resolved) if isinstance(resolved, (int, str)) and str(resolved).isdigit() else None
    if ssl_port is not None and own is not None and ssl_port == own:
        fail(f"{field}.ssl_port", ssl_port,
             "is the instance's own port, where RDS for Oracle serves plain text only (SSL has a second port)",
             "pass the port of the SSL option in the instance's option group (2484 by default)")
    open_port, _ = tls_port(field, spec, ORACLE_SSL_PORT, mode, ssl_port)
    # DMS reads host and port from the secret ("Using secrets to access AWS Database Migration Service endpoints"),
    # and the secret attached to an RDS instance holds the instance port. (jsii hands out a new proxy per access.)
    attached = secret is not None and credentials is not None and credentials._secret is not None and (
        credentials._secret.node.path == secret.node.path)
    if credentials is None or attached:
        fail(
            f"{field}.credentials",
            "the attached secret",
            f"cannot serve with SSL on: DMS connects to the host and port in the secret, and the attached "
            f"secret holds the instance's plain-text port, not the SSL port {open_port}",
            f"pass credentials=EndpointCredentials.generate(username='dms_user', ...) (the library writes port "
            f"{open_port} into it), or EndpointCredentials.from_secret(secret) with a secret whose port is "
            f"{open_port}",
        )
    return open_port


def check_secret_port(field: str, credentials: EndpointCredentials, port: Union[int, float]) -> None:
    """A generated secret holds the port DMS connects to (DMS user guide, "Using secrets to access AWS Database
    Migration Service endpoints": host and port come from the secret); one given to `generate` must be the
    endpoint's, which the security-group rules open."""
    given = credentials.port if credentials.is_generated else None
    if given is not None and not is_token(given) and not is_token(port) and given != port:
        fail(
            f"{field}.credentials.port",
            given,
            f"differs from the endpoint's port {port:g}: DMS connects to the port in the secret, while the "
            f"security-group rules open {port:g}",
            "drop port from EndpointCredentials.generate (it defaults to the endpoint's port), or give the endpoint "
            "that port",
        )


def check_rotation(field: str, spec: EngineSpec, credentials: Optional[EndpointCredentials]) -> None:
    """A generated secret can rotate only where Secrets Manager has a hosted rotation for the engine."""
    if isinstance(credentials, EndpointCredentials) and credentials.rotation is not None and spec.engine.value not in _HOSTED_ROTATION:
        fail(
            f"{field}.credentials.rotation",
            "SecretRotation",
            f"is not available: the library has no hosted rotation function for {spec.label}",
            "pass EndpointCredentials.generate(..., no_rotation_reason='...') and rotate the password on the database "
            "side, or use EndpointCredentials.from_secret(secret) with a rotation you run",
        )


def relational(
    engine: Engine,
    *,
    host: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    port: Optional[int],
    database_name: Optional[str],
    ssl_mode: Optional[SslMode],
    certificate: Optional[EndpointCertificate],
    insecure_reason: Optional[str],
    settings: EngineSettingsBase,
    extra_connection_attributes: Optional[str],
    factory: Optional[str] = None,
    directions: Optional[tuple[str, ...]] = None,
    direction_note: str = "",
    second_ssl_port: Optional[SecondSslPort] = None,
) -> RelationalKind:
    """A relational database outside this CDK app, reached over `peer`. `factory` names the
    `DatabaseEndpoint` factory in messages (default: the engine's). For an engine with `second_ssl_port`,
    `port` may be None: it then follows the SSL mode (`tls_port`)."""
    spec = spec_of(engine)
    field = f"DatabaseEndpoint.{factory or spec.factory}"
    check_host(f"{field}.host", host)
    if port is not None:
        check_range(f"{field}.port", port, 1, 65535)
    check_peer(f"{field}.peer", peer)
    return checked_relational(
        field, spec, host=host, port=port, database_name=database_name,
        credentials=require_credentials(field, credentials), ssl_mode=ssl_mode, certificate=certificate,
        insecure_reason=insecure_reason, reach=Reach(peer=peer), settings=settings,
        extra_connection_attributes=extra_connection_attributes, directions=directions, direction_note=direction_note,
        second_ssl_port=second_ssl_port,
    )


def checked_relational(
    field: str,
    spec: EngineSpec,
    *,
    host: str,
    port: Optional[Union[int, float]],
    database_name: Optional[str],
    credentials: EndpointCredentials,
    ssl_mode: Optional[SslMode],
    certificate: Optional[EndpointCertificate],
    insecure_reason: Optional[str],
    reach: Reach,
    settings: EngineSettingsBase,
    extra_connection_attributes: Optional[str],
    directions: Optional[tuple[str, ...]] = None,
    direction_note: str = "",
    second_ssl_port: Optional[SecondSslPort] = None,
) -> RelationalKind:
    """Checks every relational endpoint shares, then the endpoint. For an engine with `second_ssl_port`, `port`
    may be None: it then follows the SSL mode (`tls_port`)."""
    check_database_name(field, spec, database_name)
    settings._check(f"{field}.settings" if reach.connectable is not None else field)
    check_extra_connection_attributes(field, extra_connection_attributes)
    check_rotation(field, spec, credentials)
    mode = resolve_ssl_mode(field, spec, ssl_mode, certificate, insecure_reason)
    port_warning = None
    if second_ssl_port is not None:
        port, port_warning = tls_port(field, spec, second_ssl_port, mode, port)  # type: ignore[arg-type]
    assert port is not None, "every engine without a second SSL port has a default port"
    check_secret_port(field, credentials, port)
    return RelationalKind(
        engine=spec.engine, host=host, port=port, database_name=database_name, credentials=credentials,
        ssl_mode=mode, certificate=certificate, insecure_reason=insecure_reason, reach=reach, settings=settings,
        extra_connection_attributes=extra_connection_attributes, directions=directions, direction_note=direction_note,
        port_warning=port_warning,
    )
