"""The system's Chromium, driven by Selenium, to look at HTML pages as a browser does.

Nothing is downloaded: the driver is ``/usr/bin/chromedriver`` (Selenium Manager is never
asked), and axe-core comes from an npm install that ``.ci/run`` makes into ``.cache/axe``.
Tests that need them skip where they are missing, and fail under CI (``tools.need``).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tools import need

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("HANDOUT_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("HANDOUT_CHROMEDRIVER", "/usr/bin/chromedriver"))
AXE = Path(
    os.environ.get(
        "HANDOUT_AXE", REPO / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
    )
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

VISIBLE_TEXT = """
const out = [];
const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walk.nextNode()) {
  const node = walk.currentNode;
  if (!node.data.trim()) continue;
  const el = node.parentElement;
  if (el.closest('.visually-hidden')) continue;
  let hidden = false;  // inside a 1 px box cut by clip-path: text for screen readers only
  for (let a = el; a; a = a.parentElement) {
    const b = a.getBoundingClientRect();
    if (getComputedStyle(a).clipPath !== 'none' && b.width <= 1 && b.height <= 1) hidden = true;
  }
  if (hidden) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  const cs = getComputedStyle(el);
  if (!rects.length || cs.visibility !== 'visible' || cs.opacity === '0') continue;
  const off = rects.some(r => r.left < -0.5 || r.right > window.innerWidth + 0.5);
  let clipped = false;
  for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.overflowX === 'visible' && s.overflowY === 'visible' && s.clipPath === 'none') continue;
    const b = a.getBoundingClientRect();
    if (rects.some(r => r.left < b.left - 0.5 || r.right > b.right + 0.5 ||
                        r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)) clipped = true;
  }
  out.push([node.data, off, clipped]);
}
return out;
"""


def axe_source() -> str:
    need("axe-core (npm install --prefix .cache/axe axe-core@4, as .ci/run does)", AXE.is_file())
    return AXE.read_text(encoding="utf-8")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium that logs every network request, closed at the end."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        need("selenium (pip install -e '.[test]')", False)
        raise
    need("Chromium and chromedriver", CHROMIUM.is_file() and CHROMEDRIVER.is_file())
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager may never download
    profile = tempfile.mkdtemp(prefix="handout-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver: Any, path: Path, width: int = 1000, height: int = 800) -> None:
    """Load ``path`` in a viewport ``width`` CSS pixels wide, as a phone would at 320/375."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800},
    )
    driver.get_log("performance")  # forget earlier pages' requests
    driver.get(path.as_uri())


def resize(driver: Any, width: int, height: int = 800) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 800},
    )


def requests(driver: Any) -> list[str]:
    """URLs the page asked for since it was opened (DevTools log and resource timing)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    timing = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    return urls + list(timing)


def axe_violations(driver: Any, source: str) -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG 2.0 and 2.1 A and AA rules on the open page."""
    driver.execute_script(source)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));",
        WCAG_TAGS,
    )
    return list(result)


def visible_texts(driver: Any) -> list[tuple[str, bool, bool]]:
    """Each rendered text node: its text, whether it sticks out of the viewport, and whether
    an ancestor's overflow or clip-path cuts it (``.visually-hidden`` ones left out)."""
    return [tuple(x) for x in driver.execute_script(VISIBLE_TEXT)]
