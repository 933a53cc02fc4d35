#!/usr/bin/env bash
# Compares Freshet with kinesalite and kinesis-local (both from the npm registry) in one run, on this
# machine, with the same load generator and the same phases, and writes docs/benchmarks.md.
#
#   bench/compare.sh [--quick] [--no-build] [--out FILE] [--note TEXT] [--duration D] [--keep]
#
#   --quick       short phases (about 2 minutes in all, build aside) instead of the full run (about 10)
#   --no-build    use the jars already built instead of running `mvn -q -B package -DskipTests`
#   --out FILE    where the report goes (default docs/benchmarks.md)
#   --note TEXT   a paragraph to put at the top of the report (what this run is, e.g. a baseline)
#   --duration D  override the per-phase time (e.g. 1s for a smoke test of this script)
#   --keep        keep the work directory (result JSON, server logs) instead of deleting it
#
# Servers run one at a time, each alone on the machine, on a free port of 127.0.0.1; each is stopped by
# the PID this script started it with, and nothing else is ever stopped. npm packages are installed
# into a cache directory (FRESHET_BENCH_CACHE, default ~/.cache/freshet-bench), never globally.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=full
build=1
keep=0
out="$root/docs/benchmarks.md"
note=""
duration_override=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    --out) out="$2"; case "$out" in /*) ;; *) out="$PWD/$out" ;; esac; shift ;;
    --note) note="$2"; shift ;;
    --duration) duration_override="$2"; shift ;;
    -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

KINESALITE_VERSION=3.3.3
KINESIS_LOCAL_VERSION=0.6.2
if [ "$mode" = quick ]; then
  DURATION=2s; WARMUP=2s; MAX_RECORDS=200000; MANY_SHARDS=200
else
  DURATION=10s; WARMUP=5s; MAX_RECORDS=2000000; MANY_SHARDS=1000
fi
[ -n "$duration_override" ] && DURATION="$duration_override"
PHASES=put-records,put-record,drain,put-get-latency,many-shards,put-push-latency

work="$(mktemp -d "${TMPDIR:-/tmp}/freshet-compare.XXXXXX")"
mkdir -p "$work/results" "$work/logs"
running_pid=""  # the server started and not yet stopped (one runs at a time); its PID is still ours
commands=()

stop_server() { # PID: TERM, then KILL after 10 s; only ever a PID this script started
  local pid="$1"
  # once stopped and reaped, the PID may be reused by an unrelated process: never signal it again
  [ "$pid" = "$running_pid" ] && running_pid=""
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  if [ -n "$running_pid" ]; then stop_server "$running_pid"; fi
  if [ "$keep" = 1 ]; then
    echo "work directory kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "compare.sh: no free port found" >&2; return 1
}

# A ListStreams request with a well-formed (fake) SigV4 header; 0 if it was answered with 200.
answers() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST \
    -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: Kinesis_20131202.ListStreams' \
    -H "X-Amz-Date: $(date -u +%Y%m%dT%H%M%SZ)" \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=AKIDFRESHETBENCH/$(date -u +%Y%m%d)/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0000" \
    -d '{}' "$1" 2>/dev/null | grep -q '^200$'
}

rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0; }

startup_json=()
# start_server LABEL LOGFILE CMD...: starts CMD in the background, waits (at most 60 s) until it answers,
# records launch-to-first-answer time and idle RSS; sets SERVER_PID and SERVER_URL. For Freshet the URL
# is read from its "Freshet listening on http://HOST:PORT" line; for others it is preset in SERVER_URL.
start_server() {
  local label="$1" logfile="$2"; shift 2
  local t0 t1 url="${SERVER_URL:-}"
  commands+=("$*")
  t0=$(date +%s%N)
  "$@" >"$logfile" 2>&1 &
  SERVER_PID=$!
  running_pid=$SERVER_PID
  for _ in $(seq 1 6000); do
    if [ -z "$url" ]; then
      url=$(sed -n 's/.*Freshet listening on \(http:\/\/[^ ]*\).*/\1/p' "$logfile" | head -1)
    fi
    if [ -n "$url" ] && answers "$url"; then
      t1=$(date +%s%N)
      SERVER_URL="$url"
      local rss; rss=$(rss_mib "$SERVER_PID")
      [ "${RECORD_STARTUP:-1}" = 1 ] && startup_json+=("{\"label\":\"$label\",\"startSeconds\":$(awk "BEGIN { printf \"%.3f\", ($t1 - $t0) / 1e9 }"),\"idleRssMiB\":$rss}")
      log "$label is up at $url (pid $SERVER_PID) after $(awk "BEGIN { printf \"%.2f\", ($t1 - $t0) / 1e9 }") s, RSS $rss MiB"
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "$label exited before answering; its log:"; cat "$logfile" >&2; return 1
    fi
    sleep 0.01
  done
  log "$label did not answer within 60 s"; return 1
}

