#!/usr/bin/env bash
# Check for performance work on the reader and the `sentences` command (issue 13): two voxmark
# binaries must print the same bytes, exit codes and messages for `voxmark sentences` and
# `voxmark sentences --json` on every Markdown file the project has (the fuzz corpus, which
# holds invalid UTF-8, NUL bytes and a byte-order mark; the bundled content), each espeak-ng
# document, the op-ed x1000 and the espeak-ng docs x20 (bench/sentences_bench.sh's inputs), and
# one file read from standard input. Prints the differing inputs; exit status 1 if any.
#
# Usage: bench/sentences_diff.sh OLD_VOXMARK [NEW_VOXMARK]
#   e.g. build main's voxmark (git worktree add /tmp/main main; cmake ... --target voxmark) and
#   compare it with build/release/voxmark.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$VOXMARK_ROOT
old=${1:?usage: bench/sentences_diff.sh OLD_VOXMARK [NEW_VOXMARK]}
new=${2:-$root/build/release/voxmark}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

inputs=("$root"/tests/fuzz/corpus/markdown_to_sentences/* "$root"/content/*.md)
espeak_doc_files
for f in "${doc_files[@]}"; do
  case "$f" in
    *.gz) zcat "$f" >"$work/$(basename "$f" .gz)"; inputs+=("$work/$(basename "$f" .gz)") ;;
    *) inputs+=("$f") ;;
  esac
done
oped_times 1000 >"$work/op-ed-x1000.md"
espeak_docs_times 20 >"$work/espeak-docs-x20.md"
inputs+=("$work/op-ed-x1000.md" "$work/espeak-docs-x20.md")

# Runs one binary; its output, messages and exit code go to files named by $3.
run() {
  local bin=$1 input=$2 tag=$3 status=0
  local -a flags=()
  [ -z "$4" ] || flags=("$4")
  if [ "$input" = - ]; then
    "$bin" sentences "${flags[@]}" - <"$root/content/nato-russia.md" >"$tag.out" 2>"$tag.err" || status=$?
  else
    "$bin" sentences "${flags[@]}" "$input" >"$tag.out" 2>"$tag.err" || status=$?
  fi
  echo "$status" >"$tag.status"
}
differ=0
checked=0
for input in "${inputs[@]}" -; do
  for flag in --json ""; do
    run "$old" "$input" "$work/old" "$flag"
    run "$new" "$input" "$work/new" "$flag"
    checked=$((checked + 1))
    for part in out err status; do
      if ! cmp -s "$work/old.$part" "$work/new.$part"; then
        echo "differs ($part): sentences $flag ${input#"$work"/}"
        differ=1
        break
      fi
    done
  done
done
echo "$checked runs compared; $([ $differ = 0 ] && echo "all identical" || echo "some differ")"
exit $differ
