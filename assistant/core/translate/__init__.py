"""Translation beyond one model call: languages, detection, routes, glossary, documents."""
