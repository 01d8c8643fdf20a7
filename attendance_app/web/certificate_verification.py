"""The public verify page: a code's state (valid, revoked on, reissued as), its JSON form, a PDF check.

Public and cheap: a code's answer costs a fixed number of queries and the JSON form may be cached
by the browser and proxies for a minute. Nothing but what the page shows goes out (ADR 0022).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from attendance_app import api
from attendance_app.api.certificate_verification import MAX_PDF_BYTES
from attendance_app.exceptions import AttendanceError, InvalidInput

TEMPLATE = "attendance_app/certificates/verify.html"
JSON_MAX_AGE = 60  # seconds: a revocation shows within a minute


def _unknown_message(code: str) -> str:
    return _(
        "No certificate has the verification code “{code}”. Check the code printed on the certificate."
    ).format(code=code)


def _error_message(error: AttendanceError) -> str:
    if isinstance(error, InvalidInput) and error.field_errors:
        return " ".join(message for messages in error.field_errors.values() for message in messages)
    return error.message


def _page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("max_pdf_megabytes", MAX_PDF_BYTES // (1024 * 1024))
    return render(request, TEMPLATE, context, status=status)


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def _json(body: dict[str, Any], status: int) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={JSON_MAX_AGE}"
    return response


def _json_answer(code: str) -> JsonResponse:
    answer = api.verify(code)
    if answer is None:
        return _json({"error": "not_found", "message": _unknown_message(code)}, 404)
    return _json(api.public_answer(answer), 200)


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: a code's state and the certificate's public details; JSON when the client asks for it."""
    if _wants_json(request):
        return _json_answer(code)
    answer = api.verify(code)
    if answer is None:
        return _page(request, 404, code=code, error=_unknown_message(code))
    return _page(request, certificate=answer, code=code)


@require_GET
def verify_json(request: HttpRequest, code: str) -> HttpResponse:
    """Public: the JSON form of :func:`verify` (``/verify/<code>.json``)."""
    return _json_answer(code)


@require_http_methods(["GET", "POST"])
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """Public: the form to type a code (GET ``?code=``) and the form to check an uploaded PDF (POST).

    A typed code goes to its page; a malformed one is refused here (400) with what a code looks like.
    The upload is checked with the normal CSRF protection, at most 5 MB, a PDF by type and bytes.
    """
    if request.method == "POST":
        try:
            result = api.check_pdf(request.FILES.get("pdf"))
        except AttendanceError as error:
            return _page(request, error.status_code, upload_error=_error_message(error))
        return _page(request, check=result, certificate=result["certificate"])
    if "code" not in request.GET:
        return _page(request)
    try:
        code = api.parse_code(request.GET["code"])
    except AttendanceError as error:
        return _page(request, error.status_code, code=request.GET["code"][:64], error=_error_message(error))
    return HttpResponseRedirect(reverse("attendance_app:certificate-verify", args=[code]))
