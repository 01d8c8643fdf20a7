"""Credit cycles: the credits an organization requires of its learners per acronym and period (ADR 0023).

A requirement names an organization (the ``org`` of its course keys), the acronym of a credit unit
and the amount required in each period: a calendar year, or a window of ``window_months`` months
(the trailing months up to today, or consecutive cycles counted from ``start``). No user field:
requirements are the organization's, not anybody's personal data.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The longest rolling window (five years, the sponsors' retention).
MAX_WINDOW_MONTHS = 60


class PeriodKind(models.TextChoices):
    CALENDAR_YEAR = "calendar_year", _("Calendar year")
    ROLLING_MONTHS = "rolling_months", _("Rolling window of months")


class CreditRequirement(models.Model):
    """An organization's required credits of one acronym per period."""

    org = models.CharField(max_length=64, db_index=True)
    acronym = models.CharField(max_length=16)
    required_credits = models.DecimalField(max_digits=8, decimal_places=2)
    period_kind = models.CharField(
        max_length=16, choices=PeriodKind.choices, default=PeriodKind.CALENDAR_YEAR
    )
    window_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WINDOW_MONTHS)],
        help_text=_("Rolling windows only: 1 to 60 months."),
    )
    start = models.DateField(
        null=True,
        blank=True,
        help_text=_("Optional. Nothing is required before it; rolling cycles are counted from it."),
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("credit requirement")
        verbose_name_plural = _("credit requirements")
        ordering = ["org", "acronym"]
        constraints = [
            models.UniqueConstraint(fields=["org", "acronym"], name="attendance_one_requirement_per_acronym")
        ]

    def __str__(self) -> str:
        return f"{self.org}: {self.required_credits} {self.acronym}"
