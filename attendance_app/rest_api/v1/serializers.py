"""Serializers: the shapes the API documents. Validation of meaning lives in ``attendance_app.api``."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from attendance_app import api
from attendance_app.models import (
    AUTOMATIC_FREQUENCY,
    ActivityMode,
    CreditIncrement,
    CreditUnit,
    DeliveryMethod,
    ManagedBy,
    MissedPromptPolicy,
    Rounding,
)
from attendance_app.models.units import POPUP_SECONDS_CHOICES


class ActivitySettingsSerializer(serializers.Serializer):
    """The settings of one activity (an Attendance block placement)."""

    display_name = serializers.CharField(max_length=255)
    mode = serializers.ChoiceField(choices=ActivityMode.choices)
    live_start = serializers.DateTimeField(allow_null=True, required=False)
    live_end = serializers.DateTimeField(allow_null=True, required=False)
    missed_prompt_policy = serializers.ChoiceField(choices=MissedPromptPolicy.choices, required=False)
    external_id = serializers.CharField(max_length=255, allow_blank=True, required=False)
    delivery_method = serializers.ChoiceField(
        choices=[("", "Default of the mode"), *DeliveryMethod.choices],
        allow_blank=True,
        required=False,
        help_text=(
            "Printed on certificates. Empty: the default of the mode (live: Group Internet Based, "
            "classroom: Group Live, recorded: QAS Self Study)."
        ),
    )


class ErrorSerializer(serializers.Serializer):
    """Every 4xx answer of this API."""

    error = serializers.CharField(help_text="A stable machine-readable code.")
    message = serializers.CharField(help_text="A translated, user-facing explanation.")
    field_errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


FREQUENCY_SCHEMA = {
    "oneOf": [
        {"type": "string", "enum": ["automatic"]},
        {"type": "integer", "minimum": 1, "maximum": 12},
    ],
    "description": '"automatic", or a minimum of 1 to 12 prompts per unit duration.',
}


@extend_schema_field(FREQUENCY_SCHEMA)
class MinimumFrequencyField(serializers.Field):
    """``"automatic"`` (stored as 0) or a whole number of prompts per unit duration."""

    def to_representation(self, value: int) -> str | int:
        return "automatic" if value == AUTOMATIC_FREQUENCY else value

    def to_internal_value(self, data: Any) -> Any:  # documentation only: the api validates
        return data


class CreditUnitSerializer(serializers.ModelSerializer):
    """A credit unit of a catalogue. The callback secret never appears here."""

    duration = serializers.SerializerMethodField(help_text="Hours and minutes as shown on an activity.")
    minimum_frequency = MinimumFrequencyField()
    # Not "format: uri": empty for internal units, and a template with {{placeholders}} otherwise.
    external_url = serializers.CharField(
        read_only=True,
        help_text="External units: the page Claim credits opens, a URL template that may hold "
        "{{activityID}}, {{personID}}, {{eventID}}, {{ssoUserId}}, {{ssoTenantId}} and {{activityExtId}}; "
        "empty for internal units.",
    )
    archived = serializers.SerializerMethodField()
    has_callback_secret = serializers.SerializerMethodField()

    class Meta:
        model = CreditUnit
        fields = [
            "id",
            "org",
            "managed_by",
            "template",
            "acronym",
            "name",
            "hours",
            "minutes",
            "duration",
            "minimum_frequency",
            "popup_seconds",
            "external_url",
            "increment",
            "minimum_credit",
            "rounding",
            "field_of_study",
            "archived",
            "archived_at",
            "created",
            "modified",
            "has_callback_secret",
        ]
        read_only_fields = fields

    def get_duration(self, unit: CreditUnit) -> str:
        return api.format_duration(unit.hours, unit.minutes) if unit.managed_by == ManagedBy.INTERNAL else ""

    def get_archived(self, unit: CreditUnit) -> bool:
        return unit.archived_at is not None

    def get_has_callback_secret(self, unit: CreditUnit) -> bool:
        return bool(unit.callback_secret)


class CreditUnitWithSecretSerializer(CreditUnitSerializer):
    """A unit just created or whose secret was just rotated: the only answers that carry the secret."""

    callback_secret = serializers.SerializerMethodField(
        help_text="The HMAC key of an external unit's callback, shown only now; null for internal units."
    )

    class Meta(CreditUnitSerializer.Meta):
        fields = [*CreditUnitSerializer.Meta.fields, "callback_secret"]
        read_only_fields = fields

    def get_callback_secret(self, unit: CreditUnit) -> str | None:
        return unit.callback_secret or None


class CreditUnitPageSerializer(serializers.Serializer):
    """One page of units."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CreditUnitSerializer(many=True)


