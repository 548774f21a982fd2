"""The validation helpers every construct uses: ranges inclusive at both ends, DMS identifier rules, slugs,
and the one message format `<field>: <problem> (got <value>); <fix>`. Expected values written out."""

from __future__ import annotations

import datetime as dt

import pytest
from aws_cdk import Aws, Fn, Token

from dms_constructs._validation import (
    check_arn,
    check_availability_zones,
    check_cdc_source,
    check_cdc_start_position,
    check_cdc_start_time,
    check_dms_identifier,
    check_host,
    check_instance_class,
    check_maintenance_window,
    check_name,
    check_range,
    check_region,
    check_string_list,
    check_type,
    check_whole_number,
    identifier_from,
    is_token,
    slug,
)
from dms_constructs.errors import DmsConfigError, fail


def _message(call) -> str:
    with pytest.raises(DmsConfigError) as error:
        call()
    return str(error.value)


def test_fail_writes_field_problem_value_and_fix():
    assert _message(lambda: fail("W.x", "v", "is bad", "do this")) == "W.x: is bad (got 'v'); do this"
    assert issubclass(DmsConfigError, ValueError)


@pytest.mark.parametrize("value", [1, 100, 50.5])
def test_a_range_includes_both_ends(value):
    assert check_range("A.p", value, 1, 100, "percent") is None


@pytest.mark.parametrize(
    "value, unit, message",
    [
        (0, "percent", "A.p: must be between 1 and 100 percent (got 0); choose a value in 1..100"),
        (100.5, "percent", "A.p: must be between 1 and 100 percent (got 100.5); choose a value in 1..100"),
        (101, "", "A.p: must be between 1 and 100 (got 101); choose a value in 1..100"),
    ],
)
def test_outside_a_range_names_the_range_and_unit(value, unit, message):
    assert _message(lambda: check_range("A.p", value, 1, 100, unit)) == message


def test_tokens_skip_the_checks():
    assert is_token(Aws.ACCOUNT_ID) and is_token(Token.as_number(Aws.ACCOUNT_ID))
    assert not any(is_token(v) for v in ("x", 5, 2.5, True, None, ["x"]))
    assert check_range("A.p", Token.as_number(Aws.ACCOUNT_ID), 1, 2) is None
    assert check_dms_identifier("A.id", Aws.STACK_NAME) is None


@pytest.mark.parametrize("value", ["a", "a-b1", "orders-2024", "a" * 63])
def test_valid_dms_identifiers(value):
    assert check_dms_identifier("A.id", value) is None


@pytest.mark.parametrize("value", ["", "A", "1a", "a--b", "a-", "a_b", "a" * 64, "-a"])
def test_invalid_dms_identifiers(value):
    assert _message(lambda: check_dms_identifier("A.id", value)) == (
        f"A.id: is not a valid DMS identifier (got {value!r}); use 1-63 lower-case letters, digits or single "
        "hyphens, starting with a letter and not ending with a hyphen"
    )


def test_identifier_length_limit_is_a_parameter():
    assert check_dms_identifier("A.id", "abcde", max_length=5) is None
    assert _message(lambda: check_dms_identifier("A.id", "abcdef", max_length=5)).startswith(
        "A.id: is not a valid DMS identifier (got 'abcdef'); use 1-5 lower-case letters")


@pytest.mark.parametrize("text, expected", [("Orders  DB__2", "orders-db-2"), ("--a--", "a"), ("a.b/c", "a-b-c"), ("ABC", "abc")])
def test_slug(text, expected):
    assert slug(text) == expected


def test_identifier_from_joins_and_slugs_the_parts():
    assert identifier_from("W.name", "dev", "Orders DB") == "dev-orders-db"
    assert identifier_from("W.name", "abc", "de", max_length=6) == "abc-de"


@pytest.mark.parametrize(
    "parts, max_length, message",
    [
        (("2024", "orders"), 63, "W.name: cannot form a DMS identifier (it needs a leading letter) (got '2024-orders'); start the name with a letter, e.g. 'orders'"),
        (("--",), 63, "W.name: cannot form a DMS identifier (it needs a leading letter) (got '--'); start the name with a letter, e.g. 'orders'"),
        (("abc", "def"), 6, "W.name: forms an identifier longer than 6 characters (got 'abc-def'); choose a shorter name"),
    ],
)
def test_identifier_from_messages(parts, max_length, message):
    assert _message(lambda: identifier_from("W.name", *parts, max_length=max_length)) == message


def test_a_range_without_a_unit_says_none():
    assert _message(lambda: check_range("A.n", 3, 1, 2)) == "A.n: must be between 1 and 2 (got 3); choose a value in 1..2"


