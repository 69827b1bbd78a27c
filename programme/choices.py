from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    HIGH_MEDIUM = "high_medium", _("High / medium")
    MEDIUM = "medium", _("Medium")
    MEDIUM_LOW = "medium_low", _("Medium / low")
    LOW = "low", _("Low")
    MIXED = "mixed", _("Per sub-item")
    CONDITIONAL = "conditional", _("Conditional")


class IssueKind(models.TextChoices):
    ISSUE = "issue", _("Issue")
    LANDSCAPE = "landscape", _("Landscape and species")


class ActorKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    FOCAL_POINT = "focal_point", _("Focal points")
    NGO = "ngo", _("Non-governmental organisation")
    SCIENCE = "science", _("Scientific institution")
    CONVENTION = "convention", _("Convention or agreement")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
    IUCN = "iucn", _("IUCN")
    DEVELOPMENT = "development", _("Development cooperation and donors")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    COMMUNITY = "community", _("Communities")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")


class ImplementationStatus(models.TextChoices):
    """Where an activity stands; shared by the admin, the reports, the pages and the API."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ONGOING = "ongoing", _("Ongoing (recurring)")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def definitions(cls):
        """What each status means, for whoever chooses one (the report form, the admin)."""
        return [(status, status.label, STATUS_DEFINITIONS[status]) for status in cls]


STATUS_DEFINITIONS = {
    ImplementationStatus.NOT_STARTED: _("No work on the activity has begun yet."),
    ImplementationStatus.IN_PROGRESS: _(
        "Work has begun and is moving towards an end point, but the activity is not finished."
    ),
    ImplementationStatus.ONGOING: _(
        "The activity is a continuing or recurring task (monitoring, patrols, meetings) that "
        "is being carried out as planned; it has no single end point."
    ),
    ImplementationStatus.COMPLETED: _(
        "The activity has been carried out in full and its expected output has been delivered."
    ),
    ImplementationStatus.DELAYED: _(
        "Work has begun or should have begun, but it is behind its schedule; say why under "
        "obstacles."
    ),
    ImplementationStatus.SUSPENDED: _(
        "Work has stopped for now and is expected to resume; say why under obstacles."
    ),
    ImplementationStatus.CANCELLED: _(
        "The activity will not be carried out in this country (or for this species); say why."
    ),
}


def label_of(choices, value):
    """What Django's `get_FOO_display()` answers for `value` of a field with `choices` (a
    TextChoices class): its label as text, or the value itself if it is none of them. Without
    hashing every label of the choices on each call, as Django does: lists ask it per row."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
