"""The bundled sample centre (56 agents, 4 queues, 15-minute grid): one week roster, validated.

Slow (a 60 s solve): run with ``-m slow``. Demand comes from the seeded benchmark generator
(no forecast); requirements and marginal values from the capacity engine, as the app builds them.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "resources" / "sample" / "sample.toml"


@pytest.mark.slow
def test_sample_week_rosters_validly_within_a_minute() -> None:
    if not SAMPLE.exists():
        pytest.skip(f"sample scenario missing: {SAMPLE}")
    sys.path.insert(0, str(ROOT))
    from benchmarks.roster_centre import build_from_forecast, demand, forecast_frame
    from planner.rostering.solve import solve_roster
    from planner.rostering.validate import validate
    from planner.scenario import load_scenario

    scenario = load_scenario(SAMPLE)
    start = scenario.start_date
    assert start is not None
    volume = demand(scenario.queues, 7, scenario.interval_min, heads=48, rng=np.random.default_rng(1))
    problem = build_from_forecast(scenario, start, 7, forecast_frame(scenario, start, 7, volume)).problem
    result = solve_roster(problem, time_limit_s=60)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert result.wall_s < 75
    assert validate(result.roster, problem) == []
    assert len(result.roster.shifts) >= 150   # 56 agents, mostly full-time, one week
