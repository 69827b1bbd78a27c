"""The portal's own words in the OpenAPI schema: its introduction and what each group of
endpoints holds (a postprocessing hook of drf-spectacular, settings.SPECTACULAR_SETTINGS)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.api.pagination import PagePagination


def _introduction():
    """How the API works as a whole, in sections."""
    guide = reverse("api:guide")
    docs = reverse("api:docs")
    token = reverse("api:token")
    sections = [
        _(
            "The Programme of Work of the CMS Central Asian Mammals Initiative, its "
            "implementation status and the progress reports of the range states, for "
            "partners' systems. Examples with curl: [Using the API](%(guide)s); try it: "
            "[Swagger UI](%(docs)s)."
        )
        % {"guide": guide, "docs": docs},
        "## " + _("Addresses"),
        _(
            "Objects are addressed by their natural key: `/activities/2.3.15/`, "
            "`/issues/2.3/`, `/objectives/2/`, `/species/snow-leopard/`, `/range-states/KZ/`, "
            "`/landscapes/altai-sayan/`, `/actors/cms/`; reports and reporting cycles by their "
            "`id`. Objectives, issues and activities "
            "belong to a programme: the current one unless `?programme=<code>` names another. "
            "Every object carries its `url`."
        ),
        "## " + _("Authentication"),
        _(
            "Reading is open to everyone. Scripts send a token: `Authorization: Token <key>` "
            "(get yours on [your token page](%(token)s), or from the secretariat). In the "
            "browser, the portal's session works too, with the CSRF token on writes. Signed-in "
            "clients get a higher rate limit."
        )
        % {"token": token},
        "## " + _("Lists"),
        _(
            "Lists are paginated: `?page=` and `?page_size=` (at most %(max)s); the answer "
            "holds `count`, `next`, `previous` and `results`. Filters are query parameters; a "
            "parameter that takes several values is repeated (`?priority=high&priority=medium`). "
            "`?ordering=` sorts where offered. An unknown parameter, a malformed value or a "
            "repeated single value is a 400 naming the parameter, never ignored."
        )
        % {"max": PagePagination.max_page_size},
        "## " + _("Formats and languages"),
        _(
            "JSON by default; every list also as CSV with `?format=csv` or `Accept: text/csv` "
            "(the whole filtered list, streamed). Texts come in English, French or Russian: "
            "`?lang=fr` or `Accept-Language: fr`; a text not translated falls back to English. "
            "`Content-Language` says which language you got."
        ),
        "## " + _("Conditional requests and safe writes"),
        _(
            "Every JSON read sends an `ETag` (and `Last-Modified` where the object records "
            "it); send it back in `If-None-Match` (or `If-Modified-Since`) to get "
            "`304 Not Modified` when nothing changed. A change (PUT, PATCH, or an action on an "
            "existing object) must send `If-Match` with the ETag you read (in the same "
            "language): if "
            "someone changed the object meanwhile the answer is `412` and nothing is saved; "
            "without `If-Match` it is `428`. `If-Match: *` overwrites knowingly."
        ),
        "## " + _("Errors and limits"),
        _(
            "Every error under `/api/` is RFC 9457 problem details, "
            "`Content-Type: application/problem+json`: `type`, `title` and `status` (the HTTP "
            "status), `detail` (for people), `code` (stable, for programs: `not_found`, "
            "`wrong_state`, `throttled`…) and, for a 400, `errors` with the messages of each "
            "parameter or field. Every answer carries `RateLimit-Limit`, `RateLimit-Remaining` "
            "and `RateLimit-Reset` (seconds until the window starts again); too many requests "
            "get `429` with `Retry-After` (seconds)."
        ),
        "## " + _("Versions and deprecation"),
        _(
            "Everything under `/api/v1/` keeps its meaning: new endpoints, fields, "
            "parameters and error codes may be added, so ignore what you do not know. A field or "
            "parameter is removed or changes meaning only in a new version (`/api/v2/`), announced "
            "at least six months before, while `/api/v1/` keeps answering for at least twelve "
            "months after the new version opens."
        ),
    ]
    return "\n\n".join(str(s) for s in sections)


def describe_api(result, generator, request, public):
    """The schema's introduction and the description of each group of endpoints."""
    result["info"]["description"] = _introduction()
    # A write naming a field it does not take is a 400 (core/api/writes.py): say so.
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
    result["info"]["contact"] = {"name": _("CMS Secretariat, Central Asian Mammals Initiative")}
    result["tags"] = [
        {"name": name, "description": str(description)}
        for name, description in _tag_descriptions().items()
        if any(
            name in operation.get("tags", [])
            for path in result.get("paths", {}).values()
            for operation in path.values()
        )
    ]
    return result


def _tag_descriptions():
    return {
        "programmes": _("Versions of the Programme of Work (2014–2020, its successors…)."),
        "objectives": _("The programme's objectives, by number."),
        "issues": _("The issues under each objective, by code (2.3)."),
        "activities": _(
            "The numbered activities (2.3.15) with their sub-items, responsible actors, "
            "species, range states, landscapes, implementation status and status per range "
            "state. The secretariat sets the status through /activities/{code}/status/."
        ),
        "actors": _("Responsible actors named in the programme."),
        "species": _("The species of the initiative and those the programme names."),
        "range-states": _("The range states, by ISO 3166-1 code."),
        "landscapes": _("The transboundary and other landscapes named in the programme."),
        "reporting-cycles": _("Reporting cycles opened by the secretariat."),
        "reports": _(
            "Progress reports: accepted reports are public; focal points write their own "
            "drafts and submit them; the secretariat accepts or returns them."
        ),
    }