bench_jar="$root/freshet-bench/target/freshet-bench.jar"
freshet_jar="$root/freshet-server/target/freshet.jar"

# start_freshet LABEL LOGFILE DATA_DIR FSYNC [FLAG...]: start_server with bin/freshet on a free port of
# 127.0.0.1, streams created and deleted at once.
start_freshet() {
  local label="$1" logfile="$2" data_dir="$3" fsync="$4"; shift 4
  SERVER_URL=""
  start_server "$label" "$logfile" "$root/bin/freshet" --host 127.0.0.1 --port 0 --data-dir "$data_dir" \
    --fsync "$fsync" --create-stream-delay 0 --delete-stream-delay 0 "$@"
}

# bench LABEL NAME ARGS...: one load-generator run against SERVER_URL / SERVER_PID, results in NAME.json.
bench() {
  local label="$1" name="$2"; shift 2
  local cmd=(java -jar "$bench_jar" --endpoint "$SERVER_URL" --label "$label" --server-pid "$SERVER_PID"
             --duration "$DURATION" --max-records "$MAX_RECORDS" --many-shards "$MANY_SHARDS"
             --output "$work/results/$name.json" "$@")
  commands+=("${cmd[*]}")
  log "bench $label: ${*}"
  "${cmd[@]}" 2>&1 | sed "s/^/  [$label] /" >&2 || true
}

# The same phases against every server.
run_suite() {
  local label="$1"
  bench "$label" "$label-1-json" --format json --client raw --threads 4 --record-bytes 100 --batch 500 \
    --shards 4 --warmup "$WARMUP" --phases "$PHASES"
  bench "$label" "$label-2-cbor" --format cbor --client raw --threads 4 --record-bytes 100 --batch 500 \
    --shards 4 --warmup 0 --phases put-records
  bench "$label" "$label-3-64k" --format json --client raw --threads 4 --record-bytes 65536 --batch 16 \
    --shards 4 --warmup 0 --phases put-records
  if [ "$mode" = full ]; then
    bench "$label" "$label-4-sdk" --format json --client sdk --threads 4 --record-bytes 100 --batch 500 \
      --shards 4 --warmup 0 --phases put-records
  fi
}

# --- build -------------------------------------------------------------------------------------------
if [ "$build" = 1 ]; then
  log "building Freshet: mvn -q -B package -DskipTests"
  (cd "$root" && mvn -q -B package -DskipTests)
fi
for jar in "$bench_jar" "$freshet_jar"; do
  [ -f "$jar" ] || { echo "compare.sh: $jar is missing; run without --no-build" >&2; exit 1; }
done

# --- node, npm, and the two npm servers ----------------------------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing nodejs and npm from Debian's packages"
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm >&2
  else
    echo "compare.sh: node and npm are needed (Debian: apt-get install nodejs npm)" >&2; exit 1
  fi
fi
command -v curl >/dev/null 2>&1 || { echo "compare.sh: curl is needed" >&2; exit 1; }
cache="${FRESHET_BENCH_CACHE:-$HOME/.cache/freshet-bench}"
npm_dir="$cache/npm-kinesalite-$KINESALITE_VERSION-kinesis-local-$KINESIS_LOCAL_VERSION"
if [ ! -f "$npm_dir/node_modules/kinesalite/cli.js" ] || [ ! -f "$npm_dir/node_modules/kinesis-local/main.js" ]; then
  log "installing kinesalite@$KINESALITE_VERSION and kinesis-local@$KINESIS_LOCAL_VERSION into $npm_dir"
  mkdir -p "$npm_dir"
  npm install --prefix "$npm_dir" --no-save --no-audit --no-fund --loglevel=error \
    "kinesalite@$KINESALITE_VERSION" "kinesis-local@$KINESIS_LOCAL_VERSION" >&2
fi
pkg_version() { node -e "console.log(require('$npm_dir/node_modules/$1/package.json').version)"; }
kinesalite_version=$(pkg_version kinesalite)
kinesis_local_version=$(pkg_version kinesis-local)

# --- Freshet, --fsync always ----------------------------------------------------------------------------
start_freshet freshet "$work/logs/freshet.log" "$work/freshet-data" always --shard-limit 20000
run_suite freshet
stop_server "$SERVER_PID"

# --- Group commit: 8 writers, --fsync always vs --fsync never, each on a fresh server with the same warm-up
for fsync in always never; do
  label=freshet; [ "$fsync" = never ] && label=freshet-fsync-never
  RECORD_STARTUP=0 start_freshet "$label" "$work/logs/freshet-8w-$fsync.log" "$work/freshet-data-8w-$fsync" \
    "$fsync"
  bench "$label" "freshet-5-8writers-$fsync" --format json --client raw --threads 8 --record-bytes 100 \
    --batch 500 --shards 4 --warmup "$WARMUP" --phases put-records
  stop_server "$SERVER_PID"
