"""A small driver for headless Chromium over --remote-debugging-pipe, standard library only.

Chromium reads DevTools protocol commands from fd 3 and writes replies and events to fd 4,
each a JSON object ended by a NUL byte. Every wait has a timeout, so a test never hangs.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tempfile
import time

CHROMIUM = shutil.which("chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--remote-debugging-pipe"]
TIMEOUT = 20.0


class BrowserError(Exception):
    pass


class Browser:
    """One Chromium process with a fresh profile; `open` gives a Page (a tab)."""

    def __init__(self, timeout: float = TIMEOUT) -> None:
        if CHROMIUM is None:
            raise BrowserError("chromium is not on PATH")
        self.timeout = timeout
        self.profile = tempfile.TemporaryDirectory(prefix="qtool-chromium-")
        to_browser_read, self._write = os.pipe()
        self._read, from_browser_write = os.pipe()
        # Keep our ends away from 3 and 4, where the child's ends must land.
        child_read = _high(to_browser_read)
        child_write = _high(from_browser_write)
        self._write, self._read = _high(self._write), _high(self._read)

        def arrange_fds() -> None:
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=arrange_fds)  # our fds are not inheritable; 3 and 4 are
        os.close(child_read)
        os.close(child_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.replies: dict[int, dict] = {}
        self.send("Browser.getVersion")

    def post(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        """Send a command without waiting for its reply (for one that a dialog holds up)."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode("utf-8") + b"\0")
        return self._next_id

    def result(self, ident: int, what: str = "a reply") -> dict:
        reply = self.replies.pop(ident, None) or self._wait(lambda m: m.get("id") == ident, what)
        if "error" in reply:
            raise BrowserError(f"{what}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        return self.result(self.post(method, params, session), method)

    def wait_event(self, method: str, session: str | None = None, timeout: float | None = None) -> dict:
        def wanted(message: dict) -> bool:
            return message.get("method") == method and (session is None or message.get("sessionId") == session)

        for index, event in enumerate(self.events):
            if wanted(event):
                return self.events.pop(index)
        return self._wait(wanted, method, timeout, keep=False)

    def _wait(self, wanted, what: str, timeout: float | None = None, keep: bool = True) -> dict:
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw.decode("utf-8"))
                if wanted(message):
                    return message
                if "method" in message:
                    self.events.append(message)
                elif "id" in message:
                    self.replies[message["id"]] = message
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"timed out waiting for {what}")
            ready, _, _ = select.select([self._read], [], [], left)
            if ready:
                chunk = os.read(self._read, 1 << 16)
                if not chunk:
                    raise BrowserError(f"chromium closed the pipe while waiting for {what}")
                self._buffer += chunk

    def open(self, url: str) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        page.send("Page.enable")
        page.send("Runtime.enable")
        page.navigate(url)
        return page

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._read, self._write):
            try:
                os.close(fd)
            except OSError:
                pass
        self.profile.cleanup()


class Page:
    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser, self.target, self.session = browser, target, session
        self.errors: list[str] = []

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.browser.send(method, params, self.session)

    def navigate(self, url: str) -> None:
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        self.browser.wait_event("Page.loadEventFired", self.session)

    def eval(self, expression: str):
        """The value of a JavaScript expression (awaited if it is a promise)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True, "userGesture": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(details.get("exception", {}).get("description") or details.get("text"))
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element."""
        box = self.eval(f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            el.scrollIntoView({{block: "center"}});
            const r = el.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
        }})()""")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                   "button": "left", "clickCount": 1})

    def type(self, selector: str, text: str) -> None:
        """Focus the element and type text into it, as a keyboard would insert it."""
        self.eval(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", {"text": text})

    def press(self, key: str, code: str, text: str = "") -> None:
        params = {"key": key, "code": code, "windowsVirtualKeyCode": {"Tab": 9, " ": 32, "Enter": 13}.get(key, 0)}
        self.send("Input.dispatchKeyEvent", {"type": "keyDown", "text": text, **params})
        self.send("Input.dispatchKeyEvent", {"type": "keyUp", **params})

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})


def _high(fd: int) -> int:
    """The same pipe end on a descriptor number of 10 or more (closing the old number)."""
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved
