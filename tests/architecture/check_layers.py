#!/usr/bin/env python3
"""Checks that the headless layers stay free of Qt GUI modules.

1. The CMake link closure of trellis_core and trellis-cli names no Qt6::Gui / Qt6::Widgets.
2. The trellis-cli binary does not load libQt6Gui / libQt6Widgets (ldd).
3. No file under core/ includes a header that Qt ships only in QtGui, QtWidgets or other GUI
   modules (checked against the installed Qt header directories, not a hand-kept list).
"""
import argparse
import os
import re
import subprocess
import sys

GUI_MODULES = ("QtGui", "QtWidgets", "QtOpenGL", "QtOpenGLWidgets", "QtPrintSupport",
               "QtSvg", "QtSvgWidgets", "QtQuick", "QtQml")
FORBIDDEN_TARGETS = ("Qt6::Gui", "Qt6::Widgets", "Qt6::OpenGL", "Qt6::PrintSupport",
                     "Qt6::Svg", "Qt6::SvgWidgets", "qcustomplot", "trellis_ui")


def qt_include_root(paths):
    for p in paths.split(";"):
        p = p.rstrip("/")
        if os.path.basename(p) == "QtCore":
            return os.path.dirname(p)
        if os.path.isdir(os.path.join(p, "QtCore")):
            return p
    return None


def gui_headers(root):
    core_side = set()
    for module in ("QtCore", "QtNetwork", "QtSql", "QtConcurrent", "QtTest"):
        d = os.path.join(root, module)
        if os.path.isdir(d):
            core_side.update(os.listdir(d))
    gui = {}
    for module in GUI_MODULES:
        d = os.path.join(root, module)
        if os.path.isdir(d):
            for name in os.listdir(d):
                if name not in core_side:
                    gui[name] = module
    for module in GUI_MODULES:
        gui[module] = module
    return gui


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--closure", required=True)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--qt-includes", required=True)
    args = ap.parse_args()
    problems = []

    with open(args.closure) as f:
        for line in f:
            target, _, deps = line.partition(":")
            for dep in deps.strip().split(";"):
                if dep in FORBIDDEN_TARGETS:
                    problems.append(f"{target} links {dep}")

    ldd = subprocess.run(["ldd", args.binary], capture_output=True, text=True)
    if ldd.returncode != 0:
        problems.append(f"ldd failed on {args.binary}: {ldd.stderr.strip()}")
    for line in ldd.stdout.splitlines():
        m = re.search(r"(libQt6(Gui|Widgets|OpenGL|PrintSupport|Svg)\S*)", line)
        if m:
            problems.append(f"{os.path.basename(args.binary)} loads {m.group(1)}")

    root = qt_include_root(args.qt_includes)
    if root is None:
        problems.append(f"cannot find the Qt include root in {args.qt_includes}")
    else:
        gui = gui_headers(root)
        include_re = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
        core_dir = os.path.join(args.source, "core")
        checked = 0
        for dirpath, _, files in os.walk(core_dir):
            for name in files:
                if not name.endswith((".h", ".hpp", ".cpp", ".cc")):
                    continue
                path = os.path.join(dirpath, name)
                checked += 1
                with open(path, encoding="utf-8", errors="replace") as f:
                    for lineno, text in enumerate(f, 1):
                        m = include_re.match(text)
                        if not m:
                            continue
                        header = m.group(1)
                        first = header.split("/")[0]
                        base = header.split("/")[-1]
                        if first in GUI_MODULES or (header == base and base in gui):
                            rel = os.path.relpath(path, args.source)
                            problems.append(f"{rel}:{lineno}: includes GUI header <{header}>")
        print(f"checked {checked} files under core/ against {len(gui)} GUI headers")

    for p in problems:
        print("FAIL:", p)
    if problems:
        return 1
    print("core and CLI are GUI-free")
    return 0


if __name__ == "__main__":
    sys.exit(main())
