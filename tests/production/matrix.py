"""The addresses the permission matrix walks: every URL pattern of the resolver and every
operation of the OpenAPI schema, each turned into concrete URLs with the test portal's objects.
A pattern or an operation added later is walked without any change here; a parameter this
file does not know gets a value that exists nowhere (the answer must then be a clean 404)."""

import itertools
import re
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from reporting.models import Report


@dataclass(frozen=True)
class Address:
    url: str
    name: str  # the URL name, "namespace:name" ("" when unnamed)
    route: str  # the pattern, for messages
    kwargs: tuple  # ((name, value), ...)
    model_admin: object = None  # the ModelAdmin behind an admin URL

    def arg(self, name):
        return dict(self.kwargs).get(name)


def walk_resolver():
    """(route, name, callback) for every URL pattern, namespaces included."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or ""
                if name and namespace:
                    name = f"{namespace}:{name}"
                yield prefix + str(pattern.pattern), name, pattern.callback

    yield from walk(get_resolver().url_patterns, "", "")


_GROUP = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def template_of(route):
    """'api/v1/^reports/(?P<pk>[^/]+)/$' -> ('/api/v1/reports/{pk}/', {'pk': None}); regex
    alternatives are returned as the group's choices."""
    out, params, i = [], {}, 0
    while i < len(route):
        if route.startswith("(?P<", i):
            end_name = route.index(">", i)
            name = route[i + 4 : end_name]
            depth, j = 1, end_name + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(route[j], 0)
                j += 1
            body = route[end_name + 1 : j - 1]
            choices = body.split("|") if re.fullmatch(r"[\w|-]+", body) else None
            params[name] = choices
            out.append("{" + name + "}")
            i = j
        elif route[i] in "^$":
            i += 1
        else:
            out.append(route[i])
            i += 1
    text = _GROUP.sub(
        lambda m: params.setdefault(m["name"], None) or "{" + m["name"] + "}", "".join(out)
    )
    return "/" + text.replace("\\", ""), params


def values_for(name, template, portal):
    """Concrete values for the parameter `name` of the URL `template`."""
    reports = portal.reports
    report_ids = [str(r.pk) for r in reports.values()]
    table = {
        "iso_code": ["KG"],
        "cycle_pk": [str(portal.cycle.pk)],
        "fmt": ["csv"],
        "number": ["1"],
        "app_label": ["reporting"],
        "url": ["no-such-page/"],
    }
    if name in table:
        return table[name]
    if name == "attachment_id":
        return [str(portal.attachment.pk)]
    if name in ("pk", "id"):
        if "/documents/" in template:
            return [str(portal.attachment.pk)]
        if "reporting-cycles" in template:
            return [str(portal.cycle.pk)]
        return report_ids
    if name == "code":
        if "programmes" in template:
            return [portal.programme.code]
        if "issues" in template:
            return [portal.activities["draft"].issue.code]
        if template.startswith("/reporting/"):  # with a report already, and without
            return [portal.activities["draft"].code, portal.activities["fresh"].code]
        return [portal.activities["draft"].code]
    if name == "slug":
        if "actors" in template:
            return ["ministry"]
        if "landscapes" in template:
            return ["tien-shan"]
        return ["snow-leopard"]
    if name == "uidb64":
        return [urlsafe_base64_encode(force_bytes(portal.users["kg"].pk))]
    if name == "token":
        return [default_token_generator.make_token(portal.users["kg"])]
    if name == "content_type_id":
        return [str(ContentType.objects.get_for_model(Report).pk)]
    if name == "object_id":
        return [str(reports["kg_draft"].pk)]
    return ["no-such-value"]


SUBJECTS = [("range-states", "KG"), ("range-states", "TJ"), ("species", "snow-leopard")]


def site_addresses(portal):
    """Concrete URLs for every pattern of the resolver (the admin's model pages with an object
    of their model)."""
    seen = set()
    for route, name, callback in walk_resolver():
        template, params = template_of(route)
        model_admin = getattr(callback, "model_admin", None)
        names = list(params)
        choices = []
        for param in names:
            if params[param]:
                choices.append(params[param][:1] if param == "app_label" else params[param])
            elif param == "object_id" and model_admin is not None:
                first = model_admin.model._default_manager.order_by("pk").first()
                choices.append([str(first.pk) if first else "0"])
            else:
                choices.append(values_for(param, template, portal))
        if {"segment", "key"} <= set(names):
            combos = []
            for segment, key in SUBJECTS:
                rest = [
                    [segment] if p == "segment" else [key] if p == "key" else c
                    for p, c in zip(names, choices, strict=True)
                ]
                combos += list(itertools.product(*rest))
        else:
            combos = list(itertools.product(*choices)) if names else [()]
        for combo in combos:
            kwargs = tuple(zip(names, combo, strict=True))
            url = template.format(**dict(kwargs)) if names else template
            if url in seen:
                continue
            seen.add(url)
            yield Address(url, name, route, kwargs, model_admin)


def api_operations(portal):
    """(method, Address) for every operation of the OpenAPI schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in sorted(schema["paths"].items()):
        params = re.findall(r"{(\w+)}", path)
        choices = [values_for(p, path, portal) for p in params]
        for method in ("get", "post", "put", "patch", "delete"):
            if method not in item:
                continue
            for combo in itertools.product(*choices) if params else [()]:
                kwargs = tuple(zip(params, combo, strict=True))
                url = path.format(**dict(kwargs))
                yield method, Address(url, item[method].get("operationId", ""), path, kwargs)
