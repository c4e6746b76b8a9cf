#!/usr/bin/env python3
"""Renders every case of the differential corpus with Python Jinja2.

Usage: jinja_render.py CASES_DIR OUT.json

A case is NAME.j2 (template) with an optional NAME.json (context, an object). Files whose
name starts with '_' are partials for include/import. Jinja2 runs with the default
Environment plus keep_trailing_newline=True, the settings Trellis promises to match.
The output maps each case name to {"output": text} or {"error": "Type: message"}.
"""
import json
import os
import sys

import jinja2


def main():
    cases_dir, out_path = sys.argv[1], sys.argv[2]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(cases_dir),
                             keep_trailing_newline=True)
    results = {}
    for name in sorted(os.listdir(cases_dir)):
        if not name.endswith(".j2") or name.startswith("_"):
            continue
        case = name[:-3]
        with open(os.path.join(cases_dir, name), encoding="utf-8", newline="") as f:
            source = f.read()
        data = {}
        data_path = os.path.join(cases_dir, case + ".json")
        if os.path.exists(data_path):
            with open(data_path, encoding="utf-8") as f:
                data = json.load(f)
        try:
            results[case] = {"output": env.from_string(source).render(**data)}
        except Exception as e:  # any failure counts as "rejected"
            results[case] = {"error": f"{type(e).__name__}: {e}"}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=True, indent=1)


if __name__ == "__main__":
    main()
