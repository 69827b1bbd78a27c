"""The static files' storage: WhiteNoise's (hashed names from the manifest, compressed
copies), each file's address worked out once per process. Django works it out at every
`{% static %}` and every script or style sheet of a form's media (through `urlsplit`,
`unquote`, the manifest and `urljoin`: about 25 µs each, some twenty times an admin page);
the manifest does not change while the process runs, but for `collectstatic`'s own
`post_process`, which forgets the addresses made."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

#: At most this many addresses are kept (names come from templates and forms' media, a few
#: hundred; past this the kept ones are forgotten and made again).
KEPT = 4096


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        key = (name, force, settings.DEBUG)
        url = self._urls.get(key)
        if url is None:
            url = super().url(name, force)  # raises for a file the manifest lacks
            if len(self._urls) >= KEPT:
                self._urls.clear()
            self._urls[key] = url
        return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        try:
            yield from super().post_process(*args, **kwargs)
        finally:
            self._urls.clear()
