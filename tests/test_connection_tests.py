"""Connection tests at deploy time (`MigrationWave(verify_connections=True)`): one custom resource per
endpoint on CDK's Provider framework, and its handler.

Template tests read a wave with a generated-secret source, a CDK database target and a task started after
create, through the five compliance packs. Handler tests run `lifecycle/preflight/connection_test.py`
(`lifecycle/preflight/connection_test.py`) against moto's DMS (TestConnection, DescribeConnections: a new connection goes from `testing` to
`successful`) and botocore's Stubber for what moto does not model (a failed test with DMS's message, a
busy instance, a re-test of a known connection, errors).
"""

from __future__ import annotations

import boto3
import pytest
from aws_cdk import App, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from botocore.stub import Stubber
from cdk_nag import AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks

from dms_constructs import DatabaseEndpoint, DmsConfigError, DmsServiceRoles, EndpointCredentials, MigrationWave, ServerlessCapacity
from dms_constructs.checks import DmsChecks
from dms_constructs.table_mappings import TableMappings

from .conftest import APPLICATION_VPC, env_stack, routed_network
from .helpers import resources

REGION = "eu-west-1"
TEST = "Custom::DmsConnectionTest"


def _pg(name: str, cidr: str) -> DatabaseEndpoint:
    return DatabaseEndpoint.postgresql(
        host=name, database_name="app", peer=ec2.Peer.ipv4(cidr),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    )


def _build(stack, **wave_props) -> MigrationWave:
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack), **wave_props)
    source = wave.add_source("src", _pg("s", "10.1.0.0/16"))
    group = ec2.SecurityGroup.from_security_group_id(stack, "DbGroup", "sg-0123456789abcdef0")
    cluster = rds.DatabaseCluster.from_database_cluster_attributes(
        stack, "Cluster", cluster_identifier="db", cluster_endpoint_address="db.cluster-x.eu-west-1.rds.amazonaws.com",
        port=5432, security_groups=[group], engine=rds.DatabaseClusterEngine.AURORA_POSTGRESQL,
    )
    target = wave.add_target("dst", DatabaseEndpoint.from_database_cluster(
        cluster, database_name="app", network_cidr=APPLICATION_VPC,
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database"),
    ))
    wave.add_task("a", source=source, target=target, table_mappings=TableMappings().include("a", "%"), start_after_create=True)
    wave.add_task("b", source=source, target=target, table_mappings=TableMappings().include("b", "%"))
    return wave


@pytest.fixture(scope="module")
def template():
    app = App()
    stack = env_stack(app)
    _build(stack, verify_connections=True)
    Validations.of(app).add_plugins(AwsSolutionsChecks(app), HIPAASecurityChecks(app), NIST80053R5Checks(app), PCIDSS321Checks(app), DmsChecks(app))
    return app.synth().get_stack_by_name(stack.stack_name).template  # the compliance gate passes


def _one(template: dict, type_: str, prefix: str) -> tuple[str, dict]:
    (item,) = [(k, v) for k, v in resources(template, type_).items() if k.startswith(prefix)]
    return item


def _depends_on(resource: dict) -> set[str]:
    return set(resource.get("DependsOn", []))


# --- template ------------------------------------------------------------------------------------------


def test_one_test_per_endpoint_against_the_wave_s_instance(template):
    tests = resources(template, TEST)
    assert len(tests) == 2
    instance_id, _ = _one(template, "AWS::DMS::ReplicationInstance", "WReplicationInstance")
    source_id, _ = _one(template, "AWS::DMS::Endpoint", "WEndpointssrc")
    target_id, _ = _one(template, "AWS::DMS::Endpoint", "WEndpointsdst")
    by_name = {t["Properties"]["EndpointName"]: t["Properties"] for t in tests.values()}
    assert sorted(by_name) == ["w-dst-dms", "w-src-dms"]
    assert by_name["w-src-dms"]["ReplicationInstanceArn"] == {"Ref": instance_id}
    assert by_name["w-src-dms"]["EndpointArn"] == {"Ref": source_id}
    assert by_name["w-dst-dms"]["EndpointArn"] == {"Ref": target_id}
    for test in tests.values():
        assert test["Properties"]["ServiceTimeout"] == "3600"
        assert len(test["Properties"]["Fingerprint"]) == 64  # a SHA-256 of the endpoint's properties


