"""The one exception of file reading (kept apart so that the readers and read.py share it)."""


class UnreadableFile(Exception):
    """The file cannot be used; str(exc) says why, for a person."""
