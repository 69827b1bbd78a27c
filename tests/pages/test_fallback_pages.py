"""Every public page that names an activity, a species, a range state, a landscape or an
actor marks the name that falls back to English on a Russian page (the element's `lang`
and the discreet marker), not only the activity pages."""

import re
from urllib.parse import quote

import pytest

from programme.models import Activity, Actor
from rangestates.models import Landscape, RangeState
from species.models import Species

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_programme")]


def marked(html, english):
    """`english` shown in an element carrying lang="en", followed by the marker."""
    pattern = (r'lang="en"[^>]*>(?:<[^>]+>)*' + re.escape(english)
               + r'.*?</span>(?:</a>)?<abbr class="fallback-mark"')  # fmt: skip
    return re.search(pattern, html, re.S) is not None


@pytest.fixture
def untranslated():
    """An activity linked to a species, a range state, a landscape and an actor, with the
    Russian of each removed."""
    activity = (
        Activity.objects.filter(
            species__isnull=False, range_states__isnull=False, landscapes__isnull=False,
            responsibilities__isnull=False,
        ).order_by("code").first()
    )  # fmt: skip
    assert activity is not None
    species = activity.species.order_by("slug").first()
    state = activity.range_states.order_by("iso_code").first()
    landscape = activity.landscapes.order_by("slug").first()
    actor = Actor.objects.filter(responsibilities__activity=activity).order_by("slug").first()
    Activity.objects.filter(pk=activity.pk).update(short_title_ru="", text_ru="")
    Species.objects.filter(pk=species.pk).update(common_name_ru="")
    RangeState.objects.filter(pk=state.pk).update(name_ru="")
    Landscape.objects.filter(pk=landscape.pk).update(name_ru="")
    Actor.objects.filter(pk=actor.pk).update(name_ru="")
    return {
        "activity": Activity.objects.get(pk=activity.pk),
        "species": Species.objects.get(pk=species.pk),
        "state": RangeState.objects.get(pk=state.pk),
        "landscape": Landscape.objects.get(pk=landscape.pk),
        "actor": Actor.objects.get(pk=actor.pk),
    }


def russian(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200, url
    assert "en" in response["Content-Language"], url
    return response.content.decode()


def test_detail_pages_mark_the_record_and_its_activity(client, untranslated):
    title = untranslated["activity"].short_title_en
    for key, field in [("species", "common_name_en"), ("state", "name_en"),
                       ("landscape", "name_en"), ("actor", "name_en")]:  # fmt: skip
        record = untranslated[key]
        html = russian(client, record.get_absolute_url())
        h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
        assert marked(h1, getattr(record, field)), (key, h1)
        assert marked(html, title), key


def test_lists_mark_the_names(client, untranslated):
    assert marked(russian(client, "/species/"), untranslated["species"].common_name_en)
    html = russian(client, "/range-states/")
    assert marked(html, untranslated["state"].name_en)
    assert marked(html, untranslated["landscape"].name_en)
    assert marked(russian(client, "/actors/"), untranslated["actor"].name_en)


def test_matrix_row_header_is_marked(client, untranslated):
    html = russian(client, "/matrix/")
    activity = untranslated["activity"]
    row = re.search(r'<th scope="row" class="matrix-activity">.{0,200}?>' + re.escape(activity.code)
                    + r"</a>(.*?)</th>", html, re.S)  # fmt: skip
    assert row and marked(row.group(1), activity.short_title_en[:40])
    # The phone's list of the same rows (shown instead of the table on a narrow screen).
    card = re.search(r'<p class="matrix-card-title">.{0,200}?>' + re.escape(activity.code)
                     + r"</a>(.*?)</p>", html, re.S)  # fmt: skip
    assert card and marked(card.group(1), activity.short_title_en[:40])
    assert html.count('class="fallback-mark"') == 2


def test_search_results_are_marked(client, untranslated):
    activity = untranslated["activity"]
    word = activity.short_title_en.split()[0]
    html = russian(client, f"/search/?q={quote(word)}")
    result = re.search(r'<li class="search-result">.{0,200}?>' + re.escape(activity.code)
                       + r"</a>(.*?)</li>", html, re.S)  # fmt: skip
    assert result, "the activity is not found"
    assert 'class="search-title" lang="en"' in result.group(1)
    assert result.group(1).count('class="fallback-mark"') == 2  # its title and its text
    state = untranslated["state"]
    html = russian(client, f"/search/?q={quote(state.name_en)}")
    assert re.search(r'<span lang="en">.*?</span></a><abbr class="fallback-mark"', html, re.S)
