"""Widgets of the coding workspace."""
