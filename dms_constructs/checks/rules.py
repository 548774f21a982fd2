"""The DMS rule table and the checks behind it, as plain Python over resolved CloudFormation.

Each check returns COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE. A value CDK could not resolve at synth
(a parameter, an import, an attribute of another resource) makes the check NOT_APPLICABLE: an
unresolved token never produces a finding.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

from ._values import (
    INVALID,
    MISSING,
    UNKNOWN,
    action_matches,
    as_bool,
    as_list,
    as_str,
    contains_text,
    get,
    is_intrinsic,
    is_unresolved,
    join_to_text,
    json_document,
)
from ._view import Resource, StackView
from .. import facts as _facts
from .network_rules import unrouted_networks

PACK_NAME = "DmsChecks"

REPLICATION_INSTANCE = "AWS::DMS::ReplicationInstance"
REPLICATION_CONFIG = "AWS::DMS::ReplicationConfig"
REPLICATION_TASK = "AWS::DMS::ReplicationTask"
REPLICATION_SUBNET_GROUP = "AWS::DMS::ReplicationSubnetGroup"
EVENT_SUBSCRIPTION = "AWS::DMS::EventSubscription"
ENDPOINT = "AWS::DMS::Endpoint"
CERTIFICATE = "AWS::DMS::Certificate"
IAM_ROLE = "AWS::IAM::Role"
IAM_POLICY = "AWS::IAM::Policy"
IAM_MANAGED_POLICY = "AWS::IAM::ManagedPolicy"

#: The role DMS looks up by name to manage its network interfaces (facts.VPC_ROLE_NAME).
VPC_ROLE_NAME = _facts.VPC_ROLE_NAME


class Outcome(enum.Enum):
    COMPLIANT = "COMPLIANT"
    NON_COMPLIANT = "NON_COMPLIANT"
    NOT_APPLICABLE = "NOT_APPLICABLE"


C, NC, NA = Outcome.COMPLIANT, Outcome.NON_COMPLIANT, Outcome.NOT_APPLICABLE


@dataclass(frozen=True)
class Options:
    """What a pack was configured with."""

    required_tag_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One rule of the pack.

    :param id: the full rule id, as reported and as acknowledged (`DmsChecks-DMS.1`).
    :param control: the AWS Security Hub control it mirrors, or "-" for a rule of this pack only.
    :param checks: what it checks, in one sentence.
    :param fix: how to make the resource compliant.
    :param resource_types: the CloudFormation types it applies to.
    :param info: why a finding was raised (the finding's message, followed by the fix).
    :param explanation: why the rule exists (added to the message with `verbose=True`).
    """

    id: str
    control: str
    checks: str
    fix: str
    resource_types: tuple[str, ...]
    info: str
    explanation: str
    evaluate: Callable[[Resource, StackView, Options], Outcome] = field(repr=False, compare=False)

    @property
    def suffix(self) -> str:
        """The id without the pack prefix (`DMS.1`)."""
        return self.id[len(PACK_NAME) + 1 :]

    def message(self, options: Options) -> str:
        extra = ""
        if self.id in _TAG_RULE_IDS and options.required_tag_keys:
            extra = f" Required tag keys: {', '.join(options.required_tag_keys)}."
        return f"{self.info}{extra} Fix: {self.fix}"


# ---------------------------------------------------------------------------------------------------
# DMS.1 - replication instance not public
# ---------------------------------------------------------------------------------------------------
def _not_public(resource: Resource, view: StackView, options: Options) -> Outcome:
    value = as_bool(get(resource.properties, "PubliclyAccessible"))
    if value is UNKNOWN:
        return NA
    return C if value is False else NC  # omitted means true in CloudFormation


# ---------------------------------------------------------------------------------------------------
# DMS.3 / DMS.4 / DMS.5 - tags
# ---------------------------------------------------------------------------------------------------
def _tagged(resource: Resource, view: StackView, options: Options) -> Outcome:
    tags = get(resource.properties, "Tags")
    if tags is UNKNOWN:
        return NA
    if tags is MISSING:
        tags = []
    if not isinstance(tags, list):
        return NA
    keys: set[str] = set()
    unknown = False
    for tag in tags:
        key = tag.get("Key") if isinstance(tag, dict) and not is_intrinsic(tag) else UNKNOWN
        if not isinstance(key, str) or is_unresolved(key):
            unknown = True
        elif not key.startswith("aws:"):  # system tags do not count, as in Security Hub
            keys.add(key)
    if options.required_tag_keys:
        if all(k in keys for k in options.required_tag_keys):
            return C
    elif keys:
        return C
    return NA if unknown else NC


