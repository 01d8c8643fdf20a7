"""Callbacks of external systems that award credit for external units (DESIGN section 7, seed 000).

An external unit's system calls back, signed with the unit's secret, to award or revoke a learner's
credit. Each accepted callback leaves a ``CallbackReceipt`` under the sender's idempotency key: a
retry with the same key and body gets the first answer again and changes nothing; the same key
with another body is refused. Refused callbacks leave nothing.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from attendance_app.models.units import CreditUnit


class CallbackOutcome(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    UPGRADED = "upgraded", _("Upgraded")
    UNCHANGED = "unchanged", _("Unchanged")
    REVOKED = "revoked", _("Revoked")
    NOTHING_TO_REVOKE = "nothing_to_revoke", _("Nothing to revoke")


class CallbackReceipt(models.Model):
    """One accepted callback of an external unit's system, under the sender's idempotency key."""

    unit = models.ForeignKey(CreditUnit, on_delete=models.CASCADE, related_name="callback_receipts")
    idempotency_key = models.CharField(max_length=100)
    body_sha256 = models.CharField(max_length=64, help_text=_("SHA-256 of the raw body, hex."))
    # The signature, hex: one signed request is accepted once, whatever idempotency key comes with it.
    signature = models.CharField(max_length=64, db_index=True)
    received_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=32, choices=CallbackOutcome.choices)
    result = models.JSONField(default=dict, help_text=_("The answer sent, sent again on a retry."))

    class Meta:
        verbose_name = _("external callback receipt")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "idempotency_key"], name="attendance_one_callback_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.idempotency_key} {self.status}"
