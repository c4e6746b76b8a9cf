#!/bin/sh
# Usage: bench/template/run.sh BUILD_DIR [ITERATIONS] [ROUNDS]
# Renders every template in bench/template/data with the Trellis engine (bench_template) and
# with Python Jinja2 (bench_jinja.py, a tenth of the iterations) and prints renders per
# CPU-second per template (both sides count process CPU time) and the ratio.
#
# This VM's speed swings by up to 2x over tens of seconds, so the two sides are measured
# close together: template by template, Trellis and Jinja2 back to back (which goes first
# alternates by round), for ROUNDS rounds; each side keeps its best figure, like timeit.
set -eu
build=${1:?usage: run.sh BUILD_DIR [ITERATIONS] [ROUNDS]}
n=${2:-200000}
rounds=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
data="$here/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py_n=$((n / 10 > 0 ? n / 10 : 1))
# One directory per template, so each side can be run on one template at a time.
for j2 in "$data"/*.j2; do
    name=$(basename "$j2" .j2)
    mkdir "$tmp/$name"
    ln -s "$j2" "$tmp/$name/$name.j2"
    ln -s "$data/$name.json" "$tmp/$name/$name.json"
done
cpp() { "$build/bin/bench_template" "$tmp/$1" "$n" >> "$tmp/cpp"; }
py() { python3 "$here/bench_jinja.py" "$tmp/$1" "$py_n" >> "$tmp/py"; }
i=0
while [ "$i" -lt "$rounds" ]; do
    for j2 in "$data"/*.j2; do
        name=$(basename "$j2" .j2)
        if [ $((i % 2)) -eq 0 ]; then cpp "$name"; py "$name"; else py "$name"; cpp "$name"; fi
    done
    i=$((i + 1))
done
best() { sort -k1,1 -k2,2gr "$1" | sort -u -k1,1; }
best "$tmp/cpp" > "$tmp/cpp.best"
best "$tmp/py" > "$tmp/py.best"
printf '%-14s %12s %12s %8s %s\n' template trellis/s jinja2/s ratio bytes
join "$tmp/cpp.best" "$tmp/py.best" | awk '{
    ratio = $2 / $4; sum += log(ratio); k++;
    printf "%-14s %12.0f %12.0f %7.1fx %s%s\n", $1, $2, $4, ratio, $3,
        ($3 == $5 ? "" : " (output size differs from Jinja2: " $5 ")") }
    END { printf "geometric mean ratio: %.1fx\n", exp(sum / k) }'
