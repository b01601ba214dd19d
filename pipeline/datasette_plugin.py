"""Datasette plugin: its search box and `escape_fts()` find Chinese words in plans.db.

Datasette turns what is typed into the search box into an FTS query with its
SQL function `escape_fts`; plans.db indexes ideographs as overlapping pairs
(pipeline.database), so the function is replaced by database.fts_query, which
writes each typed word as the phrase of its pairs. Registered as a plugin by
the package's entry point (pyproject.toml), so any Datasette of this
environment has it.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from .database import fts_query


# trylast: Datasette registers its own escape_fts in this hook too; ours must come after.
@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
