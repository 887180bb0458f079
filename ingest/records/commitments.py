"""Action-plan commitments in a document that speaks of commitments or pledges: bullets
under an ALL-CAPS area heading, or items numbered under their numbered heading ("3.
Documentación" … "3.1 La DGME reducirá …") that state what someone will do, or that are
labelled commitments and open on what is to be done ("Compromiso 3.1: Incluir …"), with
the facts stated under them ("• Plazo: …")."""
from __future__ import annotations

import re
from dataclasses import replace

from puente.common.types import Document

from ..chunker import Line as _Line
from ..chunker import heading_of
from ..chunker import split_lines as _lines
from .patterns import _BULLET, _FUNCTION_WORD_END, _STATUS_RE, _flat, _Locator
from .record import Record

# commitments
_COMMIT_WORD = re.compile(r"\b(?:commitments?|compromisos?|pledges?|compromete)\b", re.IGNORECASE)
_SUB_HEAD = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s+([A-ZÁÉÍÓÚÑ][^.;:]{1,60})$")  # "4.5 Early recovery and"
_COUNT_LINE = re.compile(r"^\s*(\d{1,3})\s+(?:commitments?|compromisos?|pledges?)\s*$", re.IGNORECASE)


# a plan by its title: a results report's "2.1 The review will use mixed methods" commits nothing
_PLAN_TITLE = re.compile(r"\b(?:plans?|planes|commitments?|compromisos?|pledges?|roadmap|hoja\s+de\s+ruta|"
                         r"strateg(?:y|ies)|estrategias?|agenda)\b", re.IGNORECASE)
# an item that commits: "will"/"shall", "se compromete", or a Spanish verb in the future ("reducirá", "emitirán")
_PLEDGE = re.compile(r"\b(?:will|shall|commits?|pledges?|se\s+compromete\w*|\w{3,}(?:ará|erá|irá|arán|erán|irán)|"
                     r"(?:pondr|tendr|har|dir|podr|saldr|vendr|habr|sabr|querr|valdr|compondr|dispondr|mantendr|"
                     r"obtendr|contendr|establecer)(?:á|án))\b", re.IGNORECASE)
# "3.1 La DGME reducirá …", "Commitment 2.1: The Ministry will …", "Compromiso 4.2. El INA …", "Commitment 1.1 – Launch …"
# (a list item's marker before it: "- Compromiso 1.1: …")
_NUMBERED_ITEM = re.compile(r"^\s*(?:[-•·*]\s+)?(?P<label>(?:commitment|compromiso|pledge)\s+)?(\d{1,2})\.(\d{1,2})\s*[.:–—-]?\s+"
                            r"(\S.*)$", re.IGNORECASE)
_BULLETED = r"^\s*(?:[-•·*]\s+)?"  # a fact line's list marker
_INDICATOR = r"indicators?|indicador(?:es)?"
# a commitment's facts stated under it: "• Institución responsable: MIDES", "- Deadline: June 2026", "Meta: 32 rutas",
# "Indicator: Number of permits issued (target: 12,000)" (what is measured, read as its target)
_FACT = re.compile(_BULLETED + r"(?:(?P<responsible>responsible(?:\s+(?:institutions?|units?|agency|agencies|"
                   r"entity|entities|ministry))?|lead(?:\s+(?:institution|agency|ministry))?|"
                   r"(?:instituci[oó]n|entidad|unidad)(?:es)?\s+responsables?|responsables?)|"
                   r"(?P<deadline>deadline|timeline|time\s*frame|due\s+date|plazo|fecha\s+l[ií]mite)|"
                   rf"(?P<target>targets?|metas?)|(?P<indicator>{_INDICATOR}))\s*:\s*(?P<value>\S.*)$",
                   re.IGNORECASE)
# "3. Documentación", "Eje 1. Integración socioeconómica", "Pillar 2: Health", "Chapter 4: Health"
NUMBERED_HEAD = re.compile(r"^\s*(?:(?:thematic\s+|strategic\s+|priority\s+)?(?:eje|axis|pillar|pilar|area|[áa]rea|line|"
                            r"l[íi]nea|objective|objetivo|chapter|cap[íi]tulo)(?:\s+(?:tem[áa]tic[oa]|estrat[ée]gic[oa]|prioritari[oa]))?\s+)?"
                            r"(\d{1,2})\s*[.:–-]?\s+([^\W\d_].{1,80})$", re.IGNORECASE)


