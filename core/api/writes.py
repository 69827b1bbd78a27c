"""Writes name only fields the endpoint takes.

A write sending a field it does not take (`{"state": "accepted"}` on a draft, a misspelt
`progres`) is a 400 naming the field, never silently dropped: the client would believe it
saved something. A field of the object's representation that cannot be written is called
read-only, anything else unknown."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from rest_framework import serializers


class StrictFieldsMixin:
    #: Fields the representation shows but a write cannot set.
    read_only_names: tuple = ()

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = sorted(name for name, field in self.fields.items() if not field.read_only)
            errors = {}
            for name in data:
                if name in writable:
                    continue
                if name in self.read_only_names:
                    errors[name] = [
                        _("This field is read-only. Fields you can write here: %(names)s.")
                        % {"names": ", ".join(writable)}
                    ]
                else:
                    errors[name] = [
                        _("Unknown field. Fields you can write here: %(names)s.")
                        % {"names": ", ".join(writable)}
                    ]
            if errors:
                raise serializers.ValidationError(errors, code="unknown_field")
        return super().to_internal_value(data)
