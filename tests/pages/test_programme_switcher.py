"""The programme switcher on every public page whose content depends on the programme, and
links that keep `?programme=` (pages, filters, cross-references), so that an address stays
valid, and shows the same thing, whichever programme is current."""

import re

import pytest
from django.urls import reverse

from programme.current import make_current
from tests.factories import ActivityFactory, IssueFactory, ObjectiveFactory, ProgrammeFactory
from tests.rangestates.factories import build_reported_programme

pytestmark = pytest.mark.django_db

NEXT = "test-next"


@pytest.fixture
def two_programmes(secretariat_user):
    first = build_reported_programme(1, secretariat=secretariat_user)
    second = ProgrammeFactory(code=NEXT, start_year=2021, end_year=2026, is_current=False)
    issue = IssueFactory(objective=ObjectiveFactory(programme=second, number=1))
    one = ActivityFactory(issue=issue, code=f"{issue.code}.1", text_en="First of the next")
    two = ActivityFactory(issue=issue, code=f"{issue.code}.2", text_en="Second of the next")
    one.referenced_activities.add(two)
    two.species.add(first.activities.first().species.get())
    return first, second


PAGES = [
    reverse("programme:matrix"),
    reverse("programme:actors"),
    reverse("species:list"),
    reverse("species:detail", kwargs={"slug": "argali"}),
    reverse("rangestates:list"),
    reverse("rangestates:detail", kwargs={"iso_code": "MN"}),
    reverse("rangestates:landscape", kwargs={"slug": "altai-sayan"}),
    reverse("programme:search"),
]


@pytest.mark.parametrize("path", PAGES)
def test_every_programme_page_has_the_switcher(client, two_programmes, path):
    html = client.get(path).text
    assert f'href="{path}?programme={NEXT}"' in html
    assert '<strong aria-current="page">2014–2020</strong>' in html
    html = client.get(path, {"programme": NEXT}).text
    assert '<strong aria-current="page">2021–2026</strong>' in html
    assert 'href="' + path + '?programme=' in html  # back to the other one


def test_one_programme_no_switcher_on_these_pages(client, secretariat):
    build_reported_programme(1, secretariat=secretariat)
    for path in PAGES:
        assert "programme-switcher" not in client.get(path).text, path


def test_the_matrix_of_another_programme_links_into_it(client, two_programmes):
    first, second = two_programmes
    html = client.get(reverse("programme:matrix"), {"programme": NEXT}).text
    assert "First of the next" in html
    code = second.activities.order_by("sort_key").first().code
    assert f'href="/activities/{code}/?programme={NEXT}"' in html
    assert f'href="/range-states/MN/?programme={NEXT}"' in html
    # Its filter form keeps the programme; its other views of the same rows too.
    assert f'<input type="hidden" name="programme" value="{NEXT}">' in html
    assert f'href="/activities/?programme={NEXT}"' in html
    filtered = client.get(reverse("programme:matrix"), {"programme": NEXT, "q": "Second"})
    assert "Second of the next" in filtered.text and "First of the next" not in filtered.text


def test_pages_of_another_programme_keep_it_in_their_links(client, two_programmes):
    html = client.get(reverse("species:detail", kwargs={"slug": "argali"}), {"programme": NEXT})
    html = html.text
    assert f'href="/activities/?species=argali&amp;programme={NEXT}"' in html
    assert f'href="/species/?programme={NEXT}"' in html  # the breadcrumb
    assert "Second of the next" in html
    search = client.get(reverse("programme:search"), {"programme": NEXT, "q": "next"}).text
    assert f'<input type="hidden" name="programme" value="{NEXT}">' in search
    assert f'href="/activities/?q=next&amp;programme={NEXT}"' in search


def test_an_activity_of_another_programme_refers_within_it(client, two_programmes):
    first, second = two_programmes
    one, two = second.activities.order_by("sort_key")
    html = client.get(f"/activities/{one.code}/", {"programme": NEXT}).text
    assert f'href="/activities/{two.code}/?programme={NEXT}"' in html  # see also
    assert f'href="/activities/?programme={NEXT}"' in html  # breadcrumb
    assert f'href="/activities/?issue={one.issue.code}&amp;programme={NEXT}"' in html
    html = client.get(f"/activities/{two.code}/", {"programme": NEXT}).text
    assert f'href="/activities/{one.code}/?programme={NEXT}"' in html  # referred to by
    assert f'href="/species/argali/?programme={NEXT}"' in html


def test_pages_of_the_current_programme_link_plainly(client, two_programmes):
    html = client.get(reverse("programme:matrix")).text
    first = two_programmes[0]
    code = first.activities.order_by("sort_key").first().code
    assert f'href="/activities/{code}/"' in html
    assert "programme=cami" not in html.replace(f"?programme={NEXT}", "")


def without_token(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.parametrize("path", PAGES)
def test_an_address_with_its_programme_shows_the_same_after_a_switch(
    client, two_programmes, secretariat_user, path
):
    first, second = two_programmes
    address = f"{path}?programme={first.code}"
    before = client.get(address)
    assert before.status_code == 200
    make_current(second, by=secretariat_user)
    after = client.get(address)
    # Only the switcher's "(current)" mark moves.
    strip = re.compile(r'<nav class="programme-switcher.*?</nav>', re.S)
    assert strip.sub("", without_token(after.text)) == strip.sub("", without_token(before.text))
    assert f"?programme={first.code}" in after.text
