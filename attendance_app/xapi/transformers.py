"""xAPI transformers of the app's tracking events, built on event-routing-backends' ``XApiTransformer``.

Imported only by :func:`attendance_app.xapi.registration.register_transformers`, when
event-routing-backends is installed: this module imports it at the top.

Every statement has the learner as its actor (``data.user_id``, turned into an anonymous id by
event-routing-backends), a verb of :data:`attendance_app.xapi.constants.VERBS`, an object (the
attendance block, or a prompt, slot or certificate inside it) and the course as context. The
event's own identifiers go to the context extensions, its outcomes (seconds, units, latency) to
the result.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from event_routing_backends.helpers import get_course_from_id, get_uuid5
from event_routing_backends.processors.xapi import constants as erb_constants
from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry
from event_routing_backends.processors.xapi.transformer import XApiTransformer
from tincan import (
    Activity,
    ActivityDefinition,
    ActivityList,
    ContextActivities,
    Extensions,
    LanguageMap,
    Result,
    Verb,
)

from attendance_app.xapi import constants


class AttendanceTransformer(XApiTransformer):
    """One statement for one ``attendance.*`` event; the object is the attendance block."""

    additional_fields = ("result",)
    #: ``data`` keys copied into the context extensions (identifiers and instants).
    context_fields: tuple[str, ...] = ()
    #: ``data`` keys copied into the result extensions (outcomes).
    result_fields: tuple[str, ...] = ()
    #: ``data`` key holding a duration in seconds, reported as ``result.duration``.
    duration_seconds_field: str | None = None
    #: ``data`` key holding a duration in milliseconds, reported as ``result.duration``.
    duration_ms_field: str | None = None
    #: ``result.success`` of every statement of this kind, or None for none.
    success: bool | None = None

    @property
    def _verb(self) -> Verb:
        # XApiTransformer.get_verb reads ``_verb``; one class serves several events.
        verb = constants.VERBS[self.get_data("name", True)]
        return Verb(id=verb.iri, display=LanguageMap({erb_constants.EN: verb.display}))

    def get_event_id(self) -> Any:
        """A UUID stable across reprocessing, distinct for two events of one learner at one instant.

        Upstream hashes the actor, the timestamp and the verb; a claim can earn several units and
        issue a certificate (both "earned") in the same request, so :meth:`distinct_key` is hashed too.
        """
        name = f"{self.get_actor().to_json()}-{self.get_timestamp()}-{self.distinct_key()}"
        return get_uuid5(self.get_verb().to_json(), name)

    # -- objects -------------------------------------------------------------------------------

    def block_iri(self) -> str:
        return self.get_object_iri("xblock", self.get_data("data.activity_id", True))

    def block_activity(self) -> Activity:
        return Activity(id=self.block_iri(), definition=ActivityDefinition(type=constants.ACTIVITY_MEETING))

    def object_iri(self) -> str:
        return self.block_iri()

    def distinct_key(self) -> str:
        """What tells this statement from another of the same learner, verb and instant."""
        return self.object_iri()

    def get_object(self) -> Activity:
        return self.block_activity()

    def course_activity(self) -> Activity:
        course_id = str(self.get_data("context.course_id") or self.get_data("data.course_id", True))
        course = get_course_from_id(course_id)
        return Activity(
            id=self.get_object_iri("course", course_id),
            definition=ActivityDefinition(
                type=constants.ACTIVITY_COURSE,
                name=LanguageMap({erb_constants.EN_US: course["display_name"]}),
            ),
        )

    def get_context_activities(self) -> ContextActivities:
        return ContextActivities(parent=ActivityList([self.course_activity()]))

    # -- extensions and result -----------------------------------------------------------------

    def _extensions(self, fields: tuple[str, ...]) -> dict[str, Any]:
        values = {}
        for field in fields:
            value = self.get_data(f"data.{field}")
            if value is not None:
                values[constants.extension(field.replace("_", "-"))] = value
        return values

    def get_context_extensions(self) -> Extensions:
        extensions = super().get_context_extensions()
        extensions.update(self._extensions(self.context_fields))
        return extensions

    def _duration(self) -> timedelta | None:
        if self.duration_seconds_field and self.get_data(f"data.{self.duration_seconds_field}") is not None:
            return timedelta(seconds=float(self.get_data(f"data.{self.duration_seconds_field}")))
        if self.duration_ms_field and self.get_data(f"data.{self.duration_ms_field}") is not None:
            return timedelta(milliseconds=float(self.get_data(f"data.{self.duration_ms_field}")))
        return None

    def get_result(self) -> Result | None:
        extensions = self._extensions(self.result_fields)
        duration = self._duration()
        if not extensions and duration is None and self.success is None:
            return None
        return Result(
            success=self.success,
            duration=duration,
            extensions=Extensions(extensions) if extensions else None,
        )


class NestedObjectTransformer(AttendanceTransformer):
    """A statement about something inside the block: the block is its parent, the course groups it."""

    def get_context_activities(self) -> ContextActivities:
        return ContextActivities(
            parent=ActivityList([self.block_activity()]),
            grouping=ActivityList([self.course_activity()]),
        )


class VisitStartedTransformer(AttendanceTransformer):
    context_fields = ("visit_started_at",)


class VisitEndedTransformer(AttendanceTransformer):
    context_fields = ("visit_started_at", "visit_ended_at")
    result_fields = ("seconds",)
    duration_seconds_field = "seconds"


class PromptTransformer(NestedObjectTransformer):
    """Prompt shown or missed: the object is the presence prompt."""

    context_fields = ("prompt_id", "deadline")

    def object_iri(self) -> str:
        return f"{self.block_iri()}/prompt/{self.get_data('data.prompt_id', True)}"

    def get_object(self) -> Activity:
        return Activity(
            id=self.object_iri(),
            definition=ActivityDefinition(
                type=constants.ACTIVITY_INTERACTION,
                name=LanguageMap({erb_constants.EN: "Presence prompt"}),
                interaction_type="other",
            ),
        )


class PromptAnsweredTransformer(PromptTransformer):
    result_fields = ("latency_ms",)
    duration_ms_field = "latency_ms"
    success = True


class PromptMissedTransformer(PromptTransformer):
    success = False


class UnitsEarnedTransformer(AttendanceTransformer):
    # ``units`` stays a decimal string: credit hours are exact to the hundredth.
    result_fields = ("unit_acronym", "units", "seconds")
    duration_seconds_field = "seconds"

    def distinct_key(self) -> str:
        # One visit can earn CEU and CPE at the same instant: two statements.
        return f"{self.block_iri()}#units-{self.get_data('data.unit_acronym', True)}"


class CreditsTransformer(AttendanceTransformer):
    context_fields = ("claim_id",)
    result_fields = ("unit_acronym", "units")

    def distinct_key(self) -> str:
        # Two claims of one learner on one block are two statements.
        return f"{self.block_iri()}#claim-{self.get_data('data.claim_id', True)}"


class CertificateTransformer(NestedObjectTransformer):
    """Certificate issued, downloaded or revoked: the object is the certificate."""

    context_fields: tuple[str, ...] = ("certificate_id", "verification_code")

    def object_iri(self) -> str:
        return self.get_object_iri("attendance/certificate", self.get_data("data.certificate_id", True))

    def get_object(self) -> Activity:
        return Activity(
            id=self.object_iri(),
            definition=ActivityDefinition(
                type=constants.ACTIVITY_CERTIFICATE,
                name=LanguageMap({erb_constants.EN: "Attendance certificate"}),
            ),
        )


class CertificateReissuedTransformer(CertificateTransformer):
    """Certificate reissued: the object is the new certificate; the context names the one it replaces."""

    context_fields = ("certificate_id", "verification_code", "previous_verification_code")


class SlotTransformer(AttendanceTransformer):
    """Classroom slot events: the object is the block; the slot's fields go to the context."""

    context_fields = ("slot_id", "starts_at", "ends_at", "status", "marked_by")


