"""Rostering engine: CP-SAT rosters under labour rules, and a solver-free validator.

Layout (STYLE.md, "The roster model"):

- ``instance``  — :class:`RosterProblem` (the contract the service builds) compiled into a
  :class:`RosterInstance` of integer minutes and indices; no solver.
- ``variables`` — the CP-SAT variable container with query methods.
- ``rules``     — one class per rule, each adding hard constraints and/or named penalties.
- ``model``     — the thin composer: rules → objective, hints from a previous roster.
- ``solve``     — ``solve_roster``: status mapping, progress, cancellation, explanations.
- ``validate``  — checks any roster against the same rules without the solver.

This ``__init__`` deliberately imports nothing, so ``planner.rostering.validate`` can be
used (by the UI after a hand edit) without loading OR-Tools.
"""
