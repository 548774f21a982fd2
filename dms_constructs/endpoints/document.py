"""Document databases: MongoDB (source) and Amazon DocumentDB (source and target).

Both sign in with a secret (`SecretsManagerSecretId` in `MongoDbSettings` / `DocDbSettings`: DMS user
guide, "Using secrets to access AWS Database Migration Service endpoints") and verify the server with a
CA bundle (SSL modes from `facts.DMS_ENGINES`: `require` or `verify-full`; for DocumentDB, the RDS CA
bundle: "Using Amazon DocumentDB as a source for AWS DMS", "Setting up SSL").

Layer: endpoints/family (imports base and the shared machinery, never another family).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Union

from aws_cdk import aws_ec2 as ec2

from .._validation import check_range
from ..certificates import EndpointCertificate
from ..credentials import EndpointCredentials
from ..facts import SOURCE, Engine, SslMode
from ._checks import check_database_name, check_extra_connection_attributes, check_host, check_peer, require_credentials
from ._database import SecretBackedKind
from ._settings import EngineSettingsBase, setting
from ._ssl import resolve_ssl_mode
from .base import BoundEndpoint, Reach, spec_of

# DMS user guide, "Using MongoDB as a source for AWS DMS", endpoint settings: `nestingLevel` NONE (document
# mode: each document in one `_doc` column) or ONE (table mode: top-level fields become columns).
_NESTING = ("none", "one")


@dataclass(frozen=True)
class MongoDbSettings(EngineSettingsBase):
    """Settings of MongoDB endpoints (`MongoDbSettings`). Default: DMS defaults (document mode).

    :param nesting_level: `none` (document mode) or `one` (table mode) (source). Default: DMS default (`none`).
    :param extract_doc_id: in document mode, also write `_id` to its own column: `true` or `false` (source).
        Default: DMS default (`false`).
    :param docs_to_investigate: in table mode, how many documents DMS reads to infer columns (source). Default:
        DMS default (1000).
    :param auth_source: the database that holds the user. Default: DMS default (`admin`).
    :param auth_mechanism: `default`, `mongodb_cr` or `scram_sha_1`. Default: DMS default (`default`).
    """

    nesting_level: Optional[str] = setting(SOURCE, _NESTING)
    extract_doc_id: Optional[str] = setting(SOURCE, ("true", "false"))
    docs_to_investigate: Optional[str] = setting(SOURCE)
    auth_source: Optional[str] = setting()
    auth_mechanism: Optional[str] = setting(None, ("default", "mongodb_cr", "scram_sha_1"))


@dataclass(frozen=True)
class DocDbSettings(EngineSettingsBase):
    """Settings of Amazon DocumentDB endpoints (`DocDbSettings`). Default: DMS defaults (document mode).

    :param nesting_level: `none` (document mode) or `one` (table mode) (source). Default: DMS default (`none`).
    :param extract_doc_id: in document mode, also write `_id` to its own column (source). Default: DMS default
        (off).
    :param docs_to_investigate: in table mode, how many documents DMS reads to infer columns (source). Default:
        DMS default (1000).
    """

    nesting_level: Optional[str] = setting(SOURCE, _NESTING)
    extract_doc_id: Optional[bool] = setting(SOURCE)
    docs_to_investigate: Optional[int] = setting(SOURCE)


class DocumentKind(SecretBackedKind):
    """A MongoDB or DocumentDB database, signed in to with a secret."""

    def block_settings(self, wave: Any, bound: BoundEndpoint, direction: str) -> dict[str, Any]:
        settings = super().block_settings(wave, bound, direction)
        if self.engine is Engine.MONGODB:
            # Security Hub DMS.11: MongoDB endpoints use an authentication mechanism. The user and password
            # come from the secret; `password` is the only AuthType that uses them.
            settings["auth_type"] = "password"
        return settings


def _document(
    engine: Engine,
    *,
    host: str,
    database_name: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    port: Union[int, float],
    ssl_mode: Optional[SslMode],
    certificate: Optional[EndpointCertificate],
    insecure_reason: Optional[str],
    settings: EngineSettingsBase,
    extra_connection_attributes: Optional[str],
) -> DocumentKind:
    spec = spec_of(engine)
    field = f"DatabaseEndpoint.{spec.factory}"
    check_host(f"{field}.host", host)
    check_range(f"{field}.port", port, 1, 65535)
    check_peer(f"{field}.peer", peer)
    check_database_name(field, spec, database_name)
    settings._check(field)
    check_extra_connection_attributes(field, extra_connection_attributes)
    mode = resolve_ssl_mode(field, spec, ssl_mode, certificate, insecure_reason)
    return DocumentKind(
        engine=engine, host=host, port=port, database_name=database_name,
        credentials=require_credentials(field, credentials), ssl_mode=mode, certificate=certificate,
        insecure_reason=insecure_reason, reach=Reach(peer=peer), settings=settings,
        extra_connection_attributes=extra_connection_attributes,
    )


def mongodb(
    *,
    host: str,
    database_name: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    port: int = 27017,
    ssl_mode: Optional[SslMode] = None,
    certificate: Optional[EndpointCertificate] = None,
    insecure_reason: Optional[str] = None,
    nesting_level: Optional[str] = None,
    extract_doc_id: Optional[bool] = None,
    docs_to_investigate: Optional[int] = None,
    auth_source: Optional[str] = None,
    auth_mechanism: Optional[str] = None,
    extra_connection_attributes: Optional[str] = None,
) -> DocumentKind:
    """A MongoDB database (a source: DMS migrates from MongoDB, not to it). DMS signs in with the user and
    password of the secret (`AuthType` `password`, Security Hub DMS.11).

    :param host: the server's host name or address.
    :param database_name: the database to migrate. Required.
    :param credentials: where DMS reads user name and password.
    :param peer: the server's network for the wave's egress rule on `port`; never any IPv4.
    :param port: Default: 27017.
    :param ssl_mode: `require` or `verify-full`. Default: `verify-full` with a `certificate`, else `require`.
    :param certificate: the CA bundle; required for `verify-full`. Default: none.
    :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
    :param nesting_level: `none` (document mode) or `one` (table mode). Default: DMS default (`none`).
    :param extract_doc_id: in document mode, also write `_id` to a column. Default: DMS default (off).
    :param docs_to_investigate: table mode: documents read to infer columns. Default: DMS default (1000).
    :param auth_source: the database that holds the user. Default: DMS default (`admin`).
    :param auth_mechanism: `default`, `mongodb_cr` or `scram_sha_1`. Default: DMS default (`default`).
    :param extra_connection_attributes: Default: none.
    """
    if docs_to_investigate is not None:
        check_range("DatabaseEndpoint.mongodb.docs_to_investigate", docs_to_investigate, 1, 2**31 - 1)
    return _document(
        Engine.MONGODB, host=host, database_name=database_name, credentials=credentials, peer=peer, port=port,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
        settings=MongoDbSettings(
            nesting_level=nesting_level,
            extract_doc_id=None if extract_doc_id is None else str(bool(extract_doc_id)).lower(),
            docs_to_investigate=None if docs_to_investigate is None else str(docs_to_investigate),
            auth_source=auth_source,
            auth_mechanism=auth_mechanism,
        ),
        extra_connection_attributes=extra_connection_attributes,
    )


def documentdb(
    *,
    host: str,
    database_name: str,
    credentials: EndpointCredentials,
    peer: ec2.IPeer,
    port: int = 27017,
    ssl_mode: Optional[SslMode] = None,
    certificate: Optional[EndpointCertificate] = None,
    insecure_reason: Optional[str] = None,
    nesting_level: Optional[str] = None,
    extract_doc_id: Optional[bool] = None,
    docs_to_investigate: Optional[int] = None,
    extra_connection_attributes: Optional[str] = None,
) -> DocumentKind:
    """An Amazon DocumentDB cluster (source or target; DMS engine name `docdb`).

    :param host: the cluster endpoint.
    :param database_name: the database to migrate from or into. Required.
    :param credentials: where DMS reads user name and password.
    :param peer: the cluster's network for the wave's egress rule on `port`; never any IPv4.
    :param port: Default: 27017.
    :param ssl_mode: `require` or `verify-full`. Default: `verify-full` with a `certificate` (the RDS CA
        bundle), else `require`.
    :param certificate: the RDS CA bundle; required for `verify-full`. Default: none.
    :param insecure_reason: required with `ssl_mode=SslMode.NONE`. Default: none.
    :param nesting_level: (source) `none` or `one`. Default: DMS default (`none`).
    :param extract_doc_id: (source) Default: DMS default (off).
    :param docs_to_investigate: (source) Default: DMS default (1000).
    :param extra_connection_attributes: Default: none.
    """
    if docs_to_investigate is not None:
        check_range("DatabaseEndpoint.documentdb.docs_to_investigate", docs_to_investigate, 1, 2**31 - 1)
    return _document(
        Engine.DOCUMENTDB, host=host, database_name=database_name, credentials=credentials, peer=peer, port=port,
        ssl_mode=ssl_mode, certificate=certificate, insecure_reason=insecure_reason,
        settings=DocDbSettings(
            nesting_level=nesting_level, extract_doc_id=extract_doc_id, docs_to_investigate=docs_to_investigate
        ),
        extra_connection_attributes=extra_connection_attributes,
    )
