"""The half every database endpoint that signs in shares: credentials from Secrets Manager, the engine's
settings block, the database name, SSL and its certificate.

Layer: endpoints shared machinery (the relational family and the warehouse build on it; imports no family).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from constructs import IConstruct

from ..errors import fail
from ..facts import SOURCE
from ._access import bind_secret
from ._checks import joined_attributes
from ._settings import EngineSettingsBase, settings_block
from .base import BoundEndpoint, EndpointKind

if TYPE_CHECKING:
    from .._context import WaveContext


class SecretBackedKind(EndpointKind):
    """A database DMS signs in to with a secret (`SecretsManagerSecretId` and
    `SecretsManagerAccessRoleArn` in the engine's settings block)."""

    def __init__(self, *, settings: Optional[EngineSettingsBase] = None, **common: Any) -> None:
        super().__init__(**common)
        self.settings = settings

    def check_bind(self, wave: "WaveContext", where: str, direction: str) -> None:
        spec = self.spec
        if self.settings is not None:
            self.settings._check(where, direction)
        if spec.database_name == "target-only" and self.database_name is not None and direction == SOURCE:
            fail(
                f"{where}.database_name",
                self.database_name,
                f"cannot be set on a {spec.label} source: DMS reads every database the user can see",
                "drop database_name and select schemas in the task's table mappings",
            )

    @property
    def extra_ports(self) -> tuple[int, ...]:
        """The typed settings' further ports (e.g. the Oracle ASM listener's)."""
        return self.settings._extra_ports() if self.settings is not None else ()

    def block_settings(self, wave: "WaveContext", bound: BoundEndpoint, direction: str) -> dict[str, Any]:
        """The engine's own entries of its settings block. Default: the typed settings."""
        return self.settings._properties() if self.settings is not None else {}

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        spec = self.spec
        assert self.credentials is not None
        settings = bind_secret(
            self.credentials, wave, bound, host=self.host, port=self.port, database_name=self.database_name,
            label=spec.label, dependencies=dependencies,
        )
        settings.update(self.block_settings(wave, bound, direction))
        if self.settings is not None:
            settings.update(self.settings._bind(wave))
        props: dict[str, Any] = {}
        if spec.database_name != "unused" and self.database_name is not None:
            props["database_name"] = self.database_name
        if spec.ssl_modes:
            assert self.ssl_mode is not None
            props["ssl_mode"] = self.ssl_mode.value
            if self.ssl_mode.needs_certificate:
                assert self.certificate is not None
                bound.certificate_arn = self.certificate._bind(bound, identifier=bound.identifier)
                props["certificate_arn"] = bound.certificate_arn
        keyword, block = settings_block(spec.facts.settings_block, settings)
        props[keyword] = block
        # The endpoint reads its secret from the replication's private subnets: point DMS at the network's
        # Secrets Manager VPC endpoint (see MigrationWave.secrets_manager_endpoint_override). An override
        # the caller gave is kept as it is.
        own = self.extra_connection_attributes or ""
        if "secretsmanagerendpointoverride" not in own.lower():
            props["extra_connection_attributes"] = joined_attributes(own, wave.secrets_manager_endpoint_override)
        return props
