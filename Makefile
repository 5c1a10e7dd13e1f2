# madoguchi — hand-written Makefile.  `make help` lists the targets.
# Objects go to $(BUILD) so that a sanitizer build can live beside the
# normal one (make BUILD=build-asan SAN=1 check).

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
LIBDIR    ?= $(PREFIX)/lib
MODULEDIR ?= $(LIBDIR)/madoguchi
TEMPLATEDIR ?= $(DATADIR)/madoguchi/templates
DATADIR   ?= $(PREFIX)/share
MANDIR    ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
DESTDIR   ?=

VERSION   := 0.1.0
BUILD     ?= build
CC        ?= cc
PKG_CONFIG ?= pkg-config
PKGS      := ncursesw sqlite3 libpcre2-8 libutf8proc libsodium pangocairo cairo fontconfig libpq
# The counter binary does not link libpq: the PostgreSQL driver is a module
# (madoguchi-pg.so) loaded only for a postgresql:// ledger, which keeps
# libpq's start-up cost out of every counter session.
CORE_PKGS := ncursesw sqlite3 libpcre2-8 libutf8proc libsodium pangocairo cairo fontconfig

WERROR    ?= -Werror
CFLAGS    ?= -O2 -g
WARNFLAGS := -std=c17 -Wall -Wextra $(WERROR) -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
ifeq ($(SAN),1)
CFLAGS    := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
LDFLAGS   += -fsanitize=address,undefined
endif
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CORE_LIBS  = $(shell $(PKG_CONFIG) --libs $(CORE_PKGS) 2>/dev/null) -lm -lpthread -ldl
PQ_LIBS    = $(shell $(PKG_CONFIG) --libs libpq 2>/dev/null)
CPPFLAGS  += -D_DEFAULT_SOURCE -D_GNU_SOURCE -I. -Iutil -Ii18n -Idb -Iledger \
             -Iforms -Iprint -Itui -Icli \
             -DMADOGUCHI_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
             -DMODULEDIR='"$(MODULEDIR)"' -DTEMPLATEDIR='"$(TEMPLATEDIR)"'
ALL_CFLAGS = $(CPPFLAGS) $(PKG_CFLAGS) $(WARNFLAGS) $(CFLAGS)
LIBS       = $(PKG_LIBS) -lm -lpthread -ldl

ifeq ($(V),1)
Q :=
else
Q := @
endif

