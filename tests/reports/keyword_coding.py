"""Codings made by rule for tests and demos: every sentence that mentions a concept's keyword.

Two coders read differently: "Ana" codes the whole sentence, "Ben" the keyword with the rest of its
clause (up to the next comma or the end of the sentence), so their codings overlap without matching.
Nothing of the texts is stored: the codings are computed from whatever text is given.
"""

from __future__ import annotations

import re

RULES = {
    "Dilemmas/Entrapment": r"\bentrap\w*",
    "Dilemmas/Abandonment": r"\babandon\w*",
    "Alignment/Quasi-alliance building": r"\bquasi-allian\w*|\balliance\w*",
    "Alignment/Strategic autonomy": r"\bautonom\w*",
    "Operations/Joint exercises": r"\bexercis\w*|\bdrills?\b",
    "Operations/Joint patrols": r"\bpatrol\w*",
    "Arms & tech/Arms trade": r"\barms\b|\bweapon\w*",
    "Trust/Mistrust": r"\bmistrust\w*|\bdistrust\w*|\bsuspicio\w*",
    "Context/Ukraine war": r"\bUkrain\w*",
    "Context/Taiwan": r"\bTaiwan\w*",
}
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\n")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end): from after the previous sentence end to the next one."""
    before = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        before = match.end()
    after = _SENTENCE_END.search(text, end)
    stop = after.end() if after else len(text)
    while before < start and text[before].isspace():
        before += 1
    return before, max(stop, end)


def keyword_codings(text: str) -> list[tuple[str, str, int, int]]:
    """(coder, code path, start, end) of the rule-made codings of one text, Ana's and Ben's."""
    found: list[tuple[str, str, int, int]] = []
    for code, pattern in RULES.items():
        sentences: set[tuple[int, int]] = set()
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            sentences.add(sentence_around(text, match.start(), match.end()))
            comma = text.find(",", match.end())
            sentence_end = sentence_around(text, match.start(), match.end())[1]
            stop = sentence_end if comma < 0 else min(comma, sentence_end)
            found.append(("Ben", code, match.start(), max(stop, match.end())))
        found.extend(("Ana", code, start, end) for start, end in sorted(sentences))
    return found
