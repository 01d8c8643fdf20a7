"""Ties the xblock-sdk workbench's learner (``?student=``) to the signed-in demo user.

The workbench takes the learner from the query string of every page and handler call
(``workbench.views.get_student_id``), whatever the method; the demo's identity comes from the
signed-in session only. So on every workbench page and handler the ``student`` parameter is
replaced by the signed-in user's username, or emptied for an anonymous visitor: an empty name is
no user, so the block sees nobody signed in (without the parameter the workbench would say
"student_1"). Pages opened with another name are redirected to the signed-in user's, so the
address says who is there.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict

WORKBENCH_PAGES = ("/scenario/", "/view/")
WORKBENCH_HANDLERS = ("/handler/", "/aside_handler/")
ANONYMOUS = ""


class WorkbenchLearnerMiddleware:
    """Open workbench pages and call their handlers as the signed-in user, never as ``?student=``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(WORKBENCH_PAGES + WORKBENCH_HANDLERS):
            return self.get_response(request)
        user = request.user
        learner = user.get_username() if user.is_authenticated else ANONYMOUS
        if request.GET.get("student") == learner:
            return self.get_response(request)
        query = request.GET.copy()
        query["student"] = learner
        if request.method == "GET" and request.path.startswith(WORKBENCH_PAGES) and learner:
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        # Both views of the query string: Django's (read by the workbench) and the WSGI one (webob).
        request.GET = QueryDict(query.urlencode())
        request.META["QUERY_STRING"] = query.urlencode()
        return self.get_response(request)
