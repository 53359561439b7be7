#!/bin/bash
# Clean builds of two codes in alternation, for before/after pairs (issue 15): each pair builds the corpus
# from nothing (no output, no caches) with one code root, then the other, printing the process's wall,
# user and system seconds and each thread's CPU (bench/thread-cpu.mjs). Run it in a folder on a tmpfs
# (/dev/shm): removing the last build's ~35,000 files on this machine's ext4 makes the next build's new
# files cost several times the system CPU (bench/RESULTS.md, coordinator, 2026-12-05).
#   bench/clean-pairs.sh <before root> <after root> <corpus folder> <work folder> [pairs (3)]
set -euo pipefail
before=$(cd "$1" && pwd); after=$(cd "$2" && pwd); corpus=$(cd "$3" && pwd -P); work=$4; pairs=${5:-3}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
cd "$work"
if [ -L in ]; then echo "$work/in is a symbolic link: remove $work and start again" >&2; exit 2; fi
if [ ! -d in ]; then
  cp -r "$corpus" in
  rm -f in/corpus.json in/truth.json
fi
for _ in $(seq 1 "$pairs"); do
  for root in "$before" "$after"; do
    rm -rf site .site.* .cache
    out=$( { /usr/bin/time -f "TIME %e s wall %U user %S sys" \
      node --import "$here/thread-cpu.mjs" "$root/bin/forum-archive.js" build --input in --output site >/dev/null; } 2>&1 |
      grep -E "^(THREADS|TIME)" | tr '\n' ' ')
    echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg) $root $out"
  done
done
