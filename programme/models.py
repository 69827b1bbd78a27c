"""The Programme of Work as adopted (reference data loaded from fixtures) and what people
record about it (statuses), kept in separate tables so that reloading the programme never
touches the second kind."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rangestates.models import Landscape, RangeState
from species.models import Species

from .choices import ActorKind, ImplementationStatus, IssueKind, Priority
from .querysets import (
    ActivityQuerySet,
    ActorQuerySet,
    IssueQuerySet,
    ObjectiveQuerySet,
    ProgrammeQuerySet,
    ResponsibilityQuerySet,
    SubActivityQuerySet,
    code_sort_key,
)

issue_code_validator = RegexValidator(r"^\d+\.\d+$", _("An issue code looks like 2.3."))
activity_code_validator = RegexValidator(
    r"^\d+\.\d+\.\d+$", _("An activity code looks like 2.3.15.")
)


class Programme(models.Model):
    """A version of the CAMI Programme of Work (2014-2020, its successors...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=250)
    resolution = models.CharField(_("resolution"), max_length=20, blank=True)
    adopted_at = models.CharField(_("adopted by"), max_length=250, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    is_current = models.BooleanField(
        _("current programme"),
        default=False,
        help_text=_("The programme the portal shows by default. Only one can be current."),
    )
    vision = models.TextField(_("vision"), blank=True)
    goal = models.TextField(_("goal"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="%(app_label)s_%(class)s_one_current",
                violation_error_message=_("Only one programme can be the current one."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="%(app_label)s_%(class)s_years_in_order",
                violation_error_message=_("The last year cannot come before the first."),
            ),
        ]

    def __str__(self):
        return self.title or self.code

    def get_absolute_url(self):
        return reverse("programme:home")

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}"

    def natural_key(self):
        return (self.code,)


class Objective(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("title"))

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="%(app_label)s_%(class)s_unique_number",
                violation_error_message=_(
                    "This programme already has an objective with this number."
                ),
            )
        ]

    def __str__(self):
        return _("Objective %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return reverse("programme:home") + f"#objective-{self.number}"

    def natural_key(self):
        return (self.programme.code, self.number)

    natural_key.dependencies = ["programme.programme"]


class Issue(models.Model):
    """A "problématique" of Table 1 (under objective 2: a landscape and its species)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="issues", verbose_name=_("programme")
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="issues", verbose_name=_("objective")
    )
    code = models.CharField(_("code"), max_length=10, validators=[issue_code_validator])
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IssueKind.choices)
    title = models.TextField(_("title"))

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["programme", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="%(app_label)s_%(class)s_unique_code",
                violation_error_message=_("This programme already has an issue with this code."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = code_sort_key(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programme:home") + f"#issue-{self.code}"

    def clean(self):
        super().clean()
        if self.objective_id and self.programme_id:
            if self.objective.programme_id != self.programme_id:
                raise ValidationError(
                    {"objective": _("The objective belongs to another programme.")}
                )
            if self.code and self.code.split(".")[0] != str(self.objective.number):
                raise ValidationError(
                    {
                        "code": _("Issue %(code)s cannot stand under objective %(number)s.")
                        % {"code": self.code, "number": self.objective.number}
                    }
                )

    def natural_key(self):
        return (self.programme.code, self.code)

    natural_key.dependencies = ["programme.objective"]


class Actor(models.Model):
    """A responsible actor of Table 1 (one record however the table spells it)."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)

    objects = ActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name_en"]

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return reverse("programme:actor", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Activity(models.Model):
    """A numbered activity of Table 1, e.g. 2.3.15."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="activities", verbose_name=_("programme")
    )
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="activities", verbose_name=_("issue")
    )
    code = models.CharField(_("number"), max_length=12, validators=[activity_code_validator])
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)
    heading = models.CharField(
        _("sub-heading"),
        max_length=250,
        blank=True,
        help_text=_("The heading that groups this activity inside its issue, if any."),
    )
    text = models.TextField(_("text"))
    priority = models.CharField(_("priority"), max_length=20, choices=Priority.choices)
    priority_text = models.CharField(
        _("priority as worded"),
        max_length=250,
        blank=True,
        help_text=_("The exact wording, when the priority is not a plain level."),
    )
    actors_text = models.TextField(
        _("responsible actors as worded"),
        blank=True,
        help_text=_("The table's “Responsible” cell as it applies to this activity."),
    )
    actors = models.ManyToManyField(
        Actor,
        through="Responsibility",
        related_name="activities",
        verbose_name=_("responsible actors"),
    )
    species = models.ManyToManyField(
        Species, related_name="activities", blank=True, verbose_name=_("species")
    )
    range_states = models.ManyToManyField(
        RangeState, related_name="activities", blank=True, verbose_name=_("range states")
    )
    landscapes = models.ManyToManyField(
        Landscape, related_name="activities", blank=True, verbose_name=_("landscapes")
    )
    referenced_activities = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="referenced_by",
        blank=True,
        verbose_name=_("cross-referenced activities"),
    )
    referenced_issues = models.ManyToManyField(
        Issue,
        related_name="referenced_by",
        blank=True,
        verbose_name=_("cross-referenced issues"),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["programme", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="%(app_label)s_%(class)s_unique_code",
                violation_error_message=_(
                    "This programme already has an activity with this number."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(priority__in=Priority.values),
                name="%(app_label)s_%(class)s_priority_valid",
                violation_error_message=_("Unknown priority."),
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.sort_key = code_sort_key(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programme:activity", kwargs={"code": self.code})

    def clean(self):
        super().clean()
        if self.issue_id and self.programme_id:
            if self.issue.programme_id != self.programme_id:
                raise ValidationError({"issue": _("The issue belongs to another programme.")})
            if self.code and not self.code.startswith(self.issue.code + "."):
                raise ValidationError(
                    {
                        "code": _("Activity %(code)s cannot stand under issue %(issue)s.")
                        % {"code": self.code, "issue": self.issue.code}
                    }
                )
        needs_wording = self.priority in (Priority.MIXED, Priority.CONDITIONAL)
        if needs_wording and not self.priority_text:
            raise ValidationError(
                {"priority_text": _("A mixed or conditional priority needs its exact wording.")}
            )

    @property
    def objective(self):
        return self.issue.objective

    @property
    def short_text(self):
        text = self.text or ""
        return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"

    def natural_key(self):
        return (self.programme.code, self.code)

    natural_key.dependencies = ["programme.issue"]


class SubActivity(models.Model):
    """A lettered item (a, b, c...) of an activity, with its own priority where given."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="subactivities", verbose_name=_("activity")
    )
    letter = models.CharField(_("letter"), max_length=3)
    position = models.PositiveSmallIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    priority = models.CharField(_("priority"), max_length=20, choices=Priority.choices, blank=True)

    objects = SubActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("sub-item")
        verbose_name_plural = _("sub-items")
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "letter"],
                name="%(app_label)s_%(class)s_unique_letter",
                violation_error_message=_("This activity already has an item with this letter."),
            ),
            models.CheckConstraint(
                condition=models.Q(priority="") | models.Q(priority__in=Priority.values),
                name="%(app_label)s_%(class)s_priority_valid",
                violation_error_message=_("Unknown priority."),
            ),
        ]

    def __str__(self):
        return f"{self.activity.code} {self.letter})"

    def natural_key(self):
        return (*self.activity.natural_key(), self.letter)

    natural_key.dependencies = ["programme.activity"]


class Responsibility(models.Model):
    """An actor named responsible for an activity."""

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("activity"),
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="responsibilities", verbose_name=_("actor")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    proposed = models.BooleanField(
        _("proposed (to be confirmed)"),
        default=False,
        help_text=_("Marked “(to be confirmed)” in the programme."),
    )
    qualifier = models.CharField(_("qualifier"), max_length=200, blank=True)

    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "actor"],
                name="%(app_label)s_%(class)s_unique_actor",
                violation_error_message=_("This actor is already responsible for this activity."),
            )
        ]

    def __str__(self):
        return f"{self.activity.code}: {self.actor}"

    def natural_key(self):
        return (*self.activity.natural_key(), self.actor.slug)

    natural_key.dependencies = ["programme.activity", "programme.actor"]


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
