"""The progress line of long commands: shown on a terminal only, rewritten in place, erased at the end."""

from __future__ import annotations

import io

from coder.cli.progress import TerminalProgress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_one_line_rewritten_and_then_erased() -> None:
    terminal = FakeTerminal()
    progress = TerminalProgress(terminal, "reading files", delay=0)
    for done in range(3):
        progress.update(done, 3, f"file-{done}.txt")
        progress.next_at = 0  # as if a tenth of a second had passed
    progress.update(3, 3, "")
    progress.finish()
    written = terminal.getvalue()
    assert "\n" not in written
    assert "reading files: 0/3 file-0.txt" in written and "reading files: 3/3" in written
    assert written.endswith("\r" + " " * 79 + "\r")


def test_a_pipe_or_a_log_file_sees_nothing() -> None:
    log = io.StringIO()
    progress = TerminalProgress(log, "reading files", delay=0)
    progress.update(1, 3, "file.txt")
    progress.finish()
    assert log.getvalue() == ""


def test_names_from_files_are_shown_not_obeyed() -> None:
    terminal = FakeTerminal()
    progress = TerminalProgress(terminal, "reading files", delay=0)
    progress.update(0, 1, "evil\x1b]52;c;ZXZpbA==\x07.txt")
    assert "\x1b" not in terminal.getvalue() and "\x07" not in terminal.getvalue()
