"""CDK idioms: IConnectable, the naming convention, existing resources by ARN, grants and wave metrics."""

from __future__ import annotations

import json

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_rds as rds
from aws_cdk.assertions import Template

from dms_constructs import (
    DmsConfigError,
    DmsServiceRoles,
    ExistingEndpoint,
    ExistingReplicationInstance,
    ExistingReplicationTask,
    MigrationType,
    MigrationWave,
    NamingConvention,
    ServerlessCapacity,
)
from dms_constructs.certificates import EndpointCertificate
from dms_constructs.credentials import EndpointCredentials
from dms_constructs.endpoints import DatabaseEndpoint
from dms_constructs.table_mappings import TableMappings

from .conftest import AZS, env_stack, routed_network
from .helpers import resources

PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n"
PEM_SHA8 = "1f76dcb1"  # sha256 of PEM, first 8 hex digits
NET = ec2.Peer.ipv4("10.1.0.0/16")
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-src-AbCdEf"
SRC_ARN = "arn:aws:dms:eu-west-1:123456789012:endpoint:SRCENDPOINT1234567890"
TGT_ARN = "arn:aws:dms:eu-west-1:123456789012:endpoint:TGTENDPOINT1234567890"
RI_ARN = "arn:aws:dms:eu-west-1:123456789012:rep:INSTANCE1234567890ABCD"
TASK_ARN = "arn:aws:dms:eu-west-1:123456789012:task:TASK1234567890ABCDEFG"
MAPPINGS = TableMappings().include("orders", "%")


def _ref(construct) -> dict:
    return {"Ref": Stack.of(construct).get_logical_id(construct.node.default_child if hasattr(construct, "node") and construct.node.default_child else construct)}


def _logical(construct) -> str:
    return Stack.of(construct).get_logical_id(construct)


def _secret_creds(stack):
    from aws_cdk import aws_secretsmanager as secretsmanager

    return EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_complete_arn(stack, "Secret", SECRET_ARN))


