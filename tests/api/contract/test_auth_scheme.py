"""`Authorization: Bearer <token>` is refused with a 401 that names the `Token` scheme, never
answered as if anonymous."""

import pytest

from tests.api.factories import token_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "JWT"])
def test_another_scheme_is_a_401_naming_token(api, partner, scheme):
    api.credentials(HTTP_AUTHORIZATION=f"{scheme} {token_for(partner)}")
    response = api.get("/api/v1/activities/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    body = response.json()
    assert body["code"] == "wrong_scheme"
    assert "Token" in body["detail"]


def test_the_token_scheme_still_works(api, partner):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(partner)}")
    assert api.get("/api/v1/activities/").status_code == 200


def test_a_token_reads_as_its_user_in_one_query(api, partner, django_assert_num_queries):
    from core.api.authentication import TokenAuthentication

    key = token_for(partner)
    with django_assert_num_queries(1):
        user, token = TokenAuthentication().authenticate_credentials(key)
    assert user == partner and user.username == "pat" and token.key == key
    assert token.user == partner


def test_an_unknown_token_is_a_401(api, partner):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(partner)}x")
    response = api.get("/api/v1/activities/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_the_token_of_an_inactive_user_is_a_401(api, partner):
    key = token_for(partner)
    partner.is_active = False
    partner.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/activities/")
    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."
