#!/usr/bin/env bash
# Vendor the pinned front-end packages from npm into wumei/static/vendor/.
# Run by a developer when a version changes; servers never need Node (the files are committed).
set -euo pipefail
cd "$(dirname "$0")/.."
TABLER=1.6.1
HTMX=2.0.11
# Alpine's CSP build (no eval, so script-src needs no 'unsafe-eval'); @alpinejs/csp has no 3.17.5.
ALPINE=3.17.4
ECHARTS=6.1.0
out=wumei/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@tabler/core@$TABLER" "htmx.org@$HTMX" "@alpinejs/csp@$ALPINE" "echarts@$ECHARTS" >/dev/null)
rm -rf "$out" && mkdir -p "$out"/{tabler,htmx,alpine,echarts}
tar -xzf "$tmp"/tabler-core-$TABLER.tgz -C "$tmp" && mv "$tmp/package" "$tmp/tabler"
cp "$tmp"/tabler/dist/css/tabler.min.css "$tmp"/tabler/dist/js/tabler.min.js "$out/tabler/"
cp "$tmp"/tabler/package.json "$out/tabler/"  # MIT; the package ships no LICENSE file
tar -xzf "$tmp"/htmx.org-$HTMX.tgz -C "$tmp" && mv "$tmp/package" "$tmp/htmx"
cp "$tmp"/htmx/dist/htmx.min.js "$tmp"/htmx/LICENSE "$out/htmx/"
tar -xzf "$tmp"/alpinejs-csp-$ALPINE.tgz -C "$tmp" && mv "$tmp/package" "$tmp/alpine"
cp "$tmp"/alpine/dist/cdn.min.js "$out/alpine/alpine-csp.min.js"
cp "$tmp"/alpine/package.json "$out/alpine/"  # MIT; the package ships no LICENSE file
tar -xzf "$tmp"/echarts-$ECHARTS.tgz -C "$tmp" && mv "$tmp/package" "$tmp/echarts"
cp "$tmp"/echarts/dist/echarts.min.js "$tmp"/echarts/LICENSE "$out/echarts/"
cat > "$out/VERSIONS" <<V
@tabler/core $TABLER
htmx.org $HTMX
@alpinejs/csp $ALPINE
echarts $ECHARTS
V
echo "vendored into $out"
