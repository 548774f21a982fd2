"""Where DMS runs: a private VPC (created or imported, never looked up), its flow logs and VPC
endpoints, how its DMS subnets reach the databases (transit gateway, peering, VPN gateway, declared
routes, on-premises DNS), and the replication subnet group.

Over 500 lines, on purpose (#19): one construct whose methods share the VPC's route tables and the
check that every declared network has a route. What stands alone is already elsewhere: the declarations
(`connectivity`), route look-ups (`reachability`), DNS forwarding (`resolver`), endpoint policies
(`vpc_endpoints`) and the VPC itself (`isolated_vpc`).
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_dms as dms
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from constructs import Construct, IConstruct

from ._validation import check_availability_zones, check_type, fail, is_token
from .connectivity import ExistingSubnet, OnPremisesDns, TransitGatewayAttachment, VpcPeering, VpnGateway, check_id, check_networks
from .encryption import EncryptionKey
from .vpc_endpoints import restrict_interface_endpoint, restrict_s3_gateway_endpoint
from .isolated_vpc import IsolatedVpc
from .reachability import Route, is_ipv4_cidr, is_prefix_list_id, overlapping, route_to
from .resolver import OutboundDnsForwarding

DEFAULT_VPC_CIDR = "10.20.0.0/16"
MIN_AZS = 2


class MigrationNetwork(Construct):
    """The network a migration runs in, and the routes from its DMS subnets to the databases.

    By default a new VPC with isolated subnets only (no NAT or internet gateway) in the given
    availability zones, its default security group closed, flow logs to a KMS-encrypted log group
    with retention, an interface endpoint for Secrets Manager and a gateway endpoint for S3 (each with an
    endpoint policy limited to this account, `vpc_endpoints`) — and routes to nothing outside it. Give it a way to the databases: `transit_gateway`, `peerings`,
    `vpn_gateway`, and `on_premises_dns` for host names only on-premises name servers know. Or use an
    existing VPC (`MigrationNetwork.from_existing_vpc`, or `vpc` with `subnet_selection`) and declare
    the networks it already reaches (`reachable_networks`).

    Every endpoint added to a wave on this network is checked at synth: a route of the DMS subnets
    must cover the database's network (`route_to`), or the wave fails with what to add.

    :param vpc: an existing VPC to use. Default: a new VPC as described above.
    :param subnet_selection: which subnets of `vpc` DMS uses. Default: the isolated subnets (a new VPC)
        or the private subnets (an existing VPC).
    :param vpc_cidr: an existing VPC's IPv4 network, for the reachability check. Default: `vpc`'s
        `vpc_cidr_block` when it is known at synth (a new VPC: `cidr`).
    :param availability_zones: AZs for a new VPC; at least two. Default: the first two of the stack's
        region when the stack is environment-agnostic; required when the stack has an explicit region
        (no context lookups).
    :param cidr: the new VPC's IPv4 range (/16 to /23). Default: 10.20.0.0/16.
    :param encryption_key: the key for flow-log encryption. Default: a new key with rotation.
    :param log_retention: flow-log retention. Default: one year.
    :param removal_policy: for the key and log group. Default: RETAIN.
    :param interface_endpoints: extra interface endpoint services of a new VPC (one endpoint per service, with
        private DNS; parts that need another API ask `add_interface_endpoint`). Default: only Secrets Manager.
    :param s3_prefix_list_id: the region's S3 prefix list (`pl-...`) that S3/Redshift targets' HTTPS
        egress goes to. Default: resolved at deploy time (`prefix_lists.s3_prefix_list_id`), no lookup.
    :param transit_gateway: attach the DMS subnets to a transit gateway and route networks to it.
        Default: none.
    :param peerings: VPC peering connections (existing or new) with the peer networks routed.
        Default: none.
    :param vpn_gateway: a virtual private gateway whose routes propagate to the DMS subnets.
        Default: none.
    :param on_premises_dns: Route 53 Resolver forwarding of on-premises domains. Default: none (the VPC
        resolves only public and AWS names).
    :param reachable_networks: networks the DMS subnets already reach through routes this construct
        does not manage (typical for an existing landing-zone VPC): IPv4 CIDRs or prefix list ids.
        Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        vpc: Optional[ec2.IVpc] = None,
        subnet_selection: Optional[ec2.SubnetSelection] = None,
        vpc_cidr: Optional[str] = None,
        availability_zones: Optional[Sequence[str]] = None,
        cidr: str = DEFAULT_VPC_CIDR,
        encryption_key: Optional[kms.IKey] = None,
        log_retention: logs.RetentionDays = logs.RetentionDays.ONE_YEAR,
        removal_policy: RemovalPolicy = RemovalPolicy.RETAIN,
        interface_endpoints: Sequence[ec2.InterfaceVpcEndpointAwsService] = (),
        s3_prefix_list_id: Optional[str] = None,
        transit_gateway: Optional[TransitGatewayAttachment] = None,
        peerings: Sequence[VpcPeering] = (),
        vpn_gateway: Optional[VpnGateway] = None,
        on_premises_dns: Optional[OnPremisesDns] = None,
        reachable_networks: Sequence[str] = (),
    ) -> None:
        super().__init__(scope, id)
        _check_props(removal_policy, log_retention, interface_endpoints, s3_prefix_list_id)
        self.s3_prefix_list_id = s3_prefix_list_id
        self.flow_log_group: Optional[logs.ILogGroup] = None
        self.endpoint_security_group: Optional[ec2.SecurityGroup] = None
        self.s3_endpoint: Optional[ec2.GatewayVpcEndpoint] = None
        """The S3 gateway endpoint this network created (None for an existing VPC)."""
        self.interface_endpoints: dict[str, ec2.InterfaceVpcEndpoint] = {}
        """The interface endpoints this network created, by service short name (e.g. `secretsmanager`)."""
        self.encryption_key: Optional[kms.IKey] = None
        self.on_premises_dns = on_premises_dns
        self.routes: list[Route] = []
        """Every network the DMS subnets reach, and how (read by the reachability check)."""
        self.peering_dependables: list[IConstruct] = []
        """Peering connections and their routes: security-group rules across a peering depend on them."""
        self.created_vpc = vpc is None
        if vpc is not None:
            self.vpc = vpc
            self.subnet_selection = subnet_selection or ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS)
            self.vpc_cidr = vpc_cidr if vpc_cidr is not None else _literal_cidr(vpc)
            if vpc_cidr is not None:
                check_networks("MigrationNetwork.vpc_cidr", [vpc_cidr], allow_prefix_lists=False)
        else:
            if vpc_cidr is not None:
                fail("MigrationNetwork.vpc_cidr", vpc_cidr, "applies only to an existing vpc", f"use cidr={vpc_cidr!r} for a new VPC")
            azs = _resolve_azs(self, availability_zones)
            self._isolated = IsolatedVpc(self, "Vpc", cidr=cidr, availability_zones=azs)
            self.vpc = self._isolated.vpc
            self.vpc_cidr = cidr
            self.subnet_selection = subnet_selection or ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
            self.encryption_key = encryption_key or EncryptionKey(
                self, "Key", description=f"Encrypts the flow logs of {self.node.path}", removal_policy=removal_policy
            ).key
            self.flow_log_group = self._create_flow_logs(self.encryption_key, log_retention, removal_policy)
            self._create_endpoints(cidr, interface_endpoints)
        selected = _select_subnets(self.vpc, self.subnet_selection)
        self.subnet_ids: list[str] = list(selected.subnet_ids)
        self._subnets = list(selected.subnets)
        if self.vpc_cidr is not None:
            self.routes.append(Route(self.vpc_cidr, "local", security_group_references=True))
        self._connect(transit_gateway, list(peerings), vpn_gateway, tuple(reachable_networks))
        if on_premises_dns is not None:
            self._forward_dns(on_premises_dns)

    @staticmethod
    def retained_parts(
        scope: Construct, id: str, *, removal_policy: RemovalPolicy, log_retention: logs.RetentionDays
    ) -> Construct:
        """What a RETIRED wave keeps of the network it created (`MigrationNetwork` with a new VPC): the
        flow-log key and log group, at the construct ids they had (`<id>/Key`, `<id>/FlowLogGroup`). The VPC,
        its endpoints, routes and flow log go away."""
        holder = Construct(scope, id)
        key = EncryptionKey(holder, "Key", description=f"Encrypts the flow logs of {holder.node.path}", removal_policy=removal_policy).key
        if isinstance(key, kms.Key):
            EncryptionKey.allow_cloudwatch_logs(key)
        logs.LogGroup(holder, "FlowLogGroup", encryption_key=key, retention=log_retention, removal_policy=removal_policy)
        return holder

    @staticmethod
    def from_existing_vpc(
        scope: Construct,
        id: str,
        *,
        vpc_id: str,
        vpc_cidr: str,
        subnets: Sequence[ExistingSubnet],
        reachable_networks: Sequence[str] = (),
        transit_gateway: Optional[TransitGatewayAttachment] = None,
        peerings: Sequence[VpcPeering] = (),
        vpn_gateway: Optional[VpnGateway] = None,
        on_premises_dns: Optional[OnPremisesDns] = None,
    ) -> "MigrationNetwork":
        """DMS placed in an existing VPC (for example the application's landing-zone VPC, where the
        targets already live), imported from its attributes — never looked up. Nothing of the VPC itself
        is created: it keeps its own flow logs and endpoints (DMS needs a Secrets Manager interface
        endpoint and an S3 gateway endpoint there, or another route to those services).

        :param vpc_id: `vpc-...`. Required.
        :param vpc_cidr: the VPC's IPv4 network (databases inside it are reachable). Required.
        :param subnets: the DMS subnets, two or more in two or more zones, each with its route table.
            Required.
        :param reachable_networks: networks the VPC's route tables already reach (over its existing
            transit gateway, VPN or peering): IPv4 CIDRs or prefix list ids. Default: none.
        :param transit_gateway: routes (and, without `attachment_id`, an attachment) to add. Default: none.
        :param peerings: peering connections (and their routes) to add. Default: none.
        :param vpn_gateway: route propagation to add (the gateway must already be attached). Default: none.
        :param on_premises_dns: DNS forwarding to add. Default: none.
        """
        field = "MigrationNetwork.from_existing_vpc"
        check_id(f"{field}.vpc_id", vpc_id, "vpc")
        check_networks(f"{field}.vpc_cidr", [vpc_cidr], allow_prefix_lists=False)
        subnets = list(subnets)
        if len({s.availability_zone for s in subnets}) < MIN_AZS:
            fail(f"{field}.subnets", [s.subnet_id for s in subnets], f"must hold subnets in at least {MIN_AZS} availability zones",
                 "list two or more subnets in different zones")
        if vpn_gateway is not None and vpn_gateway.attach:
            fail(f"{field}.vpn_gateway.attach", True, "cannot attach a gateway to an existing VPC (it has its own)",
                 "pass VpnGateway(..., attach=False) for a gateway already attached to this VPC")
        vpc = ec2.Vpc.from_vpc_attributes(
            scope,
            f"{id}ExistingVpc",
            vpc_id=vpc_id,
            vpc_cidr_block=vpc_cidr,
            availability_zones=sorted({s.availability_zone for s in subnets}),
            private_subnet_ids=[s.subnet_id for s in subnets],
            private_subnet_route_table_ids=[s.route_table_id for s in subnets],
        )
        selection = ec2.SubnetSelection(
            subnets=[
                ec2.Subnet.from_subnet_attributes(
                    scope, f"{id}Subnet{i}", subnet_id=s.subnet_id, availability_zone=s.availability_zone, route_table_id=s.route_table_id
                )
                for i, s in enumerate(subnets, start=1)
            ]
        )
        return MigrationNetwork(
            scope, id, vpc=vpc, subnet_selection=selection, vpc_cidr=vpc_cidr, reachable_networks=reachable_networks,
            transit_gateway=transit_gateway, peerings=peerings, vpn_gateway=vpn_gateway, on_premises_dns=on_premises_dns,
        )

    # --- reachability ------------------------------------------------------------------------------

    def route_to(self, network: str) -> Optional[Route]:
        """The route of the DMS subnets that carries `network` (an IPv4 CIDR or `pl-...`), or None."""
        return route_to(self.routes, network)

    def require_route(self, field: str, network: str, port: Optional[int], what: str) -> Route:
        """The route to `network`, or a DmsConfigError naming `field`, the network, the DMS subnets and the fix."""
        route = self.route_to(network)
        if route is not None:
            return route
        known = "; ".join(r.describe() for r in self.routes) or "none"
        on = f" port {port}" if port is not None and not is_token(port) else ""
        if self.created_vpc:
            fix = (
                f"attach a transit gateway with a route to {network} (MigrationNetwork(transit_gateway="
                f"TransitGatewayAttachment(transit_gateway_id='tgw-...', routes=['{network}']))), peer the database's VPC "
                f"(peerings=[VpcPeering(peer_cidr='{network}', ...)]), or propagate a VPN gateway's routes "
                f"(vpn_gateway=VpnGateway(vpn_gateway_id='vgw-...', routes=['{network}']))"
            )
        else:
            fix = (
                f"declare it if the VPC's route tables already reach it (reachable_networks=['{network}']), or add a "
                "transit gateway, peering or VPN gateway route to it"
            )
        fail(
            field,
            network,
            f"{what} ({network}{on}) is not routed from the DMS subnets of {self.node.path} (routes: {known})",
            fix,
        )

    # --- connectivity ------------------------------------------------------------------------------

    def _route_table_ids(self, field: str) -> list[str]:
        ids: list[str] = []
        missing = False
        for subnet in self._subnets:
            try:
                ids.append(subnet.route_table.route_table_id)
            except Exception:  # an imported subnet without its route table id
                missing = True
        if missing:
            fail(field, self.subnet_ids, "needs the DMS subnets' route tables, which this VPC does not name",
                 "use MigrationNetwork.from_existing_vpc(..., subnets=[ExistingSubnet(subnet_id, availability_zone, route_table_id), ...])")
        return ids

    def _connect(
        self,
        transit_gateway: Optional[TransitGatewayAttachment],
        peerings: list[VpcPeering],
        vpn_gateway: Optional[VpnGateway],
        reachable_networks: tuple[str, ...],
    ) -> None:
        stack = Stack.of(self)
        for network in check_networks("MigrationNetwork.reachable_networks", reachable_networks):
            self.routes.append(Route(network, "declared"))
        if transit_gateway is not None:
            self._attach_transit_gateway(transit_gateway)
        for index, peering in enumerate(peerings, start=1):
            self._peer(index, peering, stack)
        if vpn_gateway is not None:
            self._propagate_vpn_routes(vpn_gateway)
        if self.vpc_cidr is not None:
            clashes = [(a, b) for a, b in overlapping([self.vpc_cidr] + [r.destination for r in self.routes if r.via != "local"]) if a == self.vpc_cidr]
            if clashes:
                fail("MigrationNetwork", clashes[0][1], f"overlaps the VPC's own network {self.vpc_cidr}: traffic to it never leaves the VPC",
                     "choose a VPC cidr that overlaps no database network, or fix the route")

    def _attach_transit_gateway(self, tgw: TransitGatewayAttachment) -> None:
        scope = Construct(self, "TransitGateway")
        tables = self._route_table_ids("MigrationNetwork.transit_gateway")
        depends: Optional[ec2.CfnTransitGatewayVpcAttachment] = None
        if tgw.attachment_id is None:
            # One subnet per zone: a transit gateway attachment takes at most one subnet per zone.
            per_zone: dict[str, str] = {}
            for subnet in self._subnets:
                per_zone.setdefault(subnet.availability_zone, subnet.subnet_id)
            depends = ec2.CfnTransitGatewayVpcAttachment(
                scope, "Attachment", transit_gateway_id=tgw.transit_gateway_id, vpc_id=self.vpc.vpc_id,
                subnet_ids=list(per_zone.values()),
            )
        for t, table in enumerate(tables, start=1):
            for destination in tgw.routes:
                route = _route(scope, f"Route{t}-{destination}", table, destination, transit_gateway_id=tgw.transit_gateway_id)
                if depends is not None:
                    route.node.add_dependency(depends)  # a route to a gateway the VPC is not yet attached to fails
        self.routes += [Route(d, "transit-gateway", tgw.transit_gateway_id) for d in tgw.routes]

    def _peer(self, index: int, peering: VpcPeering, stack: Stack) -> None:
        scope = Construct(self, f"Peering{index}")
        same_account = peering.peer_account is None or peering.peer_account == stack.account
        same_region = peering.peer_region is None or peering.peer_region == stack.region
        field = f"MigrationNetwork.peerings[{index - 1}]"
        if not same_account and peering.peer_vpc_id is not None and peering.peer_role_arn is None:
            fail(f"{field}.peer_role_arn", None, f"is required to create a peering connection to account {peering.peer_account}",
                 "give a role in the peer account that may accept it (ec2:AcceptVpcPeeringConnection)")
        if peering.peer_route_table_ids and not (same_account and same_region):
            fail(f"{field}.peer_route_table_ids", list(peering.peer_route_table_ids),
                 "can only be set for a peer VPC in this stack's account and region (a stack cannot write routes elsewhere)",
                 "drop peer_route_table_ids; the peer VPC's owner adds the route back to this VPC")
        if peering.peering_connection_id is not None:
            connection_id = peering.peering_connection_id
            created: list[IConstruct] = []
        else:
            assert peering.peer_vpc_id is not None, "VpcPeering has exactly one of peering_connection_id and peer_vpc_id"
            # Same account: CloudFormation's request is accepted without a peering role; another account
            # accepts through PeerRoleArn (CloudFormation reference, AWS::EC2::VPCPeeringConnection).
            connection = ec2.CfnVPCPeeringConnection(
                scope, "Connection", vpc_id=self.vpc.vpc_id, peer_vpc_id=peering.peer_vpc_id,
                peer_owner_id=None if same_account else peering.peer_account,
                peer_region=None if same_region else peering.peer_region,
                peer_role_arn=peering.peer_role_arn,
            )
            connection_id = connection.ref
            created = [connection]
        for t, table in enumerate(self._route_table_ids(field), start=1):
            created.append(_route(scope, f"Route{t}", table, peering.peer_cidr, vpc_peering_connection_id=connection_id))
        if self.vpc_cidr is not None:
            for t, table in enumerate(peering.peer_route_table_ids, start=1):
                created.append(_route(scope, f"ReturnRoute{t}", table, self.vpc_cidr, vpc_peering_connection_id=connection_id))
        self.peering_dependables += created
        # Security groups may reference each other across a peering in one region; across accounts
        # they need the `account/sg-id` form, so this library uses the networks' CIDRs there.
        self.routes.append(Route(peering.peer_cidr, "peering", peering.peering_connection_id or "(new)", same_account and same_region))

    def _propagate_vpn_routes(self, vgw: VpnGateway) -> None:
        scope = Construct(self, "VpnGateway")
        attachment = None
        if vgw.attach:
            if not self.created_vpc:
                fail("MigrationNetwork.vpn_gateway.attach", True, "cannot attach a gateway to an existing VPC (it has its own)",
                     "pass VpnGateway(..., attach=False) for a gateway already attached to this VPC")
            attachment = ec2.CfnVPCGatewayAttachment(scope, "Attachment", vpc_id=self.vpc.vpc_id, vpn_gateway_id=vgw.vpn_gateway_id)
        propagation = ec2.CfnVPNGatewayRoutePropagation(
            scope, "RoutePropagation", route_table_ids=self._route_table_ids("MigrationNetwork.vpn_gateway"), vpn_gateway_id=vgw.vpn_gateway_id
        )
        if attachment is not None:
            propagation.node.add_dependency(attachment)  # propagation needs the gateway attached
        self.routes += [Route(d, "vpn-gateway", vgw.vpn_gateway_id) for d in vgw.routes]

    def _forward_dns(self, dns: OnPremisesDns) -> None:
        for ip in dns.name_server_ips:
            self.require_route("MigrationNetwork.on_premises_dns.name_server_ips", f"{ip}/32", 53, "the on-premises name server")
        OutboundDnsForwarding(self, "Dns", vpc=self.vpc, subnet_ids=self.subnet_ids, subnets=self._subnets, dns=dns)

    # --- VPC parts ---------------------------------------------------------------------------------

    def _create_flow_logs(
        self, key: kms.IKey, retention: logs.RetentionDays, removal_policy: RemovalPolicy
    ) -> logs.LogGroup:
        if isinstance(key, kms.Key):
            EncryptionKey.allow_cloudwatch_logs(key)
        group = logs.LogGroup(
            self, "FlowLogGroup", encryption_key=key, retention=retention, removal_policy=removal_policy
        )
        role = iam.Role(
            self,
            "FlowLogRole",
            assumed_by=iam.ServicePrincipal("vpc-flow-logs.amazonaws.com"),
            description="Lets VPC Flow Logs write to the migration network's log group.",
        )
        # A managed policy instead of CDK's inline grant: inline policies fail the HIPAA/NIST/PCI packs.
        iam.ManagedPolicy(
            self,
            "FlowLogPolicy",
            roles=[role],
            statements=[
                iam.PolicyStatement(
                    actions=["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    resources=[group.log_group_arn],
                )
            ],
        )
        ec2.FlowLog(
            self,
            "FlowLog",
            resource_type=ec2.FlowLogResourceType.from_vpc(self.vpc),
            destination=ec2.FlowLogDestination.to_cloud_watch_logs(group, role.without_policy_updates()),
            traffic_type=ec2.FlowLogTrafficType.ALL,
        )
        return group

    def add_interface_endpoint(self, service: ec2.InterfaceVpcEndpointAwsService) -> Optional[ec2.InterfaceVpcEndpoint]:
        """The interface endpoint of `service` in a VPC this network created, created on first request.

        The one path that creates interface endpoints (`interface_endpoints`, Secrets Manager and any part
        of a wave that needs an AWS API all come here): a service gets one endpoint however often and from
        wherever it is asked for, since a VPC refuses a second private-DNS endpoint for a service. Its
        construct id comes from the service (`_endpoint_id`), so asking for it from another part, or adding
        or removing other services, does not replace it (CloudFormation creates a replacement before it
        deletes the old endpoint: two private-DNS endpoints for one service again).

        Returns None for an existing VPC: it is left as it is (give it the endpoints it needs)."""
        if self.endpoint_security_group is None:
            return None
        existing = self.interface_endpoints.get(service.short_name)
        if existing is not None:
            return existing
        endpoint = ec2.InterfaceVpcEndpoint(
            self._isolated,
            _endpoint_id(service),
            vpc=self.vpc,
            service=service,
            subnets=ec2.SubnetSelection(subnets=self.vpc.isolated_subnets),
            private_dns_enabled=True,
            open=False,
            security_groups=[self.endpoint_security_group],
        )
        restrict_interface_endpoint(endpoint)
        self.interface_endpoints[service.short_name] = endpoint
        return endpoint

    def _create_endpoints(self, cidr: str, extra: Sequence[ec2.InterfaceVpcEndpointAwsService]) -> None:
        self.s3_endpoint = ec2.GatewayVpcEndpoint(
            self._isolated, "S3Endpoint", vpc=self.vpc, service=ec2.GatewayVpcEndpointAwsService.S3,
            subnets=[ec2.SubnetSelection(subnets=self.vpc.isolated_subnets)],
        )
        restrict_s3_gateway_endpoint(self.s3_endpoint)
        # One security group for all interface endpoints: HTTPS from inside the VPC only. The CIDR is
        # given literally (not the VPC's token) so that compliance rules can evaluate it.
        self.endpoint_security_group = ec2.SecurityGroup(
            self,
            "EndpointSecurityGroup",
            vpc=self.vpc,
            allow_all_outbound=False,
            description="Interface VPC endpoints of the migration network: HTTPS from the VPC only",
        )
        self.endpoint_security_group.add_ingress_rule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(443), "HTTPS from the VPC")
        for service in (ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, *extra):
            self.add_interface_endpoint(service)


