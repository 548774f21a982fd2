"""Whole classes of bad input fail with DmsConfigError naming the field, the value and the fix: wrong
types that jsii would reject deep inside (or that would kill its kernel), strings of the wrong shape,
identifiers that fold together, and configurations that are well-formed but cannot work."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Callable

import pytest
from aws_cdk import App, Duration, Environment, RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_logs as logs
from aws_cdk.assertions import Template

from dms_constructs import (
    AlarmThresholds,
    CdcStart,
    DatabaseEndpoint,
    EndpointCertificate,
    EndpointCredentials,
    MigrationNetwork,
    MigrationType,
    MigrationWave,
    Notifications,
    ReplicationInstanceCapacity,
    ServerlessCapacity,
    TransitGatewayAttachment,
)
from dms_constructs import _validation as v
from dms_constructs.errors import DmsConfigError
from dms_constructs.table_mappings import TableMappings, pattern_covers

from .conftest import AZS, env_stack

NOW = dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc)


def _message(call: Callable[[], Any]) -> str:
    with pytest.raises(DmsConfigError) as error:
        call()
    return str(error.value)


def _refusal(call: Callable[[], Any]) -> "str | None":
    """The DmsConfigError message of `call`, or None when it accepts."""
    try:
        call()
    except DmsConfigError as error:
        return str(error)
    return None


# --- the pure shape checkers (what endpoint code will call too) ----------------------------------------


@pytest.mark.parametrize("host, message", [
    ("jdbc://db.example.com:3306/x", "h: is a URL, not a host name (got 'jdbc://db.example.com:3306/x'); give only the host, e.g. 'db.example.com'"),
    ("db.example.com:3306", "h: includes a port (3306) (got 'db.example.com:3306'); give host='db.example.com' and the port in port=3306"),
    ("db example.com", "h: is not a host name or IP address (it holds spaces, '@' or '/') (got 'db example.com'); give only the host, e.g. 'db.example.com'"),
    ("dms@db.example.com", "h: is not a host name or IP address (it holds spaces, '@' or '/') (got 'dms@db.example.com'); give only the host, e.g. 'db.example.com'"),
    ("127.0.0.1", "h: is a loopback or unspecified address, which DMS cannot reach (got '127.0.0.1'); give the database's routable address"),
    ("0.0.0.0", "h: is a loopback or unspecified address, which DMS cannot reach (got '0.0.0.0'); give the database's routable address"),
    ("-bad-.example.com", "h: is not a valid DNS name (labels of 1-63 letters, digits and hyphens, 253 characters at most) (got '-bad-.example.com'); "
                          "give the database's host name, e.g. 'orders-db.corp.example.com'"),
    ("localhost", "h: is the replication instance itself, not the database (got 'localhost'); give the database's host name"),
    ("", "h: is empty (got ''); give the database's host name or IP address, e.g. 'db.example.com'"),
    (None, "h: is empty (got None); give the database's host name or IP address, e.g. 'db.example.com'"),
])
def test_a_host_must_be_a_dns_name_or_an_address(host, message):
    assert _message(lambda: v.check_host("h", host)) == message


@pytest.mark.parametrize("host", ["db.example.com", "db.example.com.", "10.1.2.3", "fd00::1", "ip-10-30-12-34.eu-west-1.compute.internal"])
def test_hosts_dms_takes_pass(host):
    assert _refusal(lambda: v.check_host("h", host)) is None


@pytest.mark.parametrize("arn, message", [
    ("arn:aws:dms:us-east-1:123456789012:cert:X", "a: is in Region us-east-1, but the stack deploys to eu-west-1 (got 'arn:aws:dms:us-east-1:123456789012:cert:X'); "
                                                  "use the resource of eu-west-1 (DMS reads only resources of its own Region)"),
    ("arn:aws:kms:eu-west-1:123456789012:key/x", "a: is an ARN of kms, not of dms (got 'arn:aws:kms:eu-west-1:123456789012:key/x'); "
                                                 "give a dms ARN, e.g. arn:aws:dms:eu-west-1:123456789012:cert:..."),
    ("arn:aws:dms:eu-west-1:123456789012:endpoint:X", "a: names a resource of type 'endpoint', not 'cert' (got 'arn:aws:dms:eu-west-1:123456789012:endpoint:X'); "
                                                      "give e.g. arn:aws:dms:eu-west-1:123456789012:cert:..."),
    ("cert-1", "a: is not an ARN (got 'cert-1'); give arn:<partition>:dms:<region>:<account>:<resource>, e.g. arn:aws:dms:eu-west-1:123456789012:cert:..."),
    ("arn:aws:dms:eu-west-1::cert:X", "a: has no account id (got 'arn:aws:dms:eu-west-1::cert:X'); give e.g. arn:aws:dms:eu-west-1:123456789012:cert:..."),
])
def test_an_arn_must_name_the_service_the_resource_type_and_the_stacks_region(arn, message):
    assert _message(lambda: v.check_arn("a", arn, "dms", ("cert:",), "eu-west-1")) == message


def test_arns_of_other_partitions_and_unknown_regions_pass():
    assert _refusal(lambda: v.check_arn("a", "arn:aws-cn:dms:cn-north-1:123456789012:cert:X", "dms", ("cert:",), "cn-north-1")) is None
    assert _refusal(lambda: v.check_arn("a", "arn:aws:dms:us-east-1:123456789012:cert:X", "dms", ("cert:",), None)) is None


@pytest.mark.parametrize("value", ["dms.t3.micro", "dms.r6i.2xlarge", "dms.c5.24xlarge", "dms.r7i.large"])
def test_instance_classes_of_the_dms_form_pass(value):
    assert _refusal(lambda: v.check_instance_class("c", value)) is None


@pytest.mark.parametrize("value", ["dms.t3.huge", "dms.t3", "DMS.T3.MEDIUM", "dms.t3.medium ", "db.r6i.large", None, 3])
def test_instance_classes_not_of_the_form_dms_family_size_fail(value):
    assert _message(lambda: v.check_instance_class("c", value)) == (
        f"c: is not a DMS replication instance class (dms.<family>.<size>) (got {value!r}); "
        "use e.g. 'dms.t3.medium', 'dms.r6i.large' or 'dms.c6i.2xlarge' (lower case, size micro..24xlarge)"
    )


def test_a_maintenance_window_across_midnight_counts_its_minutes_across_days():
    assert _refusal(lambda: v.check_maintenance_window("w", "sat:23:45-sun:00:15")) is None
    assert _message(lambda: v.check_maintenance_window("w", "sun:23:50-mon:00:10")) == (
        "w: is shorter than the 30 minutes DMS requires (got 'sun:23:50-mon:00:10'); make the window at least 30 minutes long"
    )
    assert _message(lambda: v.check_maintenance_window("w", None)) == (
        "w: is not a maintenance window (got None); use 'ddd:hh24:mi-ddd:hh24:mi' in UTC, e.g. 'sun:02:00-sun:04:00'"
    )


def test_a_cdc_start_time_must_be_past_aware_and_after_1970():
    assert _refusal(lambda: v.check_cdc_start_time("t", dt.datetime(2026, 11, 26, tzinfo=dt.timezone.utc), NOW)) is None
    assert _message(lambda: v.check_cdc_start_time("t", dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc), NOW)) == (
        "t: is in the future: the source's log has no changes from then yet (got '2026-11-28T00:00:00+00:00'); "
        "give a time in the past, or start without cdc_start and let DMS read from when the task starts"
    )
    assert _message(lambda: v.check_cdc_start_time("t", dt.datetime(1960, 1, 1, tzinfo=dt.timezone.utc), NOW)) == (
        "t: is before 1970, which epoch seconds cannot express (got '1960-01-01T00:00:00+00:00'); give the time the changes to replay begin"
    )
    assert _message(lambda: v.check_cdc_start_time("t", "2026-01-01", NOW)) == (
        "t: must be a datetime (got '2026-01-01'); pass e.g. datetime(2026, 1, 31, 22, 0, tzinfo=timezone.utc)"
    )


@pytest.mark.parametrize("engine, position", [
    ("postgres", "0/3A0B2C8"), ("aurora-postgresql", "16/B374D848"), ("mysql", "mysql-bin-changelog.000024:373"),
    ("aurora", "mysql-bin-changelog.000024:373"), ("mariadb", "mariadb-bin.000002:120"), ("oracle", "24816598"),
    ("sqlserver", "0000002a:00000100:0003"), ("oracle", "2026-01-31T22:00:00"),
    ("postgres", "checkpoint:V1#27#mysql-bin-changelog.157832:1975:-1:2002:677883278264080:mysql-bin-changelog.157832:1876#0#0#*#0#93"),
    ("mongodb", "anything"),  # an engine whose native position we do not know: any text
])
def test_cdc_start_positions_of_the_engines_form_pass(engine, position):
    assert _refusal(lambda: v.check_cdc_start_position("p", position, engine)) is None


@pytest.mark.parametrize("engine, position, expected", [
    ("postgres", "mysql-bin-changelog.000024:373", "a log sequence number, e.g. '0/3A0B2C8'"),
    ("mysql", "0/3A0B2C8", "a binlog file and position, e.g. 'mysql-bin-changelog.000024:373'"),
    ("oracle", "0x1F", "a system change number (SCN), e.g. '24816598'"),
    ("sqlserver", "42", "a log sequence number, e.g. '0000002a:00000100:0003'"),
])
def test_a_cdc_start_position_of_another_engines_form_fails(engine, position, expected):
    assert _message(lambda: v.check_cdc_start_position("p", position, engine)) == (
        f"p: is not a start position DMS reads from {engine} sources (got {position!r}); "
        f"give {expected}, a checkpoint 'checkpoint:V1#...', or a time with CdcStart.at_time(...)"
    )


def test_cdc_from_a_source_dms_cannot_capture_changes_from_is_refused():
    assert _refusal(lambda: v.check_cdc_source("m", "azuredb", "full-load")) is None
    assert _refusal(lambda: v.check_cdc_source("m", "postgres", "cdc")) is None
    assert _message(lambda: v.check_cdc_source("m", "azuredb", "full-load-and-cdc")) == (
        "m: needs change data capture, which DMS does not support for Azure SQL Database sources (got 'full-load-and-cdc'); "
        "use migration_type=MigrationType.FULL_LOAD (and reload to catch up), or replicate from a source that supports CDC"
    )


def test_zone_and_list_shapes():
    assert _message(lambda: v.check_availability_zones("z", ["eu-west-1a", "us-east-1b"], "eu-west-1")) == (
        "z: is a zone of us-east-1, not of the stack's Region eu-west-1 (got 'us-east-1b'); use zones of eu-west-1, e.g. 'eu-west-1a'"
    )
    assert _message(lambda: v.check_string_list("l", 5, "x")) == "l: must be a list of strings (got 5); give e.g. ['x']"
    assert _message(lambda: v.check_type("t", True, (int, float), "give a number")) == "t: must be int or float, not bool (got True); give a number"
    assert _message(lambda: v.check_whole_number("n", 2.0, 1, 3)) == "n: must be a whole number from 1 to 3 (got 2.0); give an int, e.g. 1"


def test_nan_is_refused_without_reaching_jsii():
    # Was: NaN sent to jsii's Token.isUnresolved killed the jsii kernel (invalid JSON on its pipe).
    assert v.is_token(math.nan) is False
    assert _message(lambda: v.check_range("r", math.nan, 1, 100)) == "r: must be between 1 and 100 (got nan); choose a value in 1..100"


# --- construct props that failed inside jsii or with TypeError/AttributeError ---------------------------


@pytest.mark.parametrize("kwargs, message", [
    (dict(cidr=10), "MigrationNetwork.cidr: is not an IPv4 network in CIDR notation (got 10); give e.g. '10.20.0.0/16' (no host bits set)"),
    (dict(availability_zones="eu-west-1a"), "MigrationNetwork.availability_zones: must be a list of strings, not one string (got 'eu-west-1a'); write ['eu-west-1a']"),
    (dict(availability_zones=["eu-west-1a", "eu-west-1b", "eu-west-1a"]),
     "MigrationNetwork.availability_zones: lists eu-west-1a more than once (one DMS subnet per zone) (got ['eu-west-1a', 'eu-west-1b', 'eu-west-1a']); list each zone once"),
    (dict(availability_zones=["eu-west-1", "eu-west-1b"]),
     "MigrationNetwork.availability_zones: is not an availability zone name (a Region name and a letter) (got 'eu-west-1'); give e.g. 'eu-west-1a'"),
    (dict(availability_zones=[1, 2]), "MigrationNetwork.availability_zones: is not a non-empty string (got 1); give e.g. ['eu-west-1a']"),
    (dict(log_retention="x"), "MigrationNetwork.log_retention: must be RetentionDays, not str (got 'x'); use e.g. logs.RetentionDays.ONE_YEAR"),
    (dict(removal_policy="retain"), "MigrationNetwork.removal_policy: must be RemovalPolicy, not str (got 'retain'); use e.g. RemovalPolicy.RETAIN"),
    (dict(interface_endpoints=["sqs"]), "MigrationNetwork.interface_endpoints: must be InterfaceVpcEndpointAwsService, not str (got 'sqs'); "
                                        "use e.g. ec2.InterfaceVpcEndpointAwsService.SSM"),
    (dict(s3_prefix_list_id="s3"), "MigrationNetwork.s3_prefix_list_id: is not a prefix list id (got 's3'); give the Region's S3 prefix list "
                                   "(com.amazonaws.<region>.s3), e.g. 'pl-6da54004', or leave it unset"),
])
def test_bad_network_props_name_the_prop(kwargs, message):
    assert _message(lambda: MigrationNetwork(env_stack(), "Network", **{"availability_zones": AZS, **kwargs})) == message


@pytest.mark.parametrize("kwargs, message", [
    (dict(allocated_storage_gib=50.5), "ReplicationInstanceCapacity.allocated_storage_gib: must be a whole number from 5 to 6144 GiB (got 50.5); give an int, e.g. 5"),
    (dict(allocated_storage_gib="50"), "ReplicationInstanceCapacity.allocated_storage_gib: must be a whole number from 5 to 6144 GiB (got '50'); give an int, e.g. 5"),
    (dict(engine_version=3.5), "ReplicationInstanceCapacity.engine_version: is not a DMS engine version (got 3.5); use the form '3.5.4'"),
    (dict(multi_az=False, single_az_reason=5), "ReplicationInstanceCapacity.single_az_reason: must be str, not int (got 5); say why an AZ outage is acceptable here, as text"),
    (dict(multi_az=False, single_az_reason="a lab, rebuilt in minutes", availability_zone="eu-west-1"),
     "ReplicationInstanceCapacity.availability_zone: is not an availability zone name (a Region name and a letter) (got 'eu-west-1'); give e.g. 'eu-west-1a'"),
])
def test_bad_capacity_props_name_the_prop(kwargs, message):
    assert _message(lambda: ReplicationInstanceCapacity(**kwargs)) == message


def test_a_pinned_zone_of_another_region_is_refused_where_the_region_is_known():
    capacity = ReplicationInstanceCapacity(multi_az=False, single_az_reason="a lab, rebuilt in minutes", availability_zone="us-east-1a")
    assert _message(lambda: MigrationWave(env_stack(), "Lab", availability_zones=AZS, capacity=capacity)) == (
        "ReplicationInstanceCapacity.availability_zone: is a zone of us-east-1, not of the stack's Region eu-west-1 (got 'us-east-1a'); "
        "use zones of eu-west-1, e.g. 'eu-west-1a'"
    )


def test_serverless_capacity_units_are_whole_steps_and_multi_az_a_bool():
    assert _message(lambda: ServerlessCapacity(max_capacity_units=16.0)) == (
        "ServerlessCapacity.max_capacity_units: is not a DMS capacity unit step (got 16.0); use one of 1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384"
    )
    assert _message(lambda: ServerlessCapacity(multi_az=None)) == "ServerlessCapacity.multi_az: must be bool, not NoneType (got None); use True or False"


@pytest.mark.parametrize("kwargs, message", [
    (dict(period=5), "AlarmThresholds.period: must be Duration, not int (got 5); use a Duration, e.g. Duration.minutes(5)"),
    (dict(evaluation_periods=2.5), "AlarmThresholds.evaluation_periods: must be a whole number from 1 to 100 (got 2.5); give an int, e.g. 1"),
    (dict(cpu_utilization_percent="80"), "AlarmThresholds.cpu_utilization_percent: must be int or float, not str (got '80'); give a number, e.g. 80"),
    (dict(cpu_utilization_percent=math.nan), "AlarmThresholds.cpu_utilization_percent: must be between 1 and 100 percent (got nan); choose a value in 1..100"),
    (dict(freeable_memory_mib=None), "AlarmThresholds.freeable_memory_mib: must be int or float, not NoneType (got None); give a number of MiB, e.g. 256"),
    (dict(period=Duration.minutes(30), evaluation_periods=60),
     "AlarmThresholds.evaluation_periods: times the period (30 minutes) exceeds the one day (periods under an hour) an alarm can evaluate (got 60); "
     "lower evaluation_periods or the period"),
])
def test_bad_alarm_thresholds_name_the_prop(kwargs, message):
    assert _message(lambda: AlarmThresholds(**kwargs)) == message


def test_an_hourly_alarm_may_evaluate_up_to_a_week():
    thresholds = AlarmThresholds(period=Duration.hours(1), evaluation_periods=100)  # 100 hours: under seven days
    assert (thresholds.period.to_hours(), thresholds.evaluation_periods) == (1, 100)


@pytest.mark.parametrize("addresses, message", [
    (["dba oncall@example.com"], "Notifications.email_addresses: is not an email address (got 'dba oncall@example.com'); use e.g. 'dba-oncall@example.com'"),
    (["dba@example"], "Notifications.email_addresses: is not an email address (got 'dba@example'); use e.g. 'dba-oncall@example.com'"),
    ("dba@example.com", "Notifications.email_addresses: must be a list of strings, not one string (got 'dba@example.com'); write ['dba@example.com']"),
])
def test_bad_email_addresses_are_refused(addresses, message):
    assert _message(lambda: Notifications(email_addresses=addresses)) == message


def test_a_generated_secrets_host_is_checked_like_an_endpoints():
    assert _message(lambda: EndpointCredentials.generate(username="dms", host="db.example.com:5432", no_rotation_reason="on premises, unreachable")) == (
        "EndpointCredentials.generate.host: includes a port (5432) (got 'db.example.com:5432'); give host='db.example.com' and the port in port=5432"
    )


@pytest.mark.parametrize("kwargs, message", [
    (dict(name=5), "MigrationWave.name: must be str, not int (got 5); give a name such as 'orders'"),
    (dict(removal_policy="DESTROY"), "MigrationWave.removal_policy: must be RemovalPolicy, not str (got 'DESTROY'); use e.g. RemovalPolicy.RETAIN"),
    (dict(log_retention=7), "MigrationWave.log_retention: must be RetentionDays, not int (got 7); use e.g. logs.RetentionDays.ONE_YEAR"),
    (dict(capacity="dms.t3.medium"), "MigrationWave.capacity: must be ReplicationInstanceCapacity or ServerlessCapacity, not str (got 'dms.t3.medium'); "
                                     "pass ReplicationInstanceCapacity(instance_class='dms.r6i.large') or ServerlessCapacity(max_capacity_units=16)"),
    (dict(tags={"Owner": "me"}), "MigrationWave.tags: must be WaveTags, not dict (got {'Owner': 'me'}); pass WaveTags(...)"),
    (dict(alarms={}), "MigrationWave.alarms: must be AlarmThresholds, not dict (got {}); pass AlarmThresholds(...)"),
    (dict(vpc="vpc-0123456789abcdef0"), "MigrationWave.vpc: is not a VPC construct (got 'vpc-0123456789abcdef0'); "
                                        "pass ec2.Vpc.from_vpc_attributes(...) or a MigrationNetwork.from_existing_vpc(...) as network="),
    (dict(pause_tasks_during_updates="no"), "MigrationWave.pause_tasks_during_updates: must be bool, not str (got 'no'); use True or False"),
])
def test_bad_wave_props_name_the_prop(kwargs, message):
    assert _message(lambda: MigrationWave(env_stack(), "Orders", **{"availability_zones": AZS, **kwargs})) == message


# --- add_task and identifiers -------------------------------------------------------------------------

_CA = "arn:aws:dms:eu-west-1:123456789012:cert:ca"


def _wave(stack: Stack, id: str = "Orders", name: str = "orders") -> tuple[MigrationWave, Any, Any]:
    network = MigrationNetwork(stack, f"{id}Network", availability_zones=AZS,
                               transit_gateway=TransitGatewayAttachment(transit_gateway_id="tgw-0123456789abcdef0", routes=["10.50.0.0/16"]))
    wave = MigrationWave(stack, id, name=name, network=network)
    credentials = lambda: EndpointCredentials.generate(username="dms", no_rotation_reason="on premises: nothing in AWS reaches it")  # noqa: E731
    ca = EndpointCertificate.from_certificate_arn(_CA)
    source = wave.add_source("mysql", DatabaseEndpoint.mysql(host="db.example.com", peer=ec2.Peer.ipv4("10.50.0.0/16"), certificate=ca, credentials=credentials()))
    target = wave.add_target("postgres", DatabaseEndpoint.postgresql(host="pg.example.com", database_name="d", peer=ec2.Peer.ipv4("10.50.0.0/16"),
                                                                      certificate=ca, credentials=credentials()))
    return wave, source, target


@pytest.fixture(scope="module")
def wave_and_endpoints() -> tuple[MigrationWave, Any, Any]:
    return _wave(env_stack())


MAPPINGS = TableMappings().include("orders")


@pytest.mark.parametrize("kwargs, message", [
    (dict(name=""), "MigrationWave(orders).add_task name: is empty (got ''); give a name such as 'orders'"),
    (dict(migration_type="cdc-only"), "MigrationWave(orders).add_task(t).migration_type: is not a DMS migration type (got 'cdc-only'); "
                                      "use MigrationType.FULL_LOAD, MigrationType.CDC or MigrationType.FULL_LOAD_AND_CDC"),
    (dict(settings={"TargetMetadata": {}}), "MigrationWave(orders).add_task(t).settings: must be TaskSettings, not dict (got {'TargetMetadata': {}}); "
                                            "pass TaskSettings(...) or TaskSettings.from_dict(document)"),
    (dict(start_after_create="yes"), "MigrationWave(orders).add_task(t).start_after_create: must be bool, not str (got 'yes'); use True or False"),
    (dict(migration_type=MigrationType.CDC, cdc_start="mysql-bin-changelog.000024:373"),
     "MigrationWave(orders).add_task(t).cdc_start: must be CdcStart, not str (got 'mysql-bin-changelog.000024:373'); "
     "use CdcStart.at_position(...) or CdcStart.at_time(...)"),
    (dict(migration_type=MigrationType.CDC, cdc_start=CdcStart.at_position("0/3A0B2C8")),
     "MigrationWave(orders).add_task(t).cdc_start: is not a start position DMS reads from mysql sources (got '0/3A0B2C8'); "
     "give a binlog file and position, e.g. 'mysql-bin-changelog.000024:373', a checkpoint 'checkpoint:V1#...', or a time with CdcStart.at_time(...)"),
    (dict(table_mappings=TableMappings().include("orders").exclude("%")),
     "table_mappings: every table the include rules select ('include-orders-%') is excluded again by an exclude rule, so the task would migrate "
     "nothing; narrow the exclude rules, or use explicit() for a table to keep"),
])
def test_bad_add_task_arguments_name_the_argument(wave_and_endpoints, kwargs, message):
    wave, source, target = wave_and_endpoints
    args: dict[str, Any] = {"name": "t", "source": source, "target": target, "table_mappings": MAPPINGS, **kwargs}
    assert _message(lambda: wave.add_task(args.pop("name"), **args)) == message
    assert "t" not in wave.tasks


def test_a_cdc_start_takes_exactly_one_of_position_and_time():
    assert _message(lambda: CdcStart(position="0/1", time=NOW)).startswith("CdcStart: needs exactly one of position and time (got CdcStart(")
    assert _message(lambda: CdcStart.at_position(5)) == (  # type: ignore[arg-type]
        "CdcStart.position: must be a string (got 5); give the LSN/SCN/binlog position or checkpoint as text"
    )


def test_pattern_covers_reads_wildcards_on_both_sides():
    assert pattern_covers("%", "a%") and pattern_covers("a%", "ab%") and pattern_covers("a%b", "a%%b")
    assert not pattern_covers("ab%", "a%") and not pattern_covers("%a%", "%") and not pattern_covers("a", "A")


def test_an_explicit_rule_keeps_a_table_an_exclude_rule_names():
    document = TableMappings().include("s", "t").exclude("s").explicit("s", "t").to_dict()
    assert [r["rule-action"] for r in document["rules"]] == ["include", "exclude", "explicit"]
    # and an include that an exclude only narrows still selects something
    assert len(TableMappings().include("s").exclude("s", "tmp_%").to_dict()["rules"]) == 2


def test_the_network_accepts_good_enums(tmp_path):
    # The type checks do not refuse what the props document, and the values reach the template.
    network = MigrationNetwork(env_stack(), "Network", availability_zones=AZS, removal_policy=RemovalPolicy.DESTROY,
                               log_retention=logs.RetentionDays.ONE_MONTH, interface_endpoints=[ec2.InterfaceVpcEndpointAwsService.SSM],
                               s3_prefix_list_id="pl-6da54004")
    assert network.s3_prefix_list_id == "pl-6da54004"
    template = Template.from_stack(Stack.of(network))
    template.has_resource("AWS::Logs::LogGroup", {"Properties": {"RetentionInDays": 30}, "DeletionPolicy": "Delete"})
    template.has_resource_properties("AWS::EC2::VPCEndpoint", {"ServiceName": "com.amazonaws.eu-west-1.ssm", "PrivateDnsEnabled": True})
