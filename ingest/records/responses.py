"""Management-response matrices: recommendations with their labelled fields and
their numbered planned actions (who / deadline / status)."""
from __future__ import annotations

import re

from ..chunker import Line as _Line
from .interleaved import _interleaved, cells_in_order
from .patterns import (
    _ACTION_LABELS,
    _ACTION_START,
    _ACTIONS_HEAD,
    _BULLET,
    _DATE_CELL,
    _INLINE_LABEL,
    _LABELLED_ACTION,
    _OPENS_ON_RESPONSE,
    _REC_HEAD,
    _REC_LABELS,
    _SHORT,
    _STATUS_CELL,
    _flat,
    _Locator,
    _one_response,
    after_option,
    inline_facts,
    prose_facts,
    states_facts_in_prose,
)
from .record import Record
from .wrapped_rows import bare_number, trailing_row


# recommendations and actions
def _reason(fields_: dict[str, list[str]], response: str) -> str:
    """Why management answered so: "Justificación:"/"Reasons:", else the response's words after its option."""
    if not response:  # a form's empty fields ("Reasons (if partially agree or disagree):")
        return ""
    if fields_.get("reasons"):
        return re.sub(r"^\s*(?:\([^)]*\))?\s*[:.\-–]?\s*", "", _flat(" ".join(fields_["reasons"])))
    return after_option(_flat(" ".join(fields_.get("response", []))), response)


def _clean_value(parts: list[str], sep_labels: bool = False) -> str:
    """Join a cell's lines; bullets (with ``sep_labels``, "Acompañan: …" lines too) become items joined by "; "."""
    items = []
    labelled = False
    for p in parts:
        p = p.strip()
        m = _BULLET.match(p)
        if m:
            items.append([m.group(1)])
        elif sep_labels and items and _INLINE_LABEL.match(p):
            items.append([p])
            labelled = True
        elif items and p:
            items[-1].append(p)
        elif p:
            items.append([p])
    bulleted = any(_BULLET.match(p.strip()) for p in parts)
    joined = [_flat(" ".join(i)) for i in items]
    if bulleted:
        return "; ".join(joined)
    if labelled:
        return "".join(j if k == 0 else (" " if joined[k - 1].endswith(".") else "; ") + j for k, j in enumerate(joined))
    return _flat(" ".join(joined))


def _rec_label(line: str) -> tuple[str, str] | None:
    for name, rx in _REC_LABELS.items():
        m = rx.match(line)
        if m:
            return name, m.group(1)
    return None


def _action_label(line: str) -> tuple[str, str] | None:
    for name, rx in _ACTION_LABELS.items():
        m = rx.match(line)
        if m:
            return name, m.group(1)
    return None



def _parse_action(lines: list[_Line], first_rest: str, page=None) -> dict:
    """Fields of one action from its lines (first line's number already removed); ``page``:
    a text offset's page number."""
    body = [ln for ln in lines[1:] if ln.s]
    out = {"text": "", "responsible": "", "deadline": "", "status": ""}
    # 0. facts in running text after the statement ("… por caso. Unidad responsable: …. Fecha límite: …"); one
    # label alone may be the next section's ("La Unidad informará cada seis meses. Plazo: …")
    said = [first_rest] + [ln.s for ln in body]
    if states_facts_in_prose(said):
        text, facts = prose_facts("\n".join(said))
        if len(facts) >= 2:
            return out | {"text": text} | {k: v for k, v in facts.items() if k in out}
    # 1. labelled cells ("Deadline: June 2024", "Responsable: …")
    if any(_action_label(ln.text) for ln in body):
        cur, vals, text = "text", {"text": [first_rest]}, None
        for ln in body:
            lab = _action_label(ln.text)
            if lab:
                cur = lab[0]
                vals.setdefault(cur, []).append(lab[1])
            else:
                vals.setdefault(cur, []).append(ln.s)
        text = _clean_value(vals.get("text", []))
        out.update(text=text, responsible=_clean_value(vals.get("responsible", [])),
                   deadline=_clean_value(vals.get("deadline", [])), status=_clean_value(vals.get("status", [])))
        return out
    # 2. cells one after another: description, unit, deadline, status (each wrapped on its lines) …
    got = cells_in_order(first_rest, body)
    if got:
        return got
    # … or description, a date line, then the person responsible
    for i, ln in enumerate(body):
        if _DATE_CELL.fullmatch(ln.text) and all(len(b.s) > _SHORT for b in body[: max(0, i - 1)]):
            rest = body[i + 1:]
            status = [b for b in rest if _STATUS_CELL.fullmatch(b.text)]
            out["text"] = _flat(" ".join([first_rest] + [b.s for b in body[:i]]))
            out["deadline"] = _flat(ln.s).rstrip(".")
            out["responsible"] = _clean_value([b.s for b in rest if b not in status], sep_labels=True)
            out["status"] = _flat(status[0].s).rstrip(".") if status else ""
            return out
    # 3. narrow columns interleaved line by line (see docs/records.md)
    _interleaved(lines, body, first_rest, page, out)
    if not (out["responsible"] and out["deadline"]):
        # 4. or a wrapped row: the statement up to its last full stop, then unit, deadline, status
        out.update(trailing_row([first_rest] + [b.s for b in body]) or {})
    return out



