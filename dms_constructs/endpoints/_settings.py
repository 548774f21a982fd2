"""The base of the typed engine settings: each field maps to one property of the engine's
`AWS::DMS::Endpoint` settings block; only what is set reaches the template.

Layer: endpoints shared machinery (imports no engine family).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Sequence

from aws_cdk import aws_dms as dms

from .._validation import is_token
from ..errors import fail

if TYPE_CHECKING:
    from .._context import WaveContext


def setting(direction: Optional[str] = None, choices: Optional[Sequence[str]] = None, *, in_template: bool = True) -> Any:
    """A settings field: `direction` when it applies to sources or targets only, `choices` when DMS
    accepts only those values (both from the CloudFormation `AWS::DMS::Endpoint` reference). A field with
    `in_template=False` is no property itself: the settings class turns it into properties in `_bind`."""
    return field(
        default=None,
        metadata={"direction": direction, "choices": tuple(choices) if choices else None, "in_template": in_template},
    )


@dataclass(frozen=True)
class EngineSettingsBase:
    """Common behaviour of the typed settings: only what is set reaches the template."""

    def _check(self, prefix: str, direction: Optional[str] = None) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            choices = f.metadata.get("choices")
            if choices and not is_token(value) and value not in choices:
                fail(f"{prefix}.{f.name}", value, "is not a value DMS accepts", f"use one of: {', '.join(choices)}")
            wanted = f.metadata.get("direction")
            if direction is not None and wanted is not None and wanted != direction:
                fail(
                    f"{prefix}.{f.name}",
                    value,
                    f"applies only to {wanted} endpoints (this one is a {direction})",
                    f"drop {f.name}, or add the endpoint with wave.add_{wanted}(...)",
                )

    def _properties(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) is not None and f.metadata.get("in_template", True)
        }

    def _extra_ports(self) -> tuple[int, ...]:
        """Further TCP ports DMS connects to on the database's network. Default: none."""
        return ()

    def _bind(self, wave: "WaveContext") -> dict[str, Any]:
        """Settings-block entries that need the wave (e.g. a further secret granted to its secrets access
        role). Default: none."""
        return {}


def settings_block(block: str, settings: dict[str, Any]) -> tuple[str, Any]:
    """The `CfnEndpoint` keyword and property object of a settings block named as in CloudFormation
    (`facts.EngineFacts.settings_block`, e.g. `MySqlSettings` -> `my_sql_settings`,
    `CfnEndpoint.MySqlSettingsProperty`)."""
    keyword = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", block).lower()
    property_class = getattr(dms.CfnEndpoint, f"{block}Property")
    return keyword, property_class(**settings)