#: The transformer of each event (every name of :data:`constants.XAPI_EVENT_NAMES`).
TRANSFORMERS: dict[str, type[AttendanceTransformer]] = {
    constants.VISIT_STARTED: VisitStartedTransformer,
    constants.VISIT_ENDED: VisitEndedTransformer,
    constants.PROMPT_SHOWN: PromptTransformer,
    constants.PROMPT_ANSWERED: PromptAnsweredTransformer,
    constants.PROMPT_MISSED: PromptMissedTransformer,
    constants.UNITS_EARNED: UnitsEarnedTransformer,
    constants.CREDITS_CLAIMED: CreditsTransformer,
    constants.CREDITS_REVOKED: CreditsTransformer,
    constants.CERTIFICATE_ISSUED: CertificateTransformer,
    constants.CERTIFICATE_DOWNLOADED: CertificateTransformer,
    constants.CERTIFICATE_REVOKED: CertificateTransformer,
    constants.CERTIFICATE_REISSUED: CertificateReissuedTransformer,
    constants.SLOT_REGISTERED: SlotTransformer,
    constants.SLOT_UNREGISTERED: SlotTransformer,
    constants.SLOT_PROMOTED: SlotTransformer,
    constants.SLOT_MARKED: SlotTransformer,
    constants.SLOT_CHECKED_IN: SlotTransformer,
}


def register() -> None:
    """Register every transformer with event-routing-backends' xAPI registry (idempotent)."""
    for event_name, transformer in TRANSFORMERS.items():
        XApiTransformersRegistry.register(event_name)(transformer)
