# madoguchi — see README.md.  `make run` and `make check` are the two
# commands of the quick start; both install missing Debian packages first.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/madoguchi
MANDIR  ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
SYSCONFDIR ?= /etc
LIBEXECDIR ?= $(PREFIX)/libexec
DESTDIR ?=
# The desk's gate (doc/gate.md): setuid to DATA_USER and setgid to
# DATA_GROUP, a system account and group no person uses, in a directory
# only OPERATOR_GROUP may enter.
DATA_GROUP ?= madoguchi-data
DATA_USER ?= $(DATA_GROUP)
OPERATOR_GROUP ?= madoguchi
BUILD   ?= build

CC      ?= cc
CLANG   ?= clang
PKG_CONFIG ?= pkg-config
VERSION := 0.1.0
# The installed binary and the paths it was built for (a test gives its own
# directory, so that its PREFIX never replaces the one `make` built).
IBUILD  ?= $(BUILD)/install

CSTD    = -std=c17
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wformat=2 -Wvla -Wpointer-arith \
          -Wwrite-strings -Wundef -Wcast-align -Wnull-dereference \
          -Wimplicit-fallthrough
# CI builds with WERROR=1; a user's newer compiler may warn where ours did
# not, and that must not stop the build.
ifneq ($(filter 1 yes,$(WERROR)),)
WARN   += -Werror
endif
OPT     ?= -O2 -g
# _XOPEN_SOURCE 700 for wcwidth; _DEFAULT_SOURCE for the BSD bits ncurses wants.
DEFS    = -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -DMADOGUCHI_VERSION='"$(VERSION)"'
CFLAGS  ?=
CPPFLAGS ?=
# The tree's directory is not written into the objects (debug information,
# __FILE__): two builds of one commit in different directories install the
# same binary.
REPRO   = -ffile-prefix-map=$(CURDIR)=.
# Every compile line has ALLCPPFLAGS (the user's CPPFLAGS last, so that
# dpkg-buildflags' -D_FORTIFY_SOURCE reaches each object).
ALLCPPFLAGS = $(DEFS) -Isrc -I$(BUILD)/gen $(CORE_CFLAGS) $(CPPFLAGS)
ALLCFLAGS = $(CSTD) $(OPT) $(WARN) $(REPRO) $(ALLCPPFLAGS) $(CFLAGS)

# Libraries through $(PKG_CONFIG), each asked once (:=).  libunistring has
# no .pc file on Debian 12 (libunistring-dev 1.0): then plain -lunistring.
CORE_CFLAGS := $(shell $(PKG_CONFIG) --cflags sqlite3 libsodium 2>/dev/null) \
	       $(shell $(PKG_CONFIG) --cflags libunistring 2>/dev/null)
CORE_LIBS := $(shell $(PKG_CONFIG) --libs sqlite3 libsodium 2>/dev/null) \
	     $(shell $(PKG_CONFIG) --libs libunistring 2>/dev/null || echo -lunistring) -lm
# ncursesw asks for _XOPEN_SOURCE=600; the core wants 700 (which also
# enables the wide-character curses API), and one definition must win.
UI_CFLAGS := $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,$(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null))
UI_LIBS   := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null)

