"""`dms-constructs guard BEFORE AFTER`: what deploying AFTER over BEFORE would replace or delete.

Compared: every DMS resource (replication instance, task, serverless config, endpoint, subnet group,
certificate, and the Schema Conversion / homogeneous-migration types) and every Secrets Manager secret
and KMS key a DMS resource uses (`Ref`, `Fn::GetAtt`, `Fn::Sub`, anywhere in its properties, including
through `Fn::Join`; a key a used secret refers to counts too). Stacks match by environment and stack
name, resources by logical id.

Errors (exit 1): a create-only property changes (from the CloudFormation resource schemas), including
through a `Ref`/`GetAtt` to a resource that is itself replaced (a new subnet group replaces the instance,
which replaces its tasks); a logical id disappears (deleted, renamed within the stack, or moved to
another stack); a used secret's `GenerateSecretString` changes (CloudFormation generates a new password).
Warnings: a retained resource removed from its stack, a stack missing from AFTER. Info: in-place updates
and additions, which never fail the guard.

Phases: a deletion of a wave's resource (by its `MigrationWave` tag, or a DMS identifier under the wave's
identifier) when AFTER's template metadata (`dms-constructs:waves`, written by the wave) says that wave is
RETIRED is the intended one: info, change `retire`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Optional, Sequence

from . import advice
from .allow import AllowEntry
from .assembly import StackTemplate
from .references import references
from .schemas import Path, create_only_properties, values_at

# DMS resource types and the property that holds each one's DMS identifier (its name in DMS). Schema
# Conversion / homogeneous-migration types are named by `*Name` (their `*Identifier` is deprecated).
DMS_IDENTIFIERS: dict[str, Optional[str]] = {
    "AWS::DMS::ReplicationInstance": "ReplicationInstanceIdentifier",
    "AWS::DMS::ReplicationTask": "ReplicationTaskIdentifier",
    "AWS::DMS::ReplicationConfig": "ReplicationConfigIdentifier",
    "AWS::DMS::Endpoint": "EndpointIdentifier",
    "AWS::DMS::ReplicationSubnetGroup": "ReplicationSubnetGroupIdentifier",
    "AWS::DMS::Certificate": "CertificateIdentifier",
    "AWS::DMS::DataProvider": "DataProviderName",
    "AWS::DMS::InstanceProfile": "InstanceProfileName",
    "AWS::DMS::MigrationProject": "MigrationProjectName",
    "AWS::DMS::DataMigration": "DataMigrationName",
}
# What DMS resources use and the guard follows: secrets (credentials) and keys (encryption).
USED_IDENTIFIERS: dict[str, Optional[str]] = {
    "AWS::SecretsManager::Secret": "Name",
    "AWS::KMS::Key": None,
}
IDENTIFIERS = {**DMS_IDENTIFIERS, **USED_IDENTIFIERS}
# Tasks and the endpoints a running task uses: DMS rejects changes to them while the task runs (DMS user
# guide, "Modifying a task": tasks that have run must be stopped or failed to be modified).
_RUNNING_SENSITIVE = {"AWS::DMS::ReplicationTask", "AWS::DMS::Endpoint"}

# A template resource (`{"Type": ..., "Properties": ...}`) as parsed JSON, and an assembly's stacks.
Resource = dict[str, Any]
Stacks = dict[tuple[str, str], StackTemplate]
# Where a moved resource lands: (its stack's key, its logical id there).
Target = tuple[tuple[str, str], str]

ERROR, WARNING, ALLOWED, INFO = "error", "warning", "allowed", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, ALLOWED: 2, INFO: 3}


@dataclass(frozen=True)
class Finding:
    """One change the guard reports.

    :param change: replace, delete, rename, move, regenerate, retain, stack-removed, update, add or stack-added.
    :param identifier: the resource's DMS identifier (or secret name); `-` when it has none.
    :param property: the property that causes it, when one does.
    """

    severity: str
    change: str
    stack: str
    logical_id: str
    resource_type: str
    identifier: str
    reason: str
    advice: str = ""
    property: Optional[str] = None
    allowed_reason: Optional[str] = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class GuardReport:
    findings: list[Finding] = field(default_factory=list)
    stale_entries: list[AllowEntry] = field(default_factory=list)
    compared: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def tracked(resources: dict[str, Resource]) -> set[str]:
    """Logical ids of the DMS resources and of the secrets and keys they use (transitively through
    used secrets and keys, e.g. a secret's key)."""
    found = {lid for lid, r in resources.items() if _type(r) in DMS_IDENTIFIERS}
    frontier = set(found)
    while frontier:
        following: set[str] = set()
        for lid in frontier:
            for ref in references(resources[lid].get("Properties")):
                if ref not in found and _type(resources.get(ref)) in USED_IDENTIFIERS:
                    found.add(ref)
                    following.add(ref)
        frontier = following
    return found


def identifier_of(resource: Resource) -> Optional[Any]:
    """The DMS identifier (or secret name) a resource declares, as written in the template."""
    prop = IDENTIFIERS.get(_type(resource))
    return (resource.get("Properties") or {}).get(prop) if prop else None


def compare(
    before: Stacks,
    after: Stacks,
    allow: Iterable[AllowEntry] = (),
) -> GuardReport:
    """Compare two assemblies (as read by `read_assembly`) and apply the allow-list."""
    report = GuardReport()
    moved_targets: set[Target] = set()
    diffs = []
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            report.findings.extend(_removed_stack(old, after, before, moved_targets))
            continue
        diffs.append(_StackDiff(old, new, after, before, moved_targets))
    for diff in diffs:
        report.findings.extend(diff.findings())
        report.compared += diff.compared
    for key, new in after.items():
        if key not in before:
            count = len(tracked(new.resources))
            report.findings.append(Finding(INFO, "stack-added", new.name, "-", "AWS::CloudFormation::Stack", "-", f"new stack with {count} DMS resources, secrets and keys"))
    for diff in diffs:
        report.findings.extend(diff.additions(moved_targets))
    _apply_allow_list(report, list(allow))
    report.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.stack, f.logical_id, f.change))
    return report


