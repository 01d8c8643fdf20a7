"""Fail when freshly extracted catalogs hold strings the committed ones lack, or the reverse.

Usage: python scripts/compare_catalogs.py COMMITTED_LOCALE_DIR FRESH_LOCALE_DIR
Compares parsed msgids (with plurals and contexts), so line wrapping never matters.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib


def msgids(path: Path) -> set[tuple[str, str, str]]:
    return {
        (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        for entry in polib.pofile(str(path))
        if not entry.obsolete
    }


def main(committed: Path, fresh: Path) -> int:
    stale = []
    for fresh_po in sorted(fresh.glob("*/LC_MESSAGES/*.po")):
        committed_po = committed / fresh_po.relative_to(fresh)
        if not committed_po.is_file():
            stale.append(f"{committed_po}: missing")
            continue
        added = msgids(fresh_po) - msgids(committed_po)
        removed = msgids(committed_po) - msgids(fresh_po)
        if added or removed:
            stale.append(
                f"{committed_po}: {len(added)} new and {len(removed)} removed strings, e.g. "
                f"{sorted(added or removed)[0][1]!r}"
            )
    for line in stale:
        print(line)
    if stale:
        print("Run `make messages`, translate the new strings, then `make compile_translations`.")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
