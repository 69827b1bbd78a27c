"""Focal points: who reports for which range states and species."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rangestates.models import RangeState
from species.models import Species

from ..querysets import (
    FocalPointQuerySet,
)


class FocalPoint(models.Model):
    """A person who reports for one or more range states (national focal point) and/or
    species (species focal point). The secretariat manages them in the admin."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point",
        verbose_name=_("user account"),
    )
    range_states = models.ManyToManyField(
        RangeState,
        related_name="focal_points",
        blank=True,
        verbose_name=_("range states"),
        help_text=_("The countries this person reports for (national focal point)."),
    )
    species = models.ManyToManyField(
        Species,
        related_name="focal_points",
        blank=True,
        verbose_name=_("species"),
        help_text=_("The species this person reports on (species focal point)."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the public pages, e.g. “National focal point, Ministry of …”."),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FocalPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["user__last_name", "user__first_name", "user__username", "pk"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    def get_absolute_url(self):
        return reverse("admin:reporting_focalpoint_change", args=[self.pk])

    @property
    def name(self):
        return str(self)