def test_identifier_from_defaults_to_63_characters_and_honours_a_longer_limit():
    assert identifier_from("W.name", "a" * 63) == "a" * 63
    assert _message(lambda: identifier_from("W.name", "a" * 64)) == (
        f"W.name: forms an identifier longer than 63 characters (got '{'a' * 64}'); choose a shorter name")
    assert identifier_from("W.name", "a" * 70, max_length=100) == "a" * 70


def test_identifier_from_needs_only_the_first_character_to_be_a_letter():
    assert identifier_from("W.name", "a", "1") == "a-1"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "W.name: is empty (got ''); give a name such as 'orders'"),
        ("   ", "W.name: is empty (got '   '); give a name such as 'orders'"),
        (7, "W.name: must be str, not int (got 7); give a name such as 'orders'"),
        (None, "W.name: must be str, not NoneType (got None); give a name such as 'orders'"),
    ],
)
def test_a_name_that_is_api_is_a_string_that_is_not_blank(name, expected):
    with pytest.raises(DmsConfigError) as raised:
        check_name("W.name", name)
    assert str(raised.value) == expected


def test_a_name_with_text_passes():
    assert check_name("W.name", " orders ") is None


def test_numbers_jsii_cannot_carry_are_never_tokens():
    assert is_token(float("nan")) is False
    assert is_token(float("inf")) is False
    assert is_token(10**400) is False


def test_a_bool_is_not_a_number_and_every_accepted_type_is_named():
    with pytest.raises(DmsConfigError) as raised:
        check_type("W.count", True, int, "give a whole number")
    assert str(raised.value) == "W.count: must be int, not bool (got True); give a whole number"
    with pytest.raises(DmsConfigError) as raised:
        check_type("W.size", "big", (int, float), "give a number")
    assert str(raised.value) == "W.size: must be int or float, not str (got 'big'); give a number"
    assert check_type("W.flag", True, bool, "use True or False") is None


# --- the shape checkers, called directly (no synth) ---------------------------------------------------------
# Each case names the checker's branch it pins; the messages are written out in full.

_UTC = dt.timezone.utc


def test_every_shape_checker_lets_a_token_through():
    region, number = Aws.REGION, Token.as_number(Aws.ACCOUNT_ID)
    assert check_whole_number("W.n", number, 1, 5) is None
    assert check_region("W.region", region) is None
    assert check_host("W.host", Aws.URL_SUFFIX) is None
    assert check_arn("W.arn", Aws.STACK_ID, "dms", ("cert:",), "eu-west-1") is None
    assert check_instance_class("W.cls", Aws.STACK_NAME) is None
    assert check_maintenance_window("W.win", Aws.STACK_NAME) is None
    assert check_cdc_start_position("W.pos", Aws.STACK_NAME, "postgres") is None


# check_whole_number


@pytest.mark.parametrize("value", [1, 3, 5])
def test_a_whole_number_in_range_passes(value):
    assert check_whole_number("W.n", value, 1, 5, "seconds") is None


@pytest.mark.parametrize(
    "value, unit, message",
    [
        (True, "seconds", "W.n: must be a whole number from 1 to 5 seconds (got True); give an int, e.g. 1"),
        (2.0, "seconds", "W.n: must be a whole number from 1 to 5 seconds (got 2.0); give an int, e.g. 1"),
        ("3", "", "W.n: must be a whole number from 1 to 5 (got '3'); give an int, e.g. 1"),
        (None, "", "W.n: must be a whole number from 1 to 5 (got None); give an int, e.g. 1"),
        (0, "seconds", "W.n: must be between 1 and 5 seconds (got 0); choose a value in 1..5"),
        (6, "seconds", "W.n: must be between 1 and 5 seconds (got 6); choose a value in 1..5"),
        (6, "", "W.n: must be between 1 and 5 (got 6); choose a value in 1..5"),
    ],
)
def test_a_whole_number_refuses_bools_floats_text_and_values_out_of_range(value, unit, message):
    assert _message(lambda: check_whole_number("W.n", value, 1, 5, unit)) == message


def test_a_whole_number_without_a_unit_names_none():
    assert _message(lambda: check_whole_number("W.n", 1.5, 2, 9)) == (
        "W.n: must be a whole number from 2 to 9 (got 1.5); give an int, e.g. 2")


# check_string_list


def test_a_string_list_is_returned_as_a_list():
    assert check_string_list("W.l", ("a", "b"), "x") == ["a", "b"]
    assert check_string_list("W.l", (s for s in ["c"]), "x") == ["c"]
    assert check_string_list("W.l", [], "x") == []
    assert check_string_list("W.l", [Aws.REGION, " a "], "x") == [Aws.REGION, " a "]


