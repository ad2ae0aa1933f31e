#!/usr/bin/env bash
# Installs what the browser checks need: Debian's Chromium, its driver and Java
# (for the Nu Html Checker), then axe-core, vnu-jar and Pagefind (the search tests
# type into its interface) at the versions in package-lock.json. Run as root on
# Debian or Ubuntu (CI does: see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v java >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver default-jre-headless >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] \
   || [ ! -f node_modules/pagefind/lib/runner/bin.cjs ]; then
  if ! command -v npm >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
  fi
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "browser tools: $(chromium --version), $(java -version 2>&1 | head -1), axe-core, vnu-jar and $(node node_modules/pagefind/lib/runner/bin.cjs --version) installed"
