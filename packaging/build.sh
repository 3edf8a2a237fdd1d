#!/usr/bin/env bash
# Packaging tasks for Local Assistant. Run from anywhere; paths are relative to the repo root.
#
#   packaging/build.sh icons        render resources/icons/* from assistant.svg (PySide6 QtSvg)
#   packaging/build.sh validate     desktop-file-validate + appstreamcli validate + icon check
#   packaging/build.sh pyinstaller  one-folder bundle in dist/assistant (PyInstaller spec)
#   packaging/build.sh smoke [ARGS] run the bundle without Python: CLI + window under Xvfb
#                                   (packaging/smoke_bundle.py ARGS; builds dist/assistant first
#                                   if it is missing; report and screenshots in build/smoke/)
#   packaging/build.sh flatpak      flatpak-builder with packaging/flatpak/*.yml
#   packaging/build.sh all          icons, validate, pyinstaller, and smoke where Xvfb exists
#
# PYTHON picks the interpreter (default: .venv/bin/python if present, else python3).
# DISTPATH / WORKPATH move PyInstaller's output and build folders (default dist/, build/).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
APP_ID=org.localassistant.Assistant
if [[ -z "${PYTHON:-}" ]]; then
    if [[ -x .venv/bin/python ]]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi

need() {  # need COMMAND PACKAGE-HINT
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "build.sh: '$1' is needed for this step: $2" >&2
        return 1
    fi
}

do_icons() {
    "$PYTHON" packaging/render_icons.py
}

do_validate() {
    local status=0
    need desktop-file-validate "apt-get install desktop-file-utils" || status=1
    need appstreamcli "apt-get install appstream" || status=1
    [[ $status -eq 0 ]] || return $status
    echo "== desktop-file-validate packaging/linux/$APP_ID.desktop"
    desktop-file-validate "packaging/linux/$APP_ID.desktop" || status=1
    echo "== appstreamcli validate --no-net packaging/linux/$APP_ID.metainfo.xml"
    appstreamcli validate --no-net "packaging/linux/$APP_ID.metainfo.xml" || status=1
    echo "== icons"
    "$PYTHON" packaging/render_icons.py --check || status=1
    [[ $status -eq 0 ]] && echo "validate: ok" || echo "validate: FAILED" >&2
    return $status
}

do_pyinstaller() {
    if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
        echo "build.sh: PyInstaller is not installed for $PYTHON: $PYTHON -m pip install -e '.[packaging]'" >&2
        return 1
    fi
    [[ -f resources/icons/assistant.ico ]] || do_icons
    local started=$SECONDS
    "$PYTHON" -m PyInstaller --noconfirm --clean \
        --distpath "${DISTPATH:-dist}" --workpath "${WORKPATH:-build}" \
        packaging/pyinstaller/assistant.spec
    BUILD_SECONDS=$((SECONDS - started))  # for the smoke test's report
    echo "== built in ${BUILD_SECONDS} s"
    local exe="${DISTPATH:-dist}/assistant/assistant"
    [[ -x "$exe" ]] || exe="$exe.exe"
    echo "== $exe --help"
    "$exe" --help >/dev/null && echo "bundle: ok ($(du -sh "${DISTPATH:-dist}/assistant" | cut -f1))"
}

do_smoke() {  # do_smoke [smoke_bundle.py arguments]
    local bundle="${DISTPATH:-dist}/assistant"
    if [[ ! -x "$bundle/assistant" ]]; then do_pyinstaller || return; fi
    "$PYTHON" packaging/smoke_bundle.py --bundle "$bundle" ${BUILD_SECONDS:+--build-seconds "$BUILD_SECONDS"} "$@"
}

do_flatpak() {
    if ! command -v flatpak-builder >/dev/null 2>&1; then
        echo "build.sh: flatpak-builder is needed (apt-get install flatpak-builder, or the" >&2
        echo "  org.flatpak.Builder flatpak), plus the runtimes named in the manifest." >&2
        echo "  Note: packaging/flatpak/$APP_ID.yml needs python3-requirements.json generated" >&2
        echo "  with flatpak-pip-generator first (see the TODO in the manifest)." >&2
        return 1
    fi
    flatpak-builder --user --force-clean ${FLATPAK_INSTALL:+--install} \
        build-dir "packaging/flatpak/$APP_ID.yml"
}

target="${1:-help}"
case "$target" in
    icons) do_icons ;;
    validate) do_validate ;;
    pyinstaller) do_pyinstaller ;;
    smoke) do_smoke "${@:2}" ;;
    flatpak) do_flatpak ;;
    all)
        do_icons && do_validate && do_pyinstaller || exit 1
        if command -v Xvfb >/dev/null 2>&1; then
            do_smoke
        else
            echo "build.sh: no Xvfb here: the smoke test is skipped (apt-get install xvfb xdotool imagemagick)" >&2
        fi
        ;;
    help|-h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) echo "build.sh: unknown target '$target' (icons, validate, pyinstaller, smoke, flatpak, all)" >&2; exit 2 ;;
esac
