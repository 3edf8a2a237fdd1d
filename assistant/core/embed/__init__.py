"""Sentence embeddings as a request of their own (the local API's /v1/embeddings)."""
