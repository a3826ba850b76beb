#!/usr/bin/env bash
# The mlos benchmark: for each scale N, generate a deterministic seed-000 workspace, then measure
# (each step in a fresh process, wall / CPU / peak RSS by /usr/bin/time, heap from inside the JVM)
#   mlos: cold compile, no-op recompile, recompile after changing one need, guard (fast, full, and full
#   rendering every view as on a fresh clone) on the clean workspace
#   Hugo building the same compiled pages, the I/O floor (cp -r of the output + sqlite3 .dump),
#   sha256sum over the files the guard hashes, and a bare JVM start;
# then print a table and write it with the machine description to bench/RESULTS.md.
# The ops steps (issues 17 and 18) time single operations on a copy of the same generated database:
#   create need, move need, claim task, complete task, ready work through an agent's lens, in one JVM
#   through the engine and as `java -jar mlos.jar` processes; and start-up, create_need, claim_task,
#   ready_work over stdio against `mlos mcp`; p50/p99 go to their own section of bench/RESULTS.md.
#
# Usage: bench/run.sh [N...]            default: 1000 10000
# Environment:
#   BENCH_REPEAT=3   runs per mlos step and per baseline; the run with the median wall time is reported
#   BENCH_JFR=1      also record a JFR profile of each mlos step (target/bench/n<N>/*.jfr) and print its hot spots
#   BENCH_XMX=512m   heap limit of the mlos JVMs (the issue's target: 512 MB)
#   BENCH_SEED=...   generator seed (default: DataGenerator.DEFAULT_SEED)
#   BENCH_SETTLE=360 seconds to wait after a run removed its trees before timing again (0: do not wait)
#   BENCH_RESULTS=.. where to write the results (default bench/RESULTS.md)
#   BENCH_STEPS=all  all | compile (the compile, guard and baseline steps) | ops (the operation latencies only)
#   BENCH_OPS=1000   timed operations of each kind in one JVM (after 100 untimed), and MCP calls of each tool
#   BENCH_CLI_OPS=1000  timed operations of each kind as CLI processes (each one a JVM start: 5 kinds of
#                      1,000 take an estimated hour on an idle machine; BENCH_CLI_OPS=100 for a quick run)
#   BENCH_CLI_SECONDS=1800  time budget per CLI operation kind (the table shows the count if it ran out)
#   BENCH_OP_SECONDS=120  time budget per operation kind: a slower kind stops early (the table shows the count)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
STEPS=${BENCH_STEPS:-all}
case "$STEPS" in all | compile | ops) ;; *) echo "BENCH_STEPS must be all, compile or ops, was '$STEPS'" >&2; exit 2 ;; esac
OPS=${BENCH_OPS:-1000}
CLI_OPS=${BENCH_CLI_OPS:-1000}
CLI_SECONDS=${BENCH_CLI_SECONDS:-1800}
OP_SECONDS=${BENCH_OP_SECONDS:-120}
REPEAT=${BENCH_REPEAT:-1}
XMX=${BENCH_XMX:-512m}
WORK=$ROOT/bench/target/bench
# What the generated databases depend on besides the seed: every migration of the schema.
SCHEMA_KEY=$(cat "$ROOT"/mlos-core/src/main/resources/dev/mlos/core/schema/*/*.sql | sha256sum | cut -c1-16)
RESULTS=${BENCH_RESULTS:-$ROOT/bench/RESULTS.md}
mkdir -p "$WORK"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
need_pkgs=()
[ -x /usr/bin/time ] || need_pkgs+=(time)
[ "$STEPS" = ops ] || command -v hugo >/dev/null 2>&1 || need_pkgs+=(hugo)
command -v sqlite3 >/dev/null 2>&1 || need_pkgs+=(sqlite3)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  echo "Installing: ${need_pkgs[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_pkgs[@]}"
fi

# Build once (offline when the local repository has everything), then every step is a plain JVM.
# The bench module depends on mlos-cli, so this also packages mlos-cli/target/mlos.jar.
echo "Building the bench module..."
mvn -B -q -o -pl bench -am package -DskipTests >"$WORK/build.log" 2>&1 \
  || mvn -B -q -pl bench -am package -DskipTests >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log"; exit 1; }
# Snapshot this build's own jars, so rebuilding the modules during a long run does not change it.
rm -rf "$WORK/lib" && mkdir -p "$WORK/lib"
CP=""
for entry in "$ROOT/bench/target/mlos-bench-0.1.0-SNAPSHOT.jar" $(tr ':' ' ' <"$ROOT/bench/target/classpath.txt"); do
  case "$entry" in
    "$ROOT"/*) cp "$entry" "$WORK/lib/" && entry=$WORK/lib/$(basename "$entry") ;;
  esac
  CP=${CP:+$CP:}$entry
done
cp "$ROOT/mlos-cli/target/mlos.jar" "$WORK/lib/mlos.jar"
MLOS_JAR=$WORK/lib/mlos.jar
# The start-up archive holds its jar's path: the copy gets its own (docs/cli.md, "A jar elsewhere").
java -XX:ArchiveClassesAtExit="$WORK/lib/mlos.jsa" -Xlog:disable -Xlog:all=warning:stderr -cp "$MLOS_JAR" \
  dev.mlos.cli.StartupArchive "$WORK/startup-training" >"$WORK/startup-training.log" 2>&1 \
  || { tail -n 20 "$WORK/startup-training.log"; exit 1; }
JAVA=(java -XX:+UseG1GC -cp "$CP")
MLOS=(java -Xmx"$XMX" -XX:+UseG1GC -cp "$CP")

# The figures users see (issue 20): the same steps as `mvn -q mlos:<goal>`. The plugin is installed
# into a local repository of the bench's own ($WORK/m2), fed from the outer one as a file:// remote
# (as it/ does), so ~/.m2 is never changed; the timed runs are offline. Skipped for BENCH_STEPS=ops.
MVN_SETTINGS=$WORK/mvn-settings.xml
MVN_REPO=$WORK/m2
if [ "$STEPS" != ops ]; then
  OUTER_REPO=$(mvn -B -q -o help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || true)
  [ -d "$OUTER_REPO" ] || OUTER_REPO=$HOME/.m2/repository
  cat >"$MVN_SETTINGS" <<SETTINGS
<settings>
  <localRepository>$MVN_REPO</localRepository>
  <mirrors><mirror><id>outer</id><mirrorOf>*</mirrorOf><url>file://$OUTER_REPO</url></mirror></mirrors>
</settings>
SETTINGS
  echo "Installing the plugin into $MVN_REPO for the mvn steps..."
  mvn -B -q -s "$MVN_SETTINGS" -pl mlos-maven-plugin -am install -DskipTests -Dspotless.check.skip=true \
    >"$WORK/mvn-install.log" 2>&1 || { tail -n 30 "$WORK/mvn-install.log"; exit 1; }
fi
# A workspace's POM naming the plugin, with the output timestamp BenchMain compiles with (so a
# `mvn mlos:compile` right after a BenchMain compile is a no-op).
bench_pom() { # <workspace>
  cat >"$1/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench.invalid</groupId>
  <artifactId>bench-workspace</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <properties><project.build.outputTimestamp>2026-11-21T00:00:00Z</project.build.outputTimestamp></properties>
  <build><plugins><plugin>
    <groupId>dev.mlos</groupId><artifactId>mlos-maven-plugin</artifactId><version>0.1.0-SNAPSHOT</version>
  </plugin></plugins></build>
</project>
POM
}
MVN=(env MAVEN_OPTS="-Xmx$XMX -XX:+UseG1GC" mvn -B -q -o -s "$MVN_SETTINGS")

# Trees a step replaces are moved aside, not deleted, and removed when the run ends: deleting
# 100k files right before a timed step taxes the file creations of that step (on ext4 without a
# journal, as on the machine of RESULTS.md, the inode allocator passes over recently freed inodes
# one by one), so the cold compile, the I/O floor and Hugo would pay for the previous step's
# clean-up, each a different amount.
# The removal's time is kept, and a run that starts within 6 minutes of one waits out the rest
# (the allocator's window is 60 s, 360 s for an inode-table block written since: RESULTS.md, "The
# I/O floor measured with no deletion before it"); BENCH_SETTLE=0 skips the wait.
TRASH=$WORK/trash
REMOVED_AT=$WORK/trash-removed-at
if [ -d "$TRASH" ]; then
  echo "Removing the trees an interrupted run left in $TRASH..."
  rm -rf "$TRASH"
  date +%s >"$REMOVED_AT"
fi
SETTLE=${BENCH_SETTLE:-360}
if [ -f "$REMOVED_AT" ] && [ "$SETTLE" -gt 0 ]; then
  since=$(($(date +%s) - $(cat "$REMOVED_AT")))
  if [ "$since" -ge 0 ] && [ "$since" -lt "$SETTLE" ]; then
    echo "Trees were removed from this disk ${since} s ago: waiting $((SETTLE - since)) s, so this run's file creations do not pay for it (BENCH_SETTLE=0 skips this)..."
    sleep $((SETTLE - since))
  fi
fi
mkdir -p "$TRASH"
trap 'if [ "${DISCARDED:-0}" -gt 0 ]; then rm -rf "$TRASH"; date +%s >"$REMOVED_AT"; else rm -rf "$TRASH"; fi' EXIT
DISCARDED=0
discard() { # moves each existing path into $TRASH
  local p
  for p in "$@"; do
    if [ -e "$p" ] || [ -L "$p" ]; then
      DISCARDED=$((DISCARDED + 1))
      mv "$p" "$TRASH/$DISCARDED-$(basename "$p")"
    fi
  done
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
TSV=$WORK/results.tsv
: >"$TSV"
OPS_OUT=$WORK/ops.txt
: >"$OPS_OUT"

# measure <N> <label> <cmd...>: runs the command REPEAT times, keeps the median-wall run.
# Appends: N label wall_s cpu_s rss_mb heap_mb written pages op_wall_s status fastest_wall_s slowest_wall_s
measure() {
  local n=$1 label=$2; shift 2
  local runs=() i
  for ((i = 1; i <= REPEAT; i++)); do
    [ -n "${BEFORE_EACH:-}" ] && eval "$BEFORE_EACH"
    local tf out st=ok
    tf=$(mktemp) out=$(mktemp)
    if ! /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$out" 2>"$out.err"; then
      st=failed
      if grep -q OutOfMemoryError "$out.err"; then st=oom; fi
    fi
    local wall user sys rss
    read -r wall user sys rss < <(tail -n1 "$tf")
    local result heap=- written=- pages=- opw=-
    result=$(grep '^RESULT' "$out" | tail -n1 || true)
    if [ -n "$result" ]; then
      heap=$(sed -n 's/.* heap_peak_mb=\([^ ]*\).*/\1/p' <<<"$result")
      written=$(sed -n 's/.* written=\([^ ]*\).*/\1/p' <<<"$result")
      pages=$(sed -n 's/.* pages=\([^ ]*\).*/\1/p' <<<"$result")
      opw=$(sed -n 's/.* op_wall_ms=\([^ ]*\).*/\1/p' <<<"$result")
      [ -n "$opw" ] && opw=$(awk -v m="$opw" 'BEGIN{printf "%.2f", m/1000}')
      [ -z "$written" ] && written=- ; [ -z "$pages" ] && pages=-
    fi
    if [ "$st" != ok ]; then
      echo "  $label: FAILED" >&2
      tail -n 20 "$out.err" >&2
    fi
    runs+=("$wall $(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}') $(awk -v k="$rss" 'BEGIN{printf "%.0f", k/1024}') $heap $written $pages $opw $st")
    [ -n "${KEEP_OUTPUT:-}" ] && cp "$out" "$KEEP_OUTPUT"
    rm -f "$tf" "$out" "$out.err"
  done
  local sorted chosen fastest slowest
  sorted=$(printf '%s\n' "${runs[@]}" | sort -n -k1,1)
  chosen=$(sed -n "$(((${#runs[@]} + 1) / 2))p" <<<"$sorted")
  # The fastest and slowest wall time of the runs: the report shows the spread next to the median.
  fastest=$(head -n1 <<<"$sorted" | cut -d' ' -f1)
  slowest=$(tail -n1 <<<"$sorted" | cut -d' ' -f1)
  printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$label" "$(tr ' ' '\t' <<<"$chosen")" "$fastest" "$slowest" >>"$TSV"
  printf '  %-34s wall %6ss  cpu %6ss  rss %5s MB  heap %6s MB  written %s/%s  [%s]\n' "$label" \
    $(awk '{print $1, $2, $3, $4, $5, $6, $8}' <<<"$chosen")
}