# --- one stack ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Replacement:
    property: str
    detail: str
    root: str  # "<logical id>: <detail>" of the change that starts a cascade
    cascaded: bool


class _StackDiff:
    def __init__(self, old: StackTemplate, new: StackTemplate, after: Stacks, before: Stacks, moved_targets: set[Target]) -> None:
        self.old, self.new, self.after, self.before = old, new, after, before
        self.b, self.a = old.resources, new.resources
        self.region = new.region or old.region
        self.moved_targets = moved_targets
        self.tracked_before, self.tracked_after = tracked(self.b), tracked(self.a)
        self.renamed_to: set[str] = set()
        self.retired = retired_waves(new.template)
        self._cache: dict[str, Optional[_Replacement]] = {}
        self.compared = 0

    def findings(self) -> list[Finding]:
        result = []
        for lid in sorted(self.tracked_before | self.tracked_after):
            if lid in self.b and lid in self.a:
                self.compared += 1
                result.extend(self._compare(lid))
            elif lid in self.b:
                result.append(self._removed(lid))
        return result

    def additions(self, moved_targets: set[Target]) -> list[Finding]:
        result = []
        for lid in sorted(self.tracked_after - set(self.b)):
            if lid in self.renamed_to or (self.new.key, lid) in moved_targets:
                continue
            r = self.a[lid]
            result.append(Finding(INFO, "add", self.new.name, lid, _type(r), _show_identifier(r), "new: created by the deploy"))
        return result

    # -- replacement, with cascades through Ref/GetAtt in create-only properties --

    def replacement(self, lid: str, visiting: frozenset[str] = frozenset()) -> Optional[_Replacement]:
        if lid in self._cache:
            return self._cache[lid]
        old, new = self.b[lid], self.a[lid]
        result = None
        if _type(old) != _type(new):
            detail = f"its type changes from {_type(old)} to {_type(new)}"
            result = _Replacement("Type", detail, f"{lid}: {detail}", False)
        else:
            paths = create_only_properties(_type(new), self.region or "us-east-1")
            old_props, new_props = old.get("Properties") or {}, new.get("Properties") or {}
            for path in paths:
                was, now = values_at(old_props, path), values_at(new_props, path)
                if was != now:
                    concrete = sorted(k for k in set(was) | set(now) if was.get(k, _UNSET) != now.get(k, _UNSET))[0]
                    detail = f"create-only {concrete} changes: {_short(was.get(concrete, _UNSET))} -> {_short(now.get(concrete, _UNSET))}"
                    result = _Replacement(concrete, detail, f"{lid}: {detail}", False)
                    break
            if result is None:
                result = self._cascade(lid, paths, new_props, visiting | {lid})
        self._cache[lid] = result
        return result

    def _cascade(self, lid: str, paths: Sequence[Path], new_props: Resource, visiting: frozenset[str]) -> Optional[_Replacement]:
        for path in paths:
            for concrete, value in sorted(values_at(new_props, path).items()):
                for ref in references(value):
                    if ref in self.b and ref in self.a and ref not in visiting:
                        cause = self.replacement(ref, visiting)
                        if cause is not None:
                            detail = f"create-only {concrete} refers to {ref}, which is replaced"
                            return _Replacement(concrete, detail, cause.root, True)
        return None

    # -- resources in both --

    def _compare(self, lid: str) -> list[Finding]:
        old, new = self.b[lid], self.a[lid]
        type_, ident = _type(new), _show_identifier(new)
        found = self.replacement(lid)
        if found is not None:
            reason = found.detail + (f" (root cause: {found.root})" if found.cascaded else "")
            return [Finding(ERROR, "replace", self.new.name, lid, type_, ident, reason, advice.replace_advice(type_, found.property, found.cascaded), found.property)]
        old_props, new_props = old.get("Properties") or {}, new.get("Properties") or {}
        # CloudFormation generates a new secret value whenever GenerateSecretString changes (CloudFormation
        # user guide, AWS::SecretsManager::Secret, GenerateSecretString): the database keeps the old password.
        if type_ == "AWS::SecretsManager::Secret" and old_props.get("GenerateSecretString") != new_props.get("GenerateSecretString"):
            users = self._users(lid, self.a)
            reason = f"GenerateSecretString changes: CloudFormation generates a new password for the secret {', '.join(users)} uses"
            return [Finding(ERROR, "regenerate", self.new.name, lid, type_, ident, reason, advice.REGENERATE, "GenerateSecretString")]
        changed = sorted(k for k in set(old_props) | set(new_props) if old_props.get(k, _UNSET) != new_props.get(k, _UNSET))
        changed += [k for k in ("DeletionPolicy", "UpdateReplacePolicy") if old.get(k) != new.get(k)]
        if not changed:
            return []
        # DMS API reference, ModifyReplicationConfig: a configuration cannot be modified once a replication
        # using it has started, even when stopped. Tags are not modified through it.
        if type_ == "AWS::DMS::ReplicationConfig" and set(changed) - {"Tags", "DeletionPolicy", "UpdateReplacePolicy"}:
            reason = f"{', '.join(changed)} change; {advice.SERVERLESS_STARTED}"
            return [Finding(WARNING, "update", self.new.name, lid, type_, ident, reason, advice.SERVERLESS_INSTEAD)]
        note = advice.UPDATE_RUNNING if type_ in _RUNNING_SENSITIVE else "updates in place"
        return [Finding(INFO, "update", self.new.name, lid, type_, ident, f"{', '.join(changed)} change; {note}")]

    # -- resources only in BEFORE --

    def _removed(self, lid: str) -> Finding:
        old = self.b[lid]
        type_, ident_value = _type(old), identifier_of(old)
        ident = _show_identifier(old)
        stack = self.old.name
        if isinstance(ident_value, str):
            for new_lid in sorted(set(self.a) - set(self.b)):
                if _type(self.a[new_lid]) == type_ and identifier_of(self.a[new_lid]) == ident_value:
                    self.renamed_to.add(new_lid)
                    reason = f"renamed: delete + create (the logical id becomes {new_lid}{_path_change(old, self.a[new_lid])})"
                    return Finding(ERROR, "rename", stack, lid, type_, ident, reason, advice.RENAME)
            moved = _find_elsewhere(self.after, self.before, self.old, type_, ident_value)
            if moved is not None:
                self.moved_targets.add(moved)
                target = self.after[moved[0]]
                reason = f"moves to stack {target.name} as {moved[1]}: deleted here, created there"
                return Finding(ERROR, "move", stack, lid, type_, ident, reason, advice.MOVE)
        wave = retiring_wave(old, self.retired)
        if wave is not None:
            return Finding(INFO, "retire", stack, lid, type_, ident, f"deleted: wave {wave} is RETIRED (intended)")
        users = self._users(lid, self.b)
        if type_ == "AWS::SecretsManager::Secret" and "GenerateSecretString" in (old.get("Properties") or {}):
            still = [u for u in users if u in self.a]
            if still:
                reason = f"removed (renamed?): {', '.join(still)} now read another secret, with a newly generated password"
                return Finding(ERROR, "regenerate", stack, lid, type_, ident, reason, advice.REGENERATE)
        if old.get("DeletionPolicy") in ("Retain", "RetainExceptOnCreate"):
            return Finding(WARNING, "retain", stack, lid, type_, ident, "removed from the stack; retained (DeletionPolicy Retain)", advice.RETAIN)
        used = f" (used by {', '.join(users)})" if users else ""
        return Finding(ERROR, "delete", stack, lid, type_, ident, f"deleted: the logical id is not in AFTER{used}", advice.DELETE)

    def _users(self, lid: str, resources: dict[str, Resource]) -> list[str]:
        """DMS resources of the stack that refer to `lid`."""
        return sorted(u for u, r in resources.items() if _type(r) in DMS_IDENTIFIERS and lid in set(references(r.get("Properties"))))


