#!/usr/bin/env bash
# tests/package/package_test.sh [DEB]: the Debian package as a user gets it. Without DEB it
# builds one with scripts/package. Unpacks it with `dpkg -x` into a scratch root (no root
# needed, nothing installed on this machine) and checks that:
#  - voxmark --version runs from there and finds its data relative to itself,
#  - voxmark sentences reads the bundled op-ed,
#  - its FFmpeg module is found relative to the program and writes an MP3 that ffprobe reads,
#  - the man pages render without warnings, the completions are where the shells look,
#  - the runtime dependencies come from the shared libraries (shlibs) and name eSpeak NG,
#    PortAudio, cmark-gfm and libsndfile.
# Prints "package test: N passed, N failed"; non-zero on any failure.
set -uo pipefail
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
deb=${1:-}
if [ -z "$deb" ]; then
  deb=$("$root_dir/scripts/package" | tail -1) || { echo "package test: the package build failed"; exit 1; }
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@" >"$scratch/out" 2>&1; then
    passed=$((passed + 1))
    echo "  passed  $what"
  else
    failed=$((failed + 1))
    echo "  FAILED  $what"
    sed 's/^/          /' "$scratch/out" | head -20
  fi
}

dpkg -x "$deb" "$scratch/root" || { echo "package test: dpkg -x $deb failed"; exit 1; }
voxmark="$scratch/root/usr/bin/voxmark"

version_ok() {
  "$voxmark" --version >"$scratch/version" || return 1
  cat "$scratch/version"
  grep -q '^voxmark [0-9][0-9.]* (commit [0-9a-f]\{7,\}' "$scratch/version" &&
    grep -q '^eSpeak NG [0-9]' "$scratch/version" && grep -q '^PortAudio' "$scratch/version" &&
    grep -q '^cmark-gfm [0-9]' "$scratch/version" && grep -q '^libsndfile' "$scratch/version" &&
    # Its data is the unpacked copy, found relative to the program, not /usr/share.
    grep -qx "data: $scratch/root/usr/share/voxmark" "$scratch/version"
}
check "voxmark --version from the unpacked package" version_ok

sentences_ok() {
  "$voxmark" sentences >"$scratch/sentences" || return 1
  head -3 "$scratch/sentences"
  [ "$(wc -l <"$scratch/sentences")" -gt 20 ] && grep -q 'NATO' "$scratch/sentences"
}
check "voxmark sentences reads the bundled op-ed" sentences_ok

ffmpeg_module_ok() {
  # The unpacked module, not one installed on this machine: --version names FFmpeg's version
  # only when the module loads, and the MP3 is written by it.
  grep -q '^FFmpeg [0-9n]' "$scratch/version" || { cat "$scratch/version"; return 1; }
  printf '# Note\n\nOne short sentence.\n' >"$scratch/note.md"
  HOME="$scratch/home" XDG_STATE_HOME="$scratch/home/state" \
    "$voxmark" export "$scratch/note.md" -o "$scratch/note.mp3" || return 1
  [ "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$scratch/note.mp3")" = mp3 ]
}
check "the FFmpeg module loads from the unpacked package and writes an MP3" ffmpeg_module_ok

voices_from_data_ok() {
  # The presets come from the package's share/voxmark, not the compiled-in copies.
  # Read whole, then searched: `| grep -q` would stop reading at the match, and under pipefail
  # the writer's SIGPIPE would fail the check at random.
  local out
  out=$("$voxmark" voices --json) || return 1
  grep -qF "\"source\": \"$scratch/root/usr/share/voxmark/voices/fast.toml\"" <<<"$out"
}
check "voice presets are read from the installed data" voices_from_data_ok

man_ok() {
  local page warnings
  for page in man1/voxmark.1.gz man7/voxmark-keys.7.gz; do
    [ -f "$scratch/root/usr/share/man/$page" ] || { echo "missing $page"; return 1; }
    warnings=$(zcat "$scratch/root/usr/share/man/$page" | groff -man -ww -z -Tutf8 2>&1)
    [ -z "$warnings" ] || { echo "$page: $warnings"; return 1; }
  done
  local page_text
  page_text=$(MANWIDTH=80 man -l "$scratch/root/usr/share/man/man1/voxmark.1.gz" 2>&1)
  grep -q 'voxmark export' <<<"$page_text"
}
check "man pages render without warnings" man_ok

completions_ok() {
  [ -f "$scratch/root/usr/share/bash-completion/completions/voxmark" ] &&
    [ -f "$scratch/root/usr/share/zsh/vendor-completions/_voxmark" ] &&
    [ -f "$scratch/root/usr/share/fish/vendor_completions.d/voxmark.fish" ]
}
check "completions installed where bash, zsh and fish look" completions_ok

depends_ok() {
  local depends
  depends=$(dpkg-deb -f "$deb" Depends)
  echo "Depends: $depends"
  for lib in libespeak-ng1 libportaudio2 libcmark-gfm0.29.0.gfm.6 libsndfile1 libicu72 libavformat59; do
    grep -q "$lib" <<<"$depends" || { echo "no $lib in Depends"; return 1; }
  done
}
check "Depends comes from the shared libraries" depends_ok

echo "package test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
