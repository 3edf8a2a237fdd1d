"""OpenAI-compatible servers the person added: their list and keys (store), talking to them (client),
and chat through them (chat)."""
