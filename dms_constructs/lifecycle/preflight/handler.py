"""Entry points of the wave's preflight provider: one Lambda asset serves both custom resource types, so
that a wave needs one provider (and its 15 resources) for both. Dispatches by `ResourceType`:
`Custom::DmsConnectionTest` to `connection_test.py`, `Custom::DmsPremigrationAssessment` to `assessment.py`."""

from __future__ import annotations

from typing import Any

try:  # as the Lambda runtime loads it: the asset's modules are top-level
    import assessment  # type: ignore[import-not-found,unused-ignore]
    import connection_test  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # inside the package (tests)
    from . import assessment, connection_test

HANDLERS: dict[str, Any] = {
    "Custom::DmsConnectionTest": connection_test,
    "Custom::DmsPremigrationAssessment": assessment,
}


def _module(event: dict[str, Any]) -> Any:
    resource_type = event.get("ResourceType")
    module = HANDLERS.get(str(resource_type))
    if module is None:
        raise ValueError(f"preflight: expected ResourceType {' or '.join(HANDLERS)}, got {resource_type!r}")
    return module


def on_event(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    result: dict[str, Any] = _module(event).on_event(event, context)
    return result


def is_complete(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    result: dict[str, Any] = _module(event).is_complete(event, context)
    return result
