"""Test data for everything but the data-fidelity tests (which use the real fixtures)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from programme.choices import ActorKind, IssueKind, Priority
from programme.models import (
    Activity,
    ActivityStatus,
    Actor,
    Issue,
    Objective,
    Programme,
    Responsibility,
    SubActivity,
)
from rangestates.models import Landscape, LandscapeKind, RangeState
from species.models import Species


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("code",)

    code = "cami-2014-2020"
    title_en = "Programme of Work for the Central Asian Mammals Initiative (2014–2020)"
    title_fr = "Programme de travail pour l’Initiative pour les mammifères d’Asie centrale"
    resolution = "11.24"
    start_year = 2014
    end_year = 2020
    is_current = True
    vision_en = "Safe and viable populations of migratory mammals."
    vision_fr = "Des populations hors de danger et viables de mammifères migrateurs."
    goal_en = "Improve the conservation of large migratory mammals."
    goal_fr = "Améliorer la conservation des grands mammifères migrateurs."


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.LazyAttribute(lambda o: f"Objective {o.number} in English")
    title_fr = factory.LazyAttribute(lambda o: f"Objectif {o.number} en français")


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    objective = factory.SubFactory(ObjectiveFactory)
    programme = factory.LazyAttribute(lambda i: i.objective.programme)
    kind = IssueKind.ISSUE
    title_en = factory.LazyAttribute(lambda i: f"Issue {i.code}")
    title_fr = factory.LazyAttribute(lambda i: f"Problématique {i.code}")

    @factory.lazy_attribute
    def code(self):
        count = Issue.objects.filter(objective=self.objective).count()
        return f"{self.objective.number}.{count + 1}"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    issue = factory.SubFactory(IssueFactory)
    programme = factory.LazyAttribute(lambda a: a.issue.programme)
    text_en = factory.Sequence(lambda n: f"Do conservation work number {n}.")
    text_fr = factory.Sequence(lambda n: f"Faire le travail de conservation numéro {n}.")
    priority = Priority.HIGH

    @factory.lazy_attribute
    def code(self):
        count = Activity.objects.filter(issue=self.issue).count()
        return f"{self.issue.code}.{count + 1}"


class SubActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubActivity

    activity = factory.SubFactory(ActivityFactory)
    position = factory.Sequence(lambda n: n + 1)
    letter = factory.LazyAttribute(lambda s: "abcdefghijklmnopqrstuvwxyz"[(s.position - 1) % 26])
    text_en = "A sub-item"
    text_fr = "Un sous-élément"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"actor-{n}")
    name_en = factory.Sequence(lambda n: f"Actor {n}")
    name_fr = factory.Sequence(lambda n: f"Acteur {n}")
    kind = ActorKind.NGO


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    activity = factory.SubFactory(ActivityFactory)
    actor = factory.SubFactory(ActorFactory)
    position = factory.Sequence(lambda n: n + 1)


class SpeciesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Species
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"species-{n}")
    common_name_en = factory.Sequence(lambda n: f"Species {n}")
    common_name_fr = factory.Sequence(lambda n: f"Espèce {n}")
    scientific_name = "Ovis ammon"
    cms_appendix = "II"
    inclusion_criterion = 1


class RangeStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RangeState
        django_get_or_create = ("iso_code",)

    iso_code = factory.Sequence(lambda n: "A" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n % 26])
    name_en = factory.LazyAttribute(lambda s: f"Country {s.iso_code}")
    name_fr = factory.LazyAttribute(lambda s: f"Pays {s.iso_code}")


class LandscapeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Landscape
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"landscape-{n}")
    name_en = factory.Sequence(lambda n: f"Landscape {n}")
    name_fr = factory.Sequence(lambda n: f"Paysage {n}")
    kind = LandscapeKind.OTHER


class ActivityStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityStatus
        django_get_or_create = ("activity",)

    activity = factory.SubFactory(ActivityFactory)
