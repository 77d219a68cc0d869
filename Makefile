# Switchyard: the two commands a newcomer needs are `make run` and `make test`.
# Every target installs missing Debian packages first (scripts/install-deps).
BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-release
JOBS       ?= $(shell nproc)
CMAKE_GEN  := -G Ninja
SCENARIO   ?= examples/demo.toml
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
# clang 16, not Debian 12's default clang 14: std::expected (core/result.h).
FUZZ_CC    ?= clang-16
FUZZ_CXX   ?= clang++-16
FUZZ_TARGETS := sdp_parse rtp_parse sip_parse

.PHONY: all deps configure build web test run simulate bench test-asan fuzz clean format

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The web app and the chat widget (web/ -> web/dist, served by `switchyard serve`).
web: deps
	scripts/build-web

test: web build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 900

# `make run` starts the server with the embedded SQLite store in ./data/, the
# demo center (with 30 days of simulated history on the first start) and
# demo traffic (README: "Logging in"). `make simulate` runs a demo center in
# the simulator instead.
run: web build
	mkdir -p data
	@echo "Switchyard: open http://127.0.0.1:8080/ and log in as admin, lead.red, agent11 ... (password switchyard-demo);"
	@echo "            a customer's chat: http://127.0.0.1:8080/chat-demo.html"
	$(BUILD)/src/cli/switchyard serve --demo --demo-traffic --store sqlite:data/switchyard.db

simulate: build
	$(BUILD)/src/cli/switchyard simulate $(SCENARIO)

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSWITCHYARD_SANITIZE=ON -DSWITCHYARD_BENCH=OFF

test-asan: deps web $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) --timeout 1800

$(BENCH_BUILD)/build.ninja:
	cmake -S . -B $(BENCH_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DSWITCHYARD_WERROR=ON

# Benchmarks: figures go to bench/out/; copy them into bench/RESULTS.md.
bench: deps $(BENCH_BUILD)/build.ninja
	cmake --build $(BENCH_BUILD) -j $(JOBS)
	mkdir -p bench/out
	$(BENCH_BUILD)/bench/routing_bench --benchmark_counters_tabular=true \
	  --benchmark_out=bench/out/routing.json --benchmark_out_format=json | tee bench/out/routing.txt
	bench/simulate_day.sh $(BENCH_BUILD)/src/cli/switchyard | tee bench/out/simulate.txt

$(FUZZ_BUILD)/build.ninja:
	CC=$(FUZZ_CC) CXX=$(FUZZ_CXX) cmake -S . -B $(FUZZ_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSWITCHYARD_FUZZ=ON -DSWITCHYARD_BENCH=OFF

# libFuzzer on each fuzz target for FUZZ_SECONDS (clang, ASan + UBSan). Only
# the fuzz_* targets and the libraries they link are compiled. Each runs on
# its own copy of fuzz/corpus/<name> in $(FUZZ_BUILD)/corpus/<name> (new
# inputs accumulate there; fuzz/corpus is never written); a crash leaves its
# input in $(FUZZ_BUILD)/artifacts/ and stops the run.
fuzz: deps $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@set -e; mkdir -p $(FUZZ_BUILD)/artifacts; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; cp fuzz/corpus/$$t/* $(FUZZ_BUILD)/corpus/$$t/; \
	  echo "== fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BUILD)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$t- $(FUZZ_BUILD)/corpus/$$t; \
	done

format:
	clang-format -i $$(git ls-files 'src/*.h' 'src/*.cc' 'bench/*.h' 'bench/*.cc' 'fuzz/*.cc')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD) bench/out web/dist web/node_modules
