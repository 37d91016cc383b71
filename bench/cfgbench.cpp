// cfgbench: times our xl.cfg parser (include/libxl/config/cfg_file.h) against
// Xen's libxlutil (xlu_cfg_init + xlu_cfg_readdata) on the very same bytes.
//
//   cfgbench [--runs N] [--big-mb M]
//
// Two generated inputs:
//   lines  10,000 setting lines (numbers, quoted and bare strings, small lists,
//          comments, += appends) plus one key whose value is a 10,000-element list;
//   big    the same kind of lines repeated to about --big-mb MB (default 10).
// Each parser reads each input --runs times (default 7); a run is one whole
// parse, from the text in memory to a freed result (libxlutil: init, readdata,
// destroy; ours: parse() and the CfgFile's destructor). Prints the median wall
// time of each and the ratio, one line per input, then one RESULT line per input
// for scripts:
//   RESULT workload=cfg-lines status=ok bytes=B runs=N ours_ms=X xlu_ms=Y speedup=Y/X
// libxlutil is linked into this program only (the Makefile's cfgbench rule),
// never into libxl.a or xl.

extern "C" { // libxlutil.h has no C++ guards
#include <libxlutil.h>
}

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/cfg_file.h"

namespace {

double now_s()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// One line of ordinary xl.cfg content, keyed by i (every key distinct).
void add_line(std::string &out, long i)
{
    char buf[160];
    int n = 0;
    switch (i % 8) {
    case 0: n = snprintf(buf, sizeof buf, "memory_%ld = %ld\n", i, 1024 + i); break;
    case 1: n = snprintf(buf, sizeof buf, "name_%ld = \"guest-%ld.example.org\"\n", i, i); break;
    case 2: n = snprintf(buf, sizeof buf, "vif_%ld = [ 'mac=00:16:3e:%02lx:%02lx:01,bridge=xenbr0' ]\n", i,
                         (i >> 8) & 255, i & 255); break;
    case 3: n = snprintf(buf, sizeof buf, "# comment line %ld: nothing to see here\n", i); break;
    case 4: n = snprintf(buf, sizeof buf, "disk_%ld = [ \"phy:/dev/vg/d%ld,xvda,w\", \"file:/img/%ld.iso,hdc:cdrom,r\" ]\n",
                         i, i, i); break;
    case 5: n = snprintf(buf, sizeof buf, "extra_%ld = \"console=hvc0 root=/dev/xvda1\" ; cpus_%ld = \"0-3,^1\"\n", i, i); break;
    case 6: n = snprintf(buf, sizeof buf, "extra_%ld += \" quiet \\\"q\\\"\"\n", i - 1); break;
    default: n = snprintf(buf, sizeof buf, "on_crash_%ld = \"restart\"   # trailing comment\n", i); break;
    }
    out.append(buf, static_cast<size_t>(n));
}

std::string gen_lines(long lines, long list_items)
{
    std::string out;
    for (long i = 0; i < lines; ++i)
        add_line(out, i);
    out += "biglist = [ ";
    char buf[48];
    for (long i = 0; i < list_items; ++i) {
        int n = snprintf(buf, sizeof buf, "\"item-%ld\", ", i);
        out.append(buf, static_cast<size_t>(n));
    }
    out += "]\n";
    return out;
}

std::string gen_big(size_t bytes)
{
    std::string out;
    out.reserve(bytes + 256);
    for (long i = 0; out.size() < bytes; ++i)
        add_line(out, i);
    return out;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[(v.size() - 1) / 2];
}

[[noreturn]] void die(const std::string &what)
{
    fprintf(stderr, "cfgbench: %s\n", what.c_str());
    exit(1);
}

// Median seconds of `runs` parses with each parser.
struct Times {
    double ours, xlu;
};

Times time_both(const std::string &text, int runs)
{
    std::vector<double> ours, xlu;
    for (int r = 0; r < runs; ++r) {
        // Alternate which parser goes first, so neither always gets the warm cache.
        for (int which = 0; which < 2; ++which) {
            bool do_ours = (which == 0) == (r % 2 == 0);
            double t0 = now_s();
            if (do_ours) {
                auto cfg = libxl::config::parse(text, "bench.cfg");
                if (!cfg)
                    die("our parser failed: " + cfg.error().str());
                if (cfg->effective.empty())
                    die("our parser found no settings");
            } else {
                XLU_Config *c = xlu_cfg_init(stderr, "bench.cfg");
                if (!c)
                    die("xlu_cfg_init failed");
                if (xlu_cfg_readdata(c, text.data(), static_cast<int>(text.size())) != 0)
                    die("xlu_cfg_readdata failed");
                xlu_cfg_destroy(c);
            }
            (do_ours ? ours : xlu).push_back(now_s() - t0);
        }
    }
    return {median(ours), median(xlu)};
}

void report(const char *name, const char *what, const std::string &text, int runs)
{
    Times t = time_both(text, runs);
    double speedup = t.xlu / t.ours;
    printf("%-6s %-44s %9.2f MB  ours %9.2f ms  libxlutil %9.2f ms  libxlutil/ours %5.2fx\n", name, what,
           text.size() / 1e6, t.ours * 1e3, t.xlu * 1e3, speedup);
    printf("RESULT workload=cfg-%s status=ok bytes=%zu runs=%d ours_ms=%.3f xlu_ms=%.3f speedup=%.2f\n", name,
           text.size(), runs, t.ours * 1e3, t.xlu * 1e3, speedup);
    fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    int runs = 7;
    double big_mb = 10;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--runs" && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (a == "--big-mb" && i + 1 < argc)
            big_mb = atof(argv[++i]);
        else {
            fprintf(stderr, "usage: cfgbench [--runs N] [--big-mb M]\n");
            return 2;
        }
    }
    if (runs < 1 || big_mb <= 0 || big_mb > 1000)
        die("--runs must be >= 1 and --big-mb in (0, 1000]");

    std::string lines = gen_lines(10000, 10000);
    std::string big = gen_big(static_cast<size_t>(big_mb * 1e6));
    printf("xl.cfg parse, median of %d runs (parse from memory to a freed result):\n", runs);
    report("lines", "10,000 lines + a 10,000-element list", lines, runs);
    char what[64];
    snprintf(what, sizeof what, "%.0f MB of xl.cfg lines", big_mb);
    report("big", what, big, runs);
    return 0;
}