@pytest.fixture(scope="module")
def orders():
    """One wave `orders` in dev with a real RDS MySQL source (PEM verified), a MySQL target outside CDK,
    a full-load-and-CDC task and a CDC task; plus a real Aurora cluster and RDS instance that admit the wave."""
    stack = env_stack(App(), "Idioms")
    roles = DmsServiceRoles(stack, "Roles")
    wave = MigrationWave(stack, "Orders", service_roles=roles, network=routed_network(stack),
                         naming=NamingConvention(env="dev", app="orders"))
    source_db = rds.DatabaseInstance(
        stack, "SourceDb", vpc=wave.vpc, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        engine=rds.DatabaseInstanceEngine.mysql(version=rds.MysqlEngineVersion.VER_8_0),
    )
    src = wave.add_source("mysql", DatabaseEndpoint.from_database_instance(source_db, certificate=EndpointCertificate.from_pem_string(PEM)))
    tgt = wave.add_target("Aurora_Target", DatabaseEndpoint.aurora_mysql(
        host="aurora.cluster-abc.eu-west-1.rds.amazonaws.com", peer=NET, credentials=_secret_creds(stack),
        certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:ABCDEFGHIJ")))
    customers = wave.add_task("customers", source=src, target=tgt, table_mappings=MAPPINGS)
    cdc = wave.add_task("orders-cdc", source=src, target=tgt, table_mappings=MAPPINGS, migration_type=MigrationType.CDC)

    cluster = rds.DatabaseCluster(
        stack, "Reporting", vpc=wave.vpc, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        engine=rds.DatabaseClusterEngine.aurora_postgres(version=rds.AuroraPostgresEngineVersion.VER_16_4),
        writer=rds.ClusterInstance.provisioned("Writer"),
    )
    cluster.connections.allow_default_port_from(wave, "from the wave")
    archive = rds.DatabaseInstance(
        stack, "Archive", vpc=wave.vpc, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
        engine=rds.DatabaseInstanceEngine.postgres(version=rds.PostgresEngineVersion.VER_16),
    )
    archive.connections.allow_default_port_from(wave.replication_instance, "from the instance")

    viewer = iam.Role(stack, "Viewer", assumed_by=iam.AccountRootPrincipal())
    operator = iam.Role(stack, "Operator", assumed_by=iam.AccountRootPrincipal())
    wave.grant_read(viewer)
    wave.grant_operate(operator)
    return dict(stack=stack, wave=wave, src=src, tgt=tgt, customers=customers, cdc=cdc, cluster=cluster, archive=archive,
                viewer=viewer, operator=operator, template=Template.from_stack(stack).to_json())


def _props(t: dict, type_: str) -> list[dict]:
    return [r["Properties"] for r in resources(t, type_).values()]


def _sg(wave) -> dict:
    return {"Fn::GetAtt": [Stack.of(wave).get_logical_id(wave.security_group.node.default_child), "GroupId"]}


# --- IConnectable --------------------------------------------------------------------------------


def test_an_aurora_cluster_admits_the_wave_as_iconnectable(orders):
    t, wave, cluster = orders["template"], orders["wave"], orders["cluster"]
    cluster_sg = {"Fn::GetAtt": [Stack.of(cluster).get_logical_id(cluster.connections.security_groups[0].node.default_child), "GroupId"]}
    rules = [p for p in _props(t, "AWS::EC2::SecurityGroupIngress") if p.get("Description") == "from the wave"]
    assert rules == [{
        "Description": "from the wave", "IpProtocol": "tcp", "FromPort": {"Fn::GetAtt": [_logical(cluster.node.default_child), "Endpoint.Port"]},
        "ToPort": {"Fn::GetAtt": [_logical(cluster.node.default_child), "Endpoint.Port"]},
        "GroupId": cluster_sg, "SourceSecurityGroupId": _sg(wave),
    }]


def test_an_rds_instance_admits_the_replication_instance_as_iconnectable(orders):
    t, wave = orders["template"], orders["wave"]
    (rule,) = [p for p in _props(t, "AWS::EC2::SecurityGroupIngress") if p.get("Description") == "from the instance"]
    assert rule["SourceSecurityGroupId"] == _sg(wave)
    assert rule["IpProtocol"] == "tcp"


def test_a_serverless_replication_is_iconnectable_through_the_wave_security_group():
    stack = env_stack(App(), "Serverless")
    wave = MigrationWave(stack, "Lake", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack),
                         capacity=ServerlessCapacity())
    src = wave.add_source("pg", DatabaseEndpoint.postgresql(host="pg.corp.example", database_name="orders", peer=NET,
                                                            credentials=_secret_creds(stack)))
    tgt = wave.add_target("pg2", DatabaseEndpoint.postgresql(host="pg2.corp.example", database_name="orders", peer=NET,
                                                             credentials=_secret_creds_2(stack)))
    replication = wave.add_task("copy", source=src, target=tgt, table_mappings=MAPPINGS)
    peer_sg = ec2.SecurityGroup.from_security_group_id(stack, "Peer", "sg-0aaaaaaaaaaaaaaaa", mutable=True)
    ec2.Connections(security_groups=[peer_sg], default_port=ec2.Port.tcp(5432)).allow_default_port_from(replication, "from the replication")
    t = Template.from_stack(stack).to_json()
    (rule,) = [p for p in _props(t, "AWS::EC2::SecurityGroupIngress") if p.get("Description") == "from the replication"]
    assert rule["GroupId"] == "sg-0aaaaaaaaaaaaaaaa"
    assert rule["SourceSecurityGroupId"] == _sg(wave)
    assert rule["FromPort"] == 5432


def _secret_creds_2(stack):
    from aws_cdk import aws_secretsmanager as secretsmanager

    return EndpointCredentials.from_secret(secretsmanager.Secret.from_secret_complete_arn(stack, "Secret2", SECRET_ARN))


# --- naming --------------------------------------------------------------------------------------


def test_every_dms_identifier_follows_env_app_purpose_dms(orders):
    t = orders["template"]
    assert [p["ReplicationInstanceIdentifier"] for p in _props(t, "AWS::DMS::ReplicationInstance")] == ["dev-orders-instance-dms"]
    assert [p["ReplicationSubnetGroupIdentifier"] for p in _props(t, "AWS::DMS::ReplicationSubnetGroup")] == ["dev-orders-subnets-dms"]
    assert sorted(p["EndpointIdentifier"] for p in _props(t, "AWS::DMS::Endpoint")) == [
        "dev-orders-aurora-target-dms", "dev-orders-mysql-dms"]
    assert sorted(p["ReplicationTaskIdentifier"] for p in _props(t, "AWS::DMS::ReplicationTask")) == [
        "dev-orders-customers-dms", "dev-orders-orders-cdc-dms"]
    assert [p["CertificateIdentifier"] for p in _props(t, "AWS::DMS::Certificate")] == [f"dev-orders-mysql-ca-{PEM_SHA8}-dms"]
    assert "dms-tasks-dev-orders-instance-dms" in [p.get("LogGroupName") for p in _props(t, "AWS::Logs::LogGroup")]


def test_alarm_and_dashboard_names_keep_the_env_app_stem(orders):
    t = orders["template"]
    names = sorted(p["AlarmName"] for p in _props(t, "AWS::CloudWatch::Alarm"))
    assert "dms-dev-orders-cpu-utilization" in names
    assert "dms-dev-orders-orders-cdc-cdc-latency-source" in names
    assert [p["DashboardName"] for p in _props(t, "AWS::CloudWatch::Dashboard")] == ["dms-dev-orders"]


def test_serverless_configs_and_their_log_groups_follow_the_convention():
    stack = env_stack(App(), "Lake")
    wave = MigrationWave(stack, "Lake", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack),
                         capacity=ServerlessCapacity(), naming=NamingConvention(env="prod", app="data-lake"))
    src = wave.add_source("pg", DatabaseEndpoint.postgresql(host="pg.corp.example", database_name="orders", peer=NET,
                                                            credentials=_secret_creds(stack)))
    tgt = wave.add_target("pg2", DatabaseEndpoint.postgresql(host="pg2.corp.example", database_name="orders", peer=NET,
                                                             credentials=_secret_creds_2(stack)))
    wave.add_task("Orders To Lake", source=src, target=tgt, table_mappings=MAPPINGS)
    t = Template.from_stack(stack).to_json()
    (config,) = _props(t, "AWS::DMS::ReplicationConfig")
    assert config["ReplicationConfigIdentifier"] == "prod-data-lake-orders-to-lake-dms"
    assert config["ResourceIdentifier"] == "prod-data-lake-orders-to-lake-dms"
    assert config["ComputeConfig"]["ReplicationSubnetGroupId"] == {"Ref": _logical(wave.subnet_group.resource)}
    assert [p["ReplicationSubnetGroupIdentifier"] for p in _props(t, "AWS::DMS::ReplicationSubnetGroup")] == ["prod-data-lake-subnets-dms"]
    assert "dms-serverless-replication-prod-data-lake-orders-to-lake-dms" in [p.get("LogGroupName") for p in _props(t, "AWS::Logs::LogGroup")]


