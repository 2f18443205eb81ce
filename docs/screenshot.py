"""Remake docs/form.png: the answer page made from QUESTIONS.md, with Q1 answered.

    python3 docs/screenshot.py        (needs Debian's chromium)
"""

import base64
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import cdp  # noqa: E402  (the tests' Chromium driver)

with tempfile.TemporaryDirectory() as folder:
    page_file = Path(folder) / "questions.html"
    subprocess.run([sys.executable, str(ROOT / "questions.py"), "form", "-o", str(page_file)], check=True)
    browser = cdp.Browser()
    try:
        page = browser.open(page_file.as_uri())
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": 900, "height": 1100, "deviceScaleFactor": 1, "mobile": False})
        page.click("#q1-a")
        page.type("#q1-a-text", "one of 40,000 articles a day")
        page.type("#q1-answer", "our feed delivers every article like this")
        page.eval("document.getElementById('q1').scrollIntoView(); window.scrollBy(0, -60)")
        shot = page.send("Page.captureScreenshot", {"format": "png"})
        (ROOT / "docs" / "form.png").write_bytes(base64.b64decode(shot["data"]))
    finally:
        browser.close()
