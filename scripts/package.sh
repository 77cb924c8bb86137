#!/usr/bin/env bash
# Makes the Debian package from the tests' optimised build (build/, RelWithDebInfo): builds only what
# is installed (the target sciorex_package_parts: every executable and its man page), then CPack
# installs that build into a staging folder and packs it (cmake/sciorex_package.cmake says what goes
# where). Out: dist/sciorex_VERSION_amd64.deb (stripped executables, man pages, examples, copyright)
# and dist/sciorex-dbgsym_VERSION_amd64.ddeb (their debug symbols). No second build folder.
#   --check  then proves the package (the test command's `package` step):
#     1. dpkg-deb: every executable in /usr/bin, stripped, with its gzipped man page; the examples,
#        the subagents and the copyright under /usr/share/doc/sciorex/; Depends filled in by
#        dpkg-shlibdeps; the debug symbols in the -dbgsym package; lintian's report when installed;
#     2. as root only: apt-get install of the .deb, the installed sciorex-tickets' --version, `init`
#        in a temporary project (its .mcp.json names /usr/bin/...), `man -w` when man-db is there,
#        then apt-get remove, and every path the package brought is gone. The package is removed on
#        any exit (trap); a machine that already has sciorex installed is refused, never touched.
# usage: scripts/package.sh [--check]        (after bash scripts/setup.sh)
# env: BUILD_DIR (default build).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build}
say() { echo "package: $*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

check=0
case ${1:-} in
  --check) check=1 ;;
  "") ;;
  *) say "usage: scripts/package.sh [--check]"; exit 2 ;;
esac

