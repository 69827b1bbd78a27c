"""What the search reads of a species (core/search.py): its names in each language."""

from django.db.models.signals import post_delete, post_save

from core import search

from .models import Species

LANGUAGES = search.LANGUAGES


def species_documents(ids):
    records = Species.objects.all()
    if ids is not None:
        records = records.filter(pk__in=ids)
    for s in records:
        yield s.pk, {
            lang: (
                f"{getattr(s, f'common_name_{lang}')} {s.scientific_name}",
                getattr(s, f"other_names_{lang}"),
            )
            for lang in LANGUAGES
        }


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata (a restored backup brings its documents)
        return
    search.index("species", [instance.pk])


def connect():
    search.register("species", species_documents)
    post_save.connect(_changed, sender=Species, dispatch_uid="search-species-save")
    post_delete.connect(_changed, sender=Species, dispatch_uid="search-species-delete")
