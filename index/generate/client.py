"""The HTTP side of generated answers: settings from the environment, one POST to an
OpenAI-compatible ``/chat/completions`` (JSON or SSE streaming), and every way that can
fail turned into one :class:`LLMError` line that names the setting to fix.

Plain ``httpx`` (already installed with gradio) rather than the ``openai`` client: we send
one request shape and read two reply shapes, and a second client library would add a
dependency, its own retries and its own error types for no gain.

The API key is never logged and never part of an error message: 401/403 replies are not
quoted, other server text is quoted only with the key masked, and URLs are shown without
user info or query string.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import httpx

from puente.common.errors import PuenteError

DEFAULT_TIMEOUT = 30.0
EXAMPLE_URL = "http://127.0.0.1:8080/v1"
_EXCERPT = 120


class LLMError(PuenteError):
    """The generated answer is unavailable: ``str(err)`` is one line naming the setting
    (``PUENTE_LLM_URL``, ``PUENTE_LLM_API_KEY``, ``PUENTE_LLM_MODEL`` or
    ``PUENTE_LLM_TIMEOUT``) and the fix. ``kind`` is one of ``not_set``, ``bad_setting``,
    ``timeout``, ``connection``, ``refused_key``, ``not_found``, ``model``, ``http``,
    ``bad_reply``; ``status`` the HTTP status when there was one."""

    def __init__(self, path: str, reason: str, fix: str, kind: str, status: int | None = None):
        super().__init__(path, reason, fix)
        self.kind = kind
        self.status = status


@dataclass(frozen=True)
class LLMConfig:
    url: str  # base URL, e.g. http://127.0.0.1:8080/v1 (no trailing slash)
    model: str = ""  # empty: not sent (llama.cpp serves its one model)
    api_key: str = field(default="", repr=False)
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LLMConfig | None:
        """The settings from ``PUENTE_LLM_*``; ``None`` when ``PUENTE_LLM_URL`` is unset or
        empty. A malformed URL or timeout raises :class:`LLMError`."""
        env = os.environ if env is None else env
        url = env.get("PUENTE_LLM_URL", "").strip().rstrip("/")
        if not url:
            return None
        if not re.match(r"https?://[^/\s]+", url, re.I):
            raise LLMError(f"PUENTE_LLM_URL ({shown_url(url)})", "not an http(s) URL",
                           f"set it to the API's base URL, e.g. {EXAMPLE_URL}", "bad_setting")
        raw = env.get("PUENTE_LLM_TIMEOUT", "").strip()
        try:
            timeout = float(raw) if raw else DEFAULT_TIMEOUT
        except ValueError:
            timeout = -1.0
        if not 0 < timeout < float("inf"):
            raise LLMError(f"PUENTE_LLM_TIMEOUT ({raw})", "not a positive number of seconds",
                           f"set it to e.g. 30, or unset it for the default {DEFAULT_TIMEOUT:g} s", "bad_setting")
        return cls(url, env.get("PUENTE_LLM_MODEL", "").strip(), env.get("PUENTE_LLM_API_KEY", "").strip(), timeout)

    @classmethod
    def required(cls, env: Mapping[str, str] | None = None) -> LLMConfig:
        """Like :meth:`from_env`, but an unset ``PUENTE_LLM_URL`` is an error (``--llm``)."""
        config = cls.from_env(env)
        if config is None:
            raise LLMError("PUENTE_LLM_URL", "not set",
                           f"set it to the base URL of an OpenAI-compatible API (e.g. {EXAMPLE_URL}) "
                           "to get generated answers", "not_set")
        return config


def shown_url(url: str) -> str:
    """``url`` without user info, query or fragment (where keys sometimes hide)."""
    url = re.sub(r"^(\w+://)[^/@]*@", r"\1", url)
    return re.split(r"[?#]", url, maxsplit=1)[0]


# ------------------------------------------------------------------ errors
def _excerpt(text: str, config: LLMConfig) -> str:
    text = " ".join(text.split())
    if config.api_key:
        text = text.replace(config.api_key, "***")
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _server_message(body: bytes) -> str:
    """The ``error.message`` of an OpenAI-style error body, else the body's start."""
    text = body.decode("utf-8", "replace")
    try:
        err = json.loads(text).get("error")
        msg = err.get("message") if isinstance(err, dict) else err
        if isinstance(msg, str) and msg:
            return msg
    except (ValueError, AttributeError):
        pass
    return text


