#!/usr/bin/env bash
# Shares go vet -vettool results between two "machines" through
# GOCACHEPROG, with go-tool-cache's gocached as the server on loopback
# and its go-cacher as each machine's GOCACHEPROG client, both built
# from the Go module proxy. The machines are two go commands with their
# own empty GOCACHE and their own go-cacher directory, which share the
# server, the module cache and the path of the module they vet: the
# corpus's github.com/dgraph-io/ristretto/v2, on which atomiccnt
# reports four plain writes. Each analysis run is counted by a wrapper
# that go vet runs as its tool: it logs each run on a package's vet.cfg
# and hands every call, -V=full and -flags included, to the real tool.
#
#   1. A reports what atomiccnt standalone reports (no cache at all);
#      B prints exactly A's reports and runs the analyzer zero times;
#   2. after an edit of the baseline that ATOMICCNT_BASELINE names
#      (atomiccnt folds its contents into its -V=full ID), B runs the
#      analyzer again and prints the new result, the standalone one;
#   3. a rebuild of the tool from a copy of the tree, with -trimpath,
#      keeps its build ID and B runs nothing; a rebuild with a change
#      (a line added to the analyzer's embedded doc.go) has another
#      build ID, and B runs the analyzer again, with the same reports;
#   4. the same for atomiccnt-vet (vet's suite and atomiccnt): A runs
#      it, B runs it zero times and prints A's reports, among them
#      atomiccnt's; a baseline edit, which it does not read, leaves its
#      results cached; the changed rebuild runs again.
#
# It prints each machine's wall time. About a minute with a warm build
# cache, 2 cold (the module cache full), on 2 cores; .ci/run runs it.
# Usage: integration/gocacheprog/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# go-tool-cache has no releases: a pinned commit.
cacheversion=v0.0.0-20260722201841-0bb331e19f64
module=github.com/dgraph-io/ristretto/v2@v2.4.2
work=$(mktemp -d)
server=
cleanup() {
	if [ -n "$server" ]; then
		kill "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	chmod -R u+w "$work" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
export GOWORK=off GOFLAGS=-mod=readonly GOTOOLCHAIN=local
start=$SECONDS

step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - start)); }
fail() {
	echo "FAIL: $*"
	exit 1
}

# records FILE: the reports in FILE, one per line with its related
# lines (a position, then a tab: "f.go:1:2: \tatomic.AddInt32 of x")
# joined to it, sorted: go vet prints packages in the order they
# finish, which differs between runs.
records() {
	awk '/^[^ ]+: \t/ { rec = rec " | " $0; next }
		{ if (NR > 1) print rec; rec = $0 }
		END { if (NR > 0) print rec }' "$1" | LC_ALL=C sort
}

# wrapper NAME TOOL: writes $work/wrap/NAME, which go vet runs as its
# tool: it logs each analysis run to $work/runs.log and executes TOOL
# with the same arguments. go vet's -V=full (the tool's ID, which keys
# the cache) and -flags reach TOOL unchanged; -V=full is logged apart,
# to show that go vet asked this wrapper.
wrapper() {
	mkdir -p "$work/wrap"
	cat >"$work/wrap/$1" <<EOF
#!/bin/sh
for last in "\$@"; do :; done
case "\$last" in
*vet.cfg) echo "\$last" >>"$work/runs.log" ;;
-V=full) echo "-V=full" >>"$work/ids.log" ;;
esac
exec "$2" "\$@"
EOF
	chmod +x "$work/wrap/$1"
}

# vet MACHINE TOOL NAME: runs go vet -vettool=$work/wrap/TOOL ./... on
# the module as MACHINE, with its GOCACHE and go-cacher directory;
# writes the output to $work/NAME.out and sets runs (analysis runs),
# code (exit status) and secs (wall time).
vet() {
	local m=$1 tool=$2 name=$3 t0 t1
	mkdir -p "$work/$m/gocache" "$work/$m/cacher"
	: >"$work/runs.log"
	: >"$work/ids.log"
	t0=$EPOCHREALTIME
	set +e
	(cd "$work/mod" && GOCACHE="$work/$m/gocache" \
		GOCACHEPROG="$work/bin/go-cacher -cache-dir=$work/$m/cacher -cache-server=http://$addr" \
		go vet -vettool="$work/wrap/$tool" ./... >"$work/$name.out" 2>&1)
	code=$?
	set -e
	t1=$EPOCHREALTIME
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	runs=$(wc -l <"$work/runs.log")
	printf '%s: go vet -vettool=%s (exit %d): %s s, %d analysis runs, %d reports\n' \
		"$m" "$tool" "$code" "$secs" "$runs" "$(records "$work/$name.out" | wc -l)"
	[ -s "$work/ids.log" ] || fail "$m: go vet never asked the wrapper for -V=full: it did not use it as the tool"
	if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
		cat "$work/$name.out"
		fail "$m: go vet exit status $code"
	fi
	if grep -q '^go: \|^# ' "$work/$name.out"; then
		cat "$work/$name.out"
		fail "$m: go vet failed to build or vet a package"
	fi
}

