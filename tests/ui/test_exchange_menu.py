"""File menu exchange actions and the Tools menu, driven through the real main window."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from workspace_support import EMOJI_TEXT, Demo, FakeDialogs, drop

from coder.domain.model import ImportedText
from coder.services import codebook, coders, codings, exchange, sources
from coder.services.project import create_project


def _copy_of_another_coder(tmp_path: Path, demo: Demo) -> Path:
    """Bob's own project: the same first text (under another name) and the same codebook."""
    path = tmp_path / "bob.coder"
    other = create_project(path)
    (stored,) = sources.store(other, [ImportedText(name="renamed.txt", format="txt", text=EMOJI_TEXT)])
    alpha = codebook.add_code(other, "Alpha")
    bob = coders.ensure_coder(other, "Bob")
    start = EMOJI_TEXT.index("drills")
    codings.add_coding(other, stored.id, alpha.id, bob.id, start, start + 6, memo="Bob's note")
    other.close()
    return path


def _bob_codings(demo: Demo) -> list[Any]:
    bob = {c.id for c in coders.list_coders(demo.project) if c.name == "Bob"}
    return [c for c in codings.list_codings(demo.project) if c.coder_id in bob]


def test_merging_a_coders_copy_twice_adds_once(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    fake_dialogs.path = _copy_of_another_coder(tmp_path, demo)
    window.exchange.merge_copy.trigger()
    qtbot.waitUntil(lambda: not window.exchange.task.running, timeout=10_000)
    (merged,) = _bob_codings(demo)
    assert merged.source_id == demo.first and merged.memo == "Bob's note"
    assert EMOJI_TEXT[merged.start : merged.end] == "drills"
    assert "codings: 1 added" in fake_dialogs.infos[-1]
    window.exchange.merge_copy.trigger()
    qtbot.waitUntil(lambda: not window.exchange.task.running, timeout=10_000)
    assert len(_bob_codings(demo)) == 1
    assert "codings: 0 added, 1 already in the project" in fake_dialogs.infos[-1]
    assert [s.name for s in window.session.sources] == ["a-first.txt", "b-second.txt"]


def test_a_merge_is_written_off_the_ui_thread_and_the_window_waits_for_it(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs, monkeypatch: Any
) -> None:
    writing = threading.Event()
    release = threading.Event()
    on_main: list[bool] = []
    real = exchange.apply_bundle

    def slow_apply(project: Any, bundle: Any, *args: Any) -> Any:
        on_main.append(threading.current_thread() is threading.main_thread())
        writing.set()
        release.wait(10)
        return real(project, bundle, *args)

    monkeypatch.setattr(exchange, "apply_bundle", slow_apply)
    fake_dialogs.path = _copy_of_another_coder(tmp_path, demo)
    window.exchange.merge_copy.trigger()
    qtbot.waitUntil(writing.is_set)
    assert window.files.switch_to(tmp_path / "elsewhere.coder", create=True) is False
    assert "still running" in window._status.text() and not (tmp_path / "elsewhere.coder").exists()
    release.set()
    qtbot.waitUntil(lambda: not window.exchange.task.running, timeout=10_000)
    assert on_main == [False]
    assert len(_bob_codings(demo)) == 1
    assert "Bob" in [c.name for c in coders.list_coders(demo.project)]
    assert "codings: 1 added" in fake_dialogs.infos[-1]


def test_export_then_import_a_refi_project_through_the_menu(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    alice = coders.ensure_coder(demo.project, "Alice")
    start = EMOJI_TEXT.index("Patrols")
    end = start + len("Patrols 🚢")
    codings.add_coding(demo.project, demo.first, demo.codes["Beta child"], alice.id, start, end)
    fake_dialogs.path = tmp_path / "out.qdpx"
    window.exchange.export_project.trigger()
    assert fake_dialogs.path.exists()
    fresh_path = tmp_path / "fresh.coder"
    create_project(fresh_path).close()
    assert window.files.switch_to(fresh_path)
    fake_dialogs.path = tmp_path / "out.qdpx"
    window.exchange.import_project.trigger()
    qtbot.waitUntil(lambda: not window.exchange.task.running, timeout=10_000)
    book = window.session.codebook
    (coding,) = codings.list_codings(window.session.project)
    assert book.path_text(coding.code_id) == "Beta/Beta child"
    assert EMOJI_TEXT[coding.start : coding.end] == "Patrols 🚢"
    assert window.sources.list.model().rowCount() == 2
    assert not fake_dialogs.errors


def test_a_damaged_exchange_file_changes_nothing(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs, snapshot: Any
) -> None:
    bad = tmp_path / "broken.qdpx"
    bad.write_bytes(b"not a zip at all")
    before = snapshot(demo.project.path)
    fake_dialogs.path = bad
    window.exchange.import_project.trigger()
    qtbot.waitUntil(lambda: not window.exchange.task.running, timeout=10_000)
    assert len(fake_dialogs.errors) == 1 and "broken.qdpx" in fake_dialogs.errors[0]
    assert snapshot(demo.project.path) == before


def test_dropping_a_coder_project_merges_it(qtbot: Any, window: Any, demo: Demo, tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_copy_of_another_coder(tmp_path, demo)))])
    assert drop(window, QPoint(40, 40), mime, Qt.DropAction.CopyAction)
    qtbot.waitUntil(lambda: window.exchange.task is not None and not window.exchange.task.running)
    assert len(_bob_codings(demo)) == 1


def test_loading_and_exporting_a_codebook(
    window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    book = tmp_path / "extra.yaml"
    book.write_text(
        "codes:\n  - name: Alpha\n    definition: Now defined.\n  - name: Delta\n", encoding="utf-8"
    )
    fake_dialogs.path = book
    window.exchange.load_codebook.trigger()
    model = window.codebook.tree.model()
    shown = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert any("Delta" in str(name) for name in shown) and model.rowCount() == 4
    assert window.session.codebook.by_id[demo.codes["Alpha"]].definition == "Now defined."
    fake_dialogs.path = tmp_path / "appendix.md"
    window.exchange.export_codebook.trigger()
    assert "Now defined." in (tmp_path / "appendix.md").read_text(encoding="utf-8")


def test_tools_menu_opens_the_agreement_window(window: Any) -> None:
    window.agreement_action.trigger()
    agreement = window.open_agreement()
    assert agreement.isVisible()
