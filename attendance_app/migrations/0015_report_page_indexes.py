"""Indexes the reports' keyset pages seek on (ADR 0030): the ledger by activity and first join, the
activity log by course run and date."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attendance_app", "0014_sponsors"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="attendance",
            index=models.Index(fields=["activity", "first_join_at"], name="attendance_activity_joined"),
        ),
        migrations.AddIndex(
            model_name="activitylogentry",
            index=models.Index(fields=["course_key", "created_at"], name="attendance_log_course_date"),
        ),
    ]