def test_the_test_waits_for_the_secret_the_security_group_rules_the_network_and_the_database_s_group(template):
    test_id, test = _one(template, TEST, "WEndpointssrcConnectionTest")
    needs = _depends_on(test)
    secret_id, _ = _one(template, "AWS::SecretsManager::Secret", "WEndpointssrcSecret")
    group_id, _ = _one(template, "AWS::EC2::SecurityGroup", "WSecurityGroup")
    access_policy_id, _ = _one(template, "AWS::IAM::ManagedPolicy", "WSecretsAccessPolicy")
    tgw_route = [k for k, v in resources(template, "AWS::EC2::Route").items() if "TransitGatewayId" in v["Properties"]]
    assert {secret_id, group_id, access_policy_id} <= needs
    assert tgw_route and set(tgw_route) <= needs  # the routes to the database networks
    # The CDK database admits the wave through an ingress rule on its security group, in this stack.
    (ingress_id,) = [k for k in resources(template, "AWS::EC2::SecurityGroupIngress") if k.startswith("DbGroup")]
    _, target_test = _one(template, TEST, "WEndpointsdstConnectionTest")
    assert ingress_id in _depends_on(target_test)
    # Nothing of the tasks: a test never waits for what waits for it.
    assert not [n for n in needs if n.startswith("WTasks")]


def test_a_task_started_after_create_waits_for_both_tests_and_the_other_task_does_not_start(template):
    start_id, start = _one(template, "Custom::DmsStartOnce", "WTasksaStartOnce")
    tests = set(resources(template, TEST))
    assert tests <= _depends_on(start)
    assert [k for k in resources(template, "Custom::DmsStartOnce")] == [start_id]


def test_the_handler_may_test_only_the_wave_s_instance_and_endpoints(template):
    instance_id, _ = _one(template, "AWS::DMS::ReplicationInstance", "WReplicationInstance")
    source_id, _ = _one(template, "AWS::DMS::Endpoint", "WEndpointssrc")
    target_id, _ = _one(template, "AWS::DMS::Endpoint", "WEndpointsdst")
    (policy,) = [v for k, v in resources(template, "AWS::IAM::ManagedPolicy").items() if k.startswith("WPreflightHandlerPolicy")]
    statements = {tuple(s["Action"]) if isinstance(s["Action"], list) else (s["Action"],): s["Resource"] for s in policy["Properties"]["PolicyDocument"]["Statement"]}
    assert statements[("dms:DescribeConnections",)] == "*"
    assert statements[("dms:TestConnection",)] == [{"Ref": instance_id}, {"Ref": source_id}, {"Ref": target_id}]


def test_the_handlers_run_outside_the_vpc_with_one_minute(template):
    functions = [v["Properties"] for k, v in resources(template, "AWS::Lambda::Function").items()
                 if k.startswith("WPreflight") and v["Properties"].get("Handler", "").startswith("handler.")]
    assert len(functions) == 2
    for props in functions:
        assert "VpcConfig" not in props and props["Timeout"] == 180 and props["Runtime"] == "python3.14"


def _fingerprints(**endpoint_change) -> dict[str, str]:
    app = App()
    stack = env_stack(app)
    wave = MigrationWave(stack, "W", service_roles=DmsServiceRoles(stack, "Roles"), network=routed_network(stack), verify_connections=True)
    wave.add_source("s", _pg(endpoint_change.get("source_host", "s"), "10.1.0.0/16"))
    wave.add_target("t", _pg("t", "10.2.0.0/16"))
    template = app.synth().get_stack_by_name(stack.stack_name).template
    return {t["Properties"]["EndpointName"]: t["Properties"]["Fingerprint"] for t in resources(template, TEST).values()}


def test_changing_an_endpoint_changes_its_test_only():
    before, after = _fingerprints(), _fingerprints(source_host="s2")
    assert before["w-s-dms"] != after["w-s-dms"]
    assert before["w-t-dms"] == after["w-t-dms"]


