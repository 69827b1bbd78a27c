"""Django's JSON fixtures, with times kept to the microsecond.

Django's JSON encoder cuts times to milliseconds; a backup must give back exactly what was
stored (core/backup.py checks it), so the backups use this format, registered as
"portaljson" (settings.SERIALIZATION_MODULES). Reading is Django's own JSON deserializer."""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401 (the format's reader)
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder
