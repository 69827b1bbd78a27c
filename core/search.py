"""Search that understands each language: the one machinery every room's records go through.

Each room registers, per kind of record, a builder that gives the record's title and body in
English, French and Russian (`register`); the documents are kept in `SearchDocument`, rebuilt
when records change (the rooms' signals call `index`) or all at once (`rebuild`, after a load
of the programme and by `manage.py rebuild_search_index`).

`match(kind, query)` answers [(object_id, title_hit, rank)], best first. A record matches
when every word of the query is found in one language, whatever its inflection:

- on PostgreSQL, by its full-text search with the `english`, `french` and `russian`
  configurations (django.contrib.postgres.search), the title weighing more than the body,
  through GIN indexes on the same expressions (migration core 0002);
- elsewhere (the SQLite default), by the same languages' Snowball stemmers (snowballstemmer),
  on the stems stored beside the text.

Either way a title match comes first. `highlight` marks the query's words in a text (any
inflection), escaping everything else.
"""

import math
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache

import snowballstemmer
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SearchDocument

LANGUAGES = ("en", "fr", "ru")
CONFIGS = {"en": "english", "fr": "french", "ru": "russian"}
# A code such as 2.3.15 is one word; otherwise runs of letters and digits.
WORD = re.compile(r"\d+(?:\.\d+)+|\w+")

_builders = {}
_deferred: ContextVar[bool] = ContextVar("search_deferred", default=False)


# --- words and stems ------------------------------------------------------------------


@cache
def _stemmer(language):
    return snowballstemmer.stemmer(CONFIGS[language])


def words(text):
    return WORD.findall((text or "").lower().replace("ё", "е"))


@lru_cache(maxsize=20000)
def stem(word, language):
    return _stemmer(language).stemWord(word)


def stems(text, language):
    return [stem(word, language) for word in words(text)]


def _stem_string(text, language):
    found = stems(text, language)
    return f" {' '.join(found)} " if found else ""


# --- the documents --------------------------------------------------------------------


def register(kind, builder):
    """`builder(ids)` yields (object_id, {language: (title, body)}) for the records of `ids`
    (every record when None) that the search should find."""
    _builders[kind] = builder


def kinds():
    return list(_builders)


def _document(kind, object_id, texts):
    fields = {"kind": kind, "object_id": object_id}
    for language in LANGUAGES:
        title, body = texts.get(language, ("", ""))
        fields[f"title_{language}"] = title or ""
        fields[f"body_{language}"] = body or ""
        fields[f"title_stems_{language}"] = _stem_string(title, language)
        fields[f"stems_{language}"] = _stem_string(f"{title or ''} {body or ''}", language)
    return SearchDocument(**fields)


def index(kind, ids=None):
    """Rebuild the documents of `ids` (every record of `kind` when None); a record the
    builder no longer gives (deleted, or no longer public) loses its document."""
    if _deferred.get():
        return
    ids = None if ids is None else {int(i) for i in ids}
    documents = [_document(kind, pk, texts) for pk, texts in _builders[kind](ids)]
    with transaction.atomic():
        stale = SearchDocument.objects.filter(kind=kind)
        if ids is not None:
            stale = stale.filter(object_id__in=ids)
        stale.delete()
        SearchDocument.objects.bulk_create(documents, batch_size=200)


def rebuild():
    for kind in kinds():
        index(kind)


