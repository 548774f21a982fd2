"""Oracle Automatic Storage Management (ASM) for an Oracle source read by Binary Reader: the checks of
`OracleSettings.asm_credentials` and the settings-block entries of its secret.

Layer: endpoints shared machinery (imports no engine family).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..credentials import EndpointCredentials, OracleAsmCredentials, SecretsAccess
from ..errors import fail
from ..facts import SOURCE

if TYPE_CHECKING:
    from .._context import WaveContext


def check_asm_credentials(prefix: str, direction: Optional[str], creds: Any, use_logminer_reader: Optional[bool]) -> None:
    """ASM credentials are an `OracleAsmCredentials` (never a database secret, nor a generated one), on a source
    read by Binary Reader."""
    if creds is None:
        return
    field = f"{prefix}.asm_credentials"
    if isinstance(creds, EndpointCredentials):
        if creds.is_generated:
            fail(field, "EndpointCredentials.generate(...)",
                 "cannot be generated: the ASM user and its password exist on the database server already, and "
                 "DMS reads asm_user, asm_password and asm_server from the ASM secret",
                 "pass OracleAsmCredentials.from_secret(secret) with the secret that holds them")
        fail(field, "EndpointCredentials.from_secret(...)",
             "is a database secret (username, password, host, port), but DMS reads asm_user, asm_password and "
             "asm_server from the ASM secret",
             "pass OracleAsmCredentials.from_secret(secret) with the secret that holds them")
    if not isinstance(creds, OracleAsmCredentials):
        fail(field, type(creds).__name__, "is not OracleAsmCredentials", "pass OracleAsmCredentials.from_secret(secret)")
    if direction is not None and direction != SOURCE:
        fail(field, "OracleAsmCredentials",
             f"applies only to source endpoints (this one is a {direction}): DMS reads the redo logs from ASM "
             "for change data capture",
             "drop asm_credentials, or add the endpoint with wave.add_source(...)")
    # DMS user guide, "Using an Oracle database as a source for AWS DMS": "Use the following format for the extra
    # connection attributes to access a server that uses ASM with Binary Reader":
    # `useLogMinerReader=N;useBfile=Y;asm_user=...;asm_server=...` (CloudFormation `AWS::DMS::Endpoint`
    # OracleSettings, AsmServer: "to access an Oracle server with Binary Reader that uses ASM"). LogMiner reads
    # through the database and never signs in to ASM.
    if use_logminer_reader is not False:
        fail(field, "OracleAsmCredentials",
             f"is used only by Binary Reader, and use_logminer_reader is {use_logminer_reader!r} "
             "(LogMiner, which reads the redo logs through the database and never signs in to ASM)",
             "set use_logminer_reader=False and use_b_file=True (Binary Reader), or drop asm_credentials")


def asm_settings(wave: "WaveContext", creds: OracleAsmCredentials) -> dict[str, Any]:
    """`SecretsManagerOracleAsmSecretId` and `SecretsManagerOracleAsmAccessRoleArn`: the wave's secrets access role
    (the one the endpoint's own secret uses) may read the ASM secret and decrypt with its key.

    DMS user guide, "Using secrets to access AWS Database Migration Service endpoints": the ASM secret's ARN goes
    to `SecretsManagerOracleAsmSecretId`, and "You can also use a single secret access role to provide AWS DMS
    access to both the `SecretsManagerSecretId` secret and the `SecretsManagerOracleAsmSecretId` secret" (then the
    same ARN in both role settings)."""
    bound = creds._bind(wave)
    return dict(
        secrets_manager_oracle_asm_secret_id=bound.secret.secret_arn,
        secrets_manager_oracle_asm_access_role_arn=SecretsAccess.of(wave).role_arn,
    )
