"""The data version, and the one cache of answers: public pages for anonymous visitors.

The data version is a value in the shared cache (Redis in production) that changes whenever
anything the portal shows is written: any INSERT, UPDATE or DELETE on a table of the
programme, species, range states or reporting (and on the users, who are named on public
pages; the roof names the apps, cami_portal/apps.py). Its rule is written once, here, at the
level of the database connection (`connect`): every statement goes through it, so that a
bulk write (`bulk_create`, `QuerySet.update()`, a fixture or a backup loaded) changes it as
surely as a model's `save()`.
It changes right after the write (`flush`) and again when the transaction commits, so a
reader that built an answer from data not yet committed never keeps it; within a
transaction, before the thread reads a version and at the commit, once for all the
transaction's statements (one round trip to the cache for a write, not one per statement).

There are two data versions. The **public** one changes with what anyone may see; the
**whole** one (`ALL`) changes with every write, also the writes only some readers see: a report
that is not accepted (a draft, a submission, a return), its links, documents and history are
seen only by their author and the secretariat. A service that writes such records, and vouches
that they are not public before or after, says so with `private_writes()`: within it, the
writes to the private tables (`connect`'s `private_tables`) change the whole version only.
Every other write, and any write outside such a block (a bulk update, the admin, a restore),
changes both. A reader who may see unpublished reports (`sees_private`, answered by the room
that knows, `reporting.access`) reads the whole version; everyone else the public one.

Two things rest on them:

- the API's ETags (core/api/conditional.py): a conditional read is answered 304 without
  building the answer while the data version is the one the client's ETag was made with;
- cached public pages (`cache_public_page`): only anonymous visitors get them (a signed-in
  person's pages show their name and links), a page's CSRF token is never shared (it is
  stored as a placeholder and each visitor gets their own), and a page is served only while
  the data version is the one it was built with.

If the cache cannot be reached there is no data version: pages are built and ETags are
hashes of the answer. Entries live at most `READ_CACHE_SECONDS` (an invalidation lost to a
cache outage heals by itself). `READ_CACHE=0` turns the page cache off (not the data
version)."""

import hashlib
import logging
import re
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import transaction
from django.db.backends.signals import connection_created

logger = logging.getLogger("core.readcache")

PUBLIC = "read-version:public"
ALL = "read-version:all"
#: The public data version's part that every public write outside a scope changes.
BASE = "read-version:base"
#: The prefix of a scope's version (`public_scope`).
SCOPE = "read-version:scope:"

