"""What the import resources (django-import-export) of every app share: rows match existing
records only, and translated wording is imported only when the officer confirms it."""

from django.core.exceptions import ValidationError

LANGUAGES = ("en", "fr", "ru")


class NoCreateMixin:
    """Rows must match an existing record; an unknown key is a row error, not a new record."""

    not_found_message = "No record matches this row."

    def init_instance(self, row=None):
        key = ", ".join(f"{name}={row.get(name)!r}" for name in self._meta.import_id_fields)
        raise ValidationError(f"{self.not_found_message} ({key})")


class WordingMixin:
    """Translated wording columns are imported only when the officer confirms it."""

    wording_fields: tuple = ()

    def __init__(self, update_wording=False, **kwargs):
        super().__init__()
        self.update_wording = bool(update_wording)

    def get_import_fields(self):
        import_fields = super().get_import_fields()
        if self.update_wording:
            return import_fields
        wording = {f"{name}_{lang}" for name in self.wording_fields for lang in LANGUAGES}
        return [f for f in import_fields if f.attribute not in wording]
