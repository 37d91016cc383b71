# libFuzzer targets (`make fuzz` runs this file from the top of the tree).
#
#   make -f fuzz/fuzz.mk              build every target, then fuzz each for FUZZ_SECONDS
#   make -f fuzz/fuzz.mk build        build only
#   make -f fuzz/fuzz.mk run-engine_fuzz FUZZ_SECONDS=600
#   make -f fuzz/fuzz.mk regress      replay the checked-in corpora once, no fuzzing
#
# Everything lands in $(FUZZ_BUILD): objects, binaries, the growing working
# corpus (seeded from fuzz/corpus/<target>, which is left untouched) and
# crash artifacts. The engine is built without the daemon, event loop,
# transports and option parsing: the targets drive Engine directly, and that
# keeps boost and epoll out of the build.

FUZZ_CXX     ?= clang++
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?=
FUZZ_MAX_LEN ?= 12288
# How fast libFuzzer lets inputs grow (its default, 100, keeps them under a few
# hundred bytes for minutes; long paths and tokens need more).
FUZZ_LEN_CONTROL ?= 20

# clang < 16 cannot instantiate libstdc++'s std::expected<std::string, E>
# (no P0848 conditionally trivial destructors; libstdc++ 12 even hides the
# header unless __cpp_concepts >= 202002L). Probe, and fall back to the small
# stand-in in fuzz/compat when the real header does not work.
EXPECTED_PROBE := $(shell printf '\#include <expected>\n\#include <string>\nstd::expected<std::string, int> f() { return std::string("x"); }\nint main() { return f() ? 0 : 1; }\n' \
  | $(FUZZ_CXX) -std=c++2b -x c++ -fsyntax-only - >/dev/null 2>&1 && echo native)
ifeq ($(EXPECTED_PROBE),native)
COMPAT :=
else
COMPAT := -isystem fuzz/compat
endif

SAN      := -fsanitize=address,undefined -fno-sanitize-recover=undefined
CPPFLAGS := -Iinclude -D_GNU_SOURCE $(COMPAT)
CXXFLAGS := -std=c++2b -O1 -g -fno-omit-frame-pointer -Wall -Wextra -MMD -MP $(SAN)

LIB_SRCS := $(shell find xenstored -name '*.cpp' \
              ! -path xenstored/main.cpp \
              ! -path xenstored/server/daemon.cpp \
              ! -path xenstored/server/event_loop.cpp \
              ! -path xenstored/server/options.cpp \
              ! -path 'xenstored/transport/*' \
              ! -path 'xenstored/xen/*' | sort)
LIB_OBJS := $(patsubst %.cpp,$(FUZZ_BUILD)/obj/%.o,$(LIB_SRCS))
LIB      := $(FUZZ_BUILD)/libxenstored-fuzz.a

# The xl.cfg parser (cfg_fuzz) needs only its own files, no xenstored.
CFG_SRCS := $(wildcard libxl/config/cfg_*.cpp) libxl/config/xl_conf.cpp
CFG_OBJS := $(patsubst %.cpp,$(FUZZ_BUILD)/obj/%.o,$(CFG_SRCS))
CFG_LIB  := $(FUZZ_BUILD)/libxlcfg-fuzz.a

# The device spec parsers (spec_fuzz): libxl/config/devices and the JSON
# writer they print through (yajl).
SPEC_SRCS := $(wildcard libxl/config/devices/*.cpp) libxl/json/writer.cpp
SPEC_OBJS := $(patsubst %.cpp,$(FUZZ_BUILD)/obj/%.o,$(SPEC_SRCS))
SPEC_LIB  := $(FUZZ_BUILD)/libxlspec-fuzz.a

TARGETS  := engine_fuzz frame_fuzz cfg_fuzz spec_fuzz
# Per-target libFuzzer dictionary (default: the xenstore one).
DICT_cfg_fuzz := fuzz/cfg.dict
DICT_spec_fuzz := fuzz/spec.dict
BINS     := $(addprefix $(FUZZ_BUILD)/,$(TARGETS))

.PHONY: all build run regress clean $(addprefix run-,$(TARGETS))
.SECONDARY:
.DEFAULT_GOAL := all

all: build run

build: $(BINS)

# Library code gets coverage instrumentation but no libFuzzer main.
$(FUZZ_BUILD)/obj/xenstored/%.o: xenstored/%.cpp
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(CPPFLAGS) $(CXXFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/obj/libxl/%.o: libxl/%.cpp
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(CPPFLAGS) $(CXXFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/obj/fuzz/%.o: fuzz/%.cpp
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(CPPFLAGS) $(CXXFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(CFG_LIB): $(CFG_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(SPEC_LIB): $(SPEC_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/cfg_fuzz: $(FUZZ_BUILD)/obj/fuzz/cfg_fuzz.o $(CFG_LIB)
	$(FUZZ_CXX) $(SAN) -fsanitize=fuzzer -o $@ $^

$(FUZZ_BUILD)/spec_fuzz: $(FUZZ_BUILD)/obj/fuzz/spec_fuzz.o $(SPEC_LIB)
	$(FUZZ_CXX) $(SAN) -fsanitize=fuzzer -o $@ $^ -lyajl

$(FUZZ_BUILD)/%_fuzz: $(FUZZ_BUILD)/obj/fuzz/%_fuzz.o $(LIB)
	$(FUZZ_CXX) $(SAN) -fsanitize=fuzzer -o $@ $^

# One run per target, one after the other: FUZZ_SECONDS each. A crash or a
# broken invariant stops make with the reproducer in $(FUZZ_BUILD)/artifacts.
run: $(addprefix run-,$(TARGETS))

$(addprefix run-,$(TARGETS)): run-%: $(FUZZ_BUILD)/%
	@mkdir -p $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/artifacts/$*
	@echo "== fuzzing $* for $(FUZZ_SECONDS)s"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	$(FUZZ_BUILD)/$* $(FUZZ_BUILD)/corpus/$* fuzz/corpus/$* \
	  -dict=$(or $(DICT_$*),fuzz/xenstore.dict) -max_len=$(FUZZ_MAX_LEN) -len_control=$(FUZZ_LEN_CONTROL) -timeout=25 \
	  -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_BUILD)/artifacts/$*/ $(FUZZ_FLAGS)

# Replays every checked-in seed once (quick; no mutation). A seed that hangs
# fails after 25 s, as it does when fuzzing.
regress: $(BINS)
	@for t in $(TARGETS); do \
	  echo "== replaying fuzz/corpus/$$t"; \
	  mkdir -p $(FUZZ_BUILD)/artifacts/$$t; \
	  $(FUZZ_BUILD)/$$t -runs=0 -timeout=25 -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t/ \
	    fuzz/corpus/$$t || exit 1; \
	done

clean:
	rm -rf $(FUZZ_BUILD)

-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)
