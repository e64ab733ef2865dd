# Shared by the tests of the log's defences (sourced after ../lib.sh).
#
# log_shim: syslog(3) caught by a small library made here and preloaded,
# which appends each message to $MADOGUCHI_TEST_SYSLOG as auth.log shows
# them ("<PRI>Dec  7 04:15:00 desk1 IDENT[PID]: MESSAGE"): the tests never
# reach the host's syslog, and the program has no switch for it.  1 when
# there is no C compiler.
#
# rechain DB TABLE: what someone who can write the file does after a
# change: renumbers the rows 1…n, recomputes every note_hash and hash as
# src/inq_chain.h documents them, and sets the chain table's head.

log_shim() {
	export MADOGUCHI_TEST_SYSLOG=${MADOGUCHI_TEST_SYSLOG:-$T_TMP/auth.log}
	cat >"$T_TMP/shim.c" <<'EOF'
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static const char *ident_ = "?";
void openlog(const char *ident, int opt, int fac) { (void)opt; (void)fac; ident_ = ident ? ident : "?"; }
void closelog(void) {}
void vsyslog(int pri, const char *fmt, va_list ap)
{
	const char *path = getenv("MADOGUCHI_TEST_SYSLOG");
	FILE *f = path ? fopen(path, "a") : NULL;

	if (!f)
		return;
	fprintf(f, "<%d>Dec  7 04:15:00 desk1 %s[%d]: ", pri, ident_, (int)getpid());
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fclose(f);
}
void syslog(int pri, const char *fmt, ...) { va_list ap; va_start(ap, fmt); vsyslog(pri, fmt, ap); va_end(ap); }
void __syslog_chk(int pri, int flag, const char *fmt, ...) { va_list ap; (void)flag; va_start(ap, fmt); vsyslog(pri, fmt, ap); va_end(ap); }
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap) { (void)flag; vsyslog(pri, fmt, ap); }
EOF
	${CC:-cc} -shared -fPIC -o "$T_TMP/shim.so" "$T_TMP/shim.c" 2>/dev/null || return 1
	export LD_PRELOAD=$T_TMP/shim.so ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
}

rechain() {
	python3 - "$1" "$2" <<'EOF'
import hashlib, sqlite3, sys
path, table = sys.argv[1], sys.argv[2]
cols = {
    "inquiry": ["uuid", "started_at", "ended_at", "operator", "host", "snapshot_id", "match", "ref",
                "factors", "faq", "disposition", "escalate", "note", "state", "origin_hash"],
    "lookup": ["uuid", "at", "operator", "host", "snapshot_id", "verdict", "call_uuid", "origin_hash"],
    "access": ["uuid", "at", "operator", "host", "action", "outcome", "origin_hash"],
}[table]
db = sqlite3.connect(path)
db.text_factory = bytes
v2_from = 0
if table == "inquiry":
    v2_from = db.execute("SELECT v2_from FROM chain WHERE name = 'inquiry'").fetchone()[0] or 0
extra = ", note_salt" if table == "inquiry" else ""
rows = db.execute(f"SELECT seq, {', '.join(cols)}{extra} FROM {table} ORDER BY seq").fetchall()
prev = "0" * 64
for i, row in enumerate(rows, 1):
    vals = list(row[1:1 + len(cols)])
    v2 = table == "inquiry" and v2_from and i >= v2_from
    nh = None
    if v2 and vals[12] is not None:
        nh = hashlib.blake2b(bytes.fromhex(row[-1].decode()) + vals[12], digest_size=32).hexdigest()
        vals[12] = nh.encode()
    tag = f"madoguchi.{table}.{'v2' if v2 else 'v1'}".encode()
    h = hashlib.blake2b(digest_size=32)
    h.update(bytes.fromhex(prev) + len(tag).to_bytes(4, "big") + tag + i.to_bytes(8, "big"))
    for v in vals:
        if v is None:
            h.update(b"\0")
        else:
            b = v if isinstance(v, bytes) else str(v).encode()
            h.update(b"\1" + len(b).to_bytes(4, "big") + b)
    new = h.hexdigest()
    # Ascending: position i is free when row[0] moves down to it.
    db.execute(f"UPDATE {table} SET seq = ?, prev_hash = ?, hash = ? WHERE seq = ?", (i, prev, new, row[0]))
    if v2:
        db.execute("UPDATE inquiry SET note_hash = ? WHERE seq = ?", (nh, i))
    prev = new
db.execute("UPDATE chain SET seq = ?, hash = ? WHERE name = ?", (len(rows), prev, table))
db.commit()
EOF
}

