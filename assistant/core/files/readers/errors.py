"""The one exception of file reading (kept apart so that readers and files.py share it)."""


class UnreadableFile(Exception):
    """The file cannot be used; str(exc) says why, for a person."""
