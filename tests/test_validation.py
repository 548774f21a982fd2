"""The validation helpers every construct uses: ranges inclusive at both ends, DMS identifier rules, slugs,
and the one message format `<field>: <problem> (got <value>); <fix>`. Expected values written out."""

from __future__ import annotations

import pytest
from aws_cdk import Aws, Token

from dms_constructs._validation import check_dms_identifier, check_name, check_range, check_type, identifier_from, is_token, slug
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
