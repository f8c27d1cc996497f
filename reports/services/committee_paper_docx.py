"""The committee paper as a Word document (python-docx), for officers to put into the
committee's template and edit: real headings (Heading 1 and 2, so that the navigation pane
and a screen reader find them), the numbered paragraphs with their numbers as text (the same as
the PDF's), the appendix as a real table whose header row repeats on every page, the document's
properties filled in, and its language British English."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reports.services.committee_paper import CommitteePaperContent

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANGUAGE = "en-GB"
FONT = "Arial"
# A4, with the committee papers' margins.
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2)
# A numbered paragraph hangs its text this far in, after its number and a tab.
HANGING = Cm(1)


def committee_paper_docx(content: CommitteePaperContent) -> bytes:
    """The paper as the bytes of a .docx file."""
    document = Document()
    _set_up(document, content)
    document.add_paragraph(content.committee)
    document.add_heading(content.title, level=1)
    _front_matter(document, content)
    for section in content.sections:
        document.add_heading(section.heading, level=2)
        for paragraph in section.paragraphs:
            _numbered(document, paragraph)
    _appendix(document, content.appendix)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up(document, content) -> None:
    properties = document.core_properties
    properties.title = content.title
    properties.author = content.publisher
    properties.last_modified_by = content.publisher
    properties.subject = content.subject
    properties.keywords = ", ".join(content.keywords)
    properties.language = LANGUAGE
    properties.comments = f"Figures from the Fire peer support service, {content.generated_on:%-d %B %Y}."
    # The language of every run unless it says otherwise: the spelling checker's and the
    # screen reader's.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in run_defaults.findall(qn("w:lang")):
        run_defaults.remove(old)
    language = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)
    run_defaults.append(language)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    for name in ("Heading 1", "Heading 2"):
        document.styles[name].font.name = FONT
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN


def _front_matter(document, content) -> None:
    for heading, text in (
        ("Purpose of report", content.purpose),
        ("Summary", content.summary),
        ("Recommendations", content.recommendations),
        ("Action", content.action),
    ):
        document.add_heading(heading, level=2)
        document.add_paragraph(text)
    document.add_heading("Contact officer", level=2)
    contact = content.contact
    for label, value in (("Name", contact.name), ("Position", contact.position), ("Phone", contact.phone), ("Email", contact.email)):
        line = document.add_paragraph()
        line.paragraph_format.space_after = Pt(0)
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)


def _numbered(document, paragraph) -> None:
    """"1.<tab>text", hanging; its list as bullets indented to the text."""
    line = document.add_paragraph(f"{paragraph.number}.\t{paragraph.text}")
    layout = line.paragraph_format
    layout.left_indent, layout.first_line_indent = HANGING, -HANGING
    layout.tab_stops.add_tab_stop(HANGING)
    for item in paragraph.items:
        bullet = document.add_paragraph(item, style="List Bullet")
        bullet.paragraph_format.left_indent = HANGING + Cm(0.63)


def _appendix(document, appendix) -> None:
    # The table is wide: its pages are landscape.
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    document.add_heading(appendix.title, level=2)
    document.add_paragraph(appendix.description)
    if not appendix.rows:
        document.add_paragraph(appendix.empty)
        return
    table = document.add_table(rows=1, cols=len(appendix.headings))
    table.style = "Table Grid"
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, heading in zip(header.cells, appendix.headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for values in appendix.rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value


def _repeat_as_header(row) -> None:
    """Marks the row as the table's header: repeated at the top of every page, and read as the
    column headings by a screen reader."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
