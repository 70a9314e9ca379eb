"""Launcher: ``python main.py`` opens the desktop app; ``python main.py <command>`` runs the CLI."""
import sys

if __name__ == "__main__":
    if len(sys.argv) > 1:
        from planner.cli import main as cli_main
        sys.exit(cli_main(sys.argv[1:]))
    from ui.app import main as gui_main
    sys.exit(gui_main())
