#!/usr/bin/env bash
# `make install` into a scratch DESTDIR (no root needed): the program, the
# FAQ, the man page, and the data with the Unicode licence beside the table
# derived from Unicode data.  (tests/multiuser/jumphost.sh installs for real.)
. "$(dirname "$0")/../lib.sh"

b=${BUILD:-build}
case $b in /*) ;; *) b=$ROOT/$b ;; esac
mkdir -p "$b"
dest=$T_TMP/dest
# Runs sharing the build directory take turns, as mu_install does.
if ! flock -w 600 "$b/.install.lock" make -C "$ROOT" --no-print-directory install \
	BUILD="$b" DESTDIR="$dest" PREFIX=/usr/local >"$T_TMP/install.log" 2>&1; then
	t_fail "make install DESTDIR=… succeeds" "$(tail -5 "$T_TMP/install.log")"
	t_done
fi
t_ok "make install DESTDIR=… succeeds"
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
t_done
