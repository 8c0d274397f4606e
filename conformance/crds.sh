#!/usr/bin/env bash
# Copies the third-party CRDs listed in third-party-crds.txt out of their published Go modules
# (downloaded through the Go module proxy, checksums verified by the go command and here) into a
# cache folder outside the repo, and prints that folder. Nothing is built.
# Environment: GHA_RS_CONFORMANCE_CACHE overrides the cache root, as for build.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
list="$here/third-party-crds.txt"
source "$here/lib/common.sh"
require_go crds.sh "it downloads the third-party CRDs"
root="$(cache_root)"
out="$root/crds-$(sha256sum < "$list" | cut -c1-12)"
mkdir -p "$out"
# outside any module, so that the go command downloads without touching a go.mod
cd "$(mktemp -d)"
trap 'rmdir "$PWD" 2>/dev/null || true' EXIT
while read -r modver path sum; do
  [[ -z "$modver" || "$modver" == \#* ]] && continue
  dest="$out/$(basename "$path")"
  if [[ -f "$dest" ]] && echo "$sum  $dest" | sha256sum -c --status; then continue; fi
  dir="$(GOFLAGS= go mod download -json "$modver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  if [[ -z "$dir" || ! -f "$dir/$path" ]]; then
    echo "conformance/crds.sh: $modver has no $path" >&2
    exit 1
  fi
  if ! echo "$sum  $dir/$path" | sha256sum -c --status; then
    echo "conformance/crds.sh: $modver $path does not have the SHA-256 listed in third-party-crds.txt" >&2
    exit 1
  fi
  cp "$dir/$path" "$dest.tmp" && mv -f "$dest.tmp" "$dest"
done < "$list"
echo "$out"