def _rec_blocks(lines: list[_Line]) -> list[tuple[int, int, str, str]]:
    """``(first line, end line, number, header rest)`` of each recommendation."""
    heads = []
    for i, ln in enumerate(lines):
        m = _REC_HEAD.match(ln.text)
        if m and not _rec_label(ln.text):
            heads.append((i, m.group(1), m.group(2)))
    out = []
    for j, (i, num, rest) in enumerate(heads):
        end = heads[j + 1][0] if j + 1 < len(heads) else len(lines)
        out.append((i, end, num, rest))
    return out


_STATED = ("responsible", "deadline", "status")  # "Responsable: …", "Plazo: …", "Estado: …" lines


# the heading of an audit's or evaluation's finding: the block of the next recommendation begins there
_FINDING_HEAD = re.compile(r"^\W*(?:hallazgos?|findings?|conclusi[oó]n(?:es)?|conclusions?|observaci[oó]n(?:es)?|"
                           r"observations?)\b", re.IGNORECASE)


def _section_end(lines: list[_Line], loc: _Locator, i0: int, i1: int, higher: bool = False) -> int:
    """A Word or web recommendation ends where a section not its own begins ("5. English summary");
    with ``higher`` (Markdown: "## Key actions" may stand beside "## Recommendation 1") only a
    section above its own ("## Annex 1" after "### Recommendation 6") or a finding beside it
    (a PDF audit's "Hallazgo 2" after "Recomendación 1": the finding the next recommendation answers)."""
    own = loc.section(lines[i0].start)
    starts = set(loc.span_starts)
    for k in range(i0 + 1, i1):
        path = loc.section(lines[k].start)
        beside = len(path) == len(own) and bool(path) and bool(_FINDING_HEAD.match(path[-1]))
        if lines[k].start in starts and ((len(path) < len(own) or beside) if higher else path[:len(own)] != own):
            return k
    return i1


# a response cell's first word on a line of its own ("Partially" / "accepted."), and an action's number on
# the response cell's line ("Accepted. 6.1 Adopt the …"): a table read cell by cell
_RESPONSE_OPEN = re.compile(r"^\s*(partially|not|parcialmente|no)\s*$", re.IGNORECASE)
_FIRST_ACTION = re.compile(r"\d{1,2}\.1\s+\S")