LAYERS    := util i18n db ledger forms print tui cli
LIB_SRCS  := $(foreach d,$(LAYERS),$(sort $(wildcard $(d)/*.c)))
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIBA      := $(BUILD)/libmadoguchi.a
MOD_OBJS  := $(BUILD)/db/db_pg.o
CORE_OBJS := $(filter-out $(MOD_OBJS),$(LIB_OBJS))
CORE_LIBA := $(BUILD)/libmadoguchi-core.a
PG_MODULE := $(BUILD)/madoguchi-pg.so
# Tests and benchmarks link the PostgreSQL driver in (db.c refers to it
# weakly, which alone would not pull it out of the archive).
LINK_PG   := -Wl,--undefined=db_driver_pg
BIN       := $(BUILD)/madoguchi
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# The storage tests that run on PostgreSQL too (make check-pg), and the
# concurrency driver (tests/concurrency/) run on both engines.
PG_UNIT   := db audit resident confirm lock copy
PG_UNIT_BINS := $(PG_UNIT:%=$(BUILD)/tests/test_%)
CONC_BIN  := $(BUILD)/tests/concurrency
CRASH_BIN := $(BUILD)/tests/confirm_driver
BENCH_SRCS := $(sort $(wildcard tests/bench/*.c))
BENCH_BIN := $(BUILD)/bench
# libFuzzer targets (tests/fuzz/), built with clang into $(FUZZ_BUILD).
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
             -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link
PO_FILES  := $(wildcard po/*.po)
MO_FILES  := $(PO_FILES:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/madoguchi.mo)

.PHONY: all check check-pg check-concurrency check-layers unit install uninstall demo bench clean help deps \
        pot lint-man fuzz fuzz-build fuzz-bins check-hardening

all: $(BIN) $(PG_MODULE) $(MO_FILES)

help:
	@echo "make              build $(BIN) and the message catalogues"
	@echo "make demo         install dependencies, build, create the demo ledger, start"
	@echo "make check        install dependencies, build, run every test"
	@echo "make check-pg     the storage tests and the concurrency test on a"
	@echo "                  throwaway PostgreSQL server (or MADOGUCHI_TEST_PG)"
	@echo "make check-layers check the include rules between layers"
	@echo "make fuzz         run every libFuzzer target FUZZ_SECONDS (60) with clang"
	@echo "make check-hardening  SIGKILL crash-consistency runs and the leak scan (part of check)"
	@echo "make bench        print performance figures on a 1,000,000-resident ledger"
	@echo "make install      install to \$$(DESTDIR)\$$(PREFIX) (default /usr/local)"
	@echo "make uninstall    remove what install put there"
	@echo "make pot          refresh po/madoguchi.pot and merge it into po/*.po"
	@echo "make clean        remove $(BUILD)/"
	@echo "Variables: V=1 (verbose), SAN=1 BUILD=build-asan (ASan+UBSan), WERROR= (no -Werror)"

deps:
	$(Q)scripts/install-deps

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBA): $(LIB_OBJS)
	@[ "$(V)" = 1 ] || echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(CORE_LIBA): $(CORE_OBJS)
	@[ "$(V)" = 1 ] || echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

# Exported symbols (-rdynamic) let the module use the program's util/ code.
$(BIN): $(BUILD)/main.o $(CORE_LIBA)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -rdynamic -Wl,--as-needed -o $@ $(BUILD)/main.o \
	    $(CORE_LIBA) $(CORE_LIBS)

$(MOD_OBJS): CFLAGS += -fPIC

$(PG_MODULE): $(MOD_OBJS)
	@[ "$(V)" = 1 ] || echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -shared -o $@ $(MOD_OBJS) $(PQ_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIBA) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/unit $(shell $(PKG_CONFIG) --cflags cmocka) \
	    $(LDFLAGS) $(LINK_PG) -o $@ $< $(LIBA) $(LIBS) \
	    $(shell $(PKG_CONFIG) --libs cmocka)

$(CONC_BIN): tests/concurrency/concurrency.c $(LIBA)
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(LINK_PG) -o $@ $< $(LIBA) $(LIBS)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIBA)
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(LINK_PG) -o $@ $< $(LIBA) $(LIBS)

fuzz-bins: $(FUZZ_BINS)

fuzz-build:
	$(Q)$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang \
	    CFLAGS="$(FUZZ_CFLAGS)" fuzz-bins

fuzz:
	$(Q)scripts/fuzz $(FUZZ_SECONDS)

$(CRASH_BIN): tests/crash/confirm_driver.c $(LIBA)
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(LINK_PG) -o $@ $< $(LIBA) $(LIBS)

check-hardening: $(BIN) $(CRASH_BIN)
	$(Q)tests/crash/run.sh $(BUILD)
	$(Q)tests/leak/run.sh $(BUILD)

$(BENCH_BIN): $(BENCH_SRCS) tests/bench/bench.h $(LIBA)
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  CC      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(LINK_PG) -o $@ $(BENCH_SRCS) $(LIBA) $(LIBS)

$(BUILD)/locale/%/LC_MESSAGES/madoguchi.mo: po/%.po
	@mkdir -p $(dir $@)
	@[ "$(V)" = 1 ] || echo "  MSGFMT  $<"
	$(Q)msgfmt --check -o $@ $<

unit: $(UNIT_BINS)
	$(Q)scripts/run-unit $(UNIT_BINS)

check: deps
	$(Q)$(MAKE) --no-print-directory all unit
	$(Q)$(MAKE) --no-print-directory check-concurrency check-pg
	$(Q)$(MAKE) --no-print-directory check-layers
	$(Q)scripts/run-shell-tests $(BUILD) tests/cli tests/screen
	$(Q)$(MAKE) --no-print-directory check-hardening

check-layers:
	$(Q)scripts/check-layers

check-concurrency: $(CONC_BIN)
	$(Q)tests/concurrency/run.sh $(BUILD)

check-pg: $(PG_UNIT_BINS) $(CONC_BIN)
	$(Q)scripts/check-pg $(BUILD) $(PG_UNIT_BINS)

bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BENCH_BIN)
	$(Q)$(BENCH_BIN)

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo $(BUILD)

pot:
	$(Q)xgettext --from-code=UTF-8 -k_ -kN_ -o po/madoguchi.pot \
	    --package-name=madoguchi --package-version=$(VERSION) $(LIB_SRCS) main.c
	$(Q)for p in $(PO_FILES); do msgmerge -q -U --backup=none $$p po/madoguchi.pot; done

lint-man:
	$(Q)mandoc -Tlint -W warning man/*.[1-8]

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MODULEDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/madoguchi
	install -m 0644 $(PG_MODULE) $(DESTDIR)$(MODULEDIR)/madoguchi-pg.so
	install -d $(DESTDIR)$(TEMPLATEDIR)
	install -m 0644 print/templates/*.tmpl $(DESTDIR)$(TEMPLATEDIR)
	install -m 0644 man/madoguchi.1 $(DESTDIR)$(MANDIR)/man1/madoguchi.1
	for mo in $(MO_FILES); do \
	    l=$${mo#$(BUILD)/locale/}; l=$${l%%/*}; \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	    install -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/madoguchi.mo; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/madoguchi $(DESTDIR)$(MANDIR)/man1/madoguchi.1
	rm -f $(DESTDIR)$(MODULEDIR)/madoguchi-pg.so
	rm -rf $(DESTDIR)$(TEMPLATEDIR)
	-rmdir $(DESTDIR)$(MODULEDIR) 2>/dev/null
	for p in $(PO_FILES); do \
	    l=$$(basename $$p .po); \
	    rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/madoguchi.mo; \
	done

clean:
	rm -rf $(BUILD) build-asan $(FUZZ_BUILD)

-include $(LIB_OBJS:.o=.d) $(BUILD)/main.d
