"""Requirements, deferred work, the evaluator and the marginal table on real numbers."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner.domain import Queue
from planner.staffing.deferred import deadlines, required_deferred_agents, work_queue
from planner.staffing.evaluate import evaluate_queue, weighted_service
from planner.staffing.live import required_live_agents
from planner.staffing.marginal import marginal_value_table
from planner.staffing.requirements import requirements

PHONE = Queue("phone", target_sl=0.8, answer_s=20, max_occupancy=1.0, shrinkage=0.25, aht_s=180)
EMAIL = Queue("email", channel="email", open_from_min=8 * 60, open_to_min=20 * 60, deferred_pct=0.96,
              deferred_hours=2, max_occupancy=0.95, shrinkage=0.0, aht_s=480)


def test_smallest_staffing_is_the_worked_example() -> None:
    agents = required_live_agents(PHONE, np.array([100 / 1800, 0.0]), np.array([180.0, 180.0]))
    assert list(agents) == [14, 0]
    erlang_a = Queue("p", target_sl=0.8, answer_s=20, patience_s=120, max_occupancy=1.0)
    # 11 agents give 74 %, 12 give 82.6 % (Erlang A, DOMAIN.md)
    assert required_live_agents(erlang_a, np.array([100 / 1800]), np.array([180.0]))[0] == 12


def test_every_target_binds() -> None:
    lam, aht = np.array([100 / 1800]), np.array([180.0])
    asa = Queue("p", target_sl=0.0, answer_s=20, max_asa_s=5.0, max_occupancy=1.0)
    assert required_live_agents(asa, lam, aht)[0] == 15           # ASA 7.8 s at 14, 3.4 s at 15
    occ = Queue("p", target_sl=0.0, answer_s=20, max_occupancy=0.65)
    assert required_live_agents(occ, lam, aht)[0] == 16           # 10 / 16 = 62.5 %
    ab = Queue("p", target_sl=0.0, answer_s=20, patience_s=120, max_abandon=0.03, max_occupancy=1.0)
    n = required_live_agents(ab, lam, aht)[0]
    assert n == 14                                                # 3.8 % abandon at 13, 2.3 % at 14
    from planner.staffing.erlang import erlang_a_metrics
    m = erlang_a_metrics(np.array([n - 1, n]), lam, aht, 20.0, 120.0)
    assert m.p_abandon[0] > 0.03 >= m.p_abandon[1]


def test_chat_concurrency_multiplies_servers() -> None:
    chat1 = Queue("c", channel="chat", target_sl=0.8, answer_s=30, concurrency=1, max_occupancy=1.0)
    chat3 = Queue("c", channel="chat", target_sl=0.8, answer_s=30, concurrency=3, max_occupancy=1.0)
    lam, aht = np.array([120 / 900]), np.array([420.0])
    single, triple = required_live_agents(chat1, lam, aht)[0], required_live_agents(chat3, lam, aht)[0]
    assert triple == int(np.ceil(single / 3)) or triple == int(np.ceil(single / 3)) - 1
    assert triple < single


def test_deadline_clock_stops_while_closed() -> None:
    open_mask = np.array([EMAIL.is_open((t % 96) * 15) for t in range(96 * 2)])
    due = deadlines(open_mask, 15, 2.0)
    assert due[8 * 4] == 8 * 4 + 7                # 08:00 arrivals are due by the 09:45 interval
    assert due[79] == 96 + 8 * 4 + 6              # 19:45 → 1 open slot today, 7 tomorrow: 09:30
    assert due[90] == 96 + 8 * 4 + 7              # 22:30 (closed) → 09:45 next morning


def test_deferred_requirement_keeps_the_deadline_and_wastes_little() -> None:
    n_t = 96 * 7
    open_mask = np.array([EMAIL.is_open((t % 96) * 15) for t in range(n_t)])
    volume = np.random.default_rng(3).poisson(12, n_t).astype(float)
    aht = np.full(n_t, 480.0)
    agents = required_deferred_agents(EMAIL, volume, aht, open_mask, 15)
    assert agents[~open_mask].sum() == 0
    result = work_queue(volume, aht, agents, open_mask, 15, EMAIL)
    assert result.service_level.min() >= 0.96 - 1e-9
    work_h = (volume * aht).sum() / 3600 / 0.95
    assert agents.sum() / 4 <= 1.10 * work_h      # no more than 10 % above the pure work content
    # one agent fewer all day on Wednesday breaks the target somewhere
    fewer = agents.copy()
    wed = (np.arange(n_t) // 96 == 2) & open_mask
    fewer[wed] = np.maximum(fewer[wed] - 1, 0)
    assert work_queue(volume, aht, fewer, open_mask, 15, EMAIL).service_level.min() < 0.96
    assert np.all(result.backlog >= -1e-9)


def test_evaluator_interpolates_fractional_agents() -> None:
    vol, aht = np.array([100.0, 100.0, 100.0]), np.array([180.0] * 3)
    m = evaluate_queue(PHONE, vol / 2, aht, np.array([13.0, 13.5, 14.0]), 15)
    assert m["service_level"][0] < m["service_level"][1] < m["service_level"][2]
    assert m["service_level"][1] == pytest.approx((m["service_level"][0] + m["service_level"][2]) / 2)


def test_marginal_table_is_concave_and_adds_up() -> None:
    vol = np.array([100.0, 20.0, 0.0])
    aht = np.full(3, 180.0)
    table = marginal_value_table(PHONE, vol / 2, aht, 15, 20, per_scheduled_head=False)
    assert table.shape == (3, 20)
    assert np.all(np.diff(table, axis=1) <= 0) and np.all(table >= 0)
    assert table[2].sum() == 0                    # no contacts, no value
    total = evaluate_queue(PHONE, vol / 2, aht, np.full(3, 20.0), 15)["service_level"] * vol / 2
    assert table[0].sum() / 1000 == pytest.approx(total[0], abs=0.05)
    assert table[0, 11] > table[1, 11]            # the 12th agent matters more in the busy interval
    assert table[0, 0] > 0                        # the collapse region is valued at its chord, not 0


def _forecast(days: int = 2) -> pd.DataFrame:
    idx = pd.date_range("2025-12-01", periods=96 * days, freq="15min")
    hour = idx.hour + idx.minute / 60
    shape = np.clip(np.sin((hour - 6) / 16 * np.pi), 0.05, None)
    rows = []
    for name, peak, aht in (("phone", 60, 200.0), ("vip", 6, 300.0), ("email", 25, 480.0)):
        rows.append(pd.DataFrame({"start": idx, "queue": name, "volume": peak * shape, "aht_s": aht}))
    return pd.concat(rows, ignore_index=True)


def test_requirements_frame_shrinkage_floors_and_vip_lines() -> None:
    phone = Queue("phone", target_sl=0.8, answer_s=20, shrinkage=0.25, max_occupancy=0.9, min_agents=2)
    vip = Queue("vip", vip_of="phone", open_from_min=8 * 60, open_to_min=22 * 60, target_sl=0.9, answer_s=10,
                shrinkage=0.25, max_occupancy=0.85)
    req = requirements(_forecast(), [phone, vip, EMAIL], 15)
    assert list(req.columns) == ["start", "queue", "volume", "aht_s", "agents_net", "agents_required", "backlog"]
    p = req[req.queue == "phone"]
    assert (p["agents_net"] >= 2).all()
    assert (p["agents_required"] == np.ceil(p["agents_net"] / 0.75 - 1e-9)).all()
    v = req[req.queue == "vip"]
    closed = (v["start"].dt.hour < 8) | (v["start"].dt.hour >= 22)
    assert (v.loc[closed, "agents_required"] == 0).all() and (v.loc[~closed, "agents_net"] >= 1).all()
    # dedicated lines: each from its own contacts (pooling with priority misses the VIP target as routed)
    own = required_live_agents(phone, p["volume"].to_numpy() / 900, p["aht_s"].to_numpy())
    assert (p["agents_net"].to_numpy() == np.maximum(own, 2)).all()
    vip_open = v.loc[~closed]
    vip_own = required_live_agents(vip, vip_open["volume"].to_numpy() / 900, vip_open["aht_s"].to_numpy())
    assert (vip_open["agents_net"].to_numpy() == vip_own).all()
    e = req[req.queue == "email"]
    assert (e.loc[(e["start"].dt.hour < 8) | (e["start"].dt.hour >= 20), "agents_net"] == 0).all()
    assert e["backlog"].max() > 0


def test_weighted_service_is_volume_weighted() -> None:
    f = pd.DataFrame({"queue": ["a", "a", "b"], "volume": [30.0, 10.0, 0.0], "service_level": [0.9, 0.5, 0.0],
                      "asa_s": [5.0, 50.0, 0.0], "p_abandon": [0.0, 0.0, 0.0]})
    g = weighted_service(f, ["queue"]).set_index("queue")
    assert g.loc["a", "service_level"] == pytest.approx(0.8)
    assert g.loc["b", "service_level"] == 1.0
    assert g.loc["a", "asa_s"] == pytest.approx((150 + 500) / 40)


def test_email_heads_are_valued_by_the_tickets_they_clear_up_to_the_requirement() -> None:
    idx = pd.date_range("2025-12-01", periods=96, freq="15min")
    mask = (idx.hour >= 8) & (idx.hour < 20)
    vol = np.where(mask, 30.0, 4.0)                                # night tickets wait for 08:00
    aht = np.full(96, 480.0)
    table = marginal_value_table(EMAIL, vol, aht, 15, 30, open_mask=mask)
    net = required_deferred_agents(EMAIL, vol, aht, mask, 15)
    per_head_tickets = 900 * 0.95 / 480                            # 1.78 tickets per head-interval
    t = 40                                                          # 10:00
    need = int(net[t])
    assert need > 0
    assert table[t, need - 1] == round(per_head_tickets * 1000)     # last needed head: full value
    assert table[t, need] == round(per_head_tickets * 500)          # first spare head: half
    assert table[t, need + 1] == round(per_head_tickets * 250)
    assert table[:32].sum() == 0                                    # closed before 08:00: no value
    assert np.all(np.diff(table, axis=1) <= 0)                      # concave for the roster objective


def test_social_is_deferred_only_with_a_deferred_target() -> None:
    from planner.staffing.evaluate import is_deferred
    live = Queue("wechat", channel="social", concurrency=3, target_sl=0.8, answer_s=60)
    backlog = Queue("weibo", channel="social", deferred_pct=0.9, deferred_hours=4, open_from_min=8 * 60,
                    open_to_min=20 * 60, aht_s=300)
    assert not is_deferred(live) and is_deferred(backlog) and is_deferred(EMAIL)
    idx = pd.date_range("2025-12-01", periods=96, freq="15min")
    frame = pd.concat([pd.DataFrame({"start": idx, "queue": q.name, "volume": 12.0, "aht_s": 300.0})
                       for q in (live, backlog)], ignore_index=True)
    req = requirements(frame, [live, backlog], 15).set_index(["queue", "start"])
    assert req.loc[("weibo", idx[4]), "agents_net"] == 0                 # closed at 01:00: the backlog waits
    assert req.loc[("weibo", idx[95]), "backlog"] > 0                    # night messages carried to morning
    assert req.loc[("wechat", idx[4]), "agents_net"] > 0                 # live social answered around the clock
    assert req.loc[("wechat", idx[4]), "backlog"] == 0
