# Sourced by conformance/build.sh and conformance/crds.sh: the checks and paths both start with.

# require_go SCRIPT WHAT: exits 3 (the suite's "cannot run here") when the go command is missing,
# saying what SCRIPT needs it for.
require_go() {
  if ! command -v go >/dev/null 2>&1; then
    echo "conformance/$1: Go is not installed (the go command is not on PATH); $2" >&2
    exit 3
  fi
}

# The cache root, outside the repo: GHA_RS_CONFORMANCE_CACHE, else the user's cache folder.
cache_root() {
  echo "${GHA_RS_CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gha-rs-conformance}"
}
