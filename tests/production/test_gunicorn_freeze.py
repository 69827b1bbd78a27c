"""The workers' long-lived objects are frozen out of the garbage collector's walks
(gunicorn.conf.py): once the application is loaded, and once after the first requests."""

import gc
import runpy
import weakref
from types import SimpleNamespace

import pytest
from gunicorn.config import KNOWN_SETTINGS

from .test_security_headers import ROOT


@pytest.fixture
def config():
    yield runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()  # the test process goes on as before


def test_the_hooks_are_gunicorns_own_settings():
    # A misspelt hook would be an unused variable of the file, silently.
    names = {setting.name for setting in KNOWN_SETTINGS}
    assert {"post_worker_init", "post_request"} <= names


def test_a_worker_freezes_what_it_loaded(config):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    config["post_worker_init"](SimpleNamespace(nr=0))
    assert gc.get_freeze_count() > 0


def test_a_worker_freezes_again_once_after_its_first_requests(config):
    limit = config["FREEZE_AFTER_REQUESTS"]
    gc.unfreeze()
    for served in range(1, limit):
        config["post_request"](SimpleNamespace(nr=served), None, {}, None)
    assert gc.get_freeze_count() == 0
    config["post_request"](SimpleNamespace(nr=limit), None, {}, None)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    gc.unfreeze()
    config["post_request"](SimpleNamespace(nr=limit + 1), None, {}, None)
    assert gc.get_freeze_count() == 0


def test_garbage_is_collected_before_freezing(config):
    class Cycle:
        pass

    gc.unfreeze()
    gc.disable()
    try:
        cycle = Cycle()
        cycle.me = cycle
        seen = weakref.ref(cycle)
        del cycle
        assert seen() is not None  # only the collector frees a cycle
        config["post_worker_init"](SimpleNamespace(nr=0))
        assert seen() is None
    finally:
        gc.enable()
