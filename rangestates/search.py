"""What the search reads of range states and landscapes (core/search.py)."""

from django.db.models.signals import post_delete, post_save

from core import search

from .models import Landscape, RangeState

LANGUAGES = search.LANGUAGES


def range_state_documents(ids):
    records = RangeState.objects.all()
    if ids is not None:
        records = records.filter(pk__in=ids)
    for s in records:
        yield s.pk, {lang: (f"{getattr(s, f'name_{lang}')} {s.iso_code}", "") for lang in LANGUAGES}


def landscape_documents(ids):
    records = Landscape.objects.all()
    if ids is not None:
        records = records.filter(pk__in=ids)
    for s in records:
        yield s.pk, {
            lang: (getattr(s, f"name_{lang}"), getattr(s, f"countries_note_{lang}"))
            for lang in LANGUAGES
        }


def _range_state_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata (a restored backup brings its documents)
        return
    search.index("rangestate", [instance.pk])


def _landscape_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata (a restored backup brings its documents)
        return
    search.index("landscape", [instance.pk])


def connect():
    search.register("rangestate", range_state_documents)
    search.register("landscape", landscape_documents)
    for signal in (post_save, post_delete):
        signal.connect(_range_state_changed, sender=RangeState, dispatch_uid=f"search-rs-{signal}")
        signal.connect(_landscape_changed, sender=Landscape, dispatch_uid=f"search-ls-{signal}")
