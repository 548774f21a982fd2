"""The build phase's shortcuts around jsii round trips (issue #13) answer exactly as the round trips did."""

from __future__ import annotations

import pytest
from aws_cdk import Aws, Fn, Token

from dms_constructs import _validation
from dms_constructs._validation import is_token


@pytest.mark.parametrize(
    "value",
    [Aws.REGION, f"arn:aws:s3:::{Aws.ACCOUNT_ID}-bucket", Fn.join("-", [Aws.REGION, "x"]), Token.as_number(Aws.ACCOUNT_ID)],
    ids=["string token", "token inside a string", "intrinsic function", "number token"],
)
def test_tokens_are_still_recognised(value):
    assert is_token(value) is True


@pytest.mark.parametrize(
    "value",
    ["eu-west-1", "Token[", "${Token[", "", 443, 80.5, -1.0, 1e300, float("inf"), float("nan"), True, None, ["a"]],
)
def test_plain_values_are_not_tokens(value):
    assert is_token(value) is False


@pytest.mark.parametrize("value", ["orders-dms", "10.0.0.0/16", 3306, 0.25])
def test_plain_strings_and_numbers_need_no_round_trip(monkeypatch, value):
    def refuse(_value):
        raise AssertionError("Token.is_unresolved called for a plain value")

    monkeypatch.setattr(_validation.Token, "is_unresolved", staticmethod(refuse))
    assert is_token(value) is False
