from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("attendance_app", "0012_certificate_lifecycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="rules_snapshot",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="promptevidence",
            name="kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("regular", "Regular: at a random moment of its interval"),
                    ("final", "Final: confirms the time since the last answer (ADR 0008)"),
                ],
                default="",
                max_length=16,
            ),
        ),
    ]
