#!/usr/bin/env bash
# Benchmarks supportmap's commands on three made-up maps, each beside the sqlite3 query
# that reads or writes the same rows (the floor), and writes BENCHMARKS.md.
#
#     scripts/bench.sh                   # everything: about 20 minutes on 2 cores
#     BENCH_QUICK=1 scripts/bench.sh     # the everyday map only: a minute
#     BENCH_REPORT_ONLY=1 scripts/bench.sh   # rewrite BENCHMARKS.md from the last run
#
# Needs: cargo, python3, hyperfine, sqlite3, GNU time (/usr/bin/time); perf for the
# profiles (skipped without it). On Debian: apt-get install hyperfine sqlite3 time
# linux-perf. The maps are built through `supportmap import` from files that
# scripts/generate-map.py writes (the same arguments always give the same file), in
# target/bench/ (BENCH_DIR to choose another place); they are kept between runs.
#
# Not run by CI: it takes minutes and its figures depend on the machine. Timings are
# whole processes (hyperfine, median of several runs after a warm-up, page cache warm);
# peak memory is the maximum resident set size GNU time reports for one run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

for tool in cargo python3 hyperfine sqlite3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed (see the top of $0)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "error: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }
have_perf=0
if command -v perf >/dev/null && perf record -q -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
    have_perf=1
fi

work=${BENCH_DIR:-$root/target/bench}
mkdir -p "$work/results" "$work/profiles"
results=$work/results
cargo build --release --locked --quiet
bin=$root/target/release/supportmap
version=$("$bin" --version)