def response_cells(lines: list[_Line]) -> list[_Line]:
    """``lines`` with a response cell wrapped over two lines joined ("Partially accepted."),
    and one followed on its line by its first action split from it ("Accepted." / "6.1 …")."""
    out: list[_Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and _RESPONSE_OPEN.match(prev.text) and _OPENS_ON_RESPONSE.match(f"{prev.s} {ln.s}"):
            out[-1] = _Line(prev.start, ln.end, f"{prev.s} {ln.s}")
            continue
        m = _OPENS_ON_RESPONSE.match(ln.text)
        cut = m.end() + len(ln.text[m.end():]) - len(ln.text[m.end():].lstrip()) if m else 0
        if m and _FIRST_ACTION.match(ln.text, cut):
            out += [_Line(ln.start, ln.start + cut, ln.text[:cut].rstrip()), _Line(ln.start + cut, ln.end, ln.text[cut:])]
            continue
        out.append(ln)
    return out


def _recommendations(lines: list[_Line], loc: _Locator) -> list[Record]:
    lines = response_cells(lines)
    recs: list[Record] = []
    structured = loc.doc.structured
    for i0, i1, num, head_rest in _rec_blocks(lines):
        # a section above its own ends it ("## Annex 1" after recommendation 6, a PDF's "4. Seguimiento …");
        # in a Word or web file any section not its own does
        i1 = _section_end(lines, loc, i0, i1, higher=not structured)
        text_parts = [head_rest] if head_rest.strip() else []
        fields_: dict[str, list[str]] = {}
        state = "text"
        in_actions = False
        actions: list[tuple[int, str, str, str]] = []  # (line index, number, sub, rest)
        last = 0
        text_end = lines[i0].end
        one_line = False
        for k in range(i0 + 1, i1):
            ln = lines[k]
            if not ln.s:
                if structured and state in _STATED:
                    state = "other"  # a Word or web "Plazo: …" paragraph is the whole value
                continue
            lab = _rec_label(ln.text)
            stated = _action_label(ln.text) if not lab and not actions else None
            if stated and stated[0] in _STATED:
                lab = stated
            elif one_line and not re.search(r"(?:[,(/–-]|\b(?:y|and|de|of))\s*$", lines[k - 1].s):
                state = "other"  # a PDF's "Responsable: …" line is the value, unless it breaks off ("… y")
            one_line = bool(lab and lab is stated and lab[1].strip()) and not structured
            if not lab and state == "text" and not actions and text_parts and text_parts[-1][-1:] in ".;:" \
                    and ln.s[:1].isupper() and _OPENS_ON_RESPONSE.match(ln.text):  # a matrix's response cell
                lab = ("response", ln.s)
            if lab and not actions:
                state = lab[0]
                fields_.setdefault(state, []).append(lab[1])
                continue
            if _ACTIONS_HEAD.match(ln.text) and not actions:
                in_actions, state = True, "header"
                continue
            m = _ACTION_START.match(ln.text) or _LABELLED_ACTION.match(ln.text) or bare_number(lines, k, i1)
            if m and (in_actions or fields_):
                major, sub = int(m.group(1)), m.group(2)
                n = int(sub) if sub is not None else major
                ok = (major == int(num)) if sub is not None else True
                if ok and (n == last + 1 or n == 1):
                    actions.append((k, m.group(1) + (f".{sub}" if sub is not None else ""), sub or "", m.group(3)))
                    last = n
                    state = "action"
                    continue
                if not actions:
                    state = "other"  # a numbered line that is not this recommendation's action ends the field
            elif not actions and state != "text" and _action_label(ln.text):
                state = "other"
            if state == "text":
                text_parts.append(ln.s)
                text_end = ln.end
            elif state in ("responsible", "priority", "response", "reasons", "deadline", "status"):
                fields_[state].append(ln.s)
        text = _flat(" ".join(text_parts))
        area = ""
        m = re.match(r"^([A-ZÁÉÍÓÚÑ][\w ]{2,30}?):\s", text)
        if m and len(m.group(1).split()) <= 4:
            area = m.group(1)
        prio = ""
        if fields_.get("priority"):
            pm = re.match(r"\s*(\d+|high|medium|low|alta|media|baja)\b", fields_["priority"][0], re.IGNORECASE)
            prio = pm.group(1) if pm else ""
        response = _one_response(" ".join(fields_.get("response", [])[:1]))
        if not response and not actions and re.match(r"\s*R\d", lines[i0].text):
            continue  # a logframe's "R1. Aumentada la cobertura …": no matrix's recommendation
        reason = _reason(fields_, response)
        end = lines[i1 - 1].end if i1 > i0 else lines[i0].end
        recs.append(loc.make(
            "recommendation", num, text, lines[i0].start, end,
            area=area, responsible=_clean_value(fields_.get("responsible", [])),
            deadline=_clean_value(fields_.get("deadline", [])), status=_clean_value(fields_.get("status", [])),
            priority=prio, response=response, reason=reason,
            detail=_flat(loc.doc.text[lines[i0].start:text_end]) if text_end > lines[i0].end else "",
        ))
        recs += _action_records(lines, loc, actions, i1, num)
    return recs


def _action_records(lines: list[_Line], loc: _Locator, actions: list[tuple[int, str, str, str]], end: int,
                    num: str) -> list[Record]:
    """The action records of recommendation ``num``: each from its first line to the next
    action's (the last to ``end``), trailing blank lines left out."""
    out = []
    for a, (k, anum, _sub, rest) in enumerate(actions):
        k_end = actions[a + 1][0] if a + 1 < len(actions) else end
        block = lines[k:k_end]
        f = _parse_action(block, rest, loc.page)
        text, stated = inline_facts(f["text"])  # "… (lead: WFP Nutrition Unit; by: December 2025; status: completed)"
        f = {**f, "text": text if stated else f["text"], **{k: v for k, v in stated.items() if not f[k]}}
        a_end = block[-1].end
        while len(block) > 1 and not block[-1].s:
            block = block[:-1]
            a_end = block[-1].end
        out.append(loc.make("action", anum, f["text"], lines[k].start, a_end, parent=num, responsible=f["responsible"],
                            deadline=f["deadline"], status=f["status"], detail=_flat(loc.doc.text[lines[k].start:a_end])))
    return out
