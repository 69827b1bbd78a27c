"""The implementation status of an activity per range state, as accepted reports set it."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programme.choices import ImplementationStatus
from programme.models import Activity
from rangestates.models import RangeState

from ..querysets import (
    RangeStateActivityStatusQuerySet,
)
from .reports import Report


class RangeStateActivityStatus(models.Model):
    """The implementation status of an activity in a range state, as last accepted.

    Follows the accepted national reports (`services.refresh_country_status`); the public pages
    and the API read it to show, per activity, the status in each range state."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="country_statuses",
        verbose_name=_("activity"),
    )
    range_state = models.ForeignKey(
        RangeState,
        on_delete=models.CASCADE,
        related_name="activity_statuses",
        verbose_name=_("range state"),
    )
    status = models.CharField(_("status"), max_length=20, choices=ImplementationStatus.choices)
    report = models.ForeignKey(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted report"),
    )
    as_of = models.DateField(_("as of"), help_text=_("End of the period the report covers."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = RangeStateActivityStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("status in a range state")
        verbose_name_plural = _("statuses in range states")
        ordering = ["activity_id", "range_state_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "range_state"],
                name="%(app_label)s_%(class)s_unique",
                violation_error_message=_("This activity already has a status in this country."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ImplementationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Unknown status."),
            ),
        ]

    def __str__(self):
        return f"{self.activity.code} · {self.range_state}: {self.get_status_display()}"

    def get_absolute_url(self):
        if self.report_id:
            return reverse("reporting:report", args=[self.report_id])
        return self.activity.get_absolute_url()
