"""The checks of `MigrationWave.add_migration_project`'s arguments, before anything is created: the endpoints
belong to the wave and face the right way, both engines are data providers, the transformation rules parse,
a data migration joins a homogeneous pair, and the network type is one the instance profile takes.

Layer: part (reads the wave's endpoints through the arguments; never imports the wave).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from .._validation import check_name, check_type
from ..errors import fail
from ..existing import SOURCE, TARGET
from .data_migration import DataMigration
from .engines import check_homogeneous, provider_engine
from .instance_profile import NetworkType
from .project import transformation_rules_json

if TYPE_CHECKING:
    from ..endpoints import BoundEndpoint


def check_project_request(
    field: str,
    name: Any,
    *,
    wave_endpoints: Mapping[str, Any],
    existing_projects: Mapping[str, Any],
    source: "BoundEndpoint",
    target: "BoundEndpoint",
    data_migration: Optional[DataMigration],
    transformation_rules: Optional[Union[Mapping[str, Any], str]],
    network_type: Optional[NetworkType],
) -> NetworkType:
    """Fail with the field, the value and the fix on the first bad argument; return the instance profile's
    network type (default `NetworkType.IPV4`).

    :param field: what the messages name, e.g. `MigrationWave(orders).add_migration_project`.
    :param wave_endpoints: the wave's endpoints by name (a source and a target must be one of them).
    :param existing_projects: the wave's migration projects so far, by name.
    """
    check_name(f"{field} name", name)
    if name in existing_projects:
        fail(field, name, "names a migration project this wave already has", "give every migration project of a wave its own name")
    for role, endpoint, direction in (("source", source, SOURCE), ("target", target, TARGET)):
        endpoint_name = getattr(endpoint, "name", None)
        if not isinstance(endpoint_name, str) or wave_endpoints.get(endpoint_name) is not endpoint:
            fail(f"{field}({name}).{role}", getattr(endpoint, "name", endpoint), "is not an endpoint of this wave",
                 f"add it with wave.add_{direction}(...) first and pass what that returns")
        if endpoint.direction != direction:
            fail(f"{field}({name}).{role}", endpoint.name, f"is a {endpoint.direction} endpoint",
                 f"pass an endpoint added with wave.add_{direction}(...)")
    for endpoint in (source, target):
        provider_engine(f"DataProvider({endpoint.name}).engine", endpoint.engine_name)
    transformation_rules_json(f"{field}({name}).transformation_rules", transformation_rules)
    if data_migration is not None:
        check_type(f"{field}({name}).data_migration", data_migration, DataMigration, "pass DataMigration(...)")
        check_homogeneous(f"{field}({name}).data_migration", source.engine_name, target.engine_name)
    try:
        return NetworkType(network_type if network_type is not None else NetworkType.IPV4)
    except ValueError:
        fail(f"{field}({name}).network_type", network_type, "is not an instance profile network type",
             "use NetworkType.IPV4 or NetworkType.DUAL")