#: A write that changes nothing anyone sees: signing in.
_UNSHOWN_WRITE = re.compile(r'UPDATE "auth_user" SET "last_login" = %s WHERE', re.IGNORECASE)
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([^"\s(]+)', re.IGNORECASE)
_TRUNCATE = re.compile(r"\s*TRUNCATE\b", re.IGNORECASE)


def enabled() -> bool:
    return getattr(settings, "READ_CACHE", True)


def timeout() -> int:
    return getattr(settings, "READ_CACHE_SECONDS", 300)


# --- the data version -----------------------------------------------------------------------


#: This thread's writes: `depth` of the `deferred()` blocks being run, `changes` written since
#: the data versions last changed (None: nothing), `flushing` while they change.
_state = threading.local()


def scope_key(scope: str) -> str:
    return f"{SCOPE}{scope}"


class _Changes:
    """What writes change: the whole version always; the public one with any public write;
    the base one (`BASE`) with a public write outside a scope (`public_scope`), the scopes'
    own with a public write within one."""

    __slots__ = ("public", "base", "scopes")

    def __init__(self):
        self.public, self.base, self.scopes = False, False, set()

    def add(self, public: bool, scopes=None) -> None:
        if public:
            self.public = True
            if scopes is None:
                self.base = True
            else:
                self.scopes.update(scopes)

    def versions(self) -> dict[str, str]:
        versions = {ALL: uuid.uuid4().hex}
        if self.public:
            versions[PUBLIC] = uuid.uuid4().hex
        if self.base:
            versions[BASE] = uuid.uuid4().hex
        for scope in self.scopes:
            versions[scope_key(scope)] = uuid.uuid4().hex
        return versions

    def without(self, done: "_Changes") -> "_Changes | None":
        """What is left to change once `done`'s versions changed (None: nothing)."""
        left = _Changes()
        left.base = self.base and not done.base
        left.scopes = self.scopes - done.scopes
        left.public = (self.public and not done.public) or left.base or bool(left.scopes)
        return left if left.public else None


def _set_versions(changes: _Changes) -> None:
    try:
        cache.set_many(changes.versions(), None)
    except Exception:  # the cache is down: entries expire within READ_CACHE_SECONDS
        logger.exception("Could not change the data version")


class _AtCommit(_Changes):
    """A transaction's changes, made once when it commits (registered with its first write)."""

    __slots__ = ()

    def __call__(self):
        # What this thread wrote so far is committed: these versions cover it.
        pending = getattr(_state, "changes", None)
        if pending is not None:
            _state.changes = pending.without(self)
        _set_versions(self)


def flush() -> None:
    """Change the data versions if this thread wrote since they last changed. Not inside the
    write's own statement (its cursor may still be read, and the cache may be a table of the
    same database): before the thread's next statement outside a transaction, before it reads
    a version, at the end of a request, and when the transaction commits. Within a
    transaction, nobody else sees its writes before the commit: the versions change when the
    thread reads one (it may build an answer from its own writes), and at the commit, once
    for all its statements, not before each of them."""
    changes = getattr(_state, "changes", None)
    if changes is not None and not getattr(_state, "flushing", False):
        _state.changes, _state.flushing = None, True
        try:
            _set_versions(changes)
        finally:
            _state.flushing = False


def _written(connection, public: bool = True, scopes=None) -> None:
    if getattr(_state, "depth", 0):
        _state.pending = True
        return
    changes = getattr(_state, "changes", None)
    if changes is None:
        changes = _state.changes = _Changes()
    changes.add(public, scopes)
    if connection.in_atomic_block:
        at_commit = next(
            (f for _sids, f, _robust in connection.run_on_commit if isinstance(f, _AtCommit)),
            None,
        )
        if at_commit is None:
            at_commit = _AtCommit()
            connection.on_commit(at_commit, robust=True)
        at_commit.add(public, scopes)


def invalidate_public() -> None:
    """A new data version, now and again when the transaction commits."""
    _written(transaction.get_connection())
    flush()


class deferred:
    """`with deferred():` changes the data version once at the end of a bulk write (a
    restore writes thousands of rows), not after each statement."""

    def __enter__(self):
        if not getattr(_state, "depth", 0):
            _state.depth, _state.pending = 0, False
        _state.depth += 1
        return self

    def __exit__(self, *exc):
        _state.depth -= 1
        if not _state.depth and _state.pending:
            _state.pending = False
            invalidate_public()
        return False


class private_writes:
    """`with private_writes():` the records written to the private tables are seen only by
    their authors and the secretariat, before and after: those writes change the whole data
    version, not the public one. Writes to any other table change both, as everywhere."""

    def __enter__(self):
        _state.private = getattr(_state, "private", 0) + 1
        return self

    def __exit__(self, *exc):
        _state.private -= 1
        return False


class public_scope:
    """`with public_scope() as scope:` and, once the writer knows what its writes concern,
    `scope.limit_to(*scopes)`: the public writes to the scoped tables (`connect`'s
    `scoped_tables`) made within it change only what shows those scopes: the public version
    and each scope's own, not the base version. So a page kept with its scope
    (`cache_public_page(view, scope=...)`) outlives a public write elsewhere. The writer
    vouches that the records written show on no scoped page but those of its scopes (and on
    pages not kept by scope, which the public version covers). Without `limit_to`, or for a
    write to any other table, a public write changes everything, as outside the block."""

    def __enter__(self):
        self.scopes = None
        _state.scopes = [*getattr(_state, "scopes", ()), self]
        return self

    def limit_to(self, *scopes: str) -> None:
        self.scopes = frozenset(scopes)

    def __exit__(self, *exc):
        _state.scopes = _state.scopes[:-1]
        return False


def _write_scopes(table: str):
    """The scopes a public write to `table` is limited to now (None: not limited)."""
    scopes = getattr(_state, "scopes", None)
    if not scopes or table not in _scoped_tables:
        return None
    return scopes[-1].scopes


def data_version(public: bool = True) -> str | None:
    """The current public (or whole) data version, created when missing, or None when the
    cache cannot say."""
    return data_version_and(public=public)[0]


def data_version_and(keys=(), *, public: bool = True) -> tuple[str | None, dict | None]:
    """The public (or whole) data version (as `data_version()`) and {key: value} of the other
    `keys` found in the cache (None if they could not be read), in one round trip while the
    version exists: an API read asks for its rate limits' histories with it."""
    key = version_key(public)
    try:
        found = cache.get_many([key, *keys])
    except Exception:
        logger.exception("The data version cannot be read")
        return None, None
    return read_version(key, found.pop(key, None)), found


def version_key(public: bool = True) -> str:
    """The key of the public (or whole) data version in the cache, once this thread's own
    writes have changed it: for a caller that reads it with other things in one round trip
    (the rate limits on Redis), and gives what it read to `read_version`."""
    flush()  # this thread's own writes first
    return PUBLIC if public else ALL


def read_version(key: str, value) -> str | None:
    """The data version from the `value` read under `key` (`version_key`; None: missing or
    not read), created when missing; None when the cache cannot say."""
    try:
        if value is None:
            cache.add(key, uuid.uuid4().hex, None)
            value = cache.get(key)
    except Exception:
        logger.exception("The data version cannot be read")
        return None
    return None if value is None else str(value)


#: Answers whether a signed-in reader may see what only some readers see (set by `connect`).
_sees_private = None
#: The same answer as a boolean expression on the users, for a query that reads the user
#: anyway (the API token's): `sees_private_expression()` (set by `connect`).
_sees_private_expression = None


def sees_private_expression():
    """The room's rule as an expression on the user model (None: not given), for annotating
    the query that reads the user; `remember_sees_private` keeps its value for the request."""
    return None if _sees_private_expression is None else _sees_private_expression()


def remember_sees_private(user, value) -> None:
    """What the user's query read of `sees_private_expression()`: not asked again."""
    user._sees_private = bool(value)


def sees_private(user) -> bool:
    """Whether `user` may see unpublished records, so reads the whole data version. Without
    the room's answer, everyone signed in is taken to."""
    if _sees_private is None:
        return True
    known = getattr(user, "_sees_private", None)  # asked once per request (user object)
    if known is None:
        known = user._sees_private = bool(_sees_private(user))
    return known


#: The tables whose rows show somewhere (set by `connect`).
_tables: frozenset[str] = frozenset()
#: Of those, the tables whose writes within `private_writes()` stay private (set by `connect`).
_private_tables: frozenset[str] = frozenset()
#: Of those, the tables whose public writes within `public_scope()` may be limited to its
#: scopes (set by `connect`).
_scoped_tables: frozenset[str] = frozenset()


def shown_table(sql: str) -> str | None:
    """The table whose rows show somewhere that a statement writes ("*" when it empties
    tables), or None."""
    found = _WRITE.match(sql)
    if found is None:
        return "*" if _TRUNCATE.match(sql) else None
    if found[1] in _tables and not _UNSHOWN_WRITE.match(sql):
        return found[1]
    return None


def writes_shown_data(sql: str) -> bool:
    """Whether a statement writes a table whose rows show somewhere (or empties tables)."""
    return shown_table(sql) is not None


def _watch_writes(execute, sql, params, many, context):
    if not context["connection"].in_atomic_block:
        flush()
    result = execute(sql, params, many, context)
    # A SELECT writes nothing: the regular expressions are not asked.
    table = shown_table(sql) if isinstance(sql, str) and not sql.startswith("SELECT") else None
    if table is not None:
        private = getattr(_state, "private", 0) and table in _private_tables
        _written(
            context["connection"],
            public=not private,
            scopes=None if private else _write_scopes(table),
        )
    return result


def _request_finished(sender, **kwargs):
    flush()


def _on_connection(sender, connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _watch_writes)  # under any pushed later


def connect(
    app_labels,
    tables=(),
    *,
    private_tables=(),
    scoped_tables=(),
    sees_private=None,
    sees_private_expression=None,
) -> None:
    """Watch the writes of every database connection (those open already, and those to come)
    to the tables of the apps named, and to the other tables named. `private_tables` may hold
    records not everyone sees (see `private_writes`); `scoped_tables` records whose public
    writes a writer may limit to scopes (see `public_scope`); `sees_private(user)` says who
    may see private records, and `sees_private_expression()` gives the same rule as an
    expression on the users."""
    global _tables, _private_tables, _scoped_tables, _sees_private, _sees_private_expression
    from django.apps import apps
    from django.db import connections

    shown = set(tables)
    for label in app_labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            shown.add(model._meta.db_table)
    _tables = frozenset(shown)
    _private_tables = frozenset(private_tables) & _tables
    _scoped_tables = frozenset(scoped_tables) & _tables
    _sees_private = sees_private
    _sees_private_expression = sees_private_expression
    connection_created.connect(_on_connection, dispatch_uid="cami_readcache_writes")
    request_finished.connect(_request_finished, dispatch_uid="cami_readcache_flush")
    for connection in connections.all(initialized_only=True):
        _on_connection(None, connection)


# --- pages ----------------------------------------------------------------------------------


def make_key(kind: str, parts) -> str:
    digest = hashlib.md5("\x1f".join(map(str, parts)).encode(), usedforsecurity=False)
    return f"read:{kind}:{digest.hexdigest()}"
