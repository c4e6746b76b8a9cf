#!/usr/bin/env python3
"""Python Jinja2 side of the template bench: same templates, data and environment.

Times are process CPU time, like bench_template, so a busy machine skews neither side."""
import json
import os
import sys
import time

import jinja2

data_dir, iterations = sys.argv[1], int(sys.argv[2])
env = jinja2.Environment(keep_trailing_newline=True)
for name in sorted(os.listdir(data_dir)):
    if not name.endswith(".j2"):
        continue
    with open(os.path.join(data_dir, name), encoding="utf-8", newline="") as f:
        template = env.from_string(f.read())
    with open(os.path.join(data_dir, name[:-3] + ".json"), encoding="utf-8") as f:
        data = json.load(f)
    start = time.process_time()
    size = 0
    for _ in range(iterations):
        size += len(template.render(**data).encode("utf-8"))
    elapsed = time.process_time() - start
    print(f"{name[:-3]} {iterations / elapsed:.1f} {size // iterations}")
