"""Small helpers that turn a bad input into a DmsConfigError naming the field, the value and the fix."""

from __future__ import annotations

import re
from typing import Any

from aws_cdk import Token

from .errors import fail


def is_token(value: Any) -> bool:
    """True when `value` is a CDK token that only resolves at deploy time; such values skip checks."""
    if isinstance(value, str):
        return Token.is_unresolved(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Token.is_unresolved(value)
    return False


def check_range(field: str, value: float, low: float, high: float, unit: str = "") -> None:
    """Fail unless `low <= value <= high` (tokens pass)."""
    if is_token(value):
        return
    if not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        fail(field, value, f"must be between {low} and {high}{suffix}", f"choose a value in {low}..{high}")


_IDENTIFIER = re.compile(r"^[a-z](?:[a-z0-9]|-(?!-))*$")


def check_dms_identifier(field: str, value: str, max_length: int = 63) -> None:
    """DMS resource identifiers: 1..max_length letters, digits or hyphens, starting with a letter,
    no trailing or double hyphen; we also require lower case because DMS stores them lower-cased."""
    if is_token(value):
        return
    if not value or len(value) > max_length or not _IDENTIFIER.match(value) or value.endswith("-"):
        fail(
            field,
            value,
            f"is not a valid DMS identifier",
            f"use 1-{max_length} lower-case letters, digits or single hyphens, starting with a letter "
            "and not ending with a hyphen",
        )


def slug(text: str) -> str:
    """Lower-case `text` and fold every run of characters DMS identifiers reject into one hyphen."""
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")


def identifier_from(field: str, *parts: str, max_length: int = 63) -> str:
    """Join stable names into a DMS identifier, failing with a message naming `field` when they cannot form one."""
    candidate = slug("-".join(parts))
    if not candidate or not candidate[0].isalpha():
        fail(
            field,
            "-".join(parts),
            "cannot form a DMS identifier (it needs a leading letter)",
            "start the name with a letter, e.g. 'orders'",
        )
    if len(candidate) > max_length:
        fail(
            field,
            candidate,
            f"forms an identifier longer than {max_length} characters",
            "choose a shorter name",
        )
    check_dms_identifier(field, candidate, max_length)
    return candidate
