from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api.viewsets import ApiViewSet
from rangestates.models import Landscape, RangeState

from . import builders
from .filtersets import LandscapeFilterSet, RangeStateFilterSet
from .serializers import LandscapeSerializer, RangeStateSerializer


@extend_schema_view(
    list=extend_schema(summary=_("List range states")),
    retrieve=extend_schema(
        summary=_("One range state, by its ISO 3166-1 code"),
        description=_("The code is two letters, in either case (KZ or kz)."),
    ),
)
class RangeStateViewSet(ApiViewSet):
    lookup_example = "KZ"
    lookup_description = _("The ISO 3166-1 code, in either case.")
    queryset = RangeState.objects.prefetch_related(
        Prefetch("landscapes", queryset=Landscape.objects.order_by("position", "slug"))
    )
    serializer_class = RangeStateSerializer
    filterset_class = RangeStateFilterSet
    lookup_field = "iso_code"

    def get_object(self):
        self.kwargs["iso_code"] = self.kwargs["iso_code"].upper()
        return super().get_object()

    def build_list(self, request):
        # The JSON is built from plain rows (rangestates/api/builders.py): what the serializer
        # gives (tested field by field), at a fraction of its cost.
        states = self.filter_queryset(RangeState.objects.all())
        page = self.paginate_queryset(states.values(*builders.COLUMNS))
        return self.get_paginated_response(builders.RangeStateBuilder(request).build(page))


@extend_schema_view(
    list=extend_schema(summary=_("List landscapes")),
    retrieve=extend_schema(summary=_("One landscape, by its identifier")),
)
class LandscapeViewSet(ApiViewSet):
    lookup_example = "altai-sayan"
    lookup_description = _("The landscape's identifier.")
    queryset = Landscape.objects.prefetch_related(
        Prefetch("range_states", queryset=RangeState.objects.order_by("name_en", "iso_code"))
    )
    serializer_class = LandscapeSerializer
    filterset_class = LandscapeFilterSet
    lookup_field = "slug"
