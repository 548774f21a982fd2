"""Where DMS Schema Conversion keeps a wave's migration projects' files (assessment reports, converted code) and
the role it writes there with: the migration projects' `SchemaConversionApplicationAttributes` (`S3BucketPath`,
`S3BucketRoleArn`).

- `Bucket`: private, TLS only, versioned (DMS user guide, "Creating an Amazon S3 bucket" in the DMS Schema
  Conversion prerequisites: turn on versioning), public access blocked, objects owned by the bucket owner, server
  access logged to `AccessLogs` (the library's bucket pair, `buckets.py`, as the assessment results use). Its default
  encryption is SSE-S3, not the wave's key: DMS Schema Conversion writes only to SSE-S3 buckets (AWS's published
  DMS Schema Conversion setup reference: "Do NOT configure SSE-KMS — DMS Schema Conversion only supports SSE-S3").
- `Role`: assumed by DMS (`dms.amazonaws.com`, as the DMS Schema Conversion prerequisites show, and the regional
  principal) only on behalf of this account's DMS resources in this region (`credentials.dms_source_conditions`,
  DMS user guide "Cross-service confused deputy prevention"), with a customer managed policy on this bucket only:
  list it and read its location and versioning; get, get versions of, put and delete its objects.

Layer: part (never imports the wave).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from ..account import dms_service_principal
from ..acknowledgments import acknowledge, skip_checkov
from ..buckets import access_log_bucket, acknowledge_not_replicated, private_bucket
from ..credentials import dms_regional_principal, dms_source_conditions
from ..lifecycle.findings import nag_arn

if TYPE_CHECKING:
    from .._context import WaveContext

_BUCKET = "the DMS Schema Conversion bucket"
_SSE_S3 = (
    "DMS Schema Conversion writes its assessment reports and converted code only to buckets with SSE-S3 default "
    "encryption; the objects are still encrypted at rest, the bucket is private and TLS only."
)
_NOT_REPLICATED = (
    "DMS Schema Conversion's reports and converted code are reproducible from the migration project (a new "
    "assessment or conversion writes them again); a cross-region replica would protect no data."
)
_OBJECTS = (
    "Objects of the wave's DMS Schema Conversion bucket only: DMS Schema Conversion names the files it writes "
    "(per project and run), so no narrower key pattern exists."
)


class SchemaConversionBucket(Construct):
    """The wave's DMS Schema Conversion bucket, its access-log bucket and the role DMS uses them with
    (`<wave>/SchemaConversion/Storage`), created by the wave's first migration project."""

    def __init__(self, scope: Construct, id: str, *, wave: "WaveContext") -> None:
        super().__init__(scope, id)
        # S3 delivers the access logs by the logs bucket's policy, never by an ACL (see buckets.access_log_bucket).
        self.node.set_context("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", True)
        self.access_logs = access_log_bucket(self, "AccessLogs", removal_policy=wave.removal_policy, logged=_BUCKET)
        self.bucket = private_bucket(
            self, "Bucket", removal_policy=wave.removal_policy, access_logs=self.access_logs, access_logs_prefix="schema-conversion/"
        )
        resource = self.bucket.node.default_child
        assert resource is not None
        for pack in ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321"):
            acknowledge(resource, f"{pack}-S3DefaultEncryptionKMS", _SSE_S3)
        skip_checkov(resource, "CKV_AWS_145", _SSE_S3)
        acknowledge_not_replicated(_NOT_REPLICATED, self.access_logs, self.bucket)

        conditions = dms_source_conditions()
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.CompositePrincipal(
                dms_service_principal().with_conditions(conditions), dms_regional_principal().with_conditions(conditions)
            ),
            description=f"Lets DMS Schema Conversion keep the files of migration wave {wave.name}'s projects in its bucket.",
        )
        objects = self.bucket.arn_for_objects("*")
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            description=f"DMS Schema Conversion bucket of migration wave {wave.name}.",
            roles=[self.role],
            statements=[
                iam.PolicyStatement(
                    actions=["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning"],
                    resources=[self.bucket.bucket_arn],
                ),
                iam.PolicyStatement(
                    actions=["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"],
                    resources=[objects],
                ),
            ],
        )
        acknowledge(self.policy, f"AwsSolutions-IAM5[Resource::{nag_arn(Stack.of(self).resolve(objects))}]", _OBJECTS)
        # DMS Schema Conversion reaches S3 from the instance profile's subnets: through the S3 gateway endpoint.
        wave.allow_https_to_s3(self.bucket)

    @property
    def path(self) -> str:
        """`s3://<bucket name>`: the migration projects' `S3BucketPath`."""
        return f"s3://{self.bucket.bucket_name}"

    @staticmethod
    def of(wave: "WaveContext", scope: Construct) -> "SchemaConversionBucket":
        """The wave's bucket under `scope` (the wave's `SchemaConversion` namespace), created on first use."""
        existing = scope.node.try_find_child("Storage")
        return existing if isinstance(existing, SchemaConversionBucket) else SchemaConversionBucket(scope, "Storage", wave=wave)

