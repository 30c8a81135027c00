"""Start-up stays light: building the command line loads no storage, importer, Qt or data library.

Speed itself is measured in bench/startup.py; this test keeps the imports that cost it from coming back.
"""

from __future__ import annotations

import ast
import subprocess
import sys

HEAVY = (
    "coder.services",
    "coder.storage",
    "coder.importers",
    "coder.analysis",
    "coder.ui",
    "sqlite3",
    "psycopg",
    "sqlalchemy",
    "PySide6",
    "numpy",
    "yaml",
    "fitz",
    "pymupdf",
    "openpyxl",
    "docx",
    "matplotlib",
    "json",
    "pathlib",
)

PROBE = """
import sys
before = set(sys.modules)
from coder.cli.main import build_parser
build_parser().format_help()
print(repr(sorted(set(sys.modules) - before)))
"""


def test_building_the_command_line_imports_nothing_heavy() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(done.stdout.strip())
    heavy = [name for name in loaded if name.split(".")[0] in HEAVY or name.startswith(HEAVY)]
    assert heavy == []
