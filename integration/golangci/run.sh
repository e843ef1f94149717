#!/usr/bin/env bash
# Builds golangci-lint v2.15.0 with the atomiccnt module plugin by the
# README's recipe, offline but for the Go module proxy, and runs it on
# example/finalizers:
#
#   1. the two plain writes to block.cnt are reported, through the
#      configuration in .golangci.yml (the README's);
#   2. //nolint:atomiccnt suppresses a report, and with every report
#      suppressed the run passes (exit 0): no related-information issue
#      is left at the atomic access;
#   3. an unknown setting is rejected with the plugin's error, and an
#      error is printed once;
#   4. --fix rewrites the file exactly as atomiccnt -fix does, the
#      result compiles, the reports that had fixes are gone, and when
#      every report had one, the run after the fix passes (exit 0).
#
# It takes about 40 s with a warm build cache and 3.5 minutes cold; .ci/run
# runs it. Usage: integration/golangci/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOWORK=off GOFLAGS=-mod=readonly
export GOLANGCI_LINT_CACHE="$work/lint-cache"
start=$SECONDS

step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - start)); }
fail() {
	echo "FAIL: $*"
	exit 1
}

# run DIR ARGS...: runs the built golangci-lint in DIR; sets out and code.
run() {
	local dir=$1
	shift
	set +e
	out=$(cd "$dir" && "$work/golangci-lint" "$@" 2>&1)
	code=$?
	set -e
	echo "\$ golangci-lint $* (exit $code)"
	echo "$out"
}

# example DIR: a module holding example/finalizers and the README's
# .golangci.yml.
example() {
	mkdir -p "$1"
	printf 'module example.com/finalizers\n\ngo 1.26\n' >"$1/go.mod"
	cp "$root/example/finalizers/finalizers.go" "$here/.golangci.yml" "$1/"
}

step "build golangci-lint with the plugin, by the README's module-proxy recipe"
# main.go must import what .custom-gcl.yml names: the binary stands in
# for the one "golangci-lint custom" would build from that file.
plugin=$(sed -n 's/^ *import: *//p' "$here/.custom-gcl.yml")
grep -q "_ \"$plugin\"" "$here/main.go" || fail "main.go does not import $plugin"
# The recipe is the README's shell block that starts with the line below;
# it runs as written, with ATOMICCNT naming this clone.
recipe=$(awk '/^# golangci-lint with atomiccnt from the module proxy/ {on = 1} on && /^```$/ {exit} on' "$root/README.md")
[ -n "$recipe" ] || fail "the README has no module-proxy recipe"
echo "$recipe"
(cd "$work" && ATOMICCNT=$root bash -euo pipefail -c "$recipe")
[ -x "$work/golangci-lint-atomiccnt/golangci-lint-atomiccnt" ] || fail "the recipe built no golangci-lint-atomiccnt"
mv "$work/golangci-lint-atomiccnt/golangci-lint-atomiccnt" "$work/golangci-lint"
(cd "$root" && go build -o "$work/atomiccnt" ./cmd/atomiccnt && go build -o "$work/fixinfo" ./integration/fixinfo)
"$work/golangci-lint" version
"$work/golangci-lint" linters --config "$here/.golangci.yml" 2>&1 | grep -i atomiccnt ||
	fail "atomiccnt is not among the linters"

step "1. the example's races are reported"
example "$work/ex"
run "$work/ex" run ./...
[ "$code" -eq 1 ] || fail "exit code $code, want 1 (issues found)"
increment='finalizers.go:58:9: non-atomic increment of block.cnt, which is accessed atomically (atomic.LoadUint32 at finalizers.go:90) (atomiccnt)'
write='finalizers.go:72:6: non-atomic write to block.cnt, which is accessed atomically (atomic.LoadUint32 at finalizers.go:90) (atomiccnt)'
grep -qF "$increment" <<<"$out" || fail "no report of the increment"
grep -qF "$write" <<<"$out" || fail "no report of the write"

step "2. //nolint:atomiccnt suppresses"
example "$work/nolint"
sed -i 's|q.full.cnt++ //.*|q.full.cnt++ //nolint:atomiccnt // testing suppression|' "$work/nolint/finalizers.go"
grep -q 'nolint:atomiccnt' "$work/nolint/finalizers.go" || fail "the example changed: no line to suppress"
run "$work/nolint" run ./...
grep -qF "non-atomic increment of block.cnt" <<<"$out" && fail "the suppressed increment is reported"
grep -qF "$write" <<<"$out" || fail "the write is no longer reported"
sed -i 's|b.cnt = i - 1 //.*|b.cnt = i - 1 //nolint:atomiccnt // testing suppression|' "$work/nolint/finalizers.go"
grep -c 'nolint:atomiccnt' "$work/nolint/finalizers.go" | grep -qx 2 || fail "the example changed: no second line to suppress"
run "$work/nolint" run ./...
[ "$code" -eq 0 ] || fail "exit code $code with every report suppressed, want 0"

step "3. an unknown setting is rejected"
example "$work/badsetting"
sed -i 's|reads: true.*|raeds: false|' "$work/badsetting/.golangci.yml"
run "$work/badsetting" run ./...
[ "$code" -ne 0 ] || fail "exit code 0 with an unknown setting"
grep -qF 'atomiccnt: unknown setting "raeds" (known settings: ' <<<"$out" ||
	fail "the error does not name the unknown setting"
grep -qF 'reads)' <<<"$out" || fail "the error does not list the known settings"
[ "$(grep -c 'unknown setting "raeds"' <<<"$out")" -eq 1 ] || fail "the error is printed more than once"

step "3b. a command-line error is printed once"
run "$work/ex" run --no-such-flag ./...
[ "$code" -ne 0 ] || fail "exit code 0 with an unknown flag"
[ "$(grep -c 'unknown flag: --no-such-flag' <<<"$out")" -eq 1 ] || fail "the error is not printed exactly once"

step "4. --fix applies atomiccnt's fixes"
example "$work/fix"
example "$work/reference"
set +e
fixes=$(cd "$work/reference" && "$work/atomiccnt" -json ./... | grep -c '"suggested_fixes"')
(cd "$work/reference" && "$work/atomiccnt" -fix ./... >/dev/null 2>&1)
set -e
run "$work/fix" run --fix ./...
if ! diff -u "$work/reference/finalizers.go" "$work/fix/finalizers.go"; then
	fail "golangci-lint --fix and atomiccnt -fix disagree (diff above: reference, then golangci-lint)"
fi
[ "$fixes" -gt 0 ] || fail "atomiccnt offers no fixes on the example"
cmp -s "$root/example/finalizers/finalizers.go" "$work/fix/finalizers.go" && fail "--fix changed nothing"
diff -u "$root/example/finalizers/finalizers.go" "$work/fix/finalizers.go" || true
(cd "$work/fix" && go build ./...) || fail "the fixed code does not compile"
# The reports that had fixes are gone. Others may appear: once the
# writes are atomic, the plain reads of the same field race with
# them and are reported in turn.
fixed=$(cd "$work/ex" && "$work/atomiccnt" -json ./... | "$work/fixinfo" -messages)
run "$work/fix" run ./...
while IFS= read -r msg; do
	grep -qF "$msg" <<<"$out" && fail "still reported after --fix: $msg"
done <<<"$fixed"
echo "the $fixes reports with fixes are gone after --fix"
left=$(cd "$work/fix" && "$work/atomiccnt" -json ./... | grep -c '"posn"' || true)
if [ "$left" -eq 0 ]; then
	[ "$code" -eq 0 ] || fail "exit code $code after --fix fixed every report, want 0"
fi

step "ok"