@pytest.mark.parametrize(
    "value, message",
    [
        ("a", "W.l: must be a list of strings, not one string (got 'a'); write ['a']"),
        (5, "W.l: must be a list of strings (got 5); give e.g. ['x-1']"),
        (None, "W.l: must be a list of strings (got None); give e.g. ['x-1']"),
        (["a", 3], "W.l: is not a non-empty string (got 3); give e.g. ['x-1']"),
        (["a", ""], "W.l: is not a non-empty string (got ''); give e.g. ['x-1']"),
        (["  "], "W.l: is not a non-empty string (got '  '); give e.g. ['x-1']"),
        ([None], "W.l: is not a non-empty string (got None); give e.g. ['x-1']"),
    ],
)
def test_a_string_list_refuses_one_string_non_lists_and_blank_or_non_string_items(value, message):
    assert _message(lambda: check_string_list("W.l", value, "x-1")) == message


# check_region


@pytest.mark.parametrize("value", ["eu-west-1", "us-east-2", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "us-isob-east-1", "eu-central-10"])
def test_region_names_pass(value):
    assert check_region("W.region", value) is None


@pytest.mark.parametrize("value", ["eu-west", "eu-west-1a", "EU-WEST-1", "euwest1", "e-west-1", "eur-west-1", "eu-1", " eu-west-1", "eu-west-1 ", "", None, 1])
def test_what_is_not_a_region_name_is_refused(value):
    assert _message(lambda: check_region("W.region", value)) == (
        f"W.region: is not an AWS Region name (got {value!r}); give e.g. 'eu-west-1'")


# check_availability_zones


def test_zones_of_the_region_pass_and_are_returned_as_a_list():
    assert check_availability_zones("W.azs", ("eu-west-1a", "eu-west-1c"), "eu-west-1") == ["eu-west-1a", "eu-west-1c"]
    assert check_availability_zones("W.azs", ["us-gov-west-1b"], "us-gov-west-1") == ["us-gov-west-1b"]


def test_zones_of_any_region_pass_when_the_region_is_unknown_or_a_token():
    assert check_availability_zones("W.azs", ["us-east-1a", "eu-west-1b"], None) == ["us-east-1a", "eu-west-1b"]
    assert check_availability_zones("W.azs", ["us-east-1a"], Aws.REGION) == ["us-east-1a"]


def test_a_token_zone_passes_and_the_zones_after_it_are_still_checked():
    token = Fn.select(0, Fn.get_azs())
    assert check_availability_zones("W.azs", [token, "eu-west-1b"], "eu-west-1") == [token, "eu-west-1b"]
    assert _message(lambda: check_availability_zones("W.azs", [token, "eu-west-1"], "eu-west-1")) == (
        "W.azs: is not an availability zone name (a Region name and a letter) (got 'eu-west-1'); give e.g. 'eu-west-1a'")


@pytest.mark.parametrize(
    "value, region, message",
    [
        ("eu-west-1a", "eu-west-1", "W.azs: must be a list of strings, not one string (got 'eu-west-1a'); write ['eu-west-1a']"),
        (5, "us-east-2", "W.azs: must be a list of strings (got 5); give e.g. ['us-east-2a']"),
        (5, None, "W.azs: must be a list of strings (got 5); give e.g. ['eu-west-1a']"),
        ([""], "us-east-2", "W.azs: is not a non-empty string (got ''); give e.g. ['us-east-2a']"),
        (["us-east-2"], "us-east-2", "W.azs: is not an availability zone name (a Region name and a letter) (got 'us-east-2'); give e.g. 'us-east-2a'"),
        (["us-east-2"], None, "W.azs: is not an availability zone name (a Region name and a letter) (got 'us-east-2'); give e.g. 'eu-west-1a'"),
        (["us-east-2ab"], None, "W.azs: is not an availability zone name (a Region name and a letter) (got 'us-east-2ab'); give e.g. 'eu-west-1a'"),
        (["us-east-2A"], None, "W.azs: is not an availability zone name (a Region name and a letter) (got 'us-east-2A'); give e.g. 'eu-west-1a'"),
        (["euw1-az1"], None, "W.azs: is not an availability zone name (a Region name and a letter) (got 'euw1-az1'); give e.g. 'eu-west-1a'"),
        (["eu-west-1a", "us-east-1a"], "eu-west-1",
         "W.azs: is a zone of us-east-1, not of the stack's Region eu-west-1 (got 'us-east-1a'); use zones of eu-west-1, e.g. 'eu-west-1a'"),
        (["eu-west-11a"], "eu-west-1",
         "W.azs: is a zone of eu-west-11, not of the stack's Region eu-west-1 (got 'eu-west-11a'); use zones of eu-west-1, e.g. 'eu-west-1a'"),
    ],
)
def test_zones_that_are_not_a_list_of_zone_names_of_the_region_are_refused(value, region, message):
    assert _message(lambda: check_availability_zones("W.azs", value, region)) == message


