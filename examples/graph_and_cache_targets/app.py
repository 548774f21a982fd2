"""One relational source, two purpose-built targets: Amazon Neptune for the social graph and Amazon ElastiCache
(Redis OSS) for the product cache.

The Aurora PostgreSQL cluster of the shop (in the peered application VPC) feeds
- Neptune: DMS maps rows to vertices and edges with graph-mapping rules (`add_task(task_data=...)`), stages .csv files
  in an S3 bucket under its own prefix and bulk-loads them, signing every request with IAM (Security Hub DMS.10);
- ElastiCache (Redis OSS, cluster mode): DMS writes each product row as a hash, over TLS, authenticating with the
  replication group's AUTH token from Secrets Manager (a dynamic reference: no password in the template).
Run: `python examples/graph_and_cache_targets/app.py`.
"""

from __future__ import annotations


from aws_cdk import App, Environment, Stack, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import (
    DatabaseEndpoint,
    EndpointCredentials,
    MigrationNetwork,
    MigrationType,
    MigrationWave,
    VpcPeering,
    WaveTags,
)
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

ENV = Environment(account="123456789012", region="eu-west-1")
APPLICATION_VPC = "10.30.0.0/16"

# Graph-mapping rules (Gremlin): customers become `person` vertices, follows become `follows` edges (DMS user guide,
# "Specifying graph-mapping rules using Gremlin and R2RML for Amazon Neptune as a target").
GRAPH_MAPPING = {
    "rules": [
        {"rule_id": "1", "rule_name": "people", "table_name": "customers", "vertex_definitions": [{
            "vertex_id_template": "{customer_id}", "vertex_label": "person", "vertex_definition_id": "1",
            "vertex_properties": [{"property_name": "name", "property_value_template": "{name}", "property_value_type": "String"}],
        }]},
        {"rule_id": "2", "rule_name": "follows", "table_name": "follows", "edge_definitions": [{
            "from_vertex": {"vertex_id_template": "{follower_id}", "vertex_definition_id": "1"},
            "to_vertex": {"vertex_id_template": "{followed_id}", "vertex_definition_id": "1"},
            "edge_id_template": {"label": "follows", "template": "{follower_id}_{followed_id}"},
            "edge_properties": [],
        }]},
    ]
}


def build(app: App) -> list[Stack]:
    stack = Stack(app, "GraphAndCacheWave", env=ENV)
    network = MigrationNetwork(
        stack, "Network", availability_zones=["eu-west-1a", "eu-west-1b"],
        peerings=[VpcPeering(peer_cidr=APPLICATION_VPC, peering_connection_id="pcx-0123456789abcdef0")],
    )
    wave = MigrationWave(
        stack, "Storefront", name="storefront", network=network,
        tags=WaveTags(application="storefront", environment="prod", owner="storefront@example.com", cost_center="CC-4400",
                      data_classification="internal"),
    )
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Aurora", cluster_identifier="shop", port=5432,
        cluster_endpoint_address="shop.cluster-abcdefghijkl.eu-west-1.rds.amazonaws.com",
        security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "AuroraSg", "sg-0123456789abcdef1")],
        engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
    )
    source = wave.add_source("aurora", DatabaseEndpoint.from_database_cluster(
        cluster, database_name="shop", network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_name_v2(stack, "AuroraSecret", "shop/aurora/dms_user")),
    ))
    # The staging bucket and its key belong to the graph team's stack; the endpoint's role may use only its prefix.
    staging_key = kms.Key.from_key_arn(stack, "StagingKey", "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555")
    staging = s3.Bucket.from_bucket_attributes(stack, "Staging", bucket_name="shop-graph-staging-123456789012", encryption_key=staging_key)
    graph = wave.add_target("neptune", DatabaseEndpoint.neptune(
        host="social.cluster-abcdefghijkl.eu-west-1.neptune.amazonaws.com", peer=ec2.Peer.ipv4(APPLICATION_VPC),
        bucket=staging, bucket_folder="dms/social", cluster_resource_id="cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    ))
    # Neptune's bulk loader reads the staged files as the endpoint's role (it trusts rds.amazonaws.com for that), and
    # only a role added to the cluster: the graph team adds graph.service_access_role.role_arn to it with
    # `aws neptune add-role-to-db-cluster` (Amazon Neptune user guide, "Adding the IAM Role to an Amazon Neptune Cluster").
    cache = wave.add_target("redis", DatabaseEndpoint.redis(
        host="clustercfg.products.abc123.euw1.cache.amazonaws.com", peer=ec2.Peer.ipv4(APPLICATION_VPC),
        auth_secret=secretsmanager.Secret.from_secret_name_v2(stack, "RedisAuth", "shop/products-cache/auth-token"),
    ))
    wave.add_task("social", source=source, target=graph, migration_type=MigrationType.FULL_LOAD,
                  table_mappings=TableMappings().include("public", "customers").include("public", "follows"),
                  task_data=GRAPH_MAPPING)
    wave.add_task("products", source=source, target=cache, table_mappings=TableMappings().include("public", "products"))
    return [stack]


def main() -> None:
    app = App()
    build(app)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app),
                                    PCIDSS321Checks(app), DmsChecks(app))
    app.synth()  # fails on any compliance finding that is not acknowledged


if __name__ == "__main__":
    main()
