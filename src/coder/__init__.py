"""coder: qualitative text coding with exact inter-coder agreement."""

__version__ = "0.1.0"
