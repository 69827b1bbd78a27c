"""The static files' storage (core/storage.py) gives each file the address WhiteNoise's storage
gives it, made once per process, and forgets them when `collectstatic` hashes the files."""

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

from core.storage import KEPT, StaticFilesStorage

NAMES = [
    "admin/js/core.js",
    "admin/css/base.css",
    "admin/img/search.svg",
    "admin/js/vendor/jquery/jquery.min.js",
    "admin/img/icon-yes.svg#iefix",
    "admin/css/",  # a folder: not hashed
]


@pytest.fixture
def storages():
    return StaticFilesStorage(), CompressedManifestStaticFilesStorage()


def test_the_production_storage_is_this_one():
    if settings.DEBUG:
        pytest.skip("development serves the files unhashed, with Django's own storage")
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "core.storage.StaticFilesStorage"
    assert isinstance(staticfiles_storage, StaticFilesStorage)


def test_each_address_is_whitenoises(storages):
    ours, theirs = storages
    for _round in range(2):  # made, then kept
        for name in NAMES:
            assert ours.url(name) == theirs.url(name)
            assert ours.url(name, force=True) == theirs.url(name, force=True)
    assert ours.url("admin/js/core.js") != "/static/admin/js/core.js"  # hashed
    with override_settings(DEBUG=True):  # development's address, not the one kept
        assert ours.url("admin/js/core.js") == theirs.url("admin/js/core.js")


def test_a_file_the_manifest_lacks_is_refused_every_time(storages):
    ours, theirs = storages
    for _round in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            ours.url("no/such/file.js")
    assert not any(key[0] == "no/such/file.js" for key in ours._urls)


def test_collectstatic_forgets_the_addresses_made(storages):
    ours, _theirs = storages
    ours.url("admin/js/core.js")
    assert ours._urls
    list(ours.post_process({}, dry_run=True))
    assert not ours._urls


def test_at_most_so_many_are_kept(storages, monkeypatch):
    ours, theirs = storages
    monkeypatch.setattr("core.storage.KEPT", 3)
    for name in NAMES:
        assert ours.url(name) == theirs.url(name)
        assert len(ours._urls) <= 3
    assert KEPT > 1000
