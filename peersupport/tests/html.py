"""Reading what a page shows, for exact assertions on GOV.UK components."""

import html
import re

_SUMMARY_LIST = re.compile(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', re.S)
_SUMMARY_LINK = re.compile(r'<a href="#([^"]*)">(.*?)</a>', re.S)
_NOTIFICATION = re.compile(r'<p class="govuk-notification-banner__heading" data-testid="notification">(.*?)</p>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=")


def page(response) -> str:
    return response.content.decode()


def error_summary(response) -> list[str]:
    """The messages in the page's GOV.UK error summary, in order; [] when it has none."""
    match = _SUMMARY_LIST.search(page(response))
    if not match:
        return []
    return [html.unescape(text.strip()) for _, text in _SUMMARY_LINK.findall(match.group(1))]


def error_summary_links(response) -> list[tuple[str, str]]:
    """(field anchor, message) pairs of the error summary."""
    match = _SUMMARY_LIST.search(page(response))
    if not match:
        return []
    return [(href, html.unescape(text.strip())) for href, text in _SUMMARY_LINK.findall(match.group(1))]


def notifications(response) -> list[str]:
    """The texts of the notification banners (flash messages) on the page."""
    return [html.unescape(text.strip()) for text in _NOTIFICATION.findall(page(response))]


def visible_text(response) -> str:
    """The page's text without tags, whitespace collapsed: for checking a sentence reads right."""
    text = _TAGS.sub(" ", page(response))
    return " ".join(html.unescape(text).split())


def inline_code(response) -> list[str]:
    """Inline scripts, styles and event handlers on the page, which the strict Content
    Security Policy would block; [] when there are none."""
    return _INLINE_CODE.findall(page(response))


def main_text(response) -> str:
    """The text of the page's <main>, without tags, whitespace collapsed."""
    main = re.search(r"<main\b[^>]*>(.*?)</main>", page(response), re.S).group(1)
    return " ".join(html.unescape(_TAGS.sub(" ", main)).split())


def section_text(response, testid) -> str:
    """The text of the page's <section data-testid="…">, without tags, whitespace collapsed."""
    match = re.search(rf'<section\b[^>]*data-testid="{re.escape(testid)}"[^>]*>(.*?)</section>', page(response), re.S)
    assert match, f"The page has no section {testid}"
    return " ".join(html.unescape(_TAGS.sub(" ", match.group(1))).split())
