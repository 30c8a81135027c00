"""The codebook as a document for people: Markdown or HTML, e.g. for a paper's appendix.

Codes appear in codebook order, each under a heading one level deeper than its parent's
(down to the sixth level), with its path, colour and the four texts that are not empty, then
the coders' memos on it when they are given. Everything taken from the codebook is escaped, so
names and texts show as written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from coder.domain.colours import normalise_colour
from coder.domain.model import CodeSpec

FIELDS = (
    ("definition", "Definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_LINE_MARKER = re.compile(r"^(\s*)([-+=]|\d+[.)])")


# A code's path -> (coder, memo text) of each coder's memo on it.
CodeMemos = Mapping[tuple[str, ...], Sequence[tuple[str, str]]]


def _fields(spec: CodeSpec, memos: CodeMemos | None = None) -> list[tuple[str, str]]:
    fields = [(label, getattr(spec, name)) for name, label in FIELDS if getattr(spec, name).strip()]
    fields += [(f"Memo by {coder}", text) for coder, text in (memos or {}).get(spec.path, ()) if text.strip()]
    return fields


def _count(specs: Sequence[CodeSpec]) -> str:
    return "1 code" if len(specs) == 1 else f"{len(specs)} codes"


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written: markup characters escaped, line breaks kept."""
    lines = []
    for line in text.split("\n"):
        line = _MARKDOWN_SPECIAL.sub(r"\\\1", line.strip())
        lines.append(_LINE_MARKER.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line))
    paragraphs = "\n".join(lines).split("\n\n")
    return "\n\n".join("\\\n".join(line for line in part.split("\n") if line) for part in paragraphs)


def codebook_markdown(specs: Sequence[CodeSpec], title: str, memos: CodeMemos | None = None) -> str:
    parts = [f"# {escape_markdown(title)}", "", f"{_count(specs)}.", ""]
    for spec in specs:
        level = min(len(spec.path) + 1, 6)
        parts += [f"{'#' * level} {escape_markdown(spec.name)}", ""]
        facts = []
        if len(spec.path) > 1:
            facts.append("Path: " + " / ".join(escape_markdown(name) for name in spec.path))
        colour = normalise_colour(spec.colour or "")
        if colour:
            facts.append(f"Colour: `{colour}`")
        if facts:
            parts += ["  \n".join(facts), ""]
        for label, text in _fields(spec, memos):
            parts += [f"**{escape_markdown(label)}:**", "", escape_markdown(text), ""]
    return "\n".join(parts)


_STYLE = """
body { font-family: Georgia, serif; max-width: 46em; margin: 2em auto; line-height: 1.45; color: #222; }
h1 { font-size: 1.6em; } h2, h3, h4, h5, h6 { margin-bottom: 0.2em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border: 1px solid #666; margin-right: 0.4em; }
.path { color: #555; font-size: 0.9em; margin-top: 0; }
dt { font-weight: bold; margin-top: 0.5em; } dd { margin-left: 1.5em; }
"""


def _html_text(text: str) -> str:
    return "<br>\n".join(html.escape(line) for line in text.strip().split("\n"))


def codebook_html(specs: Sequence[CodeSpec], title: str, memos: CodeMemos | None = None) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{_count(specs)}.</p>",
    ]
    for spec in specs:
        level = min(len(spec.path) + 1, 6)
        colour = normalise_colour(spec.colour or "")
        swatch = f'<span class="swatch" style="background: {colour}"></span>' if colour else ""
        parts.append(f"<section><h{level}>{swatch}{html.escape(spec.name)}</h{level}>")
        if len(spec.path) > 1:
            parts.append(f'<p class="path">{" / ".join(html.escape(name) for name in spec.path)}</p>')
        fields = _fields(spec, memos)
        if fields:
            parts.append("<dl>")
            for label, text in fields:
                parts.append(f"<dt>{html.escape(label)}</dt><dd>{_html_text(text)}</dd>")
            parts.append("</dl>")
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
