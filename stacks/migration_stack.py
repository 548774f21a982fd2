"""The migration stack of one environment: a shared private network and the environment's waves."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from constructs import Construct

from dms_constructs import DmsServiceRoles, MigrationNetwork

from .config import EnvironmentConfig
from .waves import WAVES


class MigrationStack(Stack):
    """One network for all waves of the environment; the DMS service roles are imported by name
    (the account baseline stack creates them, or they exist already: `config.service_roles`)."""

    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        self.network = MigrationNetwork(
            self,
            "Network",
            availability_zones=config.availability_zones,
            cidr=config.vpc_cidr,
            removal_policy=config.removal_policy,
            log_retention=config.log_retention,
        )
        self.service_roles = DmsServiceRoles.from_account(self, "DmsServiceRoles")
        self.waves = [build(self, config, self.network, self.service_roles) for build in WAVES]
