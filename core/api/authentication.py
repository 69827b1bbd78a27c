"""DRF's token authentication, refusing the schemes clients send by habit.

`Authorization: Bearer …` (or `JWT …`, `Api-Key …`) is not read as "no credentials": the
client would get an anonymous answer and never learn why its token is ignored. It is a 401
naming the scheme the portal takes, `Token`."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

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
