"""Reports, their links, documents and the record of each change of state."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.choices import ImplementationStatus, label_of
from programme.models import Activity
from rangestates.models import RangeState
from species.models import Species

from ..choices import ReportState, SubjectKind
from ..querysets import (
    ReportAttachmentQuerySet,
    ReportQuerySet,
)
from ..subjects import ONE_SUBJECT
from .cycles import ReportingCycle

currency_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Give the currency as its three-letter ISO code, e.g. USD, EUR, KGS.")
)


# The fields a focal point fills in; everything else is the workflow's.
CONTENT_FIELDS = (
    "status",
    "progress",
    "results",
    "obstacles",
    "next_steps",
    "partners",
    "funding_amount",
    "funding_currency",
    "funding_source",
)


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
            # One cycle's accepted reports, the last accepted first: the list of accepted
            # reports reads them cycle by cycle (`newest_first`) and stops at its page.
            models.Index(
                fields=["cycle", "-accepted_at", "-id"],
                condition=models.Q(state=ReportState.ACCEPTED),
                name="%(app_label)s_%(class)s_by_cycle",
            ),
            # An activity's accepted reports per range state or species (its page ranks them
            # from this index alone, not from the reports' text).
            models.Index(
                fields=["activity", "range_state", "species", "cycle", "accepted_at"],
                condition=models.Q(state=ReportState.ACCEPTED),
                name="%(app_label)s_%(class)s_by_activity",
            ),
            # The reports waiting for review, cycle by cycle (the review queue).
            models.Index(
                fields=["cycle", "submitted_at"],
                condition=models.Q(state=ReportState.SUBMITTED),
                name="%(app_label)s_%(class)s_submitted",
            ),
            # Every report cycle by cycle, with what decides who sees it and what the natural
            # order joins: a signed-in author's list (accepted reports or their own) is read
            # one cycle at a time, and counted, from this index alone, as are the counts per
            # state (the review queue's tabs); not from the reports' text. (PostgreSQL; on
            # SQLite, an index of the key columns.)
            models.Index(
                fields=["cycle", "state", "author"],
                include=["id", "activity", "range_state", "species"],
                name="%(app_label)s_%(class)s_cycle_cover",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=ONE_SUBJECT,
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

    def get_state_display(self):
        return label_of(ReportState, self.state)

    def get_status_display(self):
        return label_of(ImplementationStatus, self.status)

    @classmethod
    def from_db(cls, db, field_names, values):
        report = super().from_db(db, field_names, values)
        # The state as stored: only an accepted report has a search document, so a save that
        # neither finds nor leaves the report accepted has none to change (reporting/search.py).
        report.stored_state = report.__dict__.get("state")
        return report

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
            if transition.comment and not transition.reply:
                return transition
        return None

    def content(self) -> dict:
        """What the focal point wrote, as JSON values (kept when the report is returned)."""
        return {
            field: "" if getattr(self, field) is None else str(getattr(self, field))
            for field in CONTENT_FIELDS
        }

    def changes_since_return(self):
        """[(field's name, as returned, now)] for each field changed since the secretariat
        last returned the report (from the prefetched transitions); [] if it never was."""
        returned = next(
            (
                t
                for t in reversed(list(self.transitions.all()))
                if t.to_state == ReportState.RETURNED and not t.reply and t.snapshot
            ),
            None,
        )
        if returned is None:
            return []
        now = self.content()
        changes = []
        for name in CONTENT_FIELDS:
            before, after = returned.snapshot.get(name, ""), now[name]
            if before != after:
                field = self._meta.get_field(name)
                words = dict(field.flatchoices) if field.choices else {}
                changes.append(
                    (field.verbose_name, words.get(before, before), words.get(after, after))
                )
        return changes


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
    reply = models.BooleanField(
        _("reply of the author"),
        default=False,
        help_text=_("The author's answer to the secretariat's comment; the state is unchanged."),
    )
    snapshot = models.JSONField(
        _("content when returned"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("What the report said when it was returned, to show what changed since."),
    )

    class Meta:
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.report_id}: {self.from_state or '—'} → {self.to_state}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()
