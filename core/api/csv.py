"""CSV output for list endpoints (`?format=csv` or `Accept: text/csv`).

A list is streamed: rows are read from the database in chunks (with their prefetched
relations) and written out one chunk at a time, so that a large export never sits in memory.
The columns follow the endpoint's serializer: a nested object becomes dotted columns
(`status.status`, `status.note`), a list becomes one cell with its items' keys joined by "; "
(`range_states` -> "KZ; MN"). No cell is written as a formula (core/exports.py). An endpoint
whose export is large may make the same cells its own faster way (`SerializerRows` subclass,
e.g. `reporting.api.csv.ReportRows`)."""

import json
from contextlib import closing, nullcontext
from itertools import islice

from django.db import connections, transaction
from django.http import StreamingHttpResponse
from django.utils import translation
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from ..exports import SafeCsvWriter

CHUNK_SIZE = 500
LIST_SEPARATOR = "; "


class CSVRenderer(BaseRenderer):
    """Negotiates `text/csv`; list views stream their rows themselves (see `stream_csv`).

    Rendering here only serves a non-streamed body (a list of flat rows)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        columns = list(dict.fromkeys(key for row in rows for key in row))
        writer = SafeCsvWriter(_Echo())
        lines = [writer.writerow(columns)]
        lines += [writer.writerow([cell_text(row.get(c)) for c in columns]) for row in rows]
        return "".join(lines).encode(self.charset)


class _Echo:
    def write(self, value):
        return value


def item_key(item):
    """The natural key of a nested item: its first field, descending into objects."""
    while isinstance(item, dict):
        if not item:
            return ""
        item = next(iter(item.values()))
    return item


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(cell_text(item_key(item))) for item in value)
    if isinstance(value, dict):
        return cell_text(item_key(value))
    return str(value)


def columns_of(serializer, prefix=()):
    """[(header, path), ...] for a serializer's fields, nested objects flattened."""
    columns = []
    for name, field in serializer.fields.items():
        if getattr(field, "write_only", False):
            continue
        path = (*prefix, name)
        if isinstance(field, serializers.Serializer):
            columns += columns_of(field, path)
        else:
            columns.append((".".join(path), path))
    return columns


def value_at(row, path):
    for name in path:
        if not isinstance(row, dict):
            return None
        row = row.get(name)
    return row


def in_chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class SerializerRows:
    """The CSV rows of a list: its objects through the endpoint's serializer, flattened into
    the columns of `columns_of`. An endpoint may give a faster subclass that makes the same
    cells (`csv_rows_class` of its viewset).

    The lists named in `whole` are written whole, as a JSON array in their cell, rather than
    as their items' keys: nothing of their items is lost."""

    whole = ()

    def __init__(self, serializer_class, context):
        self.serializer_class = serializer_class
        self.context = context
        self.columns = columns_of(serializer_class(context=context))

    @property
    def header(self):
        return [header for header, _path in self.columns]

    def chunks(self, queryset, chunk_size):
        """Lists of rows (lists of cells), for `chunk_size` objects at a time."""
        for chunk in in_chunks(queryset.iterator(chunk_size=chunk_size), chunk_size):
            data = self.serializer_class(chunk, many=True, context=self.context).data
            yield [[self.cell(row, header, path) for header, path in self.columns] for row in data]

    def cell(self, row, header, path):
        if header in self.whole:
            return whole_cell(value_at(row, path))
        return cell_text(value_at(row, path))


def whole_cell(items):
    """A list's cell that keeps its items whole: a JSON array."""
    return json.dumps(items or [], ensure_ascii=False)


def _streaming_transaction(queryset):
    """PostgreSQL streams the rows of a server-side cursor only inside a transaction: in
    autocommit mode, Django declares the cursor WITH HOLD, and the database computes and
    stores the whole result before sending the first row (seconds for a large export, in
    temporary files). Not nested in a savepoint: a read needs none."""
    if connections[queryset.db].vendor == "postgresql":
        return transaction.atomic(using=queryset.db, savepoint=False)
    return nullcontext()


def stream_csv(queryset, rows, filename, chunk_size=None):
    """A streamed CSV response of `queryset` made into `rows` (a `SerializerRows`), read from
    the database `chunk_size` objects at a time (with their prefetched relations)."""
    chunk_size = chunk_size or CHUNK_SIZE
    language = translation.get_language()

    def body():
        writer = SafeCsvWriter(_Echo())
        # The body is produced after the view has returned: keep the request's language.
        with translation.override(language):
            yield writer.writerow(rows.header)
            # Closed before the transaction ends (a client may go away mid-way): the
            # database cursor with it.
            chunks = closing(rows.chunks(queryset, chunk_size))
            with _streaming_transaction(queryset), chunks as pieces:
                for chunk in pieces:
                    yield "".join(writer.writerow(row) for row in chunk)

    response = StreamingHttpResponse(body(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
