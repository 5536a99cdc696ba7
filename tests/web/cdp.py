"""Drives Debian's headless Chromium over its DevTools protocol (python3-websocket),
for the browser tests of the page. Nothing here downloads a browser.

    with Chromium() as browser:
        page = browser.page(width=1400, height=900)
        page.goto("http://127.0.0.1:8765/?scene=input")
        page.wait_for("Module.convbpFirstFrameMs > 0")
        png = page.screenshot()
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import websocket  # python3-websocket

CHROMIUM = os.environ.get("CONVBP_CHROMIUM", "/usr/bin/chromium")

# Software WebGL2 (SwiftShader through ANGLE), and no connection to anything
# but the page: the machine's network is closed, and Chromium's background
# services would otherwise fail loudly.
FLAGS = [
    "--headless=new", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-default-apps",
    "--disable-extensions", "--mute-audio", "--hide-scrollbars",
]


class PageError(Exception):
    pass


class Page:
    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []
        self.console_errors = []
        self.console_lines = []
        for domain in ("Runtime", "Log", "Page"):
            self.call(domain + ".enable")

    def _record(self, message):
        method = message.get("method")
        params = message.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            self.console_lines.append((params["type"], text))
            if params["type"] == "error":
                self.console_errors.append(text)
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.console_errors.append(
                details.get("exception", {}).get("description", details.get("text", "")))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.console_errors.append(params["entry"]["text"])
        self.events.append(message)

    def call(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise PageError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._record(message)

    def evaluate(self, expression, await_promise=False):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=await_promise)
        if "exceptionDetails" in result:
            raise PageError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(f"!!({expression})"):
                return
            time.sleep(0.05)
        raise PageError(f"timed out waiting for {expression}")

    def set_viewport(self, width, height, scale=1):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=scale, mobile=False)

    def goto(self, url):
        self.call("Page.navigate", url=url)

    def screenshot(self):
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])

    def settle(self, seconds=0.3):
        """Lets the page run (its frames come from requestAnimationFrame)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.evaluate("0")
            time.sleep(0.03)

    # ---- input, as a person would give it
    KEYS = {"ArrowRight": 39, "ArrowLeft": 37, " ": 32, "Home": 36, "End": 35}

    def key(self, key, shift=False):
        """A key press; with shift, Shift goes down first and up last, as
        from a keyboard (emscripten's GLFW reads modifiers from key state)."""
        code = self.KEYS[key]
        modifiers = 8 if shift else 0
        name = "Space" if key == " " else key
        if shift:
            self.call("Input.dispatchKeyEvent", type="rawKeyDown", key="Shift", code="ShiftLeft",
                      windowsVirtualKeyCode=16, nativeVirtualKeyCode=16, modifiers=8)
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=name,
                      windowsVirtualKeyCode=code, nativeVirtualKeyCode=code,
                      modifiers=modifiers)
            self.settle(0.05)
        if shift:
            self.call("Input.dispatchKeyEvent", type="keyUp", key="Shift", code="ShiftLeft",
                      windowsVirtualKeyCode=16, nativeVirtualKeyCode=16, modifiers=0)
            self.settle(0.05)

    def mouse(self, kind, x, y, button="left"):
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button=button,
                  clickCount=1 if kind != "mouseMoved" else 0,
                  buttons=1 if (kind == "mouseMoved" and self._down) else 0)

    _down = False

    def click(self, x, y):
        self.mouse("mouseMoved", x, y)
        self.settle(0.1)
        self._down = True
        self.mouse("mousePressed", x, y)
        self.settle(0.1)
        self._down = False
        self.mouse("mouseReleased", x, y)
        self.settle(0.1)

    def drag(self, x0, y0, x1, y1, steps=10):
        self.mouse("mouseMoved", x0, y0)
        self.settle(0.1)
        self._down = True
        self.mouse("mousePressed", x0, y0)
        self.settle(0.1)
        for k in range(1, steps + 1):
            self.mouse("mouseMoved", x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
            self.settle(0.05)
        self._down = False
        self.mouse("mouseReleased", x1, y1)
        self.settle(0.2)

    def close(self):
        self.ws.close()


class Chromium:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="convbp-chromium-")
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file) or os.path.getsize(port_file) == 0:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise PageError("Chromium did not start")
            time.sleep(0.05)
        self.port = int(open(port_file).read().split()[0])
        return self

    def page(self, width=1400, height=900, scale=1):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list") as answer:
            targets = json.load(answer)
        target = next(t for t in targets if t["type"] == "page")
        page = Page(target["webSocketDebuggerUrl"])
        page.set_viewport(width, height, scale)
        return page

    def __exit__(self, *exc):
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
