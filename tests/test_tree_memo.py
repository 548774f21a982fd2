"""The one memo beside each construct (`dms_constructs._tree`) that the library's look-ups answer from, and
the plumbing that reads each statement once (`grants.merge_statements`)."""

from __future__ import annotations

import jsii
import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from dms_constructs._tree import adopt, adopted, cached, default_resource, optional_child, stack_of
from dms_constructs.grants import merge_statements

_METHODS = ("create", "invoke", "get", "set", "sinvoke", "sget", "sset")


@pytest.fixture
def kernel_calls(monkeypatch):
    """The names of the jsii kernel calls made while the test runs (generated bindings call `jsii.<method>`)."""
    calls: list[str] = []
    for name in _METHODS:
        original = getattr(jsii, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(jsii, name, counted)
    return calls


def test_default_resource_is_read_from_the_tree_once(kernel_calls):
    stack = Stack(App(), "S")
    queue = sqs.Queue(stack, "Q")
    kernel_calls.clear()
    first = default_resource(queue)
    assert isinstance(first, sqs.CfnQueue)
    assert kernel_calls == ["get", "get"]  # `node`, `default_child`
    kernel_calls.clear()
    assert default_resource(queue) is first
    assert kernel_calls == []


def test_default_resource_names_the_construct_without_one():
    stack = Stack(App(), "S")
    with pytest.raises(TypeError, match="^S/Plain: the default child is not a CloudFormation resource"):
        default_resource(Construct(stack, "Plain"))


def test_adopted_finds_only_what_its_constructor_adopted_and_checks_the_kind(kernel_calls):
    stack = Stack(App(), "S")
    mine = Construct(stack, "Mine")
    adopt(stack, "Mine", mine)
    Construct(stack, "Theirs")  # in the tree, never adopted
    kernel_calls.clear()
    assert adopted(stack, "Mine", Construct) is mine
    assert adopted(stack, "Theirs", Construct) is None
    assert adopted(stack, "Missing", Construct) is None
    assert kernel_calls == []  # no look-up in the tree
    with pytest.raises(TypeError, match="Mine: expected a Queue, got Construct"):
        adopted(stack, "Mine", sqs.Queue)


def test_optional_child_remembers_what_it_found_and_looks_again_for_what_was_missing(kernel_calls):
    stack = Stack(App(), "S")
    assert optional_child(stack, "Later", Construct) is None
    later = Construct(stack, "Later")
    assert optional_child(stack, "Later", Construct) is later  # found once it exists
    kernel_calls.clear()
    assert optional_child(stack, "Later", Construct) is later
    assert kernel_calls == []


def test_cached_makes_once_per_construct_and_key():
    stack = Stack(App(), "S")
    other = Construct(stack, "Other")
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return len(made)

    assert cached(stack, "k", make) == 1
    assert cached(stack, "k", make) == 1
    assert cached(stack, "j", make) == 2
    assert cached(other, "k", make) == 3
    assert made == [1, 1, 1]


def test_stack_of_is_the_stack_and_read_once(kernel_calls):
    stack = Stack(App(), "S")
    queue = sqs.Queue(stack, "Q")
    assert stack_of(queue) is stack
    kernel_calls.clear()
    assert stack_of(queue) is stack
    assert kernel_calls == []


def test_merge_statements_merges_single_and_multi_action_statements_in_first_seen_order():
    one_a = iam.PolicyStatement(sid="First", actions=["dms:StartReplicationTask"], resources=["arn:a"])
    multi = iam.PolicyStatement(sid="Multi", actions=["dms:A", "dms:B"], resources=["arn:m1", "arn:m2"])
    one_b = iam.PolicyStatement(sid="Second", actions=["dms:StartReplicationTask"], resources=["arn:b", "arn:a"])
    cond = {"StringEquals": {"iam:PassedToService": "dms.amazonaws.com"}}
    pass_1 = iam.PolicyStatement(sid="Pass", actions=["iam:PassRole"], resources=["arn:r1"], conditions=cond)
    pass_2 = iam.PolicyStatement(sid="Pass2", actions=["iam:PassRole"], resources=["arn:r2"], conditions=cond)
    other_cond = iam.PolicyStatement(actions=["iam:PassRole"], resources=["arn:r3"],
                                     conditions={"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}})
    merged = [s.to_statement_json() for s in merge_statements([pass_1, one_a, multi, other_cond, one_b, pass_2])]
    assert merged == [
        {"Action": "dms:StartReplicationTask", "Effect": "Allow", "Resource": ["arn:a", "arn:b"], "Sid": "First"},
        {"Action": ["dms:A", "dms:B"], "Effect": "Allow", "Resource": ["arn:m1", "arn:m2"], "Sid": "Multi"},
        {"Action": "iam:PassRole", "Condition": {"StringEquals": {"iam:PassedToService": "dms.amazonaws.com"}},
         "Effect": "Allow", "Resource": ["arn:r1", "arn:r2"], "Sid": "Pass"},
        {"Action": "iam:PassRole", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}},
         "Effect": "Allow", "Resource": "arn:r3"},
    ]