def _endpoint_id(service: ec2.InterfaceVpcEndpointAwsService) -> str:
    """The construct id of a service's interface endpoint: from the service's short name, never from a
    position in a list or from who asked for it. Secrets Manager keeps the id it has always had; other
    services get `<Name>InterfaceEndpoint` (e.g. `DmsInterfaceEndpoint`, `KmsFipsInterfaceEndpoint`), which
    never meets the VPC's `S3Endpoint` (the gateway endpoint) or other children."""
    if service.short_name == "secretsmanager":
        return "SecretsManagerEndpoint"
    words = [w for w in re.split(r"[^A-Za-z0-9]+", service.short_name) if w]
    return "".join(w[0].upper() + w[1:] for w in words) + "InterfaceEndpoint"


def _literal_cidr(vpc: ec2.IVpc) -> Optional[str]:
    """An existing VPC's network when known at synth (an imported VPC may not say)."""
    try:
        cidr = vpc.vpc_cidr_block
    except RuntimeError:  # "vpcCidrBlock was not supplied when creating this VPC"
        return None
    return None if is_token(cidr) else cidr


def _route(scope: Construct, id: str, route_table_id: str, destination: str, **target: str) -> ec2.CfnRoute:
    """One route of a DMS subnet's route table to a CIDR or a prefix list."""
    key = "destination_cidr_block" if is_ipv4_cidr(destination) else "destination_prefix_list_id"
    safe_id = id.replace("/", "_").replace(".", "_")
    return ec2.CfnRoute(scope, safe_id, route_table_id=route_table_id, **{key: destination}, **target)