@pytest.mark.parametrize(
    "kwargs, instance",
    [
        ({}, "orders-instance-dms"),  # app: the wave's name; no env
        ({"identifier_prefix": "Staging"}, "staging-orders-instance-dms"),  # the old prefix is the env
        ({"naming": NamingConvention(env="prod", app="Point of Sale")}, "prod-point-of-sale-instance-dms"),
        ({"naming": NamingConvention(env="dev", template="{app}-{purpose}-{env}", suffix="x")}, "orders-instance-dev"),
        ({"naming": NamingConvention(suffix="mig")}, "orders-instance-mig"),
    ],
)
def test_naming_defaults_prefix_and_custom_templates(kwargs, instance):
    stack = env_stack(App(), "N")
    MigrationWave(stack, "Orders", name="orders", service_roles=DmsServiceRoles(stack, "Roles"), availability_zones=AZS, **kwargs)
    (props,) = _props(Template.from_stack(stack).to_json(), "AWS::DMS::ReplicationInstance")
    assert props["ReplicationInstanceIdentifier"] == instance


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: NamingConvention(template="{env}-{app}-dms"),
         "NamingConvention.template: has no {purpose}, so every identifier of a wave would be the same (got '{env}-{app}-dms'); "
         "include {purpose}, e.g. '{env}-{app}-{purpose}-{suffix}'"),
        (lambda: NamingConvention(template="{env}-{team}-{purpose}"),
         "NamingConvention.template: uses unknown placeholder(s) {team} (got '{env}-{team}-{purpose}'); "
         "use only {env}, {app}, {purpose} and {suffix}, e.g. '{env}-{app}-{purpose}-{suffix}'"),
        (lambda: NamingConvention(env="--"),
         "NamingConvention.env: has no letter or digit, so it adds nothing to an identifier (got '--'); "
         "give a name such as 'dev' or 'orders', or leave env out"),
    ],
)
def test_naming_convention_validation_messages(make, message):
    with pytest.raises(DmsConfigError) as err:
        make()
    assert str(err.value) == message


def _wave(stack, id="Orders", **kwargs):
    return MigrationWave(stack, id, service_roles=DmsServiceRoles.from_account(stack, f"Roles{id}"), network=routed_network(stack, f"Net{id}"), **kwargs)


def _mysql(stack, host="my.corp.example", id="Secret"):
    from aws_cdk import aws_secretsmanager as secretsmanager

    secret = secretsmanager.Secret.from_secret_complete_arn(stack, f"{id}{host}", SECRET_ARN)
    return DatabaseEndpoint.mysql(host=host, peer=NET, credentials=EndpointCredentials.from_secret(secret),
                                  certificate=EndpointCertificate.from_certificate_arn("arn:aws:dms:eu-west-1:123456789012:cert:ABCDEFGHIJ"))


def test_two_endpoint_names_that_fold_to_one_identifier_are_refused():
    stack = env_stack(App(), "C")
    wave = _wave(stack, naming=NamingConvention(env="dev", app="orders"))
    wave.add_source("my_sql", _mysql(stack))
    with pytest.raises(DmsConfigError) as err:
        wave.add_source("My-SQL", _mysql(stack, "b.corp.example"))
    assert str(err.value) == (
        "MigrationWave(Orders).add_source: forms the endpoint identifier 'dev-orders-my-sql-dms', which C/Orders (my_sql) "
        "already has (DMS identifiers are unique per account and region, and names are lower-cased and folded to letters, "
        "digits and hyphens) (got 'My-SQL'); give it a name that differs in letters or digits, or give the wave its own "
        "NamingConvention(app=...)"
    )


