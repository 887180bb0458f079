"""Web page (.html/.htm) reader: the main content (trafilatura drops menus, headers,
footers, cookie banners and side bars), with ``<h1>``..``<h6>`` as sections, list items,
and tables row by row (cells separated by a tab). A page has no pages to cite, so
paragraphs are numbered as for Word files."""
from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from puente.common.errors import ReadError
from puente.common.types import Document

from .blocks import BULLET, Block, row_line, structured_document

_HEAD_LEVEL = re.compile(r"h([1-6])", re.I)
_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select",
         "svg", "iframe", "head"}
_BLOCK_TAGS = {"p", "li", "pre", "blockquote", "dt", "dd", "figcaption", "caption", "td", "th", "div", "section",
               "article", "main", "tr", "table", "ul", "ol", "dl", "body", "br"}


def _text(el) -> str:
    """The text of an element of trafilatura's XML; ``<lb/>`` is a line break."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in ("p", "item", "head", "list", "row", "cell", "quote"):
            parts.append(" " + _text(child) + " ")  # blocks inside a cell or quote stay apart
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _xml_blocks(xml: str) -> list[Block]:
    """Blocks of trafilatura's XML output (``head``, ``p``, ``list``/``item``,
    ``table``/``row``/``cell``, ``quote``, ``code``)."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=True, huge_tree=True))
    main = root.find("main") if root is not None else None
    out: list[Block] = []
    group = 0

    def walk(el) -> None:
        nonlocal group
        for child in el:
            tag = child.tag
            if tag == "head":
                m = _HEAD_LEVEL.fullmatch(child.get("rend") or "")
                out.append(Block("heading", _text(child), int(m.group(1)) if m else 2))
            elif tag == "list":
                group += 1
                g = group
                for item in child.iter("item"):
                    own = (item.text or "") + "".join(
                        _text(c) + (c.tail or "") for c in item if c.tag not in ("list",))
                    if own.strip():
                        out.append(Block("item", BULLET + " ".join(own.split()), group=g))
            elif tag == "table":
                group += 1
                for row in child.iter("row"):
                    cells = [" ".join(_text(c).split()) for c in row if c.tag == "cell"]
                    if any(cells):  # an empty cell keeps its place: the columns stay under the header
                        out.append(Block("row", row_line(cells), group=group))
            elif tag in ("p", "quote", "code"):
                if len(child) and all(c.tag in ("p", "list", "table", "head", "quote") for c in child):
                    walk(child)
                else:
                    out.append(Block("para", _text(child)))
            elif tag in ("div", "main", "section"):
                walk(child)
            elif tag not in ("graphic", "comments"):
                text = _text(child)
                if text.strip():
                    out.append(Block("para", text))

    if main is not None:
        walk(main)
    return out


MAX_SPAN = 100  # a cell's colspan/rowspan is read up to this (as trafilatura does)


def _span(cell, attr: str) -> int:
    value = (cell.get(attr) or "1").strip()
    return min(int(value), MAX_SPAN) if value.isdecimal() and int(value) > 0 else 1


def _grid(table) -> list[list[str]]:
    """A table's rows as cells in their columns (``thead``/``tbody``/``tfoot`` rows in
    order, not those of a table nested in a cell): a cell spanning columns gives its text
    and an empty place per further column, one spanning rows an empty place in the rows
    below, so that a column's cells stay under its header (trafilatura's tables alike)."""
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table")) is table]
    below: dict[int, int] = {}  # column -> rows it is still spanned from above
    out = []
    for tr in rows:
        cells: list[str] = []

        def fill_spanned() -> None:
            while below.get(len(cells), 0) > 0:
                below[len(cells)] -= 1
                cells.append("")

        for cell in tr:
            if str(cell.tag).lower() not in ("td", "th"):
                continue
            fill_spanned()
            cols, down = _span(cell, "colspan"), _span(cell, "rowspan")
            if down > 1:
                for c in range(len(cells), len(cells) + cols):
                    below[c] = down - 1
            cells.append(" ".join(cell.text_content().split()))
            cells.extend([""] * (cols - 1))
        fill_spanned()
        for col in sorted(c for c, left in below.items() if left > 0 and c >= len(cells)):
            cells.extend([""] * (col - len(cells) + 1))  # a short row passes under a cell spanning down
            below[col] -= 1
        out.append(cells)
    return out


