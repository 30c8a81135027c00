"""Benchmark: codebooks of 20,000 and 100,000 codes, loaded, exported and shown in the app's tree model.

Run: ``python bench/codebook_scale.py [SIZES...]`` (default 20000 100000). For each size the codebook
has a chain as deep as coder allows, a flat top level of half the codes and the rest as children of
a hundred of them, so that both a long list of siblings and a deep path are exercised. Measured:

- ``load``: ``services.codebook.load_specs`` into a new project;
- ``export_yaml`` / ``export_qdc``: the project's codebook written by
  ``services.codebook_files.write_codebook_file``, reading it from the project included;
- ``tree_model``: ``CodebookTreeModel.set_codebook`` and a walk over every index, as a view does.

Baselines, measured in the same run on the same codes: inserting the same rows with plain
``sqlite3`` (for ``load``); building the same nested list of dicts (with a GUID per code, as coder
writes) and dumping it with PyYAML's pure-Python safe dumper (for ``export_yaml``), building the
same nested ElementTree elements and serialising them (for ``export_qdc``), and walking the nested
dicts depth first (for ``tree_model``). Times are CPU seconds of this process, which other work on
the machine disturbs far less than the clock; the whole run's wall-clock time is printed too. Each
figure is printed with its ratio to its baseline; the last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import yaml

from coder.domain.limits import MAX_CODE_DEPTH
from coder.domain.model import CodeSpec, new_id

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SIZES = (20_000, 100_000)
FAMILIES = 100


def codebook(size: int) -> list[CodeSpec]:
    """A chain MAX_CODE_DEPTH deep, half the codes at the top level, the rest in FAMILIES families."""
    specs = [
        CodeSpec(path=tuple(f"Level {d}" for d in range(1, depth + 1)))
        for depth in range(1, MAX_CODE_DEPTH + 1)
    ]
    assert len(specs) == MAX_CODE_DEPTH
    tops = size // 2
    specs += [CodeSpec(path=(f"Theme {t}",), definition=f"The theme number {t}.") for t in range(tops)]
    specs += [
        CodeSpec(path=(f"Theme {n % FAMILIES}", f"Aspect {n}"), colour="#a8cbf2", example=f"An example {n}.")
        for n in range(size - len(specs))
    ]
    return specs


def timed(work: Callable[[], object]) -> tuple[float, Any]:
    """Seconds of this process's CPU time (steadier than the clock on a shared machine), and the result."""
    began = time.process_time()
    result = work()
    return time.process_time() - began, result


def nested(specs: list[CodeSpec]) -> list[dict[str, Any]]:
    """The same codes as the nested list of dicts a codebook file holds."""
    top: list[dict[str, Any]] = []
    entries: dict[tuple[str, ...], dict[str, Any]] = {}
    for spec in specs:
        entry: dict[str, Any] = {"name": spec.name, "guid": new_id()}
        for key in ("colour", "definition", "example"):
            if getattr(spec, key):
                entry[key] = getattr(spec, key)
        entries[spec.path] = entry
        holder = top if len(spec.path) == 1 else entries[spec.path[:-1]].setdefault("children", [])
        holder.append(entry)
    return top


def sqlite_insert(path: Path, specs: list[CodeSpec]) -> None:
    ids: dict[tuple[str, ...], str] = {}
    rows = []
    for position, spec in enumerate(specs):
        ids[spec.path] = new_id()
        parent = ids[spec.path[:-1]] if len(spec.path) > 1 else None
        rows.append(
            (ids[spec.path], spec.name, parent, spec.colour or "", spec.definition, spec.example, position)
        )
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "CREATE TABLE codes (id TEXT PRIMARY KEY, name TEXT, parent_id TEXT REFERENCES codes(id), "
            "colour TEXT, definition TEXT, example TEXT, position INTEGER)"
        )
        connection.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    connection.close()


def xml_dump(codes: list[dict[str, Any]]) -> bytes:
    root = ET.Element("CodeBook", {"xmlns": "urn:QDA-XML:codebook:1.0"})
    stack = [(ET.SubElement(root, "Codes"), iter(codes))]
    while stack:
        holder, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        element = ET.SubElement(holder, "Code", {"guid": entry["guid"], "name": entry["name"]})
        if "definition" in entry:
            ET.SubElement(element, "Description").text = entry["definition"]
        stack.append((element, iter(entry.get("children", ()))))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def walk_dicts(codes: list[dict[str, Any]]) -> int:
    seen = 0
    stack = [iter(codes)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        seen += 1
        stack.append(iter(entry.get("children", ())))
    return seen


def walk_model(model: Any) -> int:
    """Visit every index as a tree view does: rows under each parent, and each index's parent."""
    from PySide6.QtCore import QModelIndex

    seen = 0
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            assert model.parent(index) == parent
            seen += 1
            stack.append(index)
    return seen


def measure(size: int, folder: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from coder.services.codebook import export_specs, get_codebook, load_specs
    from coder.services.codebook_files import write_codebook_file
    from coder.services.project import create_project
    from coder.ui.models.codebook_tree_model import CodebookTreeModel

    _app = QApplication.instance() or QApplication([])
    specs = codebook(size)
    figures: dict[str, float] = {}
    project = create_project(folder / f"scale-{size}.coder")
    try:
        figures["load"], _ = timed(lambda: load_specs(project, specs))
        figures["export_yaml"], _ = timed(
            lambda: write_codebook_file(folder / f"{size}.yaml", export_specs(project), "Scale")
        )
        figures["export_qdc"], _ = timed(
            lambda: write_codebook_file(folder / f"{size}.qdc", export_specs(project))
        )
        book = get_codebook(project)
    finally:
        project.close()
    model = CodebookTreeModel()

    def show() -> int:
        model.set_codebook(book, {})
        return walk_model(model)

    figures["tree_model"], shown = timed(show)
    assert shown == size, (shown, size)
    figures["baseline_sqlite_insert"], _ = timed(lambda: sqlite_insert(folder / f"plain-{size}.db", specs))
    document = nested(specs)
    figures["baseline_yaml_dump"], _ = timed(
        lambda: yaml.dump({"codes": document}, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False)
    )
    figures["baseline_xml_dump"], _ = timed(lambda: xml_dump(document))
    figures["baseline_walk_dicts"], walked = timed(lambda: walk_dicts(document))
    assert walked == size
    return figures


def main(argv: list[str]) -> int:
    sizes = tuple(int(a) for a in argv) or SIZES
    result: dict[str, Any] = {"depth": MAX_CODE_DEPTH, "unit": "cpu seconds"}
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            f = measure(size, Path(folder))
            ratios = {
                "load_vs_sqlite_insert": f["load"] / f["baseline_sqlite_insert"],
                "export_yaml_vs_yaml_dump": f["export_yaml"] / f["baseline_yaml_dump"],
                "export_qdc_vs_xml_dump": f["export_qdc"] / f["baseline_xml_dump"],
                "tree_model_vs_walk_dicts": f["tree_model"] / f["baseline_walk_dicts"],
            }
            for name, seconds in f.items():
                print(f"{size} codes: {name} {seconds:.2f} s of CPU")
            for name, ratio in ratios.items():
                print(f"{size} codes: {name} ratio {ratio:.1f}")
            result[str(size)] = {
                **{k: round(v, 3) for k, v in f.items()},
                **{k: round(v, 2) for k, v in ratios.items()},
            }
    result["wall_seconds"] = round(time.perf_counter() - began, 1)
    print(f"whole run: {result['wall_seconds']} s by the clock")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
