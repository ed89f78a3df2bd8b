"""HTML → text for the extractor: paragraphs and table rows as lines, nothing executable, nothing unbounded."""

from __future__ import annotations

import time

import pytest

from releasewatch.htmltext import html_to_text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("", ""),
        ("   ", ""),
        ("plain words", "plain words"),
        ("<p>one</p><p>two</p>", "one\ntwo"),
        ("<p>Hello <b>wor</b>ld &amp; <i>more</i></p>", "Hello world & more"),
        ("<p>line<br>break<br/>again</p>", "line\nbreak\nagain"),
        ("<h2>Title</h2>text after<div>block</div>tail", "Title\ntext after\nblock\ntail"),
        ("<ul><li>one</li><li>two <em>b</em></li></ul>", "one\ntwo b"),
        ("<p>  lots \n\t of   space  </p>", "lots of space"),
        ("<script>alert(1)</script><style>p{}</style><p>kept</p><noscript>no</noscript>", "kept"),
        ("<!-- a comment --><p>visible</p>", "visible"),
        ("<p>unclosed <b>bold<p>next", "unclosed bold\nnext"),
        ("&lt;not a tag&gt; &eacute; &#8212; &nbsp;x", "<not a tag> é — x"),
        ("<pre>x = 1\ny = 2</pre>", "x = 1\ny = 2"),
        ("<html><head><title>page title</title></head><body><p>body</p></body></html>", "body"),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_table_rows_are_lines_with_cells_joined() -> None:
    html = """
    <p>The family:</p>
    <table>
      <thead><tr><th>Model</th><th>Params</th><th>License</th></tr></thead>
      <tbody>
        <tr><td>Qwen3-235B-A22B</td><td>235B <small>(22B active)</small></td><td>Apache-2.0</td></tr>
        <tr><td>Qwen3-8B</td><td></td><td>Apache-2.0</td></tr>
        <tr><td>Qwen3-0.6B</td><td>0.6B</td><td></td></tr>
        <tr><td></td><td></td></tr>
      </tbody>
    </table>
    <p>After the table.</p>
    """
    assert html_to_text(html).splitlines() == [
        "The family:",
        "Model | Params | License",
        "Qwen3-235B-A22B | 235B (22B active) | Apache-2.0",
        "Qwen3-8B |  | Apache-2.0",  # an inner empty cell keeps the columns aligned
        "Qwen3-0.6B | 0.6B",
        "After the table.",
    ]


def test_blocks_inside_a_cell_stay_in_the_cell() -> None:
    html = "<table><tr><td><p>first</p><p>second</p></td><td>b</td></tr></table>"
    assert html_to_text(html) == "first second | b"


def test_nested_tables_flatten_into_their_cell() -> None:
    html = "<table><tr><td>a<table><tr><td>x</td><td>y</td></tr></table></td><td>b</td></tr></table>"
    assert html_to_text(html) == "a x | y | b"


def test_deep_nesting_does_not_exhaust_the_stack() -> None:
    started = time.monotonic()
    assert html_to_text("<span>" * 9_000 + "deep" + "</span>" * 9_000) == "deep"
    assert html_to_text("<div>" * 5_000 + "deep" + "</div>" * 5_000) == "deep"
    assert time.monotonic() - started < 5


def test_a_hostile_tag_count_is_cut_not_parsed_quadratically() -> None:
    # lexbor's tree building is quadratic in depth: 100,000 nested divs would take minutes; the cap keeps the
    # text before the cut.
    html = "intro <p>kept</p>" + "<div>" * 100_000 + "lost" + "</div>" * 100_000
    assert html_to_text(html) == "intro\nkept"
