"""In-memory targets: Redis OSS, Amazon ElastiCache (Redis OSS) and Amazon MemoryDB (DMS user guide, "Using
Redis OSS as a target for AWS Database Migration Service").

`RedisSettings` takes no `SecretsManagerSecretId` (CloudFormation reference, AWS::DMS::Endpoint RedisSettings):
the AUTH password reaches the template only as a Secrets Manager dynamic reference, which CloudFormation
resolves at deploy time, so no password is written in the template. TLS is `SslSecurityProtocol`
(`ssl-encryption` unless a reason is given), not `SslMode` (Security Hub DMS.12).

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import IConstruct

from .._validation import check_range
from ..acknowledgments import acknowledge
from ..certificates import EXISTING, EndpointCertificate
from ..errors import fail
from ..facts import PEM, Engine
from ._checks import check_host, check_peer
from .base import BoundEndpoint, EndpointKind, Reach

if TYPE_CHECKING:
    from .._context import WaveContext

__all__ = ["REDIS_AUTH_TYPES", "TLS_RULE_ID", "RedisKind", "redis_target"]

# The DMS rule pack's Redis TLS rule (Security Hub DMS.12).
TLS_RULE_ID = "DmsChecks-DMS.12"
# RedisSettings AuthType (CloudFormation reference): `auth-token` needs a password (Redis AUTH), `auth-role` a
# user name and password (Redis 6 ACL / ElastiCache RBAC user), `none` neither.
REDIS_AUTH_TYPES = ("auth-token", "auth-role", "none")


class RedisKind(EndpointKind):
    """A Redis OSS target (standalone or cluster mode, on premises, ElastiCache or MemoryDB)."""

    no_ssl_mode_reason = (
        "DMS has no SSL mode for Redis endpoints: TLS is RedisSettings.SslSecurityProtocol, which the DMS rule pack "
        "checks as DMS.12 ('Using Redis OSS as a target for AWS Database Migration Service', endpoint settings)."
    )

    def __init__(
        self,
        *,
        host: str,
        port: int,
        peer: ec2.IPeer,
        auth_type: str,
        auth_secret: Optional[secretsmanager.ISecret],
        certificate: Optional[EndpointCertificate],
        plaintext_reason: Optional[str],
    ) -> None:
        super().__init__(engine=Engine.REDIS, host=host, port=port, reach=Reach(peer=peer), certificate=certificate)
        self.auth_type = auth_type
        self.auth_secret = auth_secret
        self.plaintext_reason = plaintext_reason

    @property
    def ssl_security_protocol(self) -> str:
        """`ssl-encryption`, or `plaintext` when a reason was given."""
        return "plaintext" if self.plaintext_reason is not None else "ssl-encryption"

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        settings: dict[str, Any] = dict(
            server_name=self.host,
            port=self.port,
            ssl_security_protocol=self.ssl_security_protocol,
            auth_type=self.auth_type,
        )
        if self.certificate is not None:
            bound.certificate_arn = self.certificate._bind(bound, identifier=bound.identifier)
            settings["ssl_ca_certificate_arn"] = bound.certificate_arn
        if self.auth_secret is not None:
            # Dynamic references ({{resolve:secretsmanager:...}}): CloudFormation reads the secret when it
            # deploys; DMS gets the value, the template and the cloud assembly never hold it.
            bound.secret = self.auth_secret
            settings["auth_password"] = self.auth_secret.secret_value_from_json("password").unsafe_unwrap()
            if self.auth_type == "auth-role":
                settings["auth_user_name"] = self.auth_secret.secret_value_from_json("username").unsafe_unwrap()
        return {"redis_settings": dms.CfnEndpoint.RedisSettingsProperty(**settings)}

    def after_resource(self, resource: dms.CfnEndpoint) -> None:
        if self.plaintext_reason is not None:
            acknowledge(resource, TLS_RULE_ID, self.plaintext_reason)


def redis_target(
    *,
    host: str,
    peer: ec2.IPeer,
    auth_secret: Optional[secretsmanager.ISecret] = None,
    auth_type: str = "auth-token",
    port: int = 6379,
    certificate: Optional[EndpointCertificate] = None,
    plaintext_reason: Optional[str] = None,
    no_auth_reason: Optional[str] = None,
) -> RedisKind:
    """A Redis OSS target (DMS engine name `redis`; a target only): a self-managed Redis, an ElastiCache (Redis
    OSS) replication group in cluster mode, or a MemoryDB cluster. DMS writes each row as a hash under
    `schema.table.primary-key` (DMS user guide, "Using Redis OSS as a target for AWS Database Migration
    Service"; for ElastiCache it supports only cluster mode enabled, with Redis AUTH rather than IAM access
    control).

    :param host: the Redis endpoint (for ElastiCache: the configuration endpoint).
    :param peer: the cluster's network for the wave's egress rule on `port`; never any IPv4.
    :param auth_secret: a Secrets Manager secret whose JSON holds `password` (the AUTH token) and, for
        `auth-role`, `username`; passed to DMS as dynamic references, never read by the library. Required unless
        `auth_type='none'`. Default: none.
    :param auth_type: `auth-token` (Redis AUTH), `auth-role` (ACL user and password) or `none`. Default:
        `auth-token`.
    :param port: Default: 6379.
    :param certificate: the CA bundle (PEM) DMS verifies the server against (`SslCaCertificateArn`). Default:
        none (DMS verifies against the Amazon root CA).
    :param plaintext_reason: connect without TLS (`SslSecurityProtocol` `plaintext`), with the reason recorded
        as the acknowledgment of the DMS rule pack's TLS rule (DMS.12). Default: none (`ssl-encryption`).
    :param no_auth_reason: why the target takes no authentication; required with `auth_type='none'`. Default:
        none.
    """
    field = "DatabaseEndpoint.redis"
    check_host(f"{field}.host", host)
    check_range(f"{field}.port", port, 1, 65535)
    check_peer(f"{field}.peer", peer)
    if auth_type not in REDIS_AUTH_TYPES:
        fail(f"{field}.auth_type", auth_type, "is not a value DMS accepts", f"use one of: {', '.join(REDIS_AUTH_TYPES)}")
    if auth_type == "none":
        if no_auth_reason is None or len(no_auth_reason.strip()) < 10:
            fail(f"{field}.no_auth_reason", no_auth_reason,
                 "is required with auth_type='none': DMS would write to a Redis anyone on the network can write to",
                 "give no_auth_reason='why the target takes no authentication' (at least 10 characters), or use "
                 "auth_type='auth-token' with an auth_secret")
        if auth_secret is not None:
            fail(f"{field}.auth_secret", "given", "is unused with auth_type='none'", "drop auth_secret, or choose an auth_type")
    else:
        if no_auth_reason is not None:
            fail(f"{field}.no_auth_reason", no_auth_reason, f"applies only to auth_type='none' (this one is '{auth_type}')",
                 "drop no_auth_reason")
        if auth_secret is None:
            fail(f"{field}.auth_secret", auth_secret, f"is required with auth_type='{auth_type}'",
                 "pass the Secrets Manager secret that holds the Redis AUTH password (JSON key 'password'"
                 + (", and 'username')" if auth_type == "auth-role" else ")"))
    if plaintext_reason is not None:
        if len(plaintext_reason.strip()) < 10:
            fail(f"{field}.plaintext_reason", plaintext_reason, "is too short to be a reason",
                 "say why this connection may be unencrypted (at least 10 characters), or drop it to keep TLS")
        if certificate is not None:
            fail(f"{field}.certificate", "given", "is unused without TLS (plaintext_reason is set)",
                 "drop the certificate, or drop plaintext_reason")
    if certificate is not None and certificate.kind not in (PEM, EXISTING):
        fail(f"{field}.certificate", certificate.source, "is an Oracle wallet, which DMS uses only for Oracle endpoints",
             "pass the CA bundle in PEM form: certificate=EndpointCertificate.from_pem_file('<CA bundle>.pem')")
    return RedisKind(
        host=host, port=port, peer=peer, auth_type=auth_type, auth_secret=auth_secret, certificate=certificate,
        plaintext_reason=plaintext_reason,
    )
