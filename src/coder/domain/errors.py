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
