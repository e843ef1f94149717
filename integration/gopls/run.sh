#!/usr/bin/env bash
# Builds gopls with atomiccnt among its analyzers, from the module
# proxy alone, and checks it on example/finalizers and on a module of
# two packages:
#
#   1. gopls check shows the example's two reports;
#   2. gopls check shows a report that needs a fact from an imported
#      package;
#   3. gopls codeaction -kind=quickfix offers every fix atomiccnt gives
#      for the example's increment, and -exec applies the first;
#   4. the setting "analyses": {"atomiccnt": false}, sent by an LSP
#      client (lspcheck), turns the reports off.
#
# gopls has no plugin mechanism (golang.org/issue/59869): the build
# copies gopls's source from the module cache, adds atomiccnt.Analyzer
# to internal/settings/analysis.go, and pins golang.org/x/tools to the
# version that gopls requires, since the x/tools that atomiccnt
# requires is newer than gopls's internals compile with.
#
# It takes about 2 minutes with a warm build cache and 4 cold; .ci/run runs
# it. Usage: integration/gopls/run.sh [gopls version, default v0.23.0]
# With GOPLS_OUT set to a path, the checked gopls is copied there, for an
# editor to use; otherwise it goes with the work directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
version=${1:-v0.23.0}
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOWORK=off GOFLAGS=-mod=mod
start=$SECONDS

step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - start)); }
fail() {
	echo "FAIL: $*"
	exit 1
}

step "build gopls $version with atomiccnt"
src=$(go mod download -json "golang.org/x/tools/gopls@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || fail "no source for gopls@$version"
cp -r "$src" "$work/gopls"
chmod -R u+w "$work/gopls"
cd "$work/gopls"
tools=$(go list -m -f '{{.Version}}' golang.org/x/tools)
echo "gopls $version requires golang.org/x/tools $tools; pinning it"
go mod edit \
	-require=github.com/atomiccnt/atomiccnt@v0.0.0-00010101000000-000000000000 \
	-replace=github.com/atomiccnt/atomiccnt="$root" \
	-replace=golang.org/x/tools=golang.org/x/tools@"$tools"
# The patch: import the analyzer, and list it beside gopls's other
# go/ssa-based analyzers, with vet's severity.
analysis=internal/settings/analysis.go
grep -q '^	"golang.org/x/tools/go/analysis/passes/atomicalign"$' "$analysis" &&
	grep -q '^		{analyzer: atomicalign.Analyzer},$' "$analysis" ||
	fail "$analysis has changed: the patch needs updating"
sed -i \
	-e 's|^	"golang.org/x/tools/go/analysis/passes/atomicalign"$|&\n	"github.com/atomiccnt/atomiccnt/passes/atomiccnt"|' \
	-e 's|^		{analyzer: atomicalign.Analyzer},$|&\n		{analyzer: atomiccnt.Analyzer, severity: protocol.SeverityWarning},|' \
	"$analysis"
go build -o "$work/bin/gopls" .
(cd "$root" && go build -o "$work/bin/atomiccnt" ./cmd/atomiccnt && go build -o "$work/bin/lspcheck" ./integration/gopls/lspcheck && go build -o "$work/bin/fixinfo" ./integration/fixinfo)
"$work/bin/gopls" version
gopls=$work/bin/gopls

step "1. gopls check on the example"
mkdir -p "$work/ex"
printf 'module example.com/finalizers\n\ngo 1.26\n' >"$work/ex/go.mod"
cp "$root/example/finalizers/finalizers.go" "$work/ex/"
cd "$work/ex"
out=$("$gopls" check finalizers.go 2>&1) || true
echo "$out"
grep -qE '^/.*finalizers\.go:58:9(-[0-9]+)?: non-atomic increment of block\.cnt, which is accessed atomically \(atomic\.LoadUint32 at finalizers\.go:90\)$' <<<"$out" ||
	fail "no report of the increment"
grep -qE '^/.*finalizers\.go:72:6(-[0-9]+)?: non-atomic write to block\.cnt' <<<"$out" ||
	fail "no report of the write"

step "2. gopls check across packages (facts)"
mkdir -p "$work/cross/lib" "$work/cross/user"
printf 'module example.com/m\n\ngo 1.26\n' >"$work/cross/go.mod"
cat >"$work/cross/lib/lib.go" <<'GO'
package lib

import "sync/atomic"

type Stats struct{ N int64 }

func (s *Stats) Inc() { atomic.AddInt64(&s.N, 1) }
GO
cat >"$work/cross/user/user.go" <<'GO'
package user

import "example.com/m/lib"

func Reset(s *lib.Stats) { s.N = 0 }
GO
cd "$work/cross"
out=$("$gopls" check user/user.go 2>&1) || true
echo "$out"
grep -qF 'user.go:5:30: non-atomic write to lib.Stats.N, which is accessed atomically (atomic.AddInt64 at example.com/m/lib/lib.go:7)' <<<"$out" ||
	fail "no cross-package report"

step "3. quick fixes"
cd "$work/ex"
# The fix titles atomiccnt gives for the increment, in its -json output.
titles=$("$work/bin/atomiccnt" -json ./... | "$work/bin/fixinfo" -titles finalizers.go:58:9)
[ -n "$titles" ] || fail "atomiccnt offers no fix for the example's increment"
actions=$("$gopls" codeaction -kind=quickfix finalizers.go:58:9 2>&1) || true
echo "\$ gopls codeaction -kind=quickfix finalizers.go:58:9"
echo "$actions"
while IFS= read -r title; do
	grep -qF "$title" <<<"$actions" || fail "gopls does not offer \"$title\""
done <<<"$titles"
first=$(head -n1 <<<"$titles")
echo "\$ gopls codeaction -kind=quickfix -exec -diff finalizers.go:58:9 (first: $first)"
diff=$("$gopls" codeaction -kind=quickfix -exec -diff finalizers.go:58:9 2>&1) || true
echo "$diff"
grep -q '^-.*q.full.cnt++' <<<"$diff" || fail "the quick fix does not rewrite the increment"

step "4. \"analyses\": {\"atomiccnt\": false} turns it off"
"$work/bin/lspcheck" -gopls "$gopls" -dir "$work/ex" -file finalizers.go -want 'non-atomic increment of block.cnt'
"$work/bin/lspcheck" -gopls "$gopls" -dir "$work/ex" -file finalizers.go -settings '{"analyses": {"atomiccnt": false}}' -want ''

if [ -n "${GOPLS_OUT:-}" ]; then
	cp "$gopls" "$GOPLS_OUT"
	echo "gopls with atomiccnt: $GOPLS_OUT"
fi

step "ok"
