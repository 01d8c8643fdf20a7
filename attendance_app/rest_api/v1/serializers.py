"""Serializers: the shapes the API documents. Validation of meaning lives in ``attendance_app.api``."""

from rest_framework import serializers

from attendance_app.models import ActivityMode, MissedPromptPolicy


class ActivitySettingsSerializer(serializers.Serializer):
    """The settings of one activity (an Attendance block placement)."""

    display_name = serializers.CharField(max_length=255)
    mode = serializers.ChoiceField(choices=ActivityMode.choices)
    live_start = serializers.DateTimeField(allow_null=True, required=False)
    live_end = serializers.DateTimeField(allow_null=True, required=False)
    missed_prompt_policy = serializers.ChoiceField(choices=MissedPromptPolicy.choices, required=False)
    external_id = serializers.CharField(max_length=255, allow_blank=True, required=False)


class ErrorSerializer(serializers.Serializer):
    """Every 4xx answer of this API."""

    error = serializers.CharField(help_text="A stable machine-readable code.")
    message = serializers.CharField(help_text="A translated, user-facing explanation.")
    field_errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
