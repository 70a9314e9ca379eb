"""Heads on duty per skill group and their exact split across queues.

``heads[g, t]`` counts agents of skill group g on duty and off break in interval t. The split
into ``cov[q, t]`` is exact without per-agent queue variables: a split of group heads over the
queues they may serve exists iff, for every subset S of the open queues, the heads allotted to
S are at most the heads of the groups that can serve some queue in S (Hall's theorem for the
transportation problem). With 4 queues that is at most 15 constraints per interval.
"""
from __future__ import annotations

from itertools import combinations

from ortools.sat.python import cp_model

from planner.rostering.variables import RosterVariables


def build_coverage(v: RosterVariables) -> None:
    """Create ``heads`` and ``cov`` and the Hall constraints linking them."""
    inst, model = v.inst, v.model
    contrib: dict[tuple[int, int], list[tuple[int, cp_model.IntVar]]] = {}

    def add_span(g: int, lo: int, hi: int, coef: int, var: cp_model.IntVar) -> None:
        # one term per covered interval: a running-sum encoding has ~10× fewer terms but
        # propagates far worse (first feasible rosters took minutes instead of seconds)
        for t in range(lo, hi):
            contrib.setdefault((g, t), []).append((coef, var))

    # aggregate agent Booleans into per-group counts, one per (day, option) and (day, break start)
    shift_terms: dict[tuple[int, int, int], list[cp_model.IntVar]] = {}
    break_terms: dict[tuple[int, int, tuple[int, str, int, int]], list[cp_model.IntVar]] = {}
    for (a, d, o), x in v.x.items():
        shift_terms.setdefault((inst.group_of[a], d, o), []).append(x)
    for (a, d), bvars in v.brk.items():
        for key, b in bvars.items():
            break_terms.setdefault((inst.group_of[a], d, key), []).append(b)

    def count(terms: list[cp_model.IntVar], name: str) -> cp_model.IntVar:
        if len(terms) == 1:
            return terms[0]
        n = model.new_int_var(0, len(terms), name)
        model.add(n == sum(terms))
        return n

    for (g, d, o), terms in shift_terms.items():
        n = count(terms, f"n[{g},{d},{o}]")
        lo, hi = inst.shift_span(d, o)
        add_span(g, lo, hi, 1, n)
        for b_start, b_end in inst.catalogue[o].fixed_breaks or ():
            blo, bhi = inst.minute_span(d, b_start, b_end)
            add_span(g, max(lo, blo), min(hi, bhi), -1, n)
    for (g, d, key), terms in break_terms.items():
        nb = count(terms, f"nb[{g},{d},{key[0]},{key[3]}]")
        blo, bhi = inst.minute_span(d, key[3], key[3] + key[2])
        add_span(g, blo, bhi, -1, nb)
    for (g, t), terms in v.off_phone.items():
        contrib.setdefault((g, t), []).extend(terms)   # meetings: off the phone

    size = [0] * len(inst.groups)
    for g in inst.group_of:
        size[g] += 1
    for (g, t), terms in contrib.items():
        h = model.new_int_var(0, size[g], f"heads[{g},{t}]")
        model.add(h == sum(c * var for c, var in terms))
        v.heads[(g, t)] = h

    n_q = inst.n_queues
    serves = [[g for g, (sk, _) in enumerate(inst.groups) if q in sk] for q in range(n_q)]
    kept: dict[tuple[int, ...], list[tuple[tuple[int, ...], list[int]]]] = {}
    for t in range(inst.n_t):
        open_q = tuple(q for q in range(n_q) if inst.is_open[q, t] and any((g, t) in v.heads for g in serves[q]))
        for q in open_q:
            ub = sum(size[g] for g in serves[q] if (g, t) in v.heads)
            v.cov[(q, t)] = model.new_int_var(0, ub, f"cov[{q},{t}]")
            v.cov_ub[(q, t)] = ub
        if open_q not in kept:
            kept[open_q] = hall_subsets(open_q, serves)
        for subset, adj in kept[open_q]:
            model.add(sum(v.cov[(q, t)] for q in subset) <= v.heads_in(adj, t))


def hall_subsets(open_q: tuple[int, ...], serves: list[list[int]]) -> list[tuple[tuple[int, ...], list[int]]]:
    """The Hall constraints that are not implied by others.

    For S ⊂ S' with the same set of able groups N(S) = N(S'), the constraint of S' implies that
    of S (allotments are non-negative), so only subsets that are maximal for their N(S) are
    kept: typically a handful instead of 2^queues − 1.
    """
    best: dict[frozenset[int], tuple[int, ...]] = {}
    for r in range(1, len(open_q) + 1):
        for subset in combinations(open_q, r):
            adj = frozenset(g for q in subset for g in serves[q])
            if adj not in best or len(subset) > len(best[adj]):
                best[adj] = subset
    # the maximal subset for N is the set of all open queues whose able groups lie inside N
    out = []
    for adj in best:
        closure = tuple(q for q in open_q if set(serves[q]) <= adj)
        out.append((closure, sorted(adj)))
    return out