def test_a_zone_listed_twice_is_refused_naming_each_repeated_zone_once_in_order():
    zones = ["eu-west-1c", "eu-west-1b", "eu-west-1a", "eu-west-1c", "eu-west-1b"]
    assert _message(lambda: check_availability_zones("W.azs", zones, "eu-west-1")) == (
        "W.azs: lists eu-west-1b, eu-west-1c more than once (one DMS subnet per zone) (got ['eu-west-1c', 'eu-west-1b', "
        "'eu-west-1a', 'eu-west-1c', 'eu-west-1b']); list each zone once")
    assert _message(lambda: check_availability_zones("W.azs", ["us-east-1a", "us-east-1a"], None)) == (
        "W.azs: lists us-east-1a more than once (one DMS subnet per zone) (got ['us-east-1a', 'us-east-1a']); list each zone once")


# check_host

_NAME_253 = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])


@pytest.mark.parametrize("value", [
    "db.example.com", "orders-db", "DB.Example.COM", "db.example.com.", "x", "10.0.0.5", "172.31.255.254", "2001:db8::1",
    "a" * 63 + ".example.com", _NAME_253, _NAME_253 + ".", "1-2.example.com", "localhost.example.com",
])
def test_host_names_and_routable_addresses_pass(value):
    assert check_host("E.host", value) is None


@pytest.mark.parametrize("value", ["", "   ", None, 5])
def test_an_empty_host_is_refused(value):
    assert _message(lambda: check_host("E.host", value)) == (
        f"E.host: is empty (got {value!r}); give the database's host name or IP address, e.g. 'db.example.com'")


@pytest.mark.parametrize(
    "value, host",
    [
        ("postgres://db.example.com:5432/orders", "db.example.com"),
        ("mysql://orders-db", "orders-db"),
        ("jdbc:oracle://ora.example.com/ORCL", "ora.example.com"),
        ("https://10.0.0.5:1433", "10.0.0.5"),
        # the host follows the first "://", not a later one
        ("postgres://db.example.com/orders?fallback=mysql://old-db", "db.example.com"),
    ],
)
def test_a_url_is_refused_naming_its_host(value, host):
    assert _message(lambda: check_host("E.host", value)) == (
        f"E.host: is a URL, not a host name (got {value!r}); give only the host, e.g. {host!r}")


@pytest.mark.parametrize("value", ["db example.com", " db.example.com", "db.example.com\t", "admin@db.example.com", "db.example.com/orders"])
def test_a_host_with_spaces_an_at_or_a_slash_is_refused(value):
    assert _message(lambda: check_host("E.host", value)) == (
        f"E.host: is not a host name or IP address (it holds spaces, '@' or '/') (got {value!r}); give only the host, e.g. 'db.example.com'")


@pytest.mark.parametrize("value", ["127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::"])
def test_loopback_and_unspecified_addresses_are_refused(value):
    assert _message(lambda: check_host("E.host", value)) == (
        f"E.host: is a loopback or unspecified address, which DMS cannot reach (got {value!r}); give the database's routable address")


@pytest.mark.parametrize(
    "value, message",
    [
        ("db.example.com:5432", "E.host: includes a port (5432) (got 'db.example.com:5432'); give host='db.example.com' and the port in port=5432"),
        ("10.0.0.5:1521", "E.host: includes a port (1521) (got '10.0.0.5:1521'); give host='10.0.0.5' and the port in port=1521"),
    ],
)
def test_a_host_with_a_port_is_refused_naming_both(value, message):
    assert _message(lambda: check_host("E.host", value)) == message


@pytest.mark.parametrize("value", [
    "db.example.com:abc", "db:1:2", "-db.example.com", "db-.example.com", "db..example.com", ".db.example.com",
    "db_1.example.com", "db.example.com..", "a" * 64 + ".example.com", _NAME_253 + "d", _NAME_253 + "d.", "db.exa!mple.com",
])
def test_what_is_not_a_dns_name_is_refused(value):
    assert _message(lambda: check_host("E.host", value)) == (
        f"E.host: is not a valid DNS name (labels of 1-63 letters, digits and hyphens, 253 characters at most) (got {value!r}); "
        "give the database's host name, e.g. 'orders-db.corp.example.com'")


