"""Certificate pages: download (logged in) and issue from My credits; verify: certificate_verification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance_app import api, clock
from attendance_app.exceptions import AttendanceError


def pdf_response(pdf: bytes, code: str) -> HttpResponse:
    """The PDF as a download named after its (URL-safe) code."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate's PDF, for the learner (per the course's visibility) or the course team."""
    try:
        pdf = api.render_certificate_pdf(request.user.id, code, clock.now())
    except AttendanceError as error:
        return render(
            request,
            "attendance_app/certificates/refused.html",
            {"message": error.message},
            status=error.status_code,
        )
    return pdf_response(pdf, code)


@login_required
@require_POST
def issue(request: HttpRequest) -> HttpResponse:
    """The Download certificate button of My credits: issue the claim's certificate, then download it."""
    try:
        claim_id = int(request.POST.get("claim_id", ""))
    except ValueError:
        messages.error(request, _("Choose a claim."), fail_silently=True)
        return HttpResponseRedirect(reverse("attendance_app:my-credits"))
    try:
        certificate = api.certificate_for(request.user.id, claim_id, clock.now())
    except AttendanceError as error:
        messages.error(request, error.message, fail_silently=True)
        return HttpResponseRedirect(reverse("attendance_app:my-credits"))
    if not certificate["can_download"]:
        messages.info(request, certificate["message"], fail_silently=True)
        return HttpResponseRedirect(reverse("attendance_app:my-credits"))
    return HttpResponseRedirect(reverse("attendance_app:certificate-download", args=[certificate["code"]]))