# ---------------------------------------------------------------------------------------------------
# DMS.6 - automatic minor version upgrade
# ---------------------------------------------------------------------------------------------------
def _auto_minor_upgrade(resource: Resource, view: StackView, options: Options) -> Outcome:
    value = as_bool(get(resource.properties, "AutoMinorVersionUpgrade"))
    if value is UNKNOWN:
        return NA
    return NC if value is False else C  # omitted means true in CloudFormation


# ---------------------------------------------------------------------------------------------------
# DMS.7 / DMS.8 - task logging
# ---------------------------------------------------------------------------------------------------
#: Severities Security Hub accepts as "at least LOGGER_SEVERITY_DEFAULT", and the components DMS.7 and
#: DMS.8 check: the facts table's logging floor (facts.py), which the task settings default to as well.
LOG_SEVERITIES_AT_LEAST_DEFAULT = _facts.LOG_SEVERITIES_AT_LEAST_DEFAULT
TARGET_LOG_COMPONENTS = _facts.TARGET_LOG_COMPONENTS
SOURCE_LOG_COMPONENTS = _facts.SOURCE_LOG_COMPONENTS


def _task_settings(resource: Resource) -> Any:
    key = "ReplicationTaskSettings" if resource.type == REPLICATION_TASK else "ReplicationSettings"
    return json_document(get(resource.properties, key))


def logging_outcome(settings: Any, components: Sequence[str]) -> Outcome:
    """Whether task settings log `components` at LOGGER_SEVERITY_DEFAULT or more detail."""
    if settings is UNKNOWN:
        return NA
    if not isinstance(settings, dict):  # missing or not JSON
        return NC
    logging = get(settings, "Logging")
    if logging is UNKNOWN:
        return NA
    if not isinstance(logging, dict):
        return NC
    enabled = as_bool(get(logging, "EnableLogging"))
    if enabled is UNKNOWN:
        return NA
    if enabled is not True:
        return NC
    log_components = get(logging, "LogComponents")
    if log_components is UNKNOWN:
        return NA
    if not isinstance(log_components, list):
        return NC
    severities: dict[str, set[str]] = {}
    unknown = False
    for component in log_components:
        if not isinstance(component, dict) or is_intrinsic(component):
            unknown = True
            continue
        cid, severity = component.get("Id"), component.get("Severity")
        if not isinstance(cid, str) or is_unresolved(cid) or not isinstance(severity, str) or is_unresolved(severity):
            unknown = True
            continue
        severities.setdefault(cid.upper(), set()).add(severity.upper())
    for wanted in components:
        if not severities.get(wanted, set()) & LOG_SEVERITIES_AT_LEAST_DEFAULT:
            return NA if unknown else NC
    return C


def _target_logging(resource: Resource, view: StackView, options: Options) -> Outcome:
    return logging_outcome(_task_settings(resource), TARGET_LOG_COMPONENTS)


def _source_logging(resource: Resource, view: StackView, options: Options) -> Outcome:
    return logging_outcome(_task_settings(resource), SOURCE_LOG_COMPONENTS)


# ---------------------------------------------------------------------------------------------------
# Endpoints: DMS.9 SSL, DMS.10 Neptune IAM, DMS.11 MongoDB auth, DMS.12 Redis TLS, passwords, secrets
# ---------------------------------------------------------------------------------------------------
#: SslMode values each engine supports, from the facts table (facts.DMS_ENGINES, after the DMS User Guide
#: "Using SSL with AWS DMS" table). Engines not listed (s3, dynamodb, kinesis, kafka, opensearch/elasticsearch,
#: neptune, redshift, redis...) do not use SslMode the same way (HTTPS/TLS always, or their own settings), so
#: DMS.9 does not apply to them.
SSL_MODES_BY_ENGINE: dict[str, frozenset[str]] = _facts.ssl_modes_by_engine()

#: Engines that DMS verifies only against an Oracle wallet (`CertificateWallet`), never a PEM bundle: the
#: DMS User Guide, "Using SSL with AWS DMS", SSL support for an Oracle endpoint.
WALLET_ENGINES = _facts.wallet_engines()

#: The settings block that carries SecretsManagerSecretId, per engine (facts.DMS_ENGINES).
SECRETS_SETTINGS_BY_ENGINE: dict[str, str] = _facts.secrets_settings_by_engine()

_DYNAMIC_SECRET_REFERENCES = ("{{resolve:secretsmanager:", "{{resolve:ssm-secure:")


def _engine(resource: Resource) -> Any:
    engine = as_str(get(resource.properties, "EngineName"))
    return engine.strip().lower() if isinstance(engine, str) else engine


