"""The programme as adopted: its vision and goal, objectives and issues."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import IssueKind
from ..querysets import (
    IssueQuerySet,
    ObjectiveQuerySet,
    ProgrammeQuerySet,
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
    species = models.ManyToManyField(
        "species.Species",
        through="programme.ProgrammeSpecies",
        related_name="programmes",
        blank=True,
        verbose_name=_("species"),
    )
    range_states = models.ManyToManyField(
        "rangestates.RangeState",
        through="programme.ProgrammeRangeState",
        related_name="programmes",
        blank=True,
        verbose_name=_("range states"),
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "code"]
        permissions = [
            ("import_programme", _("Can import a programme from its workbook")),
            ("make_current_programme", _("Can make a programme the current one")),
        ]
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
                message = _("Issue %(code)s cannot stand under objective %(number)s.")
                params = {"code": self.code, "number": self.objective.number}
                # params, not %: the message is worded when shown, in the language in use
                raise ValidationError({"code": ValidationError(message, params=params)})

    def natural_key(self):
        return (self.programme.code, self.code)

    natural_key.dependencies = ["programme.objective"]
