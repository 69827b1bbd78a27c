from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportState(models.TextChoices):
    """Where a report stands in the review workflow."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for changes")

    @classmethod
    def editable(cls):
        """States in which the author may still change the report."""
        return [cls.DRAFT, cls.RETURNED]

    @classmethod
    def done(cls):
        """States that count as reported (the focal point has nothing left to do)."""
        return [cls.SUBMITTED, cls.ACCEPTED]


class ReportProgress(models.TextChoices):
    """Where a focal point stands on one activity in a cycle: a report's state, or no report
    yet. The report's own words, never those of an implementation status ("Not started"),
    listed in the order of what needs the focal point's attention first."""

    RETURNED = ReportState.RETURNED.value, ReportState.RETURNED.label
    DRAFT = ReportState.DRAFT.value, ReportState.DRAFT.label
    NONE = "none", pgettext_lazy("report state", "No report yet")
    SUBMITTED = ReportState.SUBMITTED.value, ReportState.SUBMITTED.label
    ACCEPTED = ReportState.ACCEPTED.value, ReportState.ACCEPTED.label

    @classmethod
    def of(cls, report):
        return cls.NONE if report is None else cls(report.state)

    @classmethod
    def rank(cls, value):
        """0 for what needs attention first (returned), up to 4 (accepted)."""
        return cls.values.index(value)


class SubjectKind(models.TextChoices):
    """What a report speaks for: a range state (national focal point) or a species."""

    RANGE_STATE = "range_state", _("Range state")
    SPECIES = "species", _("Species")


# Currencies offered in the form (any ISO 4217 code is accepted): those of the range states
# and the usual donors' currencies.
COMMON_CURRENCIES = (
    "USD", "EUR", "CHF", "GBP", "AFN", "CNY", "INR", "IRR", "KZT", "KGS", "MNT", "NPR",
    "PKR", "RUB", "TJS", "TMT", "UZS",
)  # fmt: skip