CORE_SRC = $(sort $(wildcard src/*.c))
UI_SRC   = $(sort $(wildcard ui/*.c))
CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
UI_OBJ   = $(UI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
ASAN_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/asan/%)
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
PO       = $(sort $(wildcard po/*.po))
MO       = $(PO:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/madoguchi.mo)
GEN      = $(sort $(wildcard data/*.gen.sh))
GEN_H    = $(GEN:data/%.gen.sh=$(BUILD)/gen/%.h)

# The in-tree build finds faq/, data/ and the translations here, so that
# ./madoguchi works without installing, and reads no system config (a
# development build on a desk's host would otherwise take the desk's log
# for its own); `make` also links a second binary whose paths point into
# PREFIX and SYSCONFDIR, which `make install` installs (only src/paths.c
# differs).
DEV_PATHS  = -DPATHS_DATADIR='"$(CURDIR)/data"' -DPATHS_FAQDIR='"$(CURDIR)/faq"' \
             -DPATHS_LOCALEDIR='"$(abspath $(BUILD))/locale"'
INST_PATHS = -DPATHS_DATADIR='"$(DATADIR)/data"' -DPATHS_FAQDIR='"$(DATADIR)/faq"' \
             -DPATHS_LOCALEDIR='"$(LOCALEDIR)"' -DPATHS_SYSCONF='"$(SYSCONFDIR)"' \
             -DPATHS_GATE='"$(LIBEXECDIR)/madoguchi/madoguchi-gate"'

FORCE:
.PHONY: FORCE all run check bench fuzz install install-gate uninstall clean deps test-deps unit asan pot
.DEFAULT_GOAL := all

all: madoguchi $(MO) $(IBUILD)/madoguchi $(IBUILD)/madoguchi-gate

deps:
	@sh .ci/deps
test-deps:
	@sh .ci/deps --test

# Replaced by rename, not overwritten: a running screen keeps its binary.
madoguchi: $(BUILD)/madoguchi
	cp $< $@.new && mv -f $@.new $@

$(BUILD)/libcore.a: $(filter-out $(BUILD)/obj/src/paths.o,$(CORE_OBJ)) $(BUILD)/obj/src/paths.o
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/madoguchi: $(UI_OBJ) $(BUILD)/libcore.a
	$(CC) $(LDFLAGS) -o $@ $(UI_OBJ) $(BUILD)/libcore.a $(UI_LIBS) $(CORE_LIBS)

$(IBUILD)/madoguchi: $(UI_OBJ) $(IBUILD)/paths.o $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(UI_OBJ) $(IBUILD)/paths.o $(BUILD)/libcore.a $(UI_LIBS) $(CORE_LIBS)

# The desk's gate links the core and no curses; only an installed build
# has one (the development build reads the user's own files).
$(IBUILD)/madoguchi-gate: $(BUILD)/obj/gate/main.o $(IBUILD)/paths.o $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(BUILD)/obj/gate/main.o $(IBUILD)/paths.o $(BUILD)/libcore.a $(CORE_LIBS)
$(BUILD)/obj/gate/%.o: gate/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/src/paths.o: src/paths.c $(MAKEFILE_LIST)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(DEV_PATHS) -MMD -MP -c -o $@ $<
# The installed paths are compiled in: record them, so that a new PREFIX
# rebuilds the installed binary instead of reusing the old paths, and
# `make install` can tell a binary built for other paths.
$(IBUILD)/paths: FORCE
	@mkdir -p $(dir $@)
	@echo '$(INST_PATHS)' | cmp -s - $@ || echo '$(INST_PATHS)' > $@
$(IBUILD)/paths.o: src/paths.c $(MAKEFILE_LIST) $(IBUILD)/paths
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(INST_PATHS) -c -o $@ $<

$(BUILD)/obj/src/%.o: src/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/obj/ui/%.o: ui/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(UI_CFLAGS) -Iui -MMD -MP -c -o $@ $<

# Generated C headers: data/NAME.gen.sh writes $(BUILD)/gen/NAME.h from data/.
# Kept after the build: make would delete them as intermediate files.
.SECONDARY: $(GEN_H)
$(BUILD)/gen/%.h: data/%.gen.sh $(wildcard data/*.tsv)
	@mkdir -p $(dir $@)
	sh $< > $@.tmp && mv $@.tmp $@

$(BUILD)/locale/%/LC_MESSAGES/madoguchi.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Unit tests (cmocka), plain and under ASan+UBSan.  Each test links the
# core library; `ui_` tests may also link the screen objects.
TEST_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libcore.a $(UI_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) $(UI_CFLAGS) -Iui -Wno-missing-prototypes -o $@ $< \
	  $(filter-out $(BUILD)/obj/ui/main.o,$(UI_OBJ)) $(BUILD)/libcore.a \
	  $(TEST_LIBS) $(UI_LIBS) $(CORE_LIBS)

# The same sources under AddressSanitizer and UBSan, compiled once into
# their own objects; the unit tests and the program link them.
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SANCFLAGS = $(CSTD) -O1 -g $(WARN) $(REPRO) $(ALLCPPFLAGS) $(UI_CFLAGS) -Iui $(SAN)
ASAN_CORE = $(CORE_SRC:%.c=$(BUILD)/asan-obj/%.o)
ASAN_UI   = $(filter-out $(BUILD)/asan-obj/ui/main.o,$(UI_SRC:%.c=$(BUILD)/asan-obj/%.o))
$(BUILD)/asan-obj/src/paths.o: src/paths.c $(MAKEFILE_LIST)
	@mkdir -p $(dir $@)
	$(CC) $(SANCFLAGS) $(DEV_PATHS) -c -o $@ $<
$(BUILD)/asan-obj/%.o: %.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(SANCFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/asan/%: tests/unit/%.c $(ASAN_CORE) $(ASAN_UI)
	@mkdir -p $(dir $@)
	$(CC) $(SANCFLAGS) -Wno-missing-prototypes -o $@ $< $(ASAN_UI) $(ASAN_CORE) \
	  $(TEST_LIBS) $(UI_LIBS) $(CORE_LIBS)
$(BUILD)/asan/madoguchi: $(ASAN_CORE) $(ASAN_UI) $(BUILD)/asan-obj/ui/main.o
	@mkdir -p $(dir $@)
	$(CC) $(SAN) -o $@ $(ASAN_UI) $(BUILD)/asan-obj/ui/main.o $(ASAN_CORE) $(UI_LIBS) $(CORE_LIBS)

# libFuzzer targets: tests/fuzz/fuzz_NAME.c, seed corpus in tests/fuzz/NAME/.
# The core is compiled once for all of them (fuzzer-no-link instruments it),
# with the same warnings as the program.
FUZZFLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZCFLAGS = $(CSTD) -O1 -g $(WARN) $(REPRO) $(ALLCPPFLAGS)
FUZZ_CORE = $(filter-out $(BUILD)/fuzz-obj/src/cli%.o,$(CORE_SRC:%.c=$(BUILD)/fuzz-obj/%.o))
.SECONDARY: $(FUZZ_CORE)
$(BUILD)/fuzz-obj/src/%.o: src/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZCFLAGS) $(DEV_PATHS) \
	  $(subst fuzzer,fuzzer-no-link,$(FUZZFLAGS)) -MMD -MP -c -o $@ $<
$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_CORE)
	@mkdir -p $(dir $@)
	$(CLANG) $(FUZZCFLAGS) $(FUZZFLAGS) -MMD -MP -o $@ $< \
	  $(FUZZ_CORE) $(CORE_LIBS)

# Benchmark programs: tests/bench/NAME.c, linked with the core.
BENCH_SRC = $(sort $(wildcard tests/bench/*.c))
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)
$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALLCFLAGS) -Wno-missing-prototypes -o $@ $< $(BUILD)/libcore.a $(CORE_LIBS) -lutil

unit: $(UNIT_BIN)
asan: $(ASAN_BIN) $(BUILD)/asan/madoguchi

# Built with every CPU unless make was given -j; the tests run side by
# side too (tests/run.sh, TEST_JOBS).
CHECK_JOBS = $(if $(findstring -j,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 1))
check: test-deps
	$(MAKE) $(CHECK_JOBS) all unit asan $(FUZZ_BIN) $(BENCH_BIN)
	BUILD=$(BUILD) bash tests/run.sh

fuzz: test-deps
	$(MAKE) $(FUZZ_BIN)
	BUILD=$(BUILD) FUZZ_SECONDS=$${FUZZ_SECONDS:-300} bash tests/run.sh fuzz

bench: test-deps
	$(MAKE) all $(BENCH_BIN)
	BUILD=$(BUILD) bash tests/bench/run.sh

run: deps
	$(MAKE) all
	bash tests/demo-run.sh ./madoguchi

# `make install` installs what `make` built and compiles nothing: run as
# root in a user's tree, a compile would leave files there that the user's
# next `make clean` cannot remove.  What it installs must exist, be newer
# than its sources and be built for this PREFIX and SYSCONFDIR (they are
# compiled in); else one line says what to run first.
install:
	@fail() { echo "madoguchi: $$1; run 'make PREFIX=$(PREFIX) SYSCONFDIR=$(SYSCONFDIR)' first, then 'make install'" >&2; exit 1; }; \
	for f in $(IBUILD)/madoguchi $(IBUILD)/madoguchi-gate $(MO); do [ -f "$$f" ] || fail "$$f is missing"; done; \
	[ "$$(cat $(IBUILD)/paths 2>/dev/null)" = '$(INST_PATHS)' ] || \
	  fail "$(IBUILD)/madoguchi was built for another PREFIX or SYSCONFDIR"; \
	new=$$(find Makefile src ui gate data $(IBUILD)/paths -type f \( -name '*.[ch]' -o -name '*.gen.sh' \
	  -o -name '*.tsv' -o -name Makefile -o -name paths \) -newer $(IBUILD)/madoguchi | head -1); \
	[ -z "$$new" ] || fail "$$new changed after $(IBUILD)/madoguchi was built"; \
	for po in $(PO); do l=$${po#po/}; mo=$(BUILD)/locale/$${l%.po}/LC_MESSAGES/madoguchi.mo; \
	  [ ! "$$po" -nt "$$mo" ] || fail "$$po changed after $$mo was built"; done
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/faq $(DESTDIR)$(DATADIR)/data \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/examples
	install -m 0755 $(IBUILD)/madoguchi $(DESTDIR)$(BINDIR)/madoguchi
	install -m 0644 faq/*.txt faq/COUNT $(DESTDIR)$(DATADIR)/faq/
	install -m 0644 $(wildcard data/*.tsv data/*.sql) data/LICENSE.Unicode $(DESTDIR)$(DATADIR)/data/
	install -m 0644 doc/madoguchi.1 $(DESTDIR)$(MANDIR)/man1/madoguchi.1
	install -m 0644 doc/madoguchi.conf.example $(DESTDIR)$(DATADIR)/examples/madoguchi.conf
	for mo in $(MO); do l=$${mo#$(BUILD)/locale/}; l=$${l%%/*}; \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/madoguchi.mo; done
	@$(MAKE) --no-print-directory install-gate

# The gate: setuid DATA_USER and setgid DATA_GROUP (made here: a system
# account without login or home, its group without members), in a
# directory only OPERATOR_GROUP may enter.  Setuid too, so that the
# process is not the operator's: an operator can signal (stop) a process
# of their own uid, and a stopped gate holding the log's write lock held
# up every other operator's save.  Only root can; a package build
# (DESTDIR) or a user gets the lines to run instead.
GATE_DIR = $(LIBEXECDIR)/madoguchi
install-gate:
	@if [ "$$(id -u)" -ne 0 ] || [ -n "$(DESTDIR)" ]; then \
	  install -d $(DESTDIR)$(GATE_DIR) && \
	  install -m 0755 $(IBUILD)/madoguchi-gate $(DESTDIR)$(GATE_DIR)/madoguchi-gate && \
	  echo "madoguchi: the desk's gate is installed without its account and group; as root, run:" >&2 && \
	  echo "  getent group $(DATA_GROUP) >/dev/null || groupadd --system $(DATA_GROUP)" >&2 && \
	  echo "  getent passwd $(DATA_USER) >/dev/null || useradd --system --gid $(DATA_GROUP) --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin $(DATA_USER)" >&2 && \
	  echo "  chown root:$(OPERATOR_GROUP) $(GATE_DIR) && chmod 0750 $(GATE_DIR)" >&2 && \
	  echo "  chown $(DATA_USER):$(DATA_GROUP) $(GATE_DIR)/madoguchi-gate && chmod 6755 $(GATE_DIR)/madoguchi-gate" >&2; \
	  exit 0; fi; \
	getent group $(DATA_GROUP) >/dev/null || groupadd --system $(DATA_GROUP) || exit 1; \
	getent passwd $(DATA_USER) >/dev/null || useradd --system --gid $(DATA_GROUP) --no-create-home \
	  --home-dir /nonexistent --shell /usr/sbin/nologin $(DATA_USER) || exit 1; \
	if getent group $(OPERATOR_GROUP) >/dev/null; then \
	  install -d -o root -g $(OPERATOR_GROUP) -m 0750 $(GATE_DIR); \
	else \
	  install -d -o root -g root -m 0755 $(GATE_DIR); \
	  echo "madoguchi: no group $(OPERATOR_GROUP): every account may run the desk's gate; create the operators' group and run make install again (OPERATOR_GROUP=...)" >&2; \
	fi; \
	install -o $(DATA_USER) -g $(DATA_GROUP) -m 6755 $(IBUILD)/madoguchi-gate $(GATE_DIR)/madoguchi-gate

uninstall:
	rm -f $(DESTDIR)$(GATE_DIR)/madoguchi-gate
	-rmdir $(DESTDIR)$(GATE_DIR) 2>/dev/null
	rm -f $(DESTDIR)$(BINDIR)/madoguchi $(DESTDIR)$(MANDIR)/man1/madoguchi.1
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(LOCALEDIR)/*/LC_MESSAGES/madoguchi.mo

# The message template, from the sources (translators start from it).
pot:
	xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --package-name=madoguchi \
		--sort-by-file -o po/madoguchi.pot src/*.c ui/*.c gate/*.c

clean:
	rm -rf $(BUILD) madoguchi

-include $(BUILD)/obj/gate/main.d $(CORE_OBJ:.o=.d) $(UI_OBJ:.o=.d) $(ASAN_CORE:.o=.d) $(ASAN_UI:.o=.d) $(FUZZ_CORE:.o=.d) \
	 $(FUZZ_BIN:=.d)
