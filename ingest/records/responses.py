"""Management-response matrices: recommendations with their labelled fields and
their numbered planned actions (who / deadline / status)."""
from __future__ import annotations

import re

from ..chunker import Line as _Line
from .patterns import (
    _ACTION_LABELS,
    _ACTION_START,
    _ACTIONS_HEAD,
    _BULLET,
    _DATE_CELL,
    _DATE_RE,
    _FUNCTION_WORD_END,
    _INLINE_LABEL,
    _LABELLED_ACTION,
    _OPENS_ON_RESPONSE,
    _REC_HEAD,
    _REC_LABELS,
    _SHORT,
    _STATUS,
    _STATUS_CELL,
    _STATUS_RE,
    _flat,
    _Locator,
    _one_response,
    after_option,
    inline_facts,
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


def _split_first_line(s: str) -> tuple[str, str]:
    """``"4 External impact evaluation  UNHCR MEX"``: when a line has single spaces
    between words and exactly one wider gap, the gap is a column boundary."""
    gaps = re.findall(r" {2,}", s)
    if len(gaps) == 1 and s.count(" ") > len(gaps[0]):
        left, right = re.split(r" {2,}", s, maxsplit=1)
        return left, right
    return s, ""


def _is_standalone(block: str, m: re.Match) -> bool:
    """A cell of its own: at a line start, ending the line, a wide gap or a status word."""
    before = block[: m.start()].rsplit("\n", 1)[-1]
    after = block[m.end():]
    if before.strip():
        return False
    return bool(re.match(r"[ \t]*\.|[ \t]*\n|[ \t]*$| {2,}", after) or re.match(rf"\s+{_STATUS}(?![\w-])", after, re.IGNORECASE))


def _deadline_status(block: str) -> tuple[str, str]:
    """Deadline = a date or recurrence standing as its own cell, preferring one followed
    by a status word across nothing but narrow-column fragments; status = that word."""
    cands = [m for m in _DATE_RE.finditer(block) if _is_standalone(block, m)]
    for m in cands:
        s = _STATUS_RE.search(block, m.end())
        if not s:
            continue
        between = block[m.end(): s.start()]
        if len(between) <= 200 and all(len(seg.strip()) <= _SHORT for seg in between.split("\n")):
            if _is_standalone(block, s) or re.match(r"[ \t]*(?:\n|$| )", block[s.end():]):
                return _flat(m.group(0)), _flat(s.group(0))
    if cands:
        return _flat(cands[0].group(0)), ""
    return "", ""


def _continuation(body: list[_Line]) -> str:
    """The narrow-column lines that continue a cell further down an interleaved block: the
    first run of short lines that starts with a capital right after a line ending a
    sentence ("…duplication." / "MEX and all" / "operations"), dates and statuses aside."""
    for k in range(1, len(body)):
        if not body[k - 1].s.endswith(".") or len(body[k].s) > _SHORT or not body[k].s[:1].isupper():
            continue
        run = []
        for ln in body[k:]:
            if len(ln.s) > _SHORT or _DATE_CELL.fullmatch(ln.text) or _STATUS_CELL.fullmatch(ln.text):
                break
            run.append(ln.s)
            if ln.s.endswith("."):
                break
        return _flat(" ".join(run))
    return ""


_SENTENCE_END = re.compile(r"[.;:!?]\)?$|\)$")
_WRAP_SLACK = 3  # characters a proportional font's line may differ from the column's width


def _wraps(line: str, nxt: str, lo: int) -> bool:
    """``line`` was wrapped at a column at least ``lo`` wide: the next line's first word
    would not have fitted on it."""
    return len(line) + 1 + len(nxt.split()[0]) > lo - _WRAP_SLACK if nxt.split() else False


def _statement_rest(stmt: list[str], after: list[_Line], page_break=lambda line: True) -> list[str]:
    """The lines that finish a statement the other columns cut off: in an interleaved
    matrix a statement's last lines may come after the other cells' first lines (across
    a page break: "…including early warnings to activate" … "contingency planning. Build
    close …"). Read only when the statement has two lines or more (its column's width is
    then known: its longest line, and less than a line plus the next line's first word)
    and its last line ends neither a sentence nor a cell: a function word, or a full line
    when the rest is on a later page (``page_break``; on the same page a full line without
    a full stop is as often a whole statement, and a comment of that width may follow).
    The rest is the first run of two lines or more, starting in lower case, as wide as
    that column and wrapped at it (a narrower column's "and formalized" / "multifunctional
    …" would have been one line there), up to the line that ends a sentence; a
    statement with no such run is left as it is."""
    if len(stmt) < 2 or _SENTENCE_END.search(stmt[-1]):
        return []
    lo = max(len(s) for s in stmt)
    hi = min(len(a) + len(b.split()[0]) for a, b in zip(stmt, stmt[1:]) if b.split())
    function_word = bool(_FUNCTION_WORD_END.search(stmt[-1]))
    if not (function_word or len(stmt[-1]) >= lo - _WRAP_SLACK):
        return []
    for k in range(len(after)):
        if not function_word and not page_break(after[k]):
            continue
        prev = after[k - 1].s if k else ""
        inside = prev and not _SENTENCE_END.search(prev) and len(prev) <= hi + _WRAP_SLACK and _wraps(prev, after[k].s, lo)
        if after[k].s[:1].islower() and not inside:  # a run starts after another column's line
            run = _wrapped_run([ln.s for ln in after[k:]], lo, hi)
            if run:
                return run
    return []


def _wrapped_run(lines: list[str], lo: int, hi: int) -> list[str]:
    """The lines from the first up to one that ends a sentence, when each fits a column
    ``lo``-``hi`` characters wide and each but the last was wrapped at it; else none."""
    for k, s in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if not s or len(s) > hi + _WRAP_SLACK:
            return []
        if _SENTENCE_END.search(s):
            return lines[: k + 1] if k else []
        if not _wraps(s, nxt, lo):
            return []
    return []


def _parse_action(lines: list[_Line], first_rest: str, page=None) -> dict:
    """Fields of one action from its lines (first line's number already removed); ``page``:
    a text offset's page number."""
    body = [ln for ln in lines[1:] if ln.s]
    out = {"text": "", "responsible": "", "deadline": "", "status": ""}
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
    # 2. cells one after another: description, a date line, then the person responsible
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


def _interleaved(lines: list[_Line], body: list[_Line], first_rest: str, page, out: dict) -> None:
    desc, by_whom_first = _split_first_line(first_rest)
    text = [desc]
    i = 0
    if not by_whom_first:
        while i < len(body):
            s = body[i].s
            if re.search(r"[.;]$", text[-1]) or _DATE_CELL.fullmatch(s) or _STATUS_CELL.fullmatch(s):
                break
            if len(s) <= _SHORT and s[:1].isupper():
                break
            text.append(s)
            i += 1
    stmt_last = body[i - 1] if i else lines[0]
    who = [by_whom_first] if by_whom_first else []
    while i < len(body):
        s = body[i].s
        ahead = "\n".join(b.s for b in body[i:i + 3])
        if len(s) > _SHORT or _DATE_RE.match(ahead) or _STATUS_RE.match(ahead):
            break
        if not who and not s[:1].isupper():
            break
        who.append(s)
        i += 1
    if not by_whom_first:
        text += _statement_rest([lines[0].s] + text[1:], body[i:],
                                lambda ln: page is None or page(ln.start) != page(stmt_last.start))
    who_text = _flat(" ".join(who))
    if _FUNCTION_WORD_END.search(who_text):
        # the cell goes on below the other columns (often across a page break): its next
        # run of narrow lines after a sentence ends; otherwise it is not recoverable
        more = _continuation(body[i:])
        who_text = _flat(f"{who_text} {more}") if more and not _FUNCTION_WORD_END.search(more) else ""
    block = "\n".join([first_rest] + [ln.text for ln in lines[1:]])
    out["text"] = _flat(" ".join(text))
    out["responsible"] = who_text
    out["deadline"], out["status"] = _deadline_status(block)


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


def _section_end(lines: list[_Line], loc: _Locator, i0: int, i1: int) -> int:
    """A Word or web recommendation ends where a section not its own begins ("5. English summary")."""
    own = loc.section(lines[i0].start)
    starts = set(loc.span_starts)
    for k in range(i0 + 1, i1):
        if lines[k].start in starts and loc.section(lines[k].start)[:len(own)] != own:
            return k
    return i1


def _recommendations(lines: list[_Line], loc: _Locator) -> list[Record]:
    recs: list[Record] = []
    structured = loc.doc.structured
    for i0, i1, num, head_rest in _rec_blocks(lines):
        if structured or loc.doc.headings:  # a file that marks its headings: "## Annex 1" ends recommendation 6
            i1 = _section_end(lines, loc, i0, i1)
        text_parts = [head_rest] if head_rest.strip() else []
        fields_: dict[str, list[str]] = {}
        state = "text"
        in_actions = False
        actions: list[tuple[int, str, str, str]] = []  # (line index, number, sub, rest)
        last = 0
        text_end = lines[i0].end
        for k in range(i0 + 1, i1):
            ln = lines[k]
            if not ln.s:
                if structured and state in _STATED:
                    state = "other"  # a Word or web "Plazo: …" paragraph is the whole value
                continue
            lab = _rec_label(ln.text)
            stated = _action_label(ln.text) if structured and not lab and not actions else None
            if stated and stated[0] in _STATED:
                lab = stated
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
