"""The bundled sample centre (48 agents, 4 queues, 15-minute grid): one week roster, validated.

Slow (a 60 s solve): run with ``-m slow``. Demand comes from the seeded benchmark generator so
the test does not depend on the forecasting and staffing stages.
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
    from benchmarks.roster_centre import demand, requirement_and_marginal
    from planner.rostering.instance import RosterProblem
    from planner.rostering.solve import solve_roster
    from planner.rostering.validate import validate
    from planner.scenario import load_scenario

    scenario = load_scenario(SAMPLE)
    volume = demand(scenario.queues, 7, scenario.interval_min, heads=48, rng=np.random.default_rng(1))
    required, marginal = requirement_and_marginal(scenario.queues, volume, scenario.interval_min, 20)
    start = scenario.start_date
    assert start is not None
    problem = RosterProblem(scenario, start, 7, required, volume, marginal)
    result = solve_roster(problem, time_limit_s=60)
    assert result.status in ("OPTIMAL", "FEASIBLE")
    assert result.wall_s < 75
    assert validate(result.roster, problem) == []
    assert len(result.roster.shifts) >= 150   # 48 agents, mostly full-time, one week
