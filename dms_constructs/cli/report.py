"""How `guard` prints its findings: text for people (default) or JSON for tools."""

from __future__ import annotations

import json

from .guard import ALLOWED, ERROR, INFO, WARNING, GuardReport

_LABEL = {ERROR: "ERROR", WARNING: "WARNING", ALLOWED: "ALLOWED", INFO: "info"}


def render_text(report: GuardReport, *, show_info: bool = True) -> str:
    lines = []
    for f in report.findings:
        if f.severity == INFO and not show_info:
            continue
        head = f"{_LABEL[f.severity]:8} {f.change:10} {f.stack} {f.logical_id} ({f.resource_type}, DMS identifier: {f.identifier})"
        lines.append(head)
        lines.append(f"         why: {f.reason}")
        if f.severity == ALLOWED:
            lines.append(f"         allowed: {f.allowed_reason}")
        elif f.advice and f.severity != INFO:
            lines.append(f"         instead: {f.advice}")
    for entry in report.stale_entries:
        lines.append(f"WARNING  stale allow-list entry: {entry.describe()} matches no replacement or deletion; remove it")
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in (ERROR, WARNING, ALLOWED, INFO)}
    verdict = "FAILED: deploying AFTER would replace or delete the resources above" if report.exit_code else "OK: nothing replaced or deleted"
    lines.append(
        f"{verdict} ({report.compared} resources compared; {counts[ERROR]} errors, {counts[WARNING]} warnings, "
        f"{counts[ALLOWED]} allowed, {counts[INFO]} in-place updates or additions; {len(report.stale_entries)} stale allow-list entries)"
    )
    return "\n".join(lines)


def render_json(report: GuardReport) -> str:
    return json.dumps(
        {
            "exit_code": report.exit_code,
            "compared": report.compared,
            "findings": [f.as_dict() for f in report.findings],
            "stale_allow_entries": [e.__dict__ for e in report.stale_entries],
        },
        indent=2,
    )