# same A B WHAT: fails unless the runs named A and B printed the same
# reports.
same() {
	if ! diff -u <(records "$work/$1.out") <(records "$work/$2.out"); then
		fail "$3: the reports differ (diff above: $1, then $2)"
	fi
}

# oracle NAME [ARGS]: atomiccnt standalone on the module, which uses no
# cache, with ARGS; writes its reports to $work/NAME.out as go vet
# prints them: without the category that standalone adds.
oracle() {
	local name=$1 code
	shift
	set +e
	(cd "$work/mod" && "$work/bin/atomiccnt" "$@" ./... >"$work/$name.raw" 2>&1)
	code=$?
	set -e
	if [ "$code" -ne 0 ] && [ "$code" -ne 3 ]; then
		cat "$work/$name.raw"
		fail "atomiccnt standalone: exit status $code"
	fi
	sed -E 's/ \(atomiccnt\/[a-z]+\)$//' "$work/$name.raw" >"$work/$name.out"
}

# buildtools DIR SUFFIX: builds atomiccnt and atomiccnt-vet from the
# tree at DIR into $work/bin, named with SUFFIX. -trimpath and
# -buildvcs=false make the binary depend on the source, not on where it
# is or on the repository's state: machines that build the same source
# get the same tool ID.
buildtools() {
	(cd "$1" && go build -trimpath -buildvcs=false -o "$work/bin/atomiccnt$2" ./cmd/atomiccnt &&
		go build -trimpath -buildvcs=false -o "$work/bin/atomiccnt-vet$2" ./cmd/atomiccnt-vet)
}

step "build gocached, go-cacher and atomiccnt"
grep -qxF "$module" "$root/internal/corpus/modules.txt" || fail "$module is not in internal/corpus/modules.txt"
GOFLAGS= GOBIN="$work/bin" go install \
	"github.com/bradfitz/go-tool-cache/cmd/gocached@$cacheversion" \
	"github.com/bradfitz/go-tool-cache/cmd/go-cacher@$cacheversion"
buildtools "$root" ""
wrapper atomiccnt "$work/bin/atomiccnt"
wrapper atomiccnt-vet "$work/bin/atomiccnt-vet"
go tool buildid "$work/bin/atomiccnt"

step "start gocached on loopback, and copy $module"
# Port 0: the kernel picks a free port, and ss tells which. timeout
# ends the server if the trap does not.
timeout 600 "$work/bin/gocached" -listen 127.0.0.1:0 -cache-dir "$work/server" -max-size-gb 1 \
	>"$work/server.log" 2>&1 &
server=$!
addr=
for _ in $(seq 50); do
	for pid in "$server" $(pgrep -P "$server" || true); do
		addr=$(ss -Hltnp 2>/dev/null | awk -v p="pid=$pid," 'index($0, p) { print $4; exit }')
		[ -n "$addr" ] && break 2
	done
	kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; fail "gocached exited"; }
	sleep 0.2