def _url_error(config: LLMConfig, reason: str, fix: str, kind: str, status: int | None = None) -> LLMError:
    return LLMError(f"PUENTE_LLM_URL ({shown_url(config.url)})", reason, fix, kind, status)


_URL_FIX = f"set PUENTE_LLM_URL to the base URL of an OpenAI-compatible API, usually ending in /v1 (e.g. {EXAMPLE_URL})"


def http_error(config: LLMConfig, status: int | None, body: bytes, endpoint: str) -> LLMError:
    """One line for an HTTP error status, or (``status`` None) for an error object the
    server sent in a 2xx reply or inside a stream."""
    if status in (401, 403):
        sent = "refused the key" if config.api_key else "needs a key and none was sent"
        return LLMError("PUENTE_LLM_API_KEY", f"the server at {shown_url(config.url)} {sent} (HTTP {status})",
                        "set PUENTE_LLM_API_KEY to a valid key for this server", "refused_key", status)
    msg = _excerpt(_server_message(body), config)
    detail = (f"HTTP {status}" if status else "error") + (f": {msg}" if msg else "")
    if status in (400, 404, None) and re.search(r"\bmodel", msg, re.I):
        name = config.model or "not set"
        return LLMError(f"PUENTE_LLM_MODEL ({name})", f"the server did not accept the model ({detail})",
                        "set PUENTE_LLM_MODEL to a model this server serves (GET /v1/models lists them)", "model", status)
    if status == 404:
        return _url_error(config, f"{endpoint} not found ({detail})", _URL_FIX, "not_found", status)
    if status == 429:
        return _url_error(config, f"the server is rate-limiting requests ({detail})",
                          "wait and ask again, or use another endpoint", "http", status)
    if status is None or status >= 500:
        return _url_error(config, f"the server failed ({detail})",
                          "check the server's log, or unset PUENTE_LLM_URL to use extracted answers only", "http", status)
    return _url_error(config, f"the server rejected the request ({detail})",
                      "check PUENTE_LLM_URL and PUENTE_LLM_MODEL", "http", status)


def _bad_reply(config: LLMConfig, what: str) -> LLMError:
    return _url_error(config, what, _URL_FIX + ", not a web page or another kind of API", "bad_reply")


def _timeout(config: LLMConfig) -> LLMError:
    return _url_error(config, f"no complete reply within {config.timeout:g} s",
                      "check that the server is running and not overloaded, or raise PUENTE_LLM_TIMEOUT (seconds)",
                      "timeout")


def _connect_error(config: LLMConfig, exc: Exception) -> LLMError:
    cause = " ".join(str(exc).split()) or type(exc).__name__
    return _url_error(config, f"cannot connect ({_excerpt(cause, config)})",
                      f"start the server, or set PUENTE_LLM_URL to the base URL of a running OpenAI-compatible API "
                      f"(e.g. {EXAMPLE_URL})", "connection")


