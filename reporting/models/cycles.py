"""Reporting cycles opened by the secretariat, and the reminders sent in them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import Programme

from ..querysets import (
    ReportingCycleQuerySet,
)
from .focalpoints import FocalPoint


class ReportingCycle(models.Model):
    """A round of reporting opened by the secretariat, e.g. the reports due before a COP."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="reporting_cycles",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("period covered from"))
    period_end = models.DateField(_("period covered to"))
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(
        _("deadline"),
        help_text=_(
            "Last day on which focal points can submit. Move it later to extend the deadline."
        ),
    )
    guidelines = models.TextField(
        _("reporting guidelines"),
        blank=True,
        help_text=_("What focal points should know when they report; shown on the report form."),
    )
    contact_name = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("Whom focal points can ask about this cycle."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ReportingCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["-deadline", "-pk"]
        # Cycles in the order reports are listed by, so that the database reads the reports of
        # a page cycle by cycle (through the reports' cycle index) and sorts one cycle's
        # reports at a time, instead of sorting every report: by deadline for the API's
        # natural order, by end of period for the newest reports first.
        indexes = [
            models.Index(fields=["deadline", "id"], name="%(app_label)s_%(class)s_due"),
            models.Index(fields=["period_end", "id"], name="%(app_label)s_%(class)s_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="%(app_label)s_%(class)s_deadline_after_opening",
                violation_error_message=_("The deadline cannot come before the opening date."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reporting:mine") + f"?cycle={self.pk}"

    def has_opened(self, today=None):
        return self.opens_on <= (today or timezone.localdate())

    def accepts_submissions(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.deadline

    def days_left(self, today=None):
        return (self.deadline - (today or timezone.localdate())).days


class Reminder(models.Model):
    """A reminder e-mail sent to a focal point, so that a daily run never sends it twice."""

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("cycle")
    )
    focal_point = models.ForeignKey(
        FocalPoint,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("focal point"),
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    missing = models.PositiveIntegerField(_("reports missing"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
        help_text=_("The officer who sent it from the cycle's dashboard; empty when scheduled."),
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "pk"]
        constraints = [
            # The scheduled ones; one sent by hand goes at most once a day (services).
            models.UniqueConstraint(
                fields=["cycle", "focal_point", "days_before"],
                condition=models.Q(sent_by__isnull=True),
                name="%(app_label)s_%(class)s_once",
                violation_error_message=_("This reminder was already sent."),
            )
        ]

    def __str__(self):
        return f"{self.focal_point} · {self.cycle} · {self.days_before}"

    def get_absolute_url(self):
        return reverse("admin:reporting_reminder_change", args=[self.pk])
