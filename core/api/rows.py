"""Answers built from plain rows (`values()`), for the lists the API serves most.

A serializer builds a model instance per row and per nested object, then asks each field for
its attribute and its representation: for a page of activities that is thousands of
instances and some ten thousand field calls, most of the answer's time. The builders of
`programme/api/builders.py` and `reporting/api/builders.py` read the same rows with
`values()` and make the same JSON from them with the helpers below; the serializers stay
for the schema and the writes, and tests compare both representations field by field, in
every language.

- `Texts`: the translated columns of a model (`<field>_en`, `_fr`, `_ru`) and the value a
  model instance would show in the current language (django-modeltranslation's fallback:
  the first language of the resolution order whose value is not the field's default),
  with the language it fell back to (`core/fallback.py`).
- `Labels`: a choice's label in the current language (what `LabelField` gives).
- `Addresses`: absolute addresses, reversed once per view (`fast_reverse`).
- `date`, `datetime`, `decimal`: DRF's own fields' representations.
"""

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname, resolution_order
from rest_framework import serializers

from core.fallback import note_shown

from .serializers import ADDRESS_SAFE, address_parts, fast_reverse


def _language():
    return (get_language() or "en").split("-")[0]


class Texts:
    """The translated fields `names` of `model`, read from their languages' columns."""

    def __init__(self, model, names, prefix=""):
        options = translator.get_options_for_model(model)
        self.prefix = prefix
        self.names = tuple(names)
        fallbacks = getattr(options, "fallback_languages", None)
        self.fallbacks = fallbacks if isinstance(fallbacks, dict) else None
        self.defaults = {name: model._meta.get_field(name).get_default() for name in self.names}
        self.codes = [code for code, _name in settings.LANGUAGES]

    def columns(self):
        """The columns to ask `values()` for."""
        return [
            self.prefix + build_localized_fieldname(name, code)
            for name in self.names
            for code in self.codes
        ]

    def order(self):
        language = _language()
        return language, resolution_order(language, self.fallbacks)

    def value(self, row, name, order):
        """(value shown, language it fell back to or None) of field `name` in `row`."""
        language, codes = order
        default = self.defaults[name]
        for code in codes:
            value = row[f"{self.prefix}{name}_{code}"]
            if value is not None and value != default:
                return value, (None if code == language else code)
        return default, None

    def shown(self, row, name, order):
        return self.value(row, name, order)[0]

    def fallback(self, row, names, order):
        """{field: language} for the fields of `names` shown in another language, noted for
        the answer's Content-Language (what `FallbackField` gives)."""
        found = {}
        language, codes = order
        for name in names:
            for code in codes:
                value = row[f"{self.prefix}{name}_{code}"]
                if value not in (None, ""):
                    if code != language:
                        found[name] = code
                        note_shown(code)
                    break
        return found


class Labels:
    """{value: label} of a model field's choices in the current language."""

    def __init__(self, model, name):
        self.choices = model._meta.get_field(name).flatchoices
        self._tables = {}

    def table(self):
        language = get_language()
        table = self._tables.get(language)
        if table is None:
            table = self._tables[language] = {key: str(label) for key, label in self.choices}
        return table


def label(table, value):
    found = table.get(value, value)
    return found if isinstance(found, str) else str(found)


_SAMPLE = 918273645


class Addresses:
    """Absolute addresses for one request: the scheme and host found once, and each view's
    address (`fast_reverse`'s) once, cut where its keywords go."""

    def __init__(self, request):
        self.base = request.build_absolute_uri("/")[:-1] if request is not None else ""
        self._numbered = {}
        self._parts = {}
        self._quoted = {}

    def of(self, view_name, **kwargs):
        key = (view_name, *kwargs)
        parts = self._parts.get(key)
        if parts is None:
            parts = self._parts[key] = address_parts(view_name, kwargs)
        found = [self.base]
        for index, part in enumerate(parts):
            if index % 2:
                value = kwargs[part]
                quoted = self._quoted.get(value)
                if quoted is None:
                    if type(value) is int:  # digits: nothing to quote, no slash
                        quoted = self._quoted[value] = str(value)
                        found.append(quoted)
                        continue
                    text = str(value)
                    if "/" in text:  # reverse() says whether the view takes it
                        return self.base + fast_reverse(view_name, kwargs)
                    quoted = self._quoted[value] = quote(text, safe=ADDRESS_SAFE)
                found.append(quoted)
            else:
                found.append(part)
        return "".join(found)

    def of_number(self, view_name, name, number):
        """For a view whose keyword is a number (`<int:pk>`), which a placeholder cannot
        stand for: reversed once with a sample number, then filled."""
        template = self._numbered.get(view_name)
        if template is None:
            template = self._numbered[view_name] = reverse(view_name, kwargs={name: _SAMPLE})
        return self.base + template.replace(str(_SAMPLE), str(int(number)), 1)


_date = serializers.DateField()
_datetime = serializers.DateTimeField()


def date(value):
    return None if value is None else _date.to_representation(value)


def datetime(value):
    return None if value is None else _datetime.to_representation(value)
