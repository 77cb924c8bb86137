#!/usr/bin/env bash
# The static checks of the test command (step `lint`):
#   format  every C++ file git tracks is as clang-format (.clang-format) writes it
#   tidy    clang-tidy (.clang-tidy: bugprone, performance, a few modernize checks, naming) reports
#           nothing on the libraries and servers (protocol/, storage/, servers/), their headers and text/ included;
#           it reads build/compile_commands.json, so it runs after `setup`.
# usage: scripts/lint.sh [format|tidy]...   (default: both)
#        scripts/lint.sh --fix              rewrite the files clang-format would change, then check
# env: BUILD_DIR (default build).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 2
BUILD_DIR=${BUILD_DIR:-build}

cxx_files() { git ls-files -z -- '*.cpp' '*.hpp' '*.h'; }

need() { command -v "$1" >/dev/null || { echo "lint: $1 not found (bash scripts/setup.sh --all installs it)" >&2; return 2; }; }

check_format() {
  need clang-format || return 2
  local bad
  bad=$(cxx_files | xargs -0 -n 32 -P "$(nproc)" clang-format --dry-run 2>&1 | grep -oE '^[^:]+:[0-9]+:[0-9]+: warning' | cut -d: -f1 |
    sort -u)
  if [[ -n $bad ]]; then
    echo "lint: these files are not as clang-format writes them (scripts/lint.sh --fix rewrites them):" >&2
    sed 's/^/  /' <<<"$bad" >&2
    return 1
  fi
  echo "lint: format: $(cxx_files | tr -cd '\0' | wc -c) files as clang-format writes them" >&2
}

check_tidy() {
  need clang-tidy || return 2
  if [[ ! -f $BUILD_DIR/compile_commands.json ]]; then
    echo "lint: no $BUILD_DIR/compile_commands.json: run scripts/setup.sh --all first" >&2
    return 2
  fi
  local log rc n
  log=$(mktemp)
  n=$(git ls-files -- 'protocol/*.cpp' 'storage/*.cpp' 'servers/*.cpp' | wc -l)
  git ls-files -z -- 'protocol/*.cpp' 'storage/*.cpp' 'servers/*.cpp' |
    xargs -0 -n 4 -P "$(nproc)" clang-tidy -p "$BUILD_DIR" --quiet --warnings-as-errors='*' >"$log" 2>&1
  rc=$?
  if ((rc)); then
    grep -E -A3 '(warning|error):' "$log" >&2
    echo "lint: clang-tidy found the above in protocol/, storage/ or servers/" >&2
  else
    echo "lint: tidy: $n files clean" >&2
  fi
  rm -f "$log"
  return $((rc ? 1 : 0))
}

if [[ ${1-} == --fix ]]; then
  cxx_files | xargs -0 clang-format -i
  shift
fi
checks=("$@")
((${#checks[@]})) || checks=(format tidy)
failed=0
for c in "${checks[@]}"; do
  case $c in
    format) check_format || failed=1 ;;
    tidy) check_tidy || failed=1 ;;
    *) echo "lint: unknown check '$c' (checks: format tidy)" >&2; exit 2 ;;
  esac
done
exit $failed
