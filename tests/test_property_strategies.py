"""The property-based strategies of the TableMappings and TaskSettings tests must mostly generate valid
input, or their round-trip check rarely runs: each test here replays a strategy (derandomized, so the share
is the same on every run) and counts how many examples the library accepts. The shares measured when this
was written are in docs/TESTING.md; the floors below leave room for hypothesis' own drift."""

from __future__ import annotations

from collections import Counter
from typing import Callable

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dms_constructs.errors import DmsConfigError
from dms_constructs.table_mappings import TableMappings
from dms_constructs.task_settings import SCHEMA, TaskSettings

from . import test_table_mappings as mappings_tests
from . import test_task_settings as settings_tests

EXAMPLES = 200


def _share_valid(strategy_args, accept: Callable[..., None]) -> float:
    outcomes: Counter[str] = Counter()

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.tuples(*strategy_args))
    def replay(args):
        try:
            accept(*args)
        except DmsConfigError:
            outcomes["invalid"] += 1
        else:
            outcomes["valid"] += 1

    replay()
    return outcomes["valid"] / sum(outcomes.values())


def test_task_settings_strategy_mostly_reaches_the_round_trip():
    share = _share_valid((settings_tests.KNOBS, settings_tests.overrides()),
                         lambda knobs, extra: TaskSettings(**knobs, overrides=extra).to_json())
    assert share >= 0.9, f"only {share:.0%} of generated task settings are valid"


def test_table_mapping_builder_strategy_mostly_reaches_the_round_trip():
    def build(select_all, calls):
        mappings = TableMappings().include("%") if select_all else TableMappings()
        for method, args, kwargs in calls:
            try:
                getattr(mappings, method)(*args, **kwargs)
            except DmsConfigError:
                pass
        mappings.to_json()

    share = _share_valid((st.sampled_from([True, True, True, False]), st.lists(mappings_tests.CALLS, max_size=8)), build)
    assert share >= 0.6, f"only {share:.0%} of generated builder call sequences give a valid document"


# --- invalid input: its own strategy ------------------------------------------------------------------

def _invalid_values(spec) -> st.SearchStrategy:
    """Values a setting refuses on its own: out of range or of another JSON type."""
    kind = type(spec).__name__
    if kind == "_Int":
        beyond = [spec.low - 1] + ([spec.high + 1] if spec.high is not None else [])
        return st.sampled_from([*beyond, True, "1", 2.5, None])
    if kind == "_Choice":
        return st.sampled_from(["BOGUS", "", 0, None, [spec.values[0]]])
    if kind == "_Bool":
        return st.sampled_from(["true", 1, 0, None, []])
    if kind == "_Str":
        return st.sampled_from([5, True, [], {}])
    if kind == "_Null":
        return st.sampled_from(["x", 0, False])
    return st.just({1, 2})  # free-form JSON: a Python set is no JSON value


_SIMPLE = [(s, k, spec) for s, body in SCHEMA.fields.items() if hasattr(body, "fields") for k, spec in body.fields.items()
           if type(spec).__name__ in ("_Int", "_Choice", "_Bool", "_Str", "_Null", "_Json")]


@settings(max_examples=150, derandomize=True, deadline=None, database=None)
@given(st.sampled_from(_SIMPLE).flatmap(lambda t: st.tuples(st.just(t), _invalid_values(t[2]))))
def test_any_invalid_setting_value_is_refused_naming_the_setting(case):
    (section, key, _), value = case
    with pytest.raises(DmsConfigError) as error:
        TaskSettings(overrides={section: {key: value}})
    assert str(error.value).startswith(f"TaskSettings.{section}.{key}")
