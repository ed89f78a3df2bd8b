"""The HTML digest in a real headless browser (Debian's chromium, installed by .ci/run): the table is visible and
nothing is cut off in a narrow window or a desktop's."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from releasewatch.digest import build_digest
from releasewatch.render.email import render_html
from tests.support.digestdata import END, SCRIPT, START, qwen3, release

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (`apt-get install chromium`)")

# Test-only probe appended to the page: reports what a reader would see through the document title.
PROBE = """<script>
window.addEventListener('load', () => {
  const tables = [...document.querySelectorAll('table')];
  const visible = tables.filter(t => { const r = t.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  const page = document.documentElement;
  const clipped = [...document.querySelectorAll('td, th, a, p, h1, h2')].filter(e => e.scrollWidth > e.clientWidth + 1
      && getComputedStyle(e).overflow === 'hidden');
  document.title = 'PROBE' + JSON.stringify({tables: tables.length, visible: visible.length,
      overflow: page.scrollWidth > window.innerWidth + 1, clipped: clipped.length,
      text: document.body.innerText.length, scripts: document.querySelectorAll('script').length,
      width: window.innerWidth, scrollWidth: page.scrollWidth,
      widest: [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)});
});
</script>"""


def probe(html: str, tmp_path: Path, width: int) -> dict[str, object]:
    page = tmp_path / f"digest-{width}.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / f'profile-{width}'}",
            f"--window-size={width},2000",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    found = re.search(r"<title>PROBE(.*?)</title>", result.stdout, re.S)
    assert found, f"no probe result; chromium said: {result.stderr[-500:]}"
    return json.loads(found.group(1).replace("&quot;", '"'))


@pytest.mark.parametrize("width", [500, 1280])  # 500: headless chromium's narrowest window
def test_digest_table_is_visible_and_not_cut_off(tmp_path: Path, width: int) -> None:
    releases = [*qwen3(), release(f"Very-Long-Model-Name-{'x' * 60}", vendor="DeepSeek"), release(SCRIPT)]
    html = render_html(build_digest(releases, [], start=START, end=END))
    seen = probe(html, tmp_path, width)
    assert seen["tables"] >= 1 and seen["visible"] == seen["tables"]
    assert seen["overflow"] is False, f"wider than the window: {seen['widest']}"
    assert seen["clipped"] == 0
    assert seen["scripts"] == 1, "only the test's probe may run: feed text must never become a script"
    assert seen["text"] > 100