def test_two_waves_of_one_app_in_one_account_and_region_are_refused_even_in_two_stacks():
    app = App()
    _wave(env_stack(app, "A"), naming=NamingConvention(env="dev", app="orders"))
    with pytest.raises(DmsConfigError) as err:
        _wave(env_stack(app, "B"), id="Orders2", naming=NamingConvention(env="dev", app="Orders"))
    assert str(err.value).startswith(
        "MigrationWave.naming: forms the subnet group identifier 'dev-orders-subnets-dms', which A/Orders (Orders) already has")


def test_the_same_names_in_another_region_are_accepted():
    app = App()
    waves = []
    for stack_id, region in (("A", "eu-west-1"), ("B", "eu-central-1")):
        stack = env_stack(app, stack_id, region=region)
        waves.append(MigrationWave(stack, "Orders", service_roles=DmsServiceRoles.from_account(stack, "Roles"),
                                   availability_zones=[f"{region}a", f"{region}b"], naming=NamingConvention(env="dev", app="orders")))
    assert [w.replication_instance.identifier for w in waves] == ["dev-orders-instance-dms", "dev-orders-instance-dms"]


def test_task_names_that_fold_to_one_identifier_are_refused():
    stack = env_stack(App(), "T")
    wave = _wave(stack)
    src, tgt = wave.add_source("a", _mysql(stack)), wave.add_target("b", _mysql(stack, "b.corp.example"))
    wave.add_task("Full Load", source=src, target=tgt, table_mappings=MAPPINGS)
    with pytest.raises(DmsConfigError, match=r"^MigrationWave\(Orders\)\.add_task: forms the task identifier 'orders-full-load-dms', which T/Orders \(Full Load\) already has"):
        wave.add_task("full_load", source=src, target=tgt, table_mappings=MAPPINGS)


def test_an_instance_identifier_over_63_characters_is_refused():
    stack = env_stack(App(), "L")
    with pytest.raises(DmsConfigError) as err:
        _wave(stack, naming=NamingConvention(env="development", app="customer-relationship-management", suffix="database-migration"))
    assert str(err.value) == (
        "MigrationWave.naming (replication instance 'instance'): forms an identifier longer than 63 characters "
        "(got 'development-customer-relationship-management-instance-database-migration'); choose a shorter name"
    )


def test_identifier_prefix_and_naming_together_are_refused():
    stack = env_stack(App(), "P")
    with pytest.raises(DmsConfigError) as err:
        _wave(stack, identifier_prefix="dev", naming=NamingConvention(env="dev"))
    assert str(err.value) == (
        "MigrationWave.identifier_prefix: cannot be combined with naming (got 'dev'); give the prefix as the "
        "convention's env: NamingConvention(env='dev', ...)"
    )


# --- existing resources --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "arn, problem",
    [
        ("not-an-arn", "is not an ARN"),
        ("arn:aws:rds:eu-west-1:123456789012:endpoint:ABC", "is an ARN of service 'rds', not of AWS DMS"),
        ("arn:aws:dms:eu-west-1:123456789012:task:ABC", "is a DMS 'task' ARN, not a 'endpoint' ARN"),
        ("arn:aws:dms:eu-west-1:12345:endpoint:ABC", "has no 12-digit account id (got '12345')"),
        ("arn:aws:dms:eu-west-1:123456789012:endpoint:AB--C", "has no valid resource id (got 'AB--C')"),
        ("arn:aws:dms:us-east-1:123456789012:endpoint:ABC", "is in region us-east-1, but the stack deploys to eu-west-1"),
        ("arn:aws:dms:eu-west-1:210987654321:endpoint:ABC", "is in account 210987654321, but the stack deploys to account 123456789012"),
    ],
)
def test_endpoint_arns_are_checked(arn, problem):
    stack = env_stack(App(), "E")
    with pytest.raises(DmsConfigError) as err:
        ExistingEndpoint.from_endpoint_arn(stack, "Src", arn, engine="mysql")
    assert str(err.value).startswith(f"ExistingEndpoint(Src).endpoint_arn: {problem} (got '{arn}'); ")