def test_off_by_default():
    app = App()
    stack = env_stack(app)
    _build(stack)
    template = app.synth().get_stack_by_name(stack.stack_name).template
    assert resources(template, TEST) == {}
    assert not [k for k in template["Resources"] if k.startswith("WPreflight")]


def test_serverless_waves_cannot_test_connections():
    stack = env_stack()
    with pytest.raises(DmsConfigError) as error:
        MigrationWave(stack, "L", network=routed_network(stack), capacity=ServerlessCapacity(), verify_connections=True)
    assert str(error.value) == (
        "MigrationWave.verify_connections: needs a replication instance: DMS Serverless has no connection test (a "
        "serverless replication tests its connections only when it starts) (got True); leave it off for serverless "
        "waves, and start the replication with start_after_create=True to see a failed connection at deploy time"
    )


# --- handler against moto ------------------------------------------------------------------------------

from dms_constructs.lifecycle.preflight import connection_test as handler  # noqa: E402
from dms_constructs.lifecycle.preflight import dms_api  # noqa: E402  (the client both preflight handlers share)


@pytest.fixture
def moto_dms(monkeypatch):
    """moto's DMS with one replication instance and one endpoint; yields (client, instance arn, endpoint arn)."""
    from moto import mock_aws

    with mock_aws():
        client = boto3.client("dms", region_name=REGION)
        instance = client.create_replication_instance(
            ReplicationInstanceIdentifier="w", ReplicationInstanceClass="dms.t3.medium"
        )["ReplicationInstance"]["ReplicationInstanceArn"]
        endpoint = client.create_endpoint(
            EndpointIdentifier="w-s", EndpointType="source", EngineName="postgres", ServerName="s", Port=5432, DatabaseName="app",
            Username="u", Password="p",
        )["Endpoint"]["EndpointArn"]
        monkeypatch.setattr(dms_api, "_CLIENT", client)
        monkeypatch.setattr(handler, "RETRY_SECONDS", 0)
        yield client, instance, endpoint


def _event(request: str, instance: str, endpoint: str, physical_id: str = "") -> dict:
    props = {"ServiceToken": "x", "ReplicationInstanceArn": instance, "EndpointArn": endpoint, "EndpointName": "w-s", "Fingerprint": "f"}
    event = {"RequestType": request, "ResourceType": TEST, "ResourceProperties": props}
    if physical_id:
        event["PhysicalResourceId"] = physical_id
    return event


def test_create_tests_the_connection_and_completes_once_dms_says_successful(moto_dms):
    from moto.moto_api import state_manager

    client, instance, endpoint = moto_dms
    state_manager.set_transition(model_name="dms::connection", transition={"progression": "manual", "times": 2})
    try:
        event = _event("Create", instance, endpoint)
        result = handler.on_event(event)
        assert result == {"PhysicalResourceId": f"connection-{endpoint.split(':')[-1]}-{instance.split(':')[-1]}"}
        request = {**event, **result}
        assert handler.is_complete(request) == {"IsComplete": False}  # slow: still testing
        assert handler.is_complete(request) == {"IsComplete": True}
    finally:
        state_manager.unset_transition("dms::connection")
    (connection,) = client.describe_connections()["Connections"]
    assert connection["EndpointArn"] == endpoint and connection["Status"] == "successful"


def test_a_missing_endpoint_fails_with_its_name(moto_dms):
    client, instance, endpoint = moto_dms
    gone = endpoint[:-3] + "XYZ"
    with pytest.raises(handler.ConnectionTestError, match=r"^DMS endpoint w-s or replication instance .+ does not exist, so their connection cannot be tested: Endpoint could not be found\.$"):
        handler.on_event(_event("Create", instance, gone))


def test_delete_does_nothing(moto_dms):
    client, instance, endpoint = moto_dms
    assert handler.on_event(_event("Delete", instance, endpoint, "connection-x")) == {"PhysicalResourceId": "connection-x"}
    assert handler.is_complete(_event("Delete", instance, endpoint, "connection-x")) == {"IsComplete": True}
    assert client.describe_connections()["Connections"] == []


# --- handler: what moto does not model, with botocore's Stubber ----------------------------------------

