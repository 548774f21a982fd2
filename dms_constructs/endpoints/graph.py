"""Graph targets: Amazon Neptune. DMS maps rows to graph data, stages it as .csv files in S3 and bulk-loads
them into Neptune (DMS user guide, "Using Amazon Neptune as a target for AWS Database Migration Service"),
both as the endpoint's own service access role, which DMS and Neptune assume.

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import IConstruct

from .._validation import check_range, is_token
from ..acknowledgments import acknowledge
from ..errors import fail
from ..facts import Engine
from ._access import acknowledge_wildcard, service_access_role
from ._checks import check_host, check_peer
from ._settings import EngineSettingsBase, setting
from .base import BoundEndpoint, EndpointKind, Reach

if TYPE_CHECKING:
    from .._context import WaveContext

__all__ = ["IAM_AUTH_RULE_ID", "NEPTUNE_DATA_ACTIONS", "NEPTUNE_LOADER_PRINCIPAL", "NeptuneKind", "NeptuneSettings", "neptune_target"]

# The DMS rule pack's Neptune IAM authorization rule (Security Hub DMS.10).
IAM_AUTH_RULE_ID = "DmsChecks-DMS.10"
# What DMS does on the cluster with IAM authorization: bulk-load the staged files and write with queries (Amazon
# Neptune user guide, "IAM data-access actions": `connect` for engines before 1.2.0.0, the loader and query actions
# after). The DMS guide's example role grants `neptune-db:*`; this is that grant without administration.
NEPTUNE_DATA_ACTIONS = (
    "neptune-db:connect",
    "neptune-db:StartLoaderJob",
    "neptune-db:GetLoaderJobStatus",
    "neptune-db:ReadDataViaQuery",
    "neptune-db:WriteDataViaQuery",
    "neptune-db:DeleteDataViaQuery",
)
# The service principal Neptune assumes the staging role as (Neptune shares its management plane with Amazon RDS).
NEPTUNE_LOADER_PRINCIPAL = "rds.amazonaws.com"
# A Neptune cluster resource id (not its identifier): `cluster-` and upper-case letters and digits.
_CLUSTER_RESOURCE_ID = "cluster-"


@dataclass(frozen=True)
class NeptuneSettings(EngineSettingsBase):
    """Tuning of a Neptune target (`NeptuneSettings`; CloudFormation reference, AWS::DMS::Endpoint
    NeptuneSettings). Every parameter defaults to none: DMS's default applies.

    :param error_retry_duration: milliseconds DMS waits before retrying a failed bulk load. Default: DMS
        default (250).
    :param max_file_size: KB of graph data per staged .csv file before DMS bulk-loads it. Default: DMS default
        (1,048,576).
    :param max_retry_count: bulk-load retries before DMS raises an error. Default: DMS default (5).
    """

    error_retry_duration: Optional[int] = setting()
    max_file_size: Optional[int] = setting()
    max_retry_count: Optional[int] = setting()


class NeptuneKind(EndpointKind):
    """A Neptune target: the cluster endpoint, its staging bucket and the service access role."""

    no_ssl_mode_reason = (
        "DMS has no SSL mode for Neptune endpoints: Neptune accepts only HTTPS connections (Amazon Neptune user "
        "guide, 'Encrypting connections to your Amazon Neptune database with SSL/HTTPS')."
    )

    def __init__(
        self,
        *,
        host: str,
        port: int,
        peer: ec2.IPeer,
        bucket: s3.IBucket,
        bucket_folder: str,
        cluster_resource_id: Optional[str],
        no_iam_auth_reason: Optional[str],
        settings: NeptuneSettings,
    ) -> None:
        super().__init__(engine=Engine.NEPTUNE, host=host, port=port, reach=Reach(peer=peer))
        self.bucket = bucket
        self.bucket_folder = bucket_folder
        self.cluster_resource_id = cluster_resource_id
        self.no_iam_auth_reason = no_iam_auth_reason
        self.settings = settings

    @property
    def iam_auth(self) -> bool:
        """Whether DMS signs its requests to Neptune with the service access role (IAM authorization)."""
        return self.no_iam_auth_reason is None

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        bucket = self.bucket
        objects = bucket.arn_for_objects(f"{self.bucket_folder}/*")
        # The DMS guide's service role for Neptune ("Creating an IAM service role for accessing Amazon Neptune as
        # a target"): list the staging bucket, write, read and delete the staged files, and the cluster's data.
        statements = [
            iam.PolicyStatement(actions=["s3:PutObject", "s3:GetObject", "s3:DeleteObject"], resources=[objects]),
            iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket.bucket_arn]),
        ]
        if bucket.encryption_key is not None:
            statements.append(iam.PolicyStatement(
                actions=["kms:GenerateDataKey", "kms:Decrypt"], resources=[bucket.encryption_key.key_arn]))
        cluster_data: Optional[str] = None
        if self.cluster_resource_id is not None:
            cluster_data = Stack.of(bound).format_arn(
                service="neptune-db", resource=self.cluster_resource_id, resource_name="*",
                arn_format=ArnFormat.SLASH_RESOURCE_NAME,
            )
            statements.append(iam.PolicyStatement(actions=list(NEPTUNE_DATA_ACTIONS), resources=[cluster_data]))
        role, policy = service_access_role(
            bound,
            purpose="stage graph data in S3 and load it into the Neptune target",
            policy_description=f"Neptune target access of DMS endpoint {bound.identifier}.",
            statements=statements,
            # DMS user guide, "Using Amazon Neptune as a target for AWS Database Migration Service" ("Creating an
            # IAM service role for accessing Amazon Neptune as a target"): the trust relationship lets "both AWS DMS
            # and Amazon Neptune database service" assume the role, Neptune as `rds.amazonaws.com` with no
            # condition (the page documents none; Neptune's bulk loader assumes the role to read the staged files).
            also_trusted=[iam.ServicePrincipal(NEPTUNE_LOADER_PRINCIPAL)],
        )
        acknowledge_wildcard(
            policy, objects,
            "DMS names the .csv files it stages for the Neptune bulk loader itself; the grant is limited to the "
            "endpoint's staging prefix.",
        )
        if cluster_data is not None:
            acknowledge_wildcard(
                policy, cluster_data,
                "Neptune data-access ARNs name the cluster's resource id and '/*' (Amazon Neptune user guide, 'IAM "
                "resource types for accessing data'); the grant is limited to this one cluster.",
            )
        dependencies.append(policy)
        bound.bucket = bucket
        return {
            "server_name": self.host,
            "port": self.port,
            "neptune_settings": dms.CfnEndpoint.NeptuneSettingsProperty(
                service_access_role_arn=role.role_arn,
                s3_bucket_name=bucket.bucket_name,
                s3_bucket_folder=self.bucket_folder,
                iam_auth_enabled=self.iam_auth,
                **self.settings._properties(),
            ),
        }

    def after_resource(self, resource: dms.CfnEndpoint) -> None:
        if not self.iam_auth:
            acknowledge(resource, IAM_AUTH_RULE_ID, str(self.no_iam_auth_reason))

    def after_network(self, wave: "WaveContext") -> None:
        # The staging bucket is reached through the VPC's S3 gateway endpoint.
        wave.allow_https_to_s3(self.bucket)


def neptune_target(
    *,
    host: str,
    peer: ec2.IPeer,
    bucket: s3.IBucket,
    cluster_resource_id: Optional[str] = None,
    bucket_folder: str = "dms-neptune",
    port: int = 8182,
    no_iam_auth_reason: Optional[str] = None,
    settings: Optional[NeptuneSettings] = None,
) -> NeptuneKind:
    """An Amazon Neptune target (DMS engine name `neptune`; a target only). Map tables to the graph with the
    task's graph-mapping rules (DMS user guide, "Specifying graph-mapping rules using Gremlin and R2RML for Amazon
    Neptune as a target").

    The endpoint gets its own service access role with a customer managed policy: `s3:PutObject`,
    `s3:GetObject`, `s3:DeleteObject` on `<bucket>/<bucket_folder>/*`, `s3:ListBucket` on the bucket,
    `kms:GenerateDataKey` / `kms:Decrypt` on the bucket's key when it has one, and, with IAM authorization,
    `NEPTUNE_DATA_ACTIONS` on the cluster's data (`arn:<partition>:neptune-db:<region>:<account>:<cluster_resource_id>/*`).
    The same role serves DMS and Neptune (DMS user guide, "Using Amazon Neptune as a target for AWS Database
    Migration Service": the role "is assumed by both AWS DMS and Neptune"), so its trust policy has three statements:
    `dms.<region>.amazonaws.com` and `dms.amazonaws.com` (this account's DMS resources in this region only), and
    `rds.amazonaws.com` (Neptune's bulk loader, which reads the staged files as this role; the guide documents
    no condition for it).

    Associate the role with the Neptune cluster as well: Neptune's bulk loader assumes only a role added to the
    cluster (Amazon Neptune user guide, "Prerequisites: IAM Role and Amazon S3 Access" and "Adding the IAM Role
    to an Amazon Neptune Cluster"). For a cluster outside this CDK app, add `bound.service_access_role.role_arn`
    (the bound endpoint `wave.add_target` returns) with `aws neptune add-role-to-db-cluster`; for a
    `neptune.CfnDBCluster` in CDK, list it in `associated_roles`. DMS has no SSL mode for Neptune (Neptune accepts
    only HTTPS).

    :param host: the cluster (writer) endpoint.
    :param peer: the cluster's network for the wave's egress rule on `port`; never any IPv4.
    :param bucket: the S3 bucket where DMS stages graph data for the bulk loader. Required.
    :param cluster_resource_id: the cluster's resource id (`cluster-...`, not its identifier), for the IAM
        authorization grant. Required unless `no_iam_auth_reason` is given. Default: none.
    :param bucket_folder: the staging prefix in `bucket`. Default: `dms-neptune`.
    :param port: Default: 8182.
    :param no_iam_auth_reason: why DMS does not sign its requests with IAM (Security Hub DMS.10); recorded as
        the acknowledgment of the DMS rule pack's rule. Default: none (IAM authorization on).
    :param settings: `NeptuneSettings(...)`. Default: DMS defaults.
    """
    field = "DatabaseEndpoint.neptune"
    check_host(f"{field}.host", host)
    check_range(f"{field}.port", port, 1, 65535)
    check_peer(f"{field}.peer", peer)
    if bucket is None:
        fail(f"{field}.bucket", bucket, "is required", "pass the S3 bucket where DMS stages graph data, e.g. s3.Bucket(...)")
    folder = bucket_folder.strip("/") if isinstance(bucket_folder, str) else ""
    if not folder:
        fail(f"{field}.bucket_folder", bucket_folder, "is empty (DMS requires a staging folder)", "give a prefix, e.g. 'dms-neptune'")
    if no_iam_auth_reason is not None:
        if len(no_iam_auth_reason.strip()) < 10:
            fail(f"{field}.no_iam_auth_reason", no_iam_auth_reason, "is too short to be a reason",
                 "say why the cluster cannot use IAM authorization (at least 10 characters), or drop it")
        if cluster_resource_id is not None:
            fail(f"{field}.cluster_resource_id", cluster_resource_id, "is unused without IAM authorization",
                 "drop cluster_resource_id, or drop no_iam_auth_reason")
    elif cluster_resource_id is None or (
        not is_token(cluster_resource_id) and not cluster_resource_id.startswith(_CLUSTER_RESOURCE_ID)
    ):
        fail(
            f"{field}.cluster_resource_id",
            cluster_resource_id,
            "is required with IAM authorization (Security Hub DMS.10) and must be the cluster's resource id "
            "('cluster-...'), not its identifier",
            "pass cluster_resource_id='cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ' (Neptune console, Configuration), or "
            "no_iam_auth_reason='why IAM authorization is off'",
        )
    settings = settings or NeptuneSettings()
    settings._check(f"{field}.settings")
    return NeptuneKind(
        host=host, port=port, peer=peer, bucket=bucket, bucket_folder=folder, cluster_resource_id=cluster_resource_id,
        no_iam_auth_reason=no_iam_auth_reason, settings=settings,
    )