# ------------------------------------------------------------------ requests
def _headers(config: LLMConfig) -> dict[str, str]:
    headers = {"Accept": "application/json, text/event-stream"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    return headers


class _Deadline:
    """The whole reply must arrive within ``config.timeout`` (checked between chunks;
    each read also times out after ``config.timeout``)."""

    def __init__(self, config: LLMConfig):
        self.config = config
        self.end = time.monotonic() + config.timeout

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise _timeout(self.config)


@contextlib.contextmanager
def _request(config: LLMConfig, method: str, endpoint: str, payload: dict | None = None) -> Iterator[httpx.Response]:
    """Open the request and give the response with a 2xx status (the body unread);
    transport failures (also while the caller reads the body) and error statuses
    become :class:`LLMError`."""
    url = config.url + endpoint
    try:
        with httpx.Client(timeout=httpx.Timeout(config.timeout)) as client:
            with client.stream(method, url, json=payload, headers=_headers(config)) as resp:
                if resp.status_code >= 300:
                    raise http_error(config, resp.status_code, _read(resp, _Deadline(config), 4096), endpoint)
                yield resp
    except httpx.TimeoutException as exc:
        raise _timeout(config) from exc
    except httpx.ConnectError as exc:
        raise _connect_error(config, exc) from exc
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        raise _url_error(config, f"the connection broke ({_excerpt(str(exc) or type(exc).__name__, config)})",
                         "check the server's log and that PUENTE_LLM_URL points at it directly", "connection") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # unsupported scheme, bad host, proxy, ...
        raise _url_error(config, f"request failed ({_excerpt(str(exc), config)})", _URL_FIX, "connection") from exc


def _read(resp: httpx.Response, deadline: _Deadline, limit: int = 0) -> bytes:
    out = bytearray()
    for chunk in resp.iter_bytes():
        out += chunk
        deadline.check()
        if limit and len(out) >= limit:
            break
    return bytes(out)


def _json(config: LLMConfig, resp: httpx.Response, body: bytes) -> dict:
    try:
        data = json.loads(body)
    except ValueError:
        ctype = resp.headers.get("content-type", "no content type").split(";")[0]
        start = _excerpt(body[:200].decode("utf-8", "replace"), config)
        raise _bad_reply(config, f"the reply is not JSON ({ctype}, starts {start[:40]!r})") from None
    if not isinstance(data, dict):
        raise _bad_reply(config, "the reply is JSON but not an object")
    if "error" in data and "choices" not in data:
        raise http_error(config, None, body, "/chat/completions")
    return data


def _content(config: LLMConfig, data: dict, key: str) -> str | None:
    """``choices[0][key].content`` (``key`` is ``message`` or ``delta``)."""
    try:
        content = data["choices"][0][key].get("content")
    except (KeyError, IndexError, TypeError, AttributeError):
        raise _bad_reply(config, f"the reply has no choices[0].{key}.content") from None
    if content is not None and not isinstance(content, str):
        raise _bad_reply(config, f"choices[0].{key}.content is not text")
    return content


def _payload(config: LLMConfig, messages: list[dict], stream: bool, **extra) -> dict:
    payload = {"messages": messages, "temperature": 0, "stream": stream, **extra}
    if config.model:
        payload["model"] = config.model
    return payload


def chat(config: LLMConfig, messages: list[dict]) -> str:
    """The reply text of one non-streamed chat completion."""
    with _request(config, "POST", "/chat/completions", _payload(config, messages, False)) as resp:
        data = _json(config, resp, _read(resp, _Deadline(config)))
    return _content(config, data, "message") or ""


def chat_stream(config: LLMConfig, messages: list[dict]) -> Iterator[str]:
    """The text deltas of a streamed chat completion, as they arrive. A server that
    ignores ``stream`` and answers with one JSON object yields its whole text once."""
    with _request(config, "POST", "/chat/completions", _payload(config, messages, True)) as resp:
        deadline = _Deadline(config)
        if "text/event-stream" not in resp.headers.get("content-type", ""):
            yield _content(config, _json(config, resp, _read(resp, deadline)), "message") or ""
            return
        events = 0
        for line in resp.iter_lines():
            deadline.check()
            if not line.startswith("data:"):
                continue  # blank separators, ": keep-alive" comments, event:/id: fields
            data = line[5:].strip()
            if data == "[DONE]":
                return
            events += 1
            try:
                obj = json.loads(data)
            except ValueError:
                raise _bad_reply(config, f"a streamed event is not JSON ({_excerpt(data, config)[:40]!r})") from None
            if isinstance(obj, dict) and "error" in obj:
                raise http_error(config, None, data.encode(), "/chat/completions")
            if isinstance(obj, dict) and obj.get("choices") == []:
                continue  # usage-only chunk
            delta = _content(config, obj if isinstance(obj, dict) else {}, "delta")
            if delta:
                yield delta
        if not events:
            raise _bad_reply(config, "the stream ended without any data event")


def check_endpoint(config: LLMConfig) -> list[str]:
    """One cheap request (``GET /models``: no generation, no model load) that raises the
    one-line :class:`LLMError` when the URL, the key or the server is wrong. Returns the
    model ids the server lists. A wrong model name shows up on the first question."""
    with _request(config, "GET", "/models") as resp:
        data = _json(config, resp, _read(resp, _Deadline(config)))
    models = data.get("data", data.get("models"))
    if not isinstance(models, list):
        raise _bad_reply(config, "GET /models returned no model list")
    return [str(m.get("id", m.get("name", ""))) if isinstance(m, dict) else str(m) for m in models]
