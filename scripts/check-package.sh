#!/usr/bin/env bash
# The package as users get it: `npm pack`, installed into an empty folder with production
# dependencies only (no TypeScript, tsx or esbuild), must build the sample. Not part of `npm test`
# (it installs the dependencies from the registry); run it before a release:
#   scripts/check-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
npm pack --silent --pack-destination "$work" >/dev/null
mkdir "$work/app"
cd "$work/app"
echo '{ "name": "check-package", "private": true }' > package.json
npm install --omit=dev --no-audit --no-fund --silent "$work"/forum-archive-*.tgz
for dev in tsx esbuild typescript vitest; do
  if [ -e "node_modules/$dev" ]; then echo "check-package: $dev was installed with production dependencies" >&2; exit 1; fi
done
npx --no-install forum-archive build --input "$root/seeds" --output "$work/site" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
for file in index.html feed.xml sitemap.xml search/index.html about/index.html; do
  [ -s "$work/site/$file" ] || { echo "check-package: the build wrote no $file" >&2; exit 1; }
done
echo "check-package: the packed forum-archive builds the sample ($(find "$work/site" -type f | wc -l) files)"
