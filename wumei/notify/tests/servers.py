"""Real local servers for the outbox tests: an SMTP server (aiosmtpd) and an HTTP server in a thread."""

import json
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailBox:
    """aiosmtpd handler keeping every accepted mail."""

    def __init__(self):
        self.mails = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        self.mails.append({"to": envelope.rcpt_tos,
                           "message": message_from_bytes(envelope.original_content, policy=policy.default)})
        return "250 OK"


@dataclass
class Received:
    path: str
    headers: dict
    body: dict


@dataclass
class HttpRecorder:
    """Answers each POST with the next status of `failures` (then 200) and records the accepted ones."""

    failures: list = field(default_factory=list)
    reply: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    accepted: list = field(default_factory=list)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def start_http(recorder: HttpRecorder, port: int | None = None) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 — http.server's hook name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with recorder.lock:
                status = recorder.failures.pop(0) if recorder.failures else 200
                if status == 200:
                    recorder.accepted.append(Received(self.path, dict(self.headers), body))
                else:
                    recorder.refused += 1
            payload = json.dumps(recorder.reply if status == 200 else {"error": "busy"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port or free_port()), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def start_smtp() -> tuple[Controller, MailBox]:
    box = MailBox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, box
