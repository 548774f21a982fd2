"""The migration stack of one environment: a shared private network and the environment's waves."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from constructs import Construct

from dms_constructs import DmsServiceRoles, MigrationNetwork, OnPremisesDns, TransitGatewayAttachment, VpcPeering

from .config import EnvironmentConfig
from .operators import OperatorRoles
from .waves import WAVES


class MigrationStack(Stack):
    """One network for all waves of the environment; the DMS service roles are imported by name
    (the account baseline stack creates them, or they exist already: `config.service_roles`).

    The network: DMS in its own isolated VPC; on-premises sources over the transit gateway, with
    on-premises DNS forwarded through a Route 53 Resolver outbound endpoint; the RDS/Aurora targets in
    the application VPC over a peering connection, routed both ways.

    Operators: a migration admin and a migration viewer role (`stacks/operators.py`)."""

    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig, **kwargs: Any) -> None:
        super().__init__(scope, id, **kwargs)
        net = config.network
        self.network = MigrationNetwork(
            self,
            "Network",
            availability_zones=config.availability_zones,
            cidr=config.vpc_cidr,
            removal_policy=config.removal_policy,
            log_retention=config.log_retention,
            transit_gateway=TransitGatewayAttachment(
                transit_gateway_id=net.transit_gateway_id, routes=net.on_premises_networks
            ),
            peerings=[
                VpcPeering(
                    peer_vpc_id=net.application_vpc_id,
                    peer_cidr=net.application_vpc_cidr,
                    peer_route_table_ids=net.application_route_table_ids,
                )
            ],
            on_premises_dns=OnPremisesDns(domains=net.on_premises_domains, name_server_ips=net.on_premises_name_servers),
        )
        self.service_roles = DmsServiceRoles.from_account(self, "DmsServiceRoles")
        self.waves = [build(self, config, self.network, self.service_roles) for build in WAVES]
        # After the waves: the roles' policies name every task and endpoint they hold.
        self.operators = OperatorRoles(self, "Operators", config=config, waves=self.waves)
