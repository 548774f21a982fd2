"""How a wave names what it creates in DMS: a naming convention, `<env>-<app>-<purpose>-dms` by default
(the seed DMS guide, "Governance/tagging/naming best practices": "Use consistent naming patterns:
<env>-<app>-<purpose>-dms"), and a registry that refuses two names that fold to one DMS identifier.

DMS identifier rules (DMS API reference, CreateReplicationInstance / CreateEndpoint /
CreateReplicationTask, the `...Identifier` parameters): ASCII letters, digits and hyphens, starting
with a letter, no trailing hyphen, no two consecutive hyphens; replication instances 1-63 characters,
endpoints, tasks, subnet groups, certificates and replication configs up to 255. DMS stores instance
identifiers in lower case, so this library writes every identifier in lower case.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Optional

from constructs import IConstruct

from ._tree import cached, stack_of
from ._validation import identifier_from, is_token, slug
from .errors import fail

# Limits per DMS resource kind (DMS API reference, the Create* actions' identifier constraints).
MAX_LENGTH = {
    "replication instance": 63,
    "subnet group": 255,
    "endpoint": 255,
    "task": 255,
    "replication config": 255,
    "certificate": 255,
    # CloudFormation resource schemas: DataProviderName, InstanceProfileName, MigrationProjectName up to 255,
    # DataMigrationName up to 300.
    "data provider": 255,
    "instance profile": 255,
    "migration project": 255,
    "data migration": 300,
}

_PLACEHOLDERS = ("env", "app", "purpose", "suffix")
DEFAULT_TEMPLATE = "{env}-{app}-{purpose}-{suffix}"


@dataclass(frozen=True)
class NamingConvention:
    """How the DMS identifiers of a wave are formed: `template` with `{env}`, `{app}`, `{purpose}` and
    `{suffix}` filled in, lower-cased, every run of characters DMS rejects folded into one hyphen, and empty
    parts dropped. With the defaults, a wave of app `orders` in `dev` names its replication instance
    `dev-orders-instance-dms`, its subnet group `dev-orders-subnets-dms`, an endpoint `mysql`
    `dev-orders-mysql-dms` and a task `customers` `dev-orders-customers-dms`.

    :param env: the environment, e.g. `dev`, `staging`, `prod`. Default: none (the part is dropped).
    :param app: the application the wave migrates. Default: the wave's name.
    :param suffix: the last part. Default: `dms`.
    :param template: the pattern; it must contain `{purpose}` (otherwise every name of a wave would be the
        same) and may use only `{env}`, `{app}`, `{purpose}` and `{suffix}`. Default:
        `{env}-{app}-{purpose}-{suffix}`, the guide's `<env>-<app>-<purpose>-dms`.
    """

    env: Optional[str] = None
    app: Optional[str] = None
    suffix: str = "dms"
    template: str = DEFAULT_TEMPLATE

    def __post_init__(self) -> None:
        fields = [name for _, name, _, _ in string.Formatter().parse(self.template) if name is not None]
        unknown = [name for name in fields if name not in _PLACEHOLDERS]
        if unknown:
            fail("NamingConvention.template", self.template, f"uses unknown placeholder(s) {', '.join('{' + u + '}' for u in unknown)}",
                 "use only {env}, {app}, {purpose} and {suffix}, e.g. '{env}-{app}-{purpose}-{suffix}'")
        if "purpose" not in fields:
            fail("NamingConvention.template", self.template, "has no {purpose}, so every identifier of a wave would be the same",
                 "include {purpose}, e.g. '{env}-{app}-{purpose}-{suffix}'")
        for name in ("env", "app", "suffix"):
            value = getattr(self, name)
            if value is not None and not is_token(value) and not slug(value):
                fail(f"NamingConvention.{name}", value, "has no letter or digit, so it adds nothing to an identifier",
                     f"give a name such as 'dev' or 'orders', or leave {name} out")

    def with_app(self, app: str) -> "NamingConvention":
        """This convention with `app` filled in when it has none (the wave passes its name)."""
        return self if self.app is not None else NamingConvention(env=self.env, app=app, suffix=self.suffix, template=self.template)

    def render(self, purpose: str) -> str:
        """The template filled in and folded into DMS identifier characters (not yet length-checked)."""
        return slug(self.template.format(env=self.env or "", app=self.app or "", purpose=purpose, suffix=self.suffix))

    def identifier(self, field: str, kind: str, purpose: str) -> str:
        """The DMS identifier of a `kind` (see MAX_LENGTH) for `purpose`, failing with `field` in the message
        when it cannot be one."""
        return identifier_from(field, self.render(purpose), max_length=MAX_LENGTH[kind])

    @property
    def base(self) -> str:
        """The convention without purpose and suffix (`<env>-<app>`): the stem of the wave's non-DMS names
        (alarms `dms-<base>-...`, dashboard, EventBridge rules)."""
        return slug(self.template.format(env=self.env or "", app=self.app or "", purpose="", suffix=""))


# --- refusing identifiers that collide --------------------------------------------------------------

class IdentifierRegistry:
    """The DMS identifiers claimed so far per account and region, for one CDK app: DMS identifiers are
    unique per account and region, so two names that fold to one identifier would collide at deploy.
    Stacks whose account or region is unknown at synth are counted as one place each (per stack).
    Found with `IdentifierRegistry.of(scope)`; kept beside the app (nothing is added to the construct tree)."""

    def __init__(self) -> None:
        self._claims: dict[tuple[str, str, str], str] = {}
        self._purposes: dict[str, tuple[NamingConvention, str]] = {}

    @staticmethod
    def of(scope: IConstruct) -> "IdentifierRegistry":
        # Noted beside the root, and beside each scope (a wave claims several identifiers): every read of
        # the tree is a round trip to the jsii runtime.
        return cached(scope, IdentifierRegistry, lambda: cached(scope.node.root, IdentifierRegistry, IdentifierRegistry))

    @staticmethod
    def _place_of(scope: IConstruct) -> tuple[str, str]:
        """(`<account>/<region>`, or the stack's path when either is unknown at synth; `scope`'s path)."""
        return cached(scope, _PLACE, lambda: _place(scope))

    def claim(self, scope: IConstruct, kind: str, identifier: str, field: str, name: str) -> None:
        """Record `identifier` of a `kind` for `name` (given as `field`); fail if another name has it."""
        if is_token(identifier):
            return
        place, path = self._place_of(scope)
        key = (place, kind, identifier)
        holder = self._claims.get(key)
        here = f"{path} ({name})"
        if holder is not None and holder != here:
            fail(field, name, f"forms the {kind} identifier '{identifier}', which {holder} already has (DMS identifiers "
                 "are unique per account and region, and names are lower-cased and folded to letters, digits and hyphens)",
                 "give it a name that differs in letters or digits, or give the wave its own NamingConvention(app=...)")
        self._claims[key] = here

    def remember(self, identifier: str, convention: NamingConvention, purpose: str) -> None:
        """Note which convention and purpose formed `identifier`, so that names derived from it (an
        endpoint's certificate) follow the same convention."""
        self._purposes[identifier] = (convention, purpose)

    def derive(self, field: str, kind: str, identifier: str, *extra: str) -> str:
        """The identifier of a `kind` derived from `identifier` with `extra` parts: `<purpose>-<extra>` in the
        convention that formed `identifier` (`dev-orders-mysql-ca-1a2b3c4d-dms`), or `identifier-<extra>`
        when no convention formed it."""
        known = self._purposes.get(identifier)
        if known is None:
            return identifier_from(field, identifier, *extra, max_length=MAX_LENGTH[kind])
        convention, purpose = known
        return convention.identifier(field, kind, "-".join((purpose, *extra)))


_PLACE = "naming place"  # the `memo` key of a scope's (place, path)


def _place(scope: IConstruct) -> tuple[str, str]:
    stack = stack_of(scope)
    account, region = stack.account, stack.region
    place = f"{account}/{region}" if not is_token(account) and not is_token(region) else stack.node.path
    return place, scope.node.path
