import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import BooleanChoiceFilter
from species.choices import CmsAppendix, SpeciesScope
from species.models import Species


class SpeciesFilterSet(django_filters.FilterSet):
    scope = django_filters.MultipleChoiceFilter(choices=SpeciesScope.choices, label=_("Scope"))
    cms_appendix = django_filters.MultipleChoiceFilter(
        choices=[(value, label) for value, label in CmsAppendix.choices if value],
        label=_("CMS Appendix"),
    )
    concerted_action = BooleanChoiceFilter(label=_("Designated for concerted action"))
    programme = django_filters.CharFilter(
        field_name="programme_scope__programme__code",
        distinct=True,
        label=_("Programme (code): the species it covers"),
    )

    class Meta:
        model = Species
        fields = ["scope", "cms_appendix", "concerted_action", "programme"]
