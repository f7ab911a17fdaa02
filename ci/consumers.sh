#!/usr/bin/env bash
# Checks the Cobertura and Sonar writers against the consumers themselves.
#
# For every program of the fixture corpus it writes cobertura.xml and
# sonar.xml (the `xml` example of covkit-export), then:
#   1. xmllint validates cobertura.xml against Cobertura's coverage-04 DTD
#      and sonar.xml against Sonar's generic-coverage schema
#      (crates/export/tests/schemas);
#   2. pycobertura reads cobertura.xml; its statements and misses must be
#      our lines-valid and our uncovered or partly covered lines;
#   3. diff-cover reads cobertura.xml against a git repository holding the
#      program's sources as one new commit; its lines and missing lines
#      must be our lines-valid and our uncovered lines.
#
# It installs what it lacks: libxml2-utils with apt-get, pycobertura and
# diff-cover with pip into a virtual environment under the target
# directory. It prints the commands it runs. Steps 2 and 3 are skipped, with a message, when pip cannot
# install them. Outputs are kept in $OUT (default: a temporary directory).
#
# Usage: ci/consumers.sh [program filter regex]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

step() { printf '\n==> %s\n' "$*"; }
filter=${1:-.}
target=${CARGO_TARGET_DIR:-$root/target}
out=${OUT:-$(mktemp -d)}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0}

step "tools"
if ! command -v xmllint >/dev/null; then
    echo "installing libxml2-utils"
    apt-get update -qq && apt-get install -y -qq libxml2-utils
fi
xmllint --version 2>&1 | sed -n 1p
venv=$target/consumers-venv
python_tools=yes
if [[ ! -x $venv/bin/diff-cover || ! -x $venv/bin/pycobertura ]]; then
    echo "installing pycobertura and diff-cover into $venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q pycobertura diff-cover; }; then
        echo "pip could not install them: pycobertura and diff-cover checks skipped"
        python_tools=no
    fi
fi
if [[ $python_tools == yes ]]; then
    echo "pycobertura $("$venv/bin/pip" show pycobertura | sed -n 's/^Version: //p')"
    "$venv/bin/diff-cover" --version
fi

step "build the xml example"
cargo build -q -p covkit-export --example xml
example=$target/debug/examples/xml

dtd=$root/crates/export/tests/schemas/coverage-04.dtd
xsd=$root/crates/export/tests/schemas/sonar-generic-coverage.xsd
# The DOCTYPE names Cobertura's URL; a catalog points it at our copy so
# that xmllint, kept off the network, does not try to fetch it.
mkdir -p "$out"
cat >"$out/catalog.xml" <<CATALOG
<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="http://cobertura.sourceforge.net/xml/coverage-04.dtd" uri="file://$dtd"/>
</catalog>
CATALOG
export XML_CATALOG_FILES=$out/catalog.xml

# Prints "<lines-valid> <uncovered> <uncovered or partly covered>" of a
# Cobertura file, from its class lines.
totals() {
    python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET
valid = uncovered = not_hit = 0
for line in ET.parse(sys.argv[1]).getroot().iterfind("./packages/package/classes/class/lines/line"):
    valid += 1
    zero = line.get("hits") == "0"
    partial = line.get("branch") == "true" and not line.get("condition-coverage", "").startswith("100%")
    uncovered += zero
    not_hit += zero or partial
print(valid, uncovered, not_hit)
PY
}

step "write, validate and read back (outputs in $out)"
cat <<RUNS
for each program <dir> = fixtures/corpus/<toolchain>/<program>, its sources in fixtures/programs/<name>:
  ${example#"$root"/} <dir> $out/<id> /covkit/<name> fixtures/programs/<name>
  xmllint --noout --nonet --dtdvalid ${dtd#"$root"/} cobertura.xml
  xmllint --noout --nonet --valid cobertura.xml      (its DOCTYPE, through the catalog)
  xmllint --noout --nonet --schema ${xsd#"$root"/} sonar.xml
RUNS
if [[ $python_tools == yes ]]; then
    cat <<RUNS
  pycobertura show --format json cobertura.xml
  diff-cover cobertura.xml --compare-branch=base --format json:diff-cover.json
      (in a new git repository: an empty commit on base, the sources committed on top)
RUNS
fi
programs=0
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
for dir in fixtures/corpus/*/*/; do
    dir=${dir%/}
    id=${dir#fixtures/corpus/}
    [[ $id == objects/* ]] && continue
    [[ $id =~ $filter ]] || continue
    programs=$((programs + 1))
    # The sources: /covkit/<name>/... in the coverage data,
    # fixtures/programs/<name>/... in the checkout.
    name=$(sed -n 's|^SF:/covkit/\([^/]*\)/.*|\1|p' "$dir/oracle/llvm-cov-22.export.lcov" | sed -n 1p)
    dest=$out/$id
    "$example" "$dir" "$dest" "/covkit/$name" "fixtures/programs/$name" >/dev/null
    xmllint --noout --nonet --dtdvalid "$dtd" "$dest/cobertura.xml" || fail "$id: cobertura.xml against the DTD"
    xmllint --noout --nonet --valid "$dest/cobertura.xml" || fail "$id: cobertura.xml against its DOCTYPE"
    # (xmllint says "validates" on success: keep only its complaints.)
    xmllint --noout --nonet --schema "$xsd" "$dest/sonar.xml" 2>"$dest/xmllint.log" ||
        { cat "$dest/xmllint.log"; fail "$id: sonar.xml against the XSD"; }
    read -r valid uncovered not_hit < <(totals "$dest/cobertura.xml")
    line="$id: $valid lines, $uncovered uncovered, $not_hit not fully covered; xmllint ok"
    if [[ $python_tools == yes ]]; then
        read -r stmts miss < <("$venv/bin/pycobertura" show --format json "$dest/cobertura.xml" 2>/dev/null |
            python3 -c 'import json,sys; t=json.load(sys.stdin)["total"]; print(t["Stmts"], t["Miss"])')
        if [[ $stmts == "$valid" && $miss == "$not_hit" ]]; then
            line+="; pycobertura $stmts/$miss ok"
        else
            fail "$id: pycobertura says $stmts statements, $miss missed; we wrote $valid, $not_hit"
        fi
        repo=$dest/repo
        rm -rf "$repo" && mkdir -p "$repo"
        (
            cd "$repo"
            git init -q -b base .
            git -c user.name=ci -c user.email=ci@localhost commit -q --allow-empty -m base
            git checkout -q -b work
            cp -R "$root/fixtures/programs/$name/." .
            git add -A
            git -c user.name=ci -c user.email=ci@localhost commit -q -m sources
            "$venv/bin/diff-cover" "$dest/cobertura.xml" --compare-branch=base \
                --format "json:$dest/diff-cover.json" >/dev/null
        ) || fail "$id: diff-cover failed"
        read -r dc_lines dc_missing < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["total_num_lines"], r["total_num_violations"])' "$dest/diff-cover.json")
        if [[ $dc_lines == "$valid" && $dc_missing == "$uncovered" ]]; then
            line+="; diff-cover $dc_lines/$dc_missing ok"
        else
            fail "$id: diff-cover says $dc_lines lines, $dc_missing missing; we wrote $valid, $uncovered"
        fi
    fi
    echo "$line"
done

step "done"
echo "$programs programs, $failures failures"
[[ $programs -gt 0 && $failures -eq 0 ]]
