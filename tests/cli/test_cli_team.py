"""Server projects from the command line: init, copy between engines, the team and its rights."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from coder.services import codings as codings_service
from coder.services.project import open_project
from pg_server import PgServer

TEXT_A = "Moscow and Beijing 北京 sign a treaty 😀; Washington watches.\nA second line.\n"
TEXT_B = "Entrapment fears grow as the partners drill together.\n"
CODEBOOK = """codebook:
  name: Small
codes:
  - name: Alliance dynamics
    colour: "#f4a6a6"
    definition: How partners bind.
    children:
      - name: Entrapment
        definition: Fear of being dragged in.
  - name: Third-party targeting
    colour: "#a6c8f4"
"""
CODINGS = """source,coder,code,start,end,memo
a.txt,ana,Alliance dynamics,0,6,first
a.txt,ana,Entrapment,11,22,
a.txt,ben,Alliance dynamics,0,7,wider
a.txt,ben,Third-party targeting,40,50,
b.txt,ana,Entrapment,0,10,
b.txt,ben,Entrapment,0,10,same
"""


def _file_project(cli: Callable[..., object], folder: Path, name: str = "study") -> Path:
    (folder / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT_B, encoding="utf-8")
    (folder / "book.yaml").write_text(CODEBOOK, encoding="utf-8")
    (folder / "codings.csv").write_text(CODINGS, encoding="utf-8")
    path = folder / f"{name}.coder"
    for args in (
        ("init", path, "--codebook", folder / "book.yaml"),
        ("--project", path, "import", folder / "a.txt", folder / "b.txt"),
        ("--project", path, "codings", "import", folder / "codings.csv"),
    ):
        result = cli(*args)
        assert result.code == 0, result.err  # type: ignore[attr-defined]
    return path


def _outputs(cli: Callable[..., object], where: Path | str, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    results = {
        "sources": cli("--project", where, "sources", "--json"),
        "codebook": cli("--project", where, "codebook", "export", folder / "book.yaml"),
        "spans": cli("--project", where, "export", "spans", folder / "spans.csv"),
        "agreement": cli("--project", where, "agreement", "--json", "-"),
    }
    for name, result in results.items():
        assert result.code == 0, (name, result.err)  # type: ignore[attr-defined]
    return {
        "sources": results["sources"].out,  # type: ignore[attr-defined]
        "agreement": results["agreement"].out,  # type: ignore[attr-defined]
        "codebook": (folder / "book.yaml").read_bytes(),
        "spans": (folder / "spans.csv").read_bytes(),
    }


def _ids(where: Path | str) -> dict[str, set[str]]:
    with open_project(where) as project:
        with project.read() as uow:
            return {
                "sources": {s.id for s in uow.sources.infos()},
                "codes": {c.id for c in uow.codes.all()},
                "coders": {c.id for c in uow.coders.all() if c.name in ("ana", "ben")},
                "codings": {c.id for c in uow.codings.list()},
            }


def test_copies_between_engines_give_identical_outputs_and_ids(
    cli: Callable[..., object], tmp_path: Path, server_url: str
) -> None:
    # The codebook file carries the project's name: the name of its file, or of its database.
    name = str(psycopg.conninfo.conninfo_to_dict(server_url)["dbname"])
    original = _file_project(cli, tmp_path, name)
    (tmp_path / "back").mkdir()
    (tmp_path / "twin").mkdir()
    back = tmp_path / "back" / f"{name}.coder"
    twin = tmp_path / "twin" / f"{name}.coder"
    for source, target in ((original, server_url), (server_url, back), (original, twin)):
        result = cli("copy", source, target)
        assert result.code == 0, result.err  # type: ignore[attr-defined]
    expected = _outputs(cli, original, tmp_path / "out-original")
    assert json.loads(expected["agreement"])["codes"]  # a real report, with codes compared
    assert expected["spans"].count(b"\n") == 7
    for number, where in enumerate((server_url, back, twin)):
        assert _outputs(cli, where, tmp_path / f"out-{number}") == expected, where
        assert _ids(where) == _ids(original)


def test_copy_refuses_a_target_that_holds_a_project(
    cli: Callable[..., object], tmp_path: Path, server_url: str
) -> None:
    original = _file_project(cli, tmp_path)
    assert cli("copy", original, server_url).code == 0  # type: ignore[attr-defined]
    codings_before = len(codings_service.list_codings(open_project(server_url)))
    again = cli("copy", original, server_url)
    assert again.code == 1  # type: ignore[attr-defined]
    assert "already holds a coder project" in again.err  # type: ignore[attr-defined]
    assert len(codings_service.list_codings(open_project(server_url))) == codings_before
    onto_file = cli("copy", server_url, original)
    assert onto_file.code == 1 and "already exists" in onto_file.err  # type: ignore[attr-defined]


def test_init_refuses_a_database_of_another_program(
    cli: Callable[..., object], pg_server: PgServer, server_url: str
) -> None:
    database = psycopg.conninfo.conninfo_to_dict(server_url)["dbname"]
    pg_server.execute("CREATE TABLE invoices (id integer)", database=database)
    for args in (("init", server_url), ("--project", server_url, "sources")):
        result = cli(*args)
        assert result.code == 1  # type: ignore[attr-defined]
        assert "tables of another program" in result.err  # type: ignore[attr-defined]
        assert "Traceback" not in result.err  # type: ignore[attr-defined]


def test_a_newer_server_project_is_refused_with_the_files_sentence(
    cli: Callable[..., object], pg_server: PgServer, server_url: str
) -> None:
    assert cli("init", server_url).code == 0  # type: ignore[attr-defined]
    database = psycopg.conninfo.conninfo_to_dict(server_url)["dbname"]
    pg_server.execute("UPDATE coder_schema SET version = version + 1", database=database)
    result = cli("--project", server_url, "sources")
    assert result.code == 1  # type: ignore[attr-defined]
    assert "was made by a newer version of coder; update coder to open it" in result.err  # type: ignore[attr-defined]


def test_a_project_file_has_no_team(cli: Callable[..., object], tmp_path: Path) -> None:
    path = tmp_path / "solo.coder"
    assert cli("init", path).code == 0  # type: ignore[attr-defined]
    result = cli("--project", path, "team", "add", "ana")
    assert result.code == 1  # type: ignore[attr-defined]
    assert "a project file has no team" in result.err  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------ rights


@pytest.fixture
def team_project(cli: Callable[..., object], tmp_path: Path, pg_server: PgServer, server_url: str) -> str:
    """A server project led by 'postgres', with coders ana and ben, each with codings."""
    original = _file_project(cli, tmp_path)
    assert cli("copy", original, server_url).code == 0  # type: ignore[attr-defined]
    for name, role in (("ana", "coder"), ("ben", "coder"), ("lee", "lead")):
        result = cli("--project", server_url, "team", "add", name, "--role", role)
        assert result.code == 0, result.err  # type: ignore[attr-defined]
    return server_url


def _as(pg_server: PgServer, url: str, role: str) -> psycopg.Connection[tuple[object, ...]]:
    database = psycopg.conninfo.conninfo_to_dict(url)["dbname"]
    return psycopg.connect(pg_server.url(str(database), user=role), autocommit=True)


def _everything(url: str) -> dict[str, list[tuple[object, ...]]]:
    with psycopg.connect(url) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)  # type: ignore[arg-type]
            for table in ("sources", "codes", "coders", "codings", "memos", "team")
        }


def test_team_list_shows_roles(cli: Callable[..., object], team_project: str) -> None:
    result = cli("--project", team_project, "team", "list", "--json")
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    members = {m["role_name"]: m["role"] for m in json.loads(result.text)}  # type: ignore[attr-defined]
    assert members == {"ana": "coder", "ben": "coder", "lee": "lead", "postgres": "lead"}


def test_a_coder_cannot_change_another_coders_coding_a_source_or_a_code_from_psql(
    pg_server: PgServer, team_project: str
) -> None:
    before = _everything(team_project)
    with _as(pg_server, team_project, "ana") as ana:
        ben_coding = ana.execute(
            "SELECT c.id FROM codings c JOIN coders k ON k.id = c.coder_id WHERE k.name = 'ben' LIMIT 1"
        ).fetchone()[0]  # type: ignore[index]
        # Another coder's coding: invisible to changes (row-level security), so nothing happens.
        assert ana.execute("UPDATE codings SET memo = 'mine now' WHERE id = %s", (ben_coding,)).rowcount == 0
        assert ana.execute("DELETE FROM codings WHERE id = %s", (ben_coding,)).rowcount == 0
        assert ana.execute("DELETE FROM codings WHERE memo = 'wider'").rowcount == 0
        # Sources, codes and the team belong to the leads: refused outright.
        for statement in (
            "UPDATE sources SET name = 'renamed.txt'",
            "DELETE FROM sources",
            "UPDATE codes SET name = 'Renamed'",
            "INSERT INTO codes (id, name, colour) VALUES ('x', 'New', '#000000')",
            "UPDATE team SET role = 'lead'",
            "UPDATE coder_schema SET version = 1",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                ana.execute(statement)  # type: ignore[arg-type]
    assert _everything(team_project) == before


def test_the_coder_on_a_coding_is_the_connecting_role(pg_server: PgServer, team_project: str) -> None:
    with _as(pg_server, team_project, "ana") as ana:
        ids = dict(ana.execute("SELECT name, id FROM coders").fetchall())
        source, code = ana.execute("SELECT s.id, c.id FROM sources s, codes c LIMIT 1").fetchone()  # type: ignore[misc]
        ana.execute(
            'INSERT INTO codings (id, source_id, code_id, coder_id, start, "end", created_at, changed_at) '
            "VALUES ('forged', %s, %s, %s, 0, 3, '2026-01-01', '2026-01-01')",
            (source, code, ids["ben"]),
        )
        assert ana.execute("SELECT coder_id FROM codings WHERE id = 'forged'").fetchone() == (ids["ana"],)
        # Her own coding she may change and delete, but not give away.
        assert ana.execute("UPDATE codings SET memo = 'mine' WHERE id = 'forged'").rowcount == 1
        ana.execute("UPDATE codings SET coder_id = %s WHERE id = 'forged'", (ids["ben"],))
        assert ana.execute("SELECT coder_id FROM codings WHERE id = 'forged'").fetchone() == (ids["ana"],)
        assert ana.execute("DELETE FROM codings WHERE id = 'forged'").rowcount == 1


def test_a_coder_is_refused_through_coder_too(
    cli: Callable[..., object], pg_server: PgServer, team_project: str
) -> None:
    database = psycopg.conninfo.conninfo_to_dict(team_project)["dbname"]
    as_ana = pg_server.url(str(database), user="ana")
    before = _everything(team_project)
    for args in (("codebook", "load", Path(__file__)), ("team", "add", "eve")):
        result = cli("--project", as_ana, *args)
        assert result.code == 1  # type: ignore[attr-defined]
        assert "Traceback" not in result.err and "SELECT" not in result.err  # type: ignore[attr-defined]
    with open_project(as_ana) as project:
        ben = [c for c in codings_service.list_codings(project) if c.memo == "wider"]
        with pytest.raises(Exception, match="only the coder who made a coding"):
            codings_service.remove_codings(project, [ben[0].id])
        with pytest.raises(Exception, match="only the coder who made a coding"):
            codings_service.update_coding(project, ben[0].id, memo="mine")
    assert _everything(team_project) == before


def test_memos_belong_to_their_coder_and_a_stale_one_names_who_changed_it(
    pg_server: PgServer, team_project: str
) -> None:
    from coder.domain.errors import CoderError, Conflict
    from coder.domain.memos import SOURCE
    from coder.services import coders, memos, sources

    database = str(psycopg.conninfo.conninfo_to_dict(team_project)["dbname"])
    with (
        open_project(pg_server.url(database, user="ana")) as ana,
        open_project(pg_server.url(database, user="ben")) as ben,
        open_project(pg_server.url(database, user="lee")) as lee,
    ):
        source = sources.list_sources(ana)[0].id
        ana_id, ben_id = coders.find_coder(ana, "ana").id, coders.find_coder(ana, "ben").id
        mine = memos.set_memo(ana, SOURCE, source, ana_id, "mine", 0)
        assert (mine.coder_id, mine.changed_by) == (ana_id, "ana")
        memos.set_memo(lee, SOURCE, source, ana_id, "edited by the lead", 1)  # a lead may
        with pytest.raises(Conflict, match="changed by lee"):
            memos.set_memo(ana, SOURCE, source, ana_id, "my late change", 1)
        theirs = memos.set_memo(ben, SOURCE, source, ben_id, "Ben's own", 0)
        with pytest.raises(CoderError):
            memos.set_memo(ana, SOURCE, source, ben_id, "overwritten by Ana", theirs.version)
        assert memos.get_memo(lee, SOURCE, source, ben_id) == theirs
        assert memos.get_memo(lee, SOURCE, source, ana_id).text == "edited by the lead"  # type: ignore[union-attr]
