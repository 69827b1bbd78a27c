"""DRF's token authentication, refusing the schemes clients send by habit.

`Authorization: Bearer …` (or `JWT …`, `Api-Key …`) is not read as "no credentials": the
client would get an anonymous answer and never learn why its token is ignored. It is a 401
naming the scheme the portal takes, `Token`."""

from django.contrib.auth import get_user_model
from django.db import router
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

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


#: {database alias: the SQL that reads a token's user}, compiled once: building and compiling
#: the ORM's query was most of the time of a request answered 304 (docs/performance.md).
_USER_SQL = {}
_PLACEHOLDER = "cami0token0placeholder"


def _user_sql(alias):
    sql = _USER_SQL.get(alias)
    if sql is None:
        query = get_user_model().objects.using(alias).filter(auth_token__key=_PLACEHOLDER)
        sql, params = query.query.get_compiler(alias).as_sql()
        if list(params) != [_PLACEHOLDER]:  # pragma: no cover - a query of another shape
            raise RuntimeError("The token's query takes other parameters than its key.")
        _USER_SQL[alias] = sql
    return sql


def user_of_token(key):
    """The user whose token is `key`, or None: `Token.objects.get(key=key).user` in one
    query, without compiling it again."""
    alias = router.db_for_read(Token)
    users = list(get_user_model().objects.db_manager(alias).raw(_user_sql(alias), [key]))
    return users[0] if users else None
