from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import CmsAppendix, InclusionCriterion, SpeciesScope


class SpeciesQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def in_initiative(self):
        return self.filter(scope=SpeciesScope.INITIATIVE)


class Species(models.Model):
    """A species the programme covers (section II) or names in Table 1."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    common_name = models.CharField(_("common name"), max_length=120)
    other_names = models.CharField(_("other names"), max_length=200, blank=True)
    scientific_name = models.CharField(_("scientific name"), max_length=120, blank=True)
    cms_appendix = models.CharField(
        _("CMS Appendix"), max_length=4, choices=CmsAppendix.choices, blank=True
    )
    concerted_action = models.BooleanField(_("designated for concerted action"), default=False)
    inclusion_criterion = models.PositiveSmallIntegerField(
        _("criterion for inclusion"), choices=InclusionCriterion.choices, null=True, blank=True
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=SpeciesScope.choices, default=SpeciesScope.INITIATIVE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SpeciesQuerySet.as_manager()

    class Meta:
        verbose_name = _("species")
        verbose_name_plural = _("species")
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="initiative", inclusion_criterion__isnull=False)
                | ~models.Q(scope="initiative"),
                name="%(app_label)s_%(class)s_initiative_has_criterion",
                violation_error_message=_("A species of the initiative needs its criterion."),
            ),
        ]

    def __str__(self):
        return self.common_name or self.slug

    def get_absolute_url(self):
        return reverse("species:detail", kwargs={"slug": self.slug})

    @property
    def in_initiative(self):
        return self.scope == SpeciesScope.INITIATIVE

    def natural_key(self):
        return (self.slug,)
