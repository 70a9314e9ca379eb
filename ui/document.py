"""The open plan as the desktop app sees it: a PlanSession plus undo stack, signals and workers.

Views never change the session directly. They call a document method; edits become undoable
commands; long work (forecast, solve) runs in a :class:`~ui.workers.Worker`; results come back
as signals. After every roster change the document re-scores the roster (service level per
interval) and re-validates it, so coverage, service level and violations update live.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from planner.domain import Roster, Scenario
from planner.errors import PlannerError
from planner.service import PlanSession
from ui.commands import ForecastOptionsCommand, HistoryCommand, RosterCommand, ScenarioCommand
from ui.workers import Worker


class PlanDocument(QObject):
    """One open plan. Signals are past-tense events; payloads are immutable domain objects."""

    forecast_changed = Signal()
    roster_changed = Signal(object, object)      # old roster, new roster (either may be None)
    scenario_changed = Signal()
    evaluation_changed = Signal(object)          # planner.evaluation.Evaluation | None
    violations_changed = Signal(list)            # list[Violation]
    path_changed = Signal(object)                # Path | None
    busy_changed = Signal(str)                   # "" when idle, else "forecast" / "solve"
    solve_progress = Signal(object)              # SolveProgress
    solve_finished = Signal(object)              # RosterResult (already applied when usable)
    task_failed = Signal(str, object)            # task name, exception
    edit_refused = Signal(str)                   # why a hand edit was refused
    history_changed = Signal()
    forecast_options_changed = Signal()

    def __init__(self, session: PlanSession, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.path = path
        self.evaluation: Any = None
        self.violations: list[Any] = []
        self.last_refresh_ms = 0.0
        self.last_validate_ms = 0.0
        self._validation_queued = False
        self.forecast_options: dict[str, Any] = {}
        self.weeks = 1
        self._held: Any = None                 # the open plan file, holding its lock while we edit it
        self.plan_warning: str | None = None   # why the plan opened read-only (another window has it)
        self.forecast_model = "auto"   # tests and quick what-ifs pin a faster model
        self.solve_trace: list[Any] = []   # progress records of the last solve (for a rebuilt window)
        self._worker: Worker | None = None
        self._on_done: Callable[[Any], None] = lambda _result: None
        self._on_progress: Callable[[Any], None] | None = None
        self._busy = ""
        self._forecast_pending = False

    # ------------------------------------------------------------------ state
    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    @property
    def roster(self) -> Roster | None:
        return self.session.roster

    @property
    def busy(self) -> str:
        return self._busy

    def has_forecast(self) -> bool:
        return self.session.forecast is not None

    def is_dirty(self) -> bool:
        return not self.undo_stack.isClean()

    # --------------------------------------------------------------- workers
    def _start(self, name: str, fn: Callable[[Callable[[Any], None], threading.Event], Any],
               on_done: Callable[[Any], None], on_progress: Callable[[Any], None] | None = None) -> Worker:
        if self._worker is not None:
            raise PlannerError(f"busy with the {self._busy}: wait for it to finish or stop it")
        worker = Worker(fn, name)
        # bound methods of this GUI-thread object → queued connections: results arrive on the GUI thread
        worker.finished.connect(self._on_worker_finished)
        worker.failed.connect(self._on_worker_failed)
        worker.progress.connect(self._on_worker_progress)
        self._worker, self._on_done, self._on_progress = worker, on_done, on_progress
        self._set_busy(name)
        worker.start()
        return worker

    def _set_busy(self, name: str) -> None:
        self._busy = name
        self.busy_changed.emit(name)

    def _finish_worker(self) -> Worker | None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()
        self._set_busy("")
        return worker

    def _on_worker_progress(self, progress: Any) -> None:
        if self._on_progress is not None:
            self._on_progress(progress)

    def _on_worker_finished(self, result: Any) -> None:
        on_done = self._on_done
        self._finish_worker()
        on_done(result)
        self._run_pending()

    def _run_pending(self) -> None:
        if self._forecast_pending and self._worker is None:
            self._forecast_pending = False
            self.start_forecast()

    def _on_worker_failed(self, exc: Exception) -> None:
        worker = self._finish_worker()
        self.task_failed.emit(worker.name if worker else "task", exc)
        self._run_pending()

    def stop(self) -> None:
        """Stop the running task; a stopped solve still returns its best roster so far."""
        if self._worker is not None:
            self._worker.stop()

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Block until the running task ends (closing the window, tests)."""
        if self._worker is not None:
            self._worker.wait(timeout_ms)

    # --------------------------------------------------------------- forecast
    def start_forecast(self, weeks: int | None = None, model: str | None = None) -> Worker:
        """Forecast and derive requirements (and the roster problem) in a worker."""
        weeks = weeks or self.weeks
        model = model or self.forecast_model
        session, options = self.session, dict(self.forecast_options)
        if options.get("adjustments"):
            # deflection by channel needs to know each queue's channel
            options.setdefault("channels", {q.name: q.channel for q in session.scenario.queues})

        def task(report: Callable[[Any], None], stop: threading.Event) -> Any:
            return session.run_forecast(weeks=weeks, model=model, **options)

        def done(_result: Any) -> None:
            self.weeks = weeks
            roster = self.session.roster
            if roster is not None and (roster.start_date, roster.n_days) != (session.start_date, session.n_days):
                # a roster for another horizon no longer fits: start this horizon empty
                self.session.set_roster(None)
                self.session.result = None
                self.undo_stack.clear()
            self.forecast_changed.emit()
            self.refresh()

        return self._start("forecast", task, done)

    def edit_forecast_options(self, text: str, options: dict[str, Any]) -> None:
        """Change events / surge overrides / deflection (what-if) as one undoable step."""
        if options != self.forecast_options:
            self.undo_stack.push(ForecastOptionsCommand(self, self.forecast_options, options, text))

    def replace_forecast_options(self, options: dict[str, Any]) -> None:
        self.forecast_options = dict(options)
        self.forecast_options_changed.emit()
        self.request_forecast()

    def request_forecast(self) -> None:
        """Re-forecast now, or right after the running task if one is busy."""
        if self._worker is None:
            self.start_forecast()
        else:
            self._forecast_pending = True

    # ------------------------------------------------------------------ solve
    def start_solve(self, time_limit_s: float = 30.0, reoptimise: bool = False) -> Worker:
        """Solve the roster in a worker; the result is applied as one undoable command.

        ``reoptimise`` keeps locked shifts exactly and uses the current roster as hints.
        """
        if not self.has_forecast():
            raise PlannerError("no forecast yet: run the forecast before solving")
        session = self.session
        previous = session.roster if reoptimise else None

        self.solve_trace = []

        def task(report: Callable[[Any], None], stop: threading.Event) -> Any:
            return session.solve(time_limit_s=time_limit_s, progress=report, stop=stop, previous=previous)

        def done(result: Any) -> None:
            if result.roster is not None and (result.roster.shifts or result.status in ("OPTIMAL", "FEASIBLE")):
                self.apply_result(result, self.tr("Re-optimise") if reoptimise else self.tr("Solve"))
            self.solve_finished.emit(result)

        return self._start("solve", task, done, self._on_solve_progress)

    def _on_solve_progress(self, progress: Any) -> None:
        self.solve_trace.append(progress)
        self.solve_progress.emit(progress)

    def apply_result(self, result: Any, text: str = "") -> None:
        self.undo_stack.push(RosterCommand(self, self.session.roster, result.roster, text or self.tr("Solve"),
                                           self.session.result, result))

    # ------------------------------------------------------------------ edits
    def edit(self, text: str, operation: Callable[[Roster], Roster]) -> bool:
        """Apply a pure roster edit as one undoable command; refused edits change nothing."""
        roster = self.session.roster
        if roster is None:
            self.edit_refused.emit(self.tr("there is no roster yet: solve first"))
            return False
        try:
            new = operation(roster)
        except PlannerError as exc:
            self.edit_refused.emit(str(exc))
            return False
        if new == roster:
            return False
        self.undo_stack.push(RosterCommand(self, roster, new, text, self.session.result, self.session.result))
        return True

    def edit_scenario(self, text: str, scenario: Scenario) -> None:
        if scenario != self.session.scenario:
            self.undo_stack.push(ScenarioCommand(self, self.session.scenario, scenario, text))

    def remove_agent(self, agent_id: str, text: str) -> None:
        """Remove an agent, their shifts, availability windows and preferences as one undoable step.

        Windows and wishes of an agent who is gone would make the saved plan unreadable.
        """
        from dataclasses import replace as dc_replace
        scenario = self.session.scenario
        agents = tuple(a for a in scenario.agents if a.id != agent_id)
        options = scenario.roster_options
        options = dc_replace(options, availability=tuple(w for w in options.availability if w.agent_id != agent_id),
                             preferences=tuple(p for p in options.preferences if p.agent_id != agent_id))
        self.undo_stack.beginMacro(text)
        roster = self.session.roster
        if roster is not None and any(s.agent_id == agent_id for s in roster.shifts):
            kept = dc_replace(roster, shifts=tuple(s for s in roster.shifts if s.agent_id != agent_id))
            self.undo_stack.push(RosterCommand(self, roster, kept, text, self.session.result, self.session.result))
        self.undo_stack.push(ScenarioCommand(self, scenario, dc_replace(scenario, agents=agents, roster_options=options),
                                             text))
        self.undo_stack.endMacro()

    def import_agents(self, path: str | Path) -> None:
        """Replace agents (skills, contracts, time off) from a spreadsheet; all or nothing."""
        from planner.importers import import_agents
        scenario = import_agents(path, self.session.scenario)
        self.edit_scenario(self.tr("Import agents from {file}").format(file=Path(path).name), scenario)

    def start_import(self, read: Callable[[], Any], text: str) -> Worker:
        """Read a history file in the worker; when valid it becomes the history (undoable).

        Problems come back through ``task_failed("import", InputError)`` with every row listed.
        """
        def task(report: Callable[[Any], None], stop: threading.Event) -> Any:
            return read()

        def done(history: Any) -> None:
            try:
                self.set_history(history, text)
            except PlannerError as exc:
                self.task_failed.emit("import", exc)

        return self._start("import", task, done)

    def set_history(self, history: Any, text: str) -> None:
        """Use a new contact history (filtered to the scenario's queues) and re-forecast."""
        known = [q.name for q in self.session.scenario.queues]
        missing = sorted(set(known) - set(history["queue"].unique()))
        if missing:
            raise PlannerError(f"the file has no history for queue(s) {', '.join(missing)}: add rows for them "
                               "or remove those queues from the scenario")
        history = history[history["queue"].isin(known)].reset_index(drop=True)
        self.undo_stack.push(HistoryCommand(self, self.session.history, history, text))

    def replace_history(self, history: Any) -> None:
        self.session.history = history
        self.history_changed.emit()
        self.request_forecast()

    # called by commands only ----------------------------------------------
    def replace_roster(self, roster: Roster | None, result: Any = None) -> None:
        old = self.session.roster
        self.session.set_roster(roster)
        self.session.result = result
        self.roster_changed.emit(old, roster)
        self.refresh()

    def replace_scenario(self, scenario: Scenario) -> None:
        queues_changed = (scenario.queues != self.session.scenario.queues
                          or scenario.shrinkage != self.session.scenario.shrinkage)
        self.session.scenario = scenario
        if queues_changed and self.session.forecast is not None:
            # targets or shrinkage changed → requirements change; the forecast itself does not
            from planner.staffing.requirements import requirements
            self.session.requirements = requirements(self.session.forecast.frame, scenario.queues,
                                                     scenario.interval_min, scenario.shrinkage)
        self.scenario_changed.emit()
        self.refresh()

    # ------------------------------------------------------------ evaluation
    def refresh(self) -> None:
        """Re-score the roster now and re-validate it right after (runs after every edit).

        Coverage and service level are recomputed synchronously so the charts are current when
        the window repaints; the rule check (slower: every rule over every agent) is queued for
        the next turn of the event loop and coalesced, so a burst of edits validates once.
        """
        t0 = time.perf_counter()
        if self.session.forecast is not None:
            self.evaluation = self.session.evaluate_live(self.session.roster)
        else:
            self.evaluation = None
        self.last_refresh_ms = (time.perf_counter() - t0) * 1000.0
        self.evaluation_changed.emit(self.evaluation)
        if not self._validation_queued:
            self._validation_queued = True
            QTimer.singleShot(0, self.validate_now)

    def validate_now(self) -> list[Any]:
        """Check the current roster against every rule and publish the violations."""
        self._validation_queued = False
        t0 = time.perf_counter()
        self.violations = self._validate()
        self.last_validate_ms = (time.perf_counter() - t0) * 1000.0
        self.violations_changed.emit(self.violations)
        return self.violations

    def _validate(self) -> list[Any]:
        # the scenario is enough for a hand-edited roster: floors and rules come from it, and the
        # solver's marginal tables (costly to build) play no part in what is legal; only the
        # edited agents and days are re-checked
        return list(self.session.violations_live(self.session.roster))

    # ----------------------------------------------------------------- export
    def export(self, path: str | Path, fmt: str = "xlsx", days: Sequence[dt.date] | None = None,
               agent_ids: Sequence[str] | None = None, bom: bool = False) -> None:
        if fmt == "xlsx":
            self.session.export_xlsx(path, days=days, agent_ids=agent_ids)
        else:
            self.session.export_csv(path, days=days, agent_ids=agent_ids, bom=bom)

    # --------------------------------------------------------------- project
    def save(self, path: str | Path) -> None:
        """Save the plan (scenario, history, forecast, roster) as a ``.wfm`` project file.

        Saving again to the plan's own file adds a roster version to it (earlier versions stay);
        any other target gets a new file.
        """
        from planner.errors import ProjectFormatError
        from planner.project import Project
        target = Path(path)
        session = self.session
        if target.exists() and self.path is not None and target.resolve() == Path(self.path).resolve() \
                and target.suffix.lower() == ".wfm":
            project = self._held_for(target) or Project.open(target)
            if project.read_only:
                raise ProjectFormatError(project.warning or f"{target.name} is read-only: use Save As")
            project.set_scenario(session.scenario)
            project.history = session.history
        else:
            project = Project.create(target, session.scenario, session.history)
        try:
            if session.forecast is not None:
                project.forecast = session.forecast.frame
            if session.roster is not None:
                stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
                project.add_roster_version(f"saved {stamp}", session.roster, "draft")
            project.save()
        except BaseException:
            if project is not self._held:
                project.close()
            raise
        if project is not self._held:
            self.release()
            self._held = project          # keep the saved plan's lock while this window edits it
        self.plan_warning = None
        self.path = target
        self.undo_stack.setClean()
        self.path_changed.emit(target)

    def autosave(self) -> Path | None:
        """Write unsaved changes of a plan file to its recovery file (offered back after a crash)."""
        if self.path is None or Path(self.path).suffix.lower() != ".wfm" or not self.is_dirty():
            return None
        from planner.project import Project
        # our own lock would make a second open read-only: autosave a lock-free copy instead
        ours = self._held_for(Path(self.path)) is not None
        with Project.open(self.path, read_only=ours) as project:
            if project.read_only and not ours:
                return None
            project.set_scenario(self.session.scenario)
            project.history = self.session.history
            if self.session.roster is not None:
                project.add_roster_version("autosave", self.session.roster, "draft")
            return project.autosave()

    def _held_for(self, target: Path) -> Any:
        """The plan file this window holds, if it is ``target``."""
        held = self._held
        if held is not None and Path(held.path).resolve() == Path(target).resolve():
            return held
        return None

    def release(self) -> None:
        """Let go of the plan file's lock (window closed or another plan opened)."""
        if self._held is not None:
            self._held.close()
            self._held = None

    def restore_project(self, path: Path, recovered: bool = False) -> None:
        """After opening a ``.wfm``: bring back its newest roster (and its horizon).

        ``recovered``: the session was read from the autosave; it stays "unsaved" until saved.
        """
        from planner.project import Project
        if recovered:
            with Project.open_recovery(path) as project:
                versions = list(project.roster_versions())
        else:
            project = Project.open(path)       # takes the plan's lock: a second window gets read-only
            versions = list(project.roster_versions())
            if project.read_only:
                self.plan_warning = project.warning
                project.close()
            else:
                self.release()
                self._held = project
        if versions:
            roster = versions[-1].roster
            self.session.start_date = roster.start_date
            self.weeks = max(1, roster.n_days // 7)
            self.session.set_roster(roster)
        if recovered:
            self.undo_stack.resetClean()
        else:
            self.undo_stack.setClean()