done

# --- kinesalite (in memory) ---------------------------------------------------------------------------
port=$(free_port)
SERVER_URL="http://127.0.0.1:$port"
start_server kinesalite "$work/logs/kinesalite.log" node "$npm_dir/node_modules/kinesalite/cli.js" \
  --port "$port" --createStreamMs 0 --deleteStreamMs 0 --updateStreamMs 0 --shardLimit 20000
run_suite kinesalite
stop_server "$SERVER_PID"

# --- kinesis-local (kinesis-mock on Node, in memory) ----------------------------------------------------
port=$(free_port)
tls_port=$(free_port)
SERVER_URL="http://127.0.0.1:$port"
start_server kinesis-local "$work/logs/kinesis-local.log" env KINESIS_MOCK_PLAIN_PORT="$port" \
  KINESIS_MOCK_TLS_PORT="$tls_port" KINESIS_MOCK_CERT_PATH="$npm_dir/node_modules/kinesis-local/server.json" \
  SHARD_LIMIT=20000 CREATE_STREAM_DURATION=0ms DELETE_STREAM_DURATION=0ms LOG_LEVEL=WARN \
  node "$npm_dir/node_modules/kinesis-local/main.js"
run_suite kinesis-local
stop_server "$SERVER_PID"

# --- the report ---------------------------------------------------------------------------------------
(IFS=,; printf '{"servers":[%s]}\n' "${startup_json[*]}") >"$work/startup.json"
mkdir -p "$(dirname "$out")"
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
# FRESHET_COMMIT names the build when the tree is not a git checkout (e.g. an export of one commit).
if [ -n "${FRESHET_COMMIT:-}" ]; then
  commit="$FRESHET_COMMIT"
else
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ]; then commit="$commit plus uncommitted changes"; fi
fi
{
  echo "# Benchmarks"
  echo
  echo "Generated by \`bench/compare.sh$([ "$mode" = quick ] && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  if [ -n "$note" ]; then echo; echo "$note"; fi
  echo
  echo "## How to read this"
  echo
  echo "- One run, one machine, servers one at a time: only ratios within this file are meaningful. The"
  echo "  machine is shared and noisy, so CPU per unit of work (\`server CPU s/M records\`, which is µs per"
  echo "  record, and \`s/GB\`, which is ns per byte, from \`/proc/PID/stat\`) is the steadier figure; records/s"
  echo "  moves with whatever else runs."
  echo "- The load generator runs on the same cores as the server (\`client CPU\` shows its share)."
  echo "- Freshet stores every record on disk and, with \`--fsync always\`, forces it to disk before answering;"
  echo "  kinesalite and kinesis-local keep everything in memory."
  echo "- kinesalite 3.3.3 cuts CBOR answers longer than about 16 KiB short (a PutRecords answer for more than"
  echo "  about 250 records); the AWS SDK for Java fails on them the same way. Its CBOR PutRecords row shows"
  echo "  those failures, not a slow server."
  echo "- Freshet's start-up is a first start on an empty data directory (it writes its TLS certificate then)."
  echo "- \`read back\` is the drain's and the latency phase's check that every acknowledged record came back"
  echo "  exactly once; latency columns are per call (put phases, drain) or put-to-get (latency phase)."
  echo "- Phases: at most $DURATION and $(printf "%'d" "$MAX_RECORDS") records each; warm-up $WARMUP before the first;"
  echo "  many-shards uses $MANY_SHARDS shards, each written once (not measured) before measuring."
  echo
  echo "## Machine and versions"
  echo
  echo "| what | value |"
  echo "|---|---|"
  echo "| CPU | $cpu_model, $(nproc) cores available |"
  echo "| memory | $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
  echo "| OS | $(uname -sr) |"
  echo "| Java | $(java -version 2>&1 | head -1 | sed 's/"//g') |"
  echo "| Node | $(node --version) |"
  echo "| Freshet | $commit |"
  echo "| kinesalite | $kinesalite_version (npm) |"
  echo "| kinesis-local | $kinesis_local_version (npm) |"
  echo
  java -jar "$bench_jar" report --baseline freshet --reference kinesalite --fsync-never freshet-fsync-never \
    --startup "$work/startup.json" $(ls "$work"/results/*.json)
  echo
  echo "## Exact commands"
  echo
  echo "Paths: \`\$WORK\` is a temporary directory, \`\$NPM\` is \`${npm_dir/#$HOME/\~}\`, ports were free ones."
  echo
  echo '```sh'
  for c in "${commands[@]}"; do
    c="${c//$work/\$WORK}"; c="${c//$npm_dir/\$NPM}"; c="${c//$root\//}"
    echo "$c"
  done
  echo '```'
} >"$out"
log "wrote $out"