def _fallback_blocks(tree) -> list[Block]:
    """Every heading, paragraph, list item and table row of the page outside its
    scripts, menus, headers and footers: for a page too short or too plain for
    trafilatura's main-content rules."""
    out: list[Block] = []
    group = 0

    def walk(el) -> None:
        nonlocal group
        for child in el:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if not tag or tag in _SKIP:
                continue
            m = _HEAD_LEVEL.fullmatch(tag)
            if m:
                out.append(Block("heading", child.text_content(), int(m.group(1))))
            elif tag == "table":
                group += 1
                for cells in _grid(child):
                    if any(cells):
                        out.append(Block("row", row_line(cells), group=group))
                group += 1
            elif tag == "li":
                lists = [c for c in child if isinstance(c.tag, str) and c.tag.lower() in ("ul", "ol")]
                own = [child.text or ""] + [(c.tail or "") if c in lists or not isinstance(c.tag, str)
                                            else c.text_content() + (c.tail or "")
                                            for c in child]  # a nested list's items are items of their own
                out.append(Block("item", BULLET + " ".join("".join(own).split()), group=group))
                for sub in lists:
                    group += 1
                    walk(sub)
                    group += 1
            elif tag in ("ul", "ol"):
                group += 1
                walk(child)
                group += 1
            elif any(isinstance(c.tag, str) and (c.tag.lower() in _BLOCK_TAGS or _HEAD_LEVEL.fullmatch(c.tag))
                     for c in child):
                if child.text and child.text.strip():
                    out.append(Block("para", child.text))
                walk(child)
            else:
                out.append(Block("para", child.text_content()))
            if child.tail and child.tail.strip():
                out.append(Block("para", child.tail))

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    return out


# libxml2 stops building the tree 256 elements deep, so a page of 100,000 nested <div>s
# lost all its text; wrappers deeper than this are dropped before parsing
MAX_DEPTH = 200
_WRAPPER = re.compile(r"<(/?)(?:div|span|section|article|main|aside|header|footer|font|center|blockquote|b|i|u|em|"
                      r"strong|small|big|a|label|form|fieldset)\b[^>]*>", re.I)


