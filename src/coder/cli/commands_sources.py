"""``init``, ``import``, ``sources`` and ``text``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from coder.cli.context import Context


def register(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser(
        "init",
    )
    init.add_argument(
        "path",
        metavar="PATH|URL",
        help="where to create the project: a new .coder file, or postgresql://... naming an empty database "
        "(the connecting role becomes the project's first lead)",
    )
    init.add_argument("--codebook", metavar="FILE", help="load this codebook (.yaml, .yml or .qdc) into it")
    init.set_defaults(run=run_init)

    imp = commands.add_parser("import")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.set_defaults(run=run_import)

    lst = commands.add_parser("sources")
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    lst.set_defaults(run=run_sources)

    txt = commands.add_parser("text")
    txt.add_argument("name", metavar="NAME")
    txt.set_defaults(run=run_text)


def run_init(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services.codebook_files import read_codebook_report
    from coder.services.project import create_project, is_server_location

    path: Path | str = args.path if is_server_location(args.path) else Path(args.path).expanduser()
    specs, notes = read_codebook_report(Path(args.codebook)) if args.codebook else (None, [])
    for note in notes:
        context.info(f"note: {note}")
    create_project(path, specs).close()
    context.info(f"created project {path}" + (f" with {len(specs)} codes" if specs else ""))
    return 0


def run_import(args: argparse.Namespace, context: Context) -> int:
    from pathlib import Path

    from coder.services import sources

    paths = [Path(name) for name in args.files]
    handler = import_handler(paths)
    if handler is not None:
        return handler(paths, context)
    from coder.cli.progress import TerminalProgress

    project = context.project  # a project that cannot be opened is refused before any file is read
    progress = TerminalProgress(context.err, "reading files")
    try:
        stored = sources.import_files(project, paths, progress)
    finally:
        progress.finish()
    for info in stored:
        pages = f", {info.pages} pages" if info.pages else ""
        context.info(f"added {info.name} ({info.format}, {info.characters} characters{pages})")
    return 0


def import_handler(paths: list[Path]) -> Callable[[list[Path], Context], int] | None:
    """Project exchange files (.qdpx, or a bare .qde) go to the REFI-QDA import."""
    if any(p.suffix.lower() in (".qdpx", ".qde") for p in paths):
        from coder.cli.commands_exchange import import_qdpx_paths

        return import_qdpx_paths
    return None


def run_sources(args: argparse.Namespace, context: Context) -> int:
    import json

    from coder.domain.terminal import one_line
    from coder.services import sources

    infos = sources.list_sources(context.project)
    if args.json:
        items = []
        for info in infos:
            item: dict[str, object] = {
                "name": info.name,
                "format": info.format,
                "characters": info.characters,
                "sha256": info.sha256,
                "id": info.id,
                "imported_at": info.imported_at.isoformat(),
            }
            if info.format == "pdf":
                item["pages"] = info.pages
            items.append(item)
        json.dump(items, context.out, ensure_ascii=False, indent=2)
        context.out.write("\n")
        return 0
    if not infos:
        context.info("no sources yet; add some with 'coder import FILE...'")
        return 0
    names = [one_line(info.name) for info in infos]
    width = max(len(name) for name in names)
    for name, info in zip(names, infos, strict=True):
        pages = f"  {info.pages} pages" if info.pages else ""
        print(f"{name:<{width}}  {info.format:<4}  {info.characters:>9} characters{pages}", file=context.out)
    return 0


def run_text(args: argparse.Namespace, context: Context) -> int:
    from coder.services import sources

    info = sources.find_source(context.project, args.name)
    text = sources.source_text(context.project, info.id)
    out = getattr(context.out, "buffer", None)
    if out is None:
        context.out.write(text)
    else:
        context.out.flush()
        out.write(text.encode("utf-8"))
        out.flush()
    return 0