jfr_opts() { # <n> <name>
  if [ "${BENCH_JFR:-}" = 1 ]; then
    echo "-XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=filename=$WORK/n$1/$2.jfr,settings=profile"
  fi
}

for N in "${SIZES[@]}"; do
  echo "== N = $N"
  D=$WORK/n$N
  mkdir -p "$D"
  SEED_ARGS=()
  [ -n "${BENCH_SEED:-}" ] && SEED_ARGS=("$BENCH_SEED")
  # The generated workspace is kept (pristine) and copied for every cold compile; it is generated
  # again when the seed or the schema (any migration) changed since.
  PRISTINE_KEY="${BENCH_SEED:-default} schema $SCHEMA_KEY"
  if [ ! -f "$D/pristine/mlos.db" ] || [ "$(cat "$D/pristine.seed" 2>/dev/null)" != "$PRISTINE_KEY" ]; then
    discard "$D/pristine"
    REPEAT_SAVED=$REPEAT REPEAT=1
    KEEP_OUTPUT=$D/generate.out measure "$N" "generate (not a target)" "${JAVA[@]}" -Xmx2g dev.mlos.bench.BenchMain generate "$D/pristine" "$N" "${SEED_ARGS[@]}"
    REPEAT=$REPEAT_SAVED
    echo "$PRISTINE_KEY" >"$D/pristine.seed"
  fi
  grep '^RESULT' "$D/generate.out" | sed 's/^RESULT /  data: /'

  if [ "$STEPS" != compile ]; then
    # The operations change the database: they run on a copy of the generated one (the artifact
    # files are not needed), prepared once (tags, the bench agent and its lens), one mode after
    # the other, each on targets no earlier mode touched. Their LATENCY lines go to $OPS_OUT.
    O=$D/ops
    discard "$O"
    mkdir -p "$O"
    cp "$D/pristine/mlos.db" "$O/mlos.db"
    "${JAVA[@]}" dev.mlos.bench.BenchMain ops-prepare "$O" | sed 's/^RESULT /  ops workspace: /'
    ops_step() { # <mode> <BenchMain args...>
      local mode=$1 before after
      shift
      before=$(cut -d' ' -f1-3 /proc/loadavg)
      "${MLOS[@]}" -Dbench.op.seconds="$OP_SECONDS" -Dbench.cli.seconds="$CLI_SECONDS" dev.mlos.bench.BenchMain "$@" >"$D/$mode.out" 2>"$D/$mode.err" \
        || { echo "  $mode: FAILED" >&2; tail -n 20 "$D/$mode.err" >&2; exit 1; }
      after=$(cut -d' ' -f1-3 /proc/loadavg)
      grep '^LATENCY' "$D/$mode.out" | sed 's/^LATENCY /    /'
      grep '^LATENCY' "$D/$mode.out" | sed "s/^LATENCY /$N /" >>"$OPS_OUT"
      echo "LOAD $N $mode $before / $after" >>"$OPS_OUT"
    }
    echo "  ops in one JVM ($OPS of each after 100 untimed): mode op count p50 p99 mean max (ms)"
    ops_step engine ops-engine "$O" "$OPS" 100
    echo "  ops as CLI processes ($CLI_OPS of each)"
    ops_step cli ops-cli "$O" "$MLOS_JAR" "$CLI_OPS"
    echo "  MCP over stdio ($OPS calls of each after 50 untimed; 3 server starts)"
    ops_step mcp ops-mcp "$O" "$MLOS_JAR" "$OPS" 50 3
  fi
  [ "$STEPS" = ops ] && continue
  WS=$D/ws

  BEFORE_EACH="discard '$WS'; cp -a '$D/pristine' '$WS'; sync" \
    measure "$N" "mlos compile, cold" "${MLOS[@]}" $(jfr_opts "$N" cold) dev.mlos.bench.BenchMain compile "$WS"
  measure "$N" "mlos compile, no-op" "${MLOS[@]}" $(jfr_opts "$N" noop) dev.mlos.bench.BenchMain compile "$WS"
  BEFORE_EACH="${JAVA[*]} dev.mlos.bench.BenchMain change '$WS' >/dev/null" \
    measure "$N" "mlos compile, one need changed" "${MLOS[@]}" $(jfr_opts "$N" change) dev.mlos.bench.BenchMain compile "$WS"
  # k changed rows (issue 20): k needs' titles changed in one transaction, then a compile; it should
  # grow with k, not with N. Only the k below N are run.
  for K in 1 100 10000; do
    [ "$K" -le "$N" ] || continue
    BEFORE_EACH="${JAVA[*]} dev.mlos.bench.BenchMain change-rows '$WS' $K >/dev/null" \
      measure "$N" "mlos compile, $K changed rows" "${MLOS[@]}" $(jfr_opts "$N" "change-$K") dev.mlos.bench.BenchMain compile "$WS"
  done
  # The workspace is clean now: both guards must find no violation.
  measure "$N" "mlos guard, fast (hand-edit + artifacts)" "${MLOS[@]}" $(jfr_opts "$N" guard-fast) dev.mlos.bench.BenchMain guard "$WS" fast
  measure "$N" "mlos guard, full (with stale check)" "${MLOS[@]}" $(jfr_opts "$N" guard-full) dev.mlos.bench.BenchMain guard "$WS" full
  # As on a fresh clone (no target/mlos/compile-state): the change log says which views a change since
  # the compile feeds, and pages whose rows hash as mlos_outputs records them are not rendered.
  measure "$N" "mlos guard, full, fresh clone" "${MLOS[@]}" $(jfr_opts "$N" guard-fresh) dev.mlos.bench.BenchMain guard "$WS" fresh
  # renderAlways: every page rendered for the stale check, no record trusted.
  measure "$N" "mlos guard, full, every view rendered" "${MLOS[@]}" $(jfr_opts "$N" guard-rendered) dev.mlos.bench.BenchMain guard "$WS" rendered
  # Issue 20: the same fresh-clone guard after 100 rows changed since the compile (each run compiles
  # first, untimed, then changes them): the change log says which pages those rows feed.
  if [ "$N" -ge 100 ]; then
    BEFORE_EACH="${MLOS[*]} dev.mlos.bench.BenchMain compile '$WS' >/dev/null; ${JAVA[*]} dev.mlos.bench.BenchMain change-rows '$WS' 100 >/dev/null" \
      measure "$N" "mlos guard, full, fresh clone, 100 changed rows" "${MLOS[@]}" $(jfr_opts "$N" guard-fresh-changed) dev.mlos.bench.BenchMain guard "$WS" fresh-changed
    BEFORE_EACH=""
    "${MLOS[@]}" dev.mlos.bench.BenchMain compile "$WS" >/dev/null
  fi
  measure "$N" "JVM start (bare)" "${JAVA[@]}" dev.mlos.bench.BenchMain jvm

  # The same database in WAL mode (the mode concurrent agents need), side by side: no-op compile,
  # guard right after it, one need changed. One untimed compile first records the WAL state; the
  # database goes back to rollback-journal mode afterwards for the steps below.
  sqlite3 "$WS/mlos.db" "PRAGMA journal_mode = WAL" >/dev/null
  "${MLOS[@]}" dev.mlos.bench.BenchMain compile "$WS" >/dev/null
  measure "$N" "mlos compile, no-op (WAL)" "${MLOS[@]}" $(jfr_opts "$N" noop-wal) dev.mlos.bench.BenchMain compile "$WS"
  measure "$N" "mlos guard, full (with stale check) (WAL)" "${MLOS[@]}" $(jfr_opts "$N" guard-full-wal) dev.mlos.bench.BenchMain guard "$WS" full
  BEFORE_EACH="${JAVA[*]} dev.mlos.bench.BenchMain change-rows '$WS' 1 >/dev/null" \
    measure "$N" "mlos compile, 1 changed row (WAL)" "${MLOS[@]}" $(jfr_opts "$N" change-wal) dev.mlos.bench.BenchMain compile "$WS"
  BEFORE_EACH=""
  sqlite3 "$WS/mlos.db" "PRAGMA journal_mode = DELETE" >/dev/null
  "${MLOS[@]}" dev.mlos.bench.BenchMain compile "$WS" >/dev/null

  # The same steps as users type them: Maven's own start-up (a bare validate of the workspace's POM)
  # beside `mvn -q mlos:compile` cold, no-op and after one change, and `mvn -q mlos:guard` (full).
  bench_pom "$WS"
  measure "$N" "mvn -q validate (Maven start-up)" "${MVN[@]}" -f "$WS/pom.xml" validate
  BEFORE_EACH="discard '$WS'; cp -a '$D/pristine' '$WS'; bench_pom '$WS'; sync" \
    measure "$N" "mvn -q mlos:compile, cold" "${MVN[@]}" -f "$WS/pom.xml" mlos:compile
  BEFORE_EACH=""
  measure "$N" "mvn -q mlos:compile, no-op" "${MVN[@]}" -f "$WS/pom.xml" mlos:compile
  BEFORE_EACH="${JAVA[*]} dev.mlos.bench.BenchMain change '$WS' >/dev/null" \
    measure "$N" "mvn -q mlos:compile, one need changed" "${MVN[@]}" -f "$WS/pom.xml" mlos:compile
  BEFORE_EACH=""
  measure "$N" "mvn -q mlos:guard (full)" "${MVN[@]}" -f "$WS/pom.xml" mlos:guard
  rm -f "$WS/pom.xml"

  # And as the mlos command runs them (the README's alias: its start-up archive, C1 only), the
  # JVM's start included: a no-op compile, and a compile after one need changed.
  CMD=(java -Xmx"$XMX" -XX:SharedArchiveFile="$WORK/lib/mlos.jsa" -XX:TieredStopAtLevel=1
    -Xlog:disable -Xlog:all=warning:stderr -jar "$MLOS_JAR")
  "${CMD[@]}" compile --workspace "$WS" >/dev/null
  measure "$N" "mlos command: compile, no-op" "${CMD[@]}" compile --workspace "$WS"
  BEFORE_EACH="${JAVA[*]} dev.mlos.bench.BenchMain change '$WS' >/dev/null" \
    measure "$N" "mlos command: compile, one need changed" "${CMD[@]}" compile --workspace "$WS"
  BEFORE_EACH=""

  # The compiled tree: the top-level entries of the recorded outputs.
  sqlite3 "$WS/mlos.db" "SELECT path FROM mlos_outputs ORDER BY path" >"$D/outputs.txt"
  sqlite3 "$WS/mlos.db" "SELECT file_path FROM artifacts WHERE file_path IS NOT NULL ORDER BY id" >"$D/artifacts.txt"
  mapfile -t TOP < <(cut -d/ -f1 "$D/outputs.txt" | sort -u)
  cat "$D/outputs.txt" "$D/artifacts.txt" | tr '\n' '\0' >"$D/hashed.0"
  PAGES=$(wc -l <"$D/outputs.txt")

  BEFORE_EACH="discard '$D/copy'; mkdir -p '$D/copy'; sync" \
    measure "$N" "I/O floor: cp -r + sqlite3 .dump" bash -c 'cd "$1" && shift && dest=$1 && db=$2 && shift 2 && cp -r "$@" "$dest"/ && sqlite3 "$db" .dump >/dev/null' _ "$WS" "$D/copy" "$WS/mlos.db" "${TOP[@]}"
  discard "$D/copy"
  BEFORE_EACH="" measure "$N" "sha256sum, guard's files" bash -c 'cd "$1" && xargs -0 -a "$2" sha256sum >/dev/null' _ "$WS" "$D/hashed.0"
  echo "  sha256sum covered $(tr -cd '\0' <"$D/hashed.0" | wc -c) files ($PAGES compiled + $(wc -l <"$D/artifacts.txt") artifacts)"
  # Hugo last: at 100k it takes ~13 GB of RSS and evicts the page cache the steps above read warm.
  # Hugo on the same pages: a minimal site without a theme, whose layouts really render each page.
  H=$D/hugo
  discard "$H" && mkdir -p "$H/content" "$H/layouts/_default"
  (cd "$WS" && cp -r "${TOP[@]}" "$H/content/")
  cat >"$H/config.toml" <<'EOF'
