"""The generated answer (issue 13 item 4): settings, the prompt, claim verification, and
the endpoint's failures, against a real HTTP server on 127.0.0.1 that speaks the OpenAI
chat-completions protocol (JSON and SSE) with scripted replies. No model, no mocks."""
from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time

import pytest
from llm_server import ScriptedLLM, chunk

from puente.common.errors import PuenteError
from puente.index.generate.answer import (
    Generated,
    LLMConfig,
    LLMError,
    Passage,
    check_endpoint,
    generate,
    stream_generate,
    verify_reply,
)
from puente.index.generate.verify import check_claim, citations, months, numbers, split_claims

KEY = "sk-test-7f3a9c1e5b2d4f60"

EN = [
    Passage("UNHCR trained 740 people on gender-based violence in 2023. The training ran in Tapachula and Tijuana.",
            "unhcr-results-report, p. 9"),
    Passage("El plazo es diciembre de 2024. La matriz de riesgos será revisada por la Oficina Regional.",
            "oim-respuesta-gerencial, p. 3"),
    Passage("The 2024 budget for the operation was USD 1,234,000, of which 45 % went to protection.",
            "unhcr-budget, p. 2"),
    Passage("Some 12.5 million people were displaced; 3,5 % were resettled.", "global-trends, p. 4"),
    Passage("Recommendation 4 is addressed to the Regional Bureau for the Americas.", "evaluation, p. 12"),
]
QUESTION_EN = "How many people did UNHCR train on gender-based violence in 2023?"
QUESTION_ES = "¿Cuántas personas capacitó el ACNUR sobre violencia de género en 2023?"


@pytest.fixture
def llm():
    server = ScriptedLLM().start()
    yield server
    server.stop()


def _config(server: ScriptedLLM, timeout: float = 5.0, key: str = KEY) -> LLMConfig:
    return LLMConfig(server.url, "scripted", key, timeout)


def _error(fn, *args, **kw) -> LLMError:
    with pytest.raises(LLMError) as info:
        fn(*args, **kw)
    err = info.value
    assert isinstance(err, PuenteError)
    assert "\n" not in str(err) and KEY not in str(err) and KEY not in repr(err)
    return err


# ------------------------------------------------------------------ settings
def test_config_from_env():
    assert LLMConfig.from_env({}) is None
    assert LLMConfig.from_env({"PUENTE_LLM_URL": "  "}) is None
    c = LLMConfig.from_env({"PUENTE_LLM_URL": "http://127.0.0.1:8080/v1/", "PUENTE_LLM_MODEL": "qwen",
                            "PUENTE_LLM_API_KEY": KEY})
    assert (c.url, c.model, c.api_key, c.timeout) == ("http://127.0.0.1:8080/v1", "qwen", KEY, 30.0)
    assert KEY not in repr(c)
    assert LLMConfig.from_env({"PUENTE_LLM_URL": "http://h/v1", "PUENTE_LLM_TIMEOUT": "2.5"}).timeout == 2.5
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.url = "x"


@pytest.mark.parametrize("env, named", [
    ({"PUENTE_LLM_URL": "127.0.0.1:8080/v1"}, "PUENTE_LLM_URL"),
    ({"PUENTE_LLM_URL": "http://h/v1", "PUENTE_LLM_TIMEOUT": "soon"}, "PUENTE_LLM_TIMEOUT"),
    ({"PUENTE_LLM_URL": "http://h/v1", "PUENTE_LLM_TIMEOUT": "0"}, "PUENTE_LLM_TIMEOUT"),
])
def test_bad_settings_name_the_variable(env, named):
    err = _error(LLMConfig.from_env, env)
    assert str(err).startswith(named) and err.kind == "bad_setting"


def test_required_config_names_url_when_unset():
    err = _error(LLMConfig.required, {"PUENTE_LLM_API_KEY": KEY})
    assert str(err).startswith("PUENTE_LLM_URL: not set;") and "http://" in err.fix and err.kind == "not_set"


