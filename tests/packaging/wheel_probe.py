"""Run inside a fresh virtual environment where only the built wheel is installed.

Prints one JSON object describing what the installed distribution provides.
"""

import importlib.resources
import json
import sys
from importlib.metadata import entry_points

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "attendance_app"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    USE_I18N=True,
    LANGUAGE_CODE="en",
    ATTENDANCE_PLATFORM_BACKEND="attendance_app.platform.openedx.OpenEdxBackend",
)
django.setup()

from django.utils import translation  # noqa: E402

import attendance_app  # noqa: E402
from attendance_app.assets import asset_dir  # noqa: E402
from attendance_app.certificates import fonts  # noqa: E402


def package_files(package: str, folder: str) -> list[str]:
    """Every file under ``folder`` of the installed ``package``, read through importlib.resources."""
    found = []
    pending = [("", importlib.resources.files(package).joinpath(folder))]
    while pending:
        prefix, directory = pending.pop()
        if not directory.is_dir():
            continue
        for entry in directory.iterdir():
            if entry.is_dir():
                pending.append((f"{prefix}{entry.name}/", entry))
            else:
                found.append(f"{prefix}{entry.name}")
    return sorted(found)


(block_ep,) = [ep for ep in entry_points(group="xblock.v1") if ep.name == "attendance"]
block_class = block_ep.load()
with translation.override("fr"):
    french = str(translation.gettext("Some settings are not valid; nothing was saved."))
print(
    json.dumps(
        {
            "package_file": attendance_app.__file__,
            "sys_prefix": sys.prefix,
            "block": block_class.__name__,
            "lms_app": [
                ep.value for ep in entry_points(group="lms.djangoapp") if ep.name == "attendance_app"
            ],
            "cms_app": [
                ep.value for ep in entry_points(group="cms.djangoapp") if ep.name == "attendance_app"
            ],
            "student_js": block_class.open_local_resource("static/attendance/js/student.js")
            .read(40)
            .decode(),
            "block_static": package_files("attendance_xblock", "static"),
            "block_static_file": str(importlib.resources.files("attendance_xblock").joinpath("static")),
            "app_static": package_files("attendance_app", "static"),
            "static_dir": str(asset_dir("static")),
            "locale_dir": str(asset_dir("locale")),
            "french": french,
            "certificate_fonts": package_files("attendance_app", "certificates/fonts"),
            "certificate_font_file": str(fonts.REGULAR_FILE),
            "certificate_covers": fonts.printable("Zoë Łukasz Ωμέγα Жанна"),
        }
    )
)
