"""DRF's token authentication, refusing the schemes clients send by habit.

`Authorization: Bearer …` (or `JWT …`, `Api-Key …`) is not read as "no credentials": the
client would get an anonymous answer and never learn why its token is ignored. It is a 401
naming the scheme the portal takes, `Token`."""

from django.contrib.auth import get_user_model
from django.db import router
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from .. import readcache
from ..prepared import Prepared, columns

OTHER_SCHEMES = {b"bearer", b"jwt", b"api-key", b"apikey"}


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        scheme = authentication.get_authorization_header(request).split(maxsplit=1)[:1]
        if scheme and scheme[0].lower() in OTHER_SCHEMES:
            raise exceptions.AuthenticationFailed(
                _(
                    "The scheme of this Authorization header is not used here: send "
                    "“Authorization: Token <key>”."
                ),
                code="wrong_scheme",
            )
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        # What DRF's does (same refusals), with the query compiled once.
        user = user_of_token(key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token(key=key, user=user)
        token._state.adding, token._state.db = False, user._state.db
        return (user, token)


#: The annotation that reads whether the user sees unpublished records (core/readcache.py).
SEES_PRIVATE = "sees_private_now"


def _user_of_token(key):
    user_model = get_user_model()
    users = user_model.objects.filter(auth_token__key=key)
    names = columns(user_model)
    expression = readcache.sees_private_expression()
    if expression is not None:
        users, names = users.annotate(**{SEES_PRIVATE: expression}), [*names, SEES_PRIVATE]
    return users.values_list(*names)


#: The token's user in one query compiled once (core/prepared.py): building and compiling the
#: ORM's query was most of the time of a request answered 304 (docs/performance.md). It reads
#: with the user whether they see unpublished records, which each read of the API asks. Every
#: API request makes it: PostgreSQL plans it once per session (planning cost several times
#: its run). It reads no translated column: the same SQL in every language.
_USER = Prepared(_user_of_token, model=Token, tuples=True, planned_once=True, per_language=False)


def user_of_token(key):
    """The user whose token is `key`, or None: `Token.objects.get(key=key).user` in one
    query, without compiling it again."""
    rows = _USER(key)
    if not rows:
        return None
    user_model = Token.user.field.related_model  # get_user_model(), without looking it up
    names, row = columns(user_model), rows[0]
    user = user_model.from_db(router.db_for_read(Token), names, row[: len(names)])
    if len(row) > len(names):
        readcache.remember_sees_private(user, row[-1])
    return user
