"""Enable switches at site, organization and course level (seed 000, "Enabling")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SwitchScope(models.TextChoices):
    SITE = "site", _("Site")
    ORG = "org", _("Organization")
    COURSE = "course", _("Course")


class FeatureSwitch(models.Model):
    """Attendance tracking on or off for the site (key ""), an organization or a course run."""

    scope = models.CharField(max_length=8, choices=SwitchScope.choices)
    key = models.CharField(
        max_length=255, blank=True, help_text=_("Empty for the site; the org or course key.")
    )
    enabled = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enable switch")
        verbose_name_plural = _("enable switches")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="attendance_one_switch_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key or '*'} = {'on' if self.enabled else 'off'}"
