#!/usr/bin/env python3
"""Keep the interface translations in step with the code.

    python scripts/update_translations.py          # lupdate the .ts sources, then lrelease the .qm files
    python scripts/update_translations.py --check  # fail if a .ts is stale, a zh_CN string is untranslated,
                                                   # or a .qm does not match its .ts (the tests run this)

Strings are found by pyside6-lupdate in every Python file under assistant/ui and
in assistant/app.py: they must be literal arguments of self.tr(...) or
QCoreApplication.translate("Context", ...). assistant_en.ts holds only the
plural forms (English needs no other translation); assistant_zh_CN.ts holds all.
Translate with Qt Linguist (pyside6-linguist resources/i18n/assistant_zh_CN.ts)
or by editing the XML, then run this script again.

Sentences of the Qt-free core and worker (assistant/core/say.py: ``say("template", ...)``)
are invisible to lupdate, so this script first writes assistant/ui/i18n/core_templates.py,
a generated module listing every literal template of a ``say(...)`` call under
assistant/core and assistant/worker as QT_TRANSLATE_NOOP("CoreMessages", ...);
lupdate then extracts them like any other string, and assistant/ui/i18n/core_text.py
translates them when they are shown.  A ``say`` whose template is not a literal is an
error (reported with its file and line).
"""

from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
TS_FILES = {"en": I18N / "assistant_en.ts", "zh_CN": I18N / "assistant_zh_CN.ts"}
CORE_DIRS = (ROOT / "assistant" / "core", ROOT / "assistant" / "worker", ROOT / "assistant" / "settings.py")
CORE_MESSAGES = ROOT / "assistant" / "ui" / "i18n" / "core_templates.py"
CORE_CONTEXT = "CoreMessages"


class NotLiteral(Exception):
    """say(...) called with a template that is not a string literal: lupdate could never see it."""


def say_templates(dirs=CORE_DIRS) -> list[str]:
    """The literal first arguments of every ``say(...)`` call in the Python files under ``dirs``, sorted, once each."""
    found: set[str] = set()
    problems: list[str] = []
    for folder in dirs:
        for path in [Path(folder)] if Path(folder).is_file() else sorted(Path(folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name != "say":
                    continue
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
                else:
                    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                    problems.append(f"{where}:{node.lineno}: say() needs a string literal as its template")
    if problems:
        raise NotLiteral("\n".join(problems))
    return sorted(found)


def _literal(text: str) -> str:
    """A double-quoted Python literal of ``text`` that lupdate reads back as the same string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def core_messages_source(templates: list[str]) -> str:
    lines = [
        '"""The sentences of the Qt-free core and worker, for lupdate.  GENERATED: do not edit.',
        "",
        "scripts/update_translations.py writes this file from the literal templates of",
        "every say(...) call under assistant/core and assistant/worker (see assistant/core/say.py);",
        "assistant/ui/i18n/core_text.py translates them in the context " + repr(CORE_CONTEXT) + " when they are shown.",
        '"""',
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        "TEMPLATES = (",
        *(f'    QT_TRANSLATE_NOOP("{CORE_CONTEXT}", {_literal(t)}),' for t in templates),
        ")",
        "",
    ]
    return "\n".join(lines)


def write_core_messages() -> int:
    templates = say_templates()
    CORE_MESSAGES.write_text(core_messages_source(templates), encoding="utf-8")
    return len(templates)


def core_messages_problems() -> list[str]:
    """Why assistant/ui/i18n/core_templates.py is not what the core's say() calls make it, if it is not."""
    try:
        wanted = core_messages_source(say_templates())
    except NotLiteral as exc:
        return str(exc).splitlines()
    name = CORE_MESSAGES.relative_to(ROOT)
    if not CORE_MESSAGES.exists():
        return [f"{name} is missing: run scripts/update_translations.py"]
    if CORE_MESSAGES.read_text(encoding="utf-8") != wanted:
        return [f"{name} is stale (the core's say() templates changed): run scripts/update_translations.py"]
    return []


def sources() -> list[Path]:
    return sorted((ROOT / "assistant" / "ui").rglob("*.py")) + [ROOT / "assistant" / "app.py"]


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease of the running Python's environment, else from PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: it comes with PySide6 (pip install pyside6)")
    return found


def lupdate(language: str, ts: Path) -> None:
    extra = ["-pluralonly"] if language == "en" else []
    files = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run(
        [tool("pyside6-lupdate"), *extra, "-no-obsolete", "-locations", "none", "-target-language", language,
         *files, "-ts", str(ts)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def messages(ts: Path) -> dict[tuple[str, str, str], ET.Element]:
    """(context, source, disambiguation) -> the <message> element."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            key = (name, message.findtext("source", ""), message.findtext("comment", ""))
            found[key] = message
    return found


def untranslated(ts: Path) -> list[str]:
    missing = []
    for (context, source, _comment), message in messages(ts).items():
        translation = message.find("translation")
        forms = [f.text for f in translation.iter("numerusform")] if message.get("numerus") == "yes" else [translation.text]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(f and f.strip() for f in forms):
            missing.append(f"{context}: {source!r}")
    return missing


def check() -> list[str]:
    problems = core_messages_problems()
    with tempfile.TemporaryDirectory() as tmp:
        for language, ts in TS_FILES.items():
            if not ts.exists():
                problems.append(f"{ts.relative_to(ROOT)} is missing: run scripts/update_translations.py")
                continue
            fresh = Path(tmp) / ts.name
            shutil.copy(ts, fresh)
            lupdate(language, fresh)
            added = set(messages(fresh)) - set(messages(ts))
            for context, source, _ in sorted(added):
                problems.append(f"{ts.name}: not extracted yet (run the script): {context}: {source!r}")
            if language != "en":
                problems += [f"{ts.name}: untranslated: {entry}" for entry in untranslated(fresh)]
            qm = ts.with_suffix(".qm")
            compiled = Path(tmp) / qm.name
            lrelease(ts, compiled)
            if not qm.exists() or qm.read_bytes() != compiled.read_bytes():
                problems.append(f"{qm.relative_to(ROOT)} does not match {ts.name}: run the script")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="change nothing; fail on stale or untranslated strings")
    args = parser.parse_args()
    if args.check:
        problems = check()
        print("\n".join(problems) if problems else "translations: complete and compiled")
        return 1 if problems else 0
    I18N.mkdir(parents=True, exist_ok=True)
    try:
        count = write_core_messages()
    except NotLiteral as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{CORE_MESSAGES.relative_to(ROOT)}: {count} sentences of the core")
    for language, ts in TS_FILES.items():
        lupdate(language, ts)
        lrelease(ts, ts.with_suffix(".qm"))
        left = untranslated(ts) if language != "en" else []
        print(f"{ts.relative_to(ROOT)}: {len(messages(ts))} strings, {len(left)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
