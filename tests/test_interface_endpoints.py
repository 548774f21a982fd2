"""One interface endpoint per service in a VPC the network creates, with a construct id that depends on
the service only: a VPC refuses a second private-DNS endpoint for a service, and CloudFormation creates a
replacement before it deletes the old endpoint (so a moved id is a second endpoint too, at deploy)."""

from __future__ import annotations

from aws_cdk import App
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template

from dms_constructs import MigrationNetwork

from .conftest import AZS, env_stack
from .helpers import resources

DMS = ec2.InterfaceVpcEndpointAwsService.DATABASE_MIGRATION_SERVICE
KMS = ec2.InterfaceVpcEndpointAwsService.KMS
SECRETS = ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER


def _interface_endpoints(network_setup) -> dict[str, str]:
    """{logical id: service name} of the interface endpoints a new network creates."""
    stack = env_stack(App())
    network_setup(stack)
    template = Template.from_stack(stack).to_json()
    found = {}
    for logical_id, endpoint in resources(template, "AWS::EC2::VPCEndpoint").items():
        if endpoint["Properties"].get("VpcEndpointType") != "Interface":
            continue
        assert endpoint["Properties"]["PrivateDnsEnabled"] is True
        found[logical_id] = endpoint["Properties"]["ServiceName"]
    return found


def test_a_service_named_in_interface_endpoints_and_asked_for_by_a_part_gets_one_endpoint():
    def setup(stack):
        network = MigrationNetwork(stack, "Network", availability_zones=AZS, interface_endpoints=[DMS, SECRETS, DMS])
        first = network.add_interface_endpoint(DMS)  # e.g. a part of the wave that needs the DMS API
        assert network.add_interface_endpoint(DMS) is first is network.interface_endpoints["dms"]
        network.add_interface_endpoint(SECRETS)

    assert _interface_endpoints(setup) == {
        "NetworkVpcSecretsManagerEndpoint522C18D9": "com.amazonaws.eu-west-1.secretsmanager",
        "NetworkVpcDmsInterfaceEndpoint058A56A1": "com.amazonaws.eu-west-1.dms",
    }


def test_an_endpoints_id_does_not_depend_on_who_asked_for_it_or_on_the_other_services():
    named = _interface_endpoints(lambda s: MigrationNetwork(s, "Network", availability_zones=AZS, interface_endpoints=[DMS, KMS]))
    only_kms = _interface_endpoints(lambda s: MigrationNetwork(s, "Network", availability_zones=AZS, interface_endpoints=[KMS]))
    asked = _interface_endpoints(
        lambda s: (n := MigrationNetwork(s, "Network", availability_zones=AZS)).add_interface_endpoint(KMS)
        and n.add_interface_endpoint(DMS)
    )
    assert named == asked == {
        "NetworkVpcSecretsManagerEndpoint522C18D9": "com.amazonaws.eu-west-1.secretsmanager",
        "NetworkVpcDmsInterfaceEndpoint058A56A1": "com.amazonaws.eu-west-1.dms",
        "NetworkVpcKmsInterfaceEndpointC7064C4F": "com.amazonaws.eu-west-1.kms",
    }
    assert only_kms == {
        "NetworkVpcSecretsManagerEndpoint522C18D9": "com.amazonaws.eu-west-1.secretsmanager",
        "NetworkVpcKmsInterfaceEndpointC7064C4F": "com.amazonaws.eu-west-1.kms",
    }


def test_an_existing_vpc_is_left_as_it_is():
    stack = env_stack(App())
    vpc = ec2.Vpc.from_vpc_attributes(
        stack, "Vpc", vpc_id="vpc-0123456789abcdef0", availability_zones=AZS,
        private_subnet_ids=["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], vpc_cidr_block="10.9.0.0/16",
    )
    network = MigrationNetwork(stack, "Network", vpc=vpc, interface_endpoints=[DMS])
    assert network.add_interface_endpoint(DMS) is None
    assert network.interface_endpoints == {}
    assert resources(Template.from_stack(stack).to_json(), "AWS::EC2::VPCEndpoint") == {}