def _ssl(resource: Resource, view: StackView, options: Options) -> Outcome:
    engine = _engine(resource)
    supported = SSL_MODES_BY_ENGINE.get(engine) if isinstance(engine, str) else None
    if supported is None:
        return NA
    mode = as_str(get(resource.properties, "SslMode"))
    if mode is UNKNOWN or mode is INVALID:
        return NA
    mode = "none" if mode is MISSING else mode.strip().lower()
    if mode == "none" or mode not in supported:
        return NC
    if mode in ("verify-ca", "verify-full"):
        certificate = as_str(get(resource.properties, "CertificateArn"))
        if certificate is MISSING:
            return NC
        if engine in WALLET_ENGINES and _is_pem_only_certificate(resource.properties.get("CertificateArn"), view):
            return NC
    return C


def _is_pem_only_certificate(reference: Any, view: StackView) -> bool:
    """Whether a `CertificateArn` is a `Ref` to an `AWS::DMS::Certificate` of this stack that holds only a
    `CertificatePem` (no `CertificateWallet`). ARNs and certificates elsewhere are not known: False."""
    if not isinstance(reference, dict) or set(reference) != {"Ref"} or not isinstance(reference["Ref"], str):
        return False
    certificate = view.resource(reference["Ref"])
    if certificate is None or certificate.type != CERTIFICATE:
        return False
    return certificate.properties.get("CertificateWallet") is None and certificate.properties.get("CertificatePem") is not None


def _neptune_iam(resource: Resource, view: StackView, options: Options) -> Outcome:
    engine = _engine(resource)
    if engine != "neptune":
        return NA
    enabled = as_bool(get(resource.properties, "NeptuneSettings", "IamAuthEnabled"))
    if enabled is UNKNOWN:
        return NA
    return C if enabled is True else NC  # omitted means false


def _mongodb_auth(resource: Resource, view: StackView, options: Options) -> Outcome:
    if _engine(resource) != "mongodb":
        return NA
    auth = as_str(get(resource.properties, "MongoDbSettings", "AuthType"))
    if auth is UNKNOWN:
        return NA
    # omitted means "password" (the DMS default); only "no" turns authentication off
    return NC if isinstance(auth, str) and auth.strip().lower() == "no" else C


def _redis_tls(resource: Resource, view: StackView, options: Options) -> Outcome:
    if _engine(resource) != "redis":
        return NA
    protocol = as_str(get(resource.properties, "RedisSettings", "SslSecurityProtocol"))
    if protocol is UNKNOWN:
        return NA
    # omitted means "ssl-encryption" (the CloudFormation default)
    if protocol is MISSING:
        return C
    return C if isinstance(protocol, str) and protocol.strip().lower() == "ssl-encryption" else NC


def _password_values(properties: dict[str, Any]) -> list[Any]:
    values = [properties.get("Password")]
    for key, block in properties.items():
        if key.endswith("Settings") and isinstance(block, dict) and not is_intrinsic(block):
            values.extend(v for k, v in block.items() if k.endswith("Password") or k == "SecurityDbEncryption")
    return values


def is_plaintext_secret(value: Any) -> bool:
    """A literal secret in the template. Dynamic references (`{{resolve:secretsmanager:...}}`), alone or
    joined into a string, are not; neither are parameters or other deploy-time values (unknown)."""
    if value is None or value == "":
        return False
    if isinstance(value, str):
        if is_unresolved(value):
            return False
        return not value.startswith(_DYNAMIC_SECRET_REFERENCES)
    if is_intrinsic(value):
        key = next(iter(value))
        if key in ("Fn::Join", "Fn::Sub"):
            text = join_to_text(value)
            if text is UNKNOWN:
                return False
            return not any(ref in text for ref in _DYNAMIC_SECRET_REFERENCES)
        return False
    return not isinstance(value, (dict, list))  # numbers or booleans as passwords


def _no_plaintext_password(resource: Resource, view: StackView, options: Options) -> Outcome:
    return NC if any(is_plaintext_secret(v) for v in _password_values(resource.properties)) else C


def _secrets_manager(resource: Resource, view: StackView, options: Options) -> Outcome:
    engine = _engine(resource)
    block = SECRETS_SETTINGS_BY_ENGINE.get(engine) if isinstance(engine, str) else None
    if block is None:
        return NA
    if engine == "mongodb":
        auth = as_str(get(resource.properties, "MongoDbSettings", "AuthType"))
        if auth is UNKNOWN or (isinstance(auth, str) and auth.strip().lower() == "no"):
            return NA  # no credentials at all: DMS.11's business
    secret = get(resource.properties, block, "SecretsManagerSecretId")
    if secret is UNKNOWN:
        return C if get(resource.properties, block) is not UNKNOWN else NA  # set from a token is set
    return C if as_str(secret) not in (MISSING, INVALID) else NC


