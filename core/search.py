"""Search that understands each language: the one machinery every room's records go through.

Each room registers, per kind of record, a builder that gives the record's title and body in
English, French and Russian (`register`); the documents are kept in `SearchDocument`, rebuilt
when records change (the rooms' signals call `index`) or all at once (`rebuild`, after a load
of the programme and by `manage.py rebuild_search_index`).

`match(kind, query)` answers [(object_id, title_hit, rank)], best first. A record matches
when every word of the query is found, each in any of the three languages, whatever its
inflection ("saiga Монголия" mixes two):

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
from pathlib import Path

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
def stop_words(language):
    """The words PostgreSQL's configuration of `language` ignores (core/stopwords/)."""
    path = Path(__file__).with_name("stopwords") / f"{CONFIGS[language]}.stop"
    return frozenset(path.read_text(encoding="utf-8").split())


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


# A word's family: the Snowball stemmers strip inflections, not derivations, so "braconniers"
# (braconni) and "braconnage" (braconnag), "браконьеры" (браконьер) and "браконьерство"
# (браконьерств), "poachers" (poacher) and "poaching" (poach) keep different stems. A stem
# less one of these derivational endings, when enough of it remains, is the family's root
# (the ending list is short on purpose: each was checked on the programme's vocabulary for
# words it would wrongly join, e.g. «способ» and «способствовать», kept apart by the length).
FAMILY_ENDINGS = {
    "en": (("er", 5),),
    "fr": (("ation", 5), ("ier", 5), ("eur", 5), ("ag", 5), ("i", 5)),
    "ru": (("ств", 7), ("ник", 7), ("ск", 7)),
}


@lru_cache(maxsize=20000)
def family(value, language):
    """The root that `value` (a stem) shares with the words derived from the same one."""
    for ending, least in FAMILY_ENDINGS[language]:
        if value.endswith(ending) and len(value) - len(ending) >= least:
            return value[: -len(ending)]
    return value


def _stem_string(text, language):
    """ " stem ~root stem ~root ... " : each word's stem and its family's root."""
    found = stems(text, language)
    tokens = [token for value in found for token in (value, f"~{family(value, language)}")]
    return f" {' '.join(tokens)} " if tokens else ""


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


def query_words(query):
    """The distinct words of `query` (at most 12), each to be found in some language."""
    return list(dict.fromkeys(words(query)))[:12]


def match(kind, query):
    """[(object_id, title_hit, rank)] of the records of `kind` matching every word of
    `query`, each word in any of the languages ("saiga Монголия" finds an activity whose
    English names the saiga and whose Russian names Mongolia), best first (title matches,
    then rank, then id). One query."""
    query = normalise(query)
    if not query_words(query):
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
    """Each word is a query in each language's configuration; a word that is a stop word
    of a language (an empty query there, e.g. "the") asks nothing of the record."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
    from django.db.models import Func
    from django.db.models.functions import Greatest

    terms = query_words(query)
    per_word = [
        {lang: SearchQuery(word, config=CONFIGS[lang], search_type="plain") for lang in LANGUAGES}
        for word in terms
    ]
    documents = SearchDocument.objects.filter(kind=kind).alias(
        **{f"vector_{lang}": vector(lang) for lang in LANGUAGES},
        **{f"title_vector_{lang}": SearchVector(f"title_{lang}", config=CONFIGS[lang])
           for lang in LANGUAGES},
    )
    condition, title_condition, some = Q(), Q(), Q()
    for position, queries in enumerate(per_word):
        found, in_title = Q(), Q()
        for lang, word_query in queries.items():
            stop = f"stop_{position}_{lang}"
            documents = documents.alias(
                **{stop: Func(word_query, function="numnode", output_field=IntegerField())}
            )
            found |= Q(**{f"vector_{lang}": word_query}) | Q(**{stop: 0})
            in_title |= Q(**{f"title_vector_{lang}": word_query}) | Q(**{stop: 0})
            some |= Q(**{f"vector_{lang}": word_query})
        # a word of the same family ("braconniers" finds "braconnage"), from the stored
        # stems (the full-text configurations, like Snowball, keep derivations apart)
        family_hit = _family_condition("stems_", terms[position])
        found |= family_hit
        some |= family_hit
        condition &= found
        title_condition &= in_title
    any_word = {}
    for lang in LANGUAGES:
        combined = per_word[0][lang]
        for queries in per_word[1:]:
            combined = combined | queries[lang]
        any_word[lang] = combined
    rank = [SearchRank(vector(lang), any_word[lang]) for lang in LANGUAGES]
    return list(
        documents.filter(condition & some)
        .annotate(
            title_hit=Case(When(title_condition, then=Value(1)), default=Value(0)),
            rank=Greatest(*rank),
        )
        .values_list("object_id", "title_hit", "rank")
    )


def _family_condition(prefix, word, languages=LANGUAGES):
    """A stored stem string of one of `languages` holds a word of `word`'s family."""
    condition = Q()
    for lang in languages:
        root = family(stem(word, lang), lang)
        condition |= Q(**{f"{prefix}{lang}__contains": f" ~{root} "})
    return condition


