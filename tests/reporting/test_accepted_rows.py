"""The public list of accepted reports is written from plain rows (reporting/public_rows.py):
the same page, byte for byte, as from the reports' instances, in every language, on every
page and with filters."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation

from core import paginator

from .test_public_reads import reports  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _page(response):
    """The page without what differs from one request to the next (CSRF token, nonce)."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)
    return re.sub(r'nonce="[^"]+"', "nonce", text)


def _from_instances(monkeypatch):
    """Pages read as before: the page's reports as model instances (`for_listing`)."""
    made = paginator.IdsFirstPaginator.__init__

    def without_rows(self, *args, by_ids=None, **kwargs):
        made(self, *args, **kwargs)

    monkeypatch.setattr(paginator.IdsFirstPaginator, "__init__", without_rows)


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
@pytest.mark.parametrize(
    "query", ["", "?page=2", "?range_state=KG", "?species=argali", "?range_state=XX"]
)
@pytest.mark.usefixtures("reports")
def test_the_list_is_the_same_page_as_from_the_reports(client, monkeypatch, language, query):
    address = f"/reporting/reports/{query}"
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    with translation.override(language):
        cache.clear()
        rows = client.get(address, **headers)
        with monkeypatch.context() as patched:
            _from_instances(patched)
            cache.clear()
            instances = client.get(address, **headers)
    assert rows.status_code == instances.status_code
    assert _page(rows) == _page(instances)
    if not query:
        assert 'href="/reporting/reports/' in _page(rows)