@contextmanager
def deferred():
    """Within: no document is rebuilt on each save; every one is rebuilt once at the end
    (for a load of many records)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    rebuild()


# --- the search -----------------------------------------------------------------------


def normalise(query):
    return " ".join((query or "").split())[:200]


def match(kind, query):
    """[(object_id, title_hit, rank)] of the records of `kind` matching every word of
    `query` in one language, best first (title matches, then rank, then id). One query."""
    query = normalise(query)
    if not words(query):
        return []
    if connection.vendor == "postgresql":
        rows = _match_postgresql(kind, query)
    else:
        rows = _match_stems(kind, query)
    return sorted(rows, key=lambda row: (-row[1], -row[2], row[0]))


def vector(language):
    """The weighted document of one language (the GIN indexes are on these expressions)."""
    from django.contrib.postgres.search import SearchVector

    config = CONFIGS[language]
    return SearchVector(f"title_{language}", weight="A", config=config) + SearchVector(
        f"body_{language}", weight="B", config=config
    )


def _match_postgresql(kind, query):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db.models.functions import Greatest

    queries = {
        language: SearchQuery(query, config=CONFIGS[language], search_type="plain")
        for language in LANGUAGES
    }
    documents = SearchDocument.objects.filter(kind=kind).alias(
        **{f"vector_{language}": vector(language) for language in LANGUAGES}
    )
    condition = Q()
    title_condition = Q()
    for language, search_query in queries.items():
        condition |= Q(**{f"vector_{language}": search_query})
        title_vector = SearchVector(f"title_{language}", config=CONFIGS[language])
        title_condition |= Q(**{f"title_vector_{language}": search_query})
        documents = documents.alias(**{f"title_vector_{language}": title_vector})
    return list(
        documents.filter(condition)
        .annotate(
            title_hit=Case(When(title_condition, then=Value(1)), default=Value(0)),
            rank=Greatest(
                *(
                    SearchRank(vector(language), search_query)
                    for language, search_query in queries.items()
                )
            ),
        )
        .values_list("object_id", "title_hit", "rank")
    )


def _match_stems(kind, query):
    query_stems = {language: set(stems(query, language)) for language in LANGUAGES}
    condition = Q()
    for language, wanted in query_stems.items():
        every = Q()
        for value in wanted:
            every &= Q(**{f"stems_{language}__contains": f" {value} "})
        condition |= every
    title_hit = Q()
    for language, wanted in query_stems.items():
        every = Q()
        for value in wanted:
            every &= Q(**{f"title_stems_{language}__contains": f" {value} "})
        title_hit |= every
    rows = (
        SearchDocument.objects.filter(kind=kind)
        .filter(condition)
        .annotate(
            title_hit=Case(When(title_hit, then=Value(1)), default=Value(0)),
        )
        .values_list("object_id", "title_hit", *(f"stems_{lang}" for lang in LANGUAGES))
    )
    found = []
    for object_id, hit, *stem_strings in rows:
        rank = 0.0
        for language, text in zip(LANGUAGES, stem_strings, strict=True):
            document = text.split()
            wanted = query_stems[language]
            if document and all(value in document for value in wanted):
                count = sum(1 for value in document if value in wanted)
                # more occurrences rank higher, in a longer text less so (as ts_rank)
                rank = max(rank, count / (1 + math.log(len(document))))
        found.append((object_id, hit, rank))
    return found


def ranked(queryset, kind, query):
    """`queryset` narrowed to the records matching `query`, best first (annotated
    `search_rank`: 0 for the best). One query for the match, none more."""
    rows = match(kind, query)
    if not rows:
        return queryset.none()
    order = [When(pk=object_id, then=Value(position)) for position, (object_id, *_) in
             enumerate(rows)]
    return (
        queryset.filter(pk__in=[row[0] for row in rows])
        .annotate(search_rank=Case(*order, output_field=IntegerField()))
        .order_by("search_rank")
    )


# --- highlighting ---------------------------------------------------------------------


def highlight(text, query):
    """`text`, HTML-escaped, with the words of `query` (in any inflection, in any of the
    three languages) in <mark>."""
    text = str(text or "")
    wanted = {language: set(stems(query, language)) for language in LANGUAGES}
    if not any(wanted.values()):
        return escape(text)
    parts, last = [], 0
    for found in WORD.finditer(text):
        word = found.group().lower().replace("ё", "е")
        if any(stem(word, language) in wanted[language] for language in LANGUAGES):
            parts.append(escape(text[last : found.start()]))
            parts.append(f"<mark>{escape(found.group())}</mark>")
            last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece escaped above


def excerpt(text, query, width=200):
    """The part of `text` around the first word of `query` it contains (the start of the
    text when none), at most about `width` characters, highlighted and escaped."""
    text = " ".join(str(text or "").split())
    wanted = {language: set(stems(query, language)) for language in LANGUAGES}
    start = 0
    for found in WORD.finditer(text):
        word = found.group().lower().replace("ё", "е")
        if any(stem(word, language) in wanted[language] for language in LANGUAGES):
            start = max(0, found.start() - width // 3)
            break
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + width
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    piece = text[start:end]
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{highlight(piece, query)}{suffix}")  # highlight escapes
