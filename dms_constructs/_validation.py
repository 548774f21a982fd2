"""Small helpers that turn a bad input into a DmsConfigError naming the field, the value and the fix."""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
import re
import struct
from typing import TYPE_CHECKING, Any, Optional

from aws_cdk import Token
from constructs import Construct

from .errors import fail as fail  # re-exported: parts import fail from here

if TYPE_CHECKING:
    from constructs import IConstruct


# aws-cdk-lib's `Token.isUnresolved` (core/lib/private/encoding.js, `unresolved`): a string is a token
# only if it contains "Token[", and a number only if its upper 16 bits are the token-double marker. The
# same tests in Python spare the round trip to the jsii runtime for the (many) plain values.
_ANY_TOKEN_MARKER = "Token["
_DOUBLE_TOKEN_MARKER_BITS = 0xFBFF0000


def is_token(value: Any) -> bool:
    """True when `value` is a CDK token that only resolves at deploy time; such values skip checks."""
    if isinstance(value, str):
        return _ANY_TOKEN_MARKER in value and Token.is_unresolved(value)
    if isinstance(value, float) and not math.isfinite(value):
        return False  # NaN and infinity are never tokens, and jsii cannot carry them (its kernel would fail)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            high = struct.unpack("<II", struct.pack("<d", float(value)))[1]
        except OverflowError:
            return False  # beyond a double: no token (and jsii cannot carry it either)
        return (high & 0xFFFF0000) == _DOUBLE_TOKEN_MARKER_BITS and Token.is_unresolved(value)
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
            "is not a valid DMS identifier",
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


# --- shape checkers for what users type ---------------------------------------------------------------
# Each takes the field name (as the user wrote it, e.g. `MigrationNetwork.cidr`) and the value, passes
# CDK tokens (they resolve at deploy time), and otherwise fails with the field, the value and the fix.


def check_type(field: str, value: Any, expected: "type | tuple[type, ...]", fix: str) -> None:
    """Fail unless `value` is an instance of `expected` (bool is not accepted where a number is meant),
    so that a wrong type fails here, naming the field, and not deep inside jsii."""
    wanted = expected if isinstance(expected, tuple) else (expected,)
    if (isinstance(value, bool) and bool not in wanted) or not isinstance(value, wanted):
        fail(field, value, f"must be {_type_names(wanted)}, not {type(value).__name__}", fix)


def _type_names(types: "tuple[type, ...]") -> str:
    return " or ".join(t.__name__ for t in types)


def check_name(field: str, name: Any) -> None:
    """A name that is API (it forms a construct id and a DMS identifier): a string that is not blank."""
    check_type(field, name, str, "give a name such as 'orders'")
    if not name.strip():
        fail(field, name, "is empty", "give a name such as 'orders'")


def check_whole_number(field: str, value: Any, low: int, high: int, unit: str = "") -> None:
    """Fail unless `value` is an int (not a bool or float) in low..high (tokens pass)."""
    if is_token(value):
        return
    suffix = f" {unit}" if unit else ""
    if isinstance(value, bool) or not isinstance(value, int):
        fail(field, value, f"must be a whole number from {low} to {high}{suffix}", f"give an int, e.g. {low}")
    check_range(field, value, low, high, unit)


def check_string_list(field: str, value: Any, example: str) -> "list[str]":
    """`value` as a list of non-empty strings; a single string (which Python would iterate letter by
    letter) or any other item fails."""
    if isinstance(value, str):
        fail(field, value, "must be a list of strings, not one string", f"write [{value!r}]")
    try:
        items = list(value)
    except TypeError:
        fail(field, value, "must be a list of strings", f"give e.g. [{example!r}]")
    for item in items:
        if not isinstance(item, str) or (not is_token(item) and not item.strip()):
            fail(field, item, "is not a non-empty string", f"give e.g. [{example!r}]")
    return items


_REGION_SHAPE = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
_AZ_SHAPE = re.compile(r"^([a-z]{2}(-[a-z]+)+-\d+)[a-z]$")


def check_region(field: str, value: Any) -> None:
    """An AWS Region name, e.g. `eu-west-1`."""
    if is_token(value):
        return
    if not isinstance(value, str) or not _REGION_SHAPE.match(value):
        fail(field, value, "is not an AWS Region name", "give e.g. 'eu-west-1'")


def check_availability_zones(field: str, value: Any, region: Optional[str]) -> "list[str]":
    """Distinct availability zone names (`<region><letter>`, e.g. `eu-west-1a`) of `region` when it is known."""
    zones = check_string_list(field, value, f"{region or 'eu-west-1'}a")
    for zone in zones:
        if is_token(zone):
            continue
        match = _AZ_SHAPE.match(zone)
        if not match:
            fail(field, zone, "is not an availability zone name (a Region name and a letter)", f"give e.g. '{region or 'eu-west-1'}a'")
        if region is not None and not is_token(region) and match.group(1) != region:
            fail(field, zone, f"is a zone of {match.group(1)}, not of the stack's Region {region}", f"use zones of {region}, e.g. '{region}a'")
    duplicates = sorted({z for z in zones if zones.count(z) > 1})
    if duplicates:
        fail(field, zones, f"lists {', '.join(duplicates)} more than once (one DMS subnet per zone)", "list each zone once")
    return zones


