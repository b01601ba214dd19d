"""Command line: `python -m pipeline parse INPUT... --out DIR`,
`python -m pipeline review [DIR]` (a page per document showing where each value
was read) and `python -m pipeline serve [DIR]` (Datasette over DIR/plans.db).

A thin layer over runner (parse documents), emit (write files), database
(plans.db), review (draw them over the pages) and serve: it reads arguments, skips documents whose bytes
and code are unchanged, reports progress and errors, and sets the exit status.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

from . import database
from .emit import atomic_write, rebuild_tables, remove_stale_temporaries, write_document
from .fingerprint import code_fingerprint
from .model import Job
from .runner import Outcome, collect_jobs, run_jobs

DEFAULT_TIMEOUT = 300
DEFAULT_MEMORY_MB = 4096


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse plan PDFs into JSON and CSV datasets")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="PDF files or folders of PDFs")
    p.add_argument("--out", required=True, type=Path, help="output folder (json/, csv/, datapackage.json)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="documents parsed at once (default: CPUs)")
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds one document may take (default {DEFAULT_TIMEOUT})",
    )
    p.add_argument(
        "--max-memory",
        type=int,
        default=DEFAULT_MEMORY_MB,
        help=f"MB of memory one document may use beyond the parser's own (default {DEFAULT_MEMORY_MB}; 0 = none)",
    )
    p.add_argument(
        "--cluster",
        type=cluster_address,
        metavar="ADDRESS",
        help="parse on a Dask cluster instead of --jobs processes: local:N (N worker processes here) or "
        "tcp://HOST:PORT (a running scheduler); needs the cluster extra (pip install -e '.[cluster]')",
    )
    p.add_argument("--force", action="store_true", help="parse every document again, ignoring the cache")
    p.add_argument("--quiet", action="store_true", help="print errors and the summary only")
    p.add_argument("--verbose", action="store_true", help="print per-stage timings")
    r = sub.add_parser("review", help="a page per document: every value drawn over the page it was read from")
    r.add_argument(
        "folder", nargs="?", default=Path("parsed"), type=Path, metavar="DIR", help="parse's output (default: parsed)"
    )
    r.add_argument("--doc", action="append", metavar="DOC_ID", help="only this document (repeat for more)")
    r.add_argument(
        "--pdfs", type=Path, metavar="FOLDER", help="find the PDFs here by file name (default: each JSON's source_file)"
    )
    r.add_argument("--out", type=Path, help="where the pages go (default: DIR/review)")
    s = sub.add_parser("serve", help="browse and search DIR/plans.db in Datasette (needs the serve extra)")
    s.add_argument(
        "folder", nargs="?", default=Path("parsed"), type=Path, metavar="DIR", help="parse's output (default: parsed)"
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8001, help="port (default: 8001)")
    return parser


def cluster_address(text: str) -> str:
    if re.fullmatch(r"local:[1-9][0-9]*", text) or re.fullmatch(r"[a-z0-9]+://\S+", text):
        return text
    raise argparse.ArgumentTypeError(f"{text!r} is neither local:N nor a scheduler's address (tcp://HOST:PORT)")


def cache_key(job: Job, sha256: str) -> str:
    return json.dumps(
        {"sha256": sha256, "code": code_fingerprint(), "source_file": job.source_file, "overrides": job.overrides},
        sort_keys=True,
    )


def cache_path(out: Path, doc_id: str) -> Path:
    return out / ".cache" / f"{doc_id}.key"


def is_cached(out: Path, job: Job) -> bool:
    key_file = cache_path(out, job.doc_id)
    if not key_file.is_file() or not (out / "json" / f"{job.doc_id}.json").is_file():
        return False
    sha = hashlib.sha256(job.path.read_bytes()).hexdigest()
    return key_file.read_text(encoding="utf-8") == cache_key(job, sha)


class Reporter:
    """Progress on a terminal (rich), plain lines elsewhere, nothing with --quiet."""

    def __init__(self, total: int, quiet: bool, verbose: bool) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.progress = None
        if not quiet and sys.stderr.isatty() and total:
            from rich.progress import Progress

            self.progress = Progress(transient=True)
            self.task = self.progress.add_task("parsing", total=total)
            self.progress.start()

    def done(self, outcome: Outcome) -> None:
        if outcome.error:
            self.say(f"ERROR {outcome.job.source_file}: {outcome.error}", always=True)
        elif self.verbose:
            stages = " ".join(f"{name}={secs:.2f}s" for name, secs in outcome.timings)
            self.say(f"parsed {outcome.job.source_file} in {outcome.seconds:.1f}s ({stages})")
        elif not self.progress:
            self.say(f"parsed {outcome.job.source_file} in {outcome.seconds:.1f}s")
        if self.progress:
            self.progress.advance(self.task)

    def say(self, line: str, always: bool = False) -> None:
        if self.quiet and not always:
            return
        if self.progress:
            self.progress.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.progress:
            self.progress.stop()


def parse_command(args: argparse.Namespace) -> int:
    session = None
    if args.cluster:  # first: a cluster that cannot run the documents leaves --out as it was
        session, problem = start_cluster(args.cluster)
        if problem:
            print(f"ERROR {problem}", file=sys.stderr)
            return 1
    try:
        return parse_documents(args, session)
    finally:
        if session is not None:
            session.close()


def start_cluster(address: str):
    """(cluster.Session, '') or (None, what is wrong in one line)."""
    try:
        # Imported here: Dask is an extra, and a run without --cluster never loads it.
        from . import cluster
    except ImportError as exc:
        return None, f"cluster {address}: Dask is not installed ({exc}): pip install -e '.[cluster]'"
    try:
        return cluster.Session(address), ""
    except cluster.ClusterError as exc:
        return None, str(exc)


def parse_documents(args: argparse.Namespace, session) -> int:
    remove_stale_temporaries(args.out)
    jobs, errors = collect_jobs(args.inputs)
    for line in errors:
        print(line, file=sys.stderr)
    todo = jobs if args.force else [j for j in jobs if not is_cached(args.out, j)]
    cached = len(jobs) - len(todo)
    reporter = Reporter(len(todo), args.quiet, args.verbose)

    def on_done(outcome: Outcome) -> None:
        if outcome.document is not None:
            write_document(args.out, outcome.document)
            atomic_write(
                cache_path(args.out, outcome.job.doc_id),
                cache_key(outcome.job, outcome.document["sha256"]).encode("utf-8"),
            )
        reporter.done(outcome)

    try:
        if session is None:
            outcomes = run_jobs(todo, args.jobs, args.timeout, args.max_memory, on_done)
        else:
            outcomes = session.run_jobs(todo, args.timeout, args.max_memory, on_done)
    finally:
        reporter.close()
    tables = rebuild_tables(args.out, [(o.job.doc_id, o.error) for o in outcomes if o.error])
    database.build(args.out / database.FILE_NAME, tables)
    failed = sum(1 for o in outcomes if o.error) + len(errors)
    parsed = len(outcomes) - sum(1 for o in outcomes if o.error)
    summary = f"{parsed} parsed, {failed} failed"
    if cached:
        summary += f", {cached} unchanged (cached)"
    print(summary, file=sys.stderr)
    return 1 if failed else 0


def review_command(args: argparse.Namespace) -> int:
    # Imported here: it renders pages and writes HTML, which a parse never needs.
    from . import review

    out = args.out or args.folder / "review"
    folder = args.folder / "json"
    if args.doc:
        paths = [folder / f"{doc_id}.json" for doc_id in args.doc]
    else:
        paths = sorted(folder.glob("*.json"))
        if not paths:
            print(f"ERROR {folder}: no JSON documents (run parse first)", file=sys.stderr)
            return 1
    review.remove_stale_temporaries(out)
    failed = 0
    for path in paths:
        try:
            done = review.review_document(path, out, args.pdfs)
        except review.ReviewError as exc:
            print(f"ERROR {path}: {exc}", file=sys.stderr)
            failed += 1
            continue
        checks = sum(r.check for r in done.rows)
        print(f"wrote {done.html} ({done.pages} pages, {len(done.rows)} rows, {checks} to check)", file=sys.stderr)
    review.write_index(out, sorted(folder.glob("*.json")))
    print(f"{len(paths) - failed} written, {failed} failed: open {out / 'index.html'} in a browser", file=sys.stderr)
    return 1 if failed else 0


def serve_command(args: argparse.Namespace) -> int:
    from . import serve

    try:
        return serve.serve(args.folder, args.host, args.port)
    except serve.ServeError as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "parse":
        return parse_command(args)
    if args.command == "review":
        return review_command(args)
    if args.command == "serve":
        return serve_command(args)
    return 2
