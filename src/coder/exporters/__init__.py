"""Exporters: pure writers from domain values to files."""
