"""Ties the xblock-sdk workbench's learner (``?student=``) to the signed-in demo user."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

WORKBENCH_PAGES = ("/scenario/", "/view/")


class WorkbenchLearnerMiddleware:
    """Open workbench pages as the signed-in user, so the block sees who is really there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            request.method == "GET"
            and request.path.startswith(WORKBENCH_PAGES)
            and user.is_authenticated
            and request.GET.get("student") != user.get_username()
        ):
            query = request.GET.copy()
            query["student"] = user.get_username()
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return self.get_response(request)