def test_instance_and_task_arns_are_checked_for_their_resource_type():
    stack = env_stack(App(), "E")
    with pytest.raises(DmsConfigError) as err:
        ExistingReplicationInstance.from_replication_instance_arn(stack, "Ri", TASK_ARN)
    assert str(err.value) == (
        f"ExistingReplicationInstance(Ri).instance_arn: is a DMS 'task' ARN, not a 'rep' ARN (got '{TASK_ARN}'); "
        "give the ARN DMS shows for it, e.g. 'arn:aws:dms:eu-west-1:123456789012:rep:ABCDEFGHIJKLMNOPQRSTUVWXYZ'"
    )
    with pytest.raises(DmsConfigError, match=r"^ExistingReplicationTask\(T\)\.task_arn: is a DMS 'rep' ARN, not a 'task' ARN"):
        ExistingReplicationTask.from_replication_task_arn(stack, "T", RI_ARN)


def test_an_environment_agnostic_stack_accepts_an_arn_of_any_region_and_account():
    stack = Stack(App(), "Agnostic")
    endpoint = ExistingEndpoint.from_endpoint_arn(stack, "Src", "arn:aws-cn:dms:cn-north-1:210987654321:endpoint:ABC", engine="mysql")
    assert endpoint.arn_parts.region == "cn-north-1"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(engine="mongo"), "ExistingEndpoint(Src).engine: is not a DMS engine name this library knows (got 'mongo'); use one of: "
                               "mysql, mariadb, aurora, postgres, aurora-postgresql, oracle, sqlserver, s3, redshift, dynamodb, kinesis, mongodb, docdb, kafka, opensearch, "
                               "db2, db2-zos, sybase, neptune, redis"),
        (dict(engine="mysql", direction="both"), "ExistingEndpoint(Src).direction: is not an endpoint type (got 'both'); use 'source' or 'target' (or leave it out)"),
        (dict(engine="redshift", direction="source"), "ExistingEndpoint(Src).direction: 'redshift' endpoints can only be targets "
                                                      "(DMS user guide, \"Sources for AWS DMS\") (got 'source'); use direction='target'"),
    ],
)
def test_existing_endpoint_validation_messages(kwargs, message):
    with pytest.raises(DmsConfigError) as err:
        ExistingEndpoint.from_endpoint_arn(env_stack(App(), "E"), "Src", SRC_ARN, **kwargs)
    assert str(err.value) == message


def test_a_task_between_existing_endpoints_references_their_arns_and_keeps_the_validation_default():
    stack = env_stack(App(), "X")
    wave = _wave(stack, naming=NamingConvention(env="dev", app="orders"))
    src = ExistingEndpoint.from_endpoint_arn(stack, "Src", SRC_ARN, engine="mysql", direction="source")
    tgt = ExistingEndpoint.from_endpoint_arn(stack, "Tgt", TGT_ARN, engine="aurora")
    wave.add_task("copy", source=src, target=tgt, table_mappings=MAPPINGS)
    t = Template.from_stack(stack).to_json()
    (task,) = _props(t, "AWS::DMS::ReplicationTask")
    assert task["SourceEndpointArn"] == SRC_ARN
    assert task["TargetEndpointArn"] == TGT_ARN
    assert task["ReplicationTaskIdentifier"] == "dev-orders-copy-dms"
    assert json.loads(task["ReplicationTaskSettings"])["ValidationSettings"]["EnableValidation"] is True
    assert resources(t, "AWS::DMS::Endpoint") == {}


def test_an_existing_endpoint_in_the_wrong_role_is_refused():
    stack = env_stack(App(), "X")
    wave = _wave(stack)
    src = ExistingEndpoint.from_endpoint_arn(stack, "Src", SRC_ARN, engine="mysql", direction="target")
    tgt = wave.add_target("b", _mysql(stack))
    with pytest.raises(DmsConfigError) as err:
        wave.add_task("copy", source=src, target=tgt, table_mappings=MAPPINGS)
    assert str(err.value) == (
        "MigrationWave(Orders).add_task(copy).source: is a target endpoint (got 'Src'); import it with direction='source' if it is one"
    )


def _existing_instance(stack, **overrides):
    sg = ec2.SecurityGroup.from_security_group_id(stack, "RiSg", "sg-0bbbbbbbbbbbbbbbb", allow_all_outbound=False, mutable=True)
    kwargs = dict(instance_arn=RI_ARN, identifier="shared-instance", security_groups=[sg])
    kwargs.update(overrides)
    return ExistingReplicationInstance.from_replication_instance_attributes(stack, "Ri", **kwargs)


