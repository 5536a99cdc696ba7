#!/usr/bin/python3
"""Browser tests of the page (scripts/web.sh builds it into build-web/site):
the real page, served on 127.0.0.1, in Debian's headless Chromium with
software WebGL2, checked against the desktop app's own screenshots.

    test_page.py SITE_DIR DESKTOP_CONVBP WITH_XVFB CASE [OUT_DIR]

CASE is one of the functions named test_* below (CTest runs each as web.CASE).
"""
import functools
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Chromium  # noqa: E402

SITE, DESKTOP, WITH_XVFB, CASE = sys.argv[1:5]
OUT = sys.argv[5] if len(sys.argv) > 5 else tempfile.mkdtemp(prefix="convbp-web-")
os.makedirs(OUT, exist_ok=True)
W, H = 1400, 900  # viewport = desktop window (CSS px, device pixel ratio 1)


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def serve():
    handler = functools.partial(Quiet, directory=SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def open_page(browser, url, width=W, height=H, scale=1):
    page = browser.page(width, height, scale)
    page.goto(url)
    page.wait_for("typeof Module !== 'undefined' && Module.convbpFirstFrameMs > 0", 60)
    page.settle(0.8)
    return page


def shot(page, name):
    png = page.screenshot()
    path = os.path.join(OUT, name + ".png")
    with open(path, "wb") as f:
        f.write(png)
    return Image.open(io.BytesIO(png)).convert("RGB")


def desktop_shot(flags, name, width=W, height=H):
    path = os.path.join(OUT, name + ".png")
    subprocess.run(["bash", WITH_XVFB, DESKTOP, "--screenshot", path, "--size",
                    f"{width}x{height}", *flags], check=True, timeout=120)
    return Image.open(path).convert("RGB")


def flags_of(query):
    return [part for item in query.lstrip("?").split("&")
            for part in ("--" + item.split("=")[0], item.split("=")[1])]


def matching_probes(a, b, step=12, tolerance=24):
    """Fraction of probe points (a grid every `step` px) where the two
    pictures agree within `tolerance` per channel."""
    check(a.size == b.size, f"sizes differ: {a.size} vs {b.size}")
    pa, pb = a.load(), b.load()
    total = same = 0
    for y in range(step // 2, a.size[1], step):
        for x in range(step // 2, a.size[0], step):
            total += 1
            same += all(abs(u - v) <= tolerance for u, v in zip(pa[x, y], pb[x, y]))
    return same / total


def url_query(page):
    return page.evaluate("location.search")


def param(page, name):
    return page.evaluate(f"new URLSearchParams(location.search).get('{name}')")


# ---------------------------------------------------------------- the tests

def test_loads(browser, base):
    """The page loads, draws, and logs no console error."""
    page = open_page(browser, base)
    img = shot(page, "loads")
    check(not page.console_errors, f"console errors: {page.console_errors}")
    colours = len(set(img.resize((140, 90)).getdata()))
    check(colours > 20, f"the page looks empty ({colours} colours)")
    check(param(page, "scene") is not None, "the address bar is not a link to the state")


SCENES = [
    "?scene=forward&stage=slide&step=2&lang=en",
    "?scene=bias&lang=en",
    "?input=2x8x6&out-channels=3&kernel=3x2&stride=2x3&padding=1x0&values=int&seed=2"
    "&scene=weight&stage=slide&step=4&lang=en",
    "?input=2x8x6&out-channels=3&kernel=3x2&stride=2x3&padding=1x0&values=int&seed=2"
    "&scene=input&stage=slide&step=20&lang=en",
]


def test_scenes_match_desktop(browser, base):
    """Each scene opened by link renders as the desktop app renders that state."""
    for k, query in enumerate(SCENES):
        page = open_page(browser, base + query)
        web = shot(page, f"scene{k}_web")
        desk = desktop_shot(flags_of(query), f"scene{k}_desktop")
        score = matching_probes(web, desk)
        print(f"{query}: {score:.1%} of probe points match the desktop")
        check(score >= 0.97, f"{query}: only {score:.1%} of probe points match the desktop")
        check(not page.console_errors, f"console errors: {page.console_errors}")


def test_keys(browser, base):
    """→, Space and Shift+→ move through the steps (the URL follows)."""
    page = open_page(browser, base + "?scene=input&stage=slide&step=0&lang=en")
    page.click(W // 2, 150)  # focus the canvas (an empty part of it)
    page.key("ArrowRight")
    page.settle(0.3)
    check(param(page, "step") == "1", f"→ did not step: {url_query(page)}")
    page.key(" ")
    page.settle(2.0)
    page.key(" ")
    page.settle(0.3)
    played = int(param(page, "step"))
    check(played > 1, f"Space did not play: {url_query(page)}")
    page.settle(1.0)
    check(int(param(page, "step")) == played, f"Space did not pause: {url_query(page)}")
    page.key("ArrowRight", shift=True)
    page.settle(0.3)
    check(param(page, "stage") != "slide", f"Shift+→ did not change stage: {url_query(page)}")


def test_slider(browser, base):
    """Dragging the H = W slider changes the layer."""
    page = open_page(browser, base + "?input=1x5x5&lang=en")
    before = param(page, "input")
    page.drag(40, 143, 160, 143)
    page.settle(0.5)
    after = param(page, "input")
    shot(page, "slider")
    check(after != before, f"the slider drag left the layer at {after}")


def test_bad_link(browser, base):
    """A bad parameter is named in the app; the rest of the link still loads."""
    good = open_page(browser, base + "?kernel=2x2&lang=en")
    clean = shot(good, "bad_link_clean")
    page = open_page(browser, base + "?kernel=2x2&stride=fast&lang=en")
    named = [t for _, t in page.console_lines if "stride 'fast'" in t]
    check(named, f"no message names the parameter: {page.console_lines}")
    check(param(page, "kernel") == "2x2", f"the rest did not load: {url_query(page)}")
    img = shot(page, "bad_link")
    # The notice is drawn in the Layer panel: that panel differs from the clean load.
    panel = (0, 0, 280, H)
    diff = matching_probes(img.crop(panel), clean.crop(panel), step=4, tolerance=8)
    check(diff < 0.99, "the app shows no message for the bad parameter")


def test_chinese(browser, base):
    """lang=zh draws Chinese with the bundled fonts, as the desktop does."""
    for size in [(W, H), (900, 600)]:
        query = "?scene=weight&stage=slide&step=3&lang=zh"
        page = open_page(browser, base + query, *size)
        web = shot(page, f"zh_{size[0]}_web")
        desk = desktop_shot(flags_of(query), f"zh_{size[0]}_desktop", *size)
        # Text regions included: a tofu box or '?' where a glyph is missing
        # would differ from the desktop's glyphs at many fine probes.
        score = matching_probes(web, desk, step=3, tolerance=40)
        print(f"zh {size}: {score:.1%} of fine probes match the desktop")
        check(score >= 0.97, f"zh {size}: only {score:.1%} of fine probes match the desktop")


def test_export_gif(browser, base):
    """Export → Start downloads a GIF that decodes."""
    page = open_page(browser, base + "?scene=input&stage=dilate&lang=en")
    page.click(203, 33)  # the Export menu
    page.settle(0.5)
    shot(page, "export_menu")
    page.click(*EXPORT_START)
    page.wait_for("Module.convbpDownloads && Module.convbpDownloads.length > 0", 120)
    name, data = page.evaluate(
        "(() => { const d = Module.convbpDownloads[0];"
        " let s = ''; d.data.forEach(b => s += String.fromCharCode(b));"
        " return [d.name, btoa(s)]; })()")
    import base64
    raw = base64.b64decode(data)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(raw)
    gif = Image.open(io.BytesIO(raw))
    check(gif.format == "GIF", f"{name} is not a GIF")
    frames = 0
    try:
        while True:
            gif.seek(frames)
            gif.convert("RGB")
            frames += 1
    except EOFError:
        pass
    print(f"{name}: {len(raw)} bytes, {gif.size}, {frames} frames")
    check(frames > 1 and gif.size == (800, 600), f"{name}: {frames} frames of {gif.size}")


EXPORT_START = (209, 212)  # the Export menu's Export button at 1400×900


def test_size_and_speed(browser, base):
    """Download size, first frame, and frame time against the desktop app."""
    total = sum(os.path.getsize(os.path.join(SITE, f)) for f in os.listdir(SITE))
    print(f"page download: {total} bytes ({', '.join(sorted(os.listdir(SITE)))})")
    check(total < 3_000_000, f"the page is {total} bytes (limit 3 MB)")
    page = open_page(browser, base + "?lang=en", 1600, 1000)
    first = page.evaluate("Module.convbpFirstFrameMs")
    print(f"first frame: {first:.0f} ms after navigation")
    check(first < 2000, f"first frame after {first:.0f} ms (limit 2000)")
    layer = "?input=8x32x32&out-channels=8&kernel=3x3&stride=2x2&scene=input&stage=slide"
    bench = os.path.join(os.path.dirname(DESKTOP), "..", "tests", "app", "app_bench")

    def web_frame_ms():
        return page.evaluate(f"Module.ccall('convbp_web_time_frames', 'number',"
                             f" ['string', 'number'], ['{layer}', 120])")

    def desktop_frame_ms():
        result = subprocess.run(["bash", WITH_XVFB, bench, "--benchmark_filter=FrameMedium",
                                 "--benchmark_format=json"], check=True, capture_output=True,
                                text=True, timeout=300)
        return json.loads(result.stdout)["benchmarks"][0]["real_time"]

    # Both sides alternated three times, each side's fastest kept: a burst of
    # load from a neighbour (Chromium's GPU process and the desktop's llvmpipe
    # both use every core) slows one sample, not the best of three.
    web_runs, desktop_runs = [], []
    for _ in range(3):
        web_runs.append(web_frame_ms())
        desktop_runs.append(desktop_frame_ms())
    web_ms, desktop_ms = min(web_runs), min(desktop_runs)
    ratio = web_ms / desktop_ms
    print(f"frame 8x32x32→8 k3 s2 playing, 1600×1000: browser {web_ms:.2f} ms "
          f"(runs {', '.join(f'{v:.1f}' for v in web_runs)}), desktop {desktop_ms:.2f} ms "
          f"(runs {', '.join(f'{v:.1f}' for v in desktop_runs)}), ratio {ratio:.2f}")
    check(ratio < 2.0, f"the browser's frame takes {ratio:.2f}× the desktop's (limit 2×)")


def main():
    server, base = serve()
    try:
        with Chromium() as browser:
            start = time.monotonic()
            globals()["test_" + CASE](browser, base)
            print(f"web.{CASE}: passed in {time.monotonic() - start:.1f} s (pictures in {OUT})")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
