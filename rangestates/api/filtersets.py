import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import BooleanChoiceFilter
from rangestates.models import Landscape, LandscapeKind, RangeState


class RangeStateFilterSet(django_filters.FilterSet):
    cms_party = BooleanChoiceFilter(
        label=_("Party to CMS (true or false; states whose status is not known match neither)")
    )
    programme = django_filters.CharFilter(
        field_name="programme_scope__programme__code",
        distinct=True,
        label=_("Programme (code): the range states it covers"),
    )

    class Meta:
        model = RangeState
        fields = ["cms_party", "programme"]


class LandscapeFilterSet(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=LandscapeKind.choices, label=_("Kind"))
    range_state = django_filters.ModelMultipleChoiceFilter(
        field_name="range_states__iso_code",
        to_field_name="iso_code",
        queryset=RangeState.objects.all(),
        label=_("Range state (ISO code)"),
    )
    programme = django_filters.CharFilter(
        field_name="activities__programme__code",
        distinct=True,
        label=_("Programme (code): the landscapes its activities name"),
    )

    class Meta:
        model = Landscape
        fields = ["kind", "range_state", "programme"]
