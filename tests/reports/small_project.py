"""A small project whose frequencies, co-occurrences and query results are counted by hand.

s1.txt (100 characters) and s2.txt (50), codes A, B, C, coders ann and bob:

    s1  ann A [0,10)  ann A [5,15)  ann B [8,20)  ann C [50,60)
        bob A [12,30) bob B [30,40) bob C [35,45)
    s2  ann A [0,5)   ann B [3,4)   bob B [10,20)

Attributes: outlet (choice paper|web): s1 paper, s2 web; year (number): s1 2022, s2 2024.
"""

from __future__ import annotations

import string
from pathlib import Path

CODINGS = (
    ("s1.txt", "ann", "A", 0, 10),
    ("s1.txt", "ann", "A", 5, 15),
    ("s1.txt", "ann", "B", 8, 20),
    ("s1.txt", "ann", "C", 50, 60),
    ("s1.txt", "bob", "A", 12, 30),
    ("s1.txt", "bob", "B", 30, 40),
    ("s1.txt", "bob", "C", 35, 45),
    ("s2.txt", "ann", "A", 0, 5),
    ("s2.txt", "ann", "B", 3, 4),
    ("s2.txt", "bob", "B", 10, 20),
)
LETTERS = string.ascii_letters + string.digits  # 62 distinct characters
TEXTS = {"s1.txt": (LETTERS * 2)[:100], "s2.txt": LETTERS[:50]}


def build_small_project(path: Path) -> Path:
    from coder.domain.model import ImportedText
    from coder.services import attributes, sources
    from coder.services.codings_csv import import_codings_csv
    from coder.services.project import create_project

    with create_project(path) as project:
        sources.store(project, [ImportedText(name, "txt", text) for name, text in TEXTS.items()])
        table = path.with_name("codings.csv")
        table.write_text(
            "source,coder,code,start,end\n" + "".join(f"{s},{c},{k},{a},{b}\n" for s, c, k, a, b in CODINGS),
            encoding="utf-8",
        )
        import_codings_csv(project, table, create_codes=True)
        outlet = attributes.define_attribute(project, "outlet", "choice", ["paper", "web"])
        year = attributes.define_attribute(project, "year", "number")
        ids = {s.name: s.id for s in sources.list_sources(project)}
        for name, (where, when) in {"s1.txt": ("paper", "2022"), "s2.txt": ("web", "2024")}.items():
            attributes.set_value(project, ids[name], outlet.id, where)
            attributes.set_value(project, ids[name], year.id, when)
    return path
