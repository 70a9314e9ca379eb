"""Queue priority: a VIP contact is worth more in the roster objective and in the head split."""
from __future__ import annotations

import dataclasses

import numpy as np

from planner.domain import Queue
from planner.evaluation import allocate, queue_gains
from planner.staffing.marginal import marginal_value_table

PHONE = Queue("phone", "voice", target_sl=0.8, answer_s=20, patience_s=120, aht_s=240, shrinkage=0.0)
VIP = Queue("phone_vip", "voice", target_sl=0.9, answer_s=10, patience_s=120, aht_s=240, shrinkage=0.0,
            vip_of="phone")


def test_vip_line_values_heads_three_times_an_ordinary_line_by_default() -> None:
    volume, aht = np.array([20.0, 60.0]), np.array([240.0, 240.0])
    ordinary = marginal_value_table(dataclasses.replace(VIP, vip_of=None), volume, aht, 15, 8)
    vip = marginal_value_table(VIP, volume, aht, 15, 8)
    assert ordinary.sum() > 0
    assert np.abs(vip - 3 * ordinary).max() <= 2          # rounding of the ×1000 integers only
    one = marginal_value_table(dataclasses.replace(VIP, priority=1.0), volume, aht, 15, 8)
    assert np.array_equal(one, ordinary)


def test_certified_agents_serve_the_vip_line_first_when_it_is_short() -> None:
    """4 certified agents on duty, phone 60 calls and VIP 12 calls per 15 min."""
    queues = [PHONE, VIP]
    volume = np.array([[60.0], [12.0]])
    aht = np.full((2, 1), 240.0)
    required = np.array([[18.0], [6.0]])
    is_open, keep = np.ones((2, 1), dtype=bool), np.ones((2, 1))
    duty = np.ones((4, 1), dtype=bool)
    skills = [frozenset({0, 1})] * 4
    weighted = allocate(duty, skills, queue_gains(queues, volume, aht, required, 15, is_open, keep), volume, is_open)
    plain = [PHONE, dataclasses.replace(VIP, priority=1.0)]
    by_volume = allocate(duty, skills, queue_gains(plain, volume, aht, required, 15, is_open, keep), volume, is_open)
    assert weighted[:, 0].tolist() == [0, 4]               # VIP first
    assert by_volume[1, 0] < 4                             # volume alone sends some to phone
