"""UI test setup: offscreen Qt, a tiny seeded centre, and a document/window over it."""
from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # before any Qt import

from typing import Iterator

import numpy as np
import pandas as pd
import pytest

from planner.domain import Agent, Contract, Queue, Roster, Rules, Scenario, Shift, ShiftTemplate

TINY_START = dt.date(2025, 12, 1)   # a Monday


def tiny_scenario() -> Scenario:
    """One voice queue open 08:00–20:00, six agents, two templates, hourly intervals."""
    queue = Queue("phone", "voice", open_from_min=8 * 60, open_to_min=20 * 60, target_sl=0.8, answer_s=20,
                  shrinkage=0.2, aht_s=240.0)
    agents = tuple(Agent(f"A{i:02d}", name, "enquiries", "ft", ("phone",))
                   for i, name in enumerate(["李娜", "王伟", "张敏", "Chen Jie", "Liu Yang", "赵磊"], start=1))
    contract = Contract("ft", 0, 40 * 60, ("day", "late"), max_days_per_week=5)
    templates = (ShiftTemplate("day", (8 * 60, 9 * 60), 9 * 60, 60), ShiftTemplate("late", (11 * 60, 12 * 60), 8 * 60, 60))
    return Scenario("Tiny centre", (queue,), agents, (contract,), templates,
                    rules=Rules(min_rest_min=11 * 60, min_staff=1), interval_min=60, start_date=TINY_START)


def tiny_history(weeks: int = 6, seed: int = 7) -> pd.DataFrame:
    """Hourly calls with a midday peak and quieter weekends, zero when closed."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(TINY_START) - pd.Timedelta(weeks=weeks)
    index = pd.date_range(start, periods=weeks * 7 * 24, freq="60min")
    hour = index.hour.to_numpy()
    weekend = index.dayofweek.to_numpy() >= 5
    shape = np.where((hour >= 8) & (hour < 20), 20 + 25 * np.exp(-((hour - 13) / 3.0) ** 2), 0.0)
    mean = shape * np.where(weekend, 0.7, 1.0)
    volume = rng.poisson(mean).astype(float)
    return pd.DataFrame({"start": index, "queue": "phone", "volume": volume,
                         "aht_s": np.where(volume > 0, 240.0, np.nan), "abandoned": 0.0})


def sample_roster(scenario: Scenario, days: int = 7) -> Roster:
    """A hand-made roster: each agent works 5 of 7 days, alternating day and late shifts."""
    shifts = []
    for i, agent in enumerate(scenario.agents):
        for d in range(days):
            if (d + i) % 7 in (5, 6):
                continue
            day = TINY_START + dt.timedelta(days=d)
            start = 8 * 60 if i % 2 == 0 else 11 * 60
            length = 9 * 60 if start == 8 * 60 else 8 * 60
            lunch = start + 4 * 60
            shifts.append(Shift(agent.id, day, "day" if start == 8 * 60 else "late", start, start + length, 60,
                                breaks=((lunch, lunch + 60),)))
    return Roster(TINY_START, days, tuple(shifts))


@pytest.fixture(scope="session", autouse=True)
def refcount_fix(qapp):  # type: ignore[no-untyped-def]
    """The test process makes tens of thousands of void PySide6 calls; on a PySide6 build that drops
    a reference to None on each (see ui/refcount_fix.py) it would abort, at the latest at exit."""
    from ui import refcount_fix as fix
    return fix.apply()


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):  # type: ignore[no-untyped-def]
    """A modal message box would wait forever for a click; record it and answer at once instead.

    A test that expects a box checks the returned list and clears it; any box left at the end
    fails the test with its text.
    """
    from PySide6.QtWidgets import QMessageBox
    shown: list[tuple[str, str, str]] = []

    def record(kind: str, answer: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def box(_parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, str(title), str(text)))
            return answer
        return box

    for kind, answer in (("warning", QMessageBox.StandardButton.Ok), ("critical", QMessageBox.StandardButton.Ok),
                         ("information", QMessageBox.StandardButton.Ok),
                         ("question", QMessageBox.StandardButton.Cancel)):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(record(kind, answer)))
    yield shown
    unexpected = [s for s in shown if s[0] in ("warning", "critical")]
    if unexpected:
        pytest.fail(f"unexpected message box(es): {unexpected}")


@pytest.fixture
def session():  # type: ignore[no-untyped-def]
    from planner.service import PlanSession
    return PlanSession(tiny_scenario(), tiny_history())


@pytest.fixture
def document(qtbot, session):  # type: ignore[no-untyped-def]
    from ui.document import PlanDocument
    doc = PlanDocument(session)
    doc.forecast_model = "seasonal_naive"   # fast and deterministic
    yield doc
    doc.stop()
    doc.wait()


@pytest.fixture
def forecast_document(qtbot, document):  # type: ignore[no-untyped-def]
    """A document whose forecast has run (seasonal naive: fast and deterministic)."""
    with qtbot.waitSignal(document.forecast_changed, timeout=60_000):
        document.start_forecast(1, model="seasonal_naive")
    return document


@pytest.fixture
def window(qtbot, document) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox
    from ui.main_window import MainWindow
    win = MainWindow(document)
    win.ask_to_save = lambda: QMessageBox.StandardButton.Discard
    win.errors = []                                           # modal boxes would block the test
    win.show_error = lambda title, error: win.errors.append((title, str(error)))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
