"""Forward on-premises domains from the DMS subnets to on-premises name servers (Route 53 Resolver).

DMS user guide, "Using your own on-premises name server": a replication instance resolves endpoint
names with the VPC's Route 53 Resolver; names only on-premises DNS knows need an outbound resolver
endpoint and forwarding rules associated with the VPC.
"""

from __future__ import annotations

from typing import Sequence

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_route53resolver as resolver
from constructs import Construct

from .connectivity import OnPremisesDns


class OutboundDnsForwarding(Construct):
    """An outbound resolver endpoint in the DMS subnets (two addresses, two zones: the minimum Route 53
    Resolver takes), a security group that reaches only the name servers on port 53 (TCP and UDP),
    one FORWARD rule per domain and the rules' associations with the VPC.

    :param vpc: the VPC whose resolver forwards. Required.
    :param subnet_ids: the DMS subnets (the endpoint takes one address in each of the first two zones).
    :param subnets: the same subnets, for their zones.
    :param dns: what to forward, and where.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        vpc: ec2.IVpc,
        subnet_ids: Sequence[str],
        subnets: Sequence[ec2.ISubnet],
        dns: OnPremisesDns,
    ) -> None:
        super().__init__(scope, id)
        # Association ids come from the domain or rule id, so adding one moves no other.
        associations: dict[str, str] = {rule_id: rule_id for rule_id in dns.resolver_rule_ids}
        if dns.domains:
            self.security_group = ec2.SecurityGroup(
                self, "SecurityGroup", vpc=vpc, allow_all_outbound=False,
                description="Route 53 Resolver outbound endpoint: DNS to the on-premises name servers only",
            )
            for ip in dns.name_server_ips:
                for port in (ec2.Port.udp(53), ec2.Port.tcp(53)):
                    self.security_group.add_egress_rule(ec2.Peer.ipv4(f"{ip}/32"), port, f"DNS to {ip}")
            per_zone: dict[str, str] = {}
            for subnet, subnet_id in zip(subnets, subnet_ids):
                per_zone.setdefault(subnet.availability_zone, subnet_id)
            self.endpoint = resolver.CfnResolverEndpoint(
                self, "Endpoint", direction="OUTBOUND",
                ip_addresses=[resolver.CfnResolverEndpoint.IpAddressRequestProperty(subnet_id=s) for s in list(per_zone.values())[:2]],
                security_group_ids=[self.security_group.security_group_id],
                name=f"{self.node.path.replace('/', '-')}"[:64],
            )
            for domain in dns.domains:
                rule = resolver.CfnResolverRule(
                    self, f"Rule-{domain}", domain_name=domain, rule_type="FORWARD",
                    resolver_endpoint_id=self.endpoint.attr_resolver_endpoint_id,
                    target_ips=[resolver.CfnResolverRule.TargetAddressProperty(ip=ip, port="53") for ip in dns.name_server_ips],
                )
                associations[domain] = rule.attr_resolver_rule_id
        for name, rule_id in associations.items():
            resolver.CfnResolverRuleAssociation(self, f"Association-{name}", resolver_rule_id=rule_id, vpc_id=vpc.vpc_id)
        self.rule_ids: list[str] = list(associations.values())
