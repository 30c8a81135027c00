"""Hostile files for every reader, generated: one sentence and no change, or valid data.

For each kind of file coder reads, hypothesis builds files from a mix of valid parts and hostile
ones (stray quotes, control characters, foreign digits, repeated ids, deep trees, tags, aliases,
DOCTYPEs, bombs, broken encodings and truncation). Each file goes to its reader directly and then
through the command line, in-process, against a copy of a small project. The contract:

- refused: exit status 1 and exactly one line on standard error, starting ``coder: error:``,
  without a traceback or "unexpected problem", and every table of the project as it was;
- accepted: exit status 0, and the project still sound: ``PRAGMA integrity_check`` and the foreign
  keys hold, every coding lies inside its source's text, every name passes ``check_name`` and no
  code is deeper than the limit.

A new kind of file is one more entry in :data:`KINDS` (a ``.coder`` file to merge will be one:
its strategy, ``lambda path, extra: ["merge", path]``, and ``read_coder_file`` as its reader).
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder.domain.errors import CoderError
from coder.domain.limits import MAX_CODE_DEPTH
from coder.domain.names import check_name

# ------------------------------------------------------------------ pieces, valid and hostile

NAMES = st.sampled_from(
    [
        "Trust",
        "Entrapment",
        "Ann",
        "s.txt",
        "中俄",
        "😀",
        "=1+1",
        "-x",
        "@a",
        "a/b",
        "Trust/Sub",
        "",
        " ",
        "x" * 300,
    ]
) | st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=6)
NUMBERS = st.sampled_from(
    ["0", "4", "7", "12", "-1", "١٢", "1_0", "４", "9" * 40, "1e3", "", " 3 "]
) | st.integers(-5, 60).map(str)
# XML cannot hold most control characters at all; references to some of them are tried on purpose.
XML_NAMES = NAMES.filter(lambda name: not any(ord(ch) < 32 or ch in "\ufffe\uffff" for ch in name)).map(
    lambda name: name.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
) | st.sampled_from(["A&#10;B", "A&#9;", "a::b::c", "a\\b", "a\\b", "&#0;"])
ENCODINGS = st.sampled_from(["utf-8"] * 5 + ["utf-8-sig", "utf-16", "latin-1", "cp1252"])


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@st.composite
def _mangled(draw: st.DrawFn, text: str) -> bytes:
    """The text encoded somehow, then perhaps cut short or with hostile bytes spliced in."""
    data = _encode(text, draw(ENCODINGS))
    action = draw(st.sampled_from(["keep"] * 6 + ["cut", "splice"]))
    if action == "cut" and data:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif action == "splice":
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at]
            + draw(st.sampled_from([b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b'"', b"\r", b"\x85"]))
            + data[at:]
        )
    return data


# ------------------------------------------------------------------ codings CSV


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    header = draw(
        st.sampled_from(
            [
                ["source", "coder", "code", "start", "end", "memo"],
                ["source", "coder", "code", "start", "end"],
                ["source", "coder", "code", "start", "start", "end"],
                ["source", "coder", "code", "end"],
                [" source ", "coder", "code", "start", "end", "extra"],
            ]
        )
    )
    fields = st.one_of(NAMES, NUMBERS, st.sampled_from(['"', '""', '"a,b"', '"open', 'x"y', "a\nb", "\x00"]))
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        good = ["s.txt", draw(st.sampled_from(["Ann", "Bob"])), "Trust", "0", "4", "a memo"][: len(header)]
        row = [draw(fields) if draw(st.booleans()) else value for value in good]
        row += draw(st.lists(fields, max_size=1))
        rows.append(",".join(row))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = ending.join([",".join(header), *rows]) + draw(st.sampled_from([ending, ""]))
    return draw(_mangled(text)), draw(st.sampled_from([[], ["--create-codes"]]))


# ------------------------------------------------------------------ YAML codebooks


@st.composite
def _yaml_codes(draw: st.DrawFn, depth: int) -> str:
    pad = "  " * depth
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(NAMES)
        written = draw(st.sampled_from([name, repr(name), '"' + name + '"']))
        lines.append(f"{pad}- name: {written}")
        for key in draw(
            st.lists(st.sampled_from(["colour", "definition", "guid", "bogus", "name"]), max_size=2)
        ):
            value = draw(
                st.sampled_from(['"#a8cbf2"', "red", "12", "!!python/object:os.system x", "*alias", ""])
            )
            lines.append(f"{pad}  {key}: {value}")
        if depth < 3 and draw(st.booleans()):
            lines.append(f"{pad}  children:")
            lines.append(draw(_yaml_codes(depth + 2)))
    return "\n".join(lines)


def _deep_yaml(levels: int) -> str:
    return (
        "codes:\n"
        + "\n".join(f"{'    ' * n}  - name: L{n}\n{'    ' * n}    children:" for n in range(levels))
        + f"\n{'    ' * levels}  - name: leaf\n"
    )


@st.composite
def yaml_files(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    body = draw(
        st.one_of(
            _yaml_codes(1).map(lambda codes: "codebook:\n  name: Study\ncodes:\n" + codes + "\n"),
            st.sampled_from(
                [
                    "codes: &a [*a]\n",
                    "codes:\n  - !!python/object/apply:os.system ['true']\n",
                    "codes: " + "[" * 3000 + "]" * 3000 + "\n",
                    "codes:\n\t- name: Tab\n",
                    "codes:\n  - name: A\n    name: B\n",
                    "codes:\n  - {name: A, children: [{name: B, children: [{name: A}]}]}\n",
                    "- just a list\n",
                    "",
                ]
            ),
            st.integers(MAX_CODE_DEPTH - 2, MAX_CODE_DEPTH + 5).map(_deep_yaml),
        )
    )
    return draw(_mangled(body)), []


# ------------------------------------------------------------------ REFI-QDA codebooks and projects


class Ids:
    """GUIDs for one file: new ones mostly, now and then one already given (or no GUID at all)."""

    def __init__(self) -> None:
        self.given: list[str] = []

    def new(self, draw: st.DrawFn) -> str:
        choice = draw(st.sampled_from(["new"] * 8 + ["again", "odd"]))
        if choice == "again" and self.given:
            return draw(st.sampled_from(self.given))
        if choice == "odd":
            return draw(st.sampled_from(["", "not-a-guid", "{" + str(uuid.UUID(int=len(self.given))) + "}"]))
        self.given.append(str(uuid.UUID(int=(1 << 64) + len(self.given))))
        return self.given[-1]

    def known(self, draw: st.DrawFn) -> str:
        """A GUID given before (or, rarely, one nobody has)."""
        return draw(st.sampled_from([*self.given, "ffffffff-0000-4000-8000-000000000000"]))


@st.composite
def _xml_codes(draw: st.DrawFn, ids: Ids, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0 if depth else 1, 3))):
        name = draw(XML_NAMES)
        colour = draw(st.sampled_from(["", ' color="#ff0000"', ' color="rgb(1,2,3)"', ' color="bad"']))
        guid = ids.new(draw)
        inner = draw(_xml_codes(ids, depth + 1)) if depth < 3 and draw(st.booleans()) else ""
        parts.append(f'<Code guid="{guid}" name="{name}"{colour} isCodable="true">{inner}</Code>')
    return "".join(parts)


def _nested_codes(levels: int, ids: Ids) -> str:
    guids = [str(uuid.UUID(int=n)) for n in range(levels)]
    ids.given += guids
    return "".join(f'<Code guid="{g}" name="L{n}">' for n, g in enumerate(guids)) + "</Code>" * levels


@st.composite
def _codes_xml(draw: st.DrawFn, ids: Ids) -> str:
    if draw(st.sampled_from([False] * 5 + [True])):
        return _nested_codes(draw(st.sampled_from([MAX_CODE_DEPTH, MAX_CODE_DEPTH + 1, 2000])), ids)
    return draw(_xml_codes(ids))


PROLOGUES = st.sampled_from(
    [
        *['<?xml version="1.0" encoding="utf-8"?>\n'] * 5,
        "",
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n',
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n',
    ]
)


@st.composite
def qdc_files(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    root = draw(st.sampled_from(["CodeBook"] * 5 + ["Project"]))
    sets = draw(st.sampled_from(["", "<Sets/>", '<Sets><Set guid="x" name="s"/></Sets>']))
    codes = draw(_codes_xml(Ids()))
    text = f'{draw(PROLOGUES)}<{root} xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes>{sets}</{root}>'
    return draw(_mangled(text)), []


@st.composite
def _selections(draw: st.DrawFn, codes: Ids, users: Ids, notes: Ids) -> str:
    parts = []
    for _ in range(draw(st.sampled_from([1, 2, 3, 0]))):
        codings = "".join(
            f'<Coding guid="{uuid.uuid4()}" creatingUser="{users.known(draw)}">'
            f'<CodeRef targetGUID="{codes.known(draw)}"/>'
            + draw(st.sampled_from(["", f'<NoteRef targetGUID="{notes.known(draw)}"/>']))
            + "</Coding>"
            for _ in range(draw(st.sampled_from([1, 2, 0])))
        )
        start = draw(st.integers(0, 12).map(str) | NUMBERS)
        end = draw(st.integers(13, 31).map(str) | NUMBERS)
        parts.append(
            f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{start}" '
            f'endPosition="{end}">{codings}</PlainTextSelection>'
        )
    return "".join(parts)


TEXTS = st.sampled_from(
    ["Alpha beta gamma delta epsilon.", "中俄 😀 e\u0301\r\nline two", "\ufeffmarked", ""]
)
HOSTILE_MEMBERS = st.sampled_from([None] * 14 + ["../evil.txt", "bomb", "docx", "second.qde"])


@st.composite
def qdpx_files(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    codes, users, sources, notes = Ids(), Ids(), Ids(), Ids()
    people = "".join(
        f'<User guid="{users.new(draw)}" name="{draw(XML_NAMES)}"/>' for _ in range(draw(st.integers(0, 2)))
    )
    notes_xml = "".join(f'<Note guid="{notes.new(draw)}" name="n"/>' for _ in range(draw(st.integers(0, 2))))
    codebook = draw(_codes_xml(codes))
    members: dict[str, bytes] = {}
    texts = []
    for number in range(draw(st.sampled_from([1, 1, 2, 0]))):
        member = f"{number}.txt"
        texts.append(
            f'<TextSource guid="{sources.new(draw)}" name="{draw(XML_NAMES)}" '
            f'plainTextPath="internal://{member}">{draw(_selections(codes, users, notes))}</TextSource>'
        )
        if draw(st.sampled_from([True] * 4 + [False])):
            members[f"sources/{member}"] = draw(_mangled(draw(TEXTS)))
    extra = draw(st.sampled_from(["", "<Cases><Case/></Cases>", "<Graphs><Graph/></Graphs>", "<Unknown/>"]))
    qde = (
        f'{draw(PROLOGUES)}<Project xmlns="urn:QDA-XML:project:1.0" name="{draw(XML_NAMES)}">'
        f"<Users>{people}</Users><CodeBook><Codes>{codebook}</Codes></CodeBook>"
        f"<Sources>{''.join(texts)}</Sources><Notes>{notes_xml}</Notes>{extra}</Project>"
    )
    members["project.qde"] = (
        qde.encode() if draw(st.sampled_from([True] * 3 + [False])) else draw(_mangled(qde))
    )
    for hostile in {draw(HOSTILE_MEMBERS) for _ in range(2)} - {None}:
        if hostile == "bomb":
            members.update({f"sources/zero-{n}.txt": bytes(1024 * 1024) for n in range(3)})
        elif hostile == "docx":
            members["sources/0.docx"] = draw(st.binary(max_size=64))
        else:
            members[hostile] = b"x"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = buffer.getvalue()
    if draw(st.sampled_from([False] * 9 + [True])):
        data = data[: draw(st.integers(0, len(data)))]
    return data, []


# ------------------------------------------------------------------ source files


@st.composite
def text_files(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    text = draw(
        st.text(max_size=40) | st.sampled_from(["\ufeff\ufefftwo marks", "a\x00b", "\x01\x02\x03\x04"])
    )
    return draw(st.one_of(_mangled(text), st.binary(max_size=40))), []


# ------------------------------------------------------------------ the kinds and the contract


def _read_qdc(path: Path) -> object:
    from coder.refi.codebook import read_qdc_report

    return read_qdc_report(path)


def _read_yaml(path: Path) -> object:
    from coder.services.codebook_files import read_codebook_report

    return read_codebook_report(path)


def _read_qdpx(path: Path) -> object:
    from coder.services.exchange import read_exchange_file

    return read_exchange_file(path)


def _read_text(path: Path) -> object:
    from coder.importers import import_file

    return import_file(path)


@dataclass(frozen=True)
class Kind:
    suffix: str
    files: st.SearchStrategy[tuple[bytes, list[str]]]
    command: Callable[[Path, list[str]], list[str | Path]]
    read: Callable[[Path], object] | None  # the reader on its own, where there is one to call
    examples: int


KINDS: dict[str, Kind] = {
    "codings csv": Kind(
        ".csv", csv_files(), lambda path, extra: ["codings", "import", path, *extra], None, 40
    ),
    "yaml codebook": Kind(
        ".yaml", yaml_files(), lambda path, extra: ["codebook", "load", path], _read_yaml, 40
    ),
    "qdc codebook": Kind(".qdc", qdc_files(), lambda path, extra: ["codebook", "load", path], _read_qdc, 40),
    "qdpx project": Kind(".qdpx", qdpx_files(), lambda path, extra: ["import", path], _read_qdpx, 40),
    "text source": Kind(".txt", text_files(), lambda path, extra: ["import", path], _read_text, 20),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project: a source s.txt, codes Trust and Trust/Sub, a coder Ann and one coding."""
    from coder.domain.model import CodeSpec
    from coder.services import coders, codings, sources
    from coder.services.project import create_project

    folder = tmp_path_factory.mktemp("template")
    (folder / "s.txt").write_text("Mutual trust between the armies grew.", encoding="utf-8")
    path = folder / "template.coder"
    with create_project(path, [CodeSpec(path=("Trust",)), CodeSpec(path=("Trust", "Sub"))]) as project:
        [info] = sources.import_files(project, [folder / "s.txt"])
        from coder.services.codebook import get_codebook

        trust = get_codebook(project).by_path(("Trust",))
        assert trust is not None
        codings.add_coding(project, info.id, trust.id, coders.ensure_coder(project, "Ann").id, 0, 6)
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Callable[[], Path]]:
    def fresh() -> Path:
        folder = tmp_path / uuid.uuid4().hex
        folder.mkdir()
        return folder

    yield fresh


