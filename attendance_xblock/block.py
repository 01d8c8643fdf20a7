"""The Attendance XBlock.

It stays thin: fields for Studio, views that render templates, and handlers that call
:mod:`attendance_app.api`. The block never touches the ORM or edx-platform directly.
"""

from __future__ import annotations

import json
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from web_fragments.fragment import Fragment
from webob import Response
from xblock.core import XBlock
from xblock.fields import DateTime, Scope, String

from attendance_app import api
from attendance_app.assets import asset_dir
from attendance_app.exceptions import AttendanceError
from attendance_app.models import ActivityMode, MissedPromptPolicy
from attendance_app.platform import get_backend
from attendance_xblock.rendering import render_template, translations_js_url


@XBlock.needs("user")
@XBlock.wants("i18n")
class AttendanceXBlock(XBlock):
    """Credits learners for verified attendance in a live, recorded or classroom session."""

    public_dir = "static"
    i18n_js_namespace = "AttendanceI18N"

    display_name = String(
        display_name=gettext_noop("Display name"),
        help=gettext_noop("The name learners see above the session."),
        scope=Scope.settings,
        default=gettext_noop("Attendance"),
    )
    mode = String(
        display_name=gettext_noop("Session mode"),
        help=gettext_noop(
            "Live: a start and end time. Recorded: from a start time on. Classroom: dated slots."
        ),
        scope=Scope.settings,
        values=[choice.value for choice in ActivityMode],
        default=ActivityMode.RECORDED.value,
    )
    live_start = DateTime(
        display_name=gettext_noop("Start"),
        help=gettext_noop("When the session starts (live) or becomes available (recorded)."),
        scope=Scope.settings,
        default=None,
    )
    live_end = DateTime(
        display_name=gettext_noop("End"),
        help=gettext_noop("When the live session ends. Time counts only between start and end."),
        scope=Scope.settings,
        default=None,
    )
    missed_prompt_policy = String(
        display_name=gettext_noop("Missed presence prompt"),
        help=gettext_noop(
            "Strict discards the time since the last confirmed prompt; lenient keeps it flagged."
        ),
        scope=Scope.settings,
        values=[choice.value for choice in MissedPromptPolicy],
        default=MissedPromptPolicy.STRICT.value,
    )
    external_id = String(
        display_name=gettext_noop("External activity id"),
        help=gettext_noop("Sent to external credit systems as {{activityExtId}}."),
        scope=Scope.settings,
        default="",
    )

    editable_fields = (
        "display_name",
        "mode",
        "live_start",
        "live_end",
        "missed_prompt_policy",
        "external_id",
    )

    # Resources --------------------------------------------------------------------------------

    @classmethod
    def _open_resource(cls, uri: str) -> IO[bytes]:
        # open_local_resource has vetted ``uri``; the files ship in attendance_app's static folder.
        return (asset_dir("static") / uri.removeprefix(cls.public_dir + "/")).open("rb")

    # Views ------------------------------------------------------------------------------------

    def student_view(self, context: dict[str, Any] | None = None) -> Fragment:
        """The learner's session panel."""
        backend = get_backend()
        usage_key = backend.usage_key_for_block(self)
        page = {
            "display_name": self.display_name,
            "mode": self.mode,
            "mode_label": ActivityMode(self.mode).label if self.mode in ActivityMode.values else self.mode,
            "live_start": self.live_start,
            "live_end": self.live_end,
            "is_logged_in": backend.user_id_for_block(self) is not None,
        }
        return self._fragment("student.html", page, "AttendanceBlock", {"usage_key": str(usage_key)})

    def studio_view(self, context: dict[str, Any] | None = None) -> Fragment:
        """The author's editor."""
        page = {
            "fields": {name: getattr(self, name) for name in self.editable_fields},
            "modes": ActivityMode.choices,
            "policies": MissedPromptPolicy.choices,
        }
        return self._fragment("studio.html", page, "AttendanceStudio", {})

    def _fragment(
        self, template: str, page: dict[str, Any], js_class: str, js_args: dict[str, Any]
    ) -> Fragment:
        fragment = Fragment(render_template(template, page))
        fragment.add_css_url(self.runtime.local_resource_url(self, "static/attendance/css/attendance.css"))
        catalog_url = translations_js_url(self, translation.get_language())
        if catalog_url:
            fragment.add_javascript_url(catalog_url)
        fragment.add_javascript_url(self.runtime.local_resource_url(self, "static/attendance/js/server.js"))
        fragment.add_javascript_url(
            self.runtime.local_resource_url(self, f"static/attendance/js/{template[:-5]}.js")
        )
        fragment.initialize_js(js_class, js_args)
        return fragment

    # Handlers ---------------------------------------------------------------------------------

    @XBlock.handler
    def save_settings(self, request: Any, suffix: str = "") -> Response:
        """Validate the editor's values through the app, then keep them on the block."""
        try:
            data = json.loads(request.body.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError
        except (UnicodeDecodeError, ValueError):
            return _json_response({"error": "invalid_input", "message": _("Send a JSON object.")}, 400)
        backend = get_backend()
        try:
            saved = api.configure_activity(
                backend.user_id_for_block(self), backend.usage_key_for_block(self), data
            )
        except AttendanceError as error:
            return _json_response(error.as_dict(), error.status_code)
        for name, value in vars(saved).items():
            setattr(self, name, value)
        return _json_response({"saved": saved.as_json()}, 200)


def _json_response(body: dict[str, Any], status: int) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json", charset="utf-8")
