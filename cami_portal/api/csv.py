"""CSV output for list endpoints (`?format=csv` or `Accept: text/csv`).

A list is streamed: rows are read from the database in chunks (with their prefetched
relations) and written out one chunk at a time, so that a large export never sits in memory.
The columns follow the endpoint's serializer: a nested object becomes dotted columns
(`status.status`, `status.note`), a list becomes one cell with its items' keys joined by "; "
(`range_states` -> "KZ; MN")."""

import csv
from itertools import islice

from django.http import StreamingHttpResponse
from django.utils import translation
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

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
        buffer = _Echo()
        writer = csv.writer(buffer)
        lines = [writer.writerow(columns)]
        lines += [writer.writerow([_cell(row.get(c)) for c in columns]) for row in rows]
        return "".join(lines).encode(self.charset)


class _Echo:
    def write(self, value):
        return value


def _key(item):
    """The natural key of a nested item: its first field, descending into objects."""
    while isinstance(item, dict):
        if not item:
            return ""
        item = next(iter(item.values()))
    return item


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(_cell(_key(item))) for item in value)
    if isinstance(value, dict):
        return _cell(_key(value))
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


def _value(row, path):
    for name in path:
        if not isinstance(row, dict):
            return None
        row = row.get(name)
    return row


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def stream_csv(queryset, serializer_class, context, filename, chunk_size=None):
    """A streamed CSV response of `queryset` serialized with `serializer_class`, read from
    the database `chunk_size` rows at a time (with their prefetched relations)."""
    chunk_size = chunk_size or CHUNK_SIZE
    language = translation.get_language()
    columns = columns_of(serializer_class(context=context))

    def rows():
        writer = csv.writer(_Echo())
        # The body is produced after the view has returned: keep the request's language.
        with translation.override(language):
            yield writer.writerow([header for header, _path in columns])
            for chunk in _chunks(queryset.iterator(chunk_size=chunk_size), chunk_size):
                data = serializer_class(chunk, many=True, context=context).data
                yield "".join(
                    writer.writerow([_cell(_value(row, path)) for _header, path in columns])
                    for row in data
                )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
