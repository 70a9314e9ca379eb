"""The facade the desktop app and the CLI call: one planning session over one scenario.

It strings the engines together — history → forecast → requirements → roster → evaluation →
export — and holds the current state. It never touches Qt; long calls (forecast, solve) are
safe to run on a worker thread because they only read the session and return new objects.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from planner.domain import MINUTES_PER_DAY, Queue, Roster, Scenario
from planner.errors import InputError, PlannerError
from planner.evaluation import Evaluation, evaluate_roster, horizon_index, overall_service
from planner.scenario import load_scenario
from planner.staffing.marginal import marginal_value_table
from planner.staffing.requirements import open_mask_of
from planner.staffing.requirements import requirements as compute_requirements
from planner.staffing.shrinkage import shrinkage_grid

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "resources" / "sample"


class PlanSession:
    """State of one planning session: scenario, history, forecast, requirements, roster."""

    def __init__(self, scenario: Scenario, history: pd.DataFrame) -> None:
        self.scenario = scenario
        self.history = history
        self.start_date: dt.date = scenario.start_date or self._monday_after(history)
        self.n_days = 7
        self.forecast: Any = None          # forecasting.engine.ForecastResult
        self.requirements: pd.DataFrame | None = None
        self.roster: Roster | None = None
        self.result: Any = None            # planner.rostering.solve.RosterResult

    # ----------------------------------------------------------------- loading
    @staticmethod
    def sample_path() -> Path:
        return SAMPLE_DIR / "sample.toml"

    @classmethod
    def open(cls, path: str | Path) -> "PlanSession":
        """Open a scenario TOML (with its history CSV) or a plan file."""
        p = Path(path)
        if p.suffix.lower() == ".wfm":
            from planner.project import Project
            project = Project.open(p, read_only=True)
            return cls(project.scenario, project.history)
        scenario = load_scenario(p)
        if not scenario.history_path:
            raise InputError("the scenario names no history file", file=str(p), column="scenario.history",
                             fix="add history = \"history.csv\" to [scenario]")
        from forecasting.io import read_history
        history = read_history(scenario.history_path)
        known = {q.name for q in scenario.queues}
        missing = sorted(known - set(history["queue"].unique()))
        if missing:
            raise InputError(f"no history for queue(s) {', '.join(missing)}", file=scenario.history_path,
                             column="queue", fix="add rows for these queues or remove them from the scenario")
        history = history[history["queue"].isin(known)].reset_index(drop=True)
        return cls(scenario, history)

    @staticmethod
    def _monday_after(history: pd.DataFrame) -> dt.date:
        last = pd.Timestamp(history["start"].max()).date()
        return last + dt.timedelta(days=7 - last.weekday())

    # ---------------------------------------------------------------- pipeline
    @property
    def n_intervals(self) -> int:
        return self.n_days * MINUTES_PER_DAY // self.scenario.interval_min

    def run_forecast(self, weeks: int = 1, model: str = "auto", **options: Any) -> Any:
        """Forecast ``weeks`` from ``start_date`` and derive the requirements."""
        from forecasting.engine import forecast
        if not 1 <= weeks <= 8:
            raise InputError(f"horizon of {weeks} weeks is outside 1–8", column="weeks", fix="use 1 to 8 weeks")
        self.n_days = 7 * weeks
        result = forecast(self.history, start=pd.Timestamp(self.start_date), horizon_days=self.n_days,
                          interval_min=self.scenario.interval_min, model=model,
                          country=self.scenario.country, **options)
        self.forecast = result
        self.requirements = compute_requirements(result.frame, self.scenario.queues, self.scenario.interval_min,
                                                 self.scenario.shrinkage)
        return result

    def _require_forecast(self) -> None:
        if self.forecast is None or self.requirements is None:
            raise PlannerError("no forecast yet: run the forecast before solving or evaluating")

    def _grid(self, frame: pd.DataFrame, column: str) -> np.ndarray:
        index = horizon_index(self.start_date, self.n_days, self.scenario.interval_min)
        table = frame.pivot_table(index="start", columns="queue", values=column, aggfunc="sum")
        table = table.reindex(index=index, columns=[q.name for q in self.scenario.queues]).fillna(0.0)
        return table.to_numpy(dtype=float).T

    def build_problem(self, previous: Roster | None = None) -> Any:
        """The roster instance: requirements, volumes and marginal values on the horizon grid."""
        from planner.rostering.instance import RosterProblem
        self._require_forecast()
        required = np.rint(self._grid(self.requirements, "agents_required")).astype(np.int64)
        volume = self._grid(self.forecast.frame, "volume")
        aht = self._grid(self.forecast.frame, "aht_s")
        k_max = int(max(1, required.max(initial=0) + 3))
        index = horizon_index(self.start_date, self.n_days, self.scenario.interval_min)
        shrinkage = shrinkage_grid(self.scenario.queues, self.scenario.shrinkage, index)
        marginal = np.stack([
            marginal_value_table(q, volume[k], np.where(aht[k] > 0, aht[k], q.aht_s),
                                 self.scenario.interval_min, k_max, open_mask=open_mask_of(q, index),
                                 shrinkage=shrinkage[k])
            for k, q in enumerate(self.scenario.queues)])
        default_aht = np.array([[q.aht_s] for q in self.scenario.queues], dtype=float)
        return RosterProblem(scenario=self.scenario, start_date=self.start_date, n_days=self.n_days,
                             required=required, volume=volume, marginal=marginal, previous=previous,
                             options=self.scenario.roster_options,
                             aht_s=np.where(aht > 0, aht, default_aht), shrinkage=shrinkage)

    def solve(self, time_limit_s: float = 30.0, progress: Callable[[Any], None] | None = None,
              stop: threading.Event | None = None, previous: Roster | None = None) -> Any:
        """Build and solve the roster; returns the RosterResult without changing the session."""
        from planner.rostering.solve import solve_roster
        problem = self.build_problem(previous)
        return solve_roster(problem, time_limit_s=time_limit_s, progress=progress, stop=stop)

    def apply_result(self, result: Any) -> None:
        self.result = result
        self.roster = result.roster

    def set_roster(self, roster: Roster | None) -> None:
        self.roster = roster

    # -------------------------------------------------------------- evaluation
    def evaluate(self, roster: Roster | None = None) -> Evaluation:
        self._require_forecast()
        roster = roster or self.roster or Roster(self.start_date, self.n_days, ())
        return evaluate_roster(self.scenario, roster, self.forecast.frame, self.requirements)

    def evaluate_live(self, roster: Roster | None = None) -> Evaluation:
        """Same result as :meth:`evaluate`, recomputing only what changed since the last call.

        For the desktop app, which re-scores after every hand edit; a new forecast, scenario or
        horizon starts a fresh evaluator.
        """
        from planner.live_evaluation import LiveEvaluator
        self._require_forecast()
        roster = roster or self.roster or Roster(self.start_date, self.n_days, ())
        key = (id(self.scenario), id(self.forecast), id(self.requirements), roster.start_date, roster.n_days)
        live = getattr(self, "_live_evaluator", None)
        if live is None or live[0] != key:
            live = (key, LiveEvaluator(self.scenario, self.forecast.frame, self.requirements,
                                       roster.start_date, roster.n_days))
            self._live_evaluator = live
        return live[1].evaluate(roster)

    def violations_live(self, roster: Roster | None = None) -> list[Any]:
        """Rule violations of a hand-edited roster, re-checking only the edited agents and days.

        Checks against the scenario alone (no solver tables), like a full validation of it.
        """
        from planner.live_validation import LiveValidator
        roster = roster or self.roster
        if roster is None:
            return []
        live = getattr(self, "_live_validator", None)
        if live is None or live.scenario is not self.scenario:
            live = self._live_validator = LiveValidator(self.scenario)
        return live.validate(roster)

    def violations(self, roster: Roster | None = None) -> list[Any]:
        from planner.rostering.validate import validate
        roster = roster or self.roster
        if roster is None:
            return []
        return validate(roster, self.build_problem() if self.forecast is not None else self.scenario)

    def summary(self, evaluation: Evaluation | None = None, roster: Roster | None = None) -> dict[str, Any]:
        """The content of summary.json: service per queue per day, gaps, solver figures."""
        roster = roster or self.roster
        evaluation = evaluation or self.evaluate(roster)
        daily = evaluation.daily
        under = evaluation.interval[evaluation.interval["understaffed"]]
        result = self.result
        out: dict[str, Any] = {
            "scenario": self.scenario.name,
            "start_date": self.start_date.isoformat(),
            "days": self.n_days,
            "interval_min": self.scenario.interval_min,
            "agents": len(self.scenario.agents),
            "shifts": len(roster.shifts) if roster else 0,
            "paid_hours": round(sum(s.paid_min for s in roster.shifts) / 60, 2) if roster else 0.0,
            "service_level": {q: round(v, 4) for q, v in overall_service(evaluation.interval).items()},
            "service_level_by_day": {
                q: {str(r.date): round(float(r.service_level), 4) for r in g.itertuples()}
                for q, g in daily.groupby("queue", sort=False)},
            "understaffed_intervals": int(len(under)),
            "understaffed": [
                {"start": r.start.isoformat(), "queue": r.queue, "required": int(r.required),
                 "scheduled": round(float(r.scheduled), 2)} for r in under.head(500).itertuples()],
            "forecast_models": dict(getattr(self.forecast, "model_by_queue", {}) or {}),
        }
        if result is not None:
            out["solver"] = {"status": result.status, "objective": float(result.objective),
                             "bound": float(result.bound), "gap": float(result.gap),
                             "time_s": round(float(result.wall_s), 2)}
        return out

    # ----------------------------------------------------------------- export
    def _filtered(self, roster: Roster | None, days: Sequence[dt.date] | None,
                  agent_ids: Sequence[str] | None) -> Roster:
        roster = roster or self.roster
        if roster is None:
            raise PlannerError("no roster to export: solve or load a roster first")
        return roster

    def export_xlsx(self, path: str | Path, roster: Roster | None = None, *,
                    days: Sequence[dt.date] | None = None, agent_ids: Sequence[str] | None = None) -> None:
        from planner.export import write_roster_xlsx
        roster = self._filtered(roster, days, agent_ids)
        evaluation = self.evaluate(roster)
        write_roster_xlsx(path, self.scenario, roster, evaluation, summary=self.summary(evaluation, roster),
                          days=days, agent_ids=agent_ids)

    def export_csv(self, path: str | Path, roster: Roster | None = None, *,
                   days: Sequence[dt.date] | None = None, agent_ids: Sequence[str] | None = None,
                   bom: bool = False) -> None:
        from planner.export import write_roster_csv
        roster = self._filtered(roster, days, agent_ids)
        write_roster_csv(path, self.scenario, roster, bom=bom, days=days, agent_ids=agent_ids)

    def export_coverage_csv(self, path: str | Path, evaluation: Evaluation | None = None) -> None:
        from planner.export import write_coverage_csv
        write_coverage_csv(path, evaluation or self.evaluate())


def run_plan(session: PlanSession, out_dir: Path, weeks: int, time_limit_s: float,
             model: str = "auto", log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """The whole pipeline for the CLI: forecast → requirements → roster → evaluation → files."""
    say = log or (lambda _msg: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    session.run_forecast(weeks=weeks, model=model)
    say(f"forecast: {weeks} week(s) from {session.start_date} in {time.perf_counter() - t0:.1f} s "
        f"({', '.join(f'{q}={m}' for q, m in session.forecast.model_by_queue.items())})")
    t1 = time.perf_counter()
    result = session.solve(time_limit_s=time_limit_s)
    say(f"roster: {result.status} in {result.wall_s:.1f} s, objective {result.objective:.0f}, "
        f"bound {result.bound:.0f}, gap {result.gap:.2%}")
    if result.status in ("INFEASIBLE", "MODEL_INVALID") or not result.roster.shifts and result.status != "OPTIMAL":
        from planner.errors import InfeasibleError
        raise InfeasibleError(list(getattr(result, "conflicts", []) or []),
                              hint=f"solver status {result.status}; relax the rules named above")
    session.apply_result(result)
    evaluation = session.evaluate()
    violations = session.violations()
    summary = session.summary(evaluation)
    summary["violations"] = [str(v) for v in violations]
    summary["timings_s"] = {"forecast": round(t1 - t0, 2), "solve": round(float(result.wall_s), 2),
                            "total": round(time.perf_counter() - t0, 2)}
    files = {"roster_xlsx": out_dir / "roster.xlsx", "roster_csv": out_dir / "roster.csv",
             "coverage_csv": out_dir / "coverage.csv", "summary_json": out_dir / "summary.json"}
    session.export_xlsx(files["roster_xlsx"])
    session.export_csv(files["roster_csv"])
    session.export_coverage_csv(files["coverage_csv"], evaluation)
    summary["files"] = {k: str(v) for k, v in files.items()}
    import json
    files["summary_json"].write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str),
                                     encoding="utf-8")
    return summary