# "Commitment 1.1: Issue …", "Compromiso 3.1: Incluir …": a labelled item that opens on what is to
# be done commits without "will"; "Commitment 2.2: In 2022, 4,000 children were screened." does not
_NOT_DIRECTIVE = {"the", "a", "an", "in", "on", "at", "by", "for", "of", "to", "from", "with", "during", "since", "as",
                  "this", "these", "that", "those", "it", "its", "there", "we", "our", "they", "el", "la", "los", "las",
                  "un", "una", "en", "durante", "desde", "este", "esta", "estos", "estas", "se"}
_STATED = {"is", "are", "was", "were", "has", "have", "had", "es", "son", "fue", "fueron", "ha", "han"}


_SPANISH_INFINITIVE = re.compile(r"[^\W\d_]{2,}(?:ar|er|ir)(?:se|lo|la|los|las)?", re.I)


def _directive(sentence: str) -> bool:
    """Whether a labelled item opens on what is to be done: a Spanish infinitive
    ("Incluir …") or an English verb's base form ("Issue the DUI …") — not a report of what
    was done: an actor first ("UNHCR supported …", "Mexico screened …"), a participle or a
    status ("Cumplido parcialmente …", "Completed in March"), "In 2022, … were screened"."""
    words = re.findall(r"[^\W\d_]+|\d\S*", sentence)
    if len(words) < 2 or not words[0][:1].isupper() or words[0].isupper() or words[0].lower() in _NOT_DIRECTIVE:
        return False
    first, second = words[0].lower(), words[1].lower()
    if _SPANISH_INFINITIVE.fullmatch(first):
        return True
    from puente.common.places import find

    reported = first.endswith(("ed", "ado", "ada", "ido", "ida")) or second in _STATED or bool(find(words[0]))
    return not reported and not _STATUS_RE.match(sentence)  # an actor first ("Mexico screened …") reports


_INDICATED = re.compile(_BULLETED + rf"(?:{_INDICATOR})\s*:", re.I | re.M)  # an indicator line in a span


def with_fact(r: Record, fact: re.Match, ln: _Line, loc: _Locator) -> Record:
    """``r`` with a fact stated under it (:data:`_FACT`: its responsible, deadline or target;
    ``r`` as it was when already known) and its source span taken to the fact's line: an answer read from
    the field quotes that line ("Institución responsable: PGN …"), not the statement."""
    field = next(f for f in ("responsible", "deadline", "target", "indicator") if fact.group(f))
    if field == "indicator":  # what is measured stands for the target when none is stated
        field = "target"
        if r.target:
            return r
    elif field == "target" and r.target and _INDICATED.search(loc.doc.text[r.start:r.end]):
        pass  # a target stated after the indicator line takes its place
    elif getattr(r, field):  # a second one is another item's (one whose number was not read)
        return r
    end = max(r.end, ln.end)
    return replace(r, **{field: _flat(fact.group("value")).rstrip(".")}, end=end, page_end=loc.page(max(r.start, end - 1)))


def _caps_word_line(line: str) -> bool:
    s = line.strip()
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and len(s) <= 60 and all(c.isupper() for c in letters) and not re.search(r"\d", s) \
        and s[0] != "(" and s[-1] not in ".,;"  # not a wrapped line's "(IBESR)."


def declared_counts(doc: Document) -> dict[str, int]:
    """Counts the document states itself: an ALL-CAPS area then "17 COMMITMENTS"."""
    lines = [ln.s for ln in _lines(doc.text)]
    out: dict[str, int] = {}
    for i, s in enumerate(lines):
        m = _COUNT_LINE.match(s)
        if not m:
            continue
        j, parts = i - 1, []
        while j >= 0 and _caps_word_line(lines[j]) and not _COMMIT_WORD.search(lines[j]):
            parts.insert(0, lines[j])
            j -= 1
        if parts:
            out[_flat(" ".join(parts))] = int(m.group(1))
    return out


