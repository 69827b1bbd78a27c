"""Texts shown in another language than the page's, said honestly.

A record that lacks the page's language shows the text of a fallback language
(django-modeltranslation's `MODELTRANSLATION_FALLBACK_LANGUAGES`). `fallback_language`
says which language a field is really shown in; the pages mark such a text with that
language's `lang` attribute and a discreet marker, the API lists the fields in a
per-object `fallback` member, and `FallbackLanguageMiddleware` adds the languages that
were shown to the response's `Content-Language`.
"""

from contextvars import ContextVar

from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order

# The fallback languages shown while answering the current request.
_shown: ContextVar[set | None] = ContextVar("fallback_languages_shown", default=None)


def _options(model):
    try:
        return translator.get_options_for_model(model)
    except NotRegistered:
        return None


def source_field(instance, name):
    """The translated field an attribute shows: itself, or what the model's
    `fallback_sources` maps it to (e.g. an activity's `list_title` shows its short title,
    or its text when it has none)."""
    sources = getattr(type(instance), "fallback_sources", {})
    if name in sources:
        return sources[name](instance)
    return name


def fallback_language(instance, name):
    """The language `instance.<name>` is shown in when it is not the page's language (it
    fell back), else None. Records the language for the response's Content-Language."""
    field = source_field(instance, name)
    options = _options(type(instance))
    if options is None or field not in options.all_fields:
        return None
    language = (get_language() or "en").split("-")[0]
    fallbacks = getattr(options, "fallback_languages", None)
    if not isinstance(fallbacks, dict):
        fallbacks = None
    for code in resolution_order(language, fallbacks):
        value = getattr(instance, build_localized_fieldname(field, code), None)
        if value not in (None, ""):
            if code == language:
                return None
            note_shown(code)
            return code
    return None


class Fallbacks:
    """`fallback_language` for many instances of `model` in one language (a page's rows):
    the language and its resolution order found once."""

    def __init__(self, model):
        self.options = _options(model)
        self.language = (get_language() or "en").split("-")[0]
        fallbacks = getattr(self.options, "fallback_languages", None)
        self.order = resolution_order(
            self.language, fallbacks if isinstance(fallbacks, dict) else None
        )
        self._columns = {}
        self._texts = {}

    def _columns_of(self, field):
        columns = self._columns.get(field)
        if columns is None:
            if self.options is None or field not in self.options.all_fields:
                columns = ()
            else:
                columns = [(code, build_localized_fieldname(field, code)) for code in self.order]
            self._columns[field] = columns
        return columns

    def language_of(self, instance, name):
        """What `fallback_language(instance, name)` gives."""
        for code, column in self._columns_of(source_field(instance, name)):
            value = getattr(instance, column, None)
            if value not in (None, ""):
                if code == self.language:
                    return None
                note_shown(code)
                return code
        return None

    def shown(self, instance, name):
        """(`instance.<name>`, the language it fell back to or None) for a field `name`, in
        one pass over its languages' columns: what django-modeltranslation's descriptor and
        `fallback_language` give."""
        columns = self._texts.get(name)
        if columns is None:
            columns = self._columns_of(name)
            # A text whose default is empty: an empty text falls back, as for the descriptor.
            if not columns or self.options.model._meta.get_field(name).get_default() != "":
                columns = False
            self._texts[name] = columns
        if columns is False:
            return getattr(instance, name), self.language_of(instance, name)
        for code, column in columns:
            value = getattr(instance, column, None)
            if value not in (None, ""):
                if code == self.language:
                    return value, None
                note_shown(code)
                return value, code
        return "", None


def note_shown(code):
    """Note that a text of the answer is shown in language `code` (Content-Language)."""
    shown = _shown.get()
    if shown is not None:
        shown.add(code)


def fallbacks(instance, names):
    """{field: language} for every field of `names` shown in another language."""
    found = {}
    for name in names:
        code = fallback_language(instance, name)
        if code:
            found[name] = code
    return found


def marker(code):
    """The discreet marker after a text shown in language `code` (announced to screen
    readers), or nothing when `code` is None."""
    if not code:
        return ""
    from django.utils.translation import get_language_info

    name = get_language_info(code)["name_translated"]
    return format_html(
        '<abbr class="fallback-mark" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></abbr>',
        gettext("Not translated yet: shown in %(language)s") % {"language": name},
        code.upper(),
        gettext("(not translated yet: shown in %(language)s)") % {"language": name},
    )


def marked(value, code):
    """`value` (escaped) in an element carrying its language, followed by a discreet marker
    that screen readers announce."""
    if not code:
        return format_html("{}", value)
    return format_html(
        '<span lang="{}" class="fallback-text">{}</span>{}', code, value, marker(code)
    )


class FallbackLanguageMiddleware:
    """Adds the languages texts fell back to after the page's own in `Content-Language`
    ("ru, en"). Placed after LocaleMiddleware, which then keeps the header as set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _shown.set(set())
        try:
            response = self.get_response(request)
            shown = _shown.get()
        finally:
            _shown.reset(token)
        if shown:
            language = (get_language() or "en").split("-")[0]
            current = response.headers.get("Content-Language") or language
            languages = [code.strip() for code in current.split(",") if code.strip()]
            languages += sorted(code for code in shown if code not in languages)
            response.headers["Content-Language"] = ", ".join(languages)
        return response
