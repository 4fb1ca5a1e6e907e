"""Mermaid rendered in real headless Chromium, for tests: what a reader's browser draws.

Debian's /usr/bin/chromium (installed with apt, see the README's test commands) is driven by
Playwright's Python API; Playwright never downloads a browser of its own. mermaid.min.js
comes from the npm package tests/mermaid installs (mermaid_parser.ensure_installed), loaded
into a local page; the page's clock zone is UTC, as the diagrams' times are.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import mermaid_parser  # tests/mermaid_parser.py

CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = mermaid_parser.FOLDER / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
WIDTH = 1200  # px: a wide wiki column

# Each task's shape (a bar, or a milestone's diamond) and its label, in the order drawn.
_READ = """() => {
  const svg = document.querySelector('#out svg');
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shapes = [...svg.querySelectorAll('rect.task')];
  const labels = [...svg.querySelectorAll('text[class*="taskText"]')];
  return {
    svg: svg.outerHTML,
    tasks: shapes.map((s, i) =>
      ({ shape: box(s), label: labels[i].textContent.trim(), text: box(labels[i]) })),
    ticks: [...svg.querySelectorAll('.tick text')].map((t) => t.textContent),
    bounds: box(svg),
  };
}"""


@dataclass(frozen=True)
class Rendered:
    svg: str
    tasks: list[dict]  # {"shape": [l, t, r, b], "label": str, "text": [l, t, r, b]}
    ticks: list[str]
    bounds: list[float]

    def boxes(self) -> list[tuple[str, tuple[float, float, float, float]]]:
        """Each task's label and the box around its shape and its label together."""
        out = []
        for task in self.tasks:
            (a, b, c, d), (e, f, g, h) = task["shape"], task["text"]
            out.append((task["label"], (min(a, e), min(b, f), max(c, g), max(d, h))))
        return out


def overlap(one: tuple[float, ...], other: tuple[float, ...]) -> bool:
    return one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]


@contextmanager
def renderer() -> Iterator:
    """render(diagram) -> Rendered, with one browser for many diagrams."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: apt-get install chromium (see the README's test commands)"
        )
    mermaid_parser.ensure_installed()
    from playwright.sync_api import sync_playwright  # the test extra; only these tests need it

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        try:
            page = browser.new_context(
                timezone_id="UTC", viewport={"width": WIDTH + 40, "height": 900}
            ).new_page()
            page.set_content(f"<html><body><div id='out' style='width:{WIDTH}px'></div></body></html>")
            page.add_script_tag(path=str(SCRIPT))
            page.evaluate("mermaid.initialize({startOnLoad: false})")
            count = 0

            def render(diagram: str) -> Rendered:
                nonlocal count
                count += 1
                page.evaluate(
                    "async ([id, text]) => { const r = await mermaid.render(id, text);"
                    " document.getElementById('out').innerHTML = r.svg; }",
                    [f"picture{count}", diagram],
                )
                return Rendered(**page.evaluate(_READ))

            yield render
        finally:
            browser.close()