@pytest.mark.parametrize("value", ["localhost", "LocalHost", "localhost."])
def test_localhost_is_the_replication_instance_not_the_database(value):
    assert _message(lambda: check_host("E.host", value)) == (
        f"E.host: is the replication instance itself, not the database (got {value!r}); give the database's host name")


# check_arn

_CERT = "arn:aws:dms:eu-west-1:123456789012:cert:ABCDEF"


@pytest.mark.parametrize("value", [
    _CERT, "arn:aws-cn:dms:cn-north-1:123456789012:cert:A", "arn:aws-us-gov:dms:us-gov-west-1:123456789012:cert:A",
    "arn:aws-iso:dms:us-iso-east-1:123456789012:cert:A", "arn:aws-iso-b:dms:us-isob-east-1:123456789012:cert:A",
])
def test_arns_of_every_partition_pass_when_the_region_is_unknown(value):
    assert check_arn("E.cert", value, "dms", ("cert:",)) is None


def test_an_arn_in_the_stacks_region_or_with_a_second_resource_type_passes():
    assert check_arn("E.cert", _CERT, "dms", ("cert:",), "eu-west-1") is None
    assert check_arn("E.cert", _CERT, "dms", ("cert:",), Aws.REGION) is None
    assert check_arn("E.cert", "arn:aws:dms:us-east-1:123456789012:cert:A", "dms", ("cert:",), Aws.REGION) is None
    assert check_arn("E.x", "arn:aws:dms:eu-west-1:123456789012:endpoint:E", "dms", ("rep:", "endpoint:"), "eu-west-1") is None
    assert check_arn("E.role", "arn:aws:iam::123456789012:role/dms-access", "iam", ("role/",)) is None


@pytest.mark.parametrize("value", [
    "not-an-arn", "", None, 5, "arn:aws:dms:eu-west-1:12345678901:cert:A", "arn:aws:dms:eu-west-1:1234567890123:cert:A",
    "arn:azure:dms:eu-west-1:123456789012:cert:A", "arn:aws-iso-:dms:eu-west-1:123456789012:cert:A",
    "arn:aws:DMS:eu-west-1:123456789012:cert:A", "arn:aws:dms:eu-west-1:123456789012:", "arn:aws:dms:eu-west-1:123456789012",
    " arn:aws:dms:eu-west-1:123456789012:cert:A", "arn:aws:dms:EU-WEST-1:123456789012:cert:A", "arn:aws:dms:eu-west-1:12345678901a:cert:A",
])
def test_what_is_not_an_arn_is_refused(value):
    assert _message(lambda: check_arn("E.cert", value, "dms", ("cert:",), "eu-west-1")) == (
        f"E.cert: is not an ARN (got {value!r}); give arn:<partition>:dms:<region>:<account>:<resource>, "
        "e.g. arn:aws:dms:eu-west-1:123456789012:cert:...")


def test_the_arn_example_names_the_service_the_stacks_region_and_the_first_resource_type():
    assert _message(lambda: check_arn("E.s", "x", "secretsmanager", ("secret:", "other:"), "us-east-2")) == (
        "E.s: is not an ARN (got 'x'); give arn:<partition>:secretsmanager:<region>:<account>:<resource>, "
        "e.g. arn:aws:secretsmanager:us-east-2:123456789012:secret:...")
    assert _message(lambda: check_arn("E.s", "x", "secretsmanager", ("secret:",))) == (
        "E.s: is not an ARN (got 'x'); give arn:<partition>:secretsmanager:<region>:<account>:<resource>, "
        "e.g. arn:aws:secretsmanager:eu-west-1:123456789012:secret:...")