# ---------------------------------------------------------------------------------------------------
# DMS.13 - Multi-AZ
# ---------------------------------------------------------------------------------------------------
def _multi_az(resource: Resource, view: StackView, options: Options) -> Outcome:
    path = ("MultiAZ",) if resource.type == REPLICATION_INSTANCE else ("ComputeConfig", "MultiAZ")
    value = as_bool(get(resource.properties, *path))
    if value is UNKNOWN:
        return NA
    return C if value is True else NC  # omitted means false


# ---------------------------------------------------------------------------------------------------
# Customer managed KMS key
# ---------------------------------------------------------------------------------------------------
def _customer_managed_key(resource: Resource, view: StackView, options: Options) -> Outcome:
    path = ("KmsKeyId",) if resource.type == REPLICATION_INSTANCE else ("ComputeConfig", "KmsKeyId")
    raw = get(resource.properties, *path)
    if raw is UNKNOWN:
        # set from a deploy-time value (a key's ARN, an import): set, unless it visibly names an AWS managed key
        return NC if contains_text(resource.properties.get(path[0]), "alias/aws/") else C
    value = as_str(raw)
    if value is MISSING or value is INVALID:
        return NC
    return NC if "alias/aws/" in value else C


# ---------------------------------------------------------------------------------------------------
# dms-vpc-role ordering
# ---------------------------------------------------------------------------------------------------
def vpc_role_ids(view: StackView) -> set[str]:
    return {
        role.logical_id
        for role in view.resources_of_type(IAM_ROLE)
        if as_str(get(role.properties, "RoleName")) == VPC_ROLE_NAME
    }


def _after_vpc_role(resource: Resource, view: StackView, options: Options) -> Outcome:
    roles = vpc_role_ids(view)
    if not roles:
        return NA  # the role is created elsewhere (another stack, or the account baseline)
    return C if view.depends_on_any(resource.logical_id, roles) else NC


# ---------------------------------------------------------------------------------------------------
# Secrets Manager access roles trust dms.<region>.amazonaws.com
# ---------------------------------------------------------------------------------------------------
_REGIONAL_DMS = re.compile(r"^dms\.(\{AWS::Region\}|[a-z]{2}(-[a-z]+)+-\d+)\.(\{AWS::URLSuffix\}|amazonaws\.com(\.cn)?)$", re.IGNORECASE)
_GLOBAL_DMS = frozenset({"dms.amazonaws.com", "dms.amazonaws.com.cn"})
GET_SECRET_VALUE = "secretsmanager:GetSecretValue"


def classify_service_principal(value: Any) -> str:
    """'global', 'regional', 'other' or 'unknown' for one `Principal.Service` entry."""
    text = join_to_text(value)
    if text is UNKNOWN or not isinstance(text, str):
        return "unknown"
    text = text.strip()
    if text.lower() in _GLOBAL_DMS:
        return "global"
    if _REGIONAL_DMS.match(text):
        return "regional"
    return "other"


def dms_service_principals(trust_policy: Any) -> Any:
    """Classes of the `Principal.Service` entries of the Allow statements of a trust policy."""
    statements = as_list(get(trust_policy, "Statement"))
    if statements is UNKNOWN:
        return UNKNOWN
    found: list[str] = []
    for statement in statements:
        if not isinstance(statement, dict) or is_intrinsic(statement):
            found.append("unknown")
            continue
        effect = statement.get("Effect")
        if is_unresolved(effect):
            found.append("unknown")
            continue
        if effect != "Allow":
            continue
        principal = statement.get("Principal")
        if is_unresolved(principal):
            found.append("unknown")
            continue
        if not isinstance(principal, dict):
            continue
        services = as_list(principal.get("Service"))
        if services is UNKNOWN:
            found.append("unknown")
            continue
        found.extend(classify_service_principal(s) for s in services)
    return found


def _statements_grant(document: Any, action: str) -> Any:
    """True when a policy document allows `action`; UNKNOWN when tokens hide the answer."""
    statements = as_list(get(document, "Statement"))
    if statements is UNKNOWN or statements is INVALID:
        return UNKNOWN
    unknown = False
    for statement in statements:
        if not isinstance(statement, dict) or is_intrinsic(statement):
            unknown = True
            continue
        if statement.get("Effect") != "Allow":
            unknown = unknown or is_unresolved(statement.get("Effect"))
            continue
        actions = as_list(statement.get("Action"))
        if actions is UNKNOWN:
            unknown = True
            continue
        for pattern in actions:
            matched = action_matches(pattern, action)
            if matched is True:
                return True
            if matched is UNKNOWN:
                unknown = True
    return UNKNOWN if unknown else False


