"""The Attendance XBlock.

It stays thin: fields for Studio, views that render templates, and handlers that call
:mod:`attendance_app.api`. The block never touches the ORM or edx-platform directly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from opaque_keys.edx.keys import UsageKey
from web_fragments.fragment import Fragment
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import DateTime, Scope, String

from attendance_app import api
from attendance_app.api.completion import COMPLETE, completion_due
from attendance_app.exceptions import InvalidInput
from attendance_app.models import ActivityMode, DeliveryMethod, MissedPromptPolicy
from attendance_app.platform import get_backend
from attendance_app.render_memo import view_reads
from attendance_xblock.classroom_handlers import ClassroomEditorHandlers
from attendance_xblock.editor import (
    author_slots,
    claim_args,
    classroom_args,
    editor_state,
    learner_panel,
    presence_args,
)
from attendance_xblock.handlers import json_api_handler
from attendance_xblock.rendering import dom_id_prefix, init_args_script, render_template, translations_js_url
from attendance_xblock.scenarios import SCENARIOS


@XBlock.needs("user")
@XBlock.wants("i18n")
@XBlock.wants("completion")
class AttendanceXBlock(ClassroomEditorHandlers, XBlock):
    """Credits learners for verified attendance in a live, recorded or classroom session."""

    # Resources are this package's ``static/`` folder (``resources_dir`` stays XBlock's ""): what
    # XBlock's open_local_resource serves and the LMS's XBlock pipeline static finder collects.
    public_dir = "static"
    i18n_js_namespace = "AttendanceI18N"
    # Complete when the credit rule is met (attendance_app.api.completion), not after 5 s on the page.
    has_custom_completion = True
    completion_mode = XBlockCompletionMode.COMPLETABLE
    # Studio's preview renders author_view, which starts no presence, instead of student_view.
    has_author_view = True

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

    video_url = String(
        display_name=gettext_noop("Video URL"),
        help=gettext_noop(
            "An HTML5 video for a recorded session: credit counts the distinct seconds played."
        ),
        scope=Scope.settings,
        default="",
    )
    delivery_method = String(
        display_name=gettext_noop("Delivery method"),
        help=gettext_noop("Printed on certificates; empty: the default of the session mode."),
        scope=Scope.settings,
        values=["", *DeliveryMethod.values],
        default="",
    )

    editable_fields = (
        "display_name",
        "mode",
        "live_start",
        "live_end",
        "missed_prompt_policy",
        "external_id",
        "video_url",
        "delivery_method",
    )

    @staticmethod
    def workbench_scenarios() -> list[tuple[str, str]]:
        """Scenarios for the xblock-sdk workbench (the demo)."""
        return list(SCENARIOS)

    # Views ------------------------------------------------------------------------------------

    def student_view(self, context: dict[str, Any] | None = None) -> Fragment:
        """The learner's session panel; nothing that credits while tracking is off."""
        # One read per fact for the whole rendering: switches, enrollment, activity, rules (ADR 0027).
        with view_reads():
            return self._student_view()

    def _student_view(self) -> Fragment:
        backend = get_backend()
        usage_key = backend.usage_key_for_block(self)
        user_id = backend.user_id_for_block(self)
        page = {
            "ids": dom_id_prefix(usage_key),
            "display_name": self.display_name,
            "mode_label": ActivityMode(self.mode).label if self.mode in ActivityMode.values else self.mode,
            "live_start": self.live_start,
            "live_end": self.live_end,
            "is_logged_in": user_id is not None,
            **learner_panel(user_id, usage_key, author_only_if_disabled=True),
        }
        is_classroom = self.mode == ActivityMode.CLASSROOM
        presence = presence_args(user_id, usage_key) if page["enabled"] else None
        # A classroom has no presence to report (marks credit it) but its credit is claimed here too.
        claimable = presence is not None or (is_classroom and page["enabled"])
        claim = claim_args(user_id, usage_key, page["rules"]) if claimable else None
        classroom = classroom_args(usage_key) if is_classroom and user_id else None
        page.update(
            presence=presence,
            claim=claim,
            classroom=classroom,
            my_credits_url=reverse("attendance_app:my-credits"),
        )
        js_args = {"usage_key": str(usage_key), "presence": presence, "claim": claim, "classroom": classroom}
        self._publish_completion_if_due(user_id, usage_key)
        return self._fragment("student.html", page, "AttendanceBlock", js_args)

    def author_view(self, context: dict[str, Any] | None = None) -> Fragment:
        """Studio's preview: the session, its slots and credit rules; it starts no presence."""
        backend = get_backend()
        usage_key = backend.usage_key_for_block(self)
        panel = learner_panel(backend.user_id_for_block(self), usage_key)
        is_classroom = self.mode == ActivityMode.CLASSROOM
        page = {
            "ids": dom_id_prefix(usage_key),
            "display_name": self.display_name,
            "mode_label": ActivityMode(self.mode).label if self.mode in ActivityMode.values else self.mode,
            "is_classroom": is_classroom,
            "live_start": self.live_start,
            "live_end": self.live_end,
            "enabled": panel["enabled"],
            "rules": panel["rules"] if panel["is_author"] else [],
            "evidence_url": reverse("attendance_app:activity-evidence-page", args=[str(usage_key)])
            if panel["is_author"]
            else "",
            "slots": author_slots(backend.user_id_for_block(self), usage_key) if is_classroom else [],
            "classroom_url": reverse("attendance_app:classroom-slots", args=[str(usage_key)]),
        }
        fragment = Fragment(render_template("author.html", page))
        fragment.add_css_url(self.runtime.local_resource_url(self, "static/attendance/css/attendance.css"))
        return fragment

    def _publish_completion_if_due(self, user_id: int | None, usage_key: UsageKey) -> None:
        """Inside the runtime: publish completion for a learner who met the rule and has no record yet.

        The beat path reports the crossing itself; this covers learners who met the rule before the
        block was completable, or whose completion write failed.
        """
        service = self.runtime.service(self, "completion")
        if service is None or user_id is None or not service.completion_tracking_enabled():
            return
        if service.get_completions([usage_key]).get(usage_key, 0.0) >= COMPLETE:
            return
        if completion_due(user_id, usage_key):
            self.runtime.publish(self, "completion", {"completion": COMPLETE})

    def studio_view(self, context: dict[str, Any] | None = None) -> Fragment:
        """The author's editor: session settings, the course switch and the credit units."""
        usage_key = get_backend().usage_key_for_block(self)
        page = {
            "evidence_url": reverse("attendance_app:activity-evidence-page", args=[str(usage_key)]),
            "fields": {name: getattr(self, name) for name in self.editable_fields},
            "modes": ActivityMode.choices,
            "policies": MissedPromptPolicy.choices,
            "delivery_methods": DeliveryMethod.choices,
        }
        return self._fragment("studio.html", page, "AttendanceStudio", {})

    def _fragment(
        self, template: str, page: dict[str, Any], js_class: str, js_args: dict[str, Any]
    ) -> Fragment:
        # Element ids unique per block (two blocks on a page); the JS arguments escaped on our side.
        page["ids"] = dom_id_prefix(get_backend().usage_key_for_block(self))
        # server.js reads the CSRF cookie under the name the platform configures (CSRF_COOKIE_NAME).
        js_args = {**js_args, "csrf_cookie_name": settings.CSRF_COOKIE_NAME}
        fragment = Fragment(render_template(template, page) + init_args_script(js_args))
        fragment.add_css_url(self.runtime.local_resource_url(self, "static/attendance/css/attendance.css"))
        catalog_url = translations_js_url(self, translation.get_language())
        if catalog_url:
            fragment.add_javascript_url(catalog_url)
        # The learner's view also loads the presence helpers (meter, prompt dialog, played ranges).
        helpers = ["presence.js", "claim.js", "classroom.js"] if template == "student.html" else []
        if template == "studio.html":
            helpers = [
                "studio_slots.js",
                "studio_classroom_csv.js",
                "studio_classroom_statuses.js",
                "studio_classroom_settings.js",
            ]
        for script in ["server.js", *helpers, f"{template[:-5]}.js"]:
            url = self.runtime.local_resource_url(self, f"static/attendance/js/{script}")
            fragment.add_javascript_url(url)
        fragment.initialize_js(js_class)
        return fragment

    # Handlers ---------------------------------------------------------------------------------

    @json_api_handler
    def save_settings(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """Validate the editor's values through the app, then keep them on the block."""
        saved = api.configure_activity(user_id, usage_key, data)
        for name, value in vars(saved).items():
            setattr(self, name, value)
        return {"saved": saved.as_json(), **editor_state(user_id, usage_key)}

    @json_api_handler
    def load_editor(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """The editor's switches, rules, units and quizzes."""
        return editor_state(user_id, usage_key)

    @json_api_handler
    def add_rule(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """Award a unit (optionally behind a quiz and Min Grade)."""
        api.add_rule(user_id, usage_key, data)
        return editor_state(user_id, usage_key)

    @json_api_handler
    def remove_rule(self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey) -> dict[str, Any]:
        """Stop awarding a unit."""
        rule_id = data.get("rule_id")
        if isinstance(rule_id, bool) or not isinstance(rule_id, int):
            raise InvalidInput(_("Choose the rule to remove."))
        api.remove_rule(user_id, usage_key, rule_id)
        return editor_state(user_id, usage_key)

    @json_api_handler
    def set_course_switch(
        self, data: dict[str, Any], user_id: int | None, usage_key: UsageKey
    ) -> dict[str, Any]:
        """Turn attendance tracking on or off for this block's course run."""
        api.set_course_switch(user_id, usage_key.course_key, data.get("enabled"))
        return editor_state(user_id, usage_key)
