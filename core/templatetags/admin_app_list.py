"""The admin's list of applications and models (admin/app_list.html: the nav sidebar of every
admin page, and the admin's index), written in Python.

Django's template writes each model's row through a dozen tags and filters (`{% with %}`,
`|lower`, `|urlencode` of the request's path three times, `{% if %}`s, translations); the
sidebar lists some thirty models on every admin page, the worksheet's included. `app_list`
writes what the template writes, character for character, from the same context
(tests/core/test_admin_app_list.py compares them, in English, French and Russian)."""

from urllib.parse import quote

from django import template
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.html import escaped

register = template.Library()


def _within(part, whole):
    """`{% if part in whole %}`: False when the test cannot be made."""
    try:
        return part in whole
    except Exception:
        return False


def _models(context, app, path, show_changelinks):
    shown = _shown_in(context)
    app_label = shown(app.get("app_label", ""))
    rows = []
    for model in app.get("models") or ():
        model_name = shown(str(model.get("object_name", "")).lower())
        described = f"{app_label}-{model_name}"
        admin_url, add_url = model.get("admin_url"), model.get("add_url")
        current = _within(admin_url, path)
        name = shown(model.get("name", ""))
        if admin_url:
            aria = ' aria-current="page"' if current else ""
            link = (
                f'\n                  <a href="{shown(admin_url)}"{aria}>{name}</a>'
                "\n                "
            )
        else:
            link = f"\n                  {name}\n                "
        if add_url:
            add = (
                f'\n                <td><a href="{shown(add_url)}" class="addlink" '
                f'aria-describedby="{described}">{gettext("Add")}</a></td>\n              '
            )
        else:
            add = "\n                <td></td>\n              "
        if admin_url and show_changelinks:
            if model.get("view_only"):
                kind, text = "viewlink", gettext("View")
            else:
                kind, text = "changelink", gettext("Change")
            change = (
                f'\n                \n                  <td><a href="{shown(admin_url)}" '
                f'class="{kind}" aria-describedby="{described}">{text}</a></td>'
                "\n                \n              "
            )
        elif show_changelinks:
            change = "\n                <td></td>\n              "
        else:
            change = ""
        rows.append(
            f'\n          \n            <tr class="model-{model_name}'
            f'{" current-model" if current else ""}">'
            f'\n              <th scope="row" id="{described}">\n                {link}'
            f"\n              </th>\n\n              {add}\n\n              {change}"
            "\n            </tr>\n          \n        "
        )
    return "".join(rows)


def _shown_in(context):
    """`{{ value }}` in `context`: escaped as the template escapes it."""

    def shown(value):
        if isinstance(value, str | Promise) or hasattr(value, "__html__"):
            return escaped(value) if context.autoescape else str(value)
        return render_value_in_context(value, context)

    return shown


@register.simple_tag(takes_context=True)
def app_list(context):
    """What admin/app_list.html writes (but its last line's end, which the template that
    calls this tag writes) for the context's `app_list`, `show_changelinks` and `request`."""
    apps = context.get("app_list")
    if not apps:
        text = gettext("You don’t have permission to view or edit anything.")
        return SafeString(f"\n\n\n  <p>{text}</p>\n")
    request = context.get("request")
    try:
        path = quote(str(request.path))
    except AttributeError:
        path = ""
    show_changelinks = context.get("show_changelinks")
    shown = _shown_in(context)
    written = []
    for app in apps:
        app_label = shown(app.get("app_label", ""))
        name = shown(app.get("name", ""))
        title = gettext("Models in the %(name)s application") % {"name": name}
        current = " current-app" if _within(app.get("app_url"), path) else ""
        written.append(
            f'\n    <div class="app-{app_label} module{current}">\n      <table>'
            f'\n        <caption>\n          <a href="{shown(app.get("app_url", ""))}" '
            f'class="section" title="{title}">{name}</a>\n        </caption>'
            '\n        <thead class="visually-hidden">\n          <tr>'
            f'\n            <th scope="col">{gettext("Model name")}</th>'
            f'\n            <th scope="col">{gettext("Add link")}</th>'
            f'\n            <th scope="col">{gettext("Change or view list link")}</th>'
            "\n          </tr>\n        </thead>\n        "
            f"{_models(context, app, path, show_changelinks)}"
            "\n      </table>\n    </div>\n  "
        )
    return SafeString(f"\n\n\n  {''.join(written)}\n")
