"""SQLModel table classes; their columns mirror the DDL in ``migrations``."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class SourceRow(SQLModel, table=True):
    __tablename__ = "sources"
    id: str = Field(primary_key=True)
    name: str
    format: str
    text: str
    characters: int
    sha256: str
    page_starts: str = "[]"  # JSON list of code-point offsets
    original_name: str
    original: bytes | None = None
    imported_at: datetime


class CodeRow(SQLModel, table=True):
    __tablename__ = "codes"
    id: str = Field(primary_key=True)
    name: str
    parent_id: str | None = Field(default=None, foreign_key="codes.id")
    colour: str
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    position: int = 0


class CoderRow(SQLModel, table=True):
    __tablename__ = "coders"
    id: str = Field(primary_key=True)
    name: str


class CodingRow(SQLModel, table=True):
    __tablename__ = "codings"
    id: str = Field(primary_key=True)
    source_id: str = Field(foreign_key="sources.id")
    code_id: str = Field(foreign_key="codes.id")
    coder_id: str = Field(foreign_key="coders.id")
    start: int
    end: int
    memo: str = ""
    created_at: datetime
    changed_at: datetime


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str
