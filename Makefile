# Top-level build. `make` builds everything into $(BUILD); `make check` runs
# every test (normal and ASan+UBSan builds); `make deps` installs what both need.
#
# Sources are discovered by directory so that adding a file needs no edit here:
#   xenstored/**.cpp (but main.cpp)  -> $(BUILD)/lib/libxenstored.a
#   xenstored/main.cpp               -> $(BUILD)/bin/xenstored
#   tests/unit/**.cpp                -> $(BUILD)/tests/unit-tests (doctest)
#   tests/integration/clients/*.cpp  -> $(BUILD)/tests/<name>   (libxenstore clients)
#   bench/*.cpp                      -> $(BUILD)/bench/<name> (cfgbench also links libxl.a and libxlutil)
# Header dependencies are tracked with -MMD, so a header change rebuilds what includes it.

BUILD    ?= build
SANITIZE ?= 0
CXX      ?= g++
CXXSTD   := -std=c++2b

WARN     := -Wall -Wextra -Werror
CPPFLAGS := -Iinclude -D_GNU_SOURCE
ifeq ($(SANITIZE),1)
OPT      := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN    := -fsanitize=address,undefined
else
OPT      := -O2 -g
# The C++ runtime linked in and unused libraries dropped: most of a short
# command's time (xl list, xl destroy) went to the dynamic linker
# resolving libstdc++'s symbols, 2.5 times the instructions of the rest.
LDSAN    := -static-libstdc++ -static-libgcc -Wl,--as-needed
endif
CXXFLAGS := $(CXXSTD) $(WARN) $(OPT) -MMD -MP
LDFLAGS  := $(LDSAN)
LDLIBS   := -lboost_program_options

