"""Oracle and Db2 LUW serve SSL on a second port, next to their plain-text listener: with SSL on, DMS connects
there, the generated secret holds that port, and the security-group rules open it (never 1521 / 50000 by
default). The port DMS reads is the one in the secret, so a secret that holds another port is refused."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from aws_cdk import Annotations as CdkAnnotations
from aws_cdk import App
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Annotations, Match, Template

from dms_constructs import DmsConfigError, MigrationWave
from dms_constructs.certificates import EndpointCertificate
from dms_constructs.credentials import EndpointCredentials
from dms_constructs.endpoints import DatabaseEndpoint, SslMode

from .conftest import APPLICATION_VPC, env_stack, routed_network
from .helpers import resources

PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n"
WALLET = b"\xa1\xf8N6\x00\x00\x00\x06test-wallet\x00\xff"
DATA_CENTRE = "10.1.0.0/16"
NET = ec2.Peer.ipv4(DATA_CENTRE)
DB_SG = "sg-0123456789abcdef0"
REASON = "rotated by the DBA team quarterly"


def _wallet() -> EndpointCertificate:
    path = Path(tempfile.gettempdir()) / f"dms-constructs-ssl-ports-{os.getpid()}" / "cwallet.sso"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(WALLET)
    return EndpointCertificate.from_oracle_wallet_file(str(path))


def _generated(**kwargs) -> EndpointCredentials:
    return EndpointCredentials.generate(username="dms", no_rotation_reason=REASON, **kwargs)


def _wave():
    stack = env_stack(App(), "T")
    return stack, MigrationWave(stack, "W", network=routed_network(stack))


def _egress_ports(t: dict, stack, wave, cidr: str) -> set[int]:
    egress = t["Resources"][stack.get_logical_id(wave.security_group.node.default_child)]["Properties"]["SecurityGroupEgress"]
    return {r["FromPort"] for r in egress if r.get("CidrIp") == cidr and r["FromPort"] == r["ToPort"]}


def _secret_fields(t: dict, bound) -> dict:
    (fields,) = [r["Properties"]["Fields"] for path, r in t["Resources"].items()
                 if r["Type"] == "Custom::DmsSecretFields" and path.startswith(f"WEndpoints{bound.name}")]
    return json.loads(fields)


# --- endpoints built by host ----------------------------------------------------------------------

def test_oracle_over_ssl_connects_to_2484_by_default_and_opens_only_that_port():
    stack, wave = _wave()
    ora = wave.add_source("ora", DatabaseEndpoint.oracle(
        host="ora.corp.example", database_name="ORCL", peer=NET, certificate=_wallet(), credentials=_generated()))
    t = Template.from_stack(stack).to_json()
    assert ora.port == 2484 and ora.ssl_mode is SslMode.VERIFY_CA
    assert _secret_fields(t, ora) == {"host": "ora.corp.example", "port": 2484, "dbname": "ORCL", "engine": "oracle"}
    assert _egress_ports(t, stack, wave, DATA_CENTRE) == {2484}
    Annotations.from_stack(stack).has_no_warning("*", Match.string_like_regexp("ssl-on-plain-port"))


def test_oracle_without_ssl_keeps_the_plain_port():
    stack, wave = _wave()
    ora = wave.add_source("ora", DatabaseEndpoint.oracle(
        host="ora.corp.example", database_name="ORCL", peer=NET, credentials=_generated(),
        ssl_mode=SslMode.NONE, insecure_reason="lab database without a TCPS listener"))
    t = Template.from_stack(stack).to_json()
    assert ora.port == 1521 and _egress_ports(t, stack, wave, DATA_CENTRE) == {1521}
    assert _secret_fields(t, ora)["port"] == 1521


def test_oracle_with_its_own_tcps_port_uses_it_everywhere():
    stack, wave = _wave()
    ora = wave.add_source("ora", DatabaseEndpoint.oracle(
        host="ora.corp.example", database_name="ORCL", peer=NET, port=2521, certificate=_wallet(), credentials=_generated()))
    t = Template.from_stack(stack).to_json()
    assert (ora.port, _secret_fields(t, ora)["port"], _egress_ports(t, stack, wave, DATA_CENTRE)) == (2521, 2521, {2521})


def test_oracle_ssl_on_the_plain_port_synthesizes_with_a_warning():
    stack, wave = _wave()
    ora = wave.add_source("ora", DatabaseEndpoint.oracle(
        host="ora.corp.example", database_name="ORCL", peer=NET, port=1521, certificate=_wallet(), credentials=_generated()))
    t = Template.from_stack(stack).to_json()
    assert ora.port == 1521 and _egress_ports(t, stack, wave, DATA_CENTRE) == {1521}
    warnings = Annotations.from_stack(stack).find_warning("/T/W/Endpoints/ora/Resource", Match.any_value())
    assert [w.entry.data for w in warnings] == [
        "DatabaseEndpoint.oracle.port is 1521, the default port of Oracle's plain-text listener, but ssl_mode 'verify-ca' "
        "makes DMS open TLS there, and Oracle serves SSL on a second port: the connection test fails. Pass port=<the "
        "listener's TCPS port (RDS for Oracle: the port of the SSL option in its option group, 2484 by default)>; if this "
        "server really serves TLS on 1521, acknowledge 'dms-constructs:ssl-on-plain-port' on the endpoint. "
        "[ack: dms-constructs:ssl-on-plain-port]"
    ]


def test_the_plain_port_warning_can_be_acknowledged_for_a_listener_that_really_serves_tls_there():
    stack, wave = _wave()
    ora = wave.add_source("ora", DatabaseEndpoint.oracle(
        host="ora.corp.example", database_name="ORCL", peer=NET, port=1521, certificate=_wallet(), credentials=_generated()))
    CdkAnnotations.of(ora.resource).acknowledge_warning("dms-constructs:ssl-on-plain-port", "this listener serves TCPS on 1521")
    assert Annotations.from_stack(stack).find_warning("/T/W/Endpoints/ora/Resource", Match.any_value()) == []


def test_db2_over_ssl_connects_to_the_port_it_is_given():
    stack, wave = _wave()
    db2 = wave.add_source("db2", DatabaseEndpoint.db2(
        host="db2.corp.example", database_name="SALES", peer=NET, port=50443,
        certificate=EndpointCertificate.from_pem_string(PEM), credentials=_generated()))
    t = Template.from_stack(stack).to_json()
    assert (db2.port, _secret_fields(t, db2)["port"], _egress_ports(t, stack, wave, DATA_CENTRE)) == (50443, 50443, {50443})


def test_db2_without_ssl_keeps_the_plain_port():
    stack, wave = _wave()
    db2 = wave.add_source("db2", DatabaseEndpoint.db2(
        host="db2.corp.example", database_name="SALES", peer=NET, credentials=_generated(),
        ssl_mode=SslMode.NONE, insecure_reason="lab database without SSL_SVCENAME"))
    t = Template.from_stack(stack).to_json()
    assert (db2.port, _egress_ports(t, stack, wave, DATA_CENTRE)) == (50000, {50000})


def test_db2_ssl_on_the_plain_port_synthesizes_with_a_warning():
    stack, wave = _wave()
    wave.add_source("db2", DatabaseEndpoint.db2(
        host="db2.corp.example", database_name="SALES", peer=NET, port=50000,
        certificate=EndpointCertificate.from_pem_string(PEM), credentials=_generated()))
    warnings = Annotations.from_stack(stack).find_warning("/T/W/Endpoints/db2/Resource", Match.any_value())
    assert [w.entry.data for w in warnings] == [
        "DatabaseEndpoint.db2.port is 50000, the default port of IBM Db2 LUW's plain-text listener, but ssl_mode "
        "'verify-ca' makes DMS open TLS there, and IBM Db2 LUW serves SSL on a second port: the connection test fails. "
        "Pass port=<the SSL_SVCENAME port (RDS for Db2: the SSL_SVCENAME parameter of its parameter group)>; if this "
        "server really serves TLS on 50000, acknowledge 'dms-constructs:ssl-on-plain-port' on the endpoint. "
        "[ack: dms-constructs:ssl-on-plain-port]"
    ]


def test_db2_over_ssl_without_a_port_is_refused():
    with pytest.raises(DmsConfigError) as error:
        DatabaseEndpoint.db2(host="db2.corp.example", database_name="SALES", peer=NET,
                             certificate=EndpointCertificate.from_pem_string(PEM), credentials=_generated())
    assert str(error.value) == (
        "DatabaseEndpoint.db2.port: is required with ssl_mode 'verify-ca': IBM Db2 LUW serves SSL on a second port, "
        "which has no default and is not the plain-text port 50000 (got None); pass port=<the SSL_SVCENAME port (RDS "
        "for Db2: the SSL_SVCENAME parameter of its parameter group)>, or ssl_mode=SslMode.NONE with "
        "insecure_reason='...' (then the default is 50000)")


def test_a_generated_secret_with_another_port_is_refused():
    with pytest.raises(DmsConfigError) as error:
        DatabaseEndpoint.oracle(host="ora.corp.example", database_name="ORCL", peer=NET, certificate=_wallet(),
                                credentials=_generated(port=1521))
    assert str(error.value) == (
        "DatabaseEndpoint.oracle.credentials.port: differs from the endpoint's port 2484: DMS connects to the port in "
        "the secret, while the security-group rules open 2484 (got 1521); drop port from EndpointCredentials.generate "
        "(it defaults to the endpoint's port), or give the endpoint that port")


# --- RDS for Oracle defined in CDK ----------------------------------------------------------------

def _oracle_instance(stack, port: int = 1521) -> rds.IDatabaseInstance:
    return rds.DatabaseInstance.from_database_instance_attributes(
        stack, "Ora", instance_identifier="claims", instance_endpoint_address="claims.abc.eu-west-1.rds.amazonaws.com",
        port=port, security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "OraSg", DB_SG)],
        engine=rds.DatabaseInstanceEngine.oracle_ee(version=rds.OracleEngineVersion.VER_19))


def _sg_rules(t: dict, stack, wave) -> tuple[list, list]:
    group = {"Fn::GetAtt": [stack.get_logical_id(wave.security_group.node.default_child), "GroupId"]}
    ingress = [(r["Properties"]["GroupId"], r["Properties"]["SourceSecurityGroupId"], r["Properties"]["FromPort"], r["Properties"]["ToPort"])
               for r in resources(t, "AWS::EC2::SecurityGroupIngress").values()]
    egress = [(r["Properties"]["DestinationSecurityGroupId"], r["Properties"]["FromPort"], r["Properties"]["ToPort"])
              for r in resources(t, "AWS::EC2::SecurityGroupEgress").values()
              if r["Properties"]["GroupId"] == group and "DestinationSecurityGroupId" in r["Properties"]]
    return ingress, egress


@pytest.mark.parametrize("ssl_port, expected", [(None, 2484), (2485, 2485)], ids=["default", "option-group-port"])
def test_rds_oracle_over_ssl_opens_the_ssl_port_on_both_security_groups(ssl_port, expected):
    stack, wave = _wave()
    instance = _oracle_instance(stack)
    # An instance in a peered VPC of the same account: the security groups reference each other.
    ora = wave.add_source("ora", DatabaseEndpoint.from_database_instance(
        instance, database_name="CLAIMS", certificate=_wallet(), credentials=_generated(), network_cidr=APPLICATION_VPC,
        **({} if ssl_port is None else {"ssl_port": ssl_port})))
    t = Template.from_stack(stack).to_json()
    wave_sg = {"Fn::GetAtt": [stack.get_logical_id(wave.security_group.node.default_child), "GroupId"]}
    assert ora.port == expected
    assert _secret_fields(t, ora) == {
        "host": "claims.abc.eu-west-1.rds.amazonaws.com", "port": expected, "dbname": "CLAIMS", "engine": "oracle"}
    assert _sg_rules(t, stack, wave) == ([(DB_SG, wave_sg, expected, expected)], [(DB_SG, expected, expected)])


def test_rds_oracle_behind_a_transit_gateway_admits_the_dms_network_on_the_ssl_port():
    # Across a transit gateway security groups cannot reference each other: the instance admits the DMS VPC's network.
    stack, wave = _wave()
    wave.add_source("ora", DatabaseEndpoint.from_database_instance(
        _oracle_instance(stack), database_name="CLAIMS", certificate=_wallet(), credentials=_generated(),
        network_cidr="10.2.0.0/16", ssl_port=2485))
    t = Template.from_stack(stack).to_json()
    ingress = [(r["Properties"]["GroupId"], r["Properties"]["CidrIp"], r["Properties"]["FromPort"], r["Properties"]["ToPort"])
               for r in resources(t, "AWS::EC2::SecurityGroupIngress").values()]
    assert ingress == [(DB_SG, "10.20.0.0/16", 2485, 2485)]
    assert _egress_ports(t, stack, wave, "10.2.0.0/16") == {2485}


def test_rds_oracle_without_ssl_opens_the_instance_port():
    stack, wave = _wave()
    wave.add_source("ora", DatabaseEndpoint.from_database_instance(
        _oracle_instance(stack), database_name="CLAIMS", credentials=_generated(), network_cidr=APPLICATION_VPC,
        ssl_mode=SslMode.NONE, insecure_reason="lab database without the SSL option"))
    t = Template.from_stack(stack).to_json()
    wave_sg = {"Fn::GetAtt": [stack.get_logical_id(wave.security_group.node.default_child), "GroupId"]}
    assert _sg_rules(t, stack, wave) == ([(DB_SG, wave_sg, 1521, 1521)], [(DB_SG, 1521, 1521)])


def test_rds_oracle_created_in_cdk_refuses_its_attached_secret_over_ssl():
    stack, wave = _wave()
    instance = rds.DatabaseInstance(
        stack, "Ora", vpc=wave.vpc, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        engine=rds.DatabaseInstanceEngine.oracle_ee(version=rds.OracleEngineVersion.VER_19),
        license_model=rds.LicenseModel.BRING_YOUR_OWN_LICENSE)
    expected = (
        "DatabaseEndpoint.from_database_instance.credentials: cannot serve with SSL on: DMS connects to the host and port "
        "in the secret, and the attached secret holds the instance's plain-text port, not the SSL port 2484 (got 'the "
        "attached secret'); pass credentials=EndpointCredentials.generate(username='dms_user', ...) (the "
        "library writes port 2484 into it), or EndpointCredentials.from_secret(secret) with a secret whose port is 2484")
    for credentials in (None, EndpointCredentials.from_secret(instance.secret)):
        with pytest.raises(DmsConfigError) as error:
            DatabaseEndpoint.from_database_instance(instance, database_name="CLAIMS", certificate=_wallet(), credentials=credentials)
        assert str(error.value) == expected


def _secret(stack) -> secretsmanager.ISecret:
    return secretsmanager.Secret.from_secret_complete_arn(stack, "S", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbCdEf")


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda s: DatabaseEndpoint.from_database_instance(
            _oracle_instance(s), database_name="CLAIMS", certificate=_wallet(), credentials=_generated(), ssl_port=1521),
         "DatabaseEndpoint.from_database_instance.ssl_port: is the instance's own port, where RDS for Oracle serves plain "
         "text only (SSL has a second port) (got 1521); pass the port of the SSL option in the instance's option group "
         "(2484 by default)"),
        (lambda s: DatabaseEndpoint.from_database_instance(
            _oracle_instance(s), database_name="CLAIMS", certificate=_wallet(), credentials=_generated(), ssl_port=0),
         "DatabaseEndpoint.from_database_instance.ssl_port: must be between 1 and 65535 (got 0); choose a value in 1..65535"),
        (lambda s: DatabaseEndpoint.from_database_instance(
            _oracle_instance(s), database_name="CLAIMS", credentials=_generated(), ssl_port=2484,
            ssl_mode=SslMode.NONE, insecure_reason="lab database without the SSL option"),
         "DatabaseEndpoint.from_database_instance.ssl_port: is unused with ssl_mode=SslMode.NONE (DMS connects to the "
         "instance port) (got 2484); drop ssl_port, or keep SSL on"),
        (lambda s: DatabaseEndpoint.from_database_instance(
            rds.DatabaseInstance.from_database_instance_attributes(
                s, "My", instance_identifier="m", instance_endpoint_address="m.abc.eu-west-1.rds.amazonaws.com", port=3306,
                security_groups=[], engine=rds.DatabaseInstanceEngine.mysql(version=rds.MysqlEngineVersion.VER_8_0)),
            certificate=EndpointCertificate.from_pem_string(PEM), credentials=EndpointCredentials.from_secret(_secret(s)),
            ssl_port=3307),
         "DatabaseEndpoint.from_database_instance.ssl_port: is unused: MySQL serves SSL on the database's own port "
         "(got 3307); drop ssl_port"),
    ],
    ids=["instance-port", "out-of-range", "ssl-off", "not-oracle"],
)
def test_bad_ssl_ports_are_refused(make, message):
    with pytest.raises(DmsConfigError) as error:
        make(env_stack())
    assert str(error.value) == message
