"""Pages picked by id first (core.paginator) are the pages slicing would give."""

import pytest
from django.core.paginator import Paginator

from core.paginator import IdsFirstPaginator
from rangestates.models import RangeState
from tests.factories import RangeStateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("per_page, orphans", [(3, 0), (3, 1), (7, 0), (10, 0)])
def test_same_pages_as_slicing(per_page, orphans):
    for code in ("KG", "TJ", "KZ", "MN", "CN", "AF", "UZ"):
        RangeStateFactory(iso_code=code, name_en=f"Country {code[::-1]}")
    ordered = RangeState.objects.order_by("-name_en", "pk")
    expected = Paginator(ordered, per_page, orphans=orphans)
    paginator = IdsFirstPaginator(ordered, per_page, orphans=orphans)
    assert paginator.num_pages == expected.num_pages
    for number in expected.page_range:
        assert list(paginator.page(number)) == list(expected.page(number))


def test_lists_and_empty_querysets_are_sliced():
    assert list(IdsFirstPaginator([1, 2, 3], 2).page(2)) == [3]
    assert list(IdsFirstPaginator(RangeState.objects.order_by("pk"), 5).page(1)) == []


def test_one_query_more_than_slicing(django_assert_num_queries):
    RangeStateFactory.create_batch(4)
    paginator = IdsFirstPaginator(RangeState.objects.order_by("name_en", "pk"), 2)
    paginator.count  # noqa: B018 - counted apart
    with django_assert_num_queries(2):  # the ids of the page, then its rows
        assert len(list(paginator.page(2))) == 2
