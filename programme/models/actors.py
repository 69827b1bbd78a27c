"""The actors the programme names as responsible."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import ActorKind
from ..querysets import (
    ActorQuerySet,
)


class Actor(models.Model):
    """A responsible actor of Table 1 (one record however the table spells it)."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    full_name = models.CharField(
        _("full name"),
        max_length=300,
        blank=True,
        help_text=_("The name written out, where the programme uses a short form or an acronym."),
    )
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
