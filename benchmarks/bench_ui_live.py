"""Live update after a hand edit: 200 agents × 4 weeks, target < 100 ms per edit.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui_live.py [--agents 200] [--weeks 4]

Builds a centre like the sample with 200 agents, forecasts 4 weeks (seasonal naive: the model
does not matter for edit latency), makes a full roster (each agent 5 days a week), opens the
roster page offscreen, then times N shift moves end to end: the pure edit, the undo command,
the grid/timeline/coverage/violation updates and the re-evaluation + re-validation — everything
that runs before the next repaint. Also reports each part alone with, as peers in the same run,
the full evaluation and full rule check of the same roster (what the incremental paths replace)
and the model update done the naive way (a full model reset per edit instead of dataChanged on
the edited cells). Medians; the machine is shared, so read ratios, not absolutes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402


def build(agents: int, weeks: int, seed: int = 3):  # type: ignore[no-untyped-def]
    from planner.domain import Roster, Shift
    from planner.service import PlanSession
    base = PlanSession.open(PlanSession.sample_path())
    s = base.scenario
    rng = np.random.default_rng(seed)
    people = []
    for i in range(agents):
        model = s.agents[i % len(s.agents)]
        people.append(replace(model, id=f"B{i + 1:04d}", name=f"{model.name}{i // len(s.agents) + 1}", time_off=()))
    scenario = replace(s, agents=tuple(people))
    session = PlanSession(scenario, base.history)
    t0 = time.perf_counter()
    session.run_forecast(weeks=weeks, model="seasonal_naive")
    forecast_s = time.perf_counter() - t0
    shifts = []
    for a in people:
        contract = scenario.contract(a.contract)
        tpl = scenario.template(contract.templates[0])
        off = set(rng.choice(7, size=2, replace=False).tolist())
        for d in range(weeks * 7):
            if d % 7 in off:
                continue
            start = int(rng.choice(tpl.start_mins))
            lunch = start + (tpl.length_min - tpl.unpaid_break_min) // 2
            lunch -= lunch % scenario.interval_min
            breaks = ((lunch, lunch + tpl.unpaid_break_min),) if tpl.unpaid_break_min else ()
            shifts.append(Shift(a.id, session.start_date + dt.timedelta(days=d), tpl.name, start,
                                start + tpl.length_min, tpl.unpaid_break_min, breaks))
    session.set_roster(Roster(session.start_date, weeks * 7, tuple(shifts)))
    return session, forecast_s


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])
    from planner.editing import move_shift
    from planner.rostering.validate import validate
    from ui.document import PlanDocument
    from ui.models.roster_model import RosterTableModel
    from ui.views.roster_view import RosterView

    session, forecast_s = build(args.agents, args.weeks)
    doc = PlanDocument(session)
    doc.refresh()
    doc.validate_now()
    view = RosterView(doc)
    view.resize(1400, 900)
    view.show()
    app.processEvents()
    roster = doc.roster
    print(f"centre: {len(session.scenario.agents)} agents × {session.n_days} days, {len(roster.shifts)} shifts, "
          f"{len(session.scenario.queues)} queues, {session.n_intervals} intervals; "
          f"forecast {forecast_s:.1f} s")

    rng = np.random.default_rng(1)
    shifts = list(roster.shifts)
    picks = [shifts[int(i)] for i in rng.choice(len(shifts), size=args.edits, replace=False)]
    end_to_end, paint, validate_ms, evaluate_ms = [], [], [], []
    for k, s in enumerate(picks):
        delta = 15 if k % 2 == 0 else -15
        t0 = time.perf_counter()
        ok = doc.edit("move", lambda r, s=s, delta=delta: move_shift(r, doc.scenario, s.agent_id, s.day, delta))
        end_to_end.append((time.perf_counter() - t0) * 1000.0)
        evaluate_ms.append(doc.last_refresh_ms)
        t1 = time.perf_counter()
        app.processEvents()              # the queued rule check, then the repaint of grid, timeline, charts
        validate_ms.append(doc.last_validate_ms)
        paint.append((time.perf_counter() - t1) * 1000.0 - doc.last_validate_ms)
        assert ok, "edit refused"
    current = doc.roster
    s0 = picks[0]
    parts = {
        "pure edit (planner.editing.move_shift)": timed(lambda: move_shift(current, doc.scenario, s0.agent_id, s0.day, 15), 10),
        "re-evaluation in the edit loop (PlanSession.evaluate_live, ours)": evaluate_ms,
        "full evaluation of the same roster (PlanSession.evaluate, peer)": timed(lambda: session.evaluate(current), 10),
        "rule check in the edit loop (PlanSession.violations_live, ours)": validate_ms,
        "full rule check of the same roster (rostering.validate, peer)": timed(lambda: validate(current, doc.scenario), 10),
    }
    # peer: the same model update the naive way — a reset per edit instead of per-cell dataChanged
    model = RosterTableModel(doc)
    moved = move_shift(current, doc.scenario, s0.agent_id, s0.day, 15)
    ours = timed(lambda: model._on_document_roster_changed(current, moved), 10)

    def reset() -> None:
        model.beginResetModel()
        model._cells = model._index_cells(moved)
        model.endResetModel()

    naive = timed(reset, 10)
    med = statistics.median
    print(f"\nedit → undo command → models → re-evaluation (synchronous part): "
          f"median {med(end_to_end):.1f} ms, p90 {np.percentile(end_to_end, 90):.1f} ms, max {max(end_to_end):.1f} ms "
          f"over {len(end_to_end)} edits (target < 100 ms)")
    on_screen = [a + b for a, b in zip(end_to_end, paint)]
    print(f"repaint after edit (grid, timeline, charts): median {med(paint):.1f} ms")
    print(f"=> coverage and service level on screen after an edit: median {med(on_screen):.1f} ms, "
          f"max {max(on_screen):.1f} ms (target < 100 ms)")
    print(f"rule check queued right after (violations panel, highlighted cells): median {med(validate_ms):.1f} ms"
          f" => violations on screen after median {med(on_screen) + med(validate_ms):.1f} ms")
    for name, values in parts.items():
        print(f"  {name}: median {med(values):.1f} ms")
    print(f"  roster model update, per-cell dataChanged (ours): median {med(ours):.2f} ms")
    print(f"  roster model update, full reset (naive peer):    median {med(naive):.2f} ms "
          f"(×{med(naive) / max(med(ours), 1e-9):.1f})")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # skip interpreter teardown: PySide 6.12 with pyqtgraph items can crash while collecting
    # Qt wrappers at exit, after every figure above is printed
    os._exit(code)