def _removed_stack(old: StackTemplate, after: Stacks, before: Stacks, moved_targets: set[Target]) -> list[Finding]:
    result, kept = [], 0
    for lid in sorted(tracked(old.resources)):
        resource = old.resources[lid]
        ident_value = identifier_of(resource)
        moved = _find_elsewhere(after, before, old, _type(resource), ident_value) if isinstance(ident_value, str) else None
        if moved is None:
            kept += 1
            continue
        moved_targets.add(moved)
        reason = f"moves to stack {after[moved[0]].name} as {moved[1]}: created there while this stack still holds it"
        result.append(Finding(ERROR, "move", old.name, lid, _type(resource), _show_identifier(resource), reason, advice.MOVE))
    reason = f"stack not in AFTER ({old.environment}); it holds {kept} DMS resources, secrets and keys"
    severity = WARNING if kept else INFO
    result.append(Finding(severity, "stack-removed", old.name, "-", "AWS::CloudFormation::Stack", "-", reason, advice.STACK_REMOVED))
    return result


def _find_elsewhere(after: Stacks, before: Stacks, origin: StackTemplate, type_: str, ident: str) -> Optional[Target]:
    """A resource of `type_` named `ident` that AFTER adds to another stack of the same environment."""
    for key, stack in sorted(after.items()):
        if key == origin.key or key[0] != origin.environment:
            continue
        existing = before[key].resources if key in before else {}
        for lid, resource in sorted(stack.resources.items()):
            if lid not in existing and _type(resource) == type_ and identifier_of(resource) == ident:
                return (key, lid)
    return None


