"""The block's JS/CSS are where the LMS looks for them: in the block's own package.

edx-platform's XBlock pipeline static finder (openedx/core/lib/xblock_pipeline/finder.py) collects
each XBlock class's resources from the package one level above the class's module, under the
class's ``get_resources_dir()``; ``xblock_local_resource_url`` then points the page at
``xblock/resources/<package>/<uri>``. The app's own pages load theirs through Django's finders.
"""

from __future__ import annotations

import importlib.resources
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from attendance_app.assets import APP_PAGE_ASSETS, asset_dir
from attendance_xblock.block import AttendanceXBlock
from tests.attendance_xblock.utils import make_block

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "attendance_app" / "templates"


def pipeline_finder_path(block_class: type, uri: str):
    """Where the LMS's XBlock pipeline finder looks for ``uri`` of ``block_class``."""
    package = block_class.__module__.rsplit(".", 1)[0]
    return importlib.resources.files(package).joinpath(block_class.get_resources_dir(), uri)


def resource_uris(fragment) -> list[str]:
    """The ``uri`` of each URL the block made with runtime.local_resource_url (not the workbench's own)."""
    prefix = reverse("package_resource", args=("attendance", "x")).removesuffix("x")
    return [
        resource.data.removeprefix(prefix)
        for resource in fragment.resources
        if resource.kind == "url" and resource.data.startswith(prefix)
    ]


@pytest.mark.parametrize("view", ["student_view", "studio_view"])
def test_every_resource_of_the_views_ships_in_the_block_package(learner, view):
    block = make_block("learner")

    with translation.override("fr"):
        uris = resource_uris(block.runtime.render(block, view))

    assert "static/attendance/js/server.js" in uris
    assert "static/attendance/js/translations/fr/text.js" in uris
    for uri in uris:
        assert pipeline_finder_path(AttendanceXBlock, uri).is_file(), uri
        assert uri.removeprefix("static/") not in APP_PAGE_ASSETS, uri
        with AttendanceXBlock.open_local_resource(uri) as served:
            assert served.read() == pipeline_finder_path(AttendanceXBlock, uri).read_bytes()


def test_the_app_pages_assets_are_the_ones_their_templates_name():
    named = {
        match
        for template in TEMPLATES.rglob("*.html")
        for match in re.findall(r"{% static '([^']+)' %}", template.read_text("utf-8"))
    }

    assert named == APP_PAGE_ASSETS
    assert all((asset_dir("static") / name).is_file() for name in named)
