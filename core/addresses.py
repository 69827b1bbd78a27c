"""The client's address, one rule for the API's rate limits, the sign-in lockouts and the
access log.

`X-Forwarded-For` is written by whoever sends the request: a client may put any address in
it. Only the entries added by our own reverse proxies can be believed, so the header is read
only when the deployment says how many proxies there are (`API_NUM_PROXIES`, settings'
`REST_FRAMEWORK["NUM_PROXIES"]`): behind N proxies, the client is the N-th address from the
right (what the outermost of our proxies saw). With 0 proxies (the default) the client is the
connection's own address, whatever the header says.

No Django import here: gunicorn's access log (gunicorn.conf.py) uses it before Django is set
up."""

import os


def proxies_from_environment() -> int:
    """The number of trusted proxies, as the settings read it."""
    return int(os.environ.get("API_NUM_PROXIES") or 0)


def client_address(meta, proxies: int) -> str:
    """The client's address from a request's META (or a WSGI environ) behind `proxies`
    trusted reverse proxies."""
    remote = meta.get("REMOTE_ADDR", "") or ""
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if not addresses:
        return remote
    return addresses[-min(proxies, len(addresses))]
