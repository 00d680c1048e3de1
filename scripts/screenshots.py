"""Screenshots of public pages at phone (390 px) and desktop (1280 px) width.

Usage: python scripts/screenshots.py [BASE_URL] [PATH ...]
BASE_URL defaults to the demo server of `make serve`; the paths default to every page the browser
sweep visits. Full-page PNGs go to /tmp/screenshots/.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.pages import PUBLIC_PAGES  # noqa: E402
from tests.conftest import CHROMIUM_ARGS  # noqa: E402

OUT = Path("/tmp/screenshots")
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}


def main():
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    paths = sys.argv[2:] or PUBLIC_PAGES
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for label, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                page.goto(base + path)
                # Scroll through the page so that lazily loaded images are in the picture.
                for _ in range(page.evaluate("document.documentElement.scrollHeight") // 600):
                    page.mouse.wheel(0, 600)
                    page.wait_for_timeout(30)
                page.wait_for_load_state("networkidle")
                name = path.strip("/").replace("/", "_") or "home"
                target = OUT / f"{name}-{label}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
        browser.close()


if __name__ == "__main__":
    main()
