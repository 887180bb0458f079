"""A plan's commitments marked with letters or roman numerals: "a) Contratar 25 personas
oficiales …" under "Resultado esperado 1.1.1: …", with "Institución responsable: …" and
"Plazo: …" lines under it, or "VIII. Garantizar la afiliación … (responsables: SENASA y
Gabinete de Salud; plazo: diciembre de 2026)." — each item that opens on what is to be
done or commits, in a document whose title names a plan."""
from __future__ import annotations

import re

from ..chunker import Line, heading_of
from .commitments import _FACT, _PLAN_TITLE, _PLEDGE, _SPANISH_INFINITIVE, with_fact
from .patterns import _flat, _Locator, inline_facts
from .record import Record

# "a) …", "(b) …", "c. …"; "IV. …", "XII) …" (a lower-case "i)" is read as a letter)
_MARKED = re.compile(r"^\s*(?:\(?(?P<letter>[a-z])\)|(?P<letter2>[a-z])\.|(?P<roman>[IVXL]{1,6})[.)])\s+(?P<text>\S.*)$")
# an action line of a plan, labelled and numbered: "• Línea de acción 1.1.1 Abrir dos módulos …" (in any document),
# "Action 2.3: Train …", "Medida 4 …" (in a plan)
_LABELLED_ITEM = re.compile(r"^\s*(?:[-•·*]\s+)?(?:(?P<line>l[íi]nea\s+de\s+acci[óo]n|action\s+line)|acci[óo]n|action|medida|measure)"
                            r"\s+(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?(?:\s*[:–-])?\s+(?P<text>[^\d\s].*)$", re.IGNORECASE)
# what a plan's unlabelled item opens on when it says what is to be done: a Spanish infinitive ("Contratar …")
# or one of the verbs English plans list their actions with ("Strengthen …"); not "Falta de …", "Partners delivered …"
_ENGLISH_DIRECTIVE = {
    "adopt", "advocate", "allocate", "align", "assess", "build", "carry", "conduct", "coordinate", "create", "deliver",
    "deploy", "design", "develop", "enable", "ensure", "establish", "expand", "extend", "facilitate", "guarantee",
    "hire", "implement", "improve", "include", "increase", "integrate", "introduce", "issue", "launch", "maintain",
    "mobilise", "mobilize", "monitor", "offer", "open", "prepare", "promote", "provide", "publish", "recruit",
    "reduce", "register", "reinforce", "review", "scale", "set", "simplify", "strengthen", "support", "train",
    "update", "upgrade"}
# a labelled line under an item ("Indicador: número de oficiales …"): the item's facts go on below it
_LABELLED = re.compile(r"^\s*[A-ZÁÉÍÓÚÑ][^\W\d_]*(?:\s+[^\W\d_]+){0,3}\s*:\s+\S")
# the numbered level the items of a letter belong to: "Resultado esperado 1.1.1: …", "Objetivo específico 1.2. …"
_NUMBERED_LEVEL = re.compile(r"^\s*[A-ZÁÉÍÓÚÑ][^\W\d_]*(?:\s+[^\W\d_]+){0,2}\s+(\d{1,2}(?:\.\d{1,2}){0,3})\s*[.:]\s+\S")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(s: str) -> int:
    values = [_ROMAN[c] for c in s]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


_SPANISH_WORDS = {"de", "del", "la", "las", "el", "los", "en", "para", "con", "y", "que", "al", "una", "un", "por"}


def _commits(sentence: str) -> bool:
    """Whether an unlabelled item's first sentence says what is to be done: it opens on a
    Spanish infinitive or an English plan's verb, or it commits ("will", "garantizará")."""
    words = re.findall(r"[^\W\d_]+", sentence)
    if not words or not words[0][:1].isupper() or words[0].isupper():
        return bool(_PLEDGE.search(sentence))
    first, rest = words[0].lower(), {w.lower() for w in words[1:12]}
    spanish = _SPANISH_INFINITIVE.fullmatch(first) and rest & _SPANISH_WORDS  # not "Under the plan …", "Other partners …"
    return bool(spanish or first in _ENGLISH_DIRECTIVE or _PLEDGE.search(sentence))


def _open_bracket(lines: list[Line]) -> bool:
    """Whether the item's lines leave a bracket open: "(responsables: DGM y Hacienda;" goes on."""
    text = " ".join(ln.s for ln in lines)
    return text.count("(") > text.count(")")


def marked_commitments(lines: list[Line], loc: _Locator) -> list[Record]:
    """In a plan (by its title), the items of each run of letters ("a)", "b)", … from "a") or
    roman numerals ("I." … from "I", on through the document), and in any document its
    labelled action lines ("Línea de acción 1.1.1 …"), whose first sentence opens on what is
    to be done or commits; each to the line that ends its sentence, the next item, a
    heading or a blank line, its facts in brackets at its end or on the lines after it."""
    plan = bool(_PLAN_TITLE.search(loc.doc.title or loc.doc.doc))
    out: list[Record] = []
    cur: list[Line] = []
    level, number, expect_letter, expect_roman = "", "", "a", 1
    facts_to: int | None = None  # the record the fact lines under it belong to

    def close():
        nonlocal cur, facts_to
        if cur:
            m = _MARKED.match(cur[0].text) or _LABELLED_ITEM.match(cur[0].text)
            text, facts = inline_facts(_flat(" ".join([m.group("text")] + [c.s for c in cur[1:]])))
            first = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]
            if _commits(first):
                parent = level if m.re is _MARKED and not m.group("roman") else ""
                out.append(loc.make("commitment", number, text, cur[0].start, cur[-1].end, parent=parent, **facts))
                facts_to = len(out) - 1
        cur = []

    for ln in lines:
        if not ln.s:
            close()
            continue
        fact = _FACT.match(ln.text)
        if fact and (cur or facts_to is not None) and not (cur and _open_bracket(cur)):  # a fact of the item above
            close()
            if facts_to is not None:
                out[facts_to] = with_fact(out[facts_to], fact, ln, loc)
            continue
        labelled = _LABELLED_ITEM.match(ln.text)
        labelled = labelled if labelled and (plan or labelled.group("line")) else None
        m = _MARKED.match(ln.text) if plan else None
        letter = m and (m.group("letter") or m.group("letter2"))
        roman = m and m.group("roman")
        if labelled:
            close()
            cur, facts_to, number = [ln], None, labelled.group("number")
        elif m and ((letter and letter in ("a", expect_letter)) or (roman and _roman(roman) in (1, expect_roman))):
            close()
            cur, facts_to = [ln], None
            if letter:
                number, expect_letter = letter, chr(ord(letter) + 1)
            else:
                number, expect_roman = roman, _roman(roman) + 1
        elif _NUMBERED_LEVEL.match(ln.text) or heading_of(ln.text) is not None:
            close()
            lv = _NUMBERED_LEVEL.match(ln.text)
            level, expect_letter, facts_to = (lv.group(1) if lv else level), "a", None
            continue
        elif cur:
            cur.append(ln)
        elif not _LABELLED.match(ln.text):
            facts_to = None  # other text: the facts of an item are right under it
        if cur and re.search(r"[.;]$", ln.s) and not _open_bracket(cur):
            close()
    close()
    return out