_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def check_host(field: str, value: Any) -> None:
    """A database host as DMS takes it (`ServerName`): a DNS name or an IP address, nothing else — no
    scheme, port, path, user or spaces (DMS user guide, "Creating source and target endpoints": the
    server name is the host name or IP address; the port is its own setting)."""
    if is_token(value):
        return
    if not isinstance(value, str) or not value.strip():
        fail(field, value, "is empty", "give the database's host name or IP address, e.g. 'db.example.com'")
    host = value
    if "://" in host:
        fail(field, host, "is a URL, not a host name", f"give only the host, e.g. {host.split('://', 1)[1].split('/')[0].split(':')[0]!r}")
    if any(c.isspace() for c in host) or "@" in host or "/" in host:
        fail(field, host, "is not a host name or IP address (it holds spaces, '@' or '/')", "give only the host, e.g. 'db.example.com'")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        if address.is_loopback or address.is_unspecified:
            fail(field, host, "is a loopback or unspecified address, which DMS cannot reach", "give the database's routable address")
        return
    if host.count(":") == 1 and host.rsplit(":", 1)[1].isdigit():
        name, port = host.rsplit(":", 1)
        fail(field, host, f"includes a port ({port})", f"give host={name!r} and the port in port={port}")
    name = host[:-1] if host.endswith(".") else host
    if len(name) > 253 or not all(_HOST_LABEL.match(label) for label in name.split(".")):
        fail(field, host, "is not a valid DNS name (labels of 1-63 letters, digits and hyphens, 253 characters at most)",
             "give the database's host name, e.g. 'orders-db.corp.example.com'")
    if name.lower() == "localhost":
        fail(field, host, "is the replication instance itself, not the database", "give the database's host name")


_ARN = re.compile(r"^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$")


def check_arn(field: str, value: Any, service: str, resource_types: "tuple[str, ...]", region: Optional[str] = None) -> None:
    """An ARN of `service` whose resource starts with one of `resource_types` (e.g. `cert:`), in `region`
    when that is known: DMS uses certificates, endpoints, instances and secrets of its own Region only."""
    if is_token(value):
        return
    example = f"arn:aws:{service}:{region or 'eu-west-1'}:123456789012:{resource_types[0]}..."
    match = _ARN.match(value) if isinstance(value, str) else None
    if not match:
        fail(field, value, "is not an ARN", f"give arn:<partition>:{service}:<region>:<account>:<resource>, e.g. {example}")
    _, arn_service, arn_region, account, resource = match.groups()
    if arn_service != service:
        fail(field, value, f"is an ARN of {arn_service}, not of {service}", f"give a {service} ARN, e.g. {example}")
    if not resource.startswith(resource_types):
        kind = resource.split(":")[0].split("/")[0]
        wanted = " or ".join(repr(t.rstrip(":/")) for t in resource_types)
        fail(field, value, f"names a resource of type {kind!r}, not {wanted}", f"give e.g. {example}")
    if not account:
        fail(field, value, "has no account id", f"give e.g. {example}")
    if region is not None and not is_token(region) and arn_region != region:
        fail(field, value, f"is in Region {arn_region or '(none)'}, but the stack deploys to {region}",
             f"use the resource of {region} (DMS reads only resources of its own Region)")


# `dms.<family>.<size>`: DMS user guide, "Choosing the right AWS DMS replication instance type" (t3, c5,
# c6i, c7i, r5, r6i, r7i, ...; sizes micro to 24xlarge).
_INSTANCE_CLASS = re.compile(r"^dms\.[a-z]+\d+[a-z]*\.(micro|small|medium|large|(\d{1,2})?xlarge)$")


def check_instance_class(field: str, value: Any) -> None:
    """A replication instance class `dms.<family>.<size>`, e.g. `dms.r6i.large`."""
    if is_token(value):
        return
    if not isinstance(value, str) or not _INSTANCE_CLASS.match(value):
        fail(field, value, "is not a DMS replication instance class (dms.<family>.<size>)",
             "use e.g. 'dms.t3.medium', 'dms.r6i.large' or 'dms.c6i.2xlarge' (lower case, size micro..24xlarge)")


