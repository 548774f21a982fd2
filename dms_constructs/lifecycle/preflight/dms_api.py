"""What the preflight handlers share: one DMS client per execution environment and the parts of a
botocore `ClientError` they report. A top-level module of the Lambda asset, like the handlers that
import it; tests swap the client by setting `_CLIENT`."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

_CLIENT: Any = None


def dms() -> Any:
    """The DMS client, made on first use, with botocore's standard retries for throttling."""
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = boto3.client("dms", config=Config(connect_timeout=5, read_timeout=15, retries={"mode": "standard", "max_attempts": 5}))
    return _CLIENT


def error_code(error: ClientError) -> str:
    """DMS's error code, e.g. `InvalidResourceStateFault` (empty when the response has none)."""
    return str(error.response.get("Error", {}).get("Code", ""))


def error_message(error: ClientError) -> str:
    """DMS's error message, or the error itself when DMS gave none."""
    return str(error.response.get("Error", {}).get("Message", "")) or str(error)
