#!/bin/bash
# One rebuild +1 dump of a generated corpus, repeatable, for before/after pairs of two codes (issue 15): each
# code gets its own work folder (its caches are inside it), and the two are run in alternation.
#   bench/rebuild-cycle.sh <code root> <work folder> <corpus folder> <held-back dump> [node flags ...]
# e.g. bench/rebuild-cycle.sh . /tmp/after bench/corpus/10000 equipment/adidas-adipower-4990.txt \
#        --import "$PWD/bench/thread-cpu.mjs"   (the build runs in <work folder>: give paths whole)
# The first call copies the corpus into <work folder>/in (a copy, not hard links: linking changes the files'
# ctime, and every other folder linked to them would read and hash all dumps again) without the held-back
# dump, and makes the clean build. Every call then builds without the dump (untimed) and with it again,
# timed by /usr/bin/time: wall, user and system seconds ("rebuild+1: ..."); node flags go to that build only.
set -euo pipefail
# The corpus by its real path: `cp -r` copies a symbolic link given to it as a link, and the cycle would then move
# the held-back dump out of the shared corpus itself (it did, 2026-12-05, through a worktree's bench/corpus/N link).
root=$(cd "$1" && pwd); work=$2; corpus=$(cd "$3" && pwd -P); dump=$4; shift 4
cli="$root/bin/forum-archive.js"
if [ ! -d "$work/in" ]; then
  mkdir -p "$work"
  cp -r "$corpus" "$work/in"
  rm -f "$work/in/corpus.json" "$work/in/truth.json"
  mv "$work/in/$dump" "$work/held.txt"
  (cd "$work" && /usr/bin/time -f "clean: %e s wall %U user %S sys" node "$cli" build --input in --output site >/dev/null)
fi
cd "$work"
if [ -L in ]; then echo "$work/in is a symbolic link: remove $work and start again" >&2; exit 2; fi
if [ -f "in/$dump" ]; then
  mv "in/$dump" held.txt
  node "$cli" build --input in --output site >/dev/null 2>&1
fi
mv held.txt "in/$dump"
/usr/bin/time -f "rebuild+1: %e s wall %U user %S sys" node "$@" "$cli" build --input in --output site >/dev/null
