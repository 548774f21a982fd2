"""Errors raised by dms_constructs for invalid input (pure Python: the document builders use it too)."""

from typing import Any, NoReturn


class DmsConfigError(ValueError):
    """A value given to dms_constructs is invalid. The message names the field, the value and the fix."""


def fail(field: str, value: Any, problem: str, fix: str) -> NoReturn:
    """Raise the library's error in its one message format: `<field>: <problem> (got <value>); <fix>`."""
    raise DmsConfigError(f"{field}: {problem} (got {value!r}); {fix}")
