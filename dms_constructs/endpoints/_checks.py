"""Input checks every endpoint family shares: host, port, peer network, database name, extra connection
attributes, credentials.

Layer: endpoints shared machinery (pure checks over CDK values; imports no engine family).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from aws_cdk import aws_ec2 as ec2

from .._validation import is_token
from ..errors import fail
from ..credentials import EndpointCredentials
from ..facts import Engine
from ..reachability import is_ipv4_cidr, is_prefix_list_id

if TYPE_CHECKING:
    from .base import EngineSpec


def check_host(field: str, host: Any) -> None:
    if not isinstance(host, str) or (not is_token(host) and not host.strip()):
        fail(field, host, "is empty", "give the database's host name or address")


def check_database_name(field: str, spec: "EngineSpec", database_name: Optional[str]) -> None:
    if spec.database_name != "required":
        return
    if database_name is None or (isinstance(database_name, str) and not is_token(database_name) and not database_name.strip()):
        what = "the SID or service name" if spec.engine is Engine.ORACLE else "the database DMS connects to"
        fail(f"{field}.database_name", database_name, f"is required for {spec.label} endpoints", f"give {what}")


def peer_network(peer: ec2.IPeer) -> str:
    """The network a peer names: its CIDR (`Peer.ipv4`) or prefix list id (`Peer.prefix_list`)."""
    return str(peer.unique_id)


def check_peer(field: str, peer: Optional[ec2.IPeer]) -> None:
    if peer is None:
        fail(field, None, "is required", "give the database's network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), or a prefix list")
    unique_id = str(getattr(peer, "unique_id", ""))
    if unique_id in ("0.0.0.0/0", "::/0"):
        fail(
            field,
            unique_id,
            "opens the wave's egress to the whole internet",
            "give the database's own network, e.g. ec2.Peer.ipv4('10.1.0.0/16'), or a prefix list",
        )
    if not (is_ipv4_cidr(unique_id) or is_prefix_list_id(unique_id)):
        fail(
            field,
            unique_id,
            "is neither an IPv4 network nor a prefix list, so no route to it can be checked",
            "give ec2.Peer.ipv4('<the database network>') or ec2.Peer.prefix_list('pl-...'); for an RDS or Aurora "
            "database use DatabaseEndpoint.from_database_instance/from_database_cluster",
        )


def joined_attributes(*attributes: Optional[str]) -> Optional[str]:
    """Extra connection attributes joined with `;` (DMS's `name=value;name=value` form); None if none."""
    parts = [a.strip().strip(";") for a in attributes if a and a.strip().strip(";")]
    return ";".join(parts) if parts else None


def check_extra_connection_attributes(field: str, attributes: Optional[str]) -> None:
    if attributes is None or is_token(attributes):
        return
    names = {part.split("=", 1)[0].strip().lower() for part in attributes.split(";") if part.strip()}
    secret_names = names & {"password", "username", "servername", "port", "asm_password", "asmpassword"}
    asm_names = names & {"asm_user", "asm_password", "asmpassword", "asm_server"}
    if asm_names:
        # DMS user guide, "Using secrets to access AWS Database Migration Service endpoints": the ASM sign-in has a
        # secret of its own (SecretsManagerOracleAsmSecretId).
        fail(
            f"{field}.extra_connection_attributes",
            f"<{', '.join(sorted(asm_names))}=...>",
            "sets the Oracle ASM sign-in, which comes from the ASM secret",
            "keep asm_user, asm_password and asm_server in a secret and pass "
            "asm_credentials=OracleAsmCredentials.from_secret(secret)",
        )
    if secret_names:
        fail(
            f"{field}.extra_connection_attributes",
            f"<{', '.join(sorted(secret_names))}=...>",
            "sets connection values that come from the endpoint's secret",
            "keep user name, password, host and port in the secret (EndpointCredentials)",
        )


def require_credentials(field: str, credentials: Optional[EndpointCredentials]) -> EndpointCredentials:
    if not isinstance(credentials, EndpointCredentials):
        fail(
            f"{field}.credentials",
            credentials,
            "is required",
            "pass EndpointCredentials.from_secret(secret) or EndpointCredentials.generate(username=...)",
        )
    return credentials