def _one_sentence(message: str) -> None:
    assert len(message.splitlines()) == 1, message  # no line break of any kind
    assert "Traceback" not in message and "unexpected problem" not in message, message


def _sound(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        outside = connection.execute(
            "SELECT COUNT(*) FROM codings JOIN sources ON sources.id = codings.source_id "
            'WHERE codings.start < 0 OR codings.start >= codings."end" OR codings."end" > sources.characters '
            "OR sources.characters != length(sources.text)"
        ).fetchone()[0]
        assert outside == 0
        for table, kind in (("sources", "source"), ("codes", "code"), ("coders", "coder")):
            for (name,) in connection.execute(f"SELECT name FROM {table}"):
                check_name(kind, name)
        parents = dict(connection.execute("SELECT id, parent_id FROM codes"))
        for code in parents:
            depth, current = 0, code
            while current is not None:
                depth, current = depth + 1, parents[current]
                assert depth <= MAX_CODE_DEPTH
    finally:
        connection.close()


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_hostile_file_is_refused_in_one_sentence_or_read_soundly(
    kind: str, template: Path, workspace: Callable[[], Path], cli: Callable, snapshot: Callable
) -> None:
    spec = KINDS[kind]

    @settings(
        max_examples=spec.examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(spec.files)
    def check(case: tuple[bytes, list[str]]) -> None:
        data, extra = case
        folder = workspace()
        project = folder / "p.coder"
        shutil.copyfile(template, project)
        path = folder / f"hostile{spec.suffix}"
        path.write_bytes(data)
        if spec.read is not None:
            try:
                spec.read(path)
            except CoderError as error:
                _one_sentence(str(error))
        before = snapshot(project)
        result = cli("--project", project, *spec.command(path, extra))
        if result.code == 0:
            _sound(project)
            return
        assert result.code == 1, result.err
        lines = result.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("coder: error: "), result.err
        _one_sentence(lines[0])
        assert snapshot(project) == before

    check()


def test_the_harness_accepts_a_good_file_and_refuses_a_broken_one(
    template: Path, workspace: Callable[[], Path], cli: Callable
) -> None:
    folder = workspace()
    project = folder / "p.coder"
    shutil.copyfile(template, project)
    good = folder / "good.csv"
    good.write_text("source,coder,code,start,end\ns.txt,Bob,Trust,7,12\n", encoding="utf-8")
    assert cli("--project", project, "codings", "import", good).code == 0
    _sound(project)
    bad = folder / "bad.csv"
    bad.write_text('source,coder,code,start,end\ns.txt,Bob,Trust,7,"12\n', encoding="utf-8")
    refused = cli("--project", project, "codings", "import", bad)
    assert refused.code == 1 and refused.err.startswith("coder: error: bad.csv, line 2: a quote opens")
