"""The served app against what a user adds from outside: a hostile web page's original
cannot script the app (a real browser opens it), every response says ``nosniff``, and
with a login the page-view and file routes ask for it too."""
from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from puente.common.settings import Settings

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
HOSTILE = """<html><head><title>Shelter update</title>
<script>alert('head'); document.title = 'pwned'; fetch('/gradio_api/info').then(r => r.text()).then(t => { window.stolen = t; });</script>
</head><body onload="alert('onload')">
<article><h1>Shelter update</h1>
<p>In 2024 the shelter network in Tapachula received 2,310 asylum seekers and referred 520 of them to legal aid.
Staff were trained on safe disclosure, case management and referral pathways for unaccompanied children.</p>
<p>The network plans to add forty beds in the southern border region before the end of the rainy season.</p>
<img src="missing.png" onerror="alert('img'); document.body.dataset.pwned = '1'">
<script>document.body.dataset.pwned = '1'; new Image().src = '/gradio_api/info?leak=' + document.cookie;</script>
</article></body></html>"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory, encoder) -> Path:
    from puente.index.update import ingest

    src = tmp_path_factory.mktemp("hostile-src")
    (src / "shelter-update.html").write_text(HOSTILE, encoding="utf-8")
    (src / "shelter-note.md").write_text("# Shelter note\n\n" + "The shelter in Tapachula opened a second floor "
                                         "for families with children in March 2024. " * 5, encoding="utf-8")
    folder = tmp_path_factory.mktemp("hostile") / "idx"
    report = ingest([src], folder, encoder)
    assert report.ok, report.errors
    return folder


def _serve(index: Path, model_path: str, **kw):
    from puente.app.web.layout import build_app, launch
    from puente.index.engine import Engine

    settings = Settings(index=str(index), model=model_path, host="127.0.0.1", **kw)
    demo = build_app(Engine(index, model_path), settings)
    port = _free_port()
    launch(demo, settings, port=port, block=False)
    return demo, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def served(hostile_index, model_path):
    demo, url = _serve(hostile_index, model_path)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def served_with_login(hostile_index, model_path):
    demo, url = _serve(hostile_index, model_path, auth="ana:s3creto:con-dos-puntos")
    yield url
    demo.close()


def test_every_response_says_nosniff_and_web_originals_are_sandboxed(served):
    for path in ("/", "/gradio_api/info", "/config", "/puente/file?doc=shelter-update", "/puente/file?doc=nope",
                 "/puente/file?doc=shelter-note"):
        r = httpx.get(served + path, timeout=60)
        assert r.headers.get("x-content-type-options") == "nosniff", path
    page = httpx.get(served + "/puente/file?doc=shelter-update", timeout=60)
    assert page.status_code == 200 and "Tapachula" in page.text
    csp = page.headers["content-security-policy"]
    assert csp.split(";")[0].strip() == "sandbox" and "default-src 'none'" in csp
    note = httpx.get(served + "/puente/file?doc=shelter-note", timeout=60)
    assert note.status_code == 200 and note.headers["content-security-policy"].startswith("sandbox")


@pytest.mark.browser
def test_hostile_web_page_original_runs_no_script(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page()
            dialogs, api_calls = [], []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: api_calls.append(r.url) if "/gradio_api" in r.url else None)
            page.goto(served + "/puente/file?doc=shelter-update", wait_until="load")
            page.wait_for_timeout(1500)  # time for an onerror or a late fetch to fire
            assert "2,310 asylum seekers" in page.inner_text("body")  # the page is shown...
            assert dialogs == []  # ...but none of its scripts ran
            assert page.title() == "Shelter update"
            assert page.get_attribute("body", "data-pwned") is None
            assert api_calls == []
        finally:
            browser.close()


def test_login_guards_the_page_and_file_routes(served_with_login):
    url = served_with_login
    for path in ("/puente/file?doc=shelter-note", "/puente/page?doc=shelter-note&page=1&s=0&e=10"):
        r = httpx.get(url + path, timeout=60)
        assert r.status_code == 401, path
    with httpx.Client(base_url=url, timeout=60) as client:
        bad = client.post("/login", data={"username": "ana", "password": "wrong"})
        assert bad.status_code == 400
        assert client.get("/puente/file?doc=shelter-note").status_code == 401
        ok = client.post("/login", data={"username": "ana", "password": "s3creto:con-dos-puntos"})
        assert ok.status_code == 200
        r = client.get("/puente/file?doc=shelter-note")
        assert r.status_code == 200 and "Tapachula" in r.text


def test_questions_answered_at_once_follow_the_setting(hostile_index, model_path):
    from puente.app.web.layout import build_app
    from puente.index.engine import Engine

    settings = Settings(index=str(hostile_index), model=model_path, concurrency=3)
    demo = build_app(Engine(hostile_index, model_path), settings)
    asks = [f for f in demo.fns.values() if getattr(f, "name", "") == "on_ask"]
    assert len(asks) == 2  # the button and Enter in the question box
    assert {(f.concurrency_limit, f.concurrency_id) for f in asks} == {(3, "ask")}  # one shared limit
