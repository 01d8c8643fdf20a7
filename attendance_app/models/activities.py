"""Activities: one row per Attendance block placement (a usage key).

The block keeps its settings as XBlock fields for Studio (export, import, versioning); every
save goes through :func:`attendance_app.api.configure_activity`, which validates and mirrors the
settings here, so the crediting endpoints never load the block or the course structure.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField


class ActivityMode(models.TextChoices):
    LIVE = "live", _("Live session")
    RECORDED = "recorded", _("Recorded session")
    CLASSROOM = "classroom", _("Classroom slots")


class MissedPromptPolicy(models.TextChoices):
    STRICT = "strict", _("Strict: a missed prompt discards the time since the last confirmed prompt")
    LENIENT = "lenient", _("Lenient: a missed prompt keeps the time and flags it")


class DeliveryMethod(models.TextChoices):
    """NASBA's delivery methods, printed on the certificate as chosen (in English, as NASBA names them)."""

    GROUP_LIVE = "Group Live", _("Group Live")
    GROUP_INTERNET_BASED = "Group Internet Based", _("Group Internet Based")
    QAS_SELF_STUDY = "QAS Self Study", _("QAS Self Study")
    BLENDED = "Blended", _("Blended")
    NANO_LEARNING = "Nano-learning", _("Nano-learning")


#: The delivery method an activity prints when its author chose none (DESIGN section 7).
DEFAULT_DELIVERY_METHODS = {
    ActivityMode.LIVE: DeliveryMethod.GROUP_INTERNET_BASED,
    ActivityMode.CLASSROOM: DeliveryMethod.GROUP_LIVE,
    ActivityMode.RECORDED: DeliveryMethod.QAS_SELF_STUDY,
}


class Activity(models.Model):
    """An Attendance block placement in a course run."""

    usage_key = UsageKeyField(max_length=255, unique=True)
    course_key = CourseKeyField(max_length=255, db_index=True)
    display_name = models.CharField(max_length=255)
    mode = models.CharField(max_length=16, choices=ActivityMode.choices, default=ActivityMode.RECORDED)
    live_start = models.DateTimeField(null=True, blank=True)
    live_end = models.DateTimeField(null=True, blank=True)
    missed_prompt_policy = models.CharField(
        max_length=16, choices=MissedPromptPolicy.choices, default=MissedPromptPolicy.STRICT
    )
    external_id = models.CharField(max_length=255, blank=True, help_text=_("Used as {{activityExtId}}."))
    video_url = models.URLField(
        max_length=2000, blank=True, help_text=_("HTML5 video of a recorded session.")
    )
    delivery_method = models.CharField(
        max_length=32,
        blank=True,
        choices=DeliveryMethod.choices,
        help_text=_("Printed on certificates; empty: the default of the mode."),
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.usage_key})"
