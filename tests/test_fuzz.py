"""A bounded fuzz run in CI (make fuzz runs longer ones)."""

from __future__ import annotations

from fuzz import fuzz


def test_mutated_pdfs_end_parsed_or_with_one_clean_error() -> None:
    counts, problems = fuzz(cases=300, seed=0)
    assert not problems, "\n".join(problems[:10])
    assert sum(counts.values()) == 300
    assert counts["parsed"] > 0 and counts["clean error"] > 0