XENSTORED_SRCS := $(shell find xenstored -name '*.cpp' ! -path xenstored/main.cpp | sort)
XENCONSOLED_SRCS := $(shell find xenconsoled -name '*.cpp' ! -path xenconsoled/main.cpp | sort)
LIBXL_SRCS     := $(shell find libxl -name '*.cpp' | sort)
XLCLI_SRCS     := $(shell find xl -name '*.cpp' ! -path xl/main.cpp | sort)
UNIT_SRCS      := $(shell find tests/unit -name '*.cpp' | sort)
CLIENT_SRCS    := $(wildcard tests/integration/clients/*.cpp)
BENCH_SRCS     := $(wildcard bench/*.cpp)

obj = $(patsubst %.cpp,$(BUILD)/obj/%.o,$(1))

# Short progress lines; `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n' $(1) $(2)
endif

XENSTORED_LIB  := $(BUILD)/lib/libxenstored.a
XENSTORED_BIN  := $(BUILD)/bin/xenstored
XENCONSOLED_LIB := $(BUILD)/lib/libxenconsoled.a
XENCONSOLED_BIN := $(BUILD)/bin/xenconsoled
LIBXL_LIB      := $(BUILD)/lib/libxl.a
XLCLI_LIB      := $(BUILD)/lib/libxlcli.a
XL_BIN         := $(BUILD)/bin/xl
INIT_DOM0_BIN  := $(BUILD)/bin/xen-init-dom0
EMBED_BIN      := $(BUILD)/tests/embed-example
LIBXL_LDLIBS   := -lyajl -luuid
# What the daemon needs on a Xen host: event channels, grants, foreign
# mappings and domain info.
XEN_LDLIBS     := -lxenctrl -lxenevtchn -lxengnttab -lxenforeignmemory
# xl is a short-lived command: in a PV dom0 every page a process maps costs a
# trip through the hypervisor, and loading its shared libraries (the C
# library's own loader included) was most of `xl destroy`. Linked static it
# maps a third of the pages. Debian's libxenstore.a has no reader thread, so
# watches do not go through it (libxl/store/watch_connection.h).
# libxenguest's image loaders register themselves from constructors that no
# symbol reference pulls in, hence --whole-archive (and its decompressors).
# STATIC=0 links xl against the shared libraries (sanitizer builds always do).
STATIC ?= 1
ifeq ($(SANITIZE)$(STATIC),01)
XL_LDLIBS      := -static -lyajl_s -luuid -lxenstore \
                  -Wl,--whole-archive -lxenguest -Wl,--no-whole-archive -lxentoollog -lxenctrl \
                  -lxenevtchn -lxengnttab -lxenforeignmemory -lxendevicemodel -lxencall -lxentoolcore \
                  $(LDLIBS) -llzma -lbz2 -lz -lzstd -lpthread
else
XL_LDLIBS      := $(LIBXL_LDLIBS) -lxenstore -lxenguest -lxentoollog $(XEN_LDLIBS) $(LDLIBS)
endif
UNIT_BIN       := $(BUILD)/tests/unit-tests
CLIENT_BINS    := $(patsubst tests/integration/clients/%.cpp,$(BUILD)/tests/%,$(CLIENT_SRCS))
BENCH_BINS     := $(patsubst bench/%.cpp,$(BUILD)/bench/%,$(BENCH_SRCS))

.PHONY: all deps check check-slow check-unit check-asan test-all fuzz demo demo-xenstored lab lab-shell bench clean install install-hotplug
.DEFAULT_GOAL := all
# Keep the objects of pattern-built clients and benchmarks between runs.
.SECONDARY:

all: $(XENSTORED_BIN) $(XENCONSOLED_BIN) $(XL_BIN) $(INIT_DOM0_BIN) $(EMBED_BIN) $(UNIT_BIN) $(CLIENT_BINS) $(BENCH_BINS)

$(BUILD)/obj/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(call say,CXX,$<)
	$(Q)$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c $< -o $@

$(XENSTORED_LIB): $(call obj,$(XENSTORED_SRCS))
	@mkdir -p $(dir $@)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(XENSTORED_BIN): $(call obj,xenstored/main.cpp) $(XENSTORED_LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(XEN_LDLIBS) $(LDLIBS)

$(XENCONSOLED_LIB): $(call obj,$(XENCONSOLED_SRCS))
	@mkdir -p $(dir $@)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(XENCONSOLED_BIN): $(call obj,xenconsoled/main.cpp) $(XENCONSOLED_LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ -lxenstore $(XEN_LDLIBS)

$(LIBXL_LIB): $(call obj,$(LIBXL_SRCS))
	@mkdir -p $(dir $@)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(XLCLI_LIB): $(call obj,$(XLCLI_SRCS))
	@mkdir -p $(dir $@)
	$(call say,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(XL_BIN): $(call obj,xl/main.cpp) $(XLCLI_LIB) $(LIBXL_LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(XL_LDLIBS)

$(INIT_DOM0_BIN): $(call obj,tools/xen-init-dom0.cpp) $(LIBXL_LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(LIBXL_LDLIBS) -lxenstore -lxenguest -lxentoollog $(XEN_LDLIBS) $(LDLIBS)

# The embedding example links libxl alone, as another toolstack would.
$(EMBED_BIN): $(call obj,tests/embed/example.cpp) $(LIBXL_LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(LIBXL_LDLIBS) -lxenstore -lxenguest -lxentoollog $(XEN_LDLIBS) $(LDLIBS)

$(UNIT_BIN): $(call obj,$(UNIT_SRCS)) $(XLCLI_LIB) $(LIBXL_LIB) $(XENSTORED_LIB) $(XENCONSOLED_LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(LIBXL_LDLIBS) -lxenstore -lxenguest -lxentoollog $(XEN_LDLIBS) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/integration/clients/%.o
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ -lxenstore -lpthread

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ -lxenstore -lpthread

# cfgbench times our xl.cfg parser against Xen's libxlutil: the one binary that
# links libxlutil (never libxl.a or xl).
$(BUILD)/bench/cfgbench: $(BUILD)/obj/bench/cfgbench.o $(LIBXL_LIB)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ -lxlutil -lxenlight $(LIBXL_LDLIBS)

deps:
	@scripts/install-deps.sh

# Both builds, every suite, then the lab (Xen under QEMU: tests/lab/run, the
# default profiles and scenarios; LAB=no leaves it out). The runner prints the
# closing `N passed, N failed` line.
LAB ?= yes
check: deps
	@$(MAKE) --no-print-directory -j$$(nproc) all
	@$(MAKE) --no-print-directory -j$$(nproc) BUILD=build-asan SANITIZE=1 all
	@scripts/run-tests.sh $(if $(filter yes,$(LAB)),--lab) build build-asan

# The lab's slow tier as well: an HVM guest (device model, firmware).
check-slow: check
	@tests/lab/run --build $(BUILD) --scenario hvm

lab: deps all
	@tests/lab/run --build $(BUILD)

lab-shell: deps all
	@tests/lab/run --build $(BUILD) --shell $(if $(PROFILE),--profile $(PROFILE))

check-unit: all
	@$(UNIT_BIN)

check-asan: deps
	@$(MAKE) --no-print-directory -j$$(nproc) BUILD=build-asan SANITIZE=1 all
	@scripts/run-tests.sh build-asan

# libFuzzer targets need clang; they live in their own build tree.
fuzz:
	@$(MAKE) --no-print-directory -f fuzz/fuzz.mk

bench: all
	@bench/run.sh

demo: deps
	@$(MAKE) --no-print-directory -j$$(nproc) all
	@tests/lab/demo --build $(BUILD)

# Our xenstored on a private socket, driven by Xen's own clients (no QEMU).
demo-xenstored: deps
	@$(MAKE) --no-print-directory -j$$(nproc) all
	@scripts/demo.sh

# The hotplug scripts go where libxl looks for them, whatever PREFIX is: the scripts
# (files without an extension) executable, the helpers they source (*.sh) not.
HOTPLUG_DIR     := /etc/xen/scripts
HOTPLUG_SCRIPTS := $(filter-out %.sh %.md,$(wildcard hotplug-scripts/*))
HOTPLUG_HELPERS := $(wildcard hotplug-scripts/*.sh)

PREFIX ?= /usr/local
install: all install-hotplug
	install -D -m 0755 $(XENSTORED_BIN) $(DESTDIR)$(PREFIX)/sbin/xenstored
	install -D -m 0755 $(XENCONSOLED_BIN) $(DESTDIR)$(PREFIX)/sbin/xenconsoled
	install -D -m 0755 $(XL_BIN) $(DESTDIR)$(PREFIX)/sbin/xl
	install -D -m 0755 $(INIT_DOM0_BIN) $(DESTDIR)$(PREFIX)/sbin/xen-init-dom0
	install -D -m 0644 man/xenstored.8 $(DESTDIR)$(PREFIX)/share/man/man8/xenstored.8
	install -D -m 0644 man/xenconsoled.8 $(DESTDIR)$(PREFIX)/share/man/man8/xenconsoled.8
	install -D -m 0644 man/xl.1 $(DESTDIR)$(PREFIX)/share/man/man1/xl.1

install-hotplug:
	install -d $(DESTDIR)$(HOTPLUG_DIR)
	install -m 0755 $(HOTPLUG_SCRIPTS) $(DESTDIR)$(HOTPLUG_DIR)/
	install -m 0644 $(HOTPLUG_HELPERS) $(DESTDIR)$(HOTPLUG_DIR)/

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
