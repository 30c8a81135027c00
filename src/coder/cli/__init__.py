"""The command line: the project without a screen (see specs/cli.md)."""
