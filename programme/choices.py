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
