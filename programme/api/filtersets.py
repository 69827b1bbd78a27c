"""Filters of the API's programme listings other than activities (activities use
`programme.filtersets.ActivityFilterSet`, shared with the public pages)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from programme.choices import ActorKind, IssueKind
from programme.models import Actor, Issue


class IssueFilterSet(django_filters.FilterSet):
    objective = django_filters.NumberFilter(
        field_name="objective__number", label=_("Objective (number)"), min_value=1
    )
    kind = django_filters.MultipleChoiceFilter(choices=IssueKind.choices, label=_("Kind"))

    class Meta:
        model = Issue
        fields = ["objective", "kind"]


class ActorFilterSet(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=ActorKind.choices, label=_("Kind"))
    programme = django_filters.CharFilter(
        field_name="responsibilities__activity__programme__code",
        distinct=True,
        label=_("Programme (code): the actors its activities name"),
    )

    class Meta:
        model = Actor
        fields = ["kind", "programme"]
