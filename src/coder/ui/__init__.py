"""The desktop app: the only package that imports Qt; it talks to the project through services."""
