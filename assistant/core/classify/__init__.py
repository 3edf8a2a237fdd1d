"""Classifying local files: chunks of long documents, zero-shot and trained scoring,
checkpointed jobs, and organizing files into label folders with an undo log.

Qt-free.  torch is imported inside the functions that run on the worker thread.
"""
