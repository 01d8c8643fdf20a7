"""Template rendering and JavaScript catalogs for the block, independent of the runtime."""

from __future__ import annotations

import importlib.resources
from typing import Any

from django.template import Context, Template
from django.utils.translation import to_locale


def render_template(name: str, context: dict[str, Any]) -> str:
    """Render ``attendance_xblock/templates/<name>`` with Django's engine (autoescaped, i18n tags)."""
    source = importlib.resources.files("attendance_xblock").joinpath("templates", name).read_text("utf-8")
    return Template(source).render(Context(context))


def translations_js_url(block: Any, language: str | None) -> str | None:
    """The URL of the block's compiled JavaScript catalog for ``language``, if one ships."""
    if not language:
        return None
    for candidate in dict.fromkeys([to_locale(language), to_locale(language).split("_")[0]]):
        uri = f"{block.public_dir}/attendance/js/translations/{candidate}/text.js"
        if importlib.resources.files("attendance_xblock").joinpath(block.resources_dir, uri).is_file():
            return str(block.runtime.local_resource_url(block, uri))
    return None
