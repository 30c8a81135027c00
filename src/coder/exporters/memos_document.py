"""Memos and the journal as a document for people: Markdown or HTML.

Three parts: memos on sources (by source name), memos on codes (in codebook order), and the
journal (oldest entry first, as a diary reads). Each memo names its coder and when it was last
changed. Everything taken from the project is escaped, so memos show as written, never as markup.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from coder.exporters.codebook_document import escape_markdown


@dataclass(frozen=True, slots=True)
class MemoEntry:
    coder: str
    date: datetime  # a memo's last change; a journal entry's date
    text: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class MemoSection:
    heading: str  # a source's name or a code's path
    entries: tuple[MemoEntry, ...]


@dataclass(frozen=True, slots=True)
class MemosDocument:
    title: str
    sources: tuple[MemoSection, ...] = ()
    codes: tuple[MemoSection, ...] = ()
    journal: tuple[MemoEntry, ...] = ()

    @property
    def count(self) -> int:
        return sum(len(s.entries) for s in (*self.sources, *self.codes)) + len(self.journal)


def when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'s' * (number != 1)}"


def memos_markdown(document: MemosDocument) -> str:
    parts = [f"# {escape_markdown(document.title)}", ""]
    for heading, sections in (("Memos on sources", document.sources), ("Memos on codes", document.codes)):
        parts += [f"## {heading}", ""]
        if not sections:
            parts += ["None.", ""]
        for section in sections:
            parts += [f"### {escape_markdown(section.heading)}", ""]
            for entry in section.entries:
                parts += [f"*{escape_markdown(entry.coder)}, {when(entry.date)}:*", ""]
                if entry.title:
                    parts += [f"**{escape_markdown(entry.title)}**", ""]
                parts += [escape_markdown(entry.text), ""]
    parts += ["## Journal", ""]
    if not document.journal:
        parts += ["No entries.", ""]
    for entry in document.journal:
        title = escape_markdown(entry.title) if entry.title else "(untitled)"
        parts += [f"### {when(entry.date)} — {title}", "", f"*{escape_markdown(entry.coder)}*", ""]
        parts += [escape_markdown(entry.text), ""]
    return "\n".join(parts)


_STYLE = """
body { font-family: Georgia, serif; max-width: 46em; margin: 2em auto; line-height: 1.45; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
.by { color: #555; font-size: 0.9em; margin-bottom: 0.2em; }
.memo { white-space: pre-wrap; margin-top: 0; }
"""


def _entry_html(entry: MemoEntry, heading: str = "") -> list[str]:
    parts = [heading] if heading else []
    parts.append(f'<p class="by">{html.escape(entry.coder)}, {when(entry.date)}</p>')
    if entry.title and not heading:
        parts.append(f"<p><b>{html.escape(entry.title)}</b></p>")
    parts.append(f'<p class="memo">{html.escape(entry.text)}</p>')
    return parts


def memos_html(document: MemosDocument) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>{html.escape(document.title)}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<h1>{html.escape(document.title)}</h1>",
        f"<p>{_count(document.count, 'memo')} and journal entries in all.</p>",
    ]
    for heading, sections in (("Memos on sources", document.sources), ("Memos on codes", document.codes)):
        parts.append(f"<h2>{heading}</h2>")
        if not sections:
            parts.append("<p>None.</p>")
        for section in sections:
            parts.append(f"<section><h3>{html.escape(section.heading)}</h3>")
            for entry in section.entries:
                parts += _entry_html(entry)
            parts.append("</section>")
    parts.append("<h2>Journal</h2>")
    if not document.journal:
        parts.append("<p>No entries.</p>")
    for entry in document.journal:
        title = html.escape(entry.title) if entry.title else "(untitled)"
        parts += _entry_html(entry, f"<h3>{when(entry.date)} — {title}</h3>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def render(document: MemosDocument, markdown: bool) -> str:
    return memos_markdown(document) if markdown else memos_html(document)


def sections(items: Sequence[tuple[str, MemoEntry]]) -> tuple[MemoSection, ...]:
    """Entries grouped under their heading, in the order the headings first appear."""
    grouped: dict[str, list[MemoEntry]] = {}
    for heading, entry in items:
        grouped.setdefault(heading, []).append(entry)
    return tuple(MemoSection(heading, tuple(entries)) for heading, entries in grouped.items())