baseURL = "http://bench.invalid/"
title = "mlos bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
EOF
  cat >"$H/layouts/_default/single.html" <<'EOF'
<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>
EOF
  cat >"$H/layouts/_default/list.html" <<'EOF'
<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>
EOF
  BEFORE_EACH="discard '$H/public' '$H/resources'; sync" \
    measure "$N" "hugo, same pages" hugo --quiet --source "$H" --destination "$H/public"
  HUGO_PAGES=$(find "$H/public" -name index.html | wc -l)
  echo "  hugo rendered $HUGO_PAGES HTML pages for $PAGES compiled pages (plus sections and home)"
  discard "$H/public"

  echo "$PAGES" >"$D/pages"

  if [ "${BENCH_JFR:-}" = 1 ]; then
    for f in "$D"/*.jfr; do
      [ -f "$f" ] || continue
      echo "  -- hot spots of $(basename "$f")"
      "${JAVA[@]}" dev.mlos.bench.JfrTop "$f" 12 | sed 's/^/     /'
    done
  fi
done

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$STEPS" != compile ]; then
  LOAD_START="$LOAD_START" LOAD_END="$LOAD_END" CLI_OPS="$CLI_OPS" CLI_SECONDS="$CLI_SECONDS" OPS="$OPS" OP_SECONDS="$OP_SECONDS" \
    "${JAVA[@]}" dev.mlos.bench.OpsReport "$OPS_OUT" "$RESULTS"
  echo "Wrote the operation latencies into $RESULTS"
fi
[ "$STEPS" = ops ] && exit 0
BENCH_SIZES="${SIZES[*]}" LOAD_START="$LOAD_START" LOAD_END="$LOAD_END" REPEAT="$REPEAT" XMX="$XMX" \
  "${JAVA[@]}" dev.mlos.bench.ResultsReport "$TSV" "$WORK" "$RESULTS"
echo "Wrote $RESULTS"
