"""Mail servers on 127.0.0.1 for the outbox's tests, each as a mail server fails or works:

- `refusing_port()`: nothing listens there, every connection is refused;
- `SMTPServer("hang")`: accepts the connection and never says a word;
- `SMTPServer("close")`: accepts the connection and closes it at once;
- `SMTPServer("accept")`: a small SMTP server that takes every message (`.messages`)."""

import socket
import socketserver
import threading
from email import message_from_bytes


def refusing_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed on return: nothing listens


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        mode = self.server.mode
        if mode == "hang":
            self.server.stopping.wait()
            return
        if mode == "close":
            return
        self.reply("220 sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode("ascii", "replace").strip().split(" ")[0].upper()
            if verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                self.server.messages.append(message_from_bytes(b"".join(lines)))
                self.reply("250 Queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb in ("EHLO", "HELO", "MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            else:
                self.reply("502 Not implemented")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode="accept"):
        self.mode = mode
        self.messages = []
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port = self.server_address[1]
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.shutdown()
        self.server_close()
