"""Shapes of the classroom endpoints. Validation of meaning lives in :mod:`attendance_app.api.classroom`."""

from __future__ import annotations

from rest_framework import serializers

from attendance_app.models import MarkSource, RegistrationStatus

# Plain strings with the values listed: drf-spectacular would name one choice set several ways.
SEAT = "registration: " + ", ".join(f"“{value}”" for value in RegistrationStatus.values) + "."
SOURCE = "who made the mark: " + ", ".join(f"“{value}”" for value in MarkSource.values) + "."


class SlotInstructorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SlotSerializer(serializers.Serializer):
    """A slot as the person asking sees it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    start = serializers.DateTimeField(help_text="UTC.")
    end = serializers.DateTimeField(help_text="UTC.")
    duration_hours = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Reported duration.")
    location = serializers.CharField(allow_blank=True)
    online_url = serializers.CharField(allow_blank=True)
    capacity = serializers.IntegerField()
    seats_left = serializers.IntegerField()
    registered = serializers.IntegerField()
    waiting = serializers.IntegerField()
    instructors = SlotInstructorSerializer(many=True)
    cohort_id = serializers.IntegerField(allow_null=True)
    series = serializers.CharField(allow_null=True, help_text="Shared by slots created as one weekly series.")
    my_registration = serializers.CharField(allow_null=True, help_text=f"The asking user's {SEAT}")
    my_mark = serializers.CharField(allow_null=True, help_text="The status the asking user was marked with.")


class SlotInputSerializer(serializers.Serializer):
    """A new slot; ``repeat_weeks`` > 1 creates a weekly series at the same wall-clock time."""

    title = serializers.CharField(max_length=255)
    start = serializers.DateTimeField(help_text="ISO 8601 with a time zone offset.")
    end = serializers.DateTimeField(help_text="After start, at most 24 hours later.")
    duration_hours = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=24)
    location = serializers.CharField(max_length=255, required=False, allow_blank=True)
    online_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, max_value=10_000)
    instructor_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    cohort_id = serializers.IntegerField(required=False, allow_null=True)
    repeat_weeks = serializers.IntegerField(min_value=1, max_value=52, required=False, default=1)
    time_zone = serializers.CharField(required=False, default="UTC", help_text="IANA name for repeats.")


class SlotUpdateSerializer(serializers.Serializer):
    """Fields of a slot to change; absent fields keep their value."""

    title = serializers.CharField(max_length=255, required=False)
    start = serializers.DateTimeField(required=False)
    end = serializers.DateTimeField(required=False)
    duration_hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=24, required=False
    )
    location = serializers.CharField(max_length=255, required=False, allow_blank=True)
    online_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, max_value=10_000, required=False)
    instructor_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    cohort_id = serializers.IntegerField(required=False, allow_null=True)


class RegistrationSerializer(serializers.Serializer):
    """The asking learner's registration for a slot."""

    slot_id = serializers.IntegerField()
    status = serializers.CharField(help_text=SEAT)
    created = serializers.DateTimeField()
    promoted_at = serializers.DateTimeField(allow_null=True)


class StatusSerializer(serializers.Serializer):
    """One status of the course's status set."""

    code = serializers.SlugField(max_length=32)
    label = serializers.CharField(max_length=64)  # type: ignore[assignment]
    credit_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    counts_in_denominator = serializers.BooleanField(
        help_text="False for statuses left out of the attendance percentage (Excused)."
    )


class StatusInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=32, required=False, help_text="Made from the label if absent.")
    label = serializers.CharField(max_length=64)  # type: ignore[assignment]
    credit_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    counts_in_denominator = serializers.BooleanField(required=False, default=True)


class StatusUpdateSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=64, required=False)  # type: ignore[assignment]
    credit_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    counts_in_denominator = serializers.BooleanField(required=False)


