"""Template rendering and JavaScript catalogs for the block, independent of the runtime."""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template import Context, Engine
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import to_locale

#: The characters that could end a ``<script>`` element or open a comment or an entity inside it;
#: escaped as JSON ``\\uXXXX`` sequences, exactly as Django's ``json_script`` does.
_HTML_UNSAFE_IN_JSON = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

#: The class of the element that carries the block's JavaScript arguments (see ADR 0011).
INIT_ARGS_CLASS = "attendance-init-args"


def json_for_html(value: Any) -> str:
    """``value`` as JSON that is safe anywhere in an HTML page, inside ``<script>`` too."""
    return json.dumps(value, cls=DjangoJSONEncoder).translate(_HTML_UNSAFE_IN_JSON)


def init_args_script(value: Any) -> SafeString:
    """The block's JavaScript arguments as a ``<script type="application/json">`` the block's JS reads.

    The runtimes write ``Fragment.initialize_js`` arguments with a bare ``json.dumps`` (XBlock's
    ``Runtime._wrap_ele``, hence the workbench and the Learning Core runtime), so author text there
    could close the element; this element is escaped on our side whatever the runtime does.
    """
    return format_html(
        '<script type="application/json" class="{}">{}</script>',
        INIT_ARGS_CLASS,
        mark_safe(json_for_html(value)),  # noqa: S308 - json_for_html escaped <, > and &
    )


def dom_id_prefix(usage_key: Any) -> str:
    """A prefix for the element ids of one block, so that two blocks on a page never share an id."""
    return "attendance-" + hashlib.sha256(str(usage_key).encode()).hexdigest()[:12]


@functools.cache
def _engine() -> Engine:
    """A Django template engine of the block's own templates (autoescaped), whatever the host's are.

    The block's folder is not a Django app's in the LMS, so the host's loaders do not see it; its
    own engine lets its templates ``{% include %}`` each other.
    """
    return Engine(
        dirs=[str(importlib.resources.files("attendance_xblock").joinpath("templates"))],
        libraries={"i18n": "django.templatetags.i18n"},
    )


def render_template(name: str, context: dict[str, Any]) -> str:
    """Render ``attendance_xblock/templates/<name>`` with Django's engine (autoescaped, i18n tags)."""
    return _engine().get_template(name).render(Context(context))


def translations_js_url(block: Any, language: str | None) -> str | None:
    """The URL of the block's compiled JavaScript catalog for ``language``, if one ships."""
    if not language:
        return None
    for candidate in dict.fromkeys([to_locale(language), to_locale(language).split("_")[0]]):
        uri = f"{block.public_dir}/attendance/js/translations/{candidate}/text.js"
        if importlib.resources.files("attendance_xblock").joinpath(block.resources_dir, uri).is_file():
            return str(block.runtime.local_resource_url(block, uri))
    return None