def test_a_wave_on_an_existing_instance_creates_no_instance_and_uses_its_security_group():
    stack = env_stack(App(), "R")
    wave = _wave(stack, capacity=_existing_instance(stack), naming=NamingConvention(env="dev", app="orders"))
    src = wave.add_source("a", _mysql(stack))
    tgt = ExistingEndpoint.from_endpoint_arn(stack, "Tgt", TGT_ARN, engine="aurora", direction="target")
    task = wave.add_task("copy", source=src, target=tgt, table_mappings=MAPPINGS)
    t = Template.from_stack(stack).to_json()
    assert resources(t, "AWS::DMS::ReplicationInstance") == {}
    assert resources(t, "AWS::DMS::ReplicationSubnetGroup") == {}
    assert not any(p.get("GroupDescription", "").startswith("DMS replication for migration wave") for p in _props(t, "AWS::EC2::SecurityGroup"))
    (props,) = _props(t, "AWS::DMS::ReplicationTask")
    assert props["ReplicationInstanceArn"] == RI_ARN
    egress = [p for p in _props(t, "AWS::EC2::SecurityGroupEgress") if p["GroupId"] == "sg-0bbbbbbbbbbbbbbbb"]
    assert {(p["CidrIp"], p["FromPort"]) for p in egress} == {("10.20.0.0/16", 443), ("10.1.0.0/16", 3306)}
    # The task's metrics use the instance's identifier; the instance has no alarms of this wave.
    assert task.metric_cdc_latency_source().dimensions["ReplicationInstanceIdentifier"] == "shared-instance"
    assert not any(p["AlarmName"] == "dms-dev-orders-cpu-utilization" for p in _props(t, "AWS::CloudWatch::Alarm"))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda s: _wave(s, capacity=ExistingReplicationInstance.from_replication_instance_arn(s, "Ri", RI_ARN)),
         f"MigrationWave(Orders).capacity: is an instance without its identifier, which its tasks' metrics need (got '{RI_ARN}'); "
         "import it with ExistingReplicationInstance.from_replication_instance_attributes(identifier=..., security_groups=[...])"),
        (lambda s: _wave(s, capacity=_existing_instance(s, security_groups=[])),
         f"MigrationWave(Orders).capacity: is an instance without its security groups, which the wave's network rules need "
         f"(got '{RI_ARN}'); import it with ExistingReplicationInstance.from_replication_instance_attributes(security_groups=[...])"),
        (lambda s: MigrationWave(s, "Orders", service_roles=DmsServiceRoles.from_account(s, "R"), capacity=_existing_instance(s)),
         "MigrationWave(Orders).vpc: is required with an existing replication instance: the wave would otherwise check routes "
         "in a new VPC the instance is not in (got None); pass vpc=<the instance's VPC> (or network=...)"),
        (lambda s: _existing_instance(s, identifier="Shared_Instance"),
         "ExistingReplicationInstance(Ri).identifier: is not a valid DMS identifier (got 'Shared_Instance'); use 1-63 lower-case "
         "letters, digits or single hyphens, starting with a letter and not ending with a hyphen"),
    ],
)
def test_existing_instance_validation_messages(make, message):
    with pytest.raises(DmsConfigError) as err:
        make(env_stack(App(), "R"))
    assert str(err.value) == message


def test_another_waves_instance_can_carry_a_second_wave():
    stack = env_stack(App(), "Shared")
    first = _wave(stack, naming=NamingConvention(env="dev", app="orders"))
    second = _wave(stack, id="Claims", capacity=first.replication_instance, naming=NamingConvention(env="dev", app="claims"))
    src, tgt = second.add_source("a", _mysql(stack)), second.add_target("b", _mysql(stack, "b.corp.example"))
    second.add_task("copy", source=src, target=tgt, table_mappings=MAPPINGS)
    t = Template.from_stack(stack).to_json()
    assert len(resources(t, "AWS::DMS::ReplicationInstance")) == 1
    (task,) = _props(t, "AWS::DMS::ReplicationTask")
    assert task["ReplicationInstanceArn"] == {"Ref": _logical(first.replication_instance.resource)}
    assert second.security_group is first.security_group


def test_an_existing_task_can_be_operated_and_measured():
    stack = env_stack(App(), "Tk")
    instance = _existing_instance(stack)
    task = ExistingReplicationTask.from_replication_task_attributes(stack, "Task", task_arn=TASK_ARN, replication_instance=instance)
    role = iam.Role(stack, "Op", assumed_by=iam.AccountRootPrincipal())
    task.grant_operate(role)
    (policy,) = _props(Template.from_stack(stack).to_json(), "AWS::IAM::Policy")
    assert policy["PolicyDocument"]["Statement"] == [{
        "Action": ["dms:ReloadTables", "dms:StartReplicationTask", "dms:StartReplicationTaskAssessmentRun", "dms:StopReplicationTask"],
        "Effect": "Allow", "Resource": TASK_ARN,
    }]
    metric = task.metric_cdc_latency_target()
    assert metric.dimensions == {"ReplicationInstanceIdentifier": "shared-instance", "ReplicationTaskIdentifier": "TASK1234567890ABCDEFG"}
    assert metric.statistic == "Maximum"


# --- grants --------------------------------------------------------------------------------------


def _statements(t: dict, role) -> list[dict]:
    role_id = _logical(role.node.default_child)
    (policy,) = [p for p in _props(t, "AWS::IAM::Policy") if p["Roles"] == [{"Ref": role_id}]]
    return policy["PolicyDocument"]["Statement"]


