"""EventBridge rules whose event pattern lists DMS resource ARNs: how many ARNs one rule may list.

Amazon EventBridge quotas, "Event pattern size": at most 2,048 characters (adjustable on request). A DMS ARN
with its quotes and comma in the pattern is at most about 95 characters (the longest partition and Region,
the account, `replication-config`, a 26-character resource id), so 20 of them and the rest of a pattern stay
under the quota. Past 20 ARNs a wave's rule is continued by a second rule, and so on: one rule listing them
all would fail the deploy that adds the ARN too many.

Layer: pure Python, shared by the parts that write such rules (monitoring.py, migration_log.py).
"""

from __future__ import annotations

RESOURCES_PER_RULE = 20


def add_arn(rules: list[list[str]], arn: str) -> bool:
    """Add `arn` to the last rule's list, or to a new list when that one is full (or there is none).
    True when a new list was started: the caller creates the rule that carries it."""
    started = not rules or len(rules[-1]) >= RESOURCES_PER_RULE
    if started:
        rules.append([])
    rules[-1].append(arn)
    return started


def part_suffix(part: int) -> str:
    """`""` for a wave's first rule of a kind (its name and construct id as before any continuation), `-<n>`
    for the n-th."""
    return "" if part == 1 else f"-{part}"
