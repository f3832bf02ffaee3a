#!/usr/bin/env bash
# The big-tenant figures of BENCHMARKS.md, side by side in one run against one
# `lazyentra serve-demo --users 100000` (release build):
#
#   - the floor (benches/big_tenant.rs `floor`): one keep-alive connection, every page, the
#     next link found in the bytes, nothing decoded;
#   - lazyentra's load-all (`load-all`): sign in, first page, `L` until every user is a row,
#     then the local filter per keystroke, a frame with the filter on, peak RSS;
#   - the Graph client alone reading every page into rows (`read-all`), without the app;
#   - Microsoft's Graph SDK for Python, msgraph-sdk (benches/sdk_list.py), on SDK_USERS users,
#     scaled to the tenant; installed into target/bench-venv (not committed);
#   - start-up to the first frame, Enter to the first page, idle CPU (benches/startup.py).
#
# Floor and load-all alternate RUNS times each; medians and the ratios to the floor are
# printed at the end. Not part of `cargo test` or CI: it takes minutes (the SDK most of them).
#
#   benches/run-big-tenant.sh                 # USERS=100000 RUNS=5 SDK_USERS=10000
#   SDK_USERS=0 benches/run-big-tenant.sh     # without the SDK
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${USERS:-100000}
RUNS=${RUNS:-5}
SDK_USERS=${SDK_USERS:-10000}
SDK_VERSION=${SDK_VERSION:-1.65.0}
OUT=target/big-tenant
mkdir -p "$OUT"

echo "== building (release)"
cargo build --release --quiet
BENCH=$(cargo bench --bench big_tenant --no-run 2>&1 |
    grep -o 'target/release/deps/big_tenant-[0-9a-f]*' | tail -1)

echo "== serve-demo --users $USERS"
target/release/lazyentra serve-demo --users "$USERS" --port 0 >"$OUT/serve-demo.log" 2>&1 &
SERVER=$!
trap 'kill -INT "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
BASE=
for _ in $(seq 1 600); do
    BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$OUT/serve-demo.log" | head -1 || true)
    [ -n "$BASE" ] && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$OUT/serve-demo.log"; exit 1; }
    sleep 0.1
done
[ -n "$BASE" ] || { echo "serve-demo did not start"; exit 1; }
echo "   at $BASE"

RESULTS="$OUT/results.txt"
: >"$RESULTS"
echo "== floor vs load-all vs read-all, $RUNS runs each, alternating"
"$BENCH" floor "$BASE" >/dev/null # warm-up: the emulator's first pages, the page cache
for i in $(seq 1 "$RUNS"); do
    "$BENCH" floor "$BASE" | tee -a "$RESULTS"
    "$BENCH" load-all "$BASE" | tee -a "$RESULTS"
    "$BENCH" read-all "$BASE" | tee -a "$RESULTS"
done

echo "== start-up, first page, idle CPU (the real binary in a 120x40 pseudo-terminal)"
for i in $(seq 1 "$RUNS"); do
    python3 benches/startup.py target/release/lazyentra "$BASE" "$USERS" | tee -a "$RESULTS"
done

if [ "$SDK_USERS" -gt 0 ]; then
    echo "== msgraph-sdk $SDK_VERSION, PageIterator, $SDK_USERS users"
    VENV=target/bench-venv/sdk
    if ! "$VENV/bin/python" -c "import msgraph" 2>/dev/null; then
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet "msgraph-sdk==$SDK_VERSION"
    fi
    "$BENCH" floor "$BASE" "$SDK_USERS" | sed 's/^floor/floor-sdk-size/' | tee -a "$RESULTS"
    "$VENV/bin/python" benches/sdk_list.py "$BASE" "$SDK_USERS" | tee -a "$RESULTS"
fi

echo "== summary (medians; date $(date -u +%F), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$RESULTS" "$USERS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    kind, *pairs = line.split()
    rows.setdefault(kind, []).append(dict(p.split("=", 1) for p in pairs))
users = int(sys.argv[2])
def med(kind, key):
    return statistics.median(float(r[key]) for r in rows[kind])
floor, load = med("floor", "seconds"), med("load-all", "seconds")
pairs = [float(l["seconds"]) / float(f["seconds"]) for f, l in zip(rows["floor"], rows["load-all"])]
print(f"floor              {floor:7.3f} s   {users / floor:10,.0f} users/s   cpu {med('floor', 'cpu_seconds'):.2f} s")
print(f"lazyentra load-all {load:7.3f} s   {users / load:10,.0f} users/s   cpu {med('load-all', 'cpu_seconds'):.2f} s"
      f"   ratio {load / floor:.2f} (pair by pair {min(pairs):.2f}-{max(pairs):.2f}, median"
      f" {statistics.median(pairs):.2f})   target <= 1.3")
read = med("read-all", "seconds")
print(f"client alone       {read:7.3f} s   {users / read:10,.0f} users/s   cpu {med('read-all', 'cpu_seconds'):.2f} s"
      f"   ratio {read / floor:.2f}")
print(f"peak RSS, {users:,} loaded   {med('load-all', 'peak_rss_mib'):.1f} MiB   target < 80")
print(f"filter per keystroke   median {med('load-all', 'filter_ms_median'):.1f} ms, worst {med('load-all', 'filter_ms_max'):.1f} ms   target < 20")
print(f"frame, filter active   {med('load-all', 'frame_ms'):.2f} ms   target < 2")
print(f"start-up to first frame   {med('startup', 'first_frame_ms'):.0f} ms   target < 100")
print(f"Enter to first page        {med('startup', 'first_page_ms'):.0f} ms")
print(f"idle CPU over 5 s          {med('startup', 'idle_cpu_ticks'):.0f} ticks   target 0")
if "sdk" in rows:
    sdk = rows["sdk"][0]
    n, s = int(sdk["users"]), float(sdk["seconds"])
    small = rows["floor-sdk-size"][0]
    scaled = s * users / n
    print(f"msgraph-sdk        {s:7.3f} s for {n:,} users -> {scaled:.1f} s for {users:,} (scaled)"
          f"   ratio to the floor {scaled / floor:.0f}   (floor on {int(small['users']):,}: "
          f"{float(small['seconds']):.3f} s, ratio {s / float(small['seconds']):.0f})")
PY
