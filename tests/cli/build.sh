#!/usr/bin/env bash
# The Makefile's conventions, read from `make -n` into a scratch build
# directory (every command listed, nothing run): the user's CPPFLAGS reach
# every compile, and for real Debian's -D_FORTIFY_SOURCE (dpkg-buildflags)
# gives the checked __*_chk functions; every compile, fuzzers included, has
# the warning set and -ffile-prefix-map; WERROR=1 (CI) adds -Werror to
# each, a plain build does not; libraries come through $(PKG_CONFIG), with
# -lunistring when libunistring has no .pc file (Debian 12).
. "$(dirname "$0")/../lib.sh"

cd "$ROOT" || exit 1
B=$T_TMP/build
fuzz=$(for f in tests/fuzz/fuzz_*.c; do f=${f##*/}; echo "$B/fuzz/${f%.c}"; done)
bench=$(for f in tests/bench/*.c; do f=${f##*/}; echo "$B/bench/${f%.c}"; done)
# dry [VAR=VALUE...] — the commands `make check` would build with.
# The caller's make (CI runs `make check WERROR=1`) passes its command-line
# variables down through MAKEFLAGS; the dry run must start from none.
dry() {
	# shellcheck disable=SC2086
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u WERROR make -n --no-print-directory BUILD="$B" CC=mdg-cc CLANG=mdg-clang CFLAGS= "$@" \
		all unit asan $fuzz $bench 2>"$T_TMP/dry.err"
}
# compiles — the lines that compile a .c file.
compiles() { grep -E '^mdg-(cc|clang) ' | grep -E '\.c( |$)'; }
# each NAME PATTERN LINES — every line holds PATTERN (fixed string).
each() {
	local n missing
	n=$(printf '%s\n' "$3" | grep -c .)
	missing=$(printf '%s\n' "$3" | grep -vF -- "$2" | head -3)
	if [ "$n" -gt 30 ] && [ -z "$missing" ]; then
		t_ok "$1 ($n compiles)"
	else
		t_fail "$1" "$n compile lines; without '$2':" "$missing"
	fi
}

lines=$(dry CPPFLAGS=-DMDG_CPPFLAGS_REACH | compiles)
each "CPPFLAGS reaches every compile" "-DMDG_CPPFLAGS_REACH" "$lines"
each "every compile has the warning set" "-Wall -Wextra -Wpedantic -Wshadow" "$lines"
each "every compile maps the tree's directory away" "-ffile-prefix-map=$ROOT=." "$lines"
t_match "the fuzzers are among them, with the warnings" '^mdg-clang .*-Wall .*tests/fuzz/fuzz_' "$lines"
t_nomatch "a plain build has no -Werror" '-Werror( |$)' "$lines"
each "WERROR=1 adds -Werror to every compile" "-Werror" "$(dry WERROR=1 | compiles)"

# pkg-config through $(PKG_CONFIG): a stand-in records its calls; without
# a libunistring.pc it fails for libunistring, with one it answers.
cat >"$T_TMP/pkgconf" <<'EOF'
#!/bin/sh
echo "$*" >>"$(dirname "$0")/pkgconf.calls"
for a; do case $a in libunistring) [ -n "${MDG_UNISTRING_PC:-}" ] || exit 1 ;; esac; done
for a; do case $a in --libs) echo "-lfrom-pkgconf" ;; --cflags) echo "-DFROM_PKGCONF" ;; esac; done
EOF
chmod +x "$T_TMP/pkgconf"
links=$(dry PKG_CONFIG="$T_TMP/pkgconf" | grep -E '^mdg-(cc|clang) ' | grep -E ' -o [^ ]*/madoguchi ')
t_match "\$(PKG_CONFIG) is asked for the libraries" 'sqlite3' "$(cat "$T_TMP/pkgconf.calls" 2>/dev/null)"
t_match "... and its answer is used" '-lfrom-pkgconf' "$links"
t_match "libunistring without a .pc file: -lunistring" '-lunistring( |$)' "$links"
links=$(MDG_UNISTRING_PC=1 dry PKG_CONFIG="$T_TMP/pkgconf" | grep -E '^mdg-cc .* -o [^ ]*/madoguchi ')
t_nomatch "libunistring with a .pc file: its flags, not -lunistring" '-lunistring( |$)' "$links"
t_eq "the Makefile names pkg-config only as PKG_CONFIG's default" "PKG_CONFIG ?= pkg-config" \
	"$(grep -E '(^|[^_])pkg-config' Makefile | grep -v '^#')"

# For real: one object built with Debian's flags calls the checked functions.
if command -v dpkg-buildflags >/dev/null; then
	cppflags=$(DEB_BUILD_MAINT_OPTIONS= dpkg-buildflags --get CPPFLAGS)
	cflags=$(DEB_BUILD_MAINT_OPTIONS= dpkg-buildflags --get CFLAGS)
else
	cppflags="-Wdate-time -D_FORTIFY_SOURCE=2" cflags="-g -O2"
fi
obj() { make --no-print-directory BUILD="$T_TMP/$1" "$T_TMP/$1/obj/src/conf.o" "${@:2}" >"$T_TMP/$1.log" 2>&1; }
if obj deb CPPFLAGS="$cppflags" CFLAGS="$cflags" && obj plain CPPFLAGS= CFLAGS=; then
	t_match "CPPFLAGS='$cppflags' reaches the object: it calls __*_chk" \
		'^ +U __[a-z]+_chk$' "$(nm "$T_TMP/deb/obj/src/conf.o")"
	t_nomatch "... which the object built without it does not" '_chk$' "$(nm "$T_TMP/plain/obj/src/conf.o")"
else
	t_fail "src/conf.c compiles with dpkg-buildflags' flags" "$(tail -5 "$T_TMP/deb.log" "$T_TMP/plain.log")"
fi
t_done
