"""Property: any small random centre either rosters validly or is explained."""
from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain import Agent, Contract, CoverFloor, Queue, Rules, Scenario, ShiftTemplate, TimeOff
from planner.rostering.instance import RosterOptions, RosterProblem
from planner.rostering.solve import solve_roster
from planner.rostering.validate import validate

MON = dt.date(2026, 3, 2)
QUEUES = (Queue("phone", "voice", 6 * 60, 22 * 60), Queue("vip", "voice", 8 * 60, 18 * 60, vip_of="phone"),
          Queue("email", "email", 8 * 60, 18 * 60))
TEMPLATES = (ShiftTemplate("early", (6 * 60, 7 * 60), 510, 30), ShiftTemplate("late", (13 * 60 + 30,), 510, 30),
             ShiftTemplate("short", (9 * 60, 14 * 60), 240, 0))


@st.composite
def problems(draw: st.DrawFn) -> RosterProblem:
    n_days = draw(st.integers(2, 7))
    contracts = (
        Contract("ft", draw(st.sampled_from([0, 16, 32])) * 60, draw(st.sampled_from([24, 40])) * 60,
                 ("early", "late"), max_days_per_week=draw(st.integers(2, 5)),
                 max_consecutive_days=draw(st.integers(1, 5))),
        Contract("pt", 0, 20 * 60, ("short",), max_days_per_week=5),
    )
    agents = []
    for i in range(draw(st.integers(1, 4))):
        queues = tuple(q.name for q in QUEUES if draw(st.booleans())) or ("phone",)
        off = ()
        if draw(st.booleans()):
            d = MON + dt.timedelta(days=draw(st.integers(0, n_days - 1)))
            off = (TimeOff(d, d),)
        agents.append(Agent(f"a{i}", f"Agent {i}", draw(st.sampled_from(["x", "y"])),
                            draw(st.sampled_from(["ft", "pt"])), queues, vip=draw(st.booleans()), time_off=off))
    floors = tuple(CoverFloor(draw(st.sampled_from(["phone", "vip", "email"])), h * 60, (h + 1) * 60,
                              draw(st.integers(1, 2)), days=draw(st.sampled_from(["all", "weekday", (0,), (1, 2)])),
                              vip_only=draw(st.booleans()))
                   for h in draw(st.lists(st.integers(8, 16), max_size=2)))
    rules = Rules(min_rest_min=draw(st.sampled_from([8 * 60, 11 * 60, 16 * 60])), min_staff=0,
                  max_weekend_days_per_week=draw(st.integers(0, 2)))
    scenario = Scenario("random", QUEUES, tuple(agents), contracts, TEMPLATES, rules=rules, floors=floors,
                        start_date=MON)
    n_t = n_days * 96
    required = np.zeros((3, n_t), dtype=np.int64)
    required[0, 40:60] = draw(st.integers(0, 2))
    options = RosterOptions(break_mode=draw(st.sampled_from(["none", "fixed", "solver"])),
                            min_consecutive_days_off=draw(st.integers(1, 2)))
    return RosterProblem(scenario, MON, n_days, required, required.astype(float) * 3, None, options=options)


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_random_centre_rosters_validly_or_is_explained(problem: RosterProblem) -> None:
    result = solve_roster(problem, time_limit_s=5)
    assert result.status in ("OPTIMAL", "FEASIBLE", "INFEASIBLE")
    if result.status == "INFEASIBLE":
        assert result.conflicts and all(c.rule and str(c) for c in result.conflicts)
    else:
        assert validate(result.roster, problem) == []
