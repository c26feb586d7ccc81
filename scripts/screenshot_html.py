"""Write the HTML report of seed 001 and a screenshot of it into reports/.

    .venv/bin/python scripts/screenshot_html.py

Audits seeds/001 against the reference with the bundled model, writes
reports/001_repost_mt_afghanistan_news.html, opens it in headless Chromium
(Debian's chromium + chromium-driver, via Selenium, nothing downloaded) and
saves the top of the page as reports/001_html_screenshot.png.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import chromium  # noqa: E402

from audit.embed import load_embedder  # noqa: E402
from audit.report.html_report import write_html_reports  # noqa: E402
from audit.ingest.read import read_document  # noqa: E402
from audit.pipeline import audit  # noqa: E402

REFERENCE = Path("seeds/000_reference_aljazeera.txt")
REPOST = Path("seeds/001_repost_mt_afghanistan_news.txt")
OUT = ROOT / "reports"
SCREENSHOT = OUT / "001_html_screenshot.png"


def main() -> int:
    if not chromium.available():
        print(f"error: {chromium.CHROMIUM} or {chromium.CHROMEDRIVER} missing; "
              "apt-get install chromium chromium-driver", file=sys.stderr)
        return 2
    # relative paths, as in reports/*.csv, so the page does not show this machine's directories
    os.chdir(ROOT)
    result = audit(read_document(REFERENCE), [read_document(REPOST)], embedder=load_embedder("all-MiniLM-L6-v2"))
    (page,) = write_html_reports(result, OUT)
    with tempfile.TemporaryDirectory() as profile:
        driver = chromium.start(Path(profile), width=1400, height=2000)
        try:
            driver.get(page.resolve().as_uri())
            driver.save_screenshot(str(SCREENSHOT))
        finally:
            driver.quit()
    print(f"wrote {page.relative_to(ROOT)} and {SCREENSHOT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