class CreditUnitInputSerializer(serializers.Serializer):
    """What a client sends to create (POST) or change (PATCH) a unit; every field is optional on PATCH.

    Validation happens in ``attendance_app.api``; errors come back by field.
    """

    template = serializers.ChoiceField(
        choices=list(api.UNIT_TEMPLATES),
        required=False,
        help_text="Prefills the accrediting body's rules; sent values win.",
    )
    org = serializers.CharField(
        max_length=64,
        allow_blank=True,
        required=False,
        help_text="Empty: the whole site (global staff only).",
    )
    managed_by = serializers.ChoiceField(choices=ManagedBy.choices, required=False)
    acronym = serializers.CharField(max_length=16)
    name = serializers.CharField(max_length=255)
    hours = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    minutes = serializers.IntegerField(min_value=0, max_value=59, required=False)
    minimum_frequency = MinimumFrequencyField(required=False)
    popup_seconds = serializers.ChoiceField(choices=POPUP_SECONDS_CHOICES, required=False)
    external_url = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        required=False,
        help_text="External units only; may use placeholders.",
    )
    increment = serializers.ChoiceField(choices=CreditIncrement.choices, required=False)
    minimum_credit = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False)
    rounding = serializers.ChoiceField(choices=Rounding.choices, required=False)
    field_of_study = serializers.CharField(max_length=255, allow_blank=True, required=False)


class ChoiceSerializer(serializers.Serializer):
    """A value a field accepts and its translated label."""

    value = serializers.CharField()
    # The metaclass takes declared fields out of the class, so this does not shadow Field.label.
    label = serializers.CharField()  # type: ignore[assignment]


class UnitTemplateSerializer(serializers.Serializer):
    id = serializers.CharField(help_text='Send it as "template" when creating a unit.')
    acronym = serializers.CharField()
    name = serializers.CharField()
    hours = serializers.IntegerField()
    minutes = serializers.IntegerField()
    duration = serializers.CharField()
    increment = serializers.ChoiceField(choices=CreditIncrement.choices)
    minimum_credit = serializers.CharField()
    rounding = serializers.ChoiceField(choices=Rounding.choices)
    minimum_frequency = MinimumFrequencyField()
    body = serializers.CharField(help_text="The accrediting body (nasba, iacet, ama, shrm).")
    certificate_fields = serializers.ListField(
        child=serializers.CharField(), help_text="What the body requires its certificates to print."
    )
    statements = serializers.ListField(
        child=serializers.CharField(), help_text="The statements certificates print for it (translated)."
    )


class UnitChoicesSerializer(serializers.Serializer):
    """Everything an authoring form needs to offer a unit's fields."""

    templates = UnitTemplateSerializer(many=True)
    placeholders = serializers.ListField(
        child=serializers.CharField(), help_text="Names usable as {{name}} in an external URL."
    )
    popup_seconds = serializers.ListField(child=serializers.IntegerField())
    minimum_frequencies = ChoiceSerializer(many=True)
    managed_by = ChoiceSerializer(many=True)
    increments = ChoiceSerializer(many=True)
    roundings = ChoiceSerializer(many=True)


class RuleSerializer(serializers.Serializer):
    """A rule: the activity awards a unit, optionally only with ``min_grade`` on a quiz."""

    id = serializers.IntegerField()
    unit_id = serializers.IntegerField()
    acronym = serializers.CharField()
    unit_name = serializers.CharField()
    managed_by = serializers.ChoiceField(choices=ManagedBy.choices)
    duration = serializers.CharField(help_text="Empty for external units.")
    quiz_usage_key = serializers.CharField(allow_null=True)
    quiz_name = serializers.CharField(allow_null=True)
    min_grade = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    unit_archived = serializers.BooleanField()


class RuleUpdateSerializer(serializers.Serializer):
    """The quiz gate of a rule. Both together, or neither to remove the gate."""

    quiz_usage_key = serializers.CharField(allow_null=True, required=False)
    min_grade = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, allow_null=True, required=False
    )