def _attached_to(policy: Resource, role: Resource) -> bool:
    """Whether an AWS::IAM::Policy / ManagedPolicy lists `role` in its Roles (by Ref or by name)."""
    roles = as_list(get(policy.properties, "Roles"))
    if roles is UNKNOWN:
        return False
    role_name = as_str(get(role.properties, "RoleName"))
    for entry in roles:
        if isinstance(entry, dict) and entry.get("Ref") == role.logical_id:
            return True
        if isinstance(role_name, str) and entry == role_name:
            return True
    return False


def role_grants(role: Resource, view: StackView, action: str = GET_SECRET_VALUE) -> Any:
    """Whether a role is allowed `action` by its inline policies, by AWS::IAM::Policy resources attached to it
    (CDK's DefaultPolicy), by managed policies of the stack attached to it, or by the AWS managed
    SecretsManagerReadWrite policy. UNKNOWN when tokens hide the answer."""
    unknown = False
    documents: list[Any] = []
    inline = as_list(get(role.properties, "Policies"))
    if inline is UNKNOWN:
        unknown = True
    else:
        documents.extend(p.get("PolicyDocument") if isinstance(p, dict) else UNKNOWN for p in inline)
    managed_refs: set[str] = set()
    arns = as_list(get(role.properties, "ManagedPolicyArns"))
    if arns is UNKNOWN:
        unknown = True
    else:
        for arn in arns:
            if isinstance(arn, dict) and isinstance(arn.get("Ref"), str):
                managed_refs.add(arn["Ref"])
            elif action == GET_SECRET_VALUE and contains_text(arn, "policy/SecretsManagerReadWrite"):
                return True
    for policy in view.resources_of_type(IAM_POLICY, IAM_MANAGED_POLICY):
        if policy.logical_id in managed_refs or _attached_to(policy, role):
            documents.append(get(policy.properties, "PolicyDocument"))
    for document in documents:
        granted = _statements_grant(document, action) if document is not UNKNOWN else UNKNOWN
        if granted is True:
            return True
        if granted is UNKNOWN:
            unknown = True
    return UNKNOWN if unknown else False


def _regional_principal(resource: Resource, view: StackView, options: Options) -> Outcome:
    principals = dms_service_principals(get(resource.properties, "AssumeRolePolicyDocument"))
    if principals is UNKNOWN:
        return NA
    if "regional" in principals:
        return C
    if "global" not in principals:
        return NA
    grants = role_grants(resource, view)
    if grants is not True:
        return NA  # not a Secrets Manager access role (or tokens hide its policies)
    return NA if "unknown" in principals else NC


# ---------------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------------
def _id(suffix: str) -> str:
    return f"{PACK_NAME}-{suffix}"


# ---------------------------------------------------------------------------------------------------
# Reachability: the replication's database networks are routed from its subnets
# ---------------------------------------------------------------------------------------------------
def _reachable(resource: Resource, view: StackView, options: Options) -> Outcome:
    missing = unrouted_networks(resource, view, REPLICATION_SUBNET_GROUP)
    if missing is None:
        return NA
    return NC if missing else C


