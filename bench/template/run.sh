#!/bin/sh
# Usage: bench/template/run.sh BUILD_DIR [ITERATIONS] [ROUNDS]
# Renders every template in bench/template/data with the Trellis engine (bench_template) and
# with Python Jinja2 (bench_jinja.py, a tenth of the iterations), alternating for ROUNDS
# rounds and keeping each side's best figure, so a busy machine skews both alike.
# Prints renders per CPU-second per template (both sides count process CPU time) and the ratio.
set -eu
build=${1:?usage: run.sh BUILD_DIR [ITERATIONS] [ROUNDS]}
n=${2:-20000}
rounds=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
data="$here/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ "$i" -lt "$rounds" ]; do
    "$build/bin/bench_template" "$data" "$n" >> "$tmp/cpp"
    python3 "$here/bench_jinja.py" "$data" $((n / 10 > 0 ? n / 10 : 1)) >> "$tmp/py"
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
