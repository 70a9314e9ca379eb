"""The ``wfm`` command line: every capability of the app, headless, for automation.

Each command lives in ``planner/commands/<name>.py`` and exposes ``register(subparsers)``
which adds its parser and sets ``func`` to a handler ``(args) -> int``. Handlers print
human-readable text, or one JSON document when ``--json`` is given. User errors
(:class:`PlannerError`) end with a clear message and exit code 2, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Sequence

from planner.errors import PlannerError

COMMAND_MODULES = ("plan", "demo", "forecast", "requirements", "erlang", "evaluate", "project")


def emit(args: argparse.Namespace, payload: dict[str, Any], text: str) -> None:
    """Print ``payload`` as JSON when --json was given, else ``text``."""
    if getattr(args, "json", False):
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wfm", description="Contact-centre workforce planner (headless).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"planner.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"planner.commands.{name}":
                continue  # command not built in this version
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except PlannerError as exc:
        if getattr(args, "json", False):
            json.dump({"ok": False, "error": type(exc).__name__, "message": str(exc)}, sys.stdout,
                      ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        print(f"wfm {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("wfm: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