# --- phases -------------------------------------------------------------------------------------------

WAVES_METADATA = "dms-constructs:waves"  # as dms_constructs.wave_record.METADATA_KEY (no CDK import here)
WAVE_TAG = "MigrationWave"  # as dms_constructs.tagging.WAVE_TAG_KEY


def retired_waves(template: dict[str, Any]) -> dict[str, str]:
    """The RETIRED waves a template's metadata declares: name -> DMS identifier prefix."""
    record = (template.get("Metadata") or {}).get(WAVES_METADATA) or {}
    return {w["name"]: w["identifier"] for w in record.get("waves", []) if w.get("phase") == "RETIRED"}


def retiring_wave(resource: Resource, retired: dict[str, str]) -> Optional[str]:
    """The retired wave `resource` belongs to (its MigrationWave tag, else its DMS identifier), if any."""
    if not retired:
        return None
    tags = (resource.get("Properties") or {}).get("Tags")
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, dict) and tag.get("Key") == WAVE_TAG and tag.get("Value") in retired:
                return str(tag["Value"])
    ident = identifier_of(resource)
    if isinstance(ident, str):
        for name, prefix in sorted(retired.items()):
            if ident == prefix or ident.startswith(f"{prefix}-"):
                return name
    return None


# --- allow-list -----------------------------------------------------------------------------------------


def _apply_allow_list(report: GuardReport, entries: list[AllowEntry]) -> None:
    used: set[int] = set()
    for index, finding in enumerate(report.findings):
        if finding.severity not in (ERROR, WARNING):
            continue
        for number, entry in enumerate(entries):
            if entry.matches(finding.stack, finding.logical_id, finding.property):
                report.findings[index] = replace(finding, severity=ALLOWED, allowed_reason=entry.reason)
                used.add(number)
                break
    report.stale_entries = [e for n, e in enumerate(entries) if n not in used]


# --- small helpers ------------------------------------------------------------------------------------


class _Unset:
    def __repr__(self) -> str:
        return "(not set)"


_UNSET = _Unset()


def _type(resource: Optional[Resource]) -> str:
    """The resource's type; "" for no resource, or one without a string Type (not valid CloudFormation)."""
    value = resource.get("Type") if isinstance(resource, dict) else None
    return value if isinstance(value, str) else ""


def _short(value: Any, limit: int = 100) -> str:
    if value is _UNSET:
        return "(not set)"
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _show_identifier(resource: Resource) -> str:
    value = identifier_of(resource)
    if value is None:
        return "-" if IDENTIFIERS.get(_type(resource)) is None else "(generated by CloudFormation)"
    return value if isinstance(value, str) else _short(value, 60)


def _path_change(old: Resource, new: Resource) -> str:
    """`; construct path A -> B` from the `aws:cdk:path` metadata, when both have it."""
    was, now = ((r.get("Metadata") or {}).get("aws:cdk:path") for r in (old, new))
    return f"; construct path {was} -> {now}" if was and now and was != now else ""
