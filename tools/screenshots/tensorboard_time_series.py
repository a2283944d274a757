"""Draw docs/{es,en}/assets/tensorboard-time-series.png: TensorBoard's own interface
showing the logs that docs/es/tensorboard.md writes.

Run it from the root of the course, after changing the page's training code or
upgrading TensorBoard:

    .venv/bin/python tools/screenshots/tensorboard_time_series.py

It needs the course's environment (TensorFlow, Keras, TensorBoard, Playwright
for Python) and Debian's Chromium (`apt-get install chromium`); Playwright's
own browser download (`playwright install`) is not used. Nothing is downloaded.

1. It runs the Python fences of docs/es/tensorboard.md in order, in one
   namespace prepared as the page's tests prepare it (tooling/snippets.py),
   up to and including the fence that trains with keras.callbacks.TensorBoard.
   The logs are therefore the page's own: same data, seeds, model and epochs.
2. It starts `tensorboard --logdir logs --host 127.0.0.1 --port 0` next to
   those logs: only this machine can reach it (`--bind_all` is a switch that
   takes no value and would listen on every interface, so it is left out), and
   port 0 lets the system pick a free port, read back from TensorBoard's
   start-up line.
3. It opens TensorBoard in headless Chromium. A request to any other host is
   refused and makes the script fail (TensorBoard 2.21 makes none: its fonts
   and scripts are served from the package).
4. In the Time Series tab it keeps the epoch_loss and epoch_accuracy cards,
   turns off the data table (its column of wall-clock times would change on
   every run) and closes the settings pane; then it saves the same picture in
   both languages' assets. TensorBoard's interface is English in both.

The file is not called tensorboard.py: run as a script, its folder comes first
on sys.path and `import tensorboard` (inside tf.summary) would import it.

The picture is deterministic on a given machine (two runs gave byte-identical
PNGs): the page's seeds, a fixed viewport, light color scheme, no animations,
and nothing in view that depends on the time of the run or on the temporary
folder's name.
"""

from __future__ import annotations

import doctest
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tooling.markdown_source import read_markdown  # noqa: E402  (needs ROOT on sys.path)
from tooling.quiet_tensorflow import quiet_tensorflow  # noqa: E402

PAGE = ROOT / "docs" / "es" / "tensorboard.md"
OUTPUTS = [ROOT / "docs" / language / "assets" / "tensorboard-time-series.png" for language in ("es", "en")]
LAST_FENCE = "keras.callbacks.TensorBoard("  # the fence that writes the logs
TAG_FILTER = "epoch_(loss|accuracy)"
CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
VIEWPORT = {"width": 1200, "height": 720}
CLIP = {"x": 0, "y": 0, "width": 1200, "height": 510}  # the toolbar, the runs and the two cards
STARTED = re.compile(r"TensorBoard \S+ at (http://127\.0\.0\.1:\d+/)")


def write_page_logs(work_dir: Path) -> Path:
    """Run the page's fences up to the training with the TensorBoard callback; return its log_dir."""
    quiet_tensorflow()
    import keras

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)  # as tooling/snippets.py does before every page
    namespace: dict = {"__name__": "tensorboard_page"}
    tempfile.tempdir = str(work_dir)  # the page's tempfile.mkdtemp() lands in work_dir
    try:
        for fence in read_markdown(PAGE).fences:
            if fence.language != "python":
                continue
            if fence.body.lstrip().startswith(">>>"):
                for example in doctest.DocTestParser().get_examples(fence.body):
                    exec(compile(example.source, f"{PAGE}:{fence.line}", "exec"), namespace)
            else:
                exec(compile(fence.body, f"{PAGE}:{fence.line}", "exec"), namespace)
            if LAST_FENCE in fence.body:
                break
        else:
            raise SystemExit(f"{PAGE}: no fence calls {LAST_FENCE}")
    finally:
        tempfile.tempdir = None
    log_dir = Path(namespace["log_dir"])
    if log_dir.name != "logs" or not (log_dir / "train").is_dir():
        raise SystemExit(f"{PAGE}: expected the logs in a folder named 'logs' with a train/ run, got {log_dir}")
    return log_dir


def start_tensorboard(log_dir: Path) -> tuple[subprocess.Popen, str]:
    """TensorBoard on 127.0.0.1 and a port the system picks; returns the process and its address."""
    command = [
        str(Path(sys.executable).with_name("tensorboard")),
        "--logdir",
        "logs",  # relative, as on the page; the Scalars tab shows this name
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--load_fast",
        "false",  # the Python loader: no extra data-server process
        "--reload_interval",
        "0",  # the logs are complete: load them once
    ]
    process = subprocess.Popen(command, cwd=log_dir.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    for line in process.stdout:
        output.append(line)
        started = STARTED.search(line)
        if started:
            # Keep reading what it prints, so that a full pipe never blocks it.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process, started.group(1)
    raise SystemExit("TensorBoard did not start:\n" + "".join(output))


def screenshot(address: str, destination: Path) -> None:
    from playwright.sync_api import sync_playwright

    foreign = []

    def only_this_server(route):
        if urlsplit(route.request.url).netloc == urlsplit(address).netloc:
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport=VIEWPORT,
            device_scale_factor=1,
            color_scheme="light",
            reduced_motion="reduce",
            locale="en-US",
            timezone_id="UTC",
        )
        context.route("**/*", only_this_server)
        page = context.new_page()
        page.goto(address + "#timeseries")
        page.get_by_text("Enable step selection and data table").click()  # its table shows wall-clock times
        page.get_by_role("combobox", name="Filter tags (regex)").fill(TAG_FILTER)
        page.keyboard.press("Escape")  # close the filter's suggestions
        page.get_by_role("button", name="Close side pane").click()
        page.get_by_text("Tags matching filter").wait_for()
        page.locator("line-chart").nth(1).wait_for()  # both cards drawn
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)  # let the charts' canvas settle
        page.screenshot(path=destination, clip=CLIP)
        browser.close()
    if foreign:
        raise SystemExit("TensorBoard asked other hosts for:\n" + "\n".join(sorted(set(foreign))))


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        log_dir = write_page_logs(Path(work))
        process, address = start_tensorboard(log_dir)
        try:
            picture = Path(work) / "tensorboard-time-series.png"
            screenshot(address, picture)
        finally:
            process.terminate()
            process.wait(timeout=30)
        for output in OUTPUTS:
            shutil.copyfile(picture, output)
            print(f"wrote {output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
