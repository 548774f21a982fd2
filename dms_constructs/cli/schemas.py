"""Create-only properties from the CloudFormation resource provider schemas that cfn-lint ships
(`cfnlint/data/schemas/providers/<region>.json` -> `resources/<hash>.json`), read through cfn-lint's
schema manager so that cfn-lint's own patches apply. A change to a create-only property makes
CloudFormation replace the resource; nothing here is a hand-kept list."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterator

DEFAULT_REGION = "us-east-1"

Path = tuple[str, ...]


class SchemaUnavailable(RuntimeError):
    """cfn-lint (which carries the schemas) is not installed."""


def _manager() -> Any:
    try:
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise SchemaUnavailable(
            "the guard reads create-only properties from the CloudFormation schemas that cfn-lint ships; "
            "install it: pip install 'dms-constructs[guard]'"
        ) from error
    return PROVIDER_SCHEMA_MANAGER


@lru_cache(maxsize=None)
def _known_regions() -> frozenset[str]:
    from cfnlint.helpers import REGIONS

    return frozenset(REGIONS)


def schema_region(region: str | None) -> str:
    """`region` when cfn-lint has schemas for it, else us-east-1 (environment-agnostic stacks, new regions)."""
    _manager()
    return region if region in _known_regions() else DEFAULT_REGION


@lru_cache(maxsize=None)
def create_only_properties(resource_type: str, region: str = DEFAULT_REGION) -> tuple[Path, ...]:
    """The create-only properties of `resource_type`, as paths below `Properties`: the schema's JSON
    pointer `/properties/MongoDbSettings/AuthType` becomes `("MongoDbSettings", "AuthType")`; `*`
    stands for every item of a list or map. Unknown types (third-party, removed) have none."""
    from cfnlint.schema import ResourceNotFoundError

    manager = _manager()
    try:
        schema = manager.get_resource_schema(schema_region(region), resource_type).schema
    except ResourceNotFoundError:
        return ()
    paths = []
    for pointer in schema.get("createOnlyProperties", []):
        parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
        if parts and parts[0] == "properties" and len(parts) > 1:
            paths.append(tuple(parts[1:]))
    return tuple(paths)


def values_at(properties: Any, path: Path) -> dict[str, Any]:
    """Every value at `path` in `properties`, by concrete path (`*` expanded), e.g.
    `{"MongoDbSettings/AuthType": "password"}`; empty when the property is not set."""
    return dict(_walk(properties, path, ()))


def _walk(value: Any, path: Path, at: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    if not path:
        yield "/".join(at), value
        return
    head, rest = path[0], path[1:]
    if head == "*":
        items = enumerate(value) if isinstance(value, list) else value.items() if isinstance(value, dict) else ()
        for key, item in items:
            yield from _walk(item, rest, at + (str(key),))
    elif isinstance(value, dict) and head in value:
        yield from _walk(value[head], rest, at + (head,))
