"""IBM Db2 LUW (source and target), IBM Db2 for z/OS (source, full load only) and SAP ASE (source and
target): relational engines built on the shared relational base (`_relational`), each signing in with a
secret (`SecretsManagerSecretId` in `IbmDb2Settings` / `SybaseSettings`: DMS user guide, "Using secrets to access
AWS Database Migration Service endpoints") and with the SSL modes of `facts.DMS_ENGINES`.

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from aws_cdk import aws_ec2 as ec2

from ..certificates import EndpointCertificate
from ..credentials import EndpointCredentials
from ..facts import SOURCE, TARGET, Engine, SslMode
from ._relational import DB2_SSL_PORT, RelationalKind, relational
from ._settings import EngineSettingsBase, setting

__all__ = ["Db2Settings", "SybaseSettings", "db2", "db2_zos", "sybase"]


@dataclass(frozen=True)
class Db2Settings(EngineSettingsBase):
    """Settings of IBM Db2 LUW endpoints (`IbmDb2Settings`; CloudFormation reference, AWS::DMS::Endpoint
    IbmDb2Settings; DMS user guide, "Using IBM Db2 for Linux, Unix, Windows, and Amazon RDS database (Db2 LUW)
    as a source" and "Using Amazon RDS for Db2 and IBM Db2 LUW as a target"). Every parameter defaults to none:
    DMS's default applies.

    :param set_data_capture_changes: enable ongoing replication (source). Default: DMS default (true).
    :param current_lsn: the log sequence number CDC starts from (source). Default: none.
    :param max_k_bytes_per_read: kilobytes per read (source). Default: DMS default (64).
    :param keep_csv_files: keep the .csv files DMS loads with (target). Default: DMS default (false).
    :param load_timeout: milliseconds before a DMS operation on the target times out (target). Default: DMS
        default (1200).
    :param max_file_size: the largest .csv file DMS loads, in KB (target). Default: DMS default.
    :param write_buffer_size: the in-memory buffer for .csv files, in KB (target). Default: DMS default.
    """

    set_data_capture_changes: Optional[bool] = setting(SOURCE)
    current_lsn: Optional[str] = setting(SOURCE)
    max_k_bytes_per_read: Optional[int] = setting(SOURCE)
    keep_csv_files: Optional[bool] = setting(TARGET)
    load_timeout: Optional[int] = setting(TARGET)
    max_file_size: Optional[int] = setting(TARGET)
    write_buffer_size: Optional[int] = setting(TARGET)


@dataclass(frozen=True)
class SybaseSettings(EngineSettingsBase):
    """Settings of SAP ASE endpoints (`SybaseSettings`): CloudFormation takes only the secret there
    (`SecretsManagerSecretId`, `SecretsManagerAccessRoleArn`), which the library sets; other SAP ASE options are
    extra connection attributes (DMS user guide, "Using an SAP ASE database as a source for AWS DMS")."""


def db2(
    *,
    host: str,
    database_name: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    port: Optional[int] = None,
    ssl_mode: Optional[SslMode] = None,
    certificate: Optional[EndpointCertificate] = None,
    insecure_reason: Optional[str] = None,
    settings: Optional[Db2Settings] = None,
    extra_connection_attributes: Optional[str] = None,
) -> RelationalKind:
    """An IBM Db2 LUW database (DMS engine name `db2`): a source, or a target when the source is Db2 LUW or
    Db2 for z/OS (DMS user guide, "Using Amazon RDS for Db2 and IBM Db2 LUW as a target for AWS DMS").

    :param host: the database's host name or address.
    :param database_name: the database DMS connects to. Required.
    :param credentials: where DMS reads user name and password. `EndpointCredentials.generate` takes
        `no_rotation_reason` here: there is no hosted rotation for Db2.
    :param peer: the database's network for the wave's egress rule on `port`; never any IPv4.
    :param port: the port DMS connects to: with SSL on, the SSL_SVCENAME port, never the plain-text 50000 (RDS
        user guide, "Using SSL/TLS with an Amazon RDS for Db2 DB instance": RDS for Db2 serves SSL on a second port,
        the SSL_SVCENAME parameter of its parameter group, which has no default). Required with SSL on; default:
        50000 with `ssl_mode=SslMode.NONE`. A port of 50000 with SSL on synthesizes with the warning
        `dms-constructs:ssl-on-plain-port` (acknowledge it if that server really serves SSL there).
    :param ssl_mode: DMS supports only `verify-ca` (and `none`) for Db2 LUW ("Using SSL with AWS Database
        Migration Service"). Default: `verify-ca`; a `certificate` is required.
    :param certificate: the CA bundle (PEM) that signed the server certificate. Required unless
        `ssl_mode=SslMode.NONE`.
    :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
    :param settings: `Db2Settings(...)`. Default: DMS defaults.
    :param extra_connection_attributes: other DMS extra connection attributes. Default: none.
    """
    return relational(
        Engine.DB2, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason, settings=settings or Db2Settings(),
        extra_connection_attributes=extra_connection_attributes, second_ssl_port=DB2_SSL_PORT,
    )


def db2_zos(
    *,
    host: str,
    database_name: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    insecure_reason: str,
    port: int = 446,
    extra_connection_attributes: Optional[str] = None,
) -> RelationalKind:
    """An IBM Db2 for z/OS database (DMS engine name `db2-zos`), a source for full-load tasks only (DMS user
    guide, "Using IBM Db2 for z/OS databases as a source for AWS DMS": "Only Full Load replication tasks are
    supported"; the server needs an IBM ODBC Connect license). DMS documents no SSL mode for it, so the endpoint
    states how the connection is protected.

    :param host: the Db2 subsystem's host name or address.
    :param database_name: the location name DMS connects to. Required.
    :param credentials: where DMS reads user name and password (no hosted rotation: pass `no_rotation_reason`
        to `EndpointCredentials.generate`).
    :param peer: the mainframe's network for the wave's egress rule on `port`; never any IPv4.
    :param insecure_reason: how the unencrypted connection is protected (e.g. an IPsec VPN or MACsec on Direct
        Connect); recorded as the acknowledgment of the DMS rule pack's SSL rule. Required.
    :param port: the DRDA port. Default: 446.
    :param extra_connection_attributes: other DMS extra connection attributes. Default: none.
    """
    return relational(
        Engine.DB2_ZOS, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
        ssl_mode=None, certificate=None, insecure_reason=insecure_reason, settings=Db2Settings(),
        extra_connection_attributes=extra_connection_attributes,
    )


def sybase(
    *,
    host: str,
    database_name: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    port: int = 5000,
    ssl_mode: Optional[SslMode] = None,
    certificate: Optional[EndpointCertificate] = None,
    insecure_reason: Optional[str] = None,
    extra_connection_attributes: Optional[str] = None,
) -> RelationalKind:
    """An SAP ASE database (DMS engine name `sybase`), source or target.

    :param host: the server's host name or address.
    :param database_name: the database DMS connects to. Required.
    :param credentials: where DMS reads user name and password (no hosted rotation: pass `no_rotation_reason`
        to `EndpointCredentials.generate`).
    :param peer: the server's network for the wave's egress rule on `port`; never any IPv4.
    :param port: Default: 5000.
    :param ssl_mode: DMS supports only `verify-full` (and `none`) for SAP ASE ("Using SSL with AWS Database
        Migration Service"). Default: `verify-full`; a `certificate` is required.
    :param certificate: the CA bundle (PEM). Required unless `ssl_mode=SslMode.NONE`.
    :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
    :param extra_connection_attributes: other DMS extra connection attributes (e.g. `charset=utf8`). Default: none.
    """
    return relational(
        Engine.SYBASE, host=host, credentials=credentials, peer=peer, port=port, database_name=database_name,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason, settings=SybaseSettings(),
        extra_connection_attributes=extra_connection_attributes,
    )