@pytest.mark.parametrize(
    "value, service, types, message",
    [
        ("arn:aws:kms:eu-west-1:123456789012:key/abc", "dms", ("cert:",),
         "E.a: is an ARN of kms, not of dms (got 'arn:aws:kms:eu-west-1:123456789012:key/abc'); "
         "give a dms ARN, e.g. arn:aws:dms:eu-west-1:123456789012:cert:..."),
        ("arn:aws:dms:eu-west-1:123456789012:endpoint:ABC", "dms", ("cert:",),
         "E.a: names a resource of type 'endpoint', not 'cert' (got 'arn:aws:dms:eu-west-1:123456789012:endpoint:ABC'); "
         "give e.g. arn:aws:dms:eu-west-1:123456789012:cert:..."),
        ("arn:aws:dms:eu-west-1:123456789012:cert:ABC", "dms", ("rep:", "endpoint:"),
         "E.a: names a resource of type 'cert', not 'rep' or 'endpoint' (got 'arn:aws:dms:eu-west-1:123456789012:cert:ABC'); "
         "give e.g. arn:aws:dms:eu-west-1:123456789012:rep:..."),
        ("arn:aws:iam::123456789012:user/bob", "iam", ("role/",),
         "E.a: names a resource of type 'user', not 'role' (got 'arn:aws:iam::123456789012:user/bob'); "
         "give e.g. arn:aws:iam:eu-west-1:123456789012:role/..."),
        ("arn:aws:iam::123456789012:user/a:b", "iam", ("role/",),
         "E.a: names a resource of type 'user', not 'role' (got 'arn:aws:iam::123456789012:user/a:b'); "
         "give e.g. arn:aws:iam:eu-west-1:123456789012:role/..."),
        ("arn:aws:dms:eu-west-1::cert:ABC", "dms", ("cert:",),
         "E.a: has no account id (got 'arn:aws:dms:eu-west-1::cert:ABC'); give e.g. arn:aws:dms:eu-west-1:123456789012:cert:..."),
    ],
)
def test_an_arn_of_another_service_resource_type_or_without_an_account_is_refused(value, service, types, message):
    assert _message(lambda: check_arn("E.a", value, service, types)) == message


@pytest.mark.parametrize(
    "value, message",
    [
        ("arn:aws:dms:us-east-1:123456789012:cert:ABC",
         "E.a: is in Region us-east-1, but the stack deploys to eu-west-1 (got 'arn:aws:dms:us-east-1:123456789012:cert:ABC'); "
         "use the resource of eu-west-1 (DMS reads only resources of its own Region)"),
        ("arn:aws:dms::123456789012:cert:ABC",
         "E.a: is in Region (none), but the stack deploys to eu-west-1 (got 'arn:aws:dms::123456789012:cert:ABC'); "
         "use the resource of eu-west-1 (DMS reads only resources of its own Region)"),
    ],
)
def test_an_arn_of_another_region_is_refused(value, message):
    assert _message(lambda: check_arn("E.a", value, "dms", ("cert:",), "eu-west-1")) == message


# check_instance_class


@pytest.mark.parametrize("value", [
    "dms.t3.micro", "dms.t3.small", "dms.t3.medium", "dms.r6i.large", "dms.c6i.xlarge", "dms.c6i.2xlarge",
    "dms.r7i.16xlarge", "dms.r5.24xlarge", "dms.c5n.9xlarge",
])
def test_instance_classes_pass(value):
    assert check_instance_class("I.cls", value) is None


@pytest.mark.parametrize("value", [
    "r6i.large", "dms.r6i", "dms.R6I.large", "dms.r6i.Large", "dms.r6i.large ", "dms.r6i.100xlarge", "dms.r6i.huge",
    "dms.6i.large", "dms.r.large", "db.r6i.large", "dms.r6i.2large", "", None, 3,
])
def test_what_is_not_an_instance_class_is_refused(value):
    assert _message(lambda: check_instance_class("I.cls", value)) == (
        f"I.cls: is not a DMS replication instance class (dms.<family>.<size>) (got {value!r}); "
        "use e.g. 'dms.t3.medium', 'dms.r6i.large' or 'dms.c6i.2xlarge' (lower case, size micro..24xlarge)")


# check_maintenance_window: CloudFormation's PreferredMaintenanceWindow, "Minimum 30-minute window".

# exactly 30 minutes across every midnight of the week (each day's place in the week counts), across an hour,
# and longer windows
_WINDOWS_OF_30 = ["mon:23:45-tue:00:15", "tue:23:45-wed:00:15", "wed:23:45-thu:00:15", "thu:23:45-fri:00:15",
                  "fri:23:45-sat:00:15", "sat:23:45-sun:00:15", "sun:23:45-mon:00:15"]


@pytest.mark.parametrize("value", [*_WINDOWS_OF_30, "sun:02:00-sun:02:30", "wed:02:50-wed:03:20", "sun:02:00-sun:04:00",
                                   "mon:00:00-sun:23:59", "tue:09:00-thu:09:00", "sat:23:59-sun:23:59"])
def test_maintenance_windows_of_30_minutes_or_more_pass(value):
    assert check_maintenance_window("I.win", value) is None


@pytest.mark.parametrize("value", ["mon:23:45-tue:00:14", "tue:23:45-wed:00:14", "wed:23:45-thu:00:14", "thu:23:45-fri:00:14",
                                   "fri:23:45-sat:00:14", "sat:23:45-sun:00:14", "sun:23:45-mon:00:14",
                                   "sun:02:00-sun:02:29", "wed:02:50-wed:03:19", "sun:02:00-sun:02:00", "thu:10:05-thu:10:06"])
