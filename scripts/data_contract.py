"""Write the tables of fields of docs/data-contract.md from the kit's models (the rest of the page is hand-written).

    .venv/bin/python scripts/data_contract.py           # rewrite the generated regions
    .venv/bin/python scripts/data_contract.py --check   # exit 1 if the document is not what the models say

tests/test_contract.py fails while the committed document differs from what this writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inclucities.site.contract import fill_document

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "data-contract.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the document is up to date")
    args = parser.parse_args()
    current = DOCUMENT.read_text(encoding="utf-8")
    expected = fill_document(current)
    if args.check:
        if current != expected:
            print(f"{DOCUMENT} is out of date: run scripts/data_contract.py", file=sys.stderr)
            return 1
        return 0
    if current != expected:
        DOCUMENT.write_text(expected, encoding="utf-8")
        print(f"wrote {DOCUMENT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
