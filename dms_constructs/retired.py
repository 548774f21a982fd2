"""What a RETIRED wave keeps of its endpoints and tasks: records for the runbook, and the generated
secrets at the construct ids they had while migrating (`Endpoints/<name>/Secret`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional, Union

from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from .acknowledgments import acknowledge
from .credentials import ROTATION_FINDING_IDS, generated_password
from .errors import DmsConfigError

if TYPE_CHECKING:
    from .endpoints import DatabaseEndpoint
    from .table_mappings import TableMappings
    from .tasks import MigrationType
    from ._context import WaveContext

def _absent(record: str, name: str, what: str) -> DmsConfigError:
    return DmsConfigError(
        f"{record}.{name}: the wave is RETIRED, so {what} no longer exists in DMS and has no {name.replace('_', ' ')}. "
        "Fix: read it only while the wave is MIGRATING or CUT_OVER."
    )


RETIRED_SECRET_REASON = (
    "The wave is RETIRED: no DMS endpoint reads this secret any more and the network a rotation function would run "
    "in is deleted; the secret is kept (per the wave's removal policy) as a record of the DMS user, whom the runbook's "
    "cleanup has the DBA drop."
)


class RetiredEndpoint(Construct):
    """An endpoint of a RETIRED wave: its name, identifier, direction and engine (for the runbook) and,
    for generated credentials, the kept secret. No DMS endpoint exists: reading `resource` or
    `endpoint_arn` raises a DmsConfigError that says so."""

    _ABSENT = ("resource", "endpoint_arn")

    def __init__(
        self,
        wave: "WaveContext",
        scope: Construct,
        *,
        name: str,
        identifier: str,
        direction: str,
        endpoint: "DatabaseEndpoint",
    ) -> None:
        super().__init__(scope, name)
        self.name = name
        self.identifier = identifier
        self.direction = direction
        self.engine_name: str = endpoint.engine.value
        self.host: Optional[Union[str, Any]] = endpoint.host
        self.port: Optional[Union[int, float]] = endpoint.port
        self.database_name: Optional[str] = endpoint.database_name
        self.secret: Optional[secretsmanager.ISecret] = None
        credentials = endpoint.credentials
        if credentials is not None and credentials.is_generated and credentials.username is not None:
            from .endpoints.base import spec_of

            label = spec_of(endpoint.engine).label
            secret = secretsmanager.Secret(
                self,
                "Secret",
                # As while migrating (endpoints/_access.py), so that retiring changes nothing of the kept secret.
                description=f"Credentials of DMS endpoint {identifier} ({label})",
                encryption_key=wave.encryption_key,
                removal_policy=wave.removal_policy,
                generate_secret_string=generated_password(self, credentials.username),
            )
            resource = secret.node.default_child
            assert resource is not None
            for finding in ROTATION_FINDING_IDS:
                acknowledge(resource, finding, RETIRED_SECRET_REASON)
            self.secret = secret

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes never set: what a migrating wave's endpoint has and this record does not.
        if name in RetiredEndpoint._ABSENT:
            raise _absent(f"RetiredEndpoint({self.__dict__.get('name')})", name, "the endpoint")
        raise AttributeError(name)


@dataclass(frozen=True)
class RetiredTask:
    """A task a RETIRED wave declares: validated like any task, created nowhere. Reading `resource`,
    `task_arn` or `resource_id` raises a DmsConfigError that says so."""

    _ABSENT = ("resource", "task_arn", "resource_id")

    name: str
    identifier: str
    source: str
    target: str
    migration_type: "MigrationType"
    table_mappings: "TableMappings"

    def __getattr__(self, name: str) -> Any:
        if name in RetiredTask._ABSENT:
            raise _absent(f"RetiredTask({self.name})", name, "the task")
        raise AttributeError(name)
