"""Fuzzing: mutate the bytes of fixture PDFs and run each through the real
worker (own process, time and memory limit). Every case must end parsed or
with one clean error line: no crash, no hang, no internal error.

    make fuzz                          # 2,000 cases
    python tests/fuzz.py CASES [SEED]
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

from pipeline.emit import validate
from pipeline.model import Job
from pipeline.runner import run_jobs

REPO = Path(__file__).resolve().parent.parent
SOURCES = ["mofa-risk-register.pdf", "moc-112-plan.pdf", "mofa-108-plan.pdf"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["flip", "zero", "delete", "duplicate", "truncate", "garbage"])
        at = rng.randrange(len(out))
        span = rng.randint(1, 512)
        if kind == "flip":
            for i in range(at, min(at + rng.randint(1, 16), len(out))):
                out[i] = rng.randrange(256)
        elif kind == "zero":
            out[at : at + span] = bytes(len(out[at : at + span]))
        elif kind == "delete":
            del out[at : at + span]
        elif kind == "duplicate":
            out[at:at] = out[at : at + span]
        elif kind == "truncate":
            del out[max(16, at) :]
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(span))
        if not out:
            out = bytearray(b"%PDF")
    return bytes(out)


def classify(error: str) -> str:
    if not error:
        return "parsed"
    if error.startswith("gave up after"):
        return "hang"
    if error.startswith(("internal error", "the parser crashed", "the parser stopped")):
        return "crash"
    return "clean error"


def fuzz(cases: int, seed: int = 0, workers: int = 2) -> tuple[Counter, list[str]]:
    rng = random.Random(seed)
    originals = [(name, (REPO / "raw_docs" / name).read_bytes()) for name in SOURCES]
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for i in range(cases):
            name, data = originals[i % len(originals)]
            path = Path(tmp) / f"case{i:05d}-{name}"
            path.write_bytes(mutate(data, rng))
            jobs.append(Job(path, path.stem, str(path)))
        outcomes = run_jobs(jobs, workers, timeout=60, memory_mb=2048)
        counts: Counter = Counter()
        problems = []
        for outcome in outcomes:
            kind = classify(outcome.error)
            if outcome.document is not None:
                validate(outcome.document)
            if "\n" in outcome.error:
                kind = "multi-line error"
            counts[kind] += 1
            if kind not in ("parsed", "clean error"):
                problems.append(f"{outcome.job.path.name}: {kind}: {outcome.error}")
    return counts, problems


def main(argv: list[str]) -> int:
    cases = int(argv[0]) if argv else 2000
    seed = int(argv[1]) if len(argv) > 1 else 1
    counts, problems = fuzz(cases, seed)
    print(f"{cases} cases (seed {seed}): " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for line in problems[:20]:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
