"""The ground's one table: the search documents every room feeds (core/search.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What the search reads of one record (an activity, a species, an accepted report...):
    its title and body in each language, as plain text for PostgreSQL's full-text search
    (GIN indexes per language, added by the migration on PostgreSQL only), and as Snowball
    stems for SQLite, where the same words must be found."""

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object"))
    title_en = models.TextField(blank=True)
    title_fr = models.TextField(blank=True)
    title_ru = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    body_fr = models.TextField(blank=True)
    body_ru = models.TextField(blank=True)
    # " stem stem ... " (spaces around each), for a LIKE that finds whole stems.
    title_stems_en = models.TextField(blank=True)
    title_stems_fr = models.TextField(blank=True)
    title_stems_ru = models.TextField(blank=True)
    stems_en = models.TextField(blank=True)
    stems_fr = models.TextField(blank=True)
    stems_ru = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        ordering = ["kind", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="%(app_label)s_%(class)s_unique_object"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
