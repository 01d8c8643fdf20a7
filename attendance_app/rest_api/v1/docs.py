"""The API's front door: a JSON index at ``/api/attendance/v1/``, Swagger UI at ``docs/``, JSON 404s.

Swagger UI's files come from the ``drf-spectacular-sidecar`` package (no CDN). They are served
by :class:`DocsAssetView` straight from that package, because the plugin cannot add the sidecar
to the LMS's ``INSTALLED_APPS`` (see docs/decisions/0009-bad-input-and-api-docs.md).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

import drf_spectacular_sidecar
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from attendance_app.assets import asset_dir

SWAGGER_UI_DIR = (
    Path(drf_spectacular_sidecar.__file__).resolve().parent / "static/drf_spectacular_sidecar/swagger-ui-dist"
)
# The only files the docs page loads: name in the URL → file on disk.
DOCS_ASSETS = {
    **{
        name: SWAGGER_UI_DIR / name
        for name in (
            "swagger-ui.css",
            "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js",
            "favicon-32x32.png",
        )
    },
    "api-docs.js": asset_dir("static") / "attendance" / "js" / "api-docs.js",
}
API_VERSION = "1.0.0"


def _absolute(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return request.build_absolute_uri(reverse(f"attendance_app:{name}", kwargs=kwargs or None))


@require_safe
def api_index(request: HttpRequest) -> JsonResponse:
    """What this API is and where its schema, docs and main collections are."""
    return JsonResponse(
        {
            "name": "Attendance & Credits API",
            "version": API_VERSION,
            "links": {
                "schema": _absolute(request, "schema"),
                "docs": _absolute(request, "api-docs"),
                "units": _absolute(request, "api-unit-list"),
                "unit_templates": _absolute(request, "api-unit-templates"),
                "my_credits": _absolute(request, "api-my-credits"),
                "site_switch": _absolute(request, "switch-site"),
            },
        }
    )


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI over ``schema/``; "Try it out" uses the browser's session and CSRF cookie."""
    return render(
        request,
        "attendance_app/api_docs.html",
        {
            "schema_url": reverse("attendance_app:schema"),
            "assets": reverse("attendance_app:api-docs") + "assets/",
            "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        },
    )


@require_safe
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """One of :data:`DOCS_ASSETS`, cached for a day; any other name is a 404."""
    path = DOCS_ASSETS.get(name)
    if path is None or not path.is_file():
        raise Http404(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@csrf_exempt  # it reads and changes nothing; a server's POST to a wrong address learns it is wrong
def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under the API: the API's JSON error, not the site's HTML 404 page."""
    return JsonResponse(
        {"error": "not_found", "message": _("There is no such API address. The index lists them.")},
        status=404,
    )