class RuleCreateSerializer(RuleUpdateSerializer):
    """A new rule: a unit of the course's catalogue and an optional quiz gate."""

    unit_id = serializers.IntegerField()


class QuizChoiceSerializer(serializers.Serializer):
    """A graded subsection or problem of the course a rule can be gated by."""

    usage_key = serializers.CharField()
    display_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["subsection", "problem"])


class SwitchSerializer(serializers.Serializer):
    """One level's enable switch."""

    enabled = serializers.BooleanField()


class CourseSwitchesSerializer(serializers.Serializer):
    """Every level's switch for a course run; tracking runs when all three are on."""

    site = serializers.BooleanField()
    org = serializers.BooleanField()
    course = serializers.BooleanField()
    effective = serializers.BooleanField()


class VideoProgressSerializer(serializers.Serializer):
    ranges = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        max_length=1000,
        help_text="Media seconds played since the last acknowledged beat, as [start, end] pairs.",
    )
    duration = serializers.FloatField(required=False, help_text="The video's length in seconds.")


class BeatSerializer(serializers.Serializer):
    """A heartbeat from the learner's page."""

    token = serializers.CharField(help_text="The signed token the block handed its page.")
    visible = serializers.BooleanField(required=False)
    video = VideoProgressSerializer(required=False)
    client_time = serializers.DateTimeField(
        required=False, help_text="Refused when in the future, or not a real date (400)."
    )
    settle = serializers.BooleanField(
        required=False,
        help_text="Only settle a prompt whose deadline passed; credits nothing (sent when a countdown ends).",
    )


class AnswerSerializer(serializers.Serializer):
    token = serializers.CharField()
    nonce = serializers.CharField(help_text="The one-time nonce of the prompt being answered.")


class PromptSerializer(serializers.Serializer):
    nonce = serializers.CharField()
    deadline = serializers.DateTimeField()
    seconds = serializers.FloatField(help_text="Time to answer, the learner's extension included.")
    grace_seconds = serializers.IntegerField(
        help_text="Added by the server before it counts the prompt missed."
    )
    final = serializers.BooleanField(
        help_text="The tail prompt: it confirms the time since the last answer (end of the window, "
        "of the video, or a unit's duration reached)."
    )


class LastPromptSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["answered", "missed"])
    discarded_seconds = serializers.FloatField()


class UnitMeterSerializer(serializers.Serializer):
    acronym = serializers.CharField()
    name = serializers.CharField()
    units = serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=True)


class MeterSerializer(serializers.Serializer):
    """The learner's live credit meter, and a prompt to show when one is due."""

    credited_seconds = serializers.FloatField()
    confirmed_seconds = serializers.FloatField()
    pending_seconds = serializers.FloatField()
    hits = serializers.IntegerField()
    misses = serializers.IntegerField()
    rejoins = serializers.IntegerField()
    time = serializers.CharField(help_text="Confirmed time as HH:MM:ss.")
    units = UnitMeterSerializer(many=True)
    viewed_to_end = serializers.BooleanField()
    tracking = serializers.ChoiceField(choices=["active", "not_started", "ended"])
    prompt = PromptSerializer(allow_null=True)
    last_prompt = LastPromptSerializer(allow_null=True)


class AccommodationSerializer(serializers.Serializer):
    extension_factor = serializers.FloatField(min_value=1, max_value=10)
    token = serializers.CharField(
        required=False,
        help_text="The page's presence token: the reply then carries a new one with the new time.",
    )


class SegmentSerializer(serializers.Serializer):
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField()


class PromptEvidenceSerializer(serializers.Serializer):
    shown_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField()
    outcome = serializers.ChoiceField(choices=["shown", "answered", "missed"])
    answered_at = serializers.DateTimeField(allow_null=True)
    latency_ms = serializers.IntegerField(allow_null=True)
    discarded_seconds = serializers.FloatField()
    flagged_seconds = serializers.FloatField()


