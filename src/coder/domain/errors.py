"""Errors whose message is one sentence a researcher can act on."""


class CoderError(Exception):
    """A request that cannot be done; ``str(error)`` is shown to the user as is."""


class InvalidInput(CoderError):
    """A file, value or row that is not acceptable."""


class NotFound(CoderError):
    """A named source, code, coder or coding that does not exist."""


class Conflict(CoderError):
    """A name or identity that already exists."""


class Cancelled(Exception):
    """Raised inside long work when the user cancelled it."""


class ConnectionLost(CoderError):
    """A server project could not be reached; the same request may succeed once it is back."""


class PasswordNeeded(CoderError):
    """The server asks for a password that libpq found nowhere (~/.pgpass, PGPASSWORD, a service file)."""


ECHO_LIMIT = 40
"""Longest value, in characters, that a message repeats from the input."""


def shorten(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value from the input as a message may repeat it: on one line, at most ``limit`` characters.

    Control characters and line separators are shown escaped (``\\n``, ``\\x00``), so that a message
    stays one line; a longer value is cut and ends with an ellipsis.
    """
    text = "".join(_visible(ch) for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _visible(ch: str) -> str:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F or ch in "\u2028\u2029":
        return repr(ch)[1:-1]
    return ch
