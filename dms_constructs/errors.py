"""Errors raised by dms_constructs for invalid input."""


class DmsConfigError(ValueError):
    """A value given to dms_constructs is invalid. The message names the field, the value and the fix."""
