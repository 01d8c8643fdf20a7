"""``manage.py attendance_audit_pack``: the operator's pack, checkable with ``sha256sum -c``."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest
from django.core.management import CommandError, call_command

from tests.attendance_app.audit_pack.helpers import USAGE_KEY, Pack, attended, audited_activity
from tests.factories import COURSE_KEY

pytestmark = pytest.mark.django_db
SHA256SUM = shutil.which("sha256sum")


@pytest.fixture
def activity(course_staff, org_admin):
    activity = audited_activity(course_staff, org_admin)
    attended(activity, "ada")
    return activity


def test_the_command_writes_the_pack_of_an_activity(activity, tmp_path, capsys):
    output = tmp_path / "pack.zip"

    call_command("attendance_audit_pack", "--activity", str(USAGE_KEY), "--output", str(output))

    pack = Pack.read(output.read_bytes())
    assert pack.manifest["requested_by"] == {"operator": "manage.py attendance_audit_pack"}
    assert len(pack.csv("prompts.csv")) == 2
    assert "Audit pack written to" in capsys.readouterr().out
    assert [path.name for path in tmp_path.iterdir()] == ["pack.zip"]


@pytest.mark.skipif(SHA256SUM is None, reason="needs coreutils' sha256sum")
def test_sha256sum_checks_the_unpacked_files(activity, tmp_path):
    output = tmp_path / "pack.zip"
    call_command(
        "attendance_audit_pack",
        "--course",
        str(COURSE_KEY),
        "--start",
        "2026-11-01",
        "--end",
        "2026-11-30",
        "--output",
        str(output),
    )
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(output) as archive:
        archive.extractall(unpacked)

    checked = subprocess.run(
        [str(SHA256SUM), "-c", "SHA256SUMS"], cwd=unpacked, capture_output=True, text=True, check=False
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == 7


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "either --activity or --course"),
        (["--activity", str(USAGE_KEY), "--course", str(COURSE_KEY)], "either --activity or --course"),
        (
            ["--course", str(COURSE_KEY), "--start", "2026-01-01", "--end", "2026-11-30"],
            "longer than 6 months",
        ),
        (["--course", str(COURSE_KEY), "--start", "2026-11-30", "--end", "2026-11-01"], "before the start"),
        (["--activity", "nonsense"], "usage key"),
        (["--activity", str(USAGE_KEY), "--start", "2026-11-01"], "takes no dates"),
    ],
)
def test_bad_arguments_write_nothing(activity, tmp_path, arguments, message):
    output = tmp_path / "pack.zip"
    with pytest.raises(CommandError, match=message):
        call_command("attendance_audit_pack", *arguments, "--output", str(output))
    assert not list(tmp_path.iterdir())
