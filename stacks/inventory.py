"""Where the reference app's databases are, per environment.

Every value here is a placeholder derived from the environment's name, account and region: replace
them with your own hosts, networks, clusters, secrets and buckets. Nothing is looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import EnvironmentConfig

# A placeholder CA bundle. Replace it with your databases' CA (for RDS and Aurora, the region's
# RDS global bundle) before deploying: DMS verifies the database certificate against it.
CA_BUNDLE = Path(__file__).parent / "certificates" / "placeholder-ca.pem"
# A placeholder Oracle wallet: marker bytes, NOT a real wallet or key. Replace it with the cwallet.sso that
# orapki makes from your Oracle database's CA (stacks/certificates/README.md) before deploying: DMS takes
# only an Oracle wallet for Oracle SSL, and verifies the server against it.
ORACLE_WALLET = Path(__file__).parent / "certificates" / "placeholder-cwallet.sso"


@dataclass(frozen=True)
class ExternalDatabase:
    """A database outside AWS (or outside this app), reached over the transit gateway (Direct Connect/VPN)."""

    host: str
    network_cidr: str
    database_name: str


@dataclass(frozen=True)
class RdsDatabase:
    """An existing RDS instance or Aurora cluster in the application VPC (peered with the DMS VPC), and
    the secret that holds its DMS user."""

    identifier: str
    endpoint: str
    port: int
    security_group_id: str
    secret_arn: str
    database_name: str
    network_cidr: str


@dataclass(frozen=True)
class Inventory:
    orders_mysql: ExternalDatabase
    orders_aurora: RdsDatabase
    claims_oracle: ExternalDatabase
    claims_aurora_postgres: RdsDatabase
    pos_sqlserver: ExternalDatabase
    pos_rds_sqlserver: RdsDatabase
    accounts_postgres: ExternalDatabase
    accounts_rds_postgres: RdsDatabase
    lake_bucket: str


def _rds(config: EnvironmentConfig, name: str, port: int, database: str, suffix: str, sg: int) -> RdsDatabase:
    return RdsDatabase(
        identifier=f"{config.name}-{name}",
        endpoint=f"{config.name}-{name}.{suffix}.{config.region}.rds.amazonaws.com",
        port=port,
        security_group_id=f"sg-0{sg:016x}",
        secret_arn=f"arn:aws:secretsmanager:{config.region}:{config.account}:secret:{config.name}/{name}/dms-AbCdEf",
        database_name=database,
        network_cidr=config.network.application_vpc_cidr,
    )


def inventory(config: EnvironmentConfig) -> Inventory:
    """The placeholder inventory of one environment."""
    corp = f"{config.name}.corp.example.com"
    return Inventory(
        orders_mysql=ExternalDatabase(f"orders-mysql.{corp}", "10.50.0.0/16", "orders"),
        orders_aurora=_rds(config, "orders", 3306, "orders", "cluster-c1a2b3c4d5e6", 1),
        claims_oracle=ExternalDatabase(f"claims-oracle.{corp}", "10.51.0.0/16", "CLAIMS"),
        claims_aurora_postgres=_rds(config, "claims", 5432, "claims", "cluster-c1a2b3c4d5e6", 2),
        pos_sqlserver=ExternalDatabase(f"pos-sql.{corp}", "10.52.0.0/16", "pos"),
        pos_rds_sqlserver=_rds(config, "pos", 1433, "pos", "c1a2b3c4d5e6", 3),
        accounts_postgres=ExternalDatabase(f"accounts-pg.{corp}", "10.53.0.0/16", "accounts"),
        accounts_rds_postgres=_rds(config, "accounts", 5432, "accounts", "c1a2b3c4d5e6", 4),
        lake_bucket=f"{config.name}-{config.account}-data-lake",
    )
