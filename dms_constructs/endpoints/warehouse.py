"""Amazon Redshift targets: DMS stages data in S3 and loads it with COPY as the account's
`dms-access-for-endpoint` role.

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from .._validation import check_range
from ..errors import fail
from ..credentials import EndpointCredentials
from ..facts import REDSHIFT_ROLE_NAME, Engine
from ._access import acknowledge_wildcard, role_in_stack
from ._checks import check_database_name, check_extra_connection_attributes, check_host, check_peer, require_credentials
from ._database import SecretBackedKind
from .base import BoundEndpoint, Reach, spec_of

if TYPE_CHECKING:
    from .._context import WaveContext


class RedshiftKind(SecretBackedKind):
    """A Redshift target (secret, staging bucket, the account's Redshift access role)."""

    no_ssl_mode_reason = (
        "DMS has no SSL mode for Redshift endpoints: the connection to Redshift already uses SSL and "
        "staging data goes to S3 over HTTPS."
    )

    def __init__(self, *, bucket: Optional[s3.IBucket], bucket_folder: Optional[str], **common: Any) -> None:
        super().__init__(**common)
        self.bucket = bucket
        self.bucket_folder = bucket_folder

    def check_bind(self, wave: "WaveContext", where: str, direction: str) -> None:
        super().check_bind(wave, where, direction)
        if wave.service_roles.redshift_access_role is None:
            fail(
                where,
                None,
                f"Redshift targets need the {REDSHIFT_ROLE_NAME} role, which the wave's service roles do not include",
                "create them with DmsServiceRoles(..., include_redshift_role=True) or import them with "
                "DmsServiceRoles.from_account(..., include_redshift_role=True)",
            )

    def block_settings(self, wave: "WaveContext", bound: BoundEndpoint, direction: str) -> dict[str, Any]:
        """Redshift settings beyond the secret: the access role, SSE-KMS staging, the staging bucket."""
        role = wave.service_roles.redshift_access_role
        assert role is not None
        local_role = role_in_stack(bound, role, REDSHIFT_ROLE_NAME)
        statements = [
            iam.PolicyStatement(
                actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[wave.encryption_key.key_arn]
            )
        ]
        objects: Optional[str] = None
        if self.bucket is not None:
            objects = self.bucket.arn_for_objects(f"{self.bucket_folder}/*" if self.bucket_folder else "*")
            statements += [
                iam.PolicyStatement(
                    actions=["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutObjectTagging"],
                    resources=[objects],
                ),
                iam.PolicyStatement(actions=["s3:ListBucket", "s3:GetBucketLocation"], resources=[self.bucket.bucket_arn]),
            ]
        policy = iam.ManagedPolicy(
            bound,
            "RedshiftAccessPolicy",
            description=f"Staging access of DMS Redshift endpoint {bound.identifier}.",
            roles=[local_role],
            statements=statements,
        )
        if objects is not None:
            acknowledge_wildcard(
                policy,
                objects,
                "DMS names the staging files it writes and Redshift loads with COPY; the grant is limited to "
                "the endpoint's staging prefix.",
            )
        bound.service_access_role = role
        bound.bucket = self.bucket
        settings: dict[str, Any] = dict(
            service_access_role_arn=local_role.role_arn,
            encryption_mode="SSE_KMS",
            server_side_encryption_kms_key_id=wave.encryption_key.key_arn,
        )
        if self.bucket is not None:
            settings["bucket_name"] = self.bucket.bucket_name
            if self.bucket_folder:
                settings["bucket_folder"] = self.bucket_folder
        return settings

    def after_network(self, wave: "WaveContext") -> None:
        # Redshift targets stage through the VPC's S3 gateway endpoint.
        wave.allow_https_to_s3(self.bucket)


def redshift(
    *,
    host: str,
    database_name: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    port: int = 5439,
    bucket: Optional[s3.IBucket] = None,
    bucket_folder: Optional[str] = None,
    extra_connection_attributes: Optional[str] = None,
) -> RedshiftKind:
    """An Amazon Redshift target. DMS stages data in S3 and loads it with COPY as the account's
    `dms-access-for-endpoint` role, which the wave's service roles must include
    (`DmsServiceRoles(include_redshift_role=True)` or `DmsServiceRoles.from_account(...,
    include_redshift_role=True)`); staged files are encrypted with SSE-KMS under the wave's key, and
    that role gets a customer managed policy for the key (and the bucket, when given). DMS sets no SSL
    mode for Redshift: the connection already uses SSL.

    :param host: the cluster's endpoint address.
    :param database_name: the Redshift database. Required.
    :param credentials: where DMS reads user name and password.
    :param peer: the cluster's network for the wave's egress rule on `port`; never any IPv4.
    :param port: Default: 5439.
    :param bucket: the staging bucket. Default: DMS's own `dms-*` bucket.
    :param bucket_folder: the staging prefix in `bucket`. Default: the bucket's root.
    :param extra_connection_attributes: Default: none.
    """
    field = "DatabaseEndpoint.redshift"
    check_host(f"{field}.host", host)
    check_range(f"{field}.port", port, 1, 65535)
    check_database_name(field, spec_of(Engine.REDSHIFT), database_name)
    check_peer(f"{field}.peer", peer)
    check_extra_connection_attributes(field, extra_connection_attributes)
    if bucket_folder is not None and bucket is None:
        fail(f"{field}.bucket_folder", bucket_folder, "needs a bucket", "pass bucket=..., or drop bucket_folder")
    return RedshiftKind(
        engine=Engine.REDSHIFT, host=host, port=port, database_name=database_name,
        credentials=require_credentials(field, credentials), reach=Reach(peer=peer), bucket=bucket,
        bucket_folder=(bucket_folder or "").strip("/") or None,
        extra_connection_attributes=extra_connection_attributes,
    )
