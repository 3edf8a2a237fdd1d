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
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
TS_FILES = {"en": I18N / "assistant_en.ts", "zh_CN": I18N / "assistant_zh_CN.ts"}


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
    problems = []
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
    for language, ts in TS_FILES.items():
        lupdate(language, ts)
        lrelease(ts, ts.with_suffix(".qm"))
        left = untranslated(ts) if language != "en" else []
        print(f"{ts.relative_to(ROOT)}: {len(messages(ts))} strings, {len(left)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