_WINDOW = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):([0-5]\d)$")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def check_maintenance_window(field: str, value: Any) -> None:
    """`ddd:hh24:mi-ddd:hh24:mi` in UTC, at least 30 minutes (CloudFormation `PreferredMaintenanceWindow`
    of AWS::DMS::ReplicationInstance: "Constraints: Minimum 30-minute window")."""
    if is_token(value):
        return
    match = _WINDOW.match(value) if isinstance(value, str) else None
    if not match:
        fail(field, value, "is not a maintenance window", "use 'ddd:hh24:mi-ddd:hh24:mi' in UTC, e.g. 'sun:02:00-sun:04:00'")
    d1, h1, m1, d2, h2, m2 = match.groups()
    start = _DAYS.index(d1) * 1440 + int(h1) * 60 + int(m1)
    end = _DAYS.index(d2) * 1440 + int(h2) * 60 + int(m2)
    if (end - start) % (7 * 1440) < 30:
        fail(field, value, "is shorter than the 30 minutes DMS requires", "make the window at least 30 minutes long")


def check_cdc_start_time(field: str, value: Any, now: Optional[dt.datetime] = None) -> None:
    """A timezone-aware time in the past: DMS reads changes from the source's log, which holds nothing
    after now nor before 1970 (CdcStartTime is epoch seconds)."""
    if not isinstance(value, dt.datetime):
        fail(field, value, "must be a datetime", "pass e.g. datetime(2026, 1, 31, 22, 0, tzinfo=timezone.utc)")
    if value.tzinfo is None or value.utcoffset() is None:
        fail(field, value.isoformat(), "has no timezone", "pass an aware datetime, e.g. datetime(..., tzinfo=timezone.utc)")
    if value.timestamp() <= 0:
        fail(field, value.isoformat(), "is before 1970, which epoch seconds cannot express", "give the time the changes to replay begin")
    current = now or dt.datetime.now(dt.timezone.utc)
    if value > current:
        fail(field, value.isoformat(), "is in the future: the source's log has no changes from then yet",
             "give a time in the past, or start without cdc_start and let DMS read from when the task starts")


# Native CDC start points per source engine: DMS user guide, "Determining a CDC native start point"
# (MySQL binlog file:position, PostgreSQL LSN, Oracle SCN, SQL Server LSN), and the API reference of
# CdcStartPosition ("date, checkpoint, or LSN/SCN format", e.g. "2018-03-08T12:12:12").
_CDC_POSITIONS: dict[str, tuple["re.Pattern[str]", str]] = {
    "mysql": (re.compile(r"^[\w.-]+\.\d+:\d+$"), "a binlog file and position, e.g. 'mysql-bin-changelog.000024:373'"),
    "postgres": (re.compile(r"^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$"), "a log sequence number, e.g. '0/3A0B2C8'"),
    "oracle": (re.compile(r"^\d+$"), "a system change number (SCN), e.g. '24816598'"),
    "sqlserver": (re.compile(r"^[0-9A-Fa-f]+:[0-9A-Fa-f]+:[0-9A-Fa-f]+$"), "a log sequence number, e.g. '0000002a:00000100:0003'"),
}
_CDC_ENGINE_FAMILY = {"mariadb": "mysql", "aurora": "mysql", "aurora-postgresql": "postgres"}
_CHECKPOINT = re.compile(r"^checkpoint:V1#.+")
_CDC_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


def check_cdc_start_position(field: str, value: Any, source_engine: Optional[str]) -> None:
    """A CDC start position in a form DMS takes for the source engine: a checkpoint (`checkpoint:V1#...`),
    a date (`2026-01-31T22:00:00`) or the engine's native position. Unknown engines take any non-empty text."""
    if is_token(value):
        return
    if not isinstance(value, str) or not value.strip():
        fail(field, value, "is empty", "give the LSN/SCN/binlog position or checkpoint to start from")
    if _CHECKPOINT.match(value) or _CDC_DATE.match(value):
        return
    family = _CDC_ENGINE_FAMILY.get(source_engine or "", source_engine or "")
    shape = _CDC_POSITIONS.get(family)
    if shape is not None and not shape[0].match(value):
        fail(field, value, f"is not a start position DMS reads from {source_engine} sources",
             f"give {shape[1]}, a checkpoint 'checkpoint:V1#...', or a time with CdcStart.at_time(...)")


# Sources that DMS reads with a full load only. "Using a Microsoft Azure SQL database as a source for
# AWS DMS": "AWS DMS doesn't support change data capture operations (CDC) with Azure SQL Database."
NO_CDC_SOURCES: dict[str, str] = {"azuredb": "Azure SQL Database"}


def check_cdc_source(field: str, source_engine: Optional[str], migration_type: str) -> None:
    """Refuse a task that replicates changes from a source DMS cannot capture changes from."""
    label = NO_CDC_SOURCES.get(source_engine or "")
    if label is not None and migration_type != "full-load":
        fail(field, migration_type, f"needs change data capture, which DMS does not support for {label} sources",
             "use migration_type=MigrationType.FULL_LOAD (and reload to catch up), or replicate from a source that supports CDC")


# --- identifiers that collide once DMS normalises them ------------------------------------------------
