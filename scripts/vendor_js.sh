#!/usr/bin/env bash
# Vendor the browser-side three.js files into configurator/static/vendor/three/ from the npm
# registry (no CDN at run time), and axe-core (the accessibility checker the browser tests inject)
# into tests/browser/vendor/. Run from the repo root; idempotent.
#
#   configurator/static/vendor/three/three.module.js, three.core.js, LICENSE, .version
#   configurator/static/vendor/three/addons/{loaders/GLTFLoader.js, controls/OrbitControls.js,
#                               utils/BufferGeometryUtils.js, utils/SkeletonUtils.js}
#
# addons/ mirrors three's examples/jsm/ so relative imports stay valid, and it
# matches the import map "three/addons/" -> /static/vendor/three/addons/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

DEST=configurator/static/vendor/three
PINNED=$(node -p 'require("./package.json").dependencies.three')

AXE_DEST=tests/browser/vendor
AXE_PINNED=$(node -p 'require("./package.json").devDependencies["axe-core"]')

npm_install() {
    if [[ -f package-lock.json ]]; then
        npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
    else
        npm install --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
    fi
}

# axe-core: for the browser tests only, never served by the app.
if [[ ! -f "$AXE_DEST/.version" || "$(cat "$AXE_DEST/.version")" != "$AXE_PINNED" ]]; then
    [[ "$(node -p 'try { require("./node_modules/axe-core/package.json").version } catch (e) { "" }')" == "$AXE_PINNED" ]] \
        || npm_install
    mkdir -p "$AXE_DEST"
    cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$AXE_DEST/"
    echo "$AXE_PINNED" >"$AXE_DEST/.version"
    echo "vendor_js: copied axe-core $AXE_PINNED from npm into $AXE_DEST"
fi

if [[ -f "$DEST/.version" && "$(cat "$DEST/.version")" == "$PINNED" ]]; then
    echo "vendor_js: three $PINNED already in $DEST, nothing to do"
    exit 0
fi

npm_install

SRC=node_modules/three
INSTALLED=$(node -p 'require("./node_modules/three/package.json").version')
if [[ "$INSTALLED" != "$PINNED" ]]; then
    echo "vendor_js: installed three $INSTALLED but package.json pins $PINNED" >&2
    exit 1
fi

# source path (inside node_modules/three) -> destination path (inside $DEST)
FILES=(
    "build/three.module.js:three.module.js"
    "build/three.core.js:three.core.js"
    "LICENSE:LICENSE"
    "examples/jsm/loaders/GLTFLoader.js:addons/loaders/GLTFLoader.js"
    "examples/jsm/controls/OrbitControls.js:addons/controls/OrbitControls.js"
    "examples/jsm/utils/BufferGeometryUtils.js:addons/utils/BufferGeometryUtils.js"
    "examples/jsm/utils/SkeletonUtils.js:addons/utils/SkeletonUtils.js"
)

mkdir -p configurator/static/vendor
TMP=$(mktemp -d "configurator/static/vendor/.three.XXXXXX")
chmod 755 "$TMP"
trap 'rm -rf "$TMP"' EXIT

for pair in "${FILES[@]}"; do
    src=${pair%%:*} dst=${pair#*:}
    mkdir -p "$TMP/$(dirname "$dst")"
    cp "$SRC/$src" "$TMP/$dst"
done

# Every relative import of a copied module must resolve to a copied file
# ('three' itself is resolved by the page's import map).
missing=0
while IFS= read -r js; do
    dir=$(dirname "$js")
    while IFS= read -r spec; do
        if [[ ! -f "$dir/$spec" ]]; then
            echo "vendor_js: ${js#"$TMP"/} imports $spec, which was not copied" >&2
            missing=1
        fi
    done < <(grep -oE "(from|import)[[:space:]]*\(?[[:space:]]*'\.{1,2}/[^']+'" "$js" \
             | grep -oE "'[^']+'" | tr -d "'" | sort -u)
done < <(find "$TMP" -name '*.js')
if [[ $missing -ne 0 ]]; then
    exit 1
fi

echo "$PINNED" >"$TMP/.version"
rm -rf "$DEST"
mv "$TMP" "$DEST"
trap - EXIT
echo "vendor_js: copied three $PINNED (${#FILES[@]} files) from npm into $DEST"
