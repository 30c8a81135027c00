"""Storage: the project as one SQLite file, through SQLModel/SQLAlchemy."""
