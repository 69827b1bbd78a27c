"""What focal points report about the programme, and the secretariat's review of it.

These tables hold what people record; `load_programme` never writes to them. Writes with
rules go through `reporting.services`."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.choices import ImplementationStatus
from programme.models import Activity, Programme
from rangestates.models import RangeState
from species.models import Species

from .choices import ReportState, SubjectKind
from .querysets import (
    FocalPointQuerySet,
    RangeStateActivityStatusQuerySet,
    ReportAttachmentQuerySet,
    ReportingCycleQuerySet,
    ReportQuerySet,
)

currency_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Give the currency as its three-letter ISO code, e.g. USD, EUR, KGS.")
)


class FocalPoint(models.Model):
    """A person who reports for one or more range states (national focal point) and/or
    species (species focal point). The secretariat manages them in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point",
        verbose_name=_("user account"),
    )
    range_states = models.ManyToManyField(
        RangeState,
        related_name="focal_points",
        blank=True,
        verbose_name=_("range states"),
        help_text=_("The countries this person reports for (national focal point)."),
    )
    species = models.ManyToManyField(
        Species,
        related_name="focal_points",
        blank=True,
        verbose_name=_("species"),
        help_text=_("The species this person reports on (species focal point)."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the public pages, e.g. “National focal point, Ministry of …”."),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FocalPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["user__last_name", "user__first_name", "user__username", "pk"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    def get_absolute_url(self):
        return reverse("admin:reporting_focalpoint_change", args=[self.pk])

    @property
    def name(self):
        return str(self)


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


def attachment_path(instance, filename):
    """A generated name: nothing the uploader chose ends up in the file system."""
    extension = getattr(instance, "_detected_extension", "") or "bin"
    return f"reporting/attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Report(models.Model):
    """What a focal point reports on one activity, for one range state or species, in one
    cycle. Drafts and returned reports are seen only by their author and the secretariat."""

    cycle = models.ForeignKey(
        ReportingCycle, on_delete=models.PROTECT, related_name="reports", verbose_name=_("cycle")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="reports", verbose_name=_("activity")
    )
    range_state = models.ForeignKey(
        RangeState,
        on_delete=models.PROTECT,
        related_name="reports",
        null=True,
        blank=True,
        verbose_name=_("range state"),
    )
    species = models.ForeignKey(
        Species,
        on_delete=models.PROTECT,
        related_name="reports",
        null=True,
        blank=True,
        verbose_name=_("species"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("author"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    status = models.CharField(
        _("implementation status"),
        max_length=20,
        choices=ImplementationStatus.choices,
        blank=True,
        help_text=_("Where the activity stands in this country (or for this species)."),
    )
    progress = models.TextField(_("what was done in the period"), blank=True)
    results = models.TextField(_("results achieved"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    partners = models.TextField(_("partners involved"), blank=True)
    funding_amount = models.DecimalField(
        _("funding used"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[currency_validator]
    )
    funding_source = models.CharField(_("source of funding"), max_length=250, blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        help_text=_("Increases with every change; a save based on an older version is refused."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    reopened_until = models.DateField(
        _("may be submitted until"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the secretariat returns or reopens a report: overrides the deadline."
        ),
    )
    prefilled_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prefilled from"),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["cycle_id", "activity__sort_key", "pk"]
        permissions = [("review_report", _("Can accept, return and reopen reports"))]
        # Accepted reports only: what the public pages read.
        indexes = [
            # The last reports accepted (home page).
            models.Index(
                fields=["-accepted_at", "-id"],
                condition=models.Q(state=ReportState.ACCEPTED),
                name="%(app_label)s_%(class)s_last_accepted",
            ),
            # Counted per range state and cycle, and a range state's reports cycle by cycle:
            # the counts read this index only, not the reports' text.
            models.Index(
                fields=["range_state", "cycle", "accepted_at"],
                condition=models.Q(state=ReportState.ACCEPTED),
                name="%(app_label)s_%(class)s_by_country",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(range_state__isnull=False, species__isnull=True)
                    | models.Q(range_state__isnull=True, species__isnull=False)
                ),
                name="%(app_label)s_%(class)s_one_subject",
                violation_error_message=_("A report is for a range state or for a species."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "activity", "range_state"],
                condition=models.Q(range_state__isnull=False),
                name="%(app_label)s_%(class)s_unique_per_state",
                violation_error_message=_(
                    "This range state already has a report on this activity in this cycle."
                ),
            ),
            models.UniqueConstraint(
                fields=["cycle", "activity", "species"],
                condition=models.Q(species__isnull=False),
                name="%(app_label)s_%(class)s_unique_per_species",
                violation_error_message=_(
                    "This species already has a report on this activity in this cycle."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ReportState.values),
                name="%(app_label)s_%(class)s_state_valid",
                violation_error_message=_("Unknown state."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="") | models.Q(status__in=ImplementationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ReportState.editable()) | ~models.Q(status=""),
                name="%(app_label)s_%(class)s_submitted_has_status",
                violation_error_message=_("A submitted report needs an implementation status."),
            ),
            models.CheckConstraint(
                condition=models.Q(funding_amount__isnull=True) | models.Q(funding_amount__gte=0),
                name="%(app_label)s_%(class)s_funding_not_negative",
                violation_error_message=_("The funding amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ReportState.editable())
                | models.Q(funding_amount__isnull=True)
                | ~models.Q(funding_currency=""),
                name="%(app_label)s_%(class)s_amount_has_currency",
                violation_error_message=_("A funding amount needs its currency."),
            ),
        ]

    def __str__(self):
        return f"{self.activity.code} · {self.subject} · {self.cycle}"

    def get_absolute_url(self):
        return reverse("reporting:report", args=[self.pk])

    def get_edit_url(self):
        return reverse("reporting:edit", args=[self.pk])

    @property
    def subject(self):
        """The range state or species the report speaks for."""
        return self.range_state if self.range_state_id else self.species

    @property
    def subject_kind(self):
        return SubjectKind.RANGE_STATE if self.range_state_id else SubjectKind.SPECIES

    @property
    def is_public(self):
        return self.state == ReportState.ACCEPTED

    @property
    def is_editable(self):
        return self.state in ReportState.editable()

    def submission_deadline(self):
        """The last day this report can be submitted: the cycle's deadline, or later when the
        secretariat returned or reopened it."""
        if self.reopened_until and self.reopened_until > self.cycle.deadline:
            return self.reopened_until
        return self.cycle.deadline

    def can_be_submitted_on(self, today):
        return self.cycle.opens_on <= today <= self.submission_deadline()

    def last_comment(self):
        """The latest comment of the secretariat (from the prefetched transitions)."""
        for transition in reversed(list(self.transitions.all())):
            if transition.comment:
                return transition
        return None


class ReportLink(models.Model):
    """A web page given as evidence."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="links", verbose_name=_("report")
    )
    url = models.URLField(_("address"), max_length=500)
    title = models.CharField(_("title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.title or self.url

    def get_absolute_url(self):
        return self.url


class ReportAttachment(models.Model):
    """A document given as evidence, stored under a generated name and served by a view that
    checks who may see the report."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = ReportAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("reporting:attachment", args=[self.pk])


class ReportTransition(models.Model):
    """A step of the workflow: who moved the report from which state to which, when, and the
    comment they gave. Kept for good: the comments stay attached to the report."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("report")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    from_state = models.CharField(_("from"), max_length=20, choices=ReportState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ReportState.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.report_id}: {self.from_state or '—'} → {self.to_state}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()


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

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "focal_point", "days_before"],
                name="%(app_label)s_%(class)s_once",
                violation_error_message=_("This reminder was already sent."),
            )
        ]

    def __str__(self):
        return f"{self.focal_point} · {self.cycle} · {self.days_before}"

    def get_absolute_url(self):
        return reverse("admin:reporting_reminder_change", args=[self.pk])