def _commitments(lines: list[_Line], loc: _Locator) -> list[Record]:
    if not _COMMIT_WORD.search(loc.doc.text):
        return []
    out: list[Record] = []
    area = ""
    prev_caps = False
    cur: list[_Line] | None = None
    marked = {h.start for h in loc.doc.headings}  # a heading the file marks (a slide's title) ends the area too
    committed = 0  # the level of a numbered heading that names commitments ("4. Sector commitments"); 0: none
    wraps = False  # the area's heading goes on on the next line

    def close():
        nonlocal cur
        if cur:
            first = _BULLET.match(cur[0].text).group(1)
            text = " ".join([first] + [c.s for c in cur[1:]])
            out.append(loc.make("commitment", "", text, cur[0].start, cur[-1].end, area=area))
        cur = None

    for ln in lines:
        if not ln.s:
            continue
        if _caps_word_line(ln.text) and not _BULLET.match(ln.text) and len(ln.s) >= 3:
            close()
            area = f"{area} {ln.s}" if prev_caps and not _COMMIT_WORD.search(area) else ln.s
            area = _flat(area)
            prev_caps = True
            continue
        prev_caps = False
        head = heading_of(ln.text)
        if head is not None or ln.start in marked:  # another kind of heading ends the area …
            close()
            level, title = head or (0, ln.s)
            numbered = re.match(r"\s*\d{1,2}\.", title)  # "4. Sector commitments", "4.1 Protection"
            committed = (level if numbered and _COMMIT_WORD.search(title)
                         else committed if committed and level > committed else 0)
            # … unless it is one below a numbered heading that names commitments ("4.1 Protection"): its bullets' area
            sub = _SUB_HEAD.match(title) if committed and level > committed else None
            area = _flat(sub.group(1)) if sub else ""
            continue
        m = _BULLET.match(ln.text)
        sub = _SUB_HEAD.match(ln.text) if committed and not m else None
        if sub:  # "4.4 Water, sanitation and" / "hygiene": a heading wrapped, which a heading's test misses
            close()
            area, wraps = _flat(sub.group(1)), bool(_FUNCTION_WORD_END.search(sub.group(1)))
            continue
        if wraps and not m and ln.s[:1].islower():
            area, wraps = _flat(f"{area} {ln.s}"), False
            continue
        wraps = False
        if m and area:
            close()
            cur = [ln]
        elif cur is not None:
            cur.append(ln)
    close()
    return out


def numbered_commitments(lines: list[_Line], loc: _Locator) -> list[Record]:
    """In a plan (by its title), items "N.M …" under the heading "N. Area" whose first sentence commits
    (:data:`_PLEDGE`) or, labelled "Commitment"/"Compromiso", opens on what is to be done
    (:func:`_directive`), each to the line that ends its sentence, the next item, a heading
    or a blank line (a table's lines reach it blanked, ``extract_records``); the lines after
    it that state a fact (:data:`_FACT`) give its responsible, deadline and target."""
    if not _COMMIT_WORD.search(loc.doc.text) or not _PLAN_TITLE.search(loc.doc.title or loc.doc.doc):
        return []
    out: list[Record] = []
    head_no, area, number = "", "", ""
    cur: list[_Line] = []
    own_heads = {h.start for h in loc.doc.headings}  # a Word, web or Markdown file's own headings

    def close():
        nonlocal cur
        if cur:
            m = _NUMBERED_ITEM.match(cur[0].text)
            text = m.group(4) + " " + " ".join(c.s for c in cur[1:])
            first = re.split(r"(?<=[.;])\s", text.strip(), maxsplit=1)[0]
            if _PLEDGE.search(first) or (m.group("label") and _directive(first)):
                out.append(loc.make("commitment", number, text, cur[0].start, cur[-1].end, area=area))
        cur = []

    for ln in lines:
        if not ln.s:
            close()
            continue
        fact = _FACT.match(ln.text) if number else None
        if fact:  # a fact of the commitment above, until the next item or heading
            close()
            if out and out[-1].number == number:
                out[-1] = with_fact(out[-1], fact, ln, loc)
            continue
        m = _NUMBERED_ITEM.match(ln.text)
        h = NUMBERED_HEAD.match(ln.text)
        if m and m.group(2) == head_no:
            close()
            cur, number = [ln], f"{m.group(2)}.{m.group(3)}"
        elif h and not h.group(2).rstrip().endswith(".") and (ln.start in own_heads or heading_of(ln.text) is not None):
            close()
            head_no, area, number = h.group(1), _flat(h.group(2)), ""
            continue
        elif cur:
            cur.append(ln)
        if cur and re.search(r"[.;]$", ln.s):
            close()
    close()
    return out
