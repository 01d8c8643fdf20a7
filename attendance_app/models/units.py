"""Credit unit definitions (CEU, CPE, custom) and the rules that attach them to activities.

The field set follows DESIGN section 5 and seed 000 ("Adding attendance tracking units");
validation and the templates live in :mod:`attendance_app.api`.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import UsageKeyField

from attendance_app.models.activities import Activity

AUTOMATIC_FREQUENCY = 0
POPUP_SECONDS_CHOICES = [(seconds, seconds) for seconds in (10, 15, 20, 30, 45, 60, 90, 120)]


class ManagedBy(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class CreditIncrement(models.TextChoices):
    WHOLE = "whole", _("Whole")
    HALF = "half", _("Half")
    QUARTER = "quarter", _("Quarter")
    FIFTH = "fifth", _("Fifth")
    TENTH = "tenth", _("Tenth")
    HUNDREDTH = "hundredth", _("Hundredth")


class Rounding(models.TextChoices):
    DOWN = "down", _("Round down")
    NEAREST = "nearest", _("Round to the nearest increment")


class CreditUnit(models.Model):
    """A unit of credit learners earn for time attended (one credit = hours + minutes)."""

    org = models.CharField(max_length=64, blank=True, db_index=True, help_text=_("Empty: the whole site."))
    managed_by = models.CharField(max_length=16, choices=ManagedBy.choices, default=ManagedBy.INTERNAL)
    template = models.CharField(max_length=8, blank=True)
    acronym = models.CharField(max_length=16)
    name = models.CharField(max_length=255)
    hours = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(59)])
    minimum_frequency = models.PositiveSmallIntegerField(
        default=AUTOMATIC_FREQUENCY, validators=[MaxValueValidator(12)], help_text=_("0 means Automatic.")
    )
    popup_seconds = models.PositiveSmallIntegerField(choices=POPUP_SECONDS_CHOICES, default=10)
    external_url = models.URLField(max_length=2000, blank=True)
    callback_secret = models.CharField(max_length=128, blank=True)
    increment = models.CharField(
        max_length=16, choices=CreditIncrement.choices, default=CreditIncrement.WHOLE
    )
    minimum_credit = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    rounding = models.CharField(max_length=16, choices=Rounding.choices, default=Rounding.DOWN)
    field_of_study = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # True while the unit is in use, NULL once archived: unique indexes ignore NULLs on every
    # database (MariaDB has no partial indexes), so archived units free their acronym.
    active = models.BooleanField(null=True, default=True, editable=False)

    class Meta:
        verbose_name = _("credit unit")
        verbose_name_plural = _("credit units")
        constraints = [
            models.UniqueConstraint(fields=["org", "acronym", "active"], name="attendance_unit_acronym_scope")
        ]

    def __str__(self) -> str:
        return f"{self.acronym} — {self.name}"

    @property
    def duration_seconds(self) -> int:
        return (self.hours * 60 + self.minutes) * 60


class ActivityUnitRule(models.Model):
    """An activity awards a unit, optionally gated by a quiz grade (Min Grade, 0-100 %)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="unit_rules")
    unit = models.ForeignKey(CreditUnit, on_delete=models.PROTECT, related_name="activity_rules")
    quiz_usage_key = UsageKeyField(max_length=255, blank=True)
    min_grade = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "unit"], name="attendance_one_rule_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.unit_id}"