def _match_stems(kind, query):
    # as on PostgreSQL, a word that is a stop word of one of the languages asks nothing of
    # the record ("the saiga" is "saiga"); a query of stop words only finds nothing
    words_ = [
        word for word in query_words(query)
        if not any(word in stop_words(lang) for lang in LANGUAGES)
    ]  # fmt: skip
    if not words_:
        return []
    terms = [{lang: stem(word, lang) for lang in LANGUAGES} for word in words_]
    condition, title_hit = Q(), Q()
    for word, word_stems in zip(words_, terms, strict=True):
        # the word itself, or a word of its family (documents written before families were
        # stored hold no roots: they are still found by the word itself)
        found = _family_condition("stems_", word)
        in_title = Q()
        for lang, value in word_stems.items():
            found |= Q(**{f"stems_{lang}__contains": f" {value} "})
            in_title |= Q(**{f"title_stems_{lang}__contains": f" {value} "})
        condition &= found
        title_hit &= in_title
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
        documents = [
            [token for token in text.split() if not token.startswith("~")]
            for text in stem_strings
        ]
        rank = 0.0
        for word_stems in terms:
            # each word counts in the language it is found in most (more occurrences rank
            # higher, in a longer text less so, as ts_rank; a word of the family only, less)
            rank += max(
                (sum(1.0 if value == word_stems[lang] else
                     0.5 if family(value, lang) == family(word_stems[lang], lang) else 0.0
                     for value in document)
                 / (1 + math.log(len(document))) if document else 0.0)
                for lang, document in zip(LANGUAGES, documents, strict=True)
            )  # fmt: skip
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


def _wanted(query):
    """For each language, the family roots of the words of `query`."""
    return {
        language: {family(value, language) for value in stems(query, language)}
        for language in LANGUAGES
    }


def _is_wanted(word, wanted):
    word = word.lower().replace("ё", "е")
    return any(
        family(stem(word, language), language) in wanted[language] for language in LANGUAGES
    )


def highlight(text, query):
    """`text`, HTML-escaped, with the words of `query` (in any inflection, or of the same
    family, in any of the three languages) in <mark>."""
    text = str(text or "")
    wanted = _wanted(query)
    if not any(wanted.values()):
        return escape(text)
    parts, last = [], 0
    for found in WORD.finditer(text):
        if _is_wanted(found.group(), wanted):
            parts.append(escape(text[last : found.start()]))
            parts.append(f"<mark>{escape(found.group())}</mark>")
            last = found.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece escaped above


def excerpt(text, query, width=200):
    """The part of `text` around the first word of `query` it contains (the start of the
    text when none), at most about `width` characters, highlighted and escaped."""
    text = " ".join(str(text or "").split())
    wanted = _wanted(query)
    start = 0
    for found in WORD.finditer(text):
        if _is_wanted(found.group(), wanted):
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