def test_grant_operate_scopes_task_actions_to_the_wave_tasks_and_tests_to_its_endpoints_and_instance(orders):
    t, wave = orders["template"], orders["wave"]
    tasks = [{"Ref": _logical(orders[n].resource)} for n in ("customers", "cdc")]
    endpoints = [{"Ref": _logical(orders[n].resource)} for n in ("src", "tgt")]
    instance = {"Ref": _logical(wave.replication_instance.resource)}
    assert _statements(t, orders["operator"]) == [
        {"Action": ["dms:ReloadTables", "dms:StartReplicationTask", "dms:StartReplicationTaskAssessmentRun", "dms:StopReplicationTask"],
         "Effect": "Allow", "Resource": tasks},
        {"Action": ["dms:RefreshSchemas", "dms:TestConnection"], "Effect": "Allow", "Resource": [*endpoints, instance]},
    ]


def test_grant_read_lists_describes_and_reads_only_the_wave_statistics_alarms_dashboard_and_logs(orders):
    t, wave = orders["template"], orders["wave"]
    statements = _statements(t, orders["viewer"])
    actions = sorted(a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"]))
    assert not [a for a in actions if a.startswith(("secretsmanager:", "kms:")) or ":Delete" in a or ":Modify" in a or ":Create" in a]
    by_first = {(s["Action"] if isinstance(s["Action"], str) else s["Action"][0]): s["Resource"] for s in statements}
    assert by_first["dms:DescribeCertificates"] == "*"
    assert by_first["cloudwatch:GetMetricData"] == "*"
    assert by_first["dms:DescribeReplicationTaskAssessmentResults"] == [{"Ref": _logical(orders[n].resource)} for n in ("customers", "cdc")]
    assert by_first["cloudwatch:DescribeAlarms"] == {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":cloudwatch:eu-west-1:123456789012:alarm:dms-dev-orders-*"]]}
    assert by_first["cloudwatch:GetDashboard"] == {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":cloudwatch::123456789012:dashboard/dms-dev-orders"]]}
    (log_group,) = wave.monitoring.log_groups
    assert by_first["logs:DescribeLogStreams"] == {"Fn::GetAtt": [_logical(log_group.node.default_child), "Arn"]}
    assert sorted(s["Action"][0] if isinstance(s["Action"], list) else s["Action"] for s in statements) == [
        "cloudwatch:DescribeAlarms", "cloudwatch:GetDashboard", "cloudwatch:GetMetricData", "dms:DescribeCertificates",
        "dms:DescribeRefreshSchemasStatus", "dms:DescribeReplicationInstanceTaskLogs",
        "dms:DescribeReplicationTaskAssessmentResults", "logs:DescribeLogStreams",
    ]


def test_grant_operate_on_a_serverless_wave_scopes_to_its_replication_configs():
    stack = env_stack(App(), "G")
    wave = _wave(stack, capacity=ServerlessCapacity())
    src, tgt = wave.add_source("a", _mysql(stack)), wave.add_target("b", _mysql(stack, "b.corp.example"))
    replication = wave.add_task("copy", source=src, target=tgt, table_mappings=MAPPINGS)
    statements = [s.to_statement_json() for s in wave.operate_policy_statements()]
    assert [s["Action"] for s in statements] == [["dms:ReloadReplicationTables", "dms:StartReplication", "dms:StopReplication"]]
    assert Stack.of(wave).resolve(statements[0]["Resource"]) == {"Ref": _logical(replication.resource)}


# --- metrics -------------------------------------------------------------------------------------


def test_wave_latency_metrics_take_the_maximum_over_cdc_tasks(orders):
    wave = orders["wave"]
    expression = wave.metric_cdc_latency_source()
    assert isinstance(expression, cloudwatch.MathExpression)
    assert expression.expression == "MAX([m0, m1])"
    assert sorted(m.metric_name for m in expression.using_metrics.values()) == ["CDCLatencySource", "CDCLatencySource"]
    assert expression.period.to_seconds() == 300
    one = wave.metric_cdc_latency_target(task="orders-cdc", period=Duration.minutes(1))
    assert (one.metric_name, one.statistic, one.period.to_seconds()) == ("CDCLatencyTarget", "Maximum", 60)


def test_wave_instance_metrics_use_the_instance_identifier(orders):
    wave = orders["wave"]
    cpu = wave.metric_cpu_utilization()
    assert (cpu.namespace, cpu.metric_name, cpu.dimensions, cpu.statistic) == (
        "AWS/DMS", "CPUUtilization", {"ReplicationInstanceIdentifier": "dev-orders-instance-dms"}, "Average")
    storage = wave.metric_free_storage_space()
    assert (storage.metric_name, storage.dimensions) == ("FreeStorageSpace", {"ReplicationInstanceIdentifier": "dev-orders-instance-dms"})


