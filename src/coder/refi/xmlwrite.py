"""Serialising the XML that coder writes."""

from __future__ import annotations

from xml.etree import ElementTree as ET


def to_bytes(root: ET.Element) -> bytes:
    """UTF-8 XML with a declaration, indented.

    Elements are built with plain names and the root carries its ``xmlns`` attribute.
    A carriage return in text is written as ``&#13;``, since XML readers turn a literal
    one into a line feed.
    """
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode").replace("\r", "&#13;")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n").encode("utf-8")
