"""Use cases: the one API that the command line and the desktop app both call."""
