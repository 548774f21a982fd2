"""Endpoint credentials in Secrets Manager (an existing secret, or one the library generates) and the
one role per wave that DMS assumes to read them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from aws_cdk import Aws, Duration, Fn, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from ._validation import check_host, check_range, check_type, check_whole_number, fail, is_token
from .acknowledgments import acknowledge
from .lifecycle.secret_fields import SecretFieldsWriter

from ._context import scope_of
from ._tree import adopt, adopted, default_resource

if TYPE_CHECKING:
    from ._context import WaveContext

# "AWS DMS doesn't allow these characters in passwords used for endpoint credentials"
# (DMS User Guide, "Using secrets to access AWS Database Migration Service endpoints", 2023 edition).
DMS_REJECTED_PASSWORD_CHARACTERS = ";.:+"

# FROZEN. CloudFormation generates a new password whenever anything in a secret's GenerateSecretString
# changes; the database would not know it and every endpoint using it would fail to connect. These values
# are therefore written out here, never derived from a library default or computed, and a test pins them:
# changing either one regenerates the password of every generated endpoint secret on the next deploy.
# Excluded: the characters DMS rejects (; . : +), the ones RDS rejects in passwords (' " / @ and space) and
# the backslash, which breaks quoting in connection strings and shells.
EXCLUDED_PASSWORD_CHARACTERS = ";.:+'\"/@\\ "
GENERATED_PASSWORD_LENGTH = 32

# The findings a secret without rotation raises in the cdk-nag packs this library is checked against
# (the PCI DSS 3.2.1 pack of cdk-nag 3.x has no rotation rule).
ROTATION_FINDING_IDS = (
    "AwsSolutions-SMG4",
    "HIPAA.Security-SecretsManagerRotationEnabled",
    "NIST.800.53.R5-SecretsManagerRotationEnabled",
)

# DMS engine name -> (hosted rotation factory, the `engine` value the rotation function expects).
_HOSTED_ROTATION: dict[str, tuple[Callable[..., secretsmanager.HostedRotation], str]] = {
    "mysql": (secretsmanager.HostedRotation.mysql_single_user, "mysql"),
    "aurora": (secretsmanager.HostedRotation.mysql_single_user, "mysql"),
    "mariadb": (secretsmanager.HostedRotation.maria_db_single_user, "mariadb"),
    "postgres": (secretsmanager.HostedRotation.postgre_sql_single_user, "postgres"),
    "aurora-postgresql": (secretsmanager.HostedRotation.postgre_sql_single_user, "postgres"),
    "oracle": (secretsmanager.HostedRotation.oracle_single_user, "oracle"),
    "sqlserver": (secretsmanager.HostedRotation.sql_server_single_user, "sqlserver"),
    "redshift": (secretsmanager.HostedRotation.redshift_single_user, "redshift"),
    # MongoDB and DocumentDB share the MongoDB rotation function, which expects engine `mongo`.
    "mongodb": (secretsmanager.HostedRotation.mongo_db_single_user, "mongo"),
    "docdb": (secretsmanager.HostedRotation.mongo_db_single_user, "mongo"),
}


def dms_regional_principal() -> iam.ServicePrincipal:
    """`dms.<region>.<url suffix>`: the principal DMS uses for endpoint access roles (the global
    `dms.amazonaws.com` alone is rejected for Secrets Manager access)."""
    return iam.ServicePrincipal(Fn.join("", ["dms.", Aws.REGION, ".", Aws.URL_SUFFIX]))


def dms_source_conditions() -> dict[str, Any]:
    """Trust-policy conditions against the confused deputy, for roles DMS assumes for this library's
    endpoints: `aws:SourceAccount` is this account, and `aws:SourceArn` one of this account's DMS
    resources in this region (`arn:<partition>:dms:<region>:<account>:*`).

    DMS User Guide, "Cross-service confused deputy prevention": DMS supplies both keys (engine 3.4.7 and
    later) and its examples use the replication instance (`:rep:`), tasks and assessment runs, and endpoints
    (`:endpoint:*`) as the source ARN, so the pattern covers whichever DMS resource acts for the endpoint
    while refusing any other account or region.

    Not for the account-wide roles DMS looks up by name (`dms-vpc-role`, `dms-cloudwatch-logs-role`,
    `dms-access-for-endpoint`): see `account.py`.
    """
    return {
        "StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID},
        "ArnLike": {"aws:SourceArn": Fn.join("", ["arn:", Aws.PARTITION, ":dms:", Aws.REGION, ":", Aws.ACCOUNT_ID, ":*"])},
    }


@dataclass(frozen=True)
class SecretRotation:
    """Automatic rotation of a generated endpoint secret by a Secrets Manager hosted rotation function
    (single user: the DMS user rotates its own password). The function runs in the wave's VPC and
    subnets with the wave's security group, which already reaches the database and the Secrets Manager
    VPC endpoint; rotated passwords leave out the characters DMS rejects.

    DMS reads the secret when a task starts or reconnects: after a rotation, a running task may need a
    restart to pick up the new password.

    :param schedule: how often to rotate. Default: every 30 days.
    """

    schedule: Duration = Duration.days(30)

    @staticmethod
    def hosted(*, schedule: Optional[Duration] = None) -> "SecretRotation":
        """Hosted single-user rotation for the endpoint's engine. Default schedule: every 30 days."""
        if schedule is not None:
            field = "SecretRotation.schedule"
            check_type(field, schedule, Duration, "use e.g. Duration.days(30)")
            # Secrets Manager rotates every 1 to 1000 days (AutomaticallyAfterDays); to_days() would fail
            # inside jsii on a duration that is not whole days.
            milliseconds = schedule.to_milliseconds()
            if milliseconds % 86_400_000:
                fail(field, schedule.to_human_string(), "is not a whole number of days", "use e.g. Duration.days(30)")
            check_range(f"{field} (days)", milliseconds // 86_400_000, 1, 1000)
        return SecretRotation(schedule=schedule or Duration.days(30))


@dataclass(frozen=True)
class BoundCredentials:
    """What an endpoint's settings block needs: the secret, the key that encrypts it (None for the
    account's `aws/secretsmanager` key) and, for a generated secret, the custom resource that writes its
    connection fields (the endpoint waits for it)."""

    secret: secretsmanager.ISecret
    key: Optional[kms.IKey]
    generated: bool
    fields: Optional[Construct] = None


class EndpointCredentials:
    """Database credentials for an endpoint, read by DMS from Secrets Manager: the secret's JSON holds
    `username`, `password`, `host` and `port`, so none of them appears in the template.

    Use `EndpointCredentials.from_secret(...)` for a secret that exists, or
    `EndpointCredentials.generate(...)` to let the library create one (then set that password for the
    user on the database).

    Build one with `from_secret` or `generate`; the constructor is their common implementation.

    :param secret: an existing secret. Default: none (a secret is generated).
    :param key: the KMS key of an existing secret. Default: none (the secret uses the AWS managed key, or
        a generated secret the wave's key).
    :param username: the database user of a generated secret. Default: none.
    :param host: the host written into a generated secret. Default: the endpoint's host.
    :param port: the port written into a generated secret. Default: the endpoint's port.
    :param rotation: how a generated secret rotates. Default: none (then `no_rotation_reason` is required).
    :param no_rotation_reason: why a generated secret does not rotate. Default: none.
    """

    def __init__(
        self,
        *,
        secret: Optional[secretsmanager.ISecret] = None,
        key: Optional[kms.IKey] = None,
        username: Optional[str] = None,
        host: Optional[str] = None,
        port: Optional[int] = None,
        rotation: Optional[SecretRotation] = None,
        no_rotation_reason: Optional[str] = None,
    ) -> None:
        self._secret = secret
        self._key = key
        self.username = username
        self.host = host
        self.port = port
        self.rotation = rotation
        self.no_rotation_reason = no_rotation_reason

    @staticmethod
    def from_secret(secret: secretsmanager.ISecret, *, key: Optional[kms.IKey] = None) -> "EndpointCredentials":
        """An existing secret whose JSON has `username`, `password`, `host` and `port` (an RDS secret
        attached to its instance or cluster has them; an Aurora/RDS-managed master user secret does not:
        it lacks host and port).

        Its rotation and encryption are the owner's responsibility: nothing is reported for it here.

        :param key: the KMS key that encrypts the secret, for `kms:Decrypt`. Default: the secret's
            `encryption_key` when known, else the account's `aws/secretsmanager` key (no KMS grant needed).
        """
        if secret is None:
            fail("EndpointCredentials.from_secret", None, "needs a secret", "pass a secretsmanager.ISecret")
        return EndpointCredentials(secret=secret, key=key or secret.encryption_key)

    @staticmethod
    def generate(
        *,
        username: str,
        host: Optional[str] = None,
        port: Optional[int] = None,
        rotation: Optional[SecretRotation] = None,
        no_rotation_reason: Optional[str] = None,
    ) -> "EndpointCredentials":
        """A new secret, encrypted with the wave's key and kept per the wave's removal policy, holding
        `username`, a generated `password` (32 characters, without the characters DMS rejects: `; . : +`,
        nor `' " / @ \\` and space), `host`, `port` and, when known, `dbname` and `engine`.

        CloudFormation generates the password once, from a template that holds only the user name; host,
        port, database name and engine label are written next to it by a custom resource
        (`lifecycle.secret_fields`), so changing them never generates a new password (nor undoes a
        rotation). Changing `username` does: a new user gets a new password.

        :param username: the database user DMS connects as. Required.
        :param host: Default: the endpoint's host.
        :param port: Default: the endpoint's port.
        :param rotation: e.g. `SecretRotation.hosted()`. Required unless `no_rotation_reason` is given:
            an unrotated secret fails AwsSolutions-SMG4 and the HIPAA and NIST 800-53 rotation rules.
        :param no_rotation_reason: why this secret is not rotated; recorded as an acknowledgment of
            each rotation finding on the secret. Default: none (then `rotation` is required).
        """
        field = "EndpointCredentials.generate"
        if not isinstance(username, str) or (not is_token(username) and not username.strip()):
            fail(f"{field}.username", username, "is empty", "give the database user DMS connects as, e.g. username='dms_user'")
        if host is not None:
            check_host(f"{field}.host", host)
        if port is not None:
            check_whole_number(f"{field}.port", port, 1, 65535)
        if rotation is not None and no_rotation_reason is not None:
            fail(
                f"{field}.no_rotation_reason",
                no_rotation_reason,
                "cannot be combined with rotation",
                "drop no_rotation_reason, or set rotation=None",
            )
        if rotation is None and (no_rotation_reason is None or len(no_rotation_reason.strip()) < 10):
            fail(
                f"{field}.rotation",
                no_rotation_reason if no_rotation_reason is not None else None,
                "is off, and a secret without rotation fails AwsSolutions-SMG4 and the HIPAA and NIST 800-53 "
                "rotation rules",
                "pass rotation=SecretRotation.hosted(), or no_rotation_reason='why this secret is not rotated' "
                "(at least 10 characters)",
            )
        return EndpointCredentials(
            username=username, host=host, port=port, rotation=rotation, no_rotation_reason=no_rotation_reason
        )

    @property
    def key(self) -> Optional[kms.IKey]:
        """The KMS key of an existing secret (given, or the secret's own `encryption_key`); None for a generated
        secret (the wave's key encrypts it) or for one under the account's `aws/secretsmanager` key."""
        return self._key

    @property
    def is_generated(self) -> bool:
        """True when the library creates the secret (`generate`), False for an existing one."""
        return self._secret is None

    def _bind(
        self,
        wave: "WaveContext",
        scope: Construct,
        *,
        engine_name: str,
        host: Optional[str],
        port: Optional[int],
        database_name: Optional[str],
        description: str,
    ) -> BoundCredentials:
        """The secret for one endpoint (created under `scope` with id `Secret` when generated), granted
        to the wave's secrets access role."""
        if self._secret is not None:
            bound = BoundCredentials(secret=self._secret, key=self._key, generated=False)
        else:
            bound = self._create(wave, scope, engine_name, host, port, database_name, description)
        SecretsAccess.of(wave).grant_read(bound.secret, bound.key)
        return bound

    def _create(
        self,
        wave: "WaveContext",
        scope: Construct,
        engine_name: str,
        host: Optional[str],
        port: Optional[int],
        database_name: Optional[str],
        description: str,
    ) -> BoundCredentials:
        assert self.username is not None, "generated() always sets the username"
        secret = secretsmanager.Secret(
            scope,
            "Secret",
            description=description,
            encryption_key=wave.encryption_key,
            removal_policy=wave.removal_policy,
            generate_secret_string=generated_password(scope, self.username),
        )
        # Connection fields live outside GenerateSecretString (see lifecycle/secret_fields.py).
        fields = secret_fields(
            engine_name,
            host=self.host if self.host is not None else host,
            port=self.port if self.port is not None else port,
            database_name=database_name,
        )
        writer = SecretFieldsWriter.of(wave).write(scope, secret=secret, key=wave.encryption_key, fields=fields)
        if self.rotation is not None:
            # Every engine with credentials (the relational ones and Redshift) has a hosted rotation.
            rotation_spec = _HOSTED_ROTATION.get(engine_name)
            assert rotation_spec is not None, engine_name
            hosted = rotation_spec[0](
                vpc=wave.vpc,
                vpc_subnets=wave.network.subnet_selection,
                security_groups=[wave.security_group],
                exclude_characters=EXCLUDED_PASSWORD_CHARACTERS,
            )
            schedule = secret.add_rotation_schedule("Rotation", hosted_rotation=hosted, automatically_after=self.rotation.schedule)
            # The first rotation runs when the schedule is created: the secret must hold engine and host by then.
            schedule.node.add_dependency(writer)
        else:
            for finding_id in ROTATION_FINDING_IDS:
                acknowledge(default_resource(secret), finding_id, str(self.no_rotation_reason))
        return BoundCredentials(secret=secret, key=wave.encryption_key, generated=True, fields=writer)


class OracleAsmCredentials:
    """Where DMS reads the Oracle Automatic Storage Management (ASM) credentials of an Oracle source whose
    redo logs Binary Reader reads from ASM: an existing Secrets Manager secret, set as
    `SecretsManagerOracleAsmSecretId` next to the endpoint's own secret.

    DMS user guide, "Using secrets to access AWS Database Migration Service endpoints": "For an Oracle
    endpoint that also uses Oracle Automatic Storage Management (ASM), AWS DMS requires an additional
    secret that represents the user credentials to access Oracle ASM". Per that page its JSON holds exactly
    `asm_user`, `asm_password` and `asm_server` (the ASM server's address with its port, e.g.
    `10.1.0.5:1521/+ASM`), not the `username`/`password`/`host`/`port` of a database secret: hence a type of
    its own. ("Using an Oracle database as a source for AWS DMS": ASM is read by Binary Reader,
    `useLogMinerReader=N;useBfile=Y;asm_user=...;asm_server=...`, with the ASM password.)

    Only an existing secret: the ASM user and its password live on the database server already (the
    library cannot set them), so nothing is generated, and its rotation is its owner's.

    Build one with `from_secret`.

    :param secret: the secret holding `asm_user`, `asm_password` and `asm_server`. Required.
    :param key: the KMS key that encrypts the secret. Default: none (the account's `aws/secretsmanager` key).
    :param port: the ASM listener's port when it is not the endpoint's. Default: none (the endpoint's port).
    """

    def __init__(
        self, *, secret: secretsmanager.ISecret, key: Optional[kms.IKey] = None, port: Optional[int] = None
    ) -> None:
        self.secret = secret
        self.key = key
        self.port = port

    @staticmethod
    def from_secret(
        secret: secretsmanager.ISecret, *, key: Optional[kms.IKey] = None, port: Optional[int] = None
    ) -> "OracleAsmCredentials":
        """An existing secret whose JSON has `asm_user`, `asm_password` and `asm_server`
        (`<host>:<port>/+ASM`, e.g. `10.1.0.5:1521/+ASM`).

        :param key: the KMS key that encrypts the secret, for `kms:Decrypt`. Default: the secret's
            `encryption_key` when known, else the account's `aws/secretsmanager` key (no KMS grant needed).
        :param port: the port in `asm_server` when it is not the endpoint's port (the library cannot read
            the secret): the wave then opens it too, to the endpoint's `peer` network, which must hold the
            ASM host. E.g. 1521 for an ASM listener in plain text while the endpoint uses TCPS on 2484.
            Default: none (the ASM listener is on the endpoint's port).
        """
        # jsii interfaces are not runtime-checkable Protocols: look for what an ISecret has.
        if secret is None or not hasattr(secret, "secret_arn"):
            fail(
                "OracleAsmCredentials.from_secret",
                secret,
                "needs a secret",
                "pass the secretsmanager.ISecret that holds asm_user, asm_password and asm_server",
            )
        if port is not None:
            check_whole_number("OracleAsmCredentials.from_secret.port", port, 1, 65535)
        return OracleAsmCredentials(secret=secret, key=key or secret.encryption_key, port=port)

    def _bind(self, wave: "WaveContext") -> BoundCredentials:
        """The ASM secret, granted to the wave's secrets access role exactly as an endpoint's own secret is."""
        SecretsAccess.of(wave).grant_read(self.secret, self.key)
        return BoundCredentials(secret=self.secret, key=self.key, generated=False)


def generated_password(scope: Construct, username: str) -> secretsmanager.SecretStringGenerator:
    """The `GenerateSecretString` of a generated endpoint secret: the user name, and a password of
    GENERATED_PASSWORD_LENGTH characters without EXCLUDED_PASSWORD_CHARACTERS. Nothing else may go in
    here: any change to it makes CloudFormation generate a new password."""
    return secretsmanager.SecretStringGenerator(
        secret_string_template=Stack.of(scope).to_json_string({"username": username}),
        generate_string_key="password",
        exclude_characters=EXCLUDED_PASSWORD_CHARACTERS,
        password_length=GENERATED_PASSWORD_LENGTH,
    )


def secret_fields(
    engine_name: str, *, host: Optional[str], port: Optional[Union[int, float]], database_name: Optional[str]
) -> dict[str, Any]:
    """The connection fields DMS and the hosted rotation read from a generated secret: `host` and `port`
    (DMS needs both), `dbname` when known, and `engine` as the engine's hosted rotation function expects
    it (`mysql` for Aurora MySQL, `postgres` for Aurora PostgreSQL, ...)."""
    fields: dict[str, Any] = {}
    if host is not None:
        fields["host"] = host
    if port is not None:
        fields["port"] = port
    if database_name is not None:
        fields["dbname"] = database_name
    rotation_spec = _HOSTED_ROTATION.get(engine_name)
    if rotation_spec is not None:
        fields["engine"] = rotation_spec[1]
    return fields


class SecretsAccess(Construct):
    """The one role per wave that DMS assumes (as `dms.<region>.amazonaws.com`, only on behalf of this
    account's DMS resources in this region: `dms_source_conditions()`) to read its endpoints' secrets, with a customer managed policy that grants `secretsmanager:GetSecretValue` and
    `secretsmanager:DescribeSecret` on exactly those secrets and `kms:Decrypt` and `kms:DescribeKey` on
    exactly their keys. Statements are added as endpoints are. Created on the first endpoint that reads
    a secret, at `<wave>/SecretsAccess`.
    """

    def __init__(self, scope: Construct, id: str, *, wave_name: str) -> None:
        super().__init__(scope, id)
        adopt(scope, id, self)  # `find` without a construct-tree lookup (two jsii round trips)
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=dms_regional_principal().with_conditions(dms_source_conditions()),
            description=f"Lets AWS DMS read the endpoint secrets of migration wave {wave_name}.",
        )
        # A customer managed policy, not CDK's inline default policy: the HIPAA, NIST and PCI packs
        # flag inline policies (IAMNoInlinePolicy).
        self.policy = iam.ManagedPolicy(
            self,
            "Policy",
            description=f"Read access to the endpoint secrets of migration wave {wave_name}.",
            roles=[self.role],
        )

    @staticmethod
    def of(wave: "WaveContext") -> "SecretsAccess":
        """The wave's secrets access, created on first use."""
        return SecretsAccess.find(wave) or SecretsAccess(scope_of(wave), "SecretsAccess", wave_name=wave.name)

    @staticmethod
    def find(wave: "WaveContext") -> Optional["SecretsAccess"]:
        """The wave's secrets access, or None while no endpoint reads a secret."""
        return adopted(scope_of(wave), "SecretsAccess", SecretsAccess)

    @property
    def role_arn(self) -> str:
        """The ARN of the role DMS assumes to read the wave's endpoint secrets."""
        return self.role.role_arn

    def grant_read(self, secret: secretsmanager.ISecret, key: Optional[kms.IKey]) -> None:
        """Add read access to one secret (and decrypt on its key)."""
        # Several endpoints may share a secret or a key: CDK drops identical statements when it renders
        # the policy, so no record of what was granted is kept here.
        resource = secret.secret_full_arn or f"{secret.secret_arn}-??????"
        self.policy.add_statements(
            iam.PolicyStatement(
                actions=["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                resources=[resource],
            )
        )
        if key is not None:
            self.policy.add_statements(
                iam.PolicyStatement(actions=["kms:Decrypt", "kms:DescribeKey"], resources=[key.key_arn])
            )


def secrets_access_role(wave: "WaveContext") -> Optional[iam.IRole]:
    """The role DMS assumes to read the wave's endpoint secrets, or None while no endpoint reads one."""
    access = SecretsAccess.find(wave)
    return access.role if access is not None else None