class ReplicationSubnetGroup(Construct):
    """An `AWS::DMS::ReplicationSubnetGroup` over the network's subnets.

    It depends on `dms-vpc-role` when that role is created in the same stack, or DMS fails
    intermittently with "The IAM Role arn:aws:iam::...:role/dms-vpc-role is not configured properly".
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        identifier: str,
        subnet_ids: Sequence[str],
        description: str,
        vpc_role_dependable: Optional[IConstruct] = None,
    ) -> None:
        super().__init__(scope, id)
        self.resource = dms.CfnReplicationSubnetGroup(
            self,
            "Resource",
            replication_subnet_group_identifier=identifier,
            replication_subnet_group_description=description,
            subnet_ids=list(subnet_ids),
        )
        add_dependency_in_stack(self.resource, vpc_role_dependable)
        self.identifier: str = self.resource.ref


def add_dependency_in_stack(resource: IConstruct, dependable: Optional[IConstruct]) -> None:
    """Make `resource` depend on `dependable` when both are in one stack (across stacks the stacks
    are ordered instead, see the reference app's Stage)."""
    if dependable is not None and Stack.of(dependable) is Stack.of(resource):
        resource.node.add_dependency(dependable)


def _check_props(
    removal_policy: RemovalPolicy,
    log_retention: logs.RetentionDays,
    interface_endpoints: Sequence[ec2.InterfaceVpcEndpointAwsService],
    s3_prefix_list_id: Optional[str],
) -> None:
    """Wrong types fail here, naming the prop, rather than inside jsii."""
    field = "MigrationNetwork"
    check_type(f"{field}.removal_policy", removal_policy, RemovalPolicy, "use e.g. RemovalPolicy.RETAIN")
    check_type(f"{field}.log_retention", log_retention, logs.RetentionDays, "use e.g. logs.RetentionDays.ONE_YEAR")
    if isinstance(interface_endpoints, (str, ec2.InterfaceVpcEndpointAwsService)):
        fail(f"{field}.interface_endpoints", interface_endpoints, "must be a list", "write [ec2.InterfaceVpcEndpointAwsService.SSM]")
    for service in interface_endpoints:
        check_type(f"{field}.interface_endpoints", service, ec2.InterfaceVpcEndpointAwsService, "use e.g. ec2.InterfaceVpcEndpointAwsService.SSM")
    if s3_prefix_list_id is not None and not is_token(s3_prefix_list_id) and not is_prefix_list_id(s3_prefix_list_id):
        fail(f"{field}.s3_prefix_list_id", s3_prefix_list_id, "is not a prefix list id",
             "give the Region's S3 prefix list (com.amazonaws.<region>.s3), e.g. 'pl-6da54004', or leave it unset")


def _resolve_azs(scope: Construct, azs: Optional[Sequence[str]]) -> list[str]:
    stack = Stack.of(scope)
    if azs is None:
        if not is_token(stack.region):
            fail(
                "MigrationNetwork.availability_zones",
                None,
                f"is required when the stack has an explicit region ({stack.region}): reading the stack's zones would "
                "be a context lookup",
                "pass the zones, e.g. availability_zones=['eu-west-1a', 'eu-west-1b']",
            )
        # Environment-agnostic: CloudFormation picks the zones at deploy time (Fn::GetAZs), no lookup.
        return list(stack.availability_zones[:MIN_AZS])
    azs = check_availability_zones("MigrationNetwork.availability_zones", azs, None)  # shape; the Region is checked below
    if len(set(azs)) < MIN_AZS:
        fail(
            "MigrationNetwork.availability_zones",
            azs,
            f"needs at least {MIN_AZS} distinct availability zones (DMS subnet groups span two or more)",
            "list two or more zones of the region",
        )
    region = stack.region
    if not is_token(region):
        stray = [az for az in azs if not az.startswith(region)]
        if stray:
            fail(
                "MigrationNetwork.availability_zones",
                azs,
                f"includes zones outside the stack's region {region}: {stray}",
                f"use zones of {region}, e.g. {region}a",
            )
    return azs


def _select_subnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection) -> ec2.SelectedSubnets:
    selected = vpc.select_subnets(
        subnet_type=selection.subnet_type,
        subnet_group_name=selection.subnet_group_name,
        subnets=selection.subnets,
        availability_zones=selection.availability_zones,
        one_per_az=selection.one_per_az,
    )
    azs = {az for az in selected.availability_zones if not is_token(az)}
    if len(selected.subnet_ids) < MIN_AZS or (azs and len(azs) < MIN_AZS):
        fail(
            "MigrationNetwork.subnet_selection",
            f"{len(selected.subnet_ids)} subnets in {sorted(azs)}",
            f"must select at least {MIN_AZS} subnets in {MIN_AZS} availability zones for the DMS subnet group",
            "select subnets in two or more zones",
        )
    return selected
