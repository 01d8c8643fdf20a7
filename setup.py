"""Packaging for Attendance & Credits for Open edX.

``static/`` and ``locale/`` live at the top of the repository and are mapped into the packages
when they are built (``attendance_app/assets.py`` says which file goes where):

* the block's JavaScript, CSS and JavaScript catalogs into ``attendance_xblock/static``, where the
  LMS's XBlock pipeline static finder and XBlock's ``open_local_resource`` look for them;
* the app's own pages' CSS and JavaScript into ``attendance_app/static``, for Django's app finder;
* ``locale/`` into ``attendance_app/locale``.
"""

import runpy
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = "0.1.0"

# Read without importing the package (its __init__ may need Django): the module uses the stdlib only.
APP_PAGE_ASSETS = runpy.run_path(str(HERE / "attendance_app" / "assets.py"))["APP_PAGE_ASSETS"]

# Packaged asset folders: package name -> folder in the repository.
ASSET_PACKAGES = {
    "attendance_app.static": "static",
    "attendance_app.locale": "locale",
    "attendance_xblock.static": "static",
}

INSTALL_REQUIRES = [
    "Django>=5.2,<6",
    "XBlock>=5.2,<7",
    "djangorestframework>=3.16,<4",
    "drf-spectacular>=0.28,<1",
    "drf-spectacular-sidecar>=2024.1",
    "celery>=5.4,<6",
    "edx-opaque-keys>=2.10",
    "openedx-events>=9.0",
    "edx-django-utils>=7.0",
    "reportlab>=4.0",
    "Pillow>=9",  # sponsor images are checked by their content (reportlab needs it too)
    "segno>=1.6",
    "openpyxl>=3.1,<4",
]

EXTRAS_REQUIRE = {
    "test": [
        "pytest>=8",
        "pytest-django>=4.9",
        "pytest-cov>=5",
        "factory-boy>=3.3",
        "hypothesis>=6.100",
        "xblock-sdk>=0.15,<1",
        "redis>=5",
        "build>=1.2",
        "playwright>=1.45",
        "polib>=1.2",
        "pypdf>=4",
        "schemathesis>=4.3,<5",
        "event-tracking>=3.0",
        "tqdm>=4.60",
    ],
    "mysql": ["mysqlclient>=2.2"],
    # Only for `make bench` (tests/bench/): the project is measured under a real WSGI server.
    "bench": ["gunicorn>=22", "django-redis>=5.4"],  # django-redis: Tutor's cache backend for the LMS
    # Only for `make test-xapi`: an Open edX with Aspects brings its own event-routing-backends.
    "xapi": ["edx-event-routing-backends>=9"],
    "dev": [
        "ruff>=0.6",
        "mypy>=1.11",
        "django-stubs>=5.1",
        "djangorestframework-stubs>=3.15",
        "xblock-sdk>=0.15,<1",
    ],
}


def _asset_files(folder: str) -> list[str]:
    root = HERE / folder
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def _package_data(package: str) -> list[str]:
    files = _asset_files(ASSET_PACKAGES[package])
    if package == "attendance_app.static":
        return [name for name in files if name in APP_PAGE_ASSETS]
    if package == "attendance_xblock.static":
        return [name for name in files if name not in APP_PAGE_ASSETS]
    return files


setup(
    name="openedx-attendance-credits",
    version=VERSION,
    description="Attendance & Credits for Open edX: verified attendance, CEU/CPE credits and reports.",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    python_requires=">=3.12",
    packages=find_packages(
        include=["attendance_app", "attendance_app.*", "attendance_xblock", "attendance_xblock.*"]
    )
    + list(ASSET_PACKAGES),
    package_dir=dict(ASSET_PACKAGES),
    package_data={
        "attendance_app": ["templates/**/*", "certificates/fonts/*"],
        "attendance_xblock": ["templates/**/*"],
        **{name: _package_data(name) for name in ASSET_PACKAGES},
    },
    include_package_data=False,
    install_requires=INSTALL_REQUIRES,
    extras_require=EXTRAS_REQUIRE,
    entry_points={
        "xblock.v1": ["attendance = attendance_xblock.block:AttendanceXBlock"],
        "lms.djangoapp": ["attendance_app = attendance_app.apps:AttendanceAppConfig"],
        "cms.djangoapp": ["attendance_app = attendance_app.apps:AttendanceAppConfig"],
        "openedx.course_tab": ["attendance_credits = attendance_app.platform.course_tab:AttendanceCourseTab"],
    },
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3.12",
    ],
    zip_safe=False,
)