RULES: tuple[Rule, ...] = (
    Rule(
        id=_id("DMS.1"),
        control="DMS.1",
        checks="Replication instances set `PubliclyAccessible` to false explicitly (CloudFormation defaults it to true when omitted).",
        fix="set `PubliclyAccessible: false` (`publicly_accessible=False`) and place the instance in private subnets.",
        resource_types=(REPLICATION_INSTANCE,),
        info="The DMS replication instance is publicly accessible, or omits PubliclyAccessible (which CloudFormation defaults to true).",
        explanation="A public replication instance gets a public IP address reachable from the internet. DMS reaches "
        "sources and targets through the VPC, peering, VPN or Direct Connect; it needs no public address.",
        evaluate=_not_public,
    ),
    Rule(
        id=_id("DMS.3"),
        control="DMS.3",
        checks="Event subscriptions carry tags: every required tag key, or at least one tag when none is required (`aws:` keys do not count).",
        fix="tag the event subscription (`Tags.of(scope).add(key, value)` or its `Tags` property).",
        resource_types=(EVENT_SUBSCRIPTION,),
        info="The DMS event subscription is not tagged with the required tag keys.",
        explanation="Tags attribute ownership, cost and purpose, and let IAM policies and Security Hub (DMS.3) scope by them.",
        evaluate=_tagged,
    ),
    Rule(
        id=_id("DMS.4"),
        control="DMS.4",
        checks="Replication instances carry tags: every required tag key, or at least one tag when none is required.",
        fix="tag the replication instance (`Tags.of(scope).add(key, value)` or its `Tags` property).",
        resource_types=(REPLICATION_INSTANCE,),
        info="The DMS replication instance is not tagged with the required tag keys.",
        explanation="Tags attribute ownership, cost and purpose, and let IAM policies and Security Hub (DMS.4) scope by them.",
        evaluate=_tagged,
    ),
    Rule(
        id=_id("DMS.5"),
        control="DMS.5",
        checks="Replication subnet groups carry tags: every required tag key, or at least one tag when none is required.",
        fix="tag the replication subnet group (`Tags.of(scope).add(key, value)` or its `Tags` property).",
        resource_types=(REPLICATION_SUBNET_GROUP,),
        info="The DMS replication subnet group is not tagged with the required tag keys.",
        explanation="Tags attribute ownership, cost and purpose, and let IAM policies and Security Hub (DMS.5) scope by them.",
        evaluate=_tagged,
    ),
    Rule(
        id=_id("DMS.6"),
        control="DMS.6",
        checks="Replication instances do not turn `AutoMinorVersionUpgrade` off (omitted means true).",
        fix="remove `AutoMinorVersionUpgrade: false` or set it to true.",
        resource_types=(REPLICATION_INSTANCE,),
        info="The DMS replication instance has automatic minor version upgrades turned off.",
        explanation="Minor engine versions carry security and bug fixes; DMS applies them in the maintenance window.",
        evaluate=_auto_minor_upgrade,
    ),
    Rule(
        id=_id("DMS.7"),
        control="DMS.7",
        checks="Replication tasks (`ReplicationTaskSettings`, a JSON string) and serverless replications "
        "(`ReplicationSettings`, a JSON object) enable logging and log `TARGET_APPLY` and `TARGET_LOAD` at "
        "`LOGGER_SEVERITY_DEFAULT`, `_DEBUG` or `_DETAILED_DEBUG`. Missing settings are a finding.",
        fix='set `Logging: {"EnableLogging": true, "LogComponents": [{"Id": "TARGET_APPLY", "Severity": '
        '"LOGGER_SEVERITY_DEFAULT"}, {"Id": "TARGET_LOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"}]}` in the task settings.',
        resource_types=(REPLICATION_TASK, REPLICATION_CONFIG),
        info="The DMS replication task does not log TARGET_APPLY and TARGET_LOAD at LOGGER_SEVERITY_DEFAULT or more detail.",
        explanation="Without target logs, failed or partial loads and apply errors on the target cannot be investigated.",
        evaluate=_target_logging,
    ),
    Rule(
        id=_id("DMS.8"),
        control="DMS.8",
        checks="Replication tasks and serverless replications enable logging and log `SOURCE_CAPTURE` and "
        "`SOURCE_UNLOAD` at `LOGGER_SEVERITY_DEFAULT` or more detail. Missing settings are a finding.",
        fix='set `Logging: {"EnableLogging": true, "LogComponents": [{"Id": "SOURCE_CAPTURE", "Severity": '
        '"LOGGER_SEVERITY_DEFAULT"}, {"Id": "SOURCE_UNLOAD", "Severity": "LOGGER_SEVERITY_DEFAULT"}]}` in the task settings.',
        resource_types=(REPLICATION_TASK, REPLICATION_CONFIG),
        info="The DMS replication task does not log SOURCE_CAPTURE and SOURCE_UNLOAD at LOGGER_SEVERITY_DEFAULT or more detail.",
        explanation="Without source logs, change capture and unload problems on the source cannot be investigated.",
        evaluate=_source_logging,
    ),
    Rule(
        id=_id("DMS.9"),
        control="DMS.9",
        checks="Endpoints of engines that support SSL set an `SslMode` other than `none` (omitted means none) that "
        "the engine supports, and `verify-ca`/`verify-full` come with a `CertificateArn`. Supported modes: "
        "mysql/mariadb/aurora verify-ca, verify-full; postgres/aurora-postgresql require, verify-ca, verify-full; "
        "sqlserver require, verify-full; oracle, db2 verify-ca; sybase verify-full; mongodb/docdb require, verify-full. "
        "An oracle endpoint must not reference an `AWS::DMS::Certificate` of the stack that holds only a "
        "`CertificatePem` (DMS verifies Oracle only against an Oracle wallet, `CertificateWallet`). "
        "Other engines (s3, redshift, dynamodb, kinesis, kafka, opensearch, neptune, redis...) are not checked.",
        fix="set `SslMode` to a mode the engine supports (prefer verify-full or verify-ca) and, for verify-ca/verify-full, "
        "import the CA bundle as an `AWS::DMS::Certificate` and set `CertificateArn`; for Oracle import an Oracle "
        "wallet (`cwallet.sso` made with orapki) as `CertificateWallet` instead of a PEM.",
        resource_types=(ENDPOINT,),
        info="The DMS endpoint does not use SSL (SslMode none or omitted), uses an SslMode its engine does not support, "
        "verifies certificates without a CertificateArn, or verifies an Oracle database against a PEM instead of a wallet.",
        explanation="Without SSL, credentials and migrated data cross the network in clear text between the "
        "replication instance and the database.",
        evaluate=_ssl,
    ),
    Rule(
        id=_id("DMS.10"),
        control="DMS.10",
        checks="Neptune endpoints set `NeptuneSettings.IamAuthEnabled` to true (omitted means false).",
        fix="set `NeptuneSettings.IamAuthEnabled: true` and grant the service access role `neptune-db:*` on the cluster.",
        resource_types=(ENDPOINT,),
        info="The DMS Neptune endpoint does not use IAM authorization.",
        explanation="IAM authorization makes every request to Neptune signed and authorized by IAM policy.",
        evaluate=_neptune_iam,
    ),
    Rule(
        id=_id("DMS.11"),
        control="DMS.11",
        checks='MongoDB endpoints do not set `MongoDbSettings.AuthType` to "no" (omitted means "password").',
        fix='set `MongoDbSettings.AuthType: "password"` with an `AuthMechanism` (scram_sha_1 or mongodb_cr) and credentials from Secrets Manager.',
        resource_types=(ENDPOINT,),
        info="The DMS MongoDB endpoint has authentication turned off (AuthType no).",
        explanation="An endpoint without authentication can only connect to a database that lets anyone in.",
        evaluate=_mongodb_auth,
    ),
    Rule(
        id=_id("DMS.12"),
        control="DMS.12",
        checks='Redis endpoints do not set `RedisSettings.SslSecurityProtocol` to "plaintext" (omitted means "ssl-encryption").',
        fix='set `RedisSettings.SslSecurityProtocol: "ssl-encryption"` (optionally with `SslCaCertificateArn`).',
        resource_types=(ENDPOINT,),
        info="The DMS Redis endpoint connects without TLS (SslSecurityProtocol plaintext).",
        explanation="Without TLS, migrated data crosses the network in clear text to the Redis target.",
        evaluate=_redis_tls,
    ),
    Rule(
        id=_id("DMS.13"),
        control="DMS.13",
        checks="Replication instances set `MultiAZ` to true, and serverless replications `ComputeConfig.MultiAZ` "
        "(omitted means false). Severity is configurable (`multi_az_level`).",
        fix="set `MultiAZ: true` (or `ComputeConfig.MultiAZ: true`), or acknowledge the finding with the reason a "
        "single AZ is acceptable (e.g. a non-production environment).",
        resource_types=(REPLICATION_INSTANCE, REPLICATION_CONFIG),
        info="The DMS replication instance or serverless replication runs in a single Availability Zone.",
        explanation="Multi-AZ keeps a synchronous standby in another AZ and fails over to it, so an AZ outage does "
        "not stop an ongoing migration.",
        evaluate=_multi_az,
    ),
    Rule(
        id=_id("DMS.KmsKey"),
        control="-",
        checks="Replication instances (`KmsKeyId`) and serverless replications (`ComputeConfig.KmsKeyId`) encrypt "
        "storage with a customer managed KMS key, not the default `aws/dms` key.",
        fix="create a KMS key with rotation (e.g. `kms.Key(..., enable_key_rotation=True)`) and set `KmsKeyId` to its ARN.",
        resource_types=(REPLICATION_INSTANCE, REPLICATION_CONFIG),
        info="The DMS replication storage is encrypted with the AWS managed key (KmsKeyId omitted or alias/aws/dms).",
        explanation="A customer managed key lets you control and audit who can use it, rotate it, and revoke access "
        "by disabling it; the aws/dms key's policy cannot be changed.",
        evaluate=_customer_managed_key,
    ),
    Rule(
        id=_id("DMS.Password"),
        control="-",
        checks="Endpoints carry no literal password: the top-level `Password` and every `*Password` (and Oracle "
        "`SecurityDbEncryption`) in engine settings blocks are absent, a Secrets Manager / SSM SecureString "
        "dynamic reference, or a deploy-time value.",
        fix="store the credentials in Secrets Manager and set `<Engine>Settings.SecretsManagerSecretId` and "
        "`SecretsManagerAccessRoleArn` (or at least use `SecretValue.secrets_manager(...)`), never a literal.",
        resource_types=(ENDPOINT,),
        info="The DMS endpoint has a password written in the template.",
        explanation="A literal password is stored in the template, the cloud assembly, source control and "
        "CloudFormation's console, readable by anyone who can read any of them.",
        evaluate=_no_plaintext_password,
    ),
    Rule(
        id=_id("DMS.SecretsManager"),
        control="-",
        checks="Database endpoints (mysql, mariadb, aurora, postgres, aurora-postgresql, sqlserver, oracle, db2, "
        "db2-zos, sybase, redshift, mongodb with authentication, docdb) read credentials from Secrets Manager: "
        "`<Engine>Settings.SecretsManagerSecretId` is set.",
        fix="set `<Engine>Settings.SecretsManagerSecretId` to the secret and `SecretsManagerAccessRoleArn` to a role "
        "trusted by `dms.<region>.amazonaws.com` that may `secretsmanager:GetSecretValue` it; drop Username/Password.",
        resource_types=(ENDPOINT,),
        info="The DMS endpoint does not read its credentials from Secrets Manager.",
        explanation="With SecretsManagerSecretId DMS fetches credentials when it connects, so they can be rotated "
        "without redeploying and never appear in the endpoint's configuration.",
        evaluate=_secrets_manager,
    ),
    Rule(
        id=_id("DMS.VpcRole"),
        control="-",
        checks=f"When the stack creates the `{VPC_ROLE_NAME}` IAM role, replication subnet groups, replication instances "
        "and serverless replications depend on it (DependsOn or a reference, transitively).",
        fix=f"add a dependency on the role (`resource.node.add_dependency(vpc_role)`), or create `{VPC_ROLE_NAME}` in an "
        "earlier stack.",
        resource_types=(REPLICATION_SUBNET_GROUP, REPLICATION_INSTANCE, REPLICATION_CONFIG),
        info=f"The DMS resource can be created before the {VPC_ROLE_NAME} role of the same stack.",
        explanation="DMS looks the role up by name when it creates network resources; created in parallel, creation "
        f"fails intermittently with 'The IAM Role arn:aws:iam::...:role/{VPC_ROLE_NAME} is not configured properly'.",
        evaluate=_after_vpc_role,
    ),
    Rule(
        id=_id("DMS.RegionalPrincipal"),
        control="-",
        checks="IAM roles trusted by `dms.amazonaws.com` that may `secretsmanager:GetSecretValue` (inline policies, "
        "attached `AWS::IAM::Policy`/`ManagedPolicy` of the stack, or SecretsManagerReadWrite) also trust the "
        "regional principal `dms.<region>.amazonaws.com`.",
        fix='trust the regional principal: `iam.ServicePrincipal(f"dms.{Aws.REGION}.amazonaws.com")` '
        "(alone or with the global one in a `CompositePrincipal`).",
        resource_types=(IAM_ROLE,),
        info="The Secrets Manager access role for DMS trusts only the global dms.amazonaws.com principal.",
        explanation="DMS assumes a Secrets Manager access role through its regional service principal; a role that "
        "trusts only dms.amazonaws.com is rejected when the endpoint is created or tested.",
        evaluate=_regional_principal,
    ),
    Rule(
        id=_id("DMS.Reachability"),
        control="-",
        checks="Every IPv4 network the security groups of a replication instance or serverless replication may "
        "send to is routed from each subnet of its replication subnet group: the VPC's own network or an "
        "`AWS::EC2::Route` of the subnet's route table covers it. Read from the stack's own subnets, route tables "
        "and security groups; imported ones, and tables with VPN route propagation, are not checked.",
        fix="add a route to the network in the DMS subnets' route tables (transit gateway attachment, VPC peering, "
        "VPN gateway), e.g. `MigrationNetwork(transit_gateway=TransitGatewayAttachment(...))`, or remove the egress rule.",
        resource_types=(REPLICATION_INSTANCE, REPLICATION_CONFIG),
        info="A database network the DMS replication may connect to has no route from its replication subnets.",
        explanation="DMS connects from network interfaces in the replication subnets; without a route the endpoint "
        "connection test times out and no task can start.",
        evaluate=_reachable,
    ),
)

_TAG_RULE_IDS = frozenset({_id("DMS.3"), _id("DMS.4"), _id("DMS.5")})
MULTI_AZ_RULE_ID = _id("DMS.13")

RULES_BY_TYPE: dict[str, tuple[Rule, ...]] = {}
for _rule in RULES:
    for _type in _rule.resource_types:
        RULES_BY_TYPE[_type] = RULES_BY_TYPE.get(_type, ()) + (_rule,)


def rule(rule_id: str) -> Optional[Rule]:
    """The rule with this id (`DmsChecks-DMS.1` or `DMS.1`), or None."""
    for candidate in RULES:
        if rule_id in (candidate.id, candidate.suffix):
            return candidate
    return None


def rules_markdown() -> str:
    """The rules table of docs/RULES.md, generated from RULES so that docs and code cannot drift."""
    lines = ["| Rule id | Security Hub control | What it checks | The fix |", "| --- | --- | --- | --- |"]
    for r in RULES:
        cells = [f"`{r.id}`", r.control, r.checks, r.fix]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"
