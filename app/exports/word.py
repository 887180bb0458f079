"""Word building blocks the exports share: a hyperlink run, a citation paragraph whose page
label is the link, a quoted table."""
from __future__ import annotations

from .links import CiteParts


def hyperlink(paragraph, url: str, text: str) -> None:
    """A clickable link run in ``paragraph`` (python-docx has no public call for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(style)
    props.append(underline)
    run.append(props)
    text_el = OxmlElement("w:t")
    text_el.text = text
    text_el.set(qn("xml:space"), "preserve")
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)


def cite_docx(doc, p: CiteParts, after: str = ""):
    """A paragraph "— Title, pp. 4-5, Section": italic, the page label the one link."""
    para = doc.add_paragraph()
    para.add_run("— " + p.head).italic = True
    if p.label and p.url:
        hyperlink(para, p.url, p.label)
    elif p.label:
        para.add_run(p.label).italic = True
    para.add_run(p.tail + after).italic = True
    return para


def table_docx(doc, rows: list[list[str]]) -> None:
    """A quoted table as a Word table, its first row the header (bold)."""
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = value
            if i == 0 and cell.paragraphs[0].runs:
                cell.paragraphs[0].runs[0].bold = True