class MarkSerializer(serializers.Serializer):
    status = serializers.SlugField()
    remark = serializers.CharField(allow_blank=True)
    source = serializers.CharField(help_text=SOURCE)  # type: ignore[assignment]
    walk_in = serializers.BooleanField()
    marked_by = serializers.IntegerField(allow_null=True)
    marked_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="Send it back when changing the mark.")


class RegisterRowSerializer(serializers.Serializer):
    """One learner of a slot's register."""

    user_id = serializers.IntegerField()
    name = serializers.CharField()
    username = serializers.CharField()
    registration = serializers.CharField(allow_null=True, help_text=f"{SEAT} Null for a walk-in.")
    mark = MarkSerializer(allow_null=True)


class MarkInputSerializer(serializers.Serializer):
    status = serializers.SlugField(help_text="A code of the course's status set.")
    remark = serializers.CharField(max_length=500, required=False, allow_blank=True)
    version = serializers.IntegerField(
        min_value=0, required=False, default=0, help_text="The version read; 0 for an unmarked learner."
    )
    walk_in = serializers.BooleanField(
        required=False, default=False, help_text="Mark an unregistered learner."
    )


class BulkMarkInputSerializer(serializers.Serializer):
    status = serializers.SlugField(help_text="Given to every registered learner without a mark.")
    remark = serializers.CharField(max_length=500, required=False, allow_blank=True)


class BulkMarkResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many learners were marked.")


class MarkAuditSerializer(serializers.Serializer):
    """One change of a mark."""

    user_id = serializers.IntegerField()
    actor_id = serializers.IntegerField(allow_null=True)
    at = serializers.DateTimeField()
    source = serializers.CharField(help_text=SOURCE)  # type: ignore[assignment]
    before_status = serializers.CharField(allow_blank=True)
    after_status = serializers.CharField()
    before_remark = serializers.CharField(allow_blank=True)
    after_remark = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()


class AttendanceFiguresSerializer(serializers.Serializer):
    """A learner's attendance over their slots."""

    held_slots = serializers.IntegerField(help_text="Slots ended or marked.")
    remaining_slots = serializers.IntegerField(help_text="The learner's slots still to come, unmarked.")
    percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Over the held slots; Excused left out."
    )
    best_reachable_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="If Present at every remaining slot."
    )


class ClassroomSettingsSerializer(serializers.Serializer):
    """An activity's classroom settings; send only the fields to change."""

    registration_closes_minutes = serializers.IntegerField(min_value=0, max_value=10080, required=False)
    present_within_minutes = serializers.IntegerField(
        min_value=0,
        max_value=10080,
        required=False,
        help_text="A check-in this soon after the start is Present.",
    )
    automark_after_minutes = serializers.IntegerField(min_value=0, max_value=10080, required=False)
    automark_status = serializers.SlugField(required=False, help_text="The status unmarked registrants get.")
    checkin_one_per_ip = serializers.BooleanField(required=False)
    checkin_subnets = serializers.CharField(
        max_length=500, allow_blank=True, required=False, help_text="Comma-separated networks; empty: any."
    )
    warn_below_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, allow_null=True, required=False
    )
    warn_after_slots = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    warn_at_most = serializers.IntegerField(min_value=0, max_value=1000, required=False)


class CheckinCodeSerializer(serializers.Serializer):
    """The code to show in the room now."""

    code = serializers.CharField(help_text="Six digits, replaced every 15 seconds.")
    expires_at = serializers.DateTimeField()
    checkin_url = serializers.CharField(help_text="The address the QR code opens.")
    qr_svg = serializers.CharField(help_text="The QR code of checkin_url, as an inline SVG.")


class CheckinInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=16, help_text="The code shown in the room.")


class CheckInSerializer(serializers.Serializer):
    """A check-in, accepted or refused (flagged)."""

    user_id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    ip_address = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()
    outcome = serializers.CharField(help_text="“accepted”, “shared_ip” or “outside_subnet”.")


class CsvImportSerializer(serializers.Serializer):
    csv = serializers.CharField(max_length=1_000_000, help_text="The CSV text, with a header line.")


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="How many slots were created or marks changed.")
