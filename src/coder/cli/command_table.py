"""The commands of ``coder`` and the texts of its top-level help: plain data, imported by nothing heavy.

``coder --help`` is answered from this table alone (see :mod:`coder.cli.overview`); ``coder.cli.main``
builds the full command line from it.
"""

DESCRIPTION = "Qualitative text coding: sources, codebook, codings and inter-coder agreement."
EPILOG = "Without a command, the desktop app opens on the project."
PROJECT_HELP = (
    "the project: a .coder file or a postgresql:// URL (default: $CODER_PROJECT, else the default "
    "project in your user data folder)"
)

# Every command, the module that defines it and its line of help. 'coder --help' lists them from this
# table alone; only the module of the command being run is imported (start-up time is measured).
COMMANDS: dict[str, tuple[str, str]] = {
    "gui": ("commands_gui", "open the desktop app on the project (the default)"),
    "init": (
        "commands_sources",
        "create a new, empty project: a file, or a server project in an empty PostgreSQL database",
    ),
    "import": (
        "commands_sources",
        "add files as sources (.txt, .md, .pdf, .docx); all are checked before any is added",
    ),
    "sources": ("commands_sources", "list the sources"),
    "text": ("commands_sources", "print the stored text of a source exactly"),
    "codebook": ("commands_codebook", "load or export the codebook"),
    "codings": ("commands_codings", "bulk operations on codings"),
    "export": ("commands_export", "export codings: spans, a coded PDF, the project (.qdpx), the codebook"),
    "merge": (
        "commands_exchange",
        "bring another coder's project file (or a .qdpx) into this project: sources matched by their "
        "text, codes by path, coders by name; merging the same file again adds nothing",
    ),
    "agreement": (
        "commands_agreement",
        "inter-coder agreement per code, per source and pooled (unit: the character)",
    ),
    "consensus": ("commands_consensus", "settle disagreements into a consensus coder"),
    "search": (
        "commands_search",
        "find a word, phrase or regular expression in every source (offsets in code points)",
    ),
    "memos": ("commands_memos", "memos on sources and codes, and the journal"),
    "journal": ("commands_memos", "the project journal: dated entries"),
    "attributes": (
        "commands_attributes",
        "typed attributes of sources (outlet, year, ...): list, define, set, import and export",
    ),
    "report": (
        "commands_reports",
        "code frequencies, co-occurrence or a code × group matrix (CSV, XLSX, HTML)",
    ),
    "query": (
        "commands_reports",
        "segments by code combinations: coded A, A overlap B, A within B, A not B, A followed B",
    ),
    "copy": (
        "commands_team",
        "copy a whole project to a new place: file to server, server to file, or file to file (every id "
        "kept; the target must hold no project)",
    ),
    "team": ("commands_team", "the team of a server project: who codes, who leads"),
}
