"""Every visible string of every view has a Simplified Chinese translation.

Three nets: (1) the translator records every ``tr()`` lookup it could not answer; (2) no visible
text equals an English source string of the catalogue (a string rendered before the translator
was installed, or not through ``tr``); (3) no visible text holds English words that are not data
(agent/queue/template names) or well-known abbreviations — this catches strings that never went
through ``tr()`` at all.
"""
from __future__ import annotations

import re
from typing import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractButton, QTableView, QComboBox, QGroupBox, QLabel, QLineEdit,
                               QListWidget, QMenu, QTabWidget, QWidget)

from ui.i18n import install_language, read_ts, ts_path

ALLOWED_WORDS = {
    "vip", "wape", "mase", "csv", "xlsx", "toml", "wfm", "aht", "asa", "erlang", "ctrl", "shift", "delete",
    "enter", "esc", "all", "weekend", "weekday", "excel", "bom", "wfm", "planner", "mon", "gz",
    "english",   # language names are shown in their own language
    # values the user types or picks (enumerations of the scenario and forecast files)
    "voice", "chat", "email", "social", "override", "deflection",
}


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every user-visible string under ``root``: labels, buttons, tabs, titles,
    placeholders, tooltips, menu and toolbar actions, table headers and chart labels."""
    widgets = [root] + root.findChildren(QWidget)
    for w in widgets:
        name = f"{type(w).__name__}:{w.objectName()}"
        if w.toolTip():
            yield name + ".toolTip", w.toolTip()
        if isinstance(w, QLabel) and w.text():
            yield name, w.text()
        elif isinstance(w, QAbstractButton) and w.text():
            yield name, w.text()
        elif isinstance(w, QGroupBox):
            yield name, w.title()
        elif isinstance(w, QLineEdit) and w.placeholderText():
            yield name + ".placeholder", w.placeholderText()
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield name + ".tab", w.tabText(i)
        if isinstance(w, QListWidget) and w.objectName() == "sidebar":
            for i in range(w.count()):
                yield name + ".item", w.item(i).text()
        if isinstance(w, QComboBox) and w.objectName() == "translatable":
            for i in range(w.count()):
                yield name + ".item", w.itemText(i)
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount(QModelIndex())):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    text = model.headerData(c, Qt.Orientation.Horizontal, role)
                    if isinstance(text, str) and text:
                        yield f"{name}.header[{c}]", text
        if isinstance(w, QMenu):
            for action in w.actions():
                if action.text():
                    yield name + ".action", action.text()
        for action in w.actions():
            if action.text():
                yield name + ".action", action.text()
            if action.toolTip():
                yield name + ".action.tip", action.toolTip()
        plot_item = getattr(w, "plotItem", None)
        if plot_item is not None:
            for axis in ("left", "bottom"):
                label = plot_item.getAxis(axis).labelText
                if label:
                    yield f"{name}.axis.{axis}", label
            legend = plot_item.legend
            if legend is not None:
                for _sample, label in legend.items:
                    yield f"{name}.legend", label.text


def _data_words(document) -> set[str]:  # type: ignore[no-untyped-def]
    s = document.scenario
    words: set[str] = set()
    names = [q.name for q in s.queues] + [t.name for t in s.templates] + [c.name for c in s.contracts]
    names += [a.name for a in s.agents] + [a.id for a in s.agents] + [a.team for a in s.agents]
    names += list(getattr(document.session.forecast, "model_by_queue", {}).values())
    names += [str(v.rule) for v in document.violations]
    for n in names:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", str(n)))
    return words


def _ui_contexts() -> set[str]:
    """Class names of our own Qt classes (pyqtgraph's internal menus use their own contexts)."""
    import importlib
    import inspect
    import pkgutil

    import ui
    names: set[str] = set()
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        if info.name.endswith("screenshots"):
            continue
        module = importlib.import_module(info.name)
        names.update(n for n, obj in inspect.getmembers(module, inspect.isclass) if obj.__module__ == info.name)
    return names


@pytest.fixture
def chinese(qapp):  # type: ignore[no-untyped-def]
    translator = install_language("zh_CN")
    assert translator is not None
    yield translator
    install_language("en")


def test_every_visible_string_is_translated(qtbot, chinese, forecast_document, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox
    from ui.main_window import MainWindow
    from ui.views.export_dialog import ExportDialog
    from tests.ui.conftest import sample_roster

    doc = forecast_document
    doc.replace_roster(sample_roster(doc.scenario))
    win = MainWindow(doc, "zh_CN")
    win.ask_to_save = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(win)
    win.show()
    for key in win.pages:
        win.show_page(key)
        qtbot.wait(10)
    roster_view = win.pages["roster"]
    roster_view.grid.setCurrentIndex(roster_view.model.index(0, 0))
    menu = roster_view.build_context_menu()
    dialog = ExportDialog(doc, win)
    qtbot.addWidget(dialog)

    texts = list(visible_texts(win)) + list(visible_texts(dialog)) + list(visible_texts(menu))
    for m in win.menuBar().findChildren(QMenu):
        texts += [("menu", a.text()) for a in m.actions() if a.text()]
    assert len(texts) > 150, "the walk found too few strings to be meaningful"
    # Qt's own buttons come from PySide6's qtbase_zh_CN.qm; a miss in our translator must not blank them
    from PySide6.QtWidgets import QDialogButtonBox
    box_texts = [b.text() for b in dialog.findChild(QDialogButtonBox).buttons()]
    assert sorted(box_texts) == sorted(["确定", "取消"])

    ours = _ui_contexts()
    missing = sorted((ctx, src) for ctx, src in chinese.missing if ctx in ours or not ctx)
    assert not missing, f"tr() strings missing from wfm_zh_CN.ts: {missing}"

    english_sources = {src for (_ctx, src) in read_ts(ts_path("zh_CN"))}
    english_sources -= {"VIP", "WAPE", "MASE"}          # the same in both languages
    shown_english = sorted({(where, t) for where, t in texts if t in english_sources})
    assert not shown_english, f"untranslated strings on screen: {shown_english[:20]}"

    allowed = ALLOWED_WORDS | _data_words(doc)
    leaks = []
    for where, text in texts:
        words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text.replace("&", ""))}
        bad = words - allowed
        if bad:
            leaks.append((where, text, sorted(bad)))
    assert not leaks, f"English words outside tr(): {leaks[:15]}"


