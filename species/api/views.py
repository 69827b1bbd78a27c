from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api.viewsets import ApiViewSet
from species.models import Species

from .filtersets import SpeciesFilterSet
from .serializers import SpeciesSerializer


@extend_schema_view(
    list=extend_schema(
        summary=_("List species"),
        description=_("The 15 species of the initiative and the species the programme names."),
    ),
    retrieve=extend_schema(summary=_("One species, by its identifier")),
)
class SpeciesViewSet(ApiViewSet):
    lookup_example = "snow-leopard"
    lookup_description = _("The species' identifier.")
    queryset = Species.objects.all()
    serializer_class = SpeciesSerializer
    filterset_class = SpeciesFilterSet
    lookup_field = "slug"
