"""Reading rendered documents in tests: their words, the order of parts in them, and a tagged
PDF's structure."""

import io

import pypdf


def flat_text(text: str) -> str:
    """The words of `text`, without list bullets (a PDF's text has them apart from the items)."""
    return " ".join(text.replace("•", " ").split())


def first_out_of_order(text: str, parts) -> str | None:
    """The first of `parts` not found in `text` after the one before it, or None when each is."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return part
        at = found + len(part)
    return None


def structure_tags(reader: pypdf.PdfReader) -> list[str]:
    """The tagged PDF's structure elements in document order, as their tags ("/H1", "/Table"…)."""
    found = []

    def walk(node):
        node = node.get_object()
        if "/S" in node:
            found.append(str(node["/S"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if isinstance(kid, pypdf.generic.IndirectObject) else kid
            if isinstance(kid, pypdf.generic.DictionaryObject) and "/S" in kid:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def stored_pdf_text(document) -> str:
    """The words of a rendered document's stored PDF (a report's or a committee paper's file)."""
    with document.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
