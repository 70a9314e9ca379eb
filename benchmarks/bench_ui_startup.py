"""Time from launch to a usable window on the bundled sample (target < 3 s), and the forecast after.

    .venv/bin/python benchmarks/bench_ui_startup.py [--runs 3]

Each run is a fresh interpreter (imports included, as a user sees it): it starts the app the way
``main.py`` does (offscreen), notes when the main window is shown and when the background forecast
has finished, then quits. Reports medians; the machine is shared, so expect noise.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
app.setOrganizationName("wfm-planner-bench")
from ui.app import App
from ui.i18n import install_language
install_language("en")
controller = App("en", weeks=1)
marks = {}
controller.open(None)
app.processEvents()
marks["window_shown_s"] = time.perf_counter() - t0 if controller.window.isVisible() else None
def done():
    marks["forecast_done_s"] = time.perf_counter() - t0
    app.quit()
controller.document.forecast_changed.connect(done)
controller.document.task_failed.connect(lambda n, e: (marks.update(error=str(e)), app.quit()))
QTimer.singleShot(120_000, app.quit)
app.exec()
controller.window.close_for_replacement()
print("RESULT " + json.dumps(marks))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=path)
    shown, forecast = [], []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=300)
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            print(out.stdout[-2000:], out.stderr[-2000:], file=sys.stderr)
            return 1
        marks = json.loads(line[7:])
        if "error" in marks:
            print(f"forecast failed: {marks['error']}", file=sys.stderr)
            return 1
        shown.append(marks["window_shown_s"])
        forecast.append(marks["forecast_done_s"])
        print(f"run: window shown {marks['window_shown_s']:.2f} s, forecast ready {marks['forecast_done_s']:.2f} s")
    print(f"\nwindow shown after launch: median {statistics.median(shown):.2f} s (target < 3 s); "
          f"forecast (auto model, 1 week, in the worker) ready after median {statistics.median(forecast):.2f} s; "
          f"{args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