def test_wave_metric_validation_messages(orders):
    with pytest.raises(DmsConfigError) as err:
        orders["wave"].metric_cdc_latency_source(task="nope")
    assert str(err.value) == (
        "MigrationWave(Orders).metric_cdc_latency_source: is not a task of this wave (got 'nope'); use one of: customers, orders-cdc"
    )
    stack = env_stack(App(), "M")
    wave = _wave(stack, capacity=ServerlessCapacity())
    with pytest.raises(DmsConfigError) as err:
        wave.metric_free_storage_space()
    assert str(err.value) == (
        "MigrationWave(Orders).metric_free_storage_space: applies to replication instances; DMS Serverless manages its storage "
        "(got None); use metric_cpu_utilization or a replication's metric_capacity_utilization"
    )
    with pytest.raises(DmsConfigError) as err:
        wave.metric_cdc_latency_target()
    assert str(err.value) == (
        "MigrationWave(Orders).metric_cdc_latency_target: has no task to measure (no task replicates changes) (got None); "
        "add the tasks first, or ask a task's metric"
    )


# --- the reference app's operator access config ----------------------------------------------------


def test_operator_access_refuses_what_is_not_an_iam_principal_arn():
    from stacks.config import OperatorAccess

    OperatorAccess(admin_principals=("arn:aws:iam::123456789012:role/dba-oncall",), viewer_principals=("arn:aws:iam::123456789012:root",))
    with pytest.raises(DmsConfigError) as err:
        OperatorAccess(viewer_principals=("dba-oncall",))
    assert str(err.value) == (
        "OperatorAccess.viewer_principals: is not an IAM account root, role or user ARN (got 'dba-oncall'); "
        "use e.g. 'arn:aws:iam::123456789012:role/dba-oncall'"
    )


def test_operator_roles_trust_configured_principals_and_can_drop_the_mfa_condition():
    import dataclasses

    from stacks.config import ENVIRONMENTS, OperatorAccess
    from stacks.operators import OperatorRoles

    config = dataclasses.replace(ENVIRONMENTS["dev"], operators=OperatorAccess(
        admin_principals=("arn:aws:iam::111111111111:role/dba", "arn:aws:iam::111111111111:role/oncall"), require_mfa=False))
    stack = env_stack(App(), "Ops")
    wave = _wave(stack)
    roles = OperatorRoles(stack, "Operators", config=config, waves=[wave])
    t = Template.from_stack(stack).to_json()
    trust = t["Resources"][_logical(roles.admin.node.default_child)]["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/dba"}},
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/oncall"}},
    ]


def test_a_paused_task_between_existing_endpoints_fingerprints_and_waits_on_the_task_only():
    stack = env_stack(App(), "Pz")
    wave = _wave(stack, pause_tasks_during_updates=True)
    src = ExistingEndpoint.from_endpoint_arn(stack, "Src", SRC_ARN, engine="postgres")
    tgt = ExistingEndpoint.from_endpoint_arn(stack, "Tgt", TGT_ARN, engine="postgres")
    task = wave.add_task("copy", source=src, target=tgt, table_mappings=MAPPINGS)
    t = Template.from_stack(stack).to_json()
    (resume,) = resources(t, "Custom::DmsResumeAfterUpdate").values()
    assert resume["Properties"]["TaskIdentifier"] == "orders-copy-dms"
    (pause_id,) = resources(t, "Custom::DmsPauseBeforeUpdate")
    assert pause_id in t["Resources"][_logical(task.resource)]["DependsOn"]


def test_operating_a_wave_with_assessments_may_pass_only_its_assessment_role_and_only_to_dms():
    from dms_constructs import PremigrationAssessment
    from dms_constructs.grants import merge_statements

    stack = env_stack(App(), "P")
    wave = _wave(stack)
    source = wave.add_source("src", _mysql(stack))
    target = wave.add_target("tgt", _mysql(stack, "b.corp.example"))
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"),
                  assessment=PremigrationAssessment())
    role = wave.node.find_child("Assessments").node.find_child("ServiceRole").node.default_child
    (pass_role,) = [s.to_statement_json() for s in merge_statements(wave.operate_policy_statements() * 2)
                    if "iam:PassRole" in json.dumps(s.to_statement_json())]
    assert stack.resolve(pass_role) == {
        "Action": "iam:PassRole",
        "Condition": {"StringEquals": {"iam:PassedToService": "dms.amazonaws.com"}},
        "Effect": "Allow",
        "Resource": {"Fn::GetAtt": [stack.get_logical_id(role), "Arn"]},
        "Sid": "DmsAssessmentRolePass",
    }


def test_operating_a_wave_without_assessments_passes_no_role():
    stack = env_stack(App(), "P")
    wave = _wave(stack)
    assert not [s for s in wave.operate_policy_statements() if "iam:PassRole" in s.actions]
