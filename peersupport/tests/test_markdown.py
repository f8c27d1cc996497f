"""Markdown people type, as the pages and the PDF reports show it: what is allowed comes
through, and nothing hostile, whatever it is dressed as."""

import pytest

from peersupport.markdown import markdown_html, markdown_plain

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("**bold**\n- one\n- two", "<p><strong>bold</strong></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n", id="bold-and-list"),
        pytest.param("First paragraph.\n\nSecond.", "<p>First paragraph.</p>\n<p>Second.</p>\n", id="paragraphs"),
        pytest.param("line one\nline two", "<p>line one<br>\nline two</p>\n", id="line-break-kept"),
        pytest.param("3. third\n4. fourth", '<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>\n', id="numbered-list-start"),
        pytest.param("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>\n", id="quote"),
        pytest.param(
            "[the plan](https://example.com/plan)",
            '<p><a href="https://example.com/plan" rel="noopener noreferrer nofollow">the plan</a></p>\n', id="web-link",
        ),
        pytest.param("[write](mailto:a@example.com)", '<p><a href="mailto:a@example.com" rel="noopener noreferrer nofollow">write</a></p>\n', id="mail-link"),
        pytest.param(
            "<https://example.com>", '<p><a href="https://example.com" rel="noopener noreferrer nofollow">https://example.com</a></p>\n',
            id="autolink",
        ),
        pytest.param("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", id="script"),
        pytest.param("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n", id="img-onerror"),
        pytest.param("[a](javascript:alert(1))", "<p>[a](javascript:alert(1))</p>\n", id="javascript-link"),
        pytest.param("[a](JaVaScRiPt:alert(1))", "<p>[a](JaVaScRiPt:alert(1))</p>\n", id="javascript-link-mixed-case"),
        pytest.param("[a](&#106;avascript:alert(1))", "<p>[a](javascript:alert(1))</p>\n", id="javascript-link-entity"),
        pytest.param("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>\n", id="javascript-autolink"),
        pytest.param("[a](data:text/html;base64,PHNjcmlwdD4=)", "<p>[a](data:text/html;base64,PHNjcmlwdD4=)</p>\n", id="data-link"),
        pytest.param("[a](file:///etc/passwd)", "<p>[a](file:///etc/passwd)</p>\n", id="file-link"),
        pytest.param("[a](ftp://example.com/x)", "<p><a rel=\"noopener noreferrer nofollow\">a</a></p>\n", id="ftp-link-loses-address"),
        pytest.param('<p style="color:red">x</p>', "<p>&lt;p style=\"color:red\"&gt;x&lt;/p&gt;</p>\n", id="style-attribute"),
        pytest.param('<iframe src="https://evil"></iframe>', "<p>&lt;iframe src=\"https://evil\"&gt;&lt;/iframe&gt;</p>\n", id="iframe"),
        pytest.param("a <!-- hidden --> b", "<p>a &lt;!-- hidden --&gt; b</p>\n", id="html-comment"),
        pytest.param(
            "***bold italic*** **__x__**", "<p><em><strong>bold italic</strong></em> <strong><strong>x</strong></strong></p>\n",
            id="nested-emphasis",
        ),
        pytest.param("&lt;script&gt; &#60;b&#62;", "<p>&lt;script&gt; &lt;b&gt;</p>\n", id="entities-stay-text"),
        pytest.param("# Heading", "<p># Heading</p>\n", id="no-headings"),
        pytest.param("![img](https://example.com/y.png)", '<p>!<a href="https://example.com/y.png" rel="noopener noreferrer nofollow">img</a></p>\n', id="no-images"),
        pytest.param("`code`", "<p>`code`</p>\n", id="no-code"),
        pytest.param("", "", id="empty"),
    ],
)
def test_markdown_html_exact_output(text, expected):
    assert str(markdown_html(text)) == expected


def test_markdown_html_link_title_cannot_break_out_of_its_attribute():
    rendered = str(markdown_html('[a](https://example.com "x\\" onmouseover=\\"alert(1)")'))

    assert rendered == (
        '<p><a href="https://example.com" title="x&quot; onmouseover=&quot;alert(1)" rel="noopener noreferrer nofollow">a</a></p>\n'
    )


@pytest.mark.parametrize(
    "text",
    [
        "<scr<script>ipt>alert(1)</script>",
        "<svg onload=alert(1)>",
        "[x](javascript&colon;alert(1))",
        "[x](  javascript:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        "<<script>script>alert(1)<</script>/script>",
        "[x](https://example.com) <style>body{}</style>",
        "\x00<script>alert(1)</script>",
    ],
)
def test_markdown_html_never_lets_markup_or_script_through(text):
    rendered = str(markdown_html(text))

    for markup in ("<script", "<svg", "<style", "<a href='", 'href="javascript', "onload=\"", "<iframe"):
        assert markup not in rendered


def test_markdown_plain_words_without_marks():
    assert markdown_plain("**Bold** and [a link](https://example.com)\n- one\n- two & <three>") == "Bold and a link\n\none\ntwo & <three>"
