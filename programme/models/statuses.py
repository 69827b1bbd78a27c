"""What the secretariat records about an activity: its implementation status, with history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import ImplementationStatus, label_of
from .activities import Activity


class ActivityStatus(models.Model):
    """The implementation status the secretariat records for an activity.

    Lives apart from Activity: `load_programme` never writes to this table."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="status", verbose_name=_("activity")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    note = models.TextField(_("note"), blank=True)
    status_date = models.DateField(_("as of"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        help_text=_("Increases with every change; guards against lost updates."),
    )

    history = HistoricalRecords(
        verbose_name=_("status change"), verbose_name_plural=_("status changes")
    )

    class Meta:
        verbose_name = _("activity status")
        verbose_name_plural = _("activity statuses")
        ordering = ["activity"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImplementationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Unknown status."),
            )
        ]

    def __str__(self):
        return f"{self.activity.code}: {self.get_status_display()}"

    def get_status_display(self):
        return label_of(ImplementationStatus, self.status)
