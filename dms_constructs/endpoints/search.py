"""Search targets: Amazon OpenSearch Service domains.

DMS creates one index per source table and writes documents over the domain's HTTPS REST API through the
endpoint's own service access role (DMS user guide, "Using an Amazon OpenSearch Service cluster as a target
for AWS Database Migration Service"; earlier editions: "Using an Amazon Elasticsearch Service cluster as a
target").

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_opensearchservice as opensearch
from constructs import IConstruct

from .._validation import check_range
from ..facts import Engine
from ._access import acknowledge_wildcard, service_access_role
from ._checks import check_peer
from .base import BoundEndpoint, EndpointKind, Reach

if TYPE_CHECKING:
    from .._context import WaveContext


class OpenSearchKind(EndpointKind):
    """An OpenSearch Service domain target."""

    no_ssl_mode_reason = (
        "DMS has no SSL mode for OpenSearch endpoints: DMS writes to the domain's HTTPS endpoint (DMS user guide, "
        "Using SSL: not all databases use SSL in the same way)."
    )

    def __init__(
        self,
        *,
        domain: opensearch.IDomain,
        peer: ec2.IPeer,
        error_retry_duration: Optional[int],
        full_load_error_percentage: Optional[int],
    ) -> None:
        super().__init__(engine=Engine.OPENSEARCH, host=domain.domain_endpoint, port=443, reach=Reach(peer=peer))
        self.domain = domain
        self.error_retry_duration = error_retry_duration
        self.full_load_error_percentage = full_load_error_percentage

    def properties(
        self, wave: "WaveContext", bound: BoundEndpoint, direction: str, dependencies: list[IConstruct]
    ) -> dict[str, Any]:
        # The minimum permissions of the DMS guide ("Prerequisites for using Amazon OpenSearch Service as a
        # target"): es:ESHttpDelete, Get, Head, Post and Put on `domain/<name>/*`.
        paths = f"{self.domain.domain_arn}/*"
        role, policy = service_access_role(
            bound,
            purpose="write the OpenSearch target",
            policy_description=f"OpenSearch target access of DMS endpoint {bound.identifier}.",
            statements=[
                iam.PolicyStatement(
                    actions=["es:ESHttpDelete", "es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
                    resources=[paths],
                )
            ],
        )
        acknowledge_wildcard(
            policy, paths, "DMS creates one index per source table; the grant is limited to the paths of this one domain."
        )
        dependencies.append(policy)
        return {
            "elasticsearch_settings": dms.CfnEndpoint.ElasticsearchSettingsProperty(
                endpoint_uri=f"https://{self.domain.domain_endpoint}",
                service_access_role_arn=role.role_arn,
                error_retry_duration=self.error_retry_duration,
                full_load_error_percentage=self.full_load_error_percentage,
            )
        }


def opensearch_target(
    domain: opensearch.IDomain,
    *,
    peer: ec2.IPeer,
    error_retry_duration: Optional[int] = None,
    full_load_error_percentage: Optional[int] = None,
) -> OpenSearchKind:
    """An Amazon OpenSearch Service target (DMS engine name `opensearch`; one index per source table).

    The endpoint gets its own service access role (trusting `dms.<region>.amazonaws.com` and
    `dms.amazonaws.com`, this account only) with a customer managed policy: `es:ESHttpDelete`, `Get`,
    `Head`, `Post` and `Put` on the domain's paths. The domain's access policy must admit that role, and DMS
    cannot sign in to a domain whose fine-grained access control uses a master user and password (DMS guide,
    limitations). DMS has no SSL mode for OpenSearch (the endpoint is HTTPS).

    :param domain: the target domain (`opensearch.Domain`, or `Domain.from_domain_endpoint(...)`).
    :param peer: the domain's network (its VPC subnets), for the wave's HTTPS egress rule; never any IPv4.
        Required.
    :param error_retry_duration: seconds DMS retries a failed write before the task fails. Default: DMS
        default (300).
    :param full_load_error_percentage: the share of failed writes (1-100) a full load tolerates. Default: DMS
        default (10).
    """
    field = "DatabaseEndpoint.opensearch"
    check_peer(f"{field}.peer", peer)
    if error_retry_duration is not None:
        check_range(f"{field}.error_retry_duration", error_retry_duration, 1, 2**31 - 1)
    if full_load_error_percentage is not None:
        check_range(f"{field}.full_load_error_percentage", full_load_error_percentage, 1, 100)
    return OpenSearchKind(
        domain=domain, peer=peer, error_retry_duration=error_retry_duration,
        full_load_error_percentage=full_load_error_percentage,
    )