# --- build and pack -------------------------------------------------------------------------------
[[ -f $BUILD_DIR/build.ninja ]] || { say "$BUILD_DIR is not configured; run: bash scripts/setup.sh"; exit 2; }
tools=(help2man dpkg-shlibdeps file objcopy)
((check)) && tools+=(jq readelf dpkg-deb)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { say "$tool is missing; run: bash scripts/setup.sh (installs it)"; exit 2; }
done
say "building what the package holds ($BUILD_DIR, target sciorex_package_parts)"
nice cmake --build "$BUILD_DIR" --target sciorex_package_parts >&2
mkdir -p dist
rm -rf dist/_CPack_Packages dist/sciorex_*.deb dist/sciorex-dbgsym_*.ddeb
say "cpack (DEB)"
(cd "$BUILD_DIR" && cpack -G DEB -B "$ROOT/dist") >&2
rm -rf dist/_CPack_Packages
debs=(dist/sciorex_*_amd64.deb)
[[ -f ${debs[0]} && ${#debs[@]} == 1 ]] || fail "expected one dist/sciorex_*_amd64.deb, found: ${debs[*]}"
deb=${debs[0]}
say "made $deb ($(du -h "$deb" | cut -f1)) and $(ls dist/sciorex-dbgsym_*.ddeb 2>/dev/null || echo 'no dbgsym package')"
((check)) || exit 0

# --- 1. the package's contents --------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/sciorex-package.XXXXXX")
installed_by_us=0
# The packages apt added with ours (none where the build's libraries are installed), one a line.
added_packages() {
  dpkg-query -W -f='${db:Status-Abbrev} ${Package}:${Architecture}\n' | awk '$1 == "ii" {print $2}' | sort |
    comm -13 "$work/packages-before" -
}
cleanup() {
  if ((installed_by_us)); then
    say "removing the package this check installed"
    apt-get remove -y -q sciorex >/dev/null 2>&1 || dpkg -r sciorex >/dev/null 2>&1 || true
    local added
    added=$(added_packages)
    # shellcheck disable=SC2086 # one package name a line
    [[ -z $added ]] || apt-get remove -y -q $added >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|; s|/$||' | grep . >"$work/contents"
has() { grep -qxF "$1" "$work/contents" || fail "$deb lacks $1"; }
executables=(sciorex-tickets sciorex-interactions)
[[ -x $BUILD_DIR/bin/sciorex-flows ]] && executables+=(sciorex-flows)
dpkg-deb -x "$deb" "$work/root"
for exe in "${executables[@]}"; do
  has "/usr/bin/$exe"
  has "/usr/share/man/man1/$exe.1.gz"
  gzip -t "$work/root/usr/share/man/man1/$exe.1.gz" || fail "$exe.1.gz is not gzip"
  zcat "$work/root/usr/share/man/man1/$exe.1.gz" >"$work/$exe.1"
  grep -qF "$exe \\-" "$work/$exe.1" || fail "$exe's man page lacks its name"
  grep -qF '\-\-help' "$work/$exe.1" || fail "$exe's man page lacks its options"
done
for f in "$work"/root/usr/bin/*; do
  [[ $(file -b "$f") == ELF*", stripped"* ]] || fail "$(basename "$f") is not stripped: $(file -b "$f")"
  [[ $(readelf -S "$f") != *.debug_info* ]] || fail "$(basename "$f") still holds .debug_info"
  grep -qxF "/usr/share/man/man1/$(basename "$f").1.gz" "$work/contents" || fail "$(basename "$f") has no man page"
done
has /usr/share/doc/sciorex/copyright
has /usr/share/doc/sciorex/examples/tickets/T-042.yaml
for agent in examples/claude-code/.claude/agents/*.md; do has "/usr/share/doc/sciorex/$agent"; done
if [[ -d examples/flows ]]; then
  while IFS= read -r f; do has "/usr/share/doc/sciorex/$f"; done < <(find examples/flows -type f)
fi
depends=$(dpkg-deb -f "$deb" Depends)
[[ $depends == *libc6* && $depends == *libstdc++6* ]] || fail "Depends is not from the binaries: '$depends'"
say "Depends: $depends"
ddeb=$(ls dist/sciorex-dbgsym_*.ddeb 2>/dev/null) || fail "no dist/sciorex-dbgsym_*.ddeb"
dpkg-deb -c "$ddeb" >"$work/dbgsym"
grep -q '/usr/lib/debug/.build-id/.*\.debug$' "$work/dbgsym" || fail "$ddeb holds no debug symbols"
if command -v lintian >/dev/null; then
  # Information only: lintian judges a distribution's package (changelog, signed uploads) too.
  lintian --no-tag-display-limit "$deb" >&2 || say "lintian found the issues above (not a failure of this check)"
else
  say "lintian is not installed: skipped"
fi
say "contents: ${#executables[@]} executables stripped, with man pages; docs, examples, Depends, dbgsym: ok"

# --- 2. install, use, remove (root only) ----------------------------------------------------------
if ((EUID != 0)); then
  say "not root: the install and removal check is skipped"
  exit 0
fi
if [[ $(dpkg-query -W -f='${Status}' sciorex 2>/dev/null) == 'install ok installed' ]]; then
  fail "sciorex is already installed on this machine; this check installs and removes it, so it stops here"
fi
# What exists before: every path of the package, and the installed packages (a dependency apt adds
# for the package is removed with it).
while IFS= read -r p; do [[ -e $p || -L $p ]] && echo "$p"; done <"$work/contents" >"$work/existed"
dpkg-query -W -f='${db:Status-Abbrev} ${Package}:${Architecture}\n' | awk '$1 == "ii" {print $2}' | sort >"$work/packages-before"
export DEBIAN_FRONTEND=noninteractive
installed_by_us=1
apt-get install -y -q "./$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get install ./$deb"; }

version=$(/usr/bin/sciorex-tickets --version)
[[ $version == "$("$BUILD_DIR/bin/sciorex-tickets" --version)" ]] ||
  fail "the installed --version '$version' is not the build's"
say "installed: $version"
project="$work/project"
mkdir -p "$project"
(cd "$project" && /usr/bin/sciorex-tickets init) >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; fail "init"; }
for exe in sciorex-tickets sciorex-interactions; do
  command=$(jq -r --arg s "$exe" '.mcpServers[$s].command' "$project/.mcp.json")
  [[ $command == "/usr/bin/$exe" ]] || fail ".mcp.json runs $exe as '$command', not /usr/bin/$exe"
done
[[ -f $project/.claude/agents/code-reviewer.md ]] || fail "init installed no subagents"
say "init: .mcp.json runs /usr/bin/sciorex-tickets and /usr/bin/sciorex-interactions"
if command -v man >/dev/null && [[ $(dpkg-query -W -f='${Status}' man-db 2>/dev/null) == *installed ]]; then
  page=$(man -w sciorex-tickets) || fail "man -w sciorex-tickets found no page"
  say "man page: $page"
else
  say "man-db is not installed: man -w skipped"
fi

dpkg -L sciorex >"$work/listed"
apt-get remove -y -q sciorex >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get remove sciorex"; }
added=$(added_packages)
installed_by_us=0
if [[ -n $added ]]; then
  say "removing what the install pulled in: $added"
  # shellcheck disable=SC2086 # one package name a line
  apt-get remove -y -q $added >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get remove $added"; }
fi
left=0
while IFS= read -r p; do
  if [[ -e $p || -L $p ]] && ! grep -qxF "$p" "$work/existed"; then
    say "left behind: $p"
    left=1
  fi
done <"$work/listed"
((left == 0)) || fail "apt-get remove sciorex left files behind"
say "removed: none of the $(wc -l <"$work/listed") paths the package listed is left (but the folders that were there before)"
say "ok: $deb"
