"""The built wheel, installed (not editable) into a fresh virtual environment, is complete."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    if (
        os.environ.get("ATTENDANCE_SKIP_WHEEL") == "1"
        and os.environ.get("ATTENDANCE_REQUIRE_SERVICES") != "1"
    ):
        pytest.skip("ATTENDANCE_SKIP_WHEEL=1: the wheel test was switched off for this run")
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(ROOT)],
        check=True,
        cwd=work,
    )
    (wheel,) = (work / "dist").glob("openedx_attendance_credits-*.whl")
    venv.create(work / "env", with_pip=True)
    python = work / "env" / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(wheel)], check=True, cwd=work)
    probe = subprocess.run(
        [python, str(ROOT / "tests" / "packaging" / "wheel_probe.py")],
        check=True,
        cwd=work,
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(work)},
    )
    return json.loads(probe.stdout.strip().splitlines()[-1]), work / "env"


def test_package_is_imported_from_the_environment_not_the_checkout(installed):
    report, env = installed

    assert report["package_file"].startswith(str(env))
    assert not report["package_file"].startswith(str(ROOT) + "/attendance_app")


def test_entry_points_load(installed):
    report, _ = installed

    assert report["block"] == "AttendanceXBlock"
    assert report["lms_app"] == ["attendance_app.apps:AttendanceAppConfig"]
    assert report["cms_app"] == ["attendance_app.apps:AttendanceAppConfig"]


def test_static_files_ship_inside_the_package(installed):
    report, env = installed

    assert report["static_dir"].startswith(str(env))
    assert report["student_js"].startswith("/* Learner view")
    assert report["fr_js_catalog"] is True


def test_translations_ship_and_load(installed):
    report, env = installed

    assert report["locale_dir"].startswith(str(env))
    assert report["french"] == "Certains paramètres ne sont pas valides ; rien n’a été enregistré."
