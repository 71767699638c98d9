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

echo "== test servers (MinIO, Meilisearch)"
eval "$(bash .ci/install-servers.sh)"
export VANTHU_TEST_MINIO_BIN VANTHU_TEST_MEILI_BIN

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 -timeout 45m ./...
