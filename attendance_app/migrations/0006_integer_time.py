"""Durations as whole microseconds (ADR 0008): float seconds become BigIntegers, data converted.

``round(seconds · 10⁶)`` reads a stored float at the microsecond, which also repairs the drift the
float sums left behind (2999.9999999999986 s becomes exactly 3000 s).
"""

from django.db import migrations, models

ATTENDANCE = {
    "credited_seconds": "credited_us",
    "confirmed_seconds": "confirmed_us",
    "pending_seconds": "pending_us",
    "flagged_seconds": "flagged_us",
    "video_seconds": "video_us",
    "next_prompt_mark": "next_prompt_mark_us",
}
PROMPT = {"discarded_seconds": "discarded_us", "flagged_seconds": "flagged_us"}
BATCH = 1000


def _to_us(value):
    return None if value is None else round(float(value) * 1_000_000)


def _to_seconds(value):
    return None if value is None else value / 1_000_000


def _convert(model, fields, convert):
    rows = []
    for row in model.objects.only("id", *fields).iterator(chunk_size=BATCH):
        for source, target in fields.items():
            setattr(row, target, convert(getattr(row, source)))
        rows.append(row)
        if len(rows) >= BATCH:
            model.objects.bulk_update(rows, list(fields.values()))
            rows = []
    if rows:
        model.objects.bulk_update(rows, list(fields.values()))


def forwards(apps, schema_editor):
    _convert(apps.get_model("attendance_app", "Attendance"), ATTENDANCE, _to_us)
    _convert(apps.get_model("attendance_app", "PromptEvidence"), PROMPT, _to_us)


def backwards(apps, schema_editor):
    _convert(
        apps.get_model("attendance_app", "Attendance"), {v: k for k, v in ATTENDANCE.items()}, _to_seconds
    )
    _convert(
        apps.get_model("attendance_app", "PromptEvidence"), {v: k for k, v in PROMPT.items()}, _to_seconds
    )


def _us(help_text, null=False):
    if null:
        return models.BigIntegerField(null=True, blank=True, help_text=help_text)
    return models.BigIntegerField(default=0, help_text=help_text)


class Migration(migrations.Migration):
    dependencies = [
        ("attendance_app", "0005_external_callbacks"),
    ]

    operations = [
        migrations.AddField("attendance", "credited_us", _us("Microseconds credited by heartbeats.")),
        migrations.AddField("attendance", "confirmed_us", _us("Microseconds confirmed by prompts.")),
        migrations.AddField("attendance", "pending_us", _us("Microseconds waiting for a prompt.")),
        migrations.AddField("attendance", "flagged_us", _us("Microseconds confirmed despite a miss.")),
        migrations.AddField("attendance", "video_us", _us("Microseconds of the video played.")),
        migrations.AddField(
            "attendance", "next_prompt_mark_us", _us("Credited microseconds at which it is due.", null=True)
        ),
        migrations.AddField(
            "attendance",
            "video_duration_us",
            _us("The video's duration as last reported, in microseconds.", null=True),
        ),
        migrations.AddField("promptevidence", "discarded_us", models.BigIntegerField(default=0)),
        migrations.AddField("promptevidence", "flagged_us", models.BigIntegerField(default=0)),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField("attendance", "credited_seconds"),
        migrations.RemoveField("attendance", "confirmed_seconds"),
        migrations.RemoveField("attendance", "pending_seconds"),
        migrations.RemoveField("attendance", "flagged_seconds"),
        migrations.RemoveField("attendance", "video_seconds"),
        migrations.RemoveField("attendance", "next_prompt_mark"),
        migrations.RemoveField("promptevidence", "discarded_seconds"),
        migrations.RemoveField("promptevidence", "flagged_seconds"),
    ]
