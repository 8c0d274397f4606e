#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd for the conformance suite from the Go module proxy, as
# pinned by go/go.mod and go/go.sum, into a cache outside the repo. A second run with the same pins
# and the same Go finds the binaries there and builds nothing.
#
# Prints the folder holding the three binaries as its last line of output.
# Environment: GHA_RS_CONFORMANCE_CACHE overrides the cache root
# (default ${XDG_CACHE_HOME:-$HOME/.cache}/gha-rs-conformance).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mod="$here/go"
source "$here/lib/common.sh"
require_go build.sh "it is needed to build kube-apiserver, kubectl and etcd"

version_of() { awk -v m="$1" '$1 == m && $2 ~ /^v/ { print $2; exit }' "$mod/go.mod"; }
k8s="$(version_of k8s.io/kubernetes)"
etcd="$(version_of go.etcd.io/etcd/server/v3)"
gover="$(go env GOVERSION)"
pins="$(sha256sum < "$mod/go.mod" | cut -c1-12)"
root="$(cache_root)"
bin="$root/kubernetes-$k8s-etcd-$etcd-$pins/bin"
stamp="kubernetes $k8s, etcd $etcd, $gover, pins $pins"

if [[ -f "$bin/.stamp" && "$(cat "$bin/.stamp")" == "$stamp" \
      && -x "$bin/kube-apiserver" && -x "$bin/kubectl" && -x "$bin/etcd" ]]; then
  echo "conformance/build.sh: cached ($stamp)" >&2
  echo "$bin"
  exit 0
fi

echo "conformance/build.sh: building $stamp into $bin" >&2
start=$SECONDS
mkdir -p "$root"
tmp="$(mktemp -d "$root/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# The Kubernetes commands report the release they were built from (kubectl warns about version
# skew otherwise); the build scripts of Kubernetes set the same variables.
minor="${k8s#v1.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$k8s -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done

cd "$mod"
export GOFLAGS=-mod=mod CGO_ENABLED=0
go build -trimpath -ldflags "$ldflags" -o "$tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl
go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" ./etcd

mkdir -p "$bin"
for b in kube-apiserver kubectl etcd; do mv -f "$tmp/$b" "$bin/$b"; done
echo "$stamp" > "$bin/.stamp"
echo "conformance/build.sh: built in $((SECONDS - start)) s" >&2
echo "$bin"