def test_maintenance_windows_under_30_minutes_are_refused(value):
    assert _message(lambda: check_maintenance_window("I.win", value)) == (
        f"I.win: is shorter than the 30 minutes DMS requires (got {value!r}); make the window at least 30 minutes long")


@pytest.mark.parametrize("value", [
    "Sun:02:00-Sun:04:00", "sun:24:00-sun:04:00", "sun:02:60-sun:04:00", "sun:2:00-sun:04:00", "sun 02:00-sun 04:00",
    "sun:02:00", "sunday:02:00-sunday:04:00", "sun:02:00-sun:04:00 ", "sun:19:00-sun:20:00Z", "", None, 5,
])
def test_what_is_not_a_maintenance_window_is_refused(value):
    assert _message(lambda: check_maintenance_window("I.win", value)) == (
        f"I.win: is not a maintenance window (got {value!r}); use 'ddd:hh24:mi-ddd:hh24:mi' in UTC, e.g. 'sun:02:00-sun:04:00'")


# check_cdc_start_time

_NOW = dt.datetime(2026, 1, 31, 22, 0, tzinfo=_UTC)


class _NoOffset(dt.tzinfo):
    """A tzinfo that knows no offset: the datetime is as naive as one without a tzinfo."""

    def utcoffset(self, value):
        return None


@pytest.mark.parametrize("value", [
    _NOW, _NOW - dt.timedelta(microseconds=1), dt.datetime(1970, 1, 1, 0, 0, 1, tzinfo=_UTC),
    # 23:30 at +02:00 is 21:30 UTC: in the past although its wall clock is after _NOW's
    dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
])
def test_a_cdc_start_time_up_to_now_passes(value):
    assert check_cdc_start_time("T.cdc", value, now=_NOW) is None


def test_a_cdc_start_time_is_compared_with_the_clock_when_no_now_is_given():
    assert check_cdc_start_time("T.cdc", dt.datetime(2020, 1, 1, tzinfo=_UTC)) is None
    assert _message(lambda: check_cdc_start_time("T.cdc", dt.datetime(2999, 1, 1, tzinfo=_UTC))).startswith(
        "T.cdc: is in the future: the source's log has no changes from then yet (got '2999-01-01T00:00:00+00:00')")


