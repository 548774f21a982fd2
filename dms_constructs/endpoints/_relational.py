"""The shared base of the relational engine families (`relational`: MySQL, PostgreSQL, Oracle, SQL Server,
Babelfish; `db2_ase`: IBM Db2 LUW, Db2 for z/OS, SAP ASE): one kind, the checks every relational endpoint
shares, and the endpoint built from them.

Layer: endpoints shared machinery (imports base and the other shared modules, never a family).
"""

from __future__ import annotations

from typing import Any, Optional, Union

from aws_cdk import aws_ec2 as ec2

from .._validation import check_range
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
        self, *, directions: Optional[tuple[str, ...]] = None, direction_note: str = "", **common: Any
    ) -> None:
        super().__init__(**common)
        self._directions = directions
        self.direction_note = direction_note

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
    port: int,
    database_name: Optional[str],
    ssl_mode: Optional[SslMode],
    certificate: Optional[EndpointCertificate],
    insecure_reason: Optional[str],
    settings: EngineSettingsBase,
    extra_connection_attributes: Optional[str],
    factory: Optional[str] = None,
    directions: Optional[tuple[str, ...]] = None,
    direction_note: str = "",
) -> RelationalKind:
    """A relational database outside this CDK app, reached over `peer`. `factory` names the
    `DatabaseEndpoint` factory in messages (default: the engine's)."""
    spec = spec_of(engine)
    field = f"DatabaseEndpoint.{factory or spec.factory}"
    check_host(f"{field}.host", host)
    check_range(f"{field}.port", port, 1, 65535)
    check_peer(f"{field}.peer", peer)
    return checked_relational(
        field, spec, host=host, port=port, database_name=database_name,
        credentials=require_credentials(field, credentials), ssl_mode=ssl_mode, certificate=certificate,
        insecure_reason=insecure_reason, reach=Reach(peer=peer), settings=settings,
        extra_connection_attributes=extra_connection_attributes, directions=directions, direction_note=direction_note,
    )


def checked_relational(
    field: str,
    spec: EngineSpec,
    *,
    host: str,
    port: Union[int, float],
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
) -> RelationalKind:
    """Checks every relational endpoint shares, then the endpoint."""
    check_database_name(field, spec, database_name)
    settings._check(f"{field}.settings" if reach.connectable is not None else field)
    check_extra_connection_attributes(field, extra_connection_attributes)
    check_rotation(field, spec, credentials)
    mode = resolve_ssl_mode(field, spec, ssl_mode, certificate, insecure_reason)
    return RelationalKind(
        engine=spec.engine, host=host, port=port, database_name=database_name, credentials=credentials,
        ssl_mode=mode, certificate=certificate, insecure_reason=insecure_reason, reach=reach, settings=settings,
        extra_connection_attributes=extra_connection_attributes, directions=directions, direction_note=direction_note,
    )
