#!/usr/bin/env bash
# genhtml accepts the lcov covkit writes from a tracefile.
#
# For every lcov oracle of the fixture corpus (llvm-cov's own output), with
# its paths pointed at fixtures/programs so that genhtml finds the sources:
#   1. genhtml on llvm-cov's lcov (the baseline);
#   2. genhtml on the same lcov read and written back by covkit
#      (`lcov::read` then `lcov::write_tracefile`, via the merge_lcov
#      example);
# then genhtml on one lcov merged from all of them. Any genhtml error or
# warning on covkit's output fails the script, unless llvm-cov's own lcov
# gets the very same message for the same data (genhtml 2.x finds some of
# llvm-cov's data inconsistent). genhtml 1.x accepts every file silently.
#
# `-summary-only` oracles are left out: they have no DA lines, and genhtml
# refuses such files ("no valid records found"), llvm-cov's as well.
#
# Installs lcov with apt when genhtml is missing. Set GENHTML to use another
# genhtml (for instance lcov 2.x's).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

if [[ -z "${GENHTML:-}" ]] && ! command -v genhtml >/dev/null; then
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq lcov >/dev/null
fi
read -r -a genhtml <<<"${GENHTML:-genhtml}"
"${genhtml[@]}" --version

cargo build -q --locked -p covkit-export --example merge_lcov
target_dir=$(cargo metadata --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
merge="$target_dir/debug/examples/merge_lcov"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/llvm" "$tmp/covkit" "$tmp/merged"

# The lcov at $1 with its paths under fixtures/programs, written to $2.
localize() {
    sed "s|^SF:/covkit/|SF:$root/fixtures/programs/|" "$1" >"$2"
}

# genhtml's warnings and errors for the tracefile $1 (in directory $2), one
# per line, with the directory and the repository root taken out.
messages() {
    local out status=0
    # A fixed hash seed: genhtml 2.x stops at the first inconsistency found
    # in hash order.
    out=$(PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 "${genhtml[@]}" --branch-coverage --output-directory "$2/html" "$1" 2>&1) || status=$?
    {
        grep -E 'WARNING|ERROR' <<<"$out" || true
        if [[ $status -ne 0 ]]; then echo "exit status $status"; fi
    } | sed -e "s|$2|DIR|g" -e "s|$root/||g"
}

mapfile -t oracles < <(find fixtures/corpus -name '*.lcov' ! -name '*summary-only*' | sort)
checked=0
same_as_llvm=0
failed=0
: >"$tmp/baseline"
for oracle in "${oracles[@]}"; do
    localize "$oracle" "$tmp/llvm/x.info"
    "$merge" -o "$tmp/covkit/x.info" "$tmp/llvm/x.info"
    baseline=$(messages "$tmp/llvm/x.info" "$tmp/llvm")
    ours=$(messages "$tmp/covkit/x.info" "$tmp/covkit")
    checked=$((checked + 1))
    if [[ -n "$baseline" ]]; then
        printf '%s\n' "$baseline" >>"$tmp/baseline"
    fi
    if [[ -z "$ours" ]]; then
        continue
    fi
    if [[ "$ours" == "$baseline" ]]; then
        same_as_llvm=$((same_as_llvm + 1))
        echo "$oracle: the $(wc -l <<<"$ours") messages llvm-cov's own lcov gets," \
            "the first: $(head -n 1 <<<"$ours")"
    else
        failed=$((failed + 1))
        echo "FAIL $oracle:"
        echo "$ours" | sed 's/^/  /'
        if [[ -n "$baseline" ]]; then
            echo "  (llvm-cov's own lcov gets:)"
            echo "$baseline" | sed 's/^/  /'
        fi
    fi
done

"$merge" -o "$tmp/merged/all.info" "${oracles[@]}" 2>"$tmp/merged/warnings"
if [[ -s "$tmp/merged/warnings" ]]; then
    echo "FAIL merging: the reader reported:"
    sed 's/^/  /' "$tmp/merged/warnings"
    failed=$((failed + 1))
fi
localize "$tmp/merged/all.info" "$tmp/merged/x.info"
merged_messages=$(messages "$tmp/merged/x.info" "$tmp/merged")
# The merge may only get messages llvm-cov's lcov of the same file and line
# got (the file names differ, so compare from the first quote on).
while IFS= read -r message; do
    [[ -z "$message" ]] && continue
    key=${message#*\"}
    if [[ "$message" == *'"'* ]] && grep -qF -- "$key" "$tmp/baseline"; then
        echo "merged: as for llvm-cov's own lcov: $message"
    elif ! [[ "$message" == *'"'* ]] && grep -qxF -- "$message" "$tmp/baseline"; then
        echo "merged: as for llvm-cov's own lcov: $message"
    else
        echo "FAIL merged lcov of ${#oracles[@]} files: $message"
        failed=$((failed + 1))
    fi
done <<<"$merged_messages"

echo "genhtml on $checked lcov files written back by covkit and on their merge:" \
    "$failed failures, $same_as_llvm files with the same messages as llvm-cov's own lcov"
[[ $failed -eq 0 ]]
