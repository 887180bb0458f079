"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions protocol with
scripted replies, for tests of the generated answer (no model, no network beyond
127.0.0.1). Each request takes the next scripted reply; every request is recorded.

    server.answer("UNHCR trained 740 people [1].")   # JSON, or SSE if the request streams
    server.respond(500, "boom")                      # any status / body / content type
    server.sleep(5)                                  # reply only after 5 s
"""
from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Script:
    content: str | None = None  # an answer: JSON or SSE, whichever the request asked for
    status: int = 200  # with body / content_type: a raw reply
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0  # seconds before replying
    chunks: list[str] | None = None  # SSE deltas (default: the content split after each word)
    events: list[str] | None = None  # raw SSE data lines, sent as they are
    gate: threading.Event | None = None  # wait for it after the first chunk (proves streaming)
    gate_opened: list[bool] = field(default_factory=list)


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: dict | None


class ScriptedLLM:
    def __init__(self):
        self.scripts: deque[Script] = deque()
        self.requests: list[Received] = []
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def start(self) -> ScriptedLLM:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # wakes handlers that sleep or wait on a gate
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    # scripting
    def answer(self, content: str, **kw) -> Script:
        return self._add(Script(content=content, **kw))

    def respond(self, status: int, body: str | bytes | dict, content_type: str = "", **kw) -> Script:
        if isinstance(body, dict):
            body, content_type = json.dumps(body), content_type or "application/json"
        data = body.encode() if isinstance(body, str) else body
        return self._add(Script(status=status, body=data, content_type=content_type or "text/plain", **kw))

    def sleep(self, seconds: float, content: str = "too late [1].") -> Script:
        return self._add(Script(content=content, delay=seconds))

    def _add(self, script: Script) -> Script:
        self.scripts.append(script)
        return script

    @property
    def last(self) -> Received:
        return self.requests[-1]


def completion(content: str) -> dict:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": int(time.time()), "model": "scripted",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}


def chunk(delta: str) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion.chunk", "model": "scripted",
                       "choices": [{"index": 0, "delta": {"content": delta}, "finish_reason": None}]})


def _handler(server: ScriptedLLM):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output clean
            pass

        def do_GET(self):
            self._record(None)
            if self.path.rstrip("/").endswith("/models") and not server.scripts:
                return self._send(200, json.dumps({"object": "list", "data": [{"id": "scripted"}]}).encode(),
                                  "application/json")
            self._reply(None)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            self._record(body)
            self._reply(body)

        def _record(self, body):
            server.requests.append(Received(self.command, self.path, dict(self.headers), body))

        def _reply(self, body):
            script = server.scripts.popleft() if server.scripts else Script(status=599, body=b"no scripted reply")
            if script.delay and server.stopping.wait(script.delay):
                return
            try:
                if script.content is None:
                    self._send(script.status, script.body, script.content_type)
                elif (body or {}).get("stream") or script.events is not None:
                    self._stream(script)
                else:
                    self._send(200, json.dumps(completion(script.content)).encode(), "application/json")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def _send(self, status: int, data: bytes, ctype: str):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, script: Script):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()  # HTTP/1.0: the body ends when the connection closes
            if script.events is not None:
                lines = script.events
            else:
                deltas = script.chunks or [w + " " for w in script.content.split(" ")]
                deltas[-1] = deltas[-1].rstrip(" ") if script.chunks is None else deltas[-1]
                lines = [chunk(d) for d in deltas] + ["[DONE]"]
            self.wfile.write(b": keep-alive\n\n")
            for i, line in enumerate(lines):
                self.wfile.write(f"data: {line}\n\n".encode())
                self.wfile.flush()
                if i == 0 and script.gate is not None:
                    script.gate_opened.append(script.gate.wait(5) and not server.stopping.is_set())

    return Handler
