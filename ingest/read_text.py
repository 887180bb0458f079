"""Text and Markdown reader: UTF-8 (or a detected encoding); Markdown headings become
the document's headings, without their ``#`` markers in the text."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from puente.common.errors import ReadError
from puente.common.types import Document, Heading, Page

from .blocks import CELL_SEP, pick_title

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATX_EMPTY = re.compile(r"^ {0,3}#{1,6}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_BLOCK_START = re.compile(r"^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|>|\||#)")
_PIPE_ROW = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_PIPE_DELIMITER = re.compile(r"^ {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?[ \t]*$")
# inline Markdown a reader does not see: bold and italic markers, a link's address, code ticks
_INLINE = (
    (re.compile(r"!?\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))+(?:\s+\"[^\"]*\")?\)"), r"\1"),  # [text](address)
    (re.compile(r"(?<!\\)(\*\*|__)(?=[^\W_])(.+?)(?<=[^\W_]|[.:;!?)])\1"), r"\2"),  # **bold**, __bold__
    (re.compile(r"(?<![\w*\\])\*(?=[^\W_])([^*\n]+?)(?<=[^\W_]|[.:;!?)])\*(?![\w*])"), r"\1"),  # *italic*, not (*)
    (re.compile(r"(?<![\w_])_(?=[^\W_])([^_\n]+?)(?<=[^\W_])_(?![\w_])"), r"\1"),  # _italic_, not snake_case
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)
MARKDOWN_SUFFIXES = (".md", ".markdown")  # the files whose inline markup is read (a .txt's is its own)


def plain_inline(line: str) -> str:
    """A Markdown line as a reader sees it: "**Commitment 2.2:** Recognise …" is
    "Commitment 2.2: Recognise …", "[the annex](annex.md)" is "the annex"."""
    for rx, repl in _INLINE:
        line = rx.sub(repl, line)
    return line


def _plain(text: str) -> bool:
    """True when nearly every character is printable (text, not binary data)."""
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return printable >= 0.98 * len(text)


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode bytes as UTF-8 (BOM allowed) or BOM-marked UTF-16, else as
    Windows-1252/Latin-1 when the result is plainly text; refuse binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM (Windows "Unicode" text)
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = ""
        if text and _plain(text):
            return text
    if b"\x00" in data[:8192]:
        raise ReadError(path, "binary data, not text", "pass the original PDF/TXT/MD file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plain(text):
            return text
    raise ReadError(path, "not UTF-8 text and not a recognised encoding", "re-save it as UTF-8")


def markdown_headings(text: str, inline: bool = True) -> tuple[str, tuple[Heading, ...]]:
    """``text`` with the markers of its Markdown headings removed, and those headings.

    ATX headings (``## Title ##``) keep their title on the line; a setext heading's
    underline (``====`` or ``----`` under a line of text) is dropped; bold and italic
    markers, links' addresses and code ticks go (``plain_inline``; not with ``inline``
    False: a plain text file's asterisks are its own). Lines inside fenced code blocks
    are left alone.
    """
    lines = text.split("\n")
    out: list[str] = []
    found: list[tuple[int, int, str]] = []  # (index in out, level, title)
    fenced = piped = False
    for ln in lines:
        if _FENCE.match(ln):
            fenced = not fenced
            out.append(ln)
            continue
        if fenced:
            out.append(ln)
            continue
        ln = plain_inline(ln) if inline else ln
        piped, prev_piped = bool(_PIPE_ROW.match(ln)), piped
        if prev_piped and _PIPE_DELIMITER.match(ln):
            continue
        if piped:
            out.append(pipe_cells(ln))
            continue
        m = _ATX.match(ln)
        if m and m.group(2).strip():
            found.append((len(out), len(m.group(1)), m.group(2).strip()))
            out.append(m.group(2).strip())
            continue
        if _ATX_EMPTY.match(ln):
            out.append("")
            continue
        m = _SETEXT.match(ln)
        if (m and out and out[-1].strip() and not _BLOCK_START.match(out[-1]) and CELL_SEP not in out[-1]
                and (not found or found[-1][0] != len(out) - 1)
                and (m.group(1)[0] == "=" or len(m.group(1)) >= 2)):
            found.append((len(out) - 1, 1 if m.group(1)[0] == "=" else 2, out[-1].strip()))
            continue  # the underline goes
        out.append(ln)
    starts, pos = [], 0
    for ln in out:
        starts.append(pos)
        pos += len(ln) + 1
    return "\n".join(out), tuple(Heading(starts[i], level, title) for i, level, title in found)


def pipe_cells(line: str) -> str:
    """A Markdown table row's cells (``| a | b |``, ``\\|`` an escaped pipe inside a cell)
    joined by a tab; an empty cell stays in its place."""
    body = line.strip()[1:-1]
    parts = re.split(r"(?<!\\)\|", body)
    return CELL_SEP.join(" ".join(p.replace("\\|", "|").split()) for p in parts)


def text_paragraphs(text: str) -> tuple[int, ...]:
    """Offsets where the paragraphs of ``text`` (blocks between blank lines) start."""
    out: list[int] = []
    pos, blank = 0, True
    for ln in text.split("\n"):
        if ln.strip():
            if blank:
                out.append(pos)
            blank = False
        else:
            blank = True
        pos += len(ln) + 1
    return tuple(out)


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_PAGE_LINE = re.compile(r"^[ \t*_]*(?:page|p[áa]gina)\s+\d{1,4}\s+(?:of|de)\s+\d{1,4}\b(?:[ \t]*[—–|-][^\n]{0,100})?[ \t*_]*$",
                        re.IGNORECASE | re.MULTILINE)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n((?:[^\n]*\n){0,60}?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_META_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE | re.IGNORECASE)
_MAIL_HEADER = re.compile(r"^(from|de|sent|enviado|date|fecha|to|para|cc|subject|asunto):[ \t]*(.*)$", re.IGNORECASE)
_REPLY = re.compile(r"^(?:(?:re|fw|fwd|rv|tr)\s*:\s*)+", re.IGNORECASE)


def front_matter(text: str) -> tuple[str, str]:
    """A Markdown file's YAML front matter (``---`` … ``---`` at its top, as static-site
    generators and pandoc read it): ``(its title, the text without it)``; the block is
    metadata, not shown text (its lines are kept as blank lines)."""
    m = _FRONT_MATTER.match(text)
    if not m or not all(":" in ln or ln[:1] in (" ", "-", "#", "") for ln in m.group(1).split("\n")):
        return "", text
    title = _META_TITLE.search(m.group(1))
    return (title.group(1).strip("'\" ") if title else ""), "\n" * m.group(0).count("\n") + text[m.end():]


def mail_subject(text: str) -> str:
    """The subject of a text pasted from an e-mail: its first lines are headers ("From:",
    "De:", "Sent:", "Asunto:" …), one of them the subject, without "RE:" / "RV:" marks."""
    heads = [_MAIL_HEADER.match(ln.strip()) for ln in text.lstrip().split("\n")[:8]]
    found = {}
    for m in heads:
        if not m:
            break
        found[m.group(1).lower()] = m.group(2).strip()
    subject = found.get("subject") or found.get("asunto") or ""
    return _REPLY.sub("", subject) if len(found) >= 2 else ""


def read_text(path: str | Path) -> Document:
    """Read a .txt/.md file (UTF-8, or a detected single-byte encoding). Markdown
    headings (``#`` lines, underlined titles) lose their markers and become the
    document's headings; paragraphs are numbered for citations."""
    path = Path(path)
    data = path.read_bytes()
    text = decode_text(data, path).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(path, "no text in file", "check that the file is the right one")
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    meta = ""
    if markdown:  # a comment is not shown: "<!-- internal reference … -->" is neither title nor text
        text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        meta, text = front_matter(text)
    meta = meta or mail_subject(text)
    text = _PAGE_LINE.sub("", text)  # a converted PDF's running footer: "*Page 3 of 9 — WFP/UNICEF Mexico*"
    text, headings = markdown_headings(text, inline=markdown)
    if not text.strip():  # markup alone: an empty table row "||", heading markers
        raise ReadError(path, "no text in file (only Markdown markup)", "check that the file is the right one")
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")[:200]
    return Document(
        doc=path.stem,
        title=pick_title(path, meta, [first] + [h.title for h in headings]),
        pages=(Page(None, text),),
        source=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        headings=headings,
        paragraphs=text_paragraphs(text),
    )