def flatten_deep(html: str, limit: int = MAX_DEPTH) -> str:
    """``html`` with the wrapper tags (``div``, ``span``, ``section``...) that stand more than
    ``limit`` deep taken out, their content kept in place; unchanged when nothing is that deep."""
    depth, deepest = 0, 0
    for m in _WRAPPER.finditer(html):
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        deepest = max(deepest, depth)
    if deepest <= limit:
        return html
    depth = 0

    def keep(m: re.Match) -> str:
        nonlocal depth
        if m.group(1):
            depth = max(0, depth - 1)
            return m.group(0) if depth < limit else ""
        depth += 1
        return m.group(0) if depth <= limit else ""

    return _WRAPPER.sub(keep, html)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_html(data: bytes) -> str:
    """The page as text: a byte-order mark, else the ``<meta charset>`` it declares,
    else UTF-8, else Windows-1252."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _words(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks)


def _names_place(text: str) -> bool:
    from puente.common.places import find

    return any(e.kind == "place" for e in find(text))


def _page_title(tree) -> str:
    """The page's title, without the site's name a browser tab adds after a bar ("Annual
    Report 2023 | IOM Peru" is "Annual Report 2023")."""
    for xpath in ('//meta[@property="og:title"]/@content', "//title//text()", '//meta[@name="title"]/@content'):
        found = [t for t in tree.xpath(xpath) if str(t).strip()]
        if found:
            title = " ".join(str(found[0]).split())
            head, bar, site = title.rpartition(" | ")
            one_site = bar and " | " not in head and len(site.split()) <= 4 and len(head.split()) >= 3
            return head if one_site and not _names_place(site) else title  # "… 2023 | Guatemala" keeps its country
    return ""


# a page's edit stamps ("[Añadido: 2025/01/20] [Última actualización: 2025/04/02]"): when, not what
_STAMP = re.compile(r"\[\s*(?:añadido|agregado|publicado|added|posted|published|(?:última\s+)?actualizaci[oó]n|"
                    r"actualizado|(?:last\s+)?updated?|modified|modificado)\s*:\s*[\d/.\-\s]{6,12}\]\s?", re.I)


def definition_items(tree) -> bool:
    """In place, each definition list of the parsed page a list whose items are a term and
    its definition on one line ("Lead agency: Ministry of Labour"; a colon after a term
    without one), what the definition holds besides (its own list) kept under it: read
    apart, a term is an item of its own and the definition loses what it defines. The
    parser closes ``<dt>``/``<dd>`` left open; an inner list is read first. Returns whether
    the page had any."""
    from lxml import etree

    lists = list(tree.iter("dl"))  # the HTML parser writes tag names in lower case
    for dl in reversed(lists):
        ul, li, defined = etree.Element("ul"), None, False
        for child in list(dl):
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "dt":
                li, defined = etree.SubElement(ul, "li"), False
                li.text = " ".join(child.text_content().split())
            elif tag == "dd":
                if li is None:
                    li, defined = etree.SubElement(ul, "li"), True
                    li.text = ""
                lead = " ".join((child.text or "").split())
                sep = "; " if defined else (" " if re.search(r"[:.]$", li.text) else ": ")
                li.text = f"{li.text}{sep}{lead}" if li.text else lead
                defined = True
                for sub in list(child):
                    li.append(sub)  # inline markup and the definition's own blocks, with their tails
        ul.tail = dl.tail
        dl.getparent().replace(dl, ul)
    return bool(lists)


# a class or id of boilerplate that is boilerplate whatever the element: consent banners, sharing, menus, ads
_CHROME = re.compile(r"cookie|consent|share|social|newsletter|comment|nav|menu|footer|author|byline|(?:^|[\s_-])ads?(?:$|[\s_-])",
                     re.I)


def content_classes(tree) -> bool:
    """In place, the class and id of the lists, paragraphs and tables of the page's ``<main>`` or
    ``<article>`` that hold prose rather than links are dropped: trafilatura discards an element
    whose class holds a word of its boilerplate list ("next-" of related stories, "meta", "bar",
    "slide"), and so lost an article's ``<ol class="next-steps">``. Returns whether any was."""
    changed = False
    for main in [*tree.iter("main"), *tree.iter("article")]:
        for el in main.iter("ol", "ul", "dl", "p", "table", "blockquote"):
            names = " ".join(filter(None, (el.get("class"), el.get("id"))))
            text = " ".join(el.text_content().split())
            linked = sum(len(a.text_content()) for a in el.iter("a"))
            if names and not _CHROME.search(names) and len(text) >= 40 and linked < 0.2 * len(text):
                el.attrib.pop("class", None)
                el.attrib.pop("id", None)
                changed = True
    return changed


def read_html(path: str | Path) -> Document:
    """Read a saved web page (see the module's docstring)."""
    path = Path(path)
    data = path.read_bytes()
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        import lxml.html
        import trafilatura

        html = flatten_deep(_XML_DECL.sub("", decode_html(data), count=1))
        if not html.strip():
            raise ValueError("Document is empty")
        tree = lxml.html.document_fromstring(html)
        if definition_items(tree) | content_classes(tree):
            html = lxml.html.tostring(tree, encoding="unicode")
        title = _page_title(tree)
        xml = trafilatura.extract(html, output_format="xml", include_tables=True, include_comments=False,
                                  include_images=False, include_links=False, include_formatting=False,
                                  favor_recall=True, with_metadata=False, deduplicate=False)
        blocks = _xml_blocks(xml) if xml else []
        if not any(b.kind == "heading" for b in blocks):
            # trafilatura keeps no structure on a page it took whole (its baseline): when
            # it kept nearly all the words anyway, the plain walk gives the same text with headings
            plain = _fallback_blocks(tree)
            body = [b for b in plain if b.kind != "heading"]  # the headings are what trafilatura lost
            if _words(body) and _words(blocks) >= 0.8 * _words(body):
                blocks = plain
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura may raise anything on junk input
        if "Document is empty" in str(exc):
            blocks, title = [], ""
        else:
            raise ReadError(path, f"unreadable web page ({type(exc).__name__}: {' '.join(str(exc).split())[:120]})",
                            "save the page again from the browser, or print it to PDF") from exc
    blocks = [b if not _STAMP.search(b.text) else Block(b.kind, re.sub(r" {2,}", " ", _STAMP.sub(" ", b.text)).strip(),
                                                         b.level, b.group) for b in blocks]
    blocks = [b for b in blocks if b.text.strip()]
    if not any(b.text.strip() for b in blocks):
        raise ReadError(path, "no text in the page (empty, or built by scripts when it loads)",
                        "open it in a browser and print it to PDF, or pass the report it links to")
    return structured_document(path, blocks, title, hashlib.sha256(data).hexdigest())
