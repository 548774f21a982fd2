"""A task's supplemental data (`add_task(task_data=...)`): Amazon Neptune's graph-mapping rules reach
`TaskData` (instance) or `SupplementalSettings` (serverless); a Neptune task without them, or any other
target with them, is refused at synth with the field and the fix."""

from __future__ import annotations

import json

import pytest
from aws_cdk import App
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_s3 as s3

from dms_constructs import DatabaseEndpoint, DmsConfigError, MigrationWave, ServerlessCapacity
from dms_constructs.table_mappings import TableMappings
from dms_constructs.credentials import EndpointCredentials
from dms_constructs.task_data import task_data_document

from .conftest import env_stack, routed_network
from .helpers import resources

GREMLIN = {"rules": [{"rule_id": "1", "rule_name": "vertex_person", "table_name": "customers",
                      "vertex_definitions": [{"vertex_label": "person", "vertex_id_template": "{id}"}]}]}
R2RML = "@prefix rr: <http://www.w3.org/ns/r2rml#> .\n<#People> rr:logicalTable [ rr:tableName \"customers\" ] ."
FIELD = "MigrationWave(W).add_task(social).task_data"


def _message(call) -> str:
    with pytest.raises(DmsConfigError) as error:
        call()
    return str(error.value)


def _wave(serverless: bool = False):
    stack = env_stack(App(), "T")
    wave = MigrationWave(stack, "W", network=routed_network(stack),
                         **({"capacity": ServerlessCapacity()} if serverless else {}))
    source = wave.add_source("pg", DatabaseEndpoint.postgresql(
        host="db.corp.example", database_name="shop", peer=ec2.Peer.ipv4("10.1.0.0/16"),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    ))
    graph = wave.add_target("graph", DatabaseEndpoint.neptune(
        host="g.cluster-abc.eu-west-1.neptune.amazonaws.com", peer=ec2.Peer.ipv4("10.30.0.0/16"),
        bucket=s3.Bucket.from_bucket_name(stack, "Staging", "graph-staging"), cluster_resource_id="cluster-ABCDEFGHIJ",
    ))
    return stack, wave, source, graph


def _add(wave, source, target, **kwargs):
    return wave.add_task("social", source=source, target=target, table_mappings=TableMappings().include("public", "customers"),
                         migration_type="full-load", **kwargs)


def test_gremlin_rules_reach_task_data_as_json_text():
    stack, wave, source, graph = _wave()
    _add(wave, source, graph, task_data=GREMLIN)
    (task,) = resources(_template(stack), "AWS::DMS::ReplicationTask").values()
    assert task["Properties"]["TaskData"] == (
        '{"rules": [{"rule_id": "1", "rule_name": "vertex_person", "table_name": "customers", '
        '"vertex_definitions": [{"vertex_label": "person", "vertex_id_template": "{id}"}]}]}'
    )


def test_r2rml_text_reaches_task_data_as_written():
    stack, wave, source, graph = _wave()
    _add(wave, source, graph, task_data=R2RML + "\n\n")
    (task,) = resources(_template(stack), "AWS::DMS::ReplicationTask").values()
    assert task["Properties"]["TaskData"] == R2RML


def test_serverless_gremlin_rules_reach_supplemental_settings_as_an_object():
    stack, wave, source, graph = _wave(serverless=True)
    _add(wave, source, graph, task_data=json.dumps(GREMLIN))
    (config,) = resources(_template(stack), "AWS::DMS::ReplicationConfig").values()
    assert config["Properties"]["SupplementalSettings"] == GREMLIN


def test_serverless_refuses_r2rml_text():
    _, wave, source, graph = _wave(serverless=True)
    assert _message(lambda: _add(wave, source, graph, task_data=R2RML)) == (
        f"{FIELD}: is R2RML text, but a serverless replication takes its supplemental data as a JSON object "
        f"(got {R2RML[:80]!r}); pass Gremlin graph-mapping rules as a dict, or use a replication instance"
    )


def test_a_neptune_task_without_graph_mapping_rules_is_refused():
    _, wave, source, graph = _wave()
    assert _message(lambda: _add(wave, source, graph)) == (
        f"{FIELD}: is required for an Amazon Neptune target: DMS converts rows to vertices and edges by these "
        "graph-mapping rules (got None); pass task_data={...} (Gremlin graph-mapping JSON) or an R2RML document as text"
    )


def test_task_data_for_another_target_is_refused():
    _, wave, source, _ = _wave()
    other = wave.add_target("pg2", DatabaseEndpoint.postgresql(
        host="db2.corp.example", database_name="shop", peer=ec2.Peer.ipv4("10.2.0.0/16"),
        credentials=EndpointCredentials.generate(username="dms_user", no_rotation_reason="test database outside AWS"),
    ))
    assert _message(lambda: _add(wave, source, other, task_data=GREMLIN)).startswith(
        f"{FIELD}: applies only to Amazon Neptune targets (this target's engine is 'postgres') (got "
    )


@pytest.mark.parametrize(("value", "message"), [
    ({}, "F: is empty (got {}); pass task_data={...} (Gremlin graph-mapping JSON) or an R2RML document as text"),
    ("  ", "F: is empty (got '  '); pass task_data={...} (Gremlin graph-mapping JSON) or an R2RML document as text"),
    (7, "F: must be a mapping or text, not int (got 7); pass task_data={...} (Gremlin graph-mapping JSON) or an R2RML document as text"),
    ('{"rules": [', None),
    ("[1, 2]", "F: is not a non-empty JSON object (got '[1, 2]'); pass task_data={...} (Gremlin graph-mapping JSON) or an R2RML document as text"),
    ({"rules": {1, 2}}, None),
])
def test_malformed_graph_mapping_rules_are_refused(value, message):
    text = _message(lambda: task_data_document("F", value, "neptune"))
    if message is None:  # the JSON library's own wording follows the field
        assert text.startswith("F: ") and ("does not parse" in text or "is not JSON-serializable" in text)
    else:
        assert text == message


def test_well_formed_rules_are_returned_in_the_form_each_property_takes():
    assert task_data_document("F", GREMLIN, "neptune") == GREMLIN
    assert task_data_document("F", json.dumps(GREMLIN), "neptune") == GREMLIN
    assert task_data_document("F", "  " + R2RML + "  ", "neptune") == R2RML
    assert task_data_document("F", None, "postgres") is None


def _template(stack) -> dict:
    from aws_cdk.assertions import Template

    return Template.from_stack(stack).to_json()
