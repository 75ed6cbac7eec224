"""Screenshots of the seed corpus's report.html for docs/ and the README (`make screenshots`).

Scans corpus/, opens the page in headless Chromium (Debian's chromium and chromedriver),
selects the Reuters -> thehilltalk.com edge, and saves a laptop and a phone view.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from provenance import scan
from provenance.render.html import render_html

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not (chromium and driver_path):
        print("screenshots need chromium and chromedriver (scripts/system-deps installs them)", file=sys.stderr)
        return 2
    report = scan(ROOT / "corpus")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(render_html(report), encoding="utf-8")
        for name, size in (("report-laptop.png", (1280, 900)), ("report-phone.png", (390, 844))):
            opts = webdriver.ChromeOptions()
            opts.binary_location = chromium
            for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--window-size={size[0]},{size[1]}"):
                opts.add_argument(arg)
            driver = webdriver.Chrome(service=Service(driver_path), options=opts)
            try:
                driver.get(page.as_uri())
                k = next(i for i, e in enumerate(report.edges) if e.source.startswith("002_") and e.target.startswith("001_"))
                edge = driver.find_element(By.CSS_SELECTOR, f'g.edge[data-show="edge-{k}"]')
                driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", edge)
                driver.execute_script("document.getElementById('graph').scrollIntoView()")
                out = ROOT / "docs" / name
                out.parent.mkdir(exist_ok=True)
                driver.save_screenshot(str(out))
                print(f"wrote {out.relative_to(ROOT)}")
            finally:
                driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
