"""What a programme covers: its species (each with its place in that programme) and its range
states. Part of the programme as adopted, loaded with it, so that a successor programme can
cover other species than the one before it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rangestates.models import RangeState
from species.choices import SpeciesScope
from species.models import Species

from .structure import Programme


class ProgrammeSpeciesQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_code, species_slug):
        return self.get(programme__code=programme_code, species__slug=species_slug)


class ProgrammeSpecies(models.Model):
    """A species a programme covers (scope “initiative”) or names."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="species_scope",
        verbose_name=_("programme"),
    )
    species = models.ForeignKey(
        Species, on_delete=models.PROTECT, related_name="programme_scope", verbose_name=_("species")
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=SpeciesScope.choices, default=SpeciesScope.INITIATIVE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ProgrammeSpeciesQuerySet.as_manager()

    class Meta:
        verbose_name = _("species of the programme")
        verbose_name_plural = _("species of the programme")
        ordering = ["programme", "position", "species__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "species"],
                name="%(app_label)s_%(class)s_unique_species",
                violation_error_message=_("This programme already lists this species."),
            ),
            models.CheckConstraint(
                condition=models.Q(scope__in=SpeciesScope.values),
                name="%(app_label)s_%(class)s_scope_valid",
                violation_error_message=_("Unknown scope."),
            ),
        ]

    def __str__(self):
        return f"{self.programme.code}: {self.species.slug}"

    def natural_key(self):
        return (self.programme.code, self.species.slug)

    natural_key.dependencies = ["programme.programme", "species.species"]


class ProgrammeRangeStateQuerySet(models.QuerySet):
    def get_by_natural_key(self, programme_code, iso_code):
        return self.get(programme__code=programme_code, range_state__iso_code=iso_code)


class ProgrammeRangeState(models.Model):
    """A range state a programme covers."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="range_state_scope",
        verbose_name=_("programme"),
    )
    range_state = models.ForeignKey(
        RangeState,
        on_delete=models.PROTECT,
        related_name="programme_scope",
        verbose_name=_("range state"),
    )

    objects = ProgrammeRangeStateQuerySet.as_manager()

    class Meta:
        verbose_name = _("range state of the programme")
        verbose_name_plural = _("range states of the programme")
        ordering = ["programme", "range_state__iso_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "range_state"],
                name="%(app_label)s_%(class)s_unique_range_state",
                violation_error_message=_("This programme already lists this range state."),
            )
        ]

    def __str__(self):
        return f"{self.programme.code}: {self.range_state.iso_code}"

    def natural_key(self):
        return (self.programme.code, self.range_state.iso_code)

    natural_key.dependencies = ["programme.programme", "rangestates.rangestate"]
