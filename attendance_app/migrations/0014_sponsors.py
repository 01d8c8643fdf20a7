"""Sponsor settings per site, organization and course run; a delivery method per activity (issue #18).

The course certificate settings' sponsor fields move to the course's sponsor settings row; a
course's delivery method that was not the old default moves to its activities that chose none.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_DEFAULT_DELIVERY_METHOD = "Group Internet Based"
DELIVERY_METHODS = ("Group Live", "Group Internet Based", "QAS Self Study", "Blended", "Nano-learning")


def move_course_sponsors(apps, schema_editor):
    settings_model = apps.get_model("attendance_app", "CourseCertificateSettings")
    sponsor_model = apps.get_model("attendance_app", "SponsorSettings")
    activity_model = apps.get_model("attendance_app", "Activity")
    for row in settings_model.objects.all().iterator():
        course_id = str(row.course_key)
        if row.sponsor_name or row.sponsor_id or row.contact:
            sponsor_model.objects.update_or_create(
                org=row.course_key.org,
                course_id=course_id,
                defaults={"name": row.sponsor_name, "sponsor_id": row.sponsor_id, "contact": row.contact},
            )
        method = row.delivery_method
        if method != OLD_DEFAULT_DELIVERY_METHOD and method in DELIVERY_METHODS:
            activity_model.objects.filter(course_key=row.course_key, delivery_method="").update(
                delivery_method=method
            )


def restore_course_sponsors(apps, schema_editor):
    """Back: a course run's sponsor row returns to its certificate settings (delivery methods stay behind)."""
    settings_model = apps.get_model("attendance_app", "CourseCertificateSettings")
    sponsor_model = apps.get_model("attendance_app", "SponsorSettings")
    for row in sponsor_model.objects.exclude(course_id="").iterator():
        settings_model.objects.update_or_create(
            course_key=row.course_id,
            defaults={"sponsor_name": row.name, "sponsor_id": row.sponsor_id, "contact": row.contact},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("attendance_app", "0013_audit_pack"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="delivery_method",
            field=models.CharField(
                blank=True,
                choices=[
                    ("Group Live", "Group Live"),
                    ("Group Internet Based", "Group Internet Based"),
                    ("QAS Self Study", "QAS Self Study"),
                    ("Blended", "Blended"),
                    ("Nano-learning", "Nano-learning"),
                ],
                help_text="Printed on certificates; empty: the default of the mode.",
                max_length=32,
            ),
        ),
        migrations.CreateModel(
            name="SponsorSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("org", models.CharField(blank=True, help_text="Empty: the whole site.", max_length=64)),
                (
                    "course_id",
                    models.CharField(
                        blank=True, help_text="Empty: every course of the scope.", max_length=255
                    ),
                ),
                ("name", models.CharField(blank=True, max_length=255)),
                ("address", models.TextField(blank=True, max_length=500)),
                ("contact", models.CharField(blank=True, max_length=255)),
                (
                    "sponsor_id",
                    models.CharField(
                        blank=True, help_text="Printed when no body has its own.", max_length=64
                    ),
                ),
                ("provider_ids", models.JSONField(blank=True, default=dict)),
                ("responsible_name", models.CharField(blank=True, max_length=255)),
                ("responsible_title", models.CharField(blank=True, max_length=255)),
                ("signature_image", models.BinaryField(blank=True, default=b"")),
                ("signature_type", models.CharField(blank=True, max_length=32)),
                ("logo_image", models.BinaryField(blank=True, default=b"")),
                ("logo_type", models.CharField(blank=True, max_length=32)),
                ("modified", models.DateTimeField(auto_now=True)),
                (
                    "modified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "sponsor settings",
                "verbose_name_plural": "sponsor settings",
                "constraints": [
                    models.UniqueConstraint(fields=("org", "course_id"), name="attendance_sponsor_scope")
                ],
            },
        ),
        migrations.RunPython(move_course_sponsors, restore_course_sponsors),
        migrations.RemoveField(
            model_name="coursecertificatesettings",
            name="contact",
        ),
        migrations.RemoveField(
            model_name="coursecertificatesettings",
            name="delivery_method",
        ),
        migrations.RemoveField(
            model_name="coursecertificatesettings",
            name="sponsor_id",
        ),
        migrations.RemoveField(
            model_name="coursecertificatesettings",
            name="sponsor_name",
        ),
    ]
