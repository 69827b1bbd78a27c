"""The programme's activities, their sub-items and who is responsible for each."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from rangestates.models import Landscape, RangeState
from species.models import Species

from ..choices import Priority, label_of
from ..querysets import (
    ActivityQuerySet,
    ResponsibilityQuerySet,
    SubActivityQuerySet,
    code_sort_key,
)
from .actors import Actor
from .structure import Issue, Programme, activity_code_validator

#: The whole text of an activity that is only a cross-reference: "See activity 2.2.6",
#: "See activities 1.2.3 and 1.2.4".
CROSS_REFERENCE = re.compile(r"See activit(y|ies) [\d.]+(( and|,) [\d.]+)*\.?", re.IGNORECASE)


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
    short_title = models.CharField(
        _("short title"),
        max_length=90,
        blank=True,
        help_text=_(
            "A title of at most 90 characters, written by the portal from the text, for the "
            "lists of activities. The text remains the reference."
        ),
    )
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
    changed_at = models.DateTimeField(
        _("last changed"),
        auto_now=True,
        db_index=True,
        help_text=_(
            "When what the API and the pages show of the activity last changed: its own "
            "fields, its status, or its status in a range state (`mark_changed`)."
        ),
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
    continues = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="continued_as",
        blank=True,
        verbose_name=_("continues"),
        help_text=_("The activities of earlier programmes that this activity carries on."),
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

    def get_priority_display(self):
        return label_of(Priority, self.priority)

    @property
    def programme_url(self):
        """The page's address in its own programme, valid whichever programme is current."""
        return f"{self.get_absolute_url()}?{urlencode({'programme': self.programme.code})}"

    @property
    def page_url(self):
        """The address lists link to: plain in the current programme, with `?programme=` in
        another one (so that a list of another programme's activities opens them)."""
        return self.get_absolute_url() if self.programme.is_current else self.programme_url

    def clean(self):
        super().clean()
        if self.issue_id and self.programme_id:
            if self.issue.programme_id != self.programme_id:
                raise ValidationError({"issue": _("The issue belongs to another programme.")})
            if self.code and not self.code.startswith(self.issue.code + "."):
                message = _("Activity %(code)s cannot stand under issue %(issue)s.")
                params = {"code": self.code, "issue": self.issue.code}
                # params, not %: the message is worded when shown, in the language in use
                raise ValidationError({"code": ValidationError(message, params=params)})
        needs_wording = self.priority in (Priority.MIXED, Priority.CONDITIONAL)
        if needs_wording and not self.priority_text:
            raise ValidationError(
                {"priority_text": _("A mixed or conditional priority needs its exact wording.")}
            )

    def check_continues(self, activities, programme=None):
        """The crosswalk's rule: an activity continues activities of other programmes."""
        programme_id = programme.pk if programme is not None else self.programme_id
        same = sorted(a.code for a in activities if a.programme_id == programme_id)
        if same:
            message = _(
                "An activity continues activities of earlier programmes, not of its own "
                "(%(codes)s)."
            )
            raise ValidationError(
                {"continues": ValidationError(message, params={"codes": ", ".join(same)})}
            )

    @property
    def objective(self):
        return self.issue.objective

    @property
    def short_text(self):
        return self.cut_text(self.text)

    @staticmethod
    def cut_text(text):
        """A text as lists show it when it has no short title: cut to 120 characters."""
        text = text or ""
        return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"

    # The translated field a derived attribute shows (core/fallback.py).
    fallback_sources = {
        "list_title": lambda a: "short_title" if a.short_title else "text",
        "short_text": lambda a: "text",
    }

    @property
    def list_title(self):
        """What a list of activities shows: the short title, or the text cut short for an
        activity that has none."""
        return self.short_title or self.short_text

    @property
    def is_cross_reference(self):
        """The activity's text only sends the reader to another one (2.3.12: "See activity
        2.2.6"): it is reported on there. Read on the English text, the one every record has."""
        return bool(CROSS_REFERENCE.fullmatch((self.text_en or "").strip()))

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
