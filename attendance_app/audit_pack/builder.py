"""Write an audit pack: a ZIP of the CSV tables, ``rules.json``, ``manifest.json`` and ``SHA256SUMS``.

Every member is streamed into the archive as it is produced (``ZipFile.open(…, "w")``), its SHA-256
and size computed on the way, so memory stays flat whatever the pack's size; the archive itself is
written to a file the caller gives (a temporary file, storage, the command's output). The manifest
lists each data file with its rows, bytes and digest; ``SHA256SUMS`` lists every member, the
manifest included, in the format ``sha256sum -c`` checks.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from django.utils.translation import gettext as _

import attendance_app
from attendance_app.audit_pack.rules_file import FILENAME as RULES_FILENAME
from attendance_app.audit_pack.rules_file import RulesCount, rules_chunks
from attendance_app.audit_pack.scope import PackScope
from attendance_app.audit_pack.tables import TABLES, Row, instant
from attendance_app.reports.writers import csv_chunks

FORMAT_NAME = "openedx-attendance-audit-pack"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"


@dataclass(frozen=True)
class Member:
    """A file written into the pack."""

    name: str
    sha256: str
    size: int
    rows: int | None
    description: str


@dataclass
class Progress:
    """Counts the rows written across the pack's files and reports them every ``every`` rows."""

    report: Callable[[int], None] | None = None
    every: int = 1000
    rows: int = 0

    def counted(self, rows: Iterable[Row], counter: list[int]) -> Iterator[Row]:
        for row in rows:
            counter[0] += 1
            self.rows += 1
            if self.report is not None and self.rows % self.every == 0:
                self.report(self.rows)
            yield row


@dataclass
class PackResult:
    members: list[Member] = field(default_factory=list)
    rows: int = 0


def _zip_info(name: str, now: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=now.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _write(archive: zipfile.ZipFile, name: str, chunks: Iterable[bytes], now: datetime) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with archive.open(_zip_info(name, now), "w", force_zip64=True) as member:
        for chunk in chunks:
            member.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _what(scope: PackScope) -> dict[str, Any]:
    if scope.activity is not None:
        return {
            "scope": "activity",
            "course_key": str(scope.course_key),
            "activity": str(scope.activity.usage_key),
            "activity_name": scope.activity.display_name,
            "description": _("All the evidence of one activity, whenever it happened."),
        }
    return {
        "scope": "course",
        "course_key": str(scope.course_key),
        "activity": None,
        "activity_name": None,
        "description": _(
            "The evidence of every activity of the course run between the start and end days (UTC, "
            "both included): attendances and visits that overlap the range, prompts shown in it, claims "
            "given or raised over it, certificates issued in it."
        ),
    }


def _manifest(
    scope: PackScope,
    requested_by: dict[str, Any],
    now: datetime,
    members: list[Member],
    rules: RulesCount,
) -> dict[str, Any]:
    note = (
        _("Every claim keeps the rules it was given under.")
        if rules.current == 0
        else _(
            "Some claims were made before claims kept their rules: rules.json gives today’s rules for "
            "them (rules_from “current”), which may differ from the rules at claim time."
        )
    )
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "generator": {"name": "openedx-attendance", "version": attendance_app.__version__},
        "generated_at": instant(now),
        "requested_by": requested_by,
        "what": _what(scope),
        "filters": scope.filters(),
        "times": _("Instants are UTC, ISO 8601; durations HH:MM:SS; CSV files are UTF-8 with a BOM."),
        "files": [
            {
                "name": member.name,
                "description": member.description,
                "rows": member.rows,
                "bytes": member.size,
                "sha256": member.sha256,
            }
            for member in members
        ],
        "rules": {
            "claims_with_rules_of_claim_time": rules.at_claim_time,
            "claims_with_current_rules": rules.current,
            "claims_with_current_rules_ids": rules.claims,
            "note": note,
        },
    }


def write_pack(
    target: IO[bytes],
    scope: PackScope,
    requested_by: dict[str, Any],
    now: datetime,
    *,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 1000,
) -> PackResult:
    """Write the pack of ``scope`` to ``target`` (a seekable binary file); returns what it holds.

    ``requested_by`` goes into the manifest as is (who asked: a user id and username, or the operator).
    ``progress`` is called with the rows written so far every ``progress_every`` rows and at the end.
    """
    counter = Progress(progress, progress_every)
    result = PackResult()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for table in TABLES:
            rows = [0]
            chunks = csv_chunks(table.columns, counter.counted(table.rows(scope), rows))
            digest, size = _write(archive, table.filename, chunks, now)
            result.members.append(Member(table.filename, digest, size, rows[0], table.description))
        rules = RulesCount()
        digest, size = _write(archive, RULES_FILENAME, rules_chunks(scope, rules), now)
        description = "The rules each credit was given under, and the activities' rules today."
        result.members.append(Member(RULES_FILENAME, digest, size, rules.total, description))
        manifest = _manifest(scope, requested_by, now, result.members, rules)
        manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
        digest, size = _write(archive, MANIFEST, [manifest_bytes], now)
        every = [*result.members, Member(MANIFEST, digest, size, None, "")]
        sums = "".join(f"{member.sha256}  {member.name}\n" for member in every).encode()
        _write(archive, SUMS, [sums], now)
    result.rows = counter.rows
    if progress is not None:
        progress(counter.rows)
    return result
