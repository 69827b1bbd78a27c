"""The range states' JSON built from plain rows (core/api/rows.py): what `RangeStateSerializer`
gives, field for field (tests/api/test_builders.py compares them in every language), without a
model instance or a serializer field per value."""

from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse

from core.api.rows import Addresses, Texts
from core.prepared import Prepared
from rangestates.models import Landscape, RangeState

NAME = Texts(RangeState, ("name",))
LANDSCAPE_NAME = Texts(Landscape, ("name",), prefix="landscape__")

#: What `values()` reads of a range state for `RangeStateBuilder.build`.
COLUMNS = ["id", "iso_code", *NAME.columns(), "cms_party", "cms_party_since"]

#: The landscapes of range states (`ids`), compiled once (core/prepared.py).
LANDSCAPES = Prepared(
    lambda ids: (
        Landscape.range_states.through.objects.filter(rangestate_id__in=ids)
        .order_by("rangestate_id", "landscape__position", "landscape__slug")
        .values("rangestate_id", "landscape__slug", *LANDSCAPE_NAME.columns())
    ),
    model=Landscape,
)


class RangeStateBuilder:
    """Builds range states' JSON for one request."""

    #: The request's query parameters carried over to `activities_url` (`ListUrlField`).
    keep = ("programme",)

    def __init__(self, request):
        self.request = request
        self.urls = Addresses(request)

    def build(self, rows):
        rows = list(rows)
        if not rows:
            return []
        landscapes = self.landscapes([row["id"] for row in rows])
        order = NAME.order()
        urls, query = self.urls, self.request.GET
        kept = [(name, query[name]) for name in self.keep if query.get(name)]
        activities = urls.base + reverse("api:activity-list") + "?"
        return [
            {
                "iso_code": row["iso_code"],
                "url": urls.of("api:range-state-detail", iso_code=row["iso_code"]),
                "web_url": urls.of("rangestates:detail", iso_code=row["iso_code"]),
                "name": NAME.shown(row, "name", order),
                "cms_party": row["cms_party"],
                "cms_party_since": row["cms_party_since"],
                "landscapes": landscapes.get(row["id"], []),
                "activities_url": activities + urlencode([("range_state", row["iso_code"]), *kept]),
            }
            for row in rows
        ]

    def landscapes(self, ids):
        return landscapes_by(LANDSCAPES(ids), "rangestate_id", self.urls)


def landscapes_by(rows, owner, urls):
    """{owner's id: the JSON of its landscapes (slug, name, address)} from `values()` rows
    with `owner`, `landscape__slug` and `LANDSCAPE_NAME`'s columns (a range state's, an
    activity's)."""
    found = defaultdict(list)
    order = LANDSCAPE_NAME.order()
    for row in rows:
        slug = row["landscape__slug"]
        found[row[owner]].append(
            {
                "slug": slug,
                "name": LANDSCAPE_NAME.shown(row, "name", order),
                "url": urls.of("api:landscape-detail", slug=slug),
            }
        )
    return found