done
[ -n "$addr" ] || { cat "$work/server.log"; fail "gocached is not listening after 10 s (or ss cannot tell where)"; }
case "$addr" in 127.0.0.1:*) ;; *) fail "gocached listens on $addr, not on loopback" ;; esac
echo "gocached listening on $addr"
src=$(GOFLAGS= go mod download -json "$module" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || fail "no source for $module"
cp -r "$src" "$work/mod"
chmod -R u+w "$work/mod"
(cd "$work/mod" && go mod download)
# The baseline, at the same path on both machines, as a file checked in
# with the module would be: at first it accepts nothing.
export ATOMICCNT_BASELINE=$work/mod/atomiccnt.baseline
: >"$ATOMICCNT_BASELINE"

step "1. A vets with empty caches; B gets A's results"
oracle standalone
[ -s "$work/standalone.out" ] || fail "atomiccnt standalone reports nothing on $module"
vet A atomiccnt a1
a_secs=$secs a_runs=$runs
same standalone a1 "A against atomiccnt standalone"
[ "$a_runs" -gt 0 ] || fail "A ran the analyzer $a_runs times, want some"
vet B atomiccnt b1
same a1 b1 "B against A"
[ "$runs" -eq 0 ] || fail "B ran the analyzer $runs times, want 0: the results were not shared"
echo "wall time: A $a_secs s ($a_runs analysis runs), B $secs s (0 runs)"

step "2. an edit of the baseline reaches B's results"
# Accept the reports of all functions but (*Buffer).Write.
(cd "$work/mod" && "$work/bin/atomiccnt" -write-baseline="$ATOMICCNT_BASELINE" ./...)
n=$(grep -c '^[^#]' "$ATOMICCNT_BASELINE" || true)
grep -v ' (\*Buffer)\.Write ' "$ATOMICCNT_BASELINE" >"$work/baseline.tmp"
[ "$(grep -c '^[^#]' "$work/baseline.tmp" || true)" -eq $((n - 1)) ] ||
	fail "the baseline of $module has no entry for (*Buffer).Write: $(cat "$ATOMICCNT_BASELINE")"
cp "$work/baseline.tmp" "$ATOMICCNT_BASELINE"
oracle standalone2
vet B atomiccnt b2
same standalone2 b2 "B, after the baseline edit, against atomiccnt standalone"
[ "$runs" -gt 0 ] || fail "B ran the analyzer 0 times after the baseline changed: the cache served results of the old baseline"
records "$work/b2.out" | cmp -s - <(records "$work/b1.out") && fail "the baseline edit changed no report: the check proves nothing"
[ "$code" -eq 1 ] || fail "B's exit status $code with a report left, want 1"
echo "B: $(records "$work/b2.out" | wc -l) of the $(records "$work/b1.out" | wc -l) reports left"

step "3. a rebuilt atomiccnt: the same source hits, a change misses"
copy=$work/tree
mkdir "$copy"
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$copy")
buildtools "$copy" .same
for t in atomiccnt atomiccnt-vet; do
	[ "$(go tool buildid "$work/bin/$t")" = "$(go tool buildid "$work/bin/$t.same")" ] ||
		fail "$t built from a copy of the same source has another build ID"
done
wrapper atomiccnt.same "$work/bin/atomiccnt.same"
vet B atomiccnt.same b3
same b2 b3 "B with atomiccnt rebuilt from the same source"
[ "$runs" -eq 0 ] || fail "B ran atomiccnt rebuilt from the same source $runs times, want 0"
# A release that changed only the analyzer's documentation: the
# embedded doc.go, so the binary's content differs.
echo '// Rebuilt by integration/gocacheprog.' >>"$copy/passes/atomiccnt/doc.go"
buildtools "$copy" .changed
for t in atomiccnt atomiccnt-vet; do
	old=$("$work/bin/$t" -V=full) new=$("$work/bin/$t.changed" -V=full)
	[ "${old##* }" != "${new##* }" ] || fail "$t rebuilt with a change has the same ID: $new"
done
wrapper atomiccnt.changed "$work/bin/atomiccnt.changed"
vet B atomiccnt.changed b4
same b2 b4 "B with atomiccnt rebuilt with a change"
[ "$runs" -gt 0 ] || fail "B ran atomiccnt rebuilt with a change 0 times: the cache served the old tool's results"

step "4. atomiccnt-vet, vet's suite with atomiccnt"
: >"$ATOMICCNT_BASELINE"
vet A atomiccnt-vet va1
va_secs=$secs va_runs=$runs
[ "$va_runs" -gt 0 ] || fail "A ran atomiccnt-vet $va_runs times, want some"
missing=$(LC_ALL=C comm -23 <(records "$work/standalone.out") <(records "$work/va1.out"))
[ -z "$missing" ] || fail "atomiccnt-vet does not print atomiccnt's reports: $missing"
vet B atomiccnt-vet vb1
same va1 vb1 "B against A, atomiccnt-vet"
[ "$runs" -eq 0 ] || fail "B ran atomiccnt-vet $runs times, want 0: the results were not shared"
echo "wall time: A $va_secs s ($va_runs analysis runs), B $secs s (0 runs)"
# atomiccnt-vet takes no baseline, and its ID does not cover one.
cp "$work/baseline.tmp" "$ATOMICCNT_BASELINE"
vet B atomiccnt-vet vb2
same va1 vb2 "B, atomiccnt-vet after a baseline edit"
[ "$runs" -eq 0 ] || fail "B ran atomiccnt-vet $runs times after a baseline edit, which it does not read: want 0"
wrapper atomiccnt-vet.changed "$work/bin/atomiccnt-vet.changed"
vet B atomiccnt-vet.changed vb3
same va1 vb3 "B with atomiccnt-vet rebuilt with a change"
[ "$runs" -gt 0 ] || fail "B ran atomiccnt-vet rebuilt with a change 0 times: the cache served the old tool's results"

step "ok"
