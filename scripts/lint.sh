#!/usr/bin/env bash
# The static checks of the test command (step `lint`):
#   format  every C++ file git tracks is as clang-format (.clang-format) writes it
#   tidy    clang-tidy (.clang-tidy: bugprone, performance, a few modernize checks, naming) reports
#           nothing on the libraries and servers (protocol/, storage/, servers/), their headers and text/ included;
#           it reads build/compile_commands.json (a unity build's batches, or one source each), so it
#           runs after `setup`.
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

# What clang-tidy runs on, NUL-separated: the translation units of compile_commands.json that hold
# the sources of protocol/, storage/ and servers/. A unity build (the test command's build/) lists
# its batches, which include 8 sources each: the heavy headers are parsed once per batch, not once
# per source, and the sources, included, are checked as headers are (--header-filter, anchored at
# the checkout so that generated files in the build folder are not). A folder built one object per
# source lists the sources themselves.
tidy_units() {
  local db=$BUILD_DIR/compile_commands.json build
  build=$(cd "$BUILD_DIR" && pwd)
  jq -r --arg root "$ROOT/" --arg build "$build/" '.[].file |
    select((startswith($root) and (ltrimstr($root) | test("^(protocol|storage|servers)/.*\\.cpp$"))) or
           (startswith($build) and (ltrimstr($build) | test("^(protocol|storage|servers)/.*/Unity/unity_[0-9]+_cxx\\.cxx$"))))' "$db" |
    sort -u | tr '\n' '\0'
}

# Every tracked source of protocol/, storage/ and servers/ is one of the units or included by one:
# prints those that are not (a target outside those folders' build trees would leave its sources unchecked).
tidy_unchecked() {
  local covered
  covered=$(tr '\0' '\n' <"$1" | while read -r u; do
    case $u in
      *.cxx) sed -n 's|^#include "\(.*\)"$|\1|p' "$u" ;;
      *) echo "$u" ;;
    esac
  done | sed "s|^$ROOT/||" | sort -u)
  comm -23 <(git ls-files -- 'protocol/*.cpp' 'storage/*.cpp' 'servers/*.cpp' | sort) <(echo "$covered")
}

check_tidy() {
  need clang-tidy || return 2
  need jq || return 2
  if [[ ! -f $BUILD_DIR/compile_commands.json ]]; then
    echo "lint: no $BUILD_DIR/compile_commands.json: run scripts/setup.sh --all first" >&2
    return 2
  fi
  local log units rc n missing
  log=$(mktemp) units=$(mktemp)
  tidy_units >"$units"
  missing=$(tidy_unchecked "$units")
  if [[ -n $missing ]]; then
    echo "lint: these sources are in no translation unit of $BUILD_DIR/compile_commands.json:" >&2
    sed 's/^/  /' <<<"$missing" >&2
    rm -f "$log" "$units"
    return 2
  fi
  n=$(git ls-files -- 'protocol/*.cpp' 'storage/*.cpp' 'servers/*.cpp' | wc -l)
  # a batch includes .cpp files by design: bugprone-suspicious-include would flag each of its lines
  xargs -0 -n 2 -P "$(nproc)" clang-tidy -p "$BUILD_DIR" --quiet --warnings-as-errors='*' \
    --header-filter="^$(sed 's/[.[\*^$()+?{|]/\\&/g' <<<"$ROOT")/(text|protocol|storage|servers)/" \
    --config-file="$ROOT/.clang-tidy" --checks=-bugprone-suspicious-include <"$units" >"$log" 2>&1
  rc=$?
  if ((rc)); then
    grep -E -A3 '(warning|error):' "$log" >&2
    echo "lint: clang-tidy found the above in protocol/, storage/ or servers/" >&2
  else
    echo "lint: tidy: $n files clean ($(tr -cd '\0' <"$units" | wc -c) translation units)" >&2
  fi
  rm -f "$log" "$units"
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
