"""The ledger row's access revision (ADR 0035): an enrollment or course-role change moves it, so a
beat's renewed token, which carries the row, no longer matches and the beat checks access again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attendance_app", "0015_report_page_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="access_revision",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Changed when the learner's enrollment or course role changes.",
            ),
        ),
    ]