INSTANCE = "arn:aws:dms:eu-west-1:123456789012:rep:INSTANCE"
ENDPOINT = "arn:aws:dms:eu-west-1:123456789012:endpoint:SOURCE"
PAIR = {"ReplicationInstanceArn": INSTANCE, "EndpointArn": ENDPOINT}
FILTERS = {"Filters": [{"Name": "endpoint-arn", "Values": [ENDPOINT]}, {"Name": "replication-instance-arn", "Values": [INSTANCE]}]}


@pytest.fixture
def stubbed(monkeypatch):
    client = boto3.client("dms", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
    monkeypatch.setattr(dms_api, "_CLIENT", client)
    monkeypatch.setattr(handler, "RETRY_SECONDS", 0)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _connection(status: str, message: str = "") -> dict:
    return {"Connections": [{**PAIR, "Status": status, "LastFailureMessage": message, "ReplicationInstanceIdentifier": "w", "EndpointIdentifier": "w-s"}]}


def test_a_failed_test_fails_the_deploy_with_the_endpoint_and_dms_s_message(stubbed):
    message = "Test connection failed for endpoint 'w-s' and replication instance 'w'. Application-Status: 1020912, Application-Message: Cannot connect to ODBC provider Network error has occurred"
    stubbed.add_response("describe_connections", _connection("failed", message), FILTERS)
    with pytest.raises(handler.ConnectionTestError) as error:
        handler.is_complete(_event("Create", INSTANCE, ENDPOINT))
    assert str(error.value) == f"Connection test of DMS endpoint w-s from replication instance w failed: {message}"


def test_an_update_tests_again(stubbed):
    stubbed.add_response("test_connection", {"Connection": {**PAIR, "Status": "testing"}}, PAIR)
    result = handler.on_event(_event("Update", INSTANCE, ENDPOINT, "connection-SOURCE-INSTANCE"))
    assert result == {"PhysicalResourceId": "connection-SOURCE-INSTANCE"}
    stubbed.add_response("describe_connections", _connection("testing"), FILTERS)
    assert handler.is_complete(_event("Update", INSTANCE, ENDPOINT, "connection-SOURCE-INSTANCE")) == {"IsComplete": False}
    stubbed.add_response("describe_connections", _connection("successful"), FILTERS)
    assert handler.is_complete(_event("Update", INSTANCE, ENDPOINT, "connection-SOURCE-INSTANCE")) == {"IsComplete": True}


def test_a_busy_instance_is_retried_until_dms_accepts_the_test(stubbed):
    busy = "The replication instance is not in available state"
    stubbed.add_client_error("test_connection", "InvalidResourceStateFault", busy, expected_params=PAIR)
    stubbed.add_response("describe_connections", _connection("successful"), FILTERS)  # an old result: not this test
    stubbed.add_response("test_connection", {"Connection": {**PAIR, "Status": "testing"}}, PAIR)
    assert handler.on_event(_event("Create", INSTANCE, ENDPOINT)) == {"PhysicalResourceId": "connection-SOURCE-INSTANCE"}
    stubbed.assert_no_pending_responses()  # the second test_connection call was made


def test_a_test_already_running_counts_as_started(stubbed):
    stubbed.add_client_error("test_connection", "InvalidResourceStateFault", "Connection test already in progress", expected_params=PAIR)
    stubbed.add_response("describe_connections", _connection("testing"), FILTERS)
    assert handler.on_event(_event("Create", INSTANCE, ENDPOINT)) == {"PhysicalResourceId": "connection-SOURCE-INSTANCE"}
    stubbed.assert_no_pending_responses()  # no second test_connection: the running test is the one waited for


def test_a_test_denied_while_its_new_permission_propagates_is_retried(stubbed):
    # The handler's permission to test this pair is added in the same deploy; IAM applies it eventually.
    stubbed.add_client_error("test_connection", "AccessDeniedException", _DENIED, expected_params=PAIR)
    stubbed.add_client_error("describe_connections", "ResourceNotFoundFault", "No connections found", expected_params=FILTERS)
    stubbed.add_response("test_connection", {"Connection": {**PAIR, "Status": "testing"}}, PAIR)
    assert handler.on_event(_event("Create", INSTANCE, ENDPOINT)) == {"PhysicalResourceId": "connection-SOURCE-INSTANCE"}
    stubbed.assert_no_pending_responses()  # the second test_connection call was made


def test_a_test_still_denied_after_four_tries_fails_with_iam_s_message(stubbed):
    for _ in range(4):
        stubbed.add_client_error("test_connection", "AccessDeniedException", _DENIED, expected_params=PAIR)
        stubbed.add_client_error("describe_connections", "ResourceNotFoundFault", "No connections found", expected_params=FILTERS)
    with pytest.raises(handler.ConnectionTestError) as error:
        handler.on_event(_event("Create", INSTANCE, ENDPOINT))
    assert str(error.value) == f"DMS refused to test endpoint w-s from replication instance INSTANCE 4 times: {_DENIED}"


_DENIED = "User: arn:aws:sts::123456789012:assumed-role/Preflight/handler is not authorized to perform: dms:TestConnection"


def test_an_instance_that_stays_busy_fails_after_four_tries(stubbed):
    busy = "The replication instance is not in available state"
    for _ in range(4):
        stubbed.add_client_error("test_connection", "InvalidResourceStateFault", busy, expected_params=PAIR)
        stubbed.add_client_error("describe_connections", "ResourceNotFoundFault", "No connections found", expected_params=FILTERS)
    with pytest.raises(handler.ConnectionTestError) as error:
        handler.on_event(_event("Create", INSTANCE, ENDPOINT))
    assert str(error.value) == f"DMS refused to test endpoint w-s from replication instance INSTANCE 4 times: {busy}"


def test_a_connection_dms_no_longer_knows_fails(stubbed):
    stubbed.add_client_error("describe_connections", "ResourceNotFoundFault", "No connections found", expected_params=FILTERS)
    with pytest.raises(handler.ConnectionTestError, match=r"^DMS has no connection test of endpoint w-s from replication instance INSTANCE: "):
        handler.is_complete(_event("Create", INSTANCE, ENDPOINT))


def test_other_dms_errors_fail_the_request(stubbed):
    stubbed.add_client_error("test_connection", "AccessDeniedFault", "not authorized", expected_params=PAIR)
    with pytest.raises(handler.ClientError, match="AccessDeniedFault"):
        handler.on_event(_event("Create", INSTANCE, ENDPOINT))


def test_bad_events_fail_with_what_was_expected():
    with pytest.raises(handler.ConnectionTestError) as error:
        handler.on_event({"RequestType": "Create", "ResourceProperties": {"EndpointArn": ENDPOINT}})
    assert str(error.value) == f"connection test: expected ReplicationInstanceArn and EndpointArn, got ReplicationInstanceArn=None EndpointArn='{ENDPOINT}'"


def test_the_preflight_entry_point_dispatches_by_resource_type(stubbed):
    from dms_constructs.lifecycle.preflight import handler as entry

    stubbed.add_response("describe_connections", _connection("successful"), FILTERS)
    assert entry.is_complete(_event("Create", INSTANCE, ENDPOINT)) == {"IsComplete": True}
    with pytest.raises(ValueError) as error:
        entry.on_event({"RequestType": "Create", "ResourceType": "Custom::Other", "ResourceProperties": {}})
    assert str(error.value) == (
        "preflight: expected ResourceType Custom::DmsConnectionTest or Custom::DmsPremigrationAssessment, got 'Custom::Other'"
    )


def test_the_asset_loads_as_the_lambda_runtime_loads_it_with_one_shared_client():
    """The Lambda imports `handler` from the asset directory as a top-level module: `assessment` and
    `connection_test` must then find `dms_api` as a top-level module too, and share its one client."""
    import subprocess
    import sys
    from pathlib import Path

    from dms_constructs.lifecycle.preflight_provider import HANDLER_DIR

    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import handler, assessment, connection_test, dms_api;"
        "assert assessment._dms is dms_api.dms and connection_test._dms is dms_api.dms;"
        "assert handler.HANDLERS['Custom::DmsPremigrationAssessment'] is assessment;"
        "print(sorted(m for m in sys.modules if m in ('handler', 'assessment', 'connection_test', 'dms_api')))"
    )
    result = subprocess.run([sys.executable, "-c", script, str(Path(HANDLER_DIR))], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['assessment', 'connection_test', 'dms_api', 'handler']"
