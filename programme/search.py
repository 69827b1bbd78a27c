"""What the search reads of an activity and an actor (core/search.py).

An activity's document, in each language: its number and short title (the title, which
ranks first), then its sub-heading, text, sub-items, actors as worded, responsible actors
and their qualifiers, and the names of its species, range states and landscapes."""

from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import search
from rangestates.models import Landscape, RangeState
from species.models import Species

from .models import Activity, Actor, Responsibility, SubActivity

LANGUAGES = search.LANGUAGES


def activity_documents(ids):
    records = Activity.objects.prefetch_related(
        Prefetch("subactivities", queryset=SubActivity.objects.order_by("position")),
        Prefetch("responsibilities", queryset=Responsibility.objects.select_related("actor")),
        "species",
        "range_states",
        "landscapes",
    )
    if ids is not None:
        records = records.filter(pk__in=ids)
    for activity in records:
        yield activity.pk, {lang: _activity_texts(activity, lang) for lang in LANGUAGES}


def _activity_texts(activity, lang):
    def field(record, name):
        return getattr(record, f"{name}_{lang}") or ""

    title = f"{activity.code} {field(activity, 'short_title')}"
    parts = [field(activity, "heading"), field(activity, "text")]
    for sub in activity.subactivities.all():
        parts += [field(sub, "heading"), field(sub, "text")]
    parts.append(field(activity, "actors_text"))
    for responsibility in activity.responsibilities.all():
        parts += [field(responsibility.actor, "name"), field(responsibility, "qualifier")]
    for species in activity.species.all():
        parts += [field(species, "common_name"), field(species, "other_names"),
                  species.scientific_name]  # fmt: skip
    parts += [field(state, "name") for state in activity.range_states.all()]
    parts += [field(landscape, "name") for landscape in activity.landscapes.all()]
    return title, "\n".join(part for part in parts if part)


def actor_documents(ids):
    records = Actor.objects.all()
    if ids is not None:
        records = records.filter(pk__in=ids)
    for actor in records:
        yield actor.pk, {lang: (getattr(actor, f"name_{lang}"), "") for lang in LANGUAGES}


# --- keeping the documents up to date -----------------------------------------------------


def _activity_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata (a restored backup brings its documents)
        return
    search.index("activity", [instance.pk])


def _part_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata (a restored backup brings its documents)
        return
    if instance.activity_id:
        search.index("activity", [instance.activity_id])


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        search.index("activity", [instance.pk])
    elif pk_set:
        search.index("activity", pk_set)
    else:  # post_clear from the other side
        search.index("activity")


def _named_changed(sender, instance, **kwargs):
    """A species, range state, landscape or actor renamed: the activities that name it."""
    if kwargs.get("raw"):  # loaddata (a restored backup brings its documents)
        return
    ids = list(instance.activities.values_list("pk", flat=True)) if instance.pk else []
    if ids:
        search.index("activity", ids)


def _actor_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata (a restored backup brings its documents)
        return
    search.index("actor", [instance.pk])
    _named_changed(sender, instance)


def connect():
    search.register("activity", activity_documents)
    search.register("actor", actor_documents)
    uid = "search-programme-"
    post_save.connect(_activity_changed, sender=Activity, dispatch_uid=uid + "activity")
    post_delete.connect(_activity_changed, sender=Activity, dispatch_uid=uid + "activity-del")
    for model in (SubActivity, Responsibility):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}{model.__name__}")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}{model.__name__}-d")
    for through in (Activity.species.through, Activity.range_states.through,
                    Activity.landscapes.through):  # fmt: skip
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"{uid}{through}")
    for model in (Species, RangeState, Landscape):
        post_save.connect(_named_changed, sender=model, dispatch_uid=f"{uid}{model.__name__}")
    post_save.connect(_actor_changed, sender=Actor, dispatch_uid=uid + "actor")
    post_delete.connect(_actor_changed, sender=Actor, dispatch_uid=uid + "actor-del")
