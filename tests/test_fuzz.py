"""Fuzzing in the test suite: a fixed sample in `make test`, the bounded CI
run of 300 cases in `make test-slow` (`make fuzz` runs longer ones)."""

from __future__ import annotations

import pytest
from fuzz import fuzz


def check(cases: int) -> None:
    counts, problems = fuzz(cases=cases, seed=0)
    assert not problems, "\n".join(problems[:10])
    assert sum(counts.values()) == cases
    assert counts["parsed"] > 0 and counts["clean error"] > 0


def test_a_fixed_sample_of_mutated_pdfs_end_parsed_or_with_one_clean_error() -> None:
    """The first 60 cases of the 300 below (same seed, same order)."""
    check(60)


@pytest.mark.slow
def test_mutated_pdfs_end_parsed_or_with_one_clean_error() -> None:
    check(300)
