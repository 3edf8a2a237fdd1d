"""Sentences for people that the interface can translate.

The core and the worker speak English: the command line prints their sentences as
they are.  The window shows them in the user's language, but Qt's tools cannot see
into the core (it never imports Qt).  So a sentence is made with ``say``::

    raise BadInput(say("{name} has no text to translate.", name=path.name))

What ``say`` returns is a ``Said``: a ``str`` whose value is the English sentence
(``template.format(**args)``), so logs, the command line, ``in`` checks and tests
see the text they always saw, and which also keeps its ``template`` and ``args``.
The window (assistant/ui/i18n/core_text.py) translates the template and fills in the
args, translating those that are themselves a ``Said``.

Rules for a site:
- the first argument of ``say`` is a string literal (scripts/update_translations.py
  collects them for the translators and refuses anything else);
- the args are plain data (names, paths, numbers) or a ``Said`` (a nested sentence,
  e.g. the reason in "Could not read {name}: {reason}");
- an exception made with a Said loses it in ``str(exc)``: pass ``message_of(exc)`` on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class Said(str):
    """An English sentence that remembers the template and the values it was made of."""

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, args: dict[str, Any] | None = None) -> Said:
        args = dict(args or {})
        self = super().__new__(cls, template.format(**args) if args else template)
        self.template = template
        self.args = args
        return self

    # copy and pickle keep the template; typeshed types str.__getnewargs__ as tuple[str],
    # but pickle passes any tuple it returns to __new__.
    def __getnewargs__(self) -> tuple[str, dict[str, Any]]:  # type: ignore[override]
        return (self.template, self.args)

    def __repr__(self) -> str:
        return f"say({self.template!r}{''.join(f', {k}={v!r}' for k, v in self.args.items())})"


def say(template: str, **args: Any) -> Said:
    """The sentence ``template`` with ``args`` filled in (str.format), translatable by the window.

    ``template`` must be a string literal: the translation script collects it.  Without
    args the template is shown as it is (braces are not formatted).
    """
    return Said(template, args)


def message_of(exc: BaseException) -> str:
    """The sentence an exception was raised with, as the Said it was made of when it was one.

    ``str(exc)`` returns a plain ``str`` even when the exception was raised with a
    Said, and the window could no longer translate it.
    """
    if len(exc.args) == 1 and isinstance(exc.args[0], Said):
        return exc.args[0]
    return str(exc)


def joined(parts: Sequence[str]) -> str:
    """Sentences joined by "; ", each one still translatable: "a; b; c" (Chinese joins with "；")."""
    if not parts:
        return ""
    text = parts[-1]
    for part in reversed(parts[:-1]):
        text = say("{earlier}; {later}", earlier=part, later=text)
    return text


def to_data(text: str) -> Any:
    """``text`` in a form JSON can keep: a plain str as it is, a Said as {"say": template, "args": {...}}."""
    if not isinstance(text, Said):
        return text
    return {"say": text.template, "args": {k: to_data(v) for k, v in text.args.items()}}


def from_data(data: Any) -> str:
    """The text ``to_data`` kept: a Said again where it was one (translatable after a restart too)."""
    if isinstance(data, dict) and isinstance(data.get("say"), str):
        raw_args = data.get("args")
        args = raw_args if isinstance(raw_args, dict) else {}
        try:
            return Said(data["say"], {k: from_data(v) if isinstance(v, dict) else v for k, v in args.items()})
        except (KeyError, IndexError, ValueError, TypeError):  # a damaged record: show what can be shown
            return data["say"]
    return data if isinstance(data, str) else ("" if data is None else str(data))
