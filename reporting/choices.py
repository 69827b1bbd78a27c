from django.db import models
from django.utils.translation import gettext_lazy as _


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
