#!/usr/bin/env bash
# The test command: installs everything the tests need (Go modules, a real
# MinIO and a real Meilisearch, LibreOffice for the layout check) and runs
# every test with the race detector. Servers are started by the tests
# themselves on 127.0.0.1 with free ports and temporary directories, and
# killed when the tests end, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Go modules"
go mod download

echo "== document tools (LibreOffice, poppler, Times-compatible Vietnamese fonts, openssl)"
if ! command -v soffice >/dev/null || ! command -v pdftotext >/dev/null || ! command -v openssl >/dev/null || ! fc-list 2>/dev/null | grep -qi "Liberation Serif"; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui poppler-utils fonts-liberation2 openssl >/dev/null
  else
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui poppler-utils fonts-liberation2 openssl >/dev/null
  fi
fi

# --- PDF/A and PAdES tools -------------------------------------------------
# python3-uno: the warm LibreOffice converter's UNO bridge; qpdf, poppler
# (pdfsig, pdffonts, pdfinfo, pdftoppm) and NSS certutil check the PDFs;
# softhsm2 holds the PKCS#11 test keys.
echo "== PDF tools (python3-uno, qpdf, NSS certutil, SoftHSM2)"
if ! /usr/bin/python3 -c "import uno" 2>/dev/null || ! command -v qpdf >/dev/null || ! command -v certutil >/dev/null \
   || ! command -v softhsm2-util >/dev/null || ! command -v pdfsig >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >/dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-uno qpdf libnss3-tools softhsm2 poppler-utils >/dev/null
fi
# ---------------------------------------------------------------------------
# --- LibreOffice Calc: the consolidated workbook of returns is read back by
# Calc (soffice --convert-to csv) in cmd/vanthu's returns test.
echo "== LibreOffice Calc"
if ! dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 && ! dpkg -s libreoffice-calc >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
  else
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null
  fi
fi
# --- end LibreOffice Calc
# --- Browser tests of the web pages: Debian's chromium, and axe-core from npm
# into a cache outside the repository (VANTHU_TEST_AXE names axe.min.js).
echo "== browser (chromium) and axe-core"
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
AXE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/vanthu-axe"
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
  mkdir -p "$AXE_DIR"
  npm install --no-audit --no-fund --silent --prefix "$AXE_DIR" axe-core@4.10.2 >/dev/null
fi
export VANTHU_TEST_AXE="$AXE_DIR/node_modules/axe-core/axe.min.js"
# --- end of the browser block

echo "== test servers (MinIO, Meilisearch)"
eval "$(bash .ci/install-servers.sh)"
export VANTHU_TEST_MINIO_BIN VANTHU_TEST_MEILI_BIN

# == OpenAPI validator: an independent check of api/openapi.json against the
# official OpenAPI 3.1 schema, run by the api tests. npm packages pinned by
# .ci/openapi-validator/package-lock.json, installed once into the cache.
echo "== OpenAPI validator (npm)"
oas_dir="${XDG_CACHE_HOME:-$HOME/.cache}/vanthu-test/openapi-validator"
if [ ! -d "$oas_dir/node_modules" ] || ! cmp -s .ci/openapi-validator/package-lock.json "$oas_dir/package-lock.json"; then
  rm -rf "$oas_dir"
  mkdir -p "$oas_dir"
  cp .ci/openapi-validator/package.json .ci/openapi-validator/package-lock.json "$oas_dir/"
  (cd "$oas_dir" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
export VANTHU_TEST_OPENAPI_VALIDATOR="$oas_dir/node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js"

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 -timeout 45m ./...