@pytest.mark.parametrize(
    "value, message",
    [
        ("2026-01-01", "T.cdc: must be a datetime (got '2026-01-01'); pass e.g. datetime(2026, 1, 31, 22, 0, tzinfo=timezone.utc)"),
        (dt.date(2026, 1, 1), "T.cdc: must be a datetime (got datetime.date(2026, 1, 1)); pass e.g. datetime(2026, 1, 31, 22, 0, tzinfo=timezone.utc)"),
        (None, "T.cdc: must be a datetime (got None); pass e.g. datetime(2026, 1, 31, 22, 0, tzinfo=timezone.utc)"),
        (dt.datetime(2026, 1, 1, 12, 0),
         "T.cdc: has no timezone (got '2026-01-01T12:00:00'); pass an aware datetime, e.g. datetime(..., tzinfo=timezone.utc)"),
        (dt.datetime(2026, 1, 1, 12, 0, tzinfo=_NoOffset()),
         "T.cdc: has no timezone (got '2026-01-01T12:00:00'); pass an aware datetime, e.g. datetime(..., tzinfo=timezone.utc)"),
        (dt.datetime(1970, 1, 1, tzinfo=_UTC),
         "T.cdc: is before 1970, which epoch seconds cannot express (got '1970-01-01T00:00:00+00:00'); give the time the changes to replay begin"),
        (dt.datetime(1969, 12, 31, 23, 59, 59, tzinfo=_UTC),
         "T.cdc: is before 1970, which epoch seconds cannot express (got '1969-12-31T23:59:59+00:00'); give the time the changes to replay begin"),
        (dt.datetime(1970, 1, 1, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
         "T.cdc: is before 1970, which epoch seconds cannot express (got '1970-01-01T01:00:00+01:00'); give the time the changes to replay begin"),
        (_NOW + dt.timedelta(microseconds=1),
         "T.cdc: is in the future: the source's log has no changes from then yet (got '2026-01-31T22:00:00.000001+00:00'); "
         "give a time in the past, or start without cdc_start and let DMS read from when the task starts"),
        (dt.datetime(2026, 1, 31, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
         "T.cdc: is in the future: the source's log has no changes from then yet (got '2026-01-31T17:30:00-05:00'); "
         "give a time in the past, or start without cdc_start and let DMS read from when the task starts"),
    ],
)
def test_a_cdc_start_time_must_be_an_aware_datetime_after_1970_and_not_in_the_future(value, message):
    assert _message(lambda: check_cdc_start_time("T.cdc", value, now=_NOW)) == message


# check_cdc_start_position: DMS user guide, "Determining a CDC native start point".

_CHECKPOINT = "checkpoint:V1#27#mysql-bin-changelog.157832:1975:-1:2002:677883278264080:mysql-bin-changelog.157832:1876#0#0#*#0#93"


@pytest.mark.parametrize(
    "value, engine",
    [
        ("mysql-bin-changelog.000024:373", "mysql"), ("mysql-bin-changelog.000024:373", "mariadb"),
        ("mysql-bin-changelog.000024:373", "aurora"), ("binlog.1:4", "mysql"),
        ("0/3A0B2C8", "postgres"), ("FFFFFFFF/ffffffff", "postgres"), ("0/3A0B2C8", "aurora-postgresql"),
        ("24816598", "oracle"),
        ("0000002a:00000100:0003", "sqlserver"),
        (_CHECKPOINT, "postgres"), (_CHECKPOINT, "oracle"), ("checkpoint:V1#x", "sqlserver"),
        ("2026-01-31T22:00:00", "oracle"), ("2026-01-31T22:00:00", "mysql"), ("2026-01-31T22:00:00", "postgres"),
        ("anything DMS may take", "db2"), ("anything DMS may take", None), ("anything DMS may take", ""),
    ],
)
def test_cdc_start_positions_of_the_engines_native_form_checkpoints_and_dates_pass(value, engine):
    assert check_cdc_start_position("T.pos", value, engine) is None


@pytest.mark.parametrize("value", ["", "   ", None, 24816598])
def test_an_empty_cdc_start_position_is_refused(value):
    assert _message(lambda: check_cdc_start_position("T.pos", value, "oracle")) == (
        f"T.pos: is empty (got {value!r}); give the LSN/SCN/binlog position or checkpoint to start from")


_ALTERNATIVES = ", a checkpoint 'checkpoint:V1#...', or a time with CdcStart.at_time(...)"


@pytest.mark.parametrize(
    "value, engine, wanted",
    [
        ("0/3A0B2C8", "mysql", "a binlog file and position, e.g. 'mysql-bin-changelog.000024:373'"),
        ("mysql-bin-changelog:373", "mariadb", "a binlog file and position, e.g. 'mysql-bin-changelog.000024:373'"),
        ("mysql-bin-changelog.000024", "aurora", "a binlog file and position, e.g. 'mysql-bin-changelog.000024:373'"),
        ("24816598", "postgres", "a log sequence number, e.g. '0/3A0B2C8'"),
        ("1FFFFFFFF/0", "postgres", "a log sequence number, e.g. '0/3A0B2C8'"),
        ("0/", "aurora-postgresql", "a log sequence number, e.g. '0/3A0B2C8'"),
        ("checkpoint:V1#", "postgres", "a log sequence number, e.g. '0/3A0B2C8'"),
        ("0x17AB", "oracle", "a system change number (SCN), e.g. '24816598'"),
        ("2026-01-31 22:00:00", "oracle", "a system change number (SCN), e.g. '24816598'"),
        ("0000002a:00000100", "sqlserver", "a log sequence number, e.g. '0000002a:00000100:0003'"),
    ],
)
def test_a_cdc_start_position_not_in_the_engines_form_is_refused(value, engine, wanted):
    assert _message(lambda: check_cdc_start_position("T.pos", value, engine)) == (
        f"T.pos: is not a start position DMS reads from {engine} sources (got {value!r}); give {wanted}{_ALTERNATIVES}")


# check_cdc_source: "Using a Microsoft Azure SQL database as a source for AWS DMS": no CDC.


@pytest.mark.parametrize("engine, migration_type", [
    ("azuredb", "full-load"), ("sqlserver", "cdc"), ("sqlserver", "full-load-and-cdc"), (None, "cdc"), ("", "cdc"),
])
def test_changes_are_captured_from_every_source_but_azure_sql_database(engine, migration_type):
    assert check_cdc_source("T.migration_type", engine, migration_type) is None


@pytest.mark.parametrize("migration_type", ["cdc", "full-load-and-cdc"])
def test_azure_sql_database_is_read_with_a_full_load_only(migration_type):
    assert _message(lambda: check_cdc_source("T.migration_type", "azuredb", migration_type)) == (
        f"T.migration_type: needs change data capture, which DMS does not support for Azure SQL Database sources "
        f"(got {migration_type!r}); use migration_type=MigrationType.FULL_LOAD (and reload to catch up), "
        "or replicate from a source that supports CDC")
