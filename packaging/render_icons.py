#!/usr/bin/env python3
"""Render the app icon from resources/icons/assistant.svg with PySide6's QtSvg.

Writes, relative to the repository root:

    resources/icons/hicolor/<N>x<N>/apps/org.localassistant.Assistant.png   N = 16 ... 512
    resources/icons/hicolor/scalable/apps/org.localassistant.Assistant.svg  (a copy of the SVG)
    resources/icons/assistant.ico    Windows: PNG-compressed entries 16 ... 256 (PyInstaller, Inno Setup)
    resources/icons/assistant.icns   macOS: PNG entries 16 ... 1024 (PyInstaller BUNDLE)

Needs nothing beyond the project's own dependencies (PySide6); runs headless
(QT_QPA_PLATFORM=offscreen is set when no platform is chosen).

    python packaging/render_icons.py            render everything
    python packaging/render_icons.py --check    exit 1 if a file is missing or has the wrong size
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
from pathlib import Path

APP_ID = "org.localassistant.Assistant"
ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "assistant.svg"
HICOLOR_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# icns element types that hold PNG data, by pixel size (ic10 is 512@2x = 1024 px).
ICNS_TYPES = ((16, b"icp4"), (32, b"icp5"), (64, b"icp6"), (128, b"ic07"), (256, b"ic08"), (512, b"ic09"), (1024, b"ic10"))


def hicolor_png(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def scalable_svg() -> Path:
    return ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"


def _qt():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def render_png(renderer, size: int) -> bytes:
    """The SVG drawn into a transparent size x size image, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size} px PNG")
    buffer.close()
    return bytes(data)


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """A .ico whose entries are PNG streams (valid since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def build_icns(pngs: dict[int, bytes]) -> bytes:
    body = b""
    for size, kind in ICNS_TYPES:
        blob = pngs[size]
        body += kind + struct.pack(">I", 8 + len(blob)) + blob
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_all() -> list[Path]:
    _qt()
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"QtSvg cannot read {SOURCE}")
    cache: dict[int, bytes] = {}

    def png(size: int) -> bytes:
        if size not in cache:
            cache[size] = render_png(renderer, size)
        return cache[size]

    written = []
    for size in HICOLOR_SIZES:
        target = hicolor_png(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png(size))
        written.append(target)
    target = scalable_svg()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, target)
    written.append(target)
    ico = ICONS / "assistant.ico"
    ico.write_bytes(build_ico({size: png(size) for size in ICO_SIZES}))
    written.append(ico)
    icns = ICONS / "assistant.icns"
    icns.write_bytes(build_icns({size: png(size) for size, _ in ICNS_TYPES}))
    written.append(icns)
    return written


def check() -> list[str]:
    """Problems with the rendered files (missing, wrong size, stale SVG copy)."""
    _qt()
    from PySide6.QtGui import QImage

    problems = []
    for size in HICOLOR_SIZES:
        path = hicolor_png(size)
        image = QImage(str(path))
        if image.isNull():
            problems.append(f"missing or unreadable: {path.relative_to(ROOT)}")
        elif (image.width(), image.height()) != (size, size):
            problems.append(f"{path.relative_to(ROOT)} is {image.width()}x{image.height()}, not {size}x{size}")
    copy = scalable_svg()
    if not copy.is_file() or copy.read_bytes() != SOURCE.read_bytes():
        problems.append(f"{copy.relative_to(ROOT)} is missing or differs from {SOURCE.relative_to(ROOT)}")
    for name in ("assistant.ico", "assistant.icns"):
        if not (ICONS / name).is_file():
            problems.append(f"missing: resources/icons/{name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the rendered files exist with the right sizes")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for line in problems:
            print(line, file=sys.stderr)
        print("icons: ok" if not problems else f"icons: {len(problems)} problem(s)")
        return 1 if problems else 0
    for path in render_all():
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
