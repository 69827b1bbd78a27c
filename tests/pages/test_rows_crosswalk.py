"""The matrix's rows of activities that continue earlier ones (the crosswalk), made once in
Python (pages/rows.py), give the HTML the matrix's template gave before (tests/pages/
test_rows.py has the real programme; this one a programme and its successor)."""

import pytest
from django.urls import reverse

from tests.pages.test_matrix_crosswalk import NEXT, build_successor
from tests.pages.test_rows import LANGUAGES, old_matrix_rows
from tests.rangestates.factories import build_reported_programme


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_matrix_rows_with_a_crosswalk_as_before(client, secretariat_user, language):
    first = build_reported_programme(2, secretariat=secretariat_user)
    build_successor(first, 2)
    response = client.get(
        reverse("programme:matrix"), {"programme": NEXT}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["rows"]
    assert sum(len(row.earlier) for row in rows) == 4
    assert any(cell for row in rows for before in row.earlier for cell in before.cells)
    for row, card in old_matrix_rows(response, language, rows):
        assert row in html
        assert card in html
