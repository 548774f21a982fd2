"""`DataProvider`: the `AWS::DMS::DataProvider` of a database the wave already has as an endpoint — one
description of a database yields both.

What it takes from the endpoint (`BoundEndpoint`'s public attributes): the engine (`engine_name`), host, port,
database name, SSL mode and certificate. The credentials stay in the endpoint's secret, which the migration
project hands DMS next to the data provider (`SecretsManagerSecretId` of its data provider descriptor), never in
the data provider (DMS user guide, "Creating data providers in DMS Schema Conversion": a data provider holds the
database's engine and location; "Creating migration projects": the project names the secret of each).

Layer: part (imports the endpoints' public types and this package's facts; never the wave).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from aws_cdk import aws_dms as dms
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from .._validation import is_token
from ..errors import fail
from .engines import ProviderEngine, provider_engine

if TYPE_CHECKING:
    from ..endpoints import BoundEndpoint


class DataProvider(Construct):
    """The data provider of one endpoint of a wave (`<wave>/SchemaConversion/DataProviders/<endpoint name>`).

    Created by `MigrationWave.add_migration_project` for each endpoint a project uses, once per endpoint: two
    projects over the same database share its data provider. Its name is the endpoint's DMS identifier.

    :param endpoint: the endpoint whose database this describes.
    :param name: the data provider's name (`DataProviderName`).
    :param secret_key: the KMS key of the endpoint's secret, for the migration project's access role. Default:
        none (the secret uses the account's `aws/secretsmanager` key).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        endpoint: "BoundEndpoint",
        name: str,
        secret_key: Optional[kms.IKey] = None,
    ) -> None:
        super().__init__(scope, id)
        field = f"DataProvider({endpoint.name})"
        self.provider_engine: ProviderEngine = provider_engine(f"{field}.engine", endpoint.engine_name)
        """The data provider's engine and settings block."""
        if endpoint.secret is None:
            fail(f"{field}.credentials", None, "is missing: a data provider's credentials come from the endpoint's secret",
                 "give the endpoint credentials=EndpointCredentials.from_secret(...) or EndpointCredentials.generate(...)")
        self.endpoint = endpoint
        """The endpoint this data provider describes."""
        self.secret: secretsmanager.ISecret = endpoint.secret
        """The endpoint's secret, which the migration project hands DMS with this data provider."""
        self.secret_key = secret_key
        """The KMS key of `secret`; None for the account's `aws/secretsmanager` key."""
        self.name = name
        """`DataProviderName`."""
        # The block's struct is named after its CloudFormation name (`PostgreSqlSettings` -> `PostgreSqlSettingsProperty`).
        struct = getattr(dms.CfnDataProvider, f"{self.provider_engine.block}Property")
        settings = dms.CfnDataProvider.SettingsProperty(
            **{self.provider_engine.settings: struct(**_block(field, self.provider_engine, endpoint))}
        )
        self.resource = dms.CfnDataProvider(
            self,
            "Resource",
            engine=self.provider_engine.engine,
            data_provider_name=name,
            settings=settings,
        )
        self.data_provider_arn: str = self.resource.attr_data_provider_arn
        """The data provider's ARN (what a migration project's descriptor names it by)."""


def _block(field: str, spec: ProviderEngine, endpoint: "BoundEndpoint") -> dict[str, Any]:
    """The settings block (snake_case keys, as `CfnDataProvider`'s structs take them)."""
    if endpoint.host is None:
        fail(f"{field}.host", None, f"is unknown, and {spec.block} needs ServerName", "give the endpoint its host")
    if endpoint.port is None:
        fail(f"{field}.port", None, f"is unknown, and {spec.block} needs Port", "give the endpoint its port")
    block: dict[str, Any] = {"server_name": endpoint.host, "port": endpoint.port}
    if spec.database_name != "none" and endpoint.database_name is not None:
        block["database_name"] = endpoint.database_name
    elif spec.database_name == "required":
        fail(f"{field}.database_name", None, f"is required by {spec.block}", "give the endpoint database_name=...")
    if spec.ssl_modes:
        mode = endpoint.ssl_mode.value if endpoint.ssl_mode is not None else None
        if mode is None or (not is_token(mode) and mode not in spec.ssl_modes):
            fail(f"{field}.ssl_mode", mode, f"is not an SslMode {spec.block} takes ({', '.join(spec.ssl_modes)})",
                 f"give the endpoint one of {', '.join(m for m in spec.ssl_modes if m != 'none')}")
        block["ssl_mode"] = mode
        if endpoint.certificate_arn is not None:
            block["certificate_arn"] = endpoint.certificate_arn
    if spec.block == "MongoDbSettings":
        # The endpoint signs in with the user and password of its secret (AuthType password).
        block["auth_type"] = "password"
    return block
