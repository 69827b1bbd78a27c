"""The benchmark's load generator's HTTP/1.1 client (bench/load.py): one connection over
loopback, stdlib asyncio only, that reads plain, sized and chunked answers."""

import asyncio
import ipaddress
import json
from urllib.parse import urlsplit

REQUEST_TIMEOUT = 20.0


class Response:
    __slots__ = ("status", "headers", "body", "size")

    def __init__(self, status, headers, body, size):
        self.status = status
        self.headers = headers
        self.body = body
        self.size = size

    def json(self):
        return json.loads(self.body)


class Client:
    """One connection, reopened when the server closes it (gunicorn's sync workers close
    after every response)."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def request(self, method, path, headers=None, body=None, keep_body=True):
        return await asyncio.wait_for(
            self._request(method, path, headers or {}, body, keep_body), REQUEST_TIMEOUT
        )

    async def _request(self, method, path, headers, body, keep_body):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",  # as a browser sends it: absolute URLs match
            "Accept-Encoding: identity",
        ]
        if body is not None:
            if not isinstance(body, bytes):
                body = json.dumps(body).encode()
                headers = {"Content-Type": "application/json", **headers}
            lines.append(f"Content-Length: {len(body)}")
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b""))
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            raise ConnectionError("connection closed before the answer") from None
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        response_headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                response_headers[name.strip().lower()] = value.strip()
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            chunks, size = [], 0
        else:
            chunks, size = await self._read_body(response_headers, keep_body)
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, response_headers, b"".join(chunks), size)

    async def _read_body(self, response_headers, keep_body):
        """The answer's body, as chunks (none unless `keep_body`), and its size: chunked, of a
        given length, or up to the end of the connection (which is then closed)."""
        chunks, size = [], 0
        if response_headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                length = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if length == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                data = await self.reader.readexactly(length + 2)
                size += length
                if keep_body:
                    chunks.append(data[:-2])
        elif "content-length" in response_headers:
            length = int(response_headers["content-length"])
            data = await self.reader.readexactly(length)
            size = length
            if keep_body:
                chunks.append(data)
        else:
            while data := await self.reader.read(65536):
                size += len(data)
                if keep_body:
                    chunks.append(data)
            await self.close()
        return chunks, size


def loopback(base):
    parts = urlsplit(base)
    host = parts.hostname
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"{base}: the benchmark only drives servers on loopback.")
    return host, parts.port or 80
