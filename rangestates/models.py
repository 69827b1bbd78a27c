from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RangeStateQuerySet(models.QuerySet):
    def get_by_natural_key(self, iso_code):
        return self.get(iso_code=iso_code)


class RangeState(models.Model):
    """One of the 14 range states of the initiative (section II)."""

    iso_code = models.CharField(
        _("ISO 3166-1 code"), max_length=2, unique=True, help_text=_("Two capital letters.")
    )
    name = models.CharField(_("name"), max_length=100)
    cms_party = models.BooleanField(
        _("Party to CMS"), null=True, blank=True, help_text=_("Leave empty when not known.")
    )
    cms_party_since = models.PositiveSmallIntegerField(
        _("Party to CMS since (year)"), null=True, blank=True
    )

    objects = RangeStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("range state")
        verbose_name_plural = _("range states")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso_code__regex=r"^[A-Z]{2}$"),
                name="%(app_label)s_%(class)s_iso_code_format",
                violation_error_message=_("The ISO code is two capital letters."),
            ),
            models.CheckConstraint(
                condition=models.Q(cms_party_since__isnull=True) | models.Q(cms_party=True),
                name="%(app_label)s_%(class)s_party_since_needs_party",
                violation_error_message=_("Only a Party to CMS has a year of accession."),
            ),
        ]

    def __str__(self):
        return self.name or self.iso_code

    def get_absolute_url(self):
        return reverse("rangestates:detail", kwargs={"iso_code": self.iso_code})

    def natural_key(self):
        return (self.iso_code,)


class LandscapeKind(models.TextChoices):
    TRANSBOUNDARY = "transboundary", _("Priority transboundary landscape (activity 2.1.1)")
    OTHER = "other", _("Other landscape named in the programme")


class LandscapeQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Landscape(models.Model):
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=LandscapeKind.choices)
    letter = models.CharField(
        _("letter in activity 2.1.1"), max_length=2, blank=True, help_text=_("a to l")
    )
    countries_note = models.CharField(_("note on the countries"), max_length=200, blank=True)
    range_states = models.ManyToManyField(
        RangeState, verbose_name=_("range states"), related_name="landscapes", blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = LandscapeQuerySet.as_manager()

    class Meta:
        verbose_name = _("landscape")
        verbose_name_plural = _("landscapes")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return reverse("rangestates:landscape", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)
