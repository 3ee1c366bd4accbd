#!/usr/bin/env bash
# tests/docgen/docgen_test.sh CHECK VOXMARK BUILD_DIR: the man pages, the completions and
# `cmake --install`, checked as a user meets them. CHECK is one of:
#   man-lint     mandoc -T lint (warnings and worse) and groff -ww: no complaint about either page
#   man-drift    every option `voxmark CMD --help` lists (CLI11's own help, not the generator)
#                is in voxmark(1), every command has its section, every default key is in
#                voxmark-keys(7)
#   bash         runs the bash completion function as bash-completion does, on real lines
#   fish         asks fish for completions of real lines (`complete -C`)
#   zsh          zsh parses the completion (running it needs an interactive zsh)
#   install      cmake --install into a scratch prefix; the program runs from there, finds its
#                data beside itself, and man finds its page
set -uo pipefail
check=$1 voxmark=$2 build=$3
gen="$build/generated"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# A document with sections, for --from.
cat >"$scratch/notes.md" <<'MD'
# Getting started

Some words to read.

## Second part

More words to read.
MD

# bash: COMP_WORDS as readline would give them; prints COMPREPLY one a line.
bash_complete() {  # bash_complete "LINE" (completes after its last character)
  (cd "$scratch" && bash --norc --noprofile -c '
    source /usr/share/bash-completion/bash_completion
    source "$1"
    line=$3${2#voxmark}  # the program as typed: the build'"'"'s voxmark
    read -ra COMP_WORDS <<<"$line"
    [[ $line == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line COMP_POINT=${#line}
    _voxmark "$3" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$gen/completions/voxmark.bash" "$1" "$voxmark")
}
expect() {  # expect WHAT OUTPUT LINE...: every LINE is a whole line of OUTPUT
  local what=$1 output=$2
  shift 2
  for line in "$@"; do
    grep -qxF -- "$line" <<<"$output" || fail "$what: no '$line' in: $(tr '\n' ' ' <<<"$output")"
  done
}
refuse() {  # refuse WHAT OUTPUT LINE: LINE is not offered
  grep -qxF -- "$3" <<<"$2" && fail "$1: '$3' offered: $(tr '\n' ' ' <<<"$2")"
  return 0
}

case $check in
man-lint)
  for page in "$gen/man/voxmark.1" "$gen/man/voxmark-keys.7"; do
    [ -s "$page" ] || fail "$page missing"
    out=$(mandoc -T lint -W warning "$page" 2>&1) || fail "mandoc: $out"
    out=$(groff -man -ww -z -Tutf8 "$page" 2>&1)
    [ -z "$out" ] || fail "groff: $out"
  done
  echo "both pages lint clean" ;;
man-drift)
  page=$(MANWIDTH=200 man -l "$gen/man/voxmark.1" 2>/dev/null | col -b)
  [ -n "$page" ] || fail "man -l rendered nothing"
  commands=$("$voxmark" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}')
  [ -n "$commands" ] || fail "no commands in voxmark --help"
  for command in "" $commands; do
    help=$("$voxmark" $command --help)
    [ -z "$command" ] || grep -q "^   *voxmark $command\$" <<<"$page" ||
      fail "voxmark(1) has no section for $command"
    for option in $(grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' <<<"$help" | grep -oE -- '--[a-z-]+'); do
      grep -qE -- "(^|[ ,])$option( |,|$)" <<<"$page" ||
        fail "voxmark(1) lacks $option of '${command:-voxmark}'"
    done
  done
  keys=$(MANWIDTH=200 man -l "$gen/man/voxmark-keys.7" 2>/dev/null | col -b)
  # Stdin commands (from the command table) as well as keys.
  for command in toggle next-section goto-saved "speed X (0.5 to 6)" "volume N (0 to 200)"; do
    grep -qF -- "$command" <<<"$keys" || fail "voxmark-keys(7) lacks $command"
  done
  while IFS= read -r line; do
    # "Space           pause or resume": the description of each key in effect
    description=$(sed -E 's/^ *[^ ]+( *, *[^ ]+)* {2,}//' <<<"$line")
    [ -z "$description" ] || grep -qF -- "$description" <<<"$keys" ||
      fail "voxmark-keys(7) lacks '$description'"
  done < <(XDG_CONFIG_HOME="$scratch/none" "$voxmark" keys)
  echo "every command, option and key is documented" ;;
bash)
  [ -f /usr/share/bash-completion/bash_completion ] || fail "bash-completion is not installed"
  out=$(bash_complete "voxmark ex"); expect "commands" "$out" export
  out=$(bash_complete "voxmark "); expect "commands and files" "$out" export outline notes.md
  out=$(bash_complete "voxmark export --fo"); expect "options" "$out" --format
  out=$(bash_complete "voxmark export --format m"); expect "--format" "$out" mp3 m4a m4b
  refuse "--format" "$out" wav
  out=$(bash_complete "voxmark play --voice "); expect "--voice" "$out" default en-gb fast
  out=$(bash_complete "voxmark play notes.md --from "); expect "--from" "$out" \
    "Getting started" "Second part"
  out=$(bash_complete "voxmark notes.md --from Sec"); expect "--from, no command" "$out" "Second part"
  out=$(bash_complete "voxmark sentences no"); expect "file names" "$out" notes.md
  out=$(bash_complete "voxmark outline --"); expect "outline's options" "$out" --json --structure
  refuse "outline's options" "$out" --voice
  echo "bash completes commands, options, values, voices, sections and files" ;;
fish)
  command -v fish >/dev/null || fail "fish is not installed"
  fish_complete() {
    (cd "$scratch" && PATH="$(dirname "$voxmark"):$PATH" fish --no-config -c \
      "source $gen/completions/voxmark.fish; complete -C '$1'" | cut -f1)
  }
  out=$(fish_complete "voxmark ex"); expect "commands" "$out" export
  out=$(fish_complete "voxmark export --format m"); expect "--format" "$out" mp3 m4a m4b
  out=$(fish_complete "voxmark play --voice "); expect "--voice" "$out" default en-gb
  out=$(fish_complete "voxmark play notes.md --from "); expect "--from" "$out" \
    "Getting started" "Second part"
  out=$(fish_complete "voxmark outline --"); expect "outline's options" "$out" --json
  refuse "outline's options" "$out" --voice
  echo "fish completes commands, options, voices and sections" ;;
zsh)
  command -v zsh >/dev/null || fail "zsh is not installed"
  zsh -n "$gen/completions/_voxmark" || fail "zsh cannot parse _voxmark"
  echo "zsh parses _voxmark" ;;
install)
  cmake --install "$build" --prefix "$scratch/prefix" >"$scratch/install.log" 2>&1 ||
    fail "cmake --install: $(cat "$scratch/install.log")"
  installed="$scratch/prefix/bin/voxmark"
  out=$("$installed" --version) || fail "the installed voxmark --version failed"
  expect "--version" "$out" "data: $scratch/prefix/share/voxmark"
  grep -q '^eSpeak NG [0-9]' <<<"$out" || fail "--version: no eSpeak NG version: $out"
  # FFmpeg's version is named only when the installed module (lib*/voxmark) loads.
  grep -q '^FFmpeg [0-9n]' <<<"$out" || fail "--version: the FFmpeg module was not found: $out"
  out=$("$installed" voices --json) || fail "voxmark voices failed"
  grep -qF "\"source\": \"$scratch/prefix/share/voxmark/voices/en-gb.toml\"" <<<"$out" ||
    fail "the installed presets are not the ones in use"
  # Whole outputs, then searched: under pipefail `| grep -q` can fail on the writer's SIGPIPE.
  out=$("$installed" sentences "$scratch/notes.md")
  grep -qx "Getting started" <<<"$out" || fail "the installed voxmark does not read a document"
  MANPATH="$scratch/prefix/share/man" man -w voxmark-keys >/dev/null 2>&1 &&
    grep -q 'voxmark export' <<<"$(MANPATH="$scratch/prefix/share/man" MANWIDTH=80 man voxmark 2>/dev/null)" ||
    fail "man does not find the installed pages"
  for f in share/bash-completion/completions/voxmark share/zsh/site-functions/_voxmark \
    share/fish/vendor_completions.d/voxmark.fish share/doc/voxmark/guide.md; do
    [ -f "$scratch/prefix/$f" ] || fail "$f not installed"
  done
  compgen -G "$scratch/prefix/lib*/voxmark/voxmark-ffmpeg.so" >/dev/null ||
    fail "lib*/voxmark/voxmark-ffmpeg.so not installed"
  echo "the installed program runs, finds its data, its FFmpeg module and its man pages" ;;
*) fail "unknown check $check" ;;
esac