class EvidenceSerializer(serializers.Serializer):
    """One learner's visits, prompts and totals in an activity."""

    user_id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    first_join = serializers.DateTimeField()
    last_leave = serializers.DateTimeField()
    total_time = serializers.CharField()
    confirmed_time = serializers.CharField()
    credited_seconds = serializers.FloatField()
    confirmed_seconds = serializers.FloatField()
    flagged_seconds = serializers.FloatField()
    hits = serializers.IntegerField()
    misses = serializers.IntegerField()
    rejoins = serializers.IntegerField()
    video_seconds = serializers.FloatField()
    viewed_to_end = serializers.BooleanField()
    segments = SegmentSerializer(many=True)
    prompts = PromptEvidenceSerializer(many=True)


class QuizGateSerializer(serializers.Serializer):
    """The quiz a unit's rule requires, and the learner's grade on it."""

    usage_key = serializers.CharField()
    name = serializers.CharField()
    min_grade = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Min Grade, 0-100 %.")
    grade = serializers.FloatField(
        allow_null=True, help_text="The learner's grade, 0-100; null: not attempted."
    )
    passed = serializers.BooleanField()


class UnitClaimSerializer(serializers.Serializer):
    """One unit of an activity: units earned now, units claimed, and why it cannot be claimed."""

    unit_id = serializers.IntegerField()
    acronym = serializers.CharField()
    name = serializers.CharField()
    earned = serializers.DecimalField(
        max_digits=10, decimal_places=2, coerce_to_string=True, help_text="Computed units now."
    )
    claimed = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        coerce_to_string=True,
        allow_null=True,
        help_text="Null: not claimed, or revoked.",
    )
    claimed_at = serializers.DateTimeField(allow_null=True, help_text="When the claim last rose.")
    revoked_at = serializers.DateTimeField(
        allow_null=True, help_text="When the claim was revoked; it then counts for nothing."
    )
    claimable = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True, help_text="Why it cannot be claimed now (translated).")
    quiz = QuizGateSerializer(allow_null=True)


class ClaimedNowSerializer(serializers.Serializer):
    acronym = serializers.CharField()
    units = serializers.DecimalField(max_digits=10, decimal_places=2, coerce_to_string=True)


class ClaimStatusSerializer(serializers.Serializer):
    """The learner's credit in one activity and whether the Claim credits button shows."""

    usage_key = serializers.CharField()
    course_key = serializers.CharField()
    activity_name = serializers.CharField()
    mode = serializers.ChoiceField(choices=ActivityMode.choices)
    courseware_path = serializers.CharField(help_text="The LMS path of the activity's unit (jump_to).")
    show_button = serializers.BooleanField(
        help_text="Live: while live. Recorded: from its start on. Classroom: always (marks credit the time)."
    )
    opens_at = serializers.DateTimeField(allow_null=True)
    closes_at = serializers.DateTimeField(allow_null=True, help_text="Live sessions only.")
    claimable = serializers.BooleanField(help_text="Whether a claim now would claim something.")
    reason = serializers.CharField(allow_null=True, help_text="Why nothing can be claimed now (translated).")
    confirmed_seconds = serializers.FloatField()
    time = serializers.CharField(help_text="Confirmed time as HH:MM:ss.")
    hits = serializers.IntegerField()
    units = UnitClaimSerializer(many=True)


class BeatReplySerializer(MeterSerializer):
    """The meter, with the "Your credits" status whenever that panel changes (always after an answer)."""

    claim = ClaimStatusSerializer(required=False, allow_null=True)
    token = serializers.CharField(
        required=False,
        help_text="After a beat: the renewed presence token, to send with the next beat and answer.",
    )


class ClaimResultSerializer(ClaimStatusSerializer):
    """The status after a claim, with what this claim added."""

    claimed_now = ClaimedNowSerializer(many=True, help_text="Units claimed or raised by this request.")


class CreditTotalSerializer(serializers.Serializer):
    acronym = serializers.CharField()
    earned = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    claimed = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)


class MyCreditsActivitySerializer(ClaimStatusSerializer):
    archived = serializers.BooleanField(help_text="The activity's block was removed; its credit stays.")


class MyCreditsCourseSerializer(serializers.Serializer):
    """A course of the learner's My credits page."""

    course_key = serializers.CharField()
    course_name = serializers.CharField()
    enrolled = serializers.BooleanField()
    activities = MyCreditsActivitySerializer(many=True)
    totals = CreditTotalSerializer(many=True, help_text="Units earned and claimed per acronym.")
