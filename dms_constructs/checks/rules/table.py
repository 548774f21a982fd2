"""The rule table (`RULES`), rules by resource type, and the table of docs/RULES.md."""

from __future__ import annotations

from typing import Optional

from ._model import (
    ENDPOINT,
    EVENT_SUBSCRIPTION,
    IAM_ROLE,
    REPLICATION_CONFIG,
    REPLICATION_INSTANCE,
    REPLICATION_SUBNET_GROUP,
    REPLICATION_TASK,
    Rule,
    VPC_ROLE_NAME,
    _id,
)
from .instances import (
    _after_vpc_role,
    _auto_minor_upgrade,
    _customer_managed_key,
    _multi_az,
    _not_public,
    _reachable,
    _tagged,
)
from .task_logging import _source_logging, _target_logging
from .endpoints import _mongodb_auth, _neptune_iam, _no_plaintext_password, _redis_tls, _secrets_manager, _ssl
from .iam import _regional_principal


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
