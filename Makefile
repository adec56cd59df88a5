# newsfilters — build, test, install.  `make help` lists the targets.
#
# Every filters/NAME.c becomes the binary NAME; every lib/*.c goes into one
# static library that all filters link.  Binaries land in build/, never in
# the source tree: build/release (default), build/asan (check-asan).

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
DATADIR	?= $(PREFIX)/share/newsfilters
MANDIR	?= $(PREFIX)/share/man
DESTDIR	?=

CC	?= cc
CFLAGS	?= -O2 -g
B	?= build/release
# where the binaries look for data/ unless told otherwise (--data-dir,
# $NEWSFILTERS_DATA); a build in the source tree uses the source's data/
NF_DATADIR ?= $(CURDIR)/data

NF_FLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	   -Wall -Wextra -Wpedantic -Werror -Ilib \
	   -DNF_DATADIR='"$(NF_DATADIR)"'
LDLIBS	= -lutf8proc -lcsv -lm -pthread

FILTERS	= $(patsubst filters/%.c,%,$(wildcard filters/*.c))
LIBSRC	= $(wildcard lib/*.c)
LIBHDR	= $(wildcard lib/*.h)
LIBOBJ	= $(patsubst lib/%.c,$(B)/lib/%.o,$(LIBSRC))
UNITSRC	= $(wildcard tests/unit/test_*.c)
UNITBIN	= $(patsubst tests/unit/%.c,$(B)/unit/%,$(UNITSRC))
SCRIPTS	= $(filter-out %.md scripts/install-deps,$(wildcard scripts/*))
MANPAGES = $(wildcard man/*.[1-9])

ASAN_CFLAGS = -O1 -g -fno-omit-frame-pointer \
	      -fsanitize=address,undefined -fno-sanitize-recover=all

# fuzz targets (tests/fuzz/fuzz_*.c): replayed over the saved corpus by
# `make check` (gcc, ASan+UBSan), run for real by `make fuzz` (clang)
FUZZSRC	= $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES = $(filter-out fuzz_util,$(patsubst tests/fuzz/%.c,%,$(FUZZSRC)))
REPLAYB	= build/replay
REPLAYBIN = $(addprefix $(REPLAYB)/,$(FUZZ_NAMES))

.PHONY: all check check-asan check-valgrind unit man-lint install uninstall \
	clean help bench fuzz static deps

all: $(addprefix $(B)/,$(FILTERS)) $(UNITBIN)

# the replay drivers always carry the sanitizers, whatever build B is
$(REPLAYB)/%: tests/fuzz/%.c tests/fuzz/replay_main.c tests/fuzz/fuzz_util.c \
	    $(wildcard tests/fuzz/*.h) $(LIBSRC) $(LIBHDR)
	@mkdir -p $(@D)
	$(MAKE) --no-print-directory B=build/asan CFLAGS='$(ASAN_CFLAGS)' build/asan/libnf.a
	$(CC) $(NF_FLAGS) $(ASAN_CFLAGS) -Itests/fuzz -o $@ $< \
	    tests/fuzz/replay_main.c tests/fuzz/fuzz_util.c build/asan/libnf.a $(LDLIBS)

$(B)/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(NF_FLAGS) $(CFLAGS) -c -o $@ $<

$(B)/libnf.a: $(LIBOBJ)
	@rm -f $@
	ar rcs $@ $(LIBOBJ)

$(B)/%: filters/%.c $(B)/libnf.a $(LIBHDR)
	$(CC) $(NF_FLAGS) $(CFLAGS) -o $@ $< $(B)/libnf.a $(LDLIBS) $(LDFLAGS)

$(B)/unit/%: tests/unit/%.c tests/unit/tap.h $(B)/libnf.a $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(NF_FLAGS) $(CFLAGS) -Itests/unit -o $@ $< $(B)/libnf.a $(LDLIBS)

## check: build, then run the C unit tests, the fuzz-corpus replays, the
## man-page lint and every bats test
check: all $(REPLAYBIN)
	NF_BIN=$(CURDIR)/$(B) NF_UNIT=$(CURDIR)/$(B)/unit NF_REPLAY=$(CURDIR)/$(REPLAYB) tests/run

## check-asan: the same tests on an AddressSanitizer + UBSan build
check-asan:
	$(MAKE) B=build/asan CFLAGS='$(ASAN_CFLAGS)' check

## check-valgrind: the unit tests and every bats test with each filter run
## under valgrind memcheck (tests/run, NF_VALGRIND=1): a memory error or a
## definite or indirect leak makes the run exit 99, which fails the test.
## Slow: about an hour on 2 busy cores; the catalogue's big cases are 10x
## smaller under it (tests/catalogue.bats, `instrumented`).
check-valgrind: all
	NF_BIN=$(CURDIR)/$(B) NF_UNIT=$(CURDIR)/$(B)/unit NF_VALGRIND=1 tests/run

unit: $(UNITBIN)

## man-lint: mandoc -Tlint on every man page
man-lint:
	mandoc -Tlint -Wwarning $(MANPAGES)

## install: binaries, scripts, data and man pages under DESTDIR/PREFIX
install:
	$(MAKE) B=build/install NF_DATADIR=$(DATADIR) \
	    $(addprefix build/install/,$(FILTERS))
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	for f in $(FILTERS); do \
	    install -m 755 build/install/$$f $(DESTDIR)$(BINDIR)/$$f; done
	for f in $(SCRIPTS); do [ -f $$f ] && \
	    install -m 755 $$f $(DESTDIR)$(BINDIR)/; done; true
	if [ -d scripts/lib ]; then mkdir -p $(DESTDIR)$(DATADIR)/scripts && \
	    cp -R scripts/lib $(DESTDIR)$(DATADIR)/scripts/; fi
	cp -R data/. $(DESTDIR)$(DATADIR)/
	for m in $(wildcard man/*.1); do install -m 644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for m in $(wildcard man/*.7); do install -m 644 $$m $(DESTDIR)$(MANDIR)/man7/; done

uninstall:
	for f in $(FILTERS) $(notdir $(SCRIPTS)); do rm -f $(DESTDIR)$(BINDIR)/$$f; done
	rm -rf $(DESTDIR)$(DATADIR)
	for m in $(notdir $(wildcard man/*.1)); do rm -f $(DESTDIR)$(MANDIR)/man1/$$m; done
	for m in $(notdir $(wildcard man/*.7)); do rm -f $(DESTDIR)$(MANDIR)/man7/$$m; done

## static: statically linked filters in build/static (for cluster nodes)
static:
	$(MAKE) B=build/static LDFLAGS=-static all

## deps: install the Debian packages the build and tests need
deps:
	scripts/install-deps

## bench: the benchmarks in bench/ (slow; not part of check)
bench: all
	bench/run-all

## fuzz: libFuzzer targets under clang (long; see tests/fuzz/README.md)
fuzz:
	tests/fuzz/run $(FUZZ_NAMES)

clean:
	rm -rf build

## help: this list
help:
	@echo "make [all]        build every filter into $(B)/"
	@echo "make check        unit tests, man-page lint, bats tests"
	@echo "make check-asan   the same on an ASan+UBSan build (build/asan)"
	@echo "make check-valgrind  unit + bats tests under valgrind memcheck (slow)"
	@echo "make install      PREFIX=$(PREFIX) DESTDIR=... (binaries, data, man)"
	@echo "make uninstall    remove what install put there"
	@echo "make static       statically linked binaries in build/static"
	@echo "make deps         install Debian packages (apt-get; sudo when not root)"
	@echo "make bench        benchmarks (bench/README.md)"
	@echo "make fuzz         long fuzzing runs (clang + libFuzzer)"
	@echo "make clean        remove build/"
