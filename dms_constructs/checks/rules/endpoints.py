"""Checks of endpoints: SSL (DMS.9), Neptune IAM (DMS.10), MongoDB authentication (DMS.11), Redis TLS
(DMS.12), no plaintext passwords, and credentials from Secrets Manager."""

from __future__ import annotations

from typing import Any

from .._values import INVALID, MISSING, UNKNOWN, as_bool, as_str, get, is_intrinsic, is_unresolved, join_to_text
from .._view import Resource, StackView
from ... import facts as _facts
from ._model import C, CERTIFICATE, NA, NC, Options, Outcome

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
