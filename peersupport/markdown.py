"""Text people type with simple formatting (paragraphs, lists, bold, italics, links), written as
Markdown and shown as HTML that cannot carry anything else.

markdown-it-py reads the Markdown with raw HTML switched off, so a typed tag is shown as text;
nh3 (the Ammonia sanitiser) then keeps only the allow-list below, whatever the parser made.
Links keep only web and email addresses, open no window of their own and tell search engines
the service does not vouch for them. The same HTML goes into pages and into the PDF reports."""

import html
from functools import cache, lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _parser() -> MarkdownIt:
    # commonmark without raw HTML (a line break typed is kept as one), images, headings (a finding sits under the report's own),
    # code, tables or rules: what a finding needs, and no more.
    return MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False, "typographer": False}).disable(
        ["image", "heading", "lheading", "code", "fence", "hr", "html_block", "html_inline", "backticks"]
    )


# A page shows the same findings to everyone who opens it: each text is rendered once a process.
@lru_cache(maxsize=2048)
def markdown_html(text: str) -> SafeString:
    """The sanitised HTML of Markdown `text`."""
    if not text:
        return mark_safe("")
    rendered = _parser().render(text)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just cleaned it to the allow-list


def markdown_plain(text: str) -> str:
    """The words of Markdown `text` without its marks, for CSV files and emails."""
    if not text:
        return ""
    return html.unescape(nh3.clean(_parser().render(text), tags=set())).strip()