if [ -z "${BENCH_REPORT_ONLY:-}" ]; then
rm -f "$results"/*.json "$results"/*.mem "$results"/rows.tsv "$work"/profiles/*.txt
# Other work on the machine shows in the spread; the load when the run began is noted.
cut -d' ' -f1-3 /proc/loadavg >"$results/load.txt" 2>/dev/null || true

if [ -n "${BENCH_QUICK:-}" ]; then
    maps=("everyday 60 5000")
    runs=5
else
    maps=("everyday 60 5000" "lifetime 150 1000000" "stress 10000 1000000")
    runs=10
fi

# The map's supporters, what they give and their check-ins as CSV files, and an SQL
# script that loads them into an empty map with sqlite3: `.import` into temporary
# tables, then one INSERT per table into supportmap's own (its indexes and checks;
# the empty fields of CSV made NULL again). That is the import floor.
import_floor() {
    local db=$1 m=$2
    local sql=$m.floor.sql
    echo "BEGIN;" >"$sql"
    for table in supporters supporter_gives checkins; do
        sqlite3 -csv "$db" "SELECT * FROM $table ORDER BY 1" >"$m.$table.csv"
        local names values
        names=$(sqlite3 "$db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$table')")
        values=$(sqlite3 "$db" "SELECT group_concat('nullif(' || name || ', '''')', ', ') FROM pragma_table_info('$table')")
        {
            echo "CREATE TEMP TABLE stage_$table ($names);"
            echo ".import --csv --schema temp $m.$table.csv stage_$table"
            echo "INSERT INTO main.$table SELECT $values FROM temp.stage_$table;"
        } >>"$sql"
    done
    echo "COMMIT;" >>"$sql"
}

# An empty map with supportmap's schema, for the import floor.
empty_map() {
    local path=$1
    rm -f "$path" "$path-wal" "$path-shm"
    "$bin" --db "$path" settings name Bench >/dev/null 2>&1
    sqlite3 "$path" "DELETE FROM settings; DELETE FROM journal; DELETE FROM journal_rows;" >/dev/null
}

# measure MAP SLUG LABEL TARGET RUNS PREPARE COMMAND FLOOR
# Times COMMAND and FLOOR (either may be empty), each with PREPARE before every run,
# and records one run's peak memory of COMMAND.
measure() {
    local map=$1 slug=$2 label=$3 target=$4 n=$5 prepare=$6 cmd=$7 floor=$8
    local args=(--style none --warmup 1 --runs "$n" -N)
    [ -n "$prepare" ] && args+=(--prepare "$prepare")
    echo "  $map: $label" >&2
    hyperfine "${args[@]}" --export-json "$results/$map-$slug.json" "$cmd" >/dev/null 2>&1 \
        || echo "    (failed: $cmd)" >&2
    if [ -n "$floor" ]; then
        hyperfine "${args[@]}" --export-json "$results/$map-$slug.floor.json" "$floor" \
            >/dev/null 2>&1 || echo "    (floor failed: $floor)" >&2
    fi
    [ -n "$prepare" ] && bash -c "$prepare" >/dev/null 2>&1
    # shellcheck disable=SC2086
    /usr/bin/time -f "%M" -o "$results/$map-$slug.mem" bash -c "$cmd" >/dev/null 2>&1 || true
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$map" "$slug" "$label" "$target" "$cmd" "$floor" \
        >>"$results/rows.tsv"
}

# profile MAP SLUG COMMAND: where the time goes, from perf's samples (self time by
# function, the top lines).
profile() {
    [ "$have_perf" = 1 ] || return 0
    local map=$1 slug=$2 cmd=$3
    local data=$work/profiles/$map-$slug.data
    bash -c "perf record -q -e cpu-clock -F 2000 -g -o '$data' $cmd" >/dev/null 2>&1 || return 0
    perf report -i "$data" --no-children --stdio --sort symbol -g none --percent-limit 1.5 \
        2>/dev/null | grep '%' | grep -v '^#' | head -12 \
        | sed -E 's/[ -]+$//; s/^ +//' >"$work/profiles/$map-$slug.txt" || true
    rm -f "$data" "$data.old"
}

for spec in "${maps[@]}"; do
    read -r map supporters checkins <<<"$spec"
    echo "$map map: $supporters supporters, $checkins check-ins" >&2
    json=$work/$map.json
    db=$work/$map.db
    [ -s "$json" ] || python3 scripts/generate-map.py "$supporters" "$checkins" >"$json"
    if [ ! -s "$db" ] || [ "$(sqlite3 "$db" 'SELECT count(*) FROM checkins')" != "$checkins" ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        "$bin" --db "$db" import "$json" >/dev/null 2>&1
    fi
    sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    m=$work/$map
    big=$runs
    [ "$checkins" -ge 100000 ] && big=3
    sm="$bin --db $db"
    sq="sqlite3 -json $db"
    supporters_q="SELECT s.*, (SELECT group_concat(function) FROM supporter_gives g WHERE g.supporter_id = s.id) AS gives FROM supporters s"
    last_q="SELECT s.id, s.name, s.every_days, (SELECT max(c.at) FROM checkins c WHERE c.supporter_id = s.id) AS last FROM supporters s"
    recent_q="SELECT supporter_id, count(*) FROM checkins WHERE at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 days') AND +supporter_id IS NOT NULL GROUP BY +supporter_id"
    list_q="SELECT c.id, c.batch, s.name, c.at, c.via, c.initiated_by, c.mood, c.note FROM checkins c LEFT JOIN supporters s ON s.id = c.supporter_id ORDER BY c.at DESC, c.id DESC"

    # As typed: neither names a map, so neither opens one.
    measure "$map" version "--version" "< 2 ms" "$runs" "" "$bin --version" ""
    measure "$map" help "--help" "< 2 ms" "$runs" "" "$bin --help" ""
    measure "$map" due-json "checkin due --json" "≤ 1.3× floor" "$runs" "" \
        "$sm checkin due --json" "$sq \"$last_q WHERE s.every_days IS NOT NULL AND s.status = 'active'\""
    measure "$map" due "checkin due" "≤ 1.3× floor" "$runs" "" \
        "$sm checkin due" "$sq \"$last_q WHERE s.every_days IS NOT NULL AND s.status = 'active'\""
    measure "$map" contacts-json "contacts --json" "< 10 ms everyday, < 40 ms stress" "$runs" "" \
        "$sm contacts --json" "$sq \"$supporters_q\""
    measure "$map" contacts "contacts" "" "$runs" "" "$sm contacts" "$sq \"$supporters_q\""
    measure "$map" gaps-json "gaps --json" "< 10 ms everyday, < 40 ms stress" "$runs" "" \
        "$sm gaps --json" "sqlite3 $db \"$supporters_q\" \"$last_q\" \"$recent_q\""
    measure "$map" gaps "gaps" "< 10 ms everyday, < 40 ms stress" "$runs" "" \
        "$sm gaps" "sqlite3 $db \"$supporters_q\" \"$last_q\" \"$recent_q\""
    measure "$map" crisis "crisis" "< 5 ms" "$runs" "" "$sm crisis" \
        "$sq \"SELECT name, phone, available, crisis_order FROM supporters WHERE status = 'active' AND (crisis_order IS NOT NULL OR id IN (SELECT supporter_id FROM supporter_gives WHERE function = 'crisis')) ORDER BY crisis_order\""
    measure "$map" map "map" "" "$runs" "" "$sm map" "$sq \"$supporters_q\""
    measure "$map" trends "trends" "" "$runs" "" "$sm trends" \
        "$sq \"SELECT strftime('%Y-%W', at) AS week, count(*), avg(mood) FROM checkins WHERE at >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-90 days') GROUP BY week\""
    measure "$map" history "history" "" "$big" "" "$sm history" \
        "$sq \"SELECT j.*, (SELECT count(*) FROM journal_rows r WHERE r.entry = j.id) AS rows FROM journal j ORDER BY j.id DESC\""
    measure "$map" list "checkin list" "" "$runs" "" "$sm checkin list" "$sq \"$list_q LIMIT 20\""
    measure "$map" list-json "checkin list --json" "" "$runs" "" "$sm checkin list --json" "$sq \"$list_q LIMIT 20\""
    measure "$map" list-all "checkin list --all" "" "$big" "" "$sm checkin list --all" "$sq \"$list_q\""
    measure "$map" list-all-json "checkin list --all --json" "" "$big" "" "$sm checkin list --all --json" "$sq \"$list_q\""
    measure "$map" export "export (JSON)" "≤ 1.5× floor" "$big" "" "$sm export" \
        "$sq \"SELECT * FROM supporters\" \"SELECT c.uid, s.uid AS supporter, s.name, c.at, c.via, c.initiated_by, c.mood, c.note, c.created_at FROM checkins c LEFT JOIN supporters s ON s.id = c.supporter_id ORDER BY c.id\""
    measure "$map" backup "backup" "" "$big" "rm -f $m.backup.db" "$sm backup $m.backup.db" \
        "sqlite3 $db \".backup $m.backup.db\""
    import_floor "$db" "$m"
    empty_map "$m.empty.db"
    measure "$map" import "import (JSON)" "≤ 2× floor" "$big" \
        "rm -f $m.import.db $m.import.db-wal $m.import.db-shm" \
        "$sm import $json --db $m.import.db" ""
    # The floor: the same rows into the same schema (indexes, checks) with sqlite3.
    measure "$map" import-floor "import floor" "" "$big" \
        "cp $m.empty.db $m.floor.db" "sqlite3 $m.floor.db \".read $m.floor.sql\"" ""
    if [ "$map" = stress ]; then
        # Naming N people in one check-in, on a copy of the map (each run adds check-ins).
        cp "$db" "$m.add.db"
        for n in 10 100 1000 5000; do
            names=$(python3 -c "print(' '.join(f'\"Person {i:05d}\"' for i in range($n)))")
            measure "$map" "add-$n" "checkin add naming $n" "O(N log N)" "$runs" "" \
                "$bin --db $m.add.db checkin $names" ""
        done
    else
        cp "$db" "$m.add.db"
        measure "$map" add-1 "checkin add (one name)" "" "$runs" "" \
            "$bin --db $m.add.db checkin \"Person 00001\"" ""
    fi
    rm -f "$m".*.csv "$m.floor.sql" "$m.floor.db" "$m.empty.db"* "$m.import.db"* "$m.backup.db" "$m.add.db"*

    if [ "$map" = stress ] || [ -n "${BENCH_QUICK:-}" ]; then
        echo "  $map: profiles" >&2
        for pair in "due-json|checkin due --json" "contacts-json|contacts --json" \
            "gaps-json|gaps --json" "crisis|crisis" "map|map" "trends|trends" \
            "history|history" "list-all|checkin list --all" \
            "list-all-json|checkin list --all --json" "export|export"; do
            profile "$map" "${pair%%|*}" "$sm ${pair#*|}"
        done
        rm -f "$m.p.db"*
        profile "$map" import "$sm import $json --db $m.p.db"
        rm -f "$m.p.db"*
    fi
done

fi

python3 - "$results" "$work/profiles" "$version" "${BENCH_QUICK:-}" >BENCHMARKS.md <<'EOF'
import json, os, sys, platform, subprocess
results, profiles, version, quick = sys.argv[1:5]

def load(name):
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        return None
    return json.load(open(path))["results"][0]

def ms(seconds):
    v = seconds * 1000
    return f"{v:.1f} ms" if v < 100 else (f"{v:.0f} ms" if v < 10000 else f"{v / 1000:.1f} s")

def mem(map_, slug):
    path = os.path.join(results, f"{map_}-{slug}.mem")
    try:
        kb = int(open(path).read().split()[-1])
        return kb / 1024
    except Exception:
        return None

cpu = "unknown CPU"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
out = []
out.append("# Benchmarks\n")
try:
    load_avg = open(os.path.join(results, "load.txt")).read().strip()
except OSError:
    load_avg = "unknown"
out.append("Written by `scripts/bench.sh` (do not edit by hand: rerun it). "
           f"{version}, {cpu}, {os.cpu_count()} cores, Linux {platform.release()}; "
           f"load average when the run began: {load_avg}.\n")
out.append("Whole processes, timed by hyperfine (median of the runs, spread as min–max) with a "
           "warm page cache; peak memory is the maximum resident set of one run (GNU time). "
           "The floor is the `sqlite3` shell doing the same reading or writing on the same "
           "file (its query is in the script), and the ratio is supportmap's median over the "
           "floor's. Maps are built through `supportmap import` from `scripts/generate-map.py`: "
           "*everyday* 60 supporters and 5,000 check-ins, *lifetime* 150 and 1,000,000, "
           "*stress* 10,000 and 1,000,000.\n")
if quick:
    out.append("**Quick run (BENCH_QUICK): the everyday map only.**\n")
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(results, "rows.tsv"))]
maps = []
for r in rows:
    if r[0] not in maps:
        maps.append(r[0])
summary = {}
for m in maps:
    out.append(f"\n## {m}\n")
    out.append("| command | median | spread | peak memory | floor | ratio | target |")
    out.append("|---|---:|---:|---:|---:|---:|---|")
    for map_, slug, label, target, cmd, floor in rows:
        if map_ != m or slug == "import-floor":
            continue
        r = load(f"{m}-{slug}")
        if r is None:
            out.append(f"| `{label}` | failed | | | | | {target} |")
            continue
        f = load(f"{m}-{slug}.floor") or (load(f"{m}-import-floor") if slug == "import" else None)
        mb = mem(m, slug)
        memtext = f"{mb:.1f} MB" if mb is not None else "?"
        if mb is not None and mb >= 20:
            memtext = f"**{memtext}**"
        ratio = f"{r['median'] / f['median']:.2f}×" if f else "—"
        out.append(f"| `{label}` | {ms(r['median'])} | {ms(r['min'])}–{ms(r['max'])} | {memtext} "
                   f"| {ms(f['median']) if f else '—'} | {ratio} | {target} |")
        summary[(m, slug)] = (r["median"], f["median"] if f else None, mb)
adds = [(int(s.split("-")[1]), summary[(m, s)][0]) for (m, s) in summary if s.startswith("add-") and m == "stress"]
if len(adds) > 1:
    adds.sort()
    out.append("\n## Naming many people in one check-in (stress map)\n")
    out.append("| names | median | per name |")
    out.append("|---:|---:|---:|")
    for n, t in adds:
        out.append(f"| {n} | {ms(t)} | {t / n * 1e6:.0f} µs |")
    out.append("\nA per-name cost that stays flat as N grows is O(N) for the lookups "
               "(an index of names built once); process start and the map's names "
               "(read once) are the fixed part.")
out.append("\n## Where the time goes (perf, self time by function)\n")
names = sorted(os.listdir(profiles)) if os.path.isdir(profiles) else []
names = [n for n in names if n.endswith(".txt")]
if not names:
    out.append("No profiles: perf was not available.\n")
for n in names:
    text = open(os.path.join(profiles, n)).read().strip()
    out.append(f"\n### {n[:-4]}\n\n```\n{text}\n```")
notes = os.path.join(os.path.dirname(os.path.abspath(sys.argv[0])) if sys.argv[0] != "-" else ".", "scripts", "bench-notes.md")
if os.path.exists("scripts/bench-notes.md"):
    out.append("\n" + open("scripts/bench-notes.md").read().strip())
print("\n".join(out))
EOF
echo "wrote BENCHMARKS.md" >&2
