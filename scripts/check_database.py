"""Check that DIR/plans.db holds exactly DIR's CSVs: the same tables, columns,
rows and values. CI runs it after `make parse`: plans.db is not committed, so
it cannot be compared with a committed copy.

    python scripts/check_database.py [DIR]    (default: parsed)

Prints one line per difference and a last line; exits 1 when there is any.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.database import differences_from_csvs


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "parsed")
    found = differences_from_csvs(out)
    for line in found:
        print(f"{out}/{line}", file=sys.stderr)
    print(f"{out}/plans.db: {len(found)} differences from the CSVs", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