def test_ts_catalogue_has_no_unfinished_messages() -> None:
    import xml.etree.ElementTree as ET
    root = ET.parse(ts_path("zh_CN")).getroot()
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation") is None or m.find("translation").get("type") == "unfinished"
                  or not (m.find("translation").text or "").strip()]
    assert not unfinished
    assert len(read_ts(ts_path("zh_CN"))) > 250


def test_switching_language_rebuilds_the_window_on_the_same_document(qtbot, document, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.app import App
    monkeypatch.setattr("ui.i18n.save_language", lambda _lang: None)
    monkeypatch.setattr("ui.app.App.open", lambda self, path: None)
    app = App("en", auto_forecast=False)
    app.document = document
    app._show_window()
    first = app.window
    assert first.sidebar.item(0).text() == "Data"
    from PySide6.QtGui import QUndoCommand
    document.undo_stack.push(QUndoCommand("Solve"))               # named before the switch
    document.undo_stack.push(QUndoCommand("Move A01 08:00"))      # a text with arguments stays
    app.switch_language("zh_CN")
    try:
        assert app.window is not first and app.window.document is document
        assert app.window.sidebar.item(0).text() == "数据"
        assert app.window.language_actions["zh_CN"].isChecked()
        assert document.undo_stack.command(0).text() == "求解"
        assert document.undo_stack.undoText() == "Move A01 08:00"
        app.switch_language("en")
        assert document.undo_stack.command(0).text() == "Solve"
    finally:
        install_language("en")
        app.window.close_for_replacement()


def test_typing_checks_speak_the_chosen_language(chinese) -> None:  # type: ignore[no-untyped-def]
    from ui.views.editing_support import integer, number, time_range
    with pytest.raises(ValueError, match="“abc”不是数字：请输入 0 到 80 h 之间的工时"):
        number("abc", 0, 80, "工时", " h")
    with pytest.raises(ValueError, match="超出 0–80 h"):
        number("90", 0, 80, "工时", " h")
    with pytest.raises(ValueError, match="“2.5”不是整数"):
        integer("2.5", 0, 10, "天数")
    with pytest.raises(ValueError, match="“8-22”不是时间段"):
        time_range("8-22")


def test_typing_checks_in_english_name_the_range() -> None:
    from ui.views.editing_support import number
    with pytest.raises(ValueError, match="'abc' is not a number: type a weight between 0 and 1000"):
        number("abc", 0, 1000, "weight")
