#!/usr/bin/env bash
# `make` then `make install` into a scratch DESTDIR (no root needed): the
# program, the FAQ, the man page, and the data with the Unicode licence
# beside the table derived from Unicode data.  (tests/multiuser/jumphost.sh
# installs for real.)
#
# `make install` installs what `make` built and compiles nothing: it
# changes no file in the tree, and a binary missing or built for another
# PREFIX is refused in one line saying what to run.  Built by a user and
# installed by root (`make && sudo make install`), the tree keeps no file
# of root's and the user's `make clean` works.  Two builds of one commit in
# different directories install the same files, byte for byte.
. "$(dirname "$0")/../lib.sh"

b=${BUILD:-build}
case $b in /*) ;; *) b=$ROOT/$b ;; esac
mkdir -p "$b"
dest=$T_TMP/dest
# The installed binary is built in this test's own directory (IBUILD), so
# that the tree's build/install stays the one its user built.  Runs
# sharing the build directory take turns, as mu_install does; the lock is
# held while the tree is compared, before and after.
INST=$T_TMP/inst
exec 9>>"$b/.install.lock"
flock -w 600 9
mk() { make -C "$ROOT" --no-print-directory BUILD="$b" IBUILD="$INST" "$@"; }
# The tree's files with their times and owners (the runner's logs aside).
tree() {
	find "$ROOT" \( -path "$ROOT/.git" -o -path "$b/test-logs" \) -prune -o \
		-printf '%p %T@ %u:%g\n' | sort
}
if ! mk PREFIX=/usr/local >"$T_TMP/make.log" 2>&1; then
	t_fail "make PREFIX=/usr/local succeeds" "$(tail -5 "$T_TMP/make.log")"
	t_done
fi
t_ok "make PREFIX=/usr/local succeeds"
tree >"$T_TMP/tree.before"
if ! mk install DESTDIR="$dest" PREFIX=/usr/local >"$T_TMP/install.log" 2>&1; then
	t_fail "make install DESTDIR=… succeeds" "$(tail -5 "$T_TMP/install.log")"
	t_done
fi
t_ok "make install DESTDIR=… succeeds"
t_nomatch "make install compiles nothing" '(^| )(cc|gcc|clang|msgfmt|ar) ' "$(cat "$T_TMP/install.log")"

# refused WHY ARGS... — make install ARGS fails with one line WHY and
# installs nothing.
refused() {
	local why=$1
	shift
	rm -rf "$T_TMP/dest2"
	mk install DESTDIR="$T_TMP/dest2" "$@" >"$T_TMP/refused.out" 2>"$T_TMP/refused.err"
	rc=$?
	t_eq "make install $*: refused" "1 no" "$([ "$rc" -ne 0 ] && echo 1 || echo 0) $([ -e "$T_TMP/dest2" ] && echo yes || echo no)"
	t_eq "... in one line saying what to run" "$why" "$(grep '^madoguchi:' "$T_TMP/refused.err")"
	t_eq "... and the line is the only one of madoguchi's" "" \
		"$(grep -v -e '^madoguchi:' -e '^make: \*\*\* ' "$T_TMP/refused.err" "$T_TMP/refused.out")"
}
refused "madoguchi: $INST/madoguchi was built for another PREFIX or SYSCONFDIR; run 'make PREFIX=/opt/elsewhere SYSCONFDIR=/etc' first, then 'make install'" \
	PREFIX=/opt/elsewhere
refused "madoguchi: $INST/madoguchi was built for another PREFIX or SYSCONFDIR; run 'make PREFIX=/usr/local SYSCONFDIR=/usr/local/etc' first, then 'make install'" \
	PREFIX=/usr/local SYSCONFDIR=/usr/local/etc
refused "madoguchi: $T_TMP/none/madoguchi is missing; run 'make PREFIX=/usr/local SYSCONFDIR=/etc' first, then 'make install'" \
	PREFIX=/usr/local IBUILD="$T_TMP/none"
tree >"$T_TMP/tree.after"
t_eq "make install (and its refusals) created or changed no file in the tree" "" \
	"$(diff "$T_TMP/tree.before" "$T_TMP/tree.after")"
exec 9>&-

data=$dest/usr/local/share/madoguchi/data
for f in bin/madoguchi share/man/man1/madoguchi.1 share/madoguchi/faq/01.txt; do
	if [ -f "$dest/usr/local/$f" ]; then t_ok "installed: $f"; else t_fail "installed: $f" "missing under $dest"; fi
done
if cmp -s "$ROOT/data/LICENSE.Unicode" "$data/LICENSE.Unicode"; then
	t_ok "the Unicode licence is installed beside the data, unchanged"
else
	t_fail "the Unicode licence is installed beside the data, unchanged" "$(ls -l "$data" 2>&1)"
fi
t_eq "the licence file is readable by everyone" 644 "$(stat -c %a "$data/LICENSE.Unicode" 2>&1)"
t_match "it is the Unicode licence" '^UNICODE, INC. LICENSE AGREEMENT - DATA FILES AND SOFTWARE' \
	"$(cat "$data/LICENSE.Unicode" 2>&1)"
t_eq "every data table is installed" "$(cd "$ROOT/data" && ls -- *.tsv)" "$(cd "$data" && ls -- *.tsv)"
t_match "the installed variant table names the licence beside it" 'data/LICENSE\.Unicode' \
	"$(head -8 "$data/kanji-variants.tsv")"

# Two copies of the sources, at different depths: A is built by a user
# (nobody, when this runs as root) and installed by root; B is built and
# installed here.  Each is built once, by `make` alone (the tests around
# it use the CPUs).
chmod 0711 "$T_TMP"
A=$T_TMP/a/madoguchi
B=$T_TMP/bb/deeper/madoguchi-copy
for d in "$A" "$B"; do
	mkdir -p "$d"
	cp -r "$ROOT"/Makefile "$ROOT"/src "$ROOT"/ui "$ROOT"/gate "$ROOT"/data "$ROOT"/faq "$ROOT"/po "$ROOT"/doc "$d"/
done
as=()
if [ "$(id -u)" -eq 0 ]; then
	mkdir -m 0700 "$T_TMP/a/tmp"
	chown -R 65534:65534 "$T_TMP/a"
	chmod 0755 "$T_TMP/a"
	as=(setpriv --reuid=65534 --regid=65534 --clear-groups -- env HOME="$T_TMP/a/tmp" TMPDIR="$T_TMP/a/tmp")
fi
if ! "${as[@]}" make -C "$A" --no-print-directory CFLAGS= CPPFLAGS= >"$T_TMP/a.log" 2>&1; then
	t_fail "copy A: make succeeds${as:+ as nobody}" "$(tail -5 "$T_TMP/a.log")"
	t_done
fi
t_ok "copy A: make succeeds${as:+ as nobody}"
(cd "$A" && find . -printf '%p %T@ %u:%g\n' | sort) >"$T_TMP/a.before"
if make -C "$A" --no-print-directory install DESTDIR="$T_TMP/dest-a" >"$T_TMP/a-install.log" 2>&1; then
	t_ok "copy A: make install (as $(id -un)) succeeds"
else
	t_fail "copy A: make install succeeds" "$(tail -5 "$T_TMP/a-install.log")"
fi
t_eq "copy A: make install created or changed no file in the tree" "" \
	"$(diff "$T_TMP/a.before" <(cd "$A" && find . -printf '%p %T@ %u:%g\n' | sort))"
if [ ${#as[@]} -eq 0 ]; then
	echo "ok - copy A: the user's tree keeps no file of root's # SKIP not root (CI runs as root)"
else
	t_eq "copy A: the user's tree keeps no file of root's" "" "$(find "$A" \( -uid 0 -o -gid 0 \) -print | head -5)"
	if "${as[@]}" make -C "$A" --no-print-directory clean >"$T_TMP/a-clean.log" 2>&1 && [ ! -e "$A/build" ]; then
		t_ok "copy A: the user's make clean works after the install"
	else
		t_fail "copy A: the user's make clean works after the install" "$(tail -5 "$T_TMP/a-clean.log")"
	fi
fi
if make -C "$B" --no-print-directory CFLAGS= CPPFLAGS= >"$T_TMP/b.log" 2>&1 &&
	make -C "$B" --no-print-directory install DESTDIR="$T_TMP/dest-b" >>"$T_TMP/b.log" 2>&1; then
	t_ok "copy B: make and make install succeed"
else
	t_fail "copy B: make and make install succeed" "$(tail -5 "$T_TMP/b.log")"
fi
t_eq "two builds in different directories install the same files, byte for byte" "" \
	"$(diff -r "$T_TMP/dest-a" "$T_TMP/dest-b" 2>&1)"
t_eq "... the binary too" "same" \
	"$(cmp -s "$T_TMP/dest-a/usr/local/bin/madoguchi" "$T_TMP/dest-b/usr/local/bin/madoguchi" && echo same)"
t_done