# ------------------------------------------------------------------ the request
def test_request_carries_question_numbered_passages_language_and_key(llm):
    llm.answer("El ACNUR capacitó a 740 personas sobre violencia de género en 2023 [1].")
    generate(QUESTION_ES, EN[:3], _config(llm), lang="es")
    req = llm.last
    assert (req.method, req.path) == ("POST", "/v1/chat/completions")
    assert req.headers["Authorization"] == f"Bearer {KEY}"
    body = req.body
    assert body["model"] == "scripted" and body["temperature"] == 0 and body["stream"] is False
    system, user = body["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    assert "Answer in Spanish" in system["content"] and "Answer in Spanish" in user["content"]
    assert "1 to 4" in system["content"] and "NO ANSWER" in system["content"]
    assert QUESTION_ES in user["content"]
    for i, p in enumerate(EN[:3], 1):
        assert f"[{i}] ({p.citation})\n{p.text}" in user["content"]
    assert "[4]" not in user["content"]


def test_no_key_sends_no_authorization_and_no_model_sends_none(llm):
    llm.answer("UNHCR trained 740 people [1].")
    generate(QUESTION_EN, EN[:1], LLMConfig(llm.url, timeout=5), lang="en")
    assert "Authorization" not in llm.last.headers and "model" not in llm.last.body
    assert "Answer in English" in llm.last.body["messages"][1]["content"]


def test_hits_are_accepted_as_passages(llm):
    class Chunk:
        def __init__(self, p):
            self.text, self.citation = p.text, p.citation

    class Hit:
        def __init__(self, p):
            self.chunk = Chunk(p)

    llm.answer("UNHCR trained 740 people [1].")
    g = generate(QUESTION_EN, [Hit(p) for p in EN[:2]], _config(llm))
    assert g.status == "verified" and g.sources == {1: EN[0].citation}
    assert "[2] (oim-respuesta-gerencial, p. 3)" in llm.last.body["messages"][1]["content"]


# ------------------------------------------------------------------ verification, end to end
def test_grounded_answer_is_kept_whole(llm):
    reply = ("UNHCR trained 740 people on gender-based violence in 2023 [1]. "
             "The deadline for the risk matrix is December 2024 [2].")
    llm.answer(reply)
    g = generate(QUESTION_EN, EN, _config(llm))
    assert g.status == "verified" and g.ok and g.notice == "" and g.removed == []
    assert g.text == reply
    assert g.claims == [("UNHCR trained 740 people on gender-based violence in 2023 [1].", [1]),
                        ("The deadline for the risk matrix is December 2024 [2].", [2])]
    assert g.citations == [1, 2] and g.sources == {1: EN[0].citation, 2: EN[1].citation}
    assert g.to_dict()["claims"][1] == {"text": g.claims[1][0], "citations": [2]}


def test_grounded_spanish_answer_over_english_passage(llm):
    reply = "El ACNUR capacitó a 740 personas sobre violencia de género en 2023 [1]. El plazo es diciembre de 2024 [2]."
    llm.answer(reply)
    g = generate(QUESTION_ES, EN, _config(llm), lang="es")
    assert g.status == "verified" and g.text == reply


def test_invented_number_claim_is_dropped(llm):
    llm.answer("UNHCR trained 750 people on gender-based violence in 2023 [1]. The deadline is December 2024 [2].")
    g = generate(QUESTION_EN, EN, _config(llm))
    assert g.status == "partial" and g.ok
    assert g.text == "The deadline is December 2024 [2]." and g.citations == [2]
    assert g.removed == [("UNHCR trained 750 people on gender-based violence in 2023 [1].", "number 750 is not in [1]")]
    assert g.notice == "Verification removed 1 unsupported statement(s) from the generated answer."
    assert g.to_dict()["removed"] == [{"claim": g.removed[0][0], "reason": "number 750 is not in [1]"}]


def test_citing_passage_7_of_5_is_dropped(llm):
    llm.answer("UNHCR trained 740 people in 2023 [1]. Half of them were women [7].")
    g = generate(QUESTION_EN, EN, _config(llm))
    assert g.status == "partial" and g.text == "UNHCR trained 740 people in 2023 [1]."
    assert g.removed == [("Half of them were women [7].", "cites [7], but only [1]-[5] were shown")]


def test_quote_not_in_the_passage_is_dropped(llm):
    llm.answer('UNHCR "trained 740 people on gender-based violence" [1]. '
               'The report calls the training “a complete success” [1]. '
               "El informe dice: «El plazo es diciembre de 2024» [2].")
    g = generate(QUESTION_EN, EN, _config(llm))
    assert [c for c, _ in g.claims] == ['UNHCR "trained 740 people on gender-based violence" [1].',
                                        "El informe dice: «El plazo es diciembre de 2024» [2]."]
    assert g.removed == [("The report calls the training “a complete success” [1].",
                          'quote "a complete success" is not in [1]')]


def test_quote_must_be_in_a_passage_the_claim_cites(llm):
    llm.answer('The deadline is "diciembre de 2024" [1].')
    g = generate(QUESTION_EN, EN, _config(llm))
    assert g.status == "unverified" and not g.ok and g.text == ""
    assert g.removed[0][1] == 'quote "diciembre de 2024" is not in [1]'


def test_everything_dropped_gives_a_notice(llm):
    llm.answer("UNHCR trained 900 people in 2022 [1]. It was a great success. The budget was USD 2 million [9].")
    g = generate(QUESTION_EN, EN, _config(llm))
    assert g.status == "unverified" and not g.ok and g.claims == [] and g.citations == []
    assert [r for _, r in g.removed] == ["number 900 is not in [1]", "cites no passage",
                                         "cites [9], but only [1]-[5] were shown"]
    assert g.notice.startswith("No statement of the generated answer could be verified")
    assert "\n" not in g.notice


def test_model_saying_no_answer(llm):
    llm.answer("NO ANSWER")
    g = generate("What is the 2025 budget?", EN, _config(llm), lang="es")
    assert g.status == "no_answer" and not g.ok and g.removed == []
    assert g.notice.startswith("El modelo de lenguaje no encontró respuesta")


def test_no_passages_makes_no_request(llm):
    g = generate(QUESTION_EN, [], _config(llm))
    assert g.status == "no_answer" and llm.requests == []


def test_reasoning_block_is_not_verified_or_shown(llm):
    llm.answer("<think>Maybe 999 people? Let me check [1].</think>\nUNHCR trained 740 people [1].")
    g = generate(QUESTION_EN, EN, _config(llm))
    assert g.status == "verified" and g.text == "UNHCR trained 740 people [1]."


# ------------------------------------------------------------------ streaming
def test_streamed_reply_arrives_in_order_and_is_verified_at_the_end(llm):
    gate = threading.Event()
    reply = "UNHCR trained 740 people in 2023 [1]. The budget was USD 1,500,000 [3]."
    script = llm.answer(reply, gate=gate)
    pieces, final = [], None
    for event in stream_generate(QUESTION_EN, EN, _config(llm), lang="en"):
        if isinstance(event, str):
            pieces.append(event)
            gate.set()  # the server holds back the rest until the first piece got here
        else:
            final = event
    assert script.gate_opened == [True], "the first delta must arrive before the server sends the rest"
    assert llm.last.body["stream"] is True
    assert pieces[0] == "UNHCR " and len(pieces) == len(reply.split(" ")) and "".join(pieces) == reply
    assert isinstance(final, Generated) and final.status == "partial"
    assert final.text == "UNHCR trained 740 people in 2023 [1]."
    assert final.removed == [("The budget was USD 1,500,000 [3].", "number 1,500,000 is not in [3]")]


def test_streamed_reasoning_is_not_shown(llm):
    llm.answer("", chunks=["<thi", "nk>draft 999", "</think>", "UNHCR trained ", "740 people [1]."])
    events = list(stream_generate(QUESTION_EN, EN, _config(llm)))
    assert events[:-1] == ["UNHCR trained ", "740 people [1]."]
    assert events[-1].status == "verified"


def test_generate_with_stream_collects_the_stream(llm):
    llm.answer("El plazo es diciembre de 2024 [2].")
    g = generate(QUESTION_ES, EN, _config(llm), lang="es", stream=True)
    assert llm.last.body["stream"] is True and g.status == "verified" and g.citations == [2]


def test_server_that_ignores_stream_flag_still_works(llm):
    llm.respond(200, {"choices": [{"message": {"content": "UNHCR trained 740 people [1]."}}]})
    events = list(stream_generate(QUESTION_EN, EN, _config(llm)))
    assert events[0] == "UNHCR trained 740 people [1]." and events[-1].status == "verified"


def test_stream_without_done_keeps_what_arrived(llm):
    llm.answer("", events=[chunk("UNHCR trained "), chunk("740 people [1].")])
    events = list(stream_generate(QUESTION_EN, EN, _config(llm)))
    assert events[-1].text == "UNHCR trained 740 people [1]." and events[-1].status == "verified"


def test_streamed_request_answered_with_a_web_page(llm):
    llm.respond(200, "<html>login</html>", "text/html")
    assert _error(list, stream_generate(QUESTION_EN, EN, _config(llm))).kind == "bad_reply"


def test_error_event_inside_the_stream(llm):
    llm.answer("", events=[json.dumps({"error": {"message": f"out of memory for key {KEY}"}})])
    err = _error(list, stream_generate(QUESTION_EN, EN, _config(llm)))
    assert str(err).startswith("PUENTE_LLM_URL") and "out of memory" in str(err) and err.kind == "http"


def test_broken_stream_event(llm):
    llm.answer("", events=[chunk("UNHCR "), "{not json"])
    err = _error(list, stream_generate(QUESTION_EN, EN, _config(llm)))
    assert err.kind == "bad_reply" and str(err).startswith("PUENTE_LLM_URL")


# ------------------------------------------------------------------ endpoint failures
def test_timeout(llm):
    llm.sleep(10)
    t0 = time.monotonic()
    err = _error(generate, QUESTION_EN, EN, _config(llm, timeout=0.3))
    assert time.monotonic() - t0 < 3
    assert err.kind == "timeout" and str(err).startswith(f"PUENTE_LLM_URL ({llm.url}): no complete reply within 0.3 s;")
    assert "PUENTE_LLM_TIMEOUT" in err.fix


def test_streamed_timeout(llm):
    llm.sleep(10)
    err = _error(list, stream_generate(QUESTION_EN, EN, _config(llm, timeout=0.3)))
    assert err.kind == "timeout"


def test_stream_that_stalls_after_the_first_delta(llm):
    llm.answer("UNHCR trained 740 people [1].", gate=threading.Event())  # never opened
    events = []
    with pytest.raises(LLMError) as info:
        for event in stream_generate(QUESTION_EN, EN, _config(llm, timeout=0.3)):
            events.append(event)
    assert events == ["UNHCR "] and info.value.kind == "timeout"


def test_server_error_500_masks_the_key(llm):
    llm.respond(500, {"error": {"message": f"backend crashed while using key {KEY}", "type": "server_error"}})
    err = _error(generate, QUESTION_EN, EN, _config(llm))
    assert err.kind == "http" and err.status == 500
    assert str(err).startswith(f"PUENTE_LLM_URL ({llm.url}): the server failed (HTTP 500: backend crashed")
    assert "***" in str(err)


@pytest.mark.parametrize("status", [401, 403])
def test_refused_key_names_the_key_variable(llm, status):
    llm.respond(status, {"error": {"message": f"Incorrect API key provided: {KEY}"}})
    err = _error(generate, QUESTION_EN, EN, _config(llm))
    assert err.kind == "refused_key" and err.status == status
    assert str(err) == (f"PUENTE_LLM_API_KEY: the server at {llm.url} refused the key (HTTP {status}); "
                        "set PUENTE_LLM_API_KEY to a valid key for this server")


def test_missing_key(llm):
    llm.respond(401, "unauthorized")
    err = _error(generate, QUESTION_EN, EN, _config(llm, key=""))
    assert "needs a key and none was sent" in str(err) and str(err).startswith("PUENTE_LLM_API_KEY")


def test_404_wrong_url(llm):
    llm.respond(404, "Not Found", "text/plain")
    err = _error(generate, QUESTION_EN, EN, _config(llm))
    assert err.kind == "not_found" and str(err).startswith(f"PUENTE_LLM_URL ({llm.url}): /chat/completions not found")
    assert "/v1" in err.fix


def test_404_unknown_model_names_the_model_variable(llm):
    llm.respond(404, {"error": {"message": 'model "qwen9" not found, try pulling it first'}})
    err = _error(generate, QUESTION_EN, EN, _config(llm))
    assert err.kind == "model" and str(err).startswith("PUENTE_LLM_MODEL (scripted): the server did not accept")


def test_non_json_reply(llm):
    llm.respond(200, "<!doctype html><html><body>Welcome to my web UI</body></html>", "text/html")
    err = _error(generate, QUESTION_EN, EN, _config(llm))
    assert err.kind == "bad_reply"
    assert str(err).startswith(f"PUENTE_LLM_URL ({llm.url}): the reply is not JSON (text/html, starts '<!doctype html>")
    assert "usually ending in /v1" in str(err)


@pytest.mark.parametrize("body", [{"foo": 1}, {"choices": []}, {"choices": [{"message": {"content": 7}}]}, [1, 2]])
def test_malformed_json_reply(llm, body):
    llm.respond(200, json.dumps(body), "application/json")
    err = _error(generate, QUESTION_EN, EN, _config(llm))
    assert err.kind == "bad_reply" and str(err).startswith("PUENTE_LLM_URL")


def test_connection_refused():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
        err = _error(generate, QUESTION_EN, EN, LLMConfig(url, "m", KEY, 2.0))
    assert err.kind == "connection" and str(err).startswith(f"PUENTE_LLM_URL ({url}): cannot connect")
    assert "start the server" in err.fix


def test_url_credentials_are_not_shown():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        err = _error(generate, QUESTION_EN, EN, LLMConfig(f"http://user:{KEY}@127.0.0.1:{port}/v1?key={KEY}", "m", KEY, 2))
    assert str(err).startswith(f"PUENTE_LLM_URL (http://127.0.0.1:{port}/v1)")


def test_failure_as_a_result_for_the_caller(llm):
    llm.respond(503, "overloaded")
    try:
        g = generate(QUESTION_EN, EN, _config(llm))
    except LLMError as err:
        g = Generated.from_error(err)
    assert g.status == "error" and not g.ok and g.text == ""
    assert g.to_dict()["notice"] == f"PUENTE_LLM_URL ({llm.url}): the server failed (HTTP 503: overloaded); " \
        "check the server's log, or unset PUENTE_LLM_URL to use extracted answers only"


def test_check_endpoint(llm):
    assert check_endpoint(_config(llm)) == ["scripted"]
    assert (llm.last.method, llm.last.path, llm.last.headers["Authorization"]) == ("GET", "/v1/models", f"Bearer {KEY}")
    llm.respond(401, "no")
    assert _error(check_endpoint, _config(llm)).kind == "refused_key"
    llm.respond(200, "<html>", "text/html")
    assert _error(check_endpoint, _config(llm)).kind == "bad_reply"


def test_check_endpoint_nothing_listening():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        err = _error(check_endpoint, LLMConfig(f"http://127.0.0.1:{sock.getsockname()[1]}/v1", api_key=KEY))
    assert err.kind == "connection"


# ------------------------------------------------------------------ verification, pure
P = [p.text for p in EN]


@pytest.mark.parametrize("claim, reason", [
    ("The budget was USD 1.234.000 [3].", ""),  # thousands separators normalised
    ("The budget was USD 1 234 000 [3].", ""),  # no-break spaces
    ("45% went to protection [3].", ""),
    ("El 3.5 % fue reasentado [4].", ""),  # decimal comma / point
    ("Some 12,5 millones de personas [4].", ""),
    ("Some 12,500,000 people were displaced [4].", ""),  # 12.5 million
    ("UNHCR trained 20 people [1].", "number 20 is not in [1]"),  # not inside 2023
    ("UNHCR trained 740 people in 2022 [1].", "number 2022 is not in [1]"),
    ("Recommendation 4 goes to the Regional Bureau [5].", ""),
    ("Recommendation 5 goes to the Regional Bureau [5].", "number 5 is not in [5]"),
    ("The deadline is November 2024 [2].", "date November 2024 is not in [2]"),
    ("El plazo vence en diciembre de 2024 [2].", ""),
    ("The deadline is 2024 [2][1].", ""),  # a number may come from any cited passage
    ("UNHCR may train more people [1].", ""),  # "may" is not a month
    ("The training ran in Tapachula [1-2].", ""),
    ("UNHCR trained 740 people [0].", "cites [0], but only [1]-[5] were shown"),
    ("Sources: [1], [2].", "is not a statement"),
    ('It ran in "Tapachula and Tijuana" [1].', ""),
    ('It ran in "TAPACHULA  and\ntijuana." [1].', ""),  # case, whitespace, trailing period
    ('UNHCR "trained 740 … in 2023" [1].', ""),  # ellipsis stands for a gap
    ('UNHCR "trained 740 … in 2022" [1].', 'quote "trained 740 … in 2022" is not in [1]'),
])
def test_check_claim(claim, reason):
    assert check_claim(claim.replace("1 234 000", "1\u00a0234\u00a0000"), P).reason == reason


def test_numbers_are_normalised():
    forms = {w: f for w, f in numbers("1,234 / 1.234 / 3,5 / 3.50 / 0.125 / 45% / 1,234.5 / 1.234,5 / 2 million / 2023.")}
    assert forms == {"1,234": {"1234"}, "1.234": {"1234"}, "3,5": {"3.5"}, "3.50": {"3.5"}, "0.125": {"0.125"},
                     "45": {"45"}, "1,234.5": {"1234.5"}, "1.234,5": {"1234.5"}, "2": {"2", "2000000"},
                     "2023": {"2023"}}
    assert numbers("see [1] and [2, 3]") == []


def test_months_need_a_year_or_day():
    assert months("El plazo es diciembre de 2024; 15 March; March 15, 2023; sept. 2022; 1 de mayo de 2023") == [
        ("diciembre de 2024", 12), ("15 March", 3), ("March 15, 2023", 3), ("sept. 2022", 9), ("1 de mayo de 2023", 5)]
    assert months("in March we may 2 go") == []


def test_split_claims():
    text = ("UNHCR trained 740 people, e.g. staff of partners [1]. Dr. Pérez led the U.N. work [2]. "
            "¿Cuándo? En 2024 [2].\n- A list item [1]\n2. Another [2]")
    assert split_claims(text) == ["UNHCR trained 740 people, e.g. staff of partners [1].",
                                  "Dr. Pérez led the U.N. work [2].", "¿Cuándo?", "En 2024 [2].",
                                  "A list item [1]", "Another [2]"]
    assert split_claims("It was 740. [1] The deadline is 2024 [2].") == ["It was 740. [1]", "The deadline is 2024 [2]."]
    # a hard-wrapped reply: a line that does not end a sentence continues on the next
    assert split_claims("UNHCR trained 740 people\non gender-based violence [1].\n\nNext [2]") == [
        "UNHCR trained 740 people on gender-based violence [1].", "Next [2]"]
    assert split_claims("Findings:\n* one [1]\n* two\n  continued [2]") == ["Findings:", "one [1]", "two continued [2]"]


def test_citations():
    assert citations("a [1, 3] b [2][4] c [1-3] d [7 y 8]") == [1, 3, 2, 4, 7, 8]
    assert citations("no citation (2023)") == []


def test_lead_in_is_not_a_claim():
    g = verify_reply("Based on the passages:\n- UNHCR trained 740 people in 2023 [1].\n- The deadline is December 2024 [2].", EN)
    assert g.status == "verified" and g.removed == [] and len(g.claims) == 2


def test_verify_reply_without_server():
    g = verify_reply("UNHCR trained 740 people [1]. Nothing else.", EN)
    assert g.status == "partial" and g.removed == [("Nothing else.", "cites no passage")]
    assert g.to_dict() == {
        "text": "UNHCR trained 740 people [1].", "status": "partial",
        "claims": [{"text": "UNHCR trained 740 people [1].", "citations": [1]}], "citations": [1],
        "sources": {"1": EN[0].citation}, "removed": [{"claim": "Nothing else.", "reason": "cites no passage"}],
        "notice": "Verification removed 1 unsupported statement(s) from the generated answer.",
    }


# ------------------------------------------------------------------ through the CLI
def _tiny_index(folder):
    import numpy as np

    from puente.common.types import Chunk
    from puente.index.store import stores as store

    chunks = [Chunk(doc="d", title="D", text="UNHCR trained 740 people in 2023.", lang="en", end=33)]
    store.save(folder, chunks, np.ones((1, 8), np.float32) / np.sqrt(8), {"d": {"doc": "d", "chunks": 1}},
               {"model_id": "m", "dims": 8, "chunker": {}})


def test_cli_llm_without_an_endpoint_is_one_line_before_the_model_loads(tmp_path, capsys, monkeypatch):
    from puente.app.cli import main

    _tiny_index(tmp_path / "idx")
    monkeypatch.delenv("PUENTE_LLM_URL", raising=False)
    monkeypatch.setenv("PUENTE_MODEL", str(tmp_path / "no-model"))  # a model load would fail differently
    assert main(["search", "How many people?", "--llm", "--index", str(tmp_path / "idx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: PUENTE_LLM_URL") and len(err.strip().splitlines()) == 1


@pytest.mark.model
def test_cli_search_with_a_generated_answer(llm, corpus_index, model_path, capsys, monkeypatch):
    """Grounded: the verified answer and its sources print; an invented figure is removed and
    the extracted answer stays; a 500 is one notice and search still answers."""
    from puente.app.cli import main

    monkeypatch.setenv("PUENTE_LLM_URL", llm.url)
    monkeypatch.setenv("PUENTE_LLM_API_KEY", KEY)
    monkeypatch.setenv("PUENTE_MODEL", model_path)
    q = "How many people did UNHCR train on GBV risk mitigation in 2023?"
    argv = ["search", q, "--llm", "--index", str(corpus_index), "--k", "5"]
    llm.answer("UNHCR trained 740 people on gender-based violence risk mitigation in 2023 [1][2][3].")
    assert main(argv + ["--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    g = out["generated"]
    assert g["status"] == "verified" and g["citations"] == [1, 2, 3] and "740" in g["text"]
    assert g["sources"]["1"] == out["hits"][0]["citation"]
    sent = llm.requests[-1].body["messages"][-1]["content"]
    assert q in sent and out["hits"][0]["text"].split()[0] in sent
    llm.answer("UNHCR trained 9,999 people in 2023 [1][2][3].")
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "9,999" not in text and text.startswith("Note: ") and "\nAnswer (" in text
    llm.respond(500, "boom")
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "PUENTE_LLM_URL" in text.splitlines()[0] and "740" in text


@pytest.mark.model
def test_eval_llm_scores_generated_answers_beside_extracted_ones(llm, corpus_index, model_path, tmp_path, capsys,
                                                                 monkeypatch):
    """One answerable question answered with a grounded claim and an invented one, one
    unanswerable question the model declines: covers, abstention and the removed share."""
    from puente.app.cli import main

    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "question": "How many people did UNHCR train on GBV risk mitigation in 2023?",
         "evidence": [{"doc": "unhcr-mexico-annual-results-report-2023",
                       "text": "UNHCR trained 740 people (85% women, 15% men) on GBV risks and principles."}]},
        {"id": "u", "question": "How many people did UNHCR train on GBV risk mitigation in 2025?", "evidence": []},
    ]) + "\n")
    monkeypatch.setenv("PUENTE_LLM_URL", llm.url)
    monkeypatch.setenv("PUENTE_LLM_API_KEY", KEY)
    monkeypatch.setenv("PUENTE_MODEL", model_path)
    llm.answer("UNHCR trained 740 people on GBV risks in 2023 [1][2][3]. It also trained 9,999 judges [1].")
    llm.answer("NO_ANSWER")
    assert main(["eval", str(gold), "--llm", "--index", str(corpus_index), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    g = out["summary"]["generated"]
    assert (g["covers"], g["answered"], g["abstained"], g["claims"], g["removed"]) == (1, 1, 1, 2, 1)
    assert out["items"][0]["generated"]["answer_covers"] and out["items"][1]["generated"]["abstained"]
    llm.answer("UNHCR trained 740 people on GBV risks in 2023 [1][2][3].")
    llm.answer("NO_ANSWER")
    assert main(["eval", str(gold), "--llm", "--index", str(corpus_index)]) == 0
    table = capsys.readouterr().out
    assert "generated answers" in table and "claims removed by verification: 0/1" in table


@pytest.mark.model
def test_app_streams_the_generated_answer_then_shows_it_verified(llm, engine):
    from puente.app.web.behaviour import PuenteApp
    from puente.app.web.render import render_generated
    from puente.common.settings import Settings

    app = PuenteApp(engine, Settings(index=str(engine.index_dir)))
    view = app.ask("How many people did UNHCR train on GBV risk mitigation in 2023?", k=5)
    llm.answer("UNHCR trained 740 people in 2023 [1][2][3]. It also trained 12 judges [2].")
    parts = list(app.generate(view, _config(llm)))
    assert len(parts) > 3 and all(b.startswith(a) for a, b in zip(parts, parts[1:]))  # streamed, growing
    g = view.result.generated
    assert g.status == "partial" and [c for c, _ in g.removed] == ["It also trained 12 judges [2]."]
    box = render_generated(g, "en")
    assert "740" in box and "12 judges" not in box and view.result.hits[0].chunk.citation.split(",")[0] in box
    llm.respond(401, "no")
    list(app.generate(view, _config(llm)))
    assert not view.result.generated.ok and "PUENTE_LLM_API_KEY" in render_generated(view.result.generated, "en")
