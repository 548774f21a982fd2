"""mutmut's command line, with one change: a mutant runs every test of each test file that reaches the
mutated function, not only the tests mutmut saw reach it.

mutmut records which functions each test calls between that test's setup and teardown. A module-scoped
fixture (one synth shared by a file's tests) is built inside the first test that uses it, so the functions
it calls are recorded for that test alone; a mutant in them would run only that test and survive whatever
the file's other tests assert about the same template. Widening each function's tests to their whole files
restores them (tools/mutate.py runs mutmut through this module).

With MUTMUT_SAMPLE=<n> in the environment, `run` tests only a seeded random sample of n of the module's
mutants (the same n every time), for modules too slow to test whole: the score of a uniform sample
estimates the module's.
"""

from __future__ import annotations

import os
import random
import sys
from collections import defaultdict


def sample(names: list[str], n: int) -> set[str]:
    """The same n names for the same module, whatever was run before."""
    return set(random.Random(18).sample(sorted(names), min(n, len(names))))


def _file(test: str) -> str:
    return test.removeprefix("mutants/").split("::", 1)[0]


def main() -> None:
    # mutmut reads its configuration on import: import it only here, in the scratch directory.
    import mutmut.__main__ as mutmut_main
    from mutmut.state import state

    collect = mutmut_main.collect_or_load_stats
    mutants = mutmut_main.collect_source_file_mutation_data

    def collect_by_file(*args, **kwargs):
        collect(*args, **kwargs)
        by_file: dict[str, set[str]] = defaultdict(set)
        for test in state().duration_by_test:
            by_file[_file(test)].add(test.removeprefix("mutants/"))
        tests_by_function = state().tests_by_mangled_function_name
        for function, tests in list(tests_by_function.items()):
            files = {_file(t) for t in tests}
            tests_by_function[function] = set(tests).union(*(by_file[f] for f in files))
            for t in tests_by_function[function]:
                state().duration_by_test.setdefault(t, 0)

    def sampled_mutants(*, mutant_names):
        found, by_path = mutants(mutant_names=mutant_names)
        n = int(os.environ.get("MUTMUT_SAMPLE", "0"))
        if n and not mutant_names:
            chosen = sample([name for _, name, _ in found], n)
            found = [m for m in found if m[1] in chosen]
        return found, by_path

    mutmut_main.collect_or_load_stats = collect_by_file
    mutmut_main.collect_source_file_mutation_data = sampled_mutants
    sys.argv[0] = "mutmut"
    mutmut_main.cli()


if __name__ == "__main__":
    main()
