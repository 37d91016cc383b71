// Integration test client for a XenStore daemon, through the real libxenstore.
//
//   xsclient [-s SKIP1,SKIP2,...] [-l] [TEST...]
//
// Finds the daemon through XENSTORED_PATH like every libxenstore client.  Runs every
// sub-test (or only the TESTs named), each in its own subtree /test/xsclient/<test>.
// Prints one line per check: "ok - test: check", "FAIL - test: check: detail",
// "skip - test: reason"; last line "N passed, N failed, N skipped".  Exit 0 iff no failure.
// -l lists the sub-test names.
extern "C" {  // xenstore.h has no C++ guards
#include <xenstore.h>
}

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <poll.h>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

int g_pass = 0, g_fail = 0, g_skip = 0;
std::string g_test;

void ok(const std::string& what) {
    ++g_pass;
    std::printf("ok - %s: %s\n", g_test.c_str(), what.c_str());
    std::fflush(stdout);
}
void fail(const std::string& what, const std::string& detail) {
    ++g_fail;
    std::printf("FAIL - %s: %s: %s\n", g_test.c_str(), what.c_str(), detail.c_str());
    std::fflush(stdout);
}
bool check(bool cond, const std::string& what, const std::string& detail = "condition false") {
    if (cond) ok(what); else fail(what, detail);
    return cond;
}
std::string q(const std::string& s) {
    std::string r = "\"";
    for (unsigned char c : s) {
        if (c == '\0') r += "\\0";
        else if (c < 32 || c > 126) { char b[8]; std::snprintf(b, sizeof b, "\\x%02x", c); r += b; }
        else r += static_cast<char>(c);
    }
    return r + "\"";
}
bool check_eq(const std::string& what, const std::string& expected, const std::string& actual) {
    return check(expected == actual, what, "expected " + q(expected) + " got " + q(actual));
}
std::string err(int e) { return std::string(strerrorname_np(e) ? strerrorname_np(e) : "?"); }
bool check_errno(const std::string& what, bool failed, int expected) {
    int e = errno;
    if (!failed) { fail(what, "expected failure with " + err(expected) + ", call succeeded"); return false; }
    return check(e == expected, what, "expected errno " + err(expected) + " got " + err(e));
}

std::string base() { return "/test/xsclient/" + g_test; }

struct Handle {
    xs_handle* h;
    explicit Handle(unsigned long flags = 0) : h(xs_open(flags)) {}
    ~Handle() { if (h) xs_close(h); }
    operator xs_handle*() const { return h; }
};

// Read as string; returns "<ERRNO>" markers on failure so that comparisons show errors.
std::string rd(xs_handle* h, xs_transaction_t t, const std::string& path) {
    unsigned len = 0;
    void* v = xs_read(h, t, path.c_str(), &len);
    if (!v) return "<" + err(errno) + ">";
    std::string s(static_cast<char*>(v), len);
    std::free(v);
    return s;
}
bool wr(xs_handle* h, xs_transaction_t t, const std::string& path, const std::string& val) {
    return xs_write(h, t, path.c_str(), val.data(), val.size());
}
// Sorted, "," joined directory listing or "<ERRNO>".
std::string ls(xs_handle* h, xs_transaction_t t, const std::string& path) {
    unsigned n = 0;
    char** d = xs_directory(h, t, path.c_str(), &n);
    if (!d) return "<" + err(errno) + ">";
    std::vector<std::string> v(d, d + n);
    std::free(d);
    std::sort(v.begin(), v.end());
    std::string r;
    for (auto& s : v) r += (r.empty() ? "" : ",") + s;
    return r;
}
std::string perms_str(xs_handle* h, const std::string& path) {
    unsigned n = 0;
    xs_permissions* p = xs_get_permissions(h, XBT_NULL, path.c_str(), &n);
    if (!p) return "<" + err(errno) + ">";
    std::string r;
    for (unsigned i = 0; i < n; ++i) {
        const char* c = "?";
        switch (p[i].perms & (XS_PERM_READ | XS_PERM_WRITE)) {
            case XS_PERM_NONE: c = "n"; break;
            case XS_PERM_READ: c = "r"; break;
            case XS_PERM_WRITE: c = "w"; break;
            default: c = "b"; break;
        }
        r += (r.empty() ? "" : ",") + std::string(c) + std::to_string(p[i].id);
    }
    std::free(p);
    return r;
}

// Wait up to ms for a watch event; returns {path, token} or {"<timeout>", ""}.
std::pair<std::string, std::string> next_event(xs_handle* h, int ms = 3000) {
    pollfd pfd{xs_fileno(h), POLLIN, 0};
    for (;;) {
        char** ev = xs_check_watch(h);
        if (ev) {
            std::pair<std::string, std::string> r{ev[XS_WATCH_PATH], ev[XS_WATCH_TOKEN]};
            std::free(ev);
            return r;
        }
        if (errno != EAGAIN) return {"<" + err(errno) + ">", ""};
        int rc = poll(&pfd, 1, ms);
        if (rc <= 0) return {"<timeout>", ""};
    }
}
// Collect events until none arrives for ms; returns sorted "path|token" list joined by ",".
std::string drain_events(xs_handle* h, int ms = 300) {
    std::vector<std::string> v;
    for (;;) {
        auto e = next_event(h, ms);
        if (e.first == "<timeout>") break;
        v.push_back(e.first + "|" + e.second);
        if (v.size() > 1000) break;
    }
    std::sort(v.begin(), v.end());
    std::string r;
    for (auto& s : v) r += (r.empty() ? "" : ",") + s;
    return r;
}

void cleanup(xs_handle* h) { xs_rm(h, XBT_NULL, base().c_str()); }

// ------------------------------------------------------------------ tests

void t_open() {
    Handle h;
    if (!check(h.h != nullptr, "xs_open(0)", "failed: " + err(errno))) return;
    Handle ro(XS_OPEN_READONLY);
    check(ro.h != nullptr, "xs_open(XS_OPEN_READONLY)", "failed: " + err(errno));
    check_eq("read /tool exists", "", rd(h, XBT_NULL, "/tool"));
}

void t_read_write() {
    Handle h;
    if (!h.h) { fail("open", err(errno)); return; }
    cleanup(h);
    std::string b = base();
    check(wr(h, XBT_NULL, b + "/a", "hello"), "write", err(errno));
    check_eq("read back", "hello", rd(h, XBT_NULL, b + "/a"));
    check(wr(h, XBT_NULL, b + "/a", "second"), "overwrite", err(errno));
    check_eq("read overwritten", "second", rd(h, XBT_NULL, b + "/a"));
    check(wr(h, XBT_NULL, b + "/empty", ""), "write empty value", err(errno));
    check_eq("read empty value", "", rd(h, XBT_NULL, b + "/empty"));
    std::string bin("a\0b\xff\x01z", 6);
    check(wr(h, XBT_NULL, b + "/bin", bin), "write binary value with NUL", err(errno));
    check_eq("read binary value", bin, rd(h, XBT_NULL, b + "/bin"));
    std::string big(2048, 'v');
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
    check(wr(h, XBT_NULL, b + "/big", big), "write 2048 byte value", err(errno));
    check_eq("read 2048 byte value", big, rd(h, XBT_NULL, b + "/big"));
    check(wr(h, XBT_NULL, b + "/deep/er/and/deeper", "x"), "write creates parents", err(errno));
    check_eq("implicit parent is empty", "", rd(h, XBT_NULL, b + "/deep/er"));
    check_eq("read missing", "<ENOENT>", rd(h, XBT_NULL, b + "/missing"));
    check_eq("read below missing", "<ENOENT>", rd(h, XBT_NULL, b + "/missing/child"));
    check_errno("write invalid path (double slash)", !wr(h, XBT_NULL, b + "//x", "v"), EINVAL);
    check_errno("write invalid char", !wr(h, XBT_NULL, b + "/a b", "v"), EINVAL);
    check_errno("write invalid char '.'", !wr(h, XBT_NULL, b + "/a.b", "v"), EINVAL);
    check_errno("write trailing slash", !wr(h, XBT_NULL, b + "/x/", "v"), EINVAL);
    // relative path: resolved against the connection's home, /local/domain/0 for dom0
    check(wr(h, XBT_NULL, "xsclient-rel", "rel"), "write relative path", err(errno));
    check_eq("relative path lands in /local/domain/0", "rel", rd(h, XBT_NULL, "/local/domain/0/xsclient-rel"));
    check(xs_rm(h, XBT_NULL, "xsclient-rel"), "rm relative path", err(errno));
    cleanup(h);
}

void t_mkdir_rm() {
    Handle h;
    if (!h.h) { fail("open", err(errno)); return; }
    cleanup(h);
    std::string b = base();
    check(xs_mkdir(h, XBT_NULL, (b + "/d").c_str()), "mkdir", err(errno));
    check_eq("mkdir node has empty value", "", rd(h, XBT_NULL, b + "/d"));
    check(wr(h, XBT_NULL, b + "/d", "keep"), "write into dir node", err(errno));
    check(xs_mkdir(h, XBT_NULL, (b + "/d").c_str()), "mkdir existing succeeds", err(errno));
    check_eq("mkdir existing keeps value", "keep", rd(h, XBT_NULL, b + "/d"));
    check(xs_mkdir(h, XBT_NULL, (b + "/p/q/r").c_str()), "mkdir creates parents", err(errno));
    check_eq("parent listing", "d,p", ls(h, XBT_NULL, b));
    check(xs_rm(h, XBT_NULL, (b + "/p").c_str()), "rm subtree", err(errno));
    check_eq("rm removed subtree", "<ENOENT>", rd(h, XBT_NULL, b + "/p/q/r"));
    check_eq("rm removed node", "<ENOENT>", rd(h, XBT_NULL, b + "/p"));
    check(xs_rm(h, XBT_NULL, (b + "/gone").c_str()), "rm missing node with existing parent succeeds", err(errno));
    check_errno("rm below missing parent fails", !xs_rm(h, XBT_NULL, (b + "/gone/x").c_str()), ENOENT);
    check_eq("listing after rm", "d", ls(h, XBT_NULL, b));
    cleanup(h);
}

void t_directory() {
    Handle h;
    if (!h.h) { fail("open", err(errno)); return; }
    cleanup(h);
    std::string b = base();
    for (auto c : {"c", "a", "b", "a-long_name-with_odd@chars"}) wr(h, XBT_NULL, b + "/" + c, c);
    check_eq("list children", "a,a-long_name-with_odd@chars,b,c", ls(h, XBT_NULL, b));
    wr(h, XBT_NULL, b + "/a/sub", "x");
    check_eq("grandchildren not listed", "a,a-long_name-with_odd@chars,b,c", ls(h, XBT_NULL, b));
    check_eq("leaf has no children", "", ls(h, XBT_NULL, b + "/c"));
    check_eq("missing node", "<ENOENT>", ls(h, XBT_NULL, b + "/nope"));
    std::string root = ls(h, XBT_NULL, "/");
    check(root.find("test") != std::string::npos && root.find("tool") != std::string::npos,
          "root lists test and tool", "got " + q(root));
    cleanup(h);
}

void t_perms() {
    Handle h;
    if (!h.h) { fail("open", err(errno)); return; }
    cleanup(h);
    std::string b = base();
    wr(h, XBT_NULL, b + "/p", "v");
    check_eq("default perms of dom0 node", "n0", perms_str(h, b + "/p"));
    xs_permissions p[3] = {{1, XS_PERM_NONE}, {2, XS_PERM_READ}, {3, XS_PERM_WRITE}};
    check(xs_set_permissions(h, XBT_NULL, (b + "/p").c_str(), p, 3), "set perms", err(errno));
    check_eq("get perms back", "n1,r2,w3", perms_str(h, b + "/p"));
    xs_permissions p2[2] = {{0, XS_PERM_READ}, {5, XS_PERM_READ | XS_PERM_WRITE}};
    check(xs_set_permissions(h, XBT_NULL, (b + "/p").c_str(), p2, 2), "set perms again", err(errno));
    check_eq("get perms b", "r0,b5", perms_str(h, b + "/p"));
    wr(h, XBT_NULL, b + "/p/child", "c");
    check_eq("child inherits parent perms", "r0,b5", perms_str(h, b + "/p/child"));
    check_errno("set perms on missing node", !xs_set_permissions(h, XBT_NULL, (b + "/missing").c_str(), p, 1), ENOENT);
    check_eq("get perms missing node", "<ENOENT>", perms_str(h, b + "/missing"));
    // Read-only handle (socket connections are dom0: still privileged for reads)
    Handle ro(XS_OPEN_READONLY);
    check_eq("read through read-only handle", "v", ro.h ? rd(ro, XBT_NULL, b + "/p") : "<open failed>");
    cleanup(h);
}

void t_tx_basic() {
    Handle h;
    if (!h.h) { fail("open", err(errno)); return; }
    cleanup(h);
    std::string b = base();
    wr(h, XBT_NULL, b + "/v", "old");
    xs_transaction_t t = xs_transaction_start(h);
    if (!check(t != XBT_NULL, "transaction_start", err(errno))) return;
    check_eq("read in tx", "old", rd(h, t, b + "/v"));
    check(wr(h, t, b + "/v", "new"), "write in tx", err(errno));
    check(wr(h, t, b + "/created", "c"), "create in tx", err(errno));
    check_eq("tx sees own write", "new", rd(h, t, b + "/v"));
    check_eq("outside does not see tx write", "old", rd(h, XBT_NULL, b + "/v"));
    check_eq("outside does not see tx create", "<ENOENT>", rd(h, XBT_NULL, b + "/created"));
    check_eq("tx directory sees create", "created,v", ls(h, t, b));
    check(xs_transaction_end(h, t, false), "commit", err(errno));
    check_eq("committed value", "new", rd(h, XBT_NULL, b + "/v"));
    check_eq("committed create", "c", rd(h, XBT_NULL, b + "/created"));

    t = xs_transaction_start(h);
    wr(h, t, b + "/v", "aborted");
    xs_rm(h, t, (b + "/created").c_str());
    check(xs_transaction_end(h, t, true), "abort", err(errno));
    check_eq("abort discards write", "new", rd(h, XBT_NULL, b + "/v"));
    check_eq("abort discards rm", "c", rd(h, XBT_NULL, b + "/created"));
    cleanup(h);
}

// Ending a transaction that no longer exists.
void t_tx_stale_end() {
    Handle h;
    if (!h.h) { fail("open", err(errno)); return; }
    xs_transaction_t t = xs_transaction_start(h);
    check(xs_transaction_end(h, t, true), "abort", err(errno));
    check_errno("end of finished transaction", !xs_transaction_end(h, t, false), ENOENT);
    check_errno("end of never started transaction", !xs_transaction_end(h, 0x7fff1234, true), ENOENT);
}

void t_tx_conflict() {
    Handle a, bh;
    if (!a.h || !bh.h) { fail("open", err(errno)); return; }
    cleanup(a);
    std::string b = base();
    wr(a, XBT_NULL, b + "/x", "0");
    wr(a, XBT_NULL, b + "/y", "0");
    xs_transaction_t t = xs_transaction_start(a);
    if (!check(t != XBT_NULL, "transaction_start", err(errno))) return;
    check_eq("A reads /x in tx", "0", rd(a, t, b + "/x"));
    wr(a, t, b + "/y", "from-tx");
    check(wr(bh, XBT_NULL, b + "/x", "from-B"), "B writes /x outside", err(errno));
    check_errno("A commit fails with EAGAIN", !xs_transaction_end(a, t, false), EAGAIN);
    check_eq("failed tx write not applied", "0", rd(a, XBT_NULL, b + "/y"));
    check_eq("B's write stays", "from-B", rd(a, XBT_NULL, b + "/x"));

    // retry loop like a real client: succeeds the second time
    int attempts = 0;
    bool done = false;
    while (!done && attempts < 5) {
        ++attempts;
        t = xs_transaction_start(a);
        std::string v = rd(a, t, b + "/x");
        wr(a, t, b + "/x", v + "+A");
        if (attempts == 1) wr(bh, XBT_NULL, b + "/x", "B2");
        done = xs_transaction_end(a, t, false);
        if (!done && errno != EAGAIN) break;
    }
    check(done && attempts == 2, "retry after conflict commits", "attempts=" + std::to_string(attempts));
    check_eq("retry result", "B2+A", rd(a, XBT_NULL, b + "/x"));

    // A transaction that only touched unrelated nodes commits although /x changed.
    wr(a, XBT_NULL, b + "/u/node", "u0");
    t = xs_transaction_start(a);
    check_eq("tx reads unrelated node", "u0", rd(a, t, b + "/u/node"));
    wr(a, t, b + "/u/node", "u1");
    check(wr(bh, XBT_NULL, b + "/x", "B3"), "B writes /x meanwhile", err(errno));
    check(xs_transaction_end(a, t, false), "unrelated tx commits", err(errno));
    check_eq("unrelated tx result", "u1", rd(a, XBT_NULL, b + "/u/node"));

    // Conflict through removal: tx reads a node that another client removes.
    t = xs_transaction_start(a);
    rd(a, t, b + "/u/node");
    wr(a, t, b + "/y", "z");
    xs_rm(bh, XBT_NULL, (b + "/u/node").c_str());
    check_errno("commit after concurrent rm of read node fails EAGAIN", !xs_transaction_end(a, t, false), EAGAIN);

    // Two transactions on the same handle at once
    xs_transaction_t t1 = xs_transaction_start(a), t2 = xs_transaction_start(a);
    check(t1 != XBT_NULL && t2 != XBT_NULL && t1 != t2, "two concurrent transactions have distinct ids");
    wr(a, t1, b + "/t1", "1");
    wr(a, t2, b + "/t2", "2");
    check_eq("t2 does not see t1", "<ENOENT>", rd(a, t2, b + "/t1"));
    check(xs_transaction_end(a, t1, false), "commit t1", err(errno));
    bool c2 = xs_transaction_end(a, t2, false);
    int e2 = errno;
    // t2 created a sibling of t1's node: C xenstored treats that as a conflict on the
    // parent's child list only if t2 read it; both outcomes are accepted, but the store
    // must be consistent with the outcome.
    if (c2) check_eq("t2 committed -> its node exists", "2", rd(a, XBT_NULL, b + "/t2"));
    else check(e2 == EAGAIN && rd(a, XBT_NULL, b + "/t2") == "<ENOENT>", "t2 failed -> EAGAIN and no node",
               "errno " + err(e2));
    check_eq("t1 node exists", "1", rd(a, XBT_NULL, b + "/t1"));
    cleanup(a);
}

void t_watch() {
    Handle h, w;
    if (!h.h || !w.h) { fail("open", err(errno)); return; }
    cleanup(h);
    std::string b = base();
    wr(h, XBT_NULL, b + "/w", "");
    check(xs_watch(w, (b + "/w").c_str(), "tok1"), "xs_watch", err(errno));
    auto e = next_event(w);
    check_eq("initial event path", b + "/w", e.first);
    check_eq("initial event token", "tok1", e.second);
    check_eq("no further event", "", drain_events(w, 200));

    wr(h, XBT_NULL, b + "/w", "v");
    e = next_event(w);
    check_eq("event on write: path", b + "/w", e.first);
    check_eq("event on write: token", "tok1", e.second);

    wr(h, XBT_NULL, b + "/w/sub/deep", "v");
    // creating sub and sub/deep: C xenstored fires once per modified node
    std::string evs = drain_events(w, 300);
    check(evs.find(b + "/w/sub/deep|tok1") != std::string::npos, "event for subtree write",
          "events " + q(evs));

    wr(h, XBT_NULL, b + "/other", "v");
    check_eq("no event for unrelated node", "", drain_events(w, 200));
    wr(h, XBT_NULL, b + "/wx", "v");
    check_eq("no event for prefix-sharing sibling", "", drain_events(w, 200));

    // second watch, other token, deeper path: parent removal fires with the watched path
    check(xs_watch(w, (b + "/w/sub/deep/leaf").c_str(), "tok2"), "xs_watch deep (missing) node", err(errno));
    e = next_event(w);
    check_eq("initial event for missing node", b + "/w/sub/deep/leaf|tok2", e.first + "|" + e.second);
    wr(h, XBT_NULL, b + "/w/sub/deep/leaf", "l");
    check_eq("creating the leaf fires both watches",
             b + "/w/sub/deep/leaf|tok1," + b + "/w/sub/deep/leaf|tok2", drain_events(w, 300));
    xs_rm(h, XBT_NULL, (b + "/w/sub").c_str());
    evs = drain_events(w, 300);
    check(evs.find(b + "/w/sub|tok1") != std::string::npos, "rm fires watch on ancestor with removed path",
          "events " + q(evs));
    check(evs.find(b + "/w/sub/deep/leaf|tok2") != std::string::npos,
          "rm of parent fires watch with the watched path", "events " + q(evs));

    // same path, two tokens: both fire
    check(xs_watch(w, (b + "/w").c_str(), "tok3"), "second watch on same path other token", err(errno));
    next_event(w);
    wr(h, XBT_NULL, b + "/w", "again");
    evs = drain_events(w, 300);
    check_eq("both tokens fire", b + "/w|tok1," + b + "/w|tok3", evs);

    check_errno("duplicate watch (same path and token)", !xs_watch(w, (b + "/w").c_str(), "tok1"), EEXIST);

    check(xs_unwatch(w, (b + "/w").c_str(), "tok1"), "xs_unwatch", err(errno));
    check(xs_unwatch(w, (b + "/w").c_str(), "tok3"), "xs_unwatch tok3", err(errno));
    check(xs_unwatch(w, (b + "/w/sub/deep/leaf").c_str(), "tok2"), "xs_unwatch tok2", err(errno));
    drain_events(w, 100);
    wr(h, XBT_NULL, b + "/w", "after");
    check_eq("no event after unwatch", "", drain_events(w, 300));
    check_errno("unwatch unknown", !xs_unwatch(w, (b + "/w").c_str(), "nope"), ENOENT);

    // watch fired by a committed transaction, not before commit
    check(xs_watch(w, (b + "/w").c_str(), "txtok"), "watch for tx", err(errno));
    next_event(w);
    xs_transaction_t t = xs_transaction_start(h);
    wr(h, t, b + "/w", "in-tx");
    check_eq("no event before commit", "", drain_events(w, 200));
    xs_transaction_end(h, t, false);
    e = next_event(w);
    check_eq("event on commit", b + "/w|txtok", e.first + "|" + e.second);
    t = xs_transaction_start(h);
    wr(h, t, b + "/w", "aborted");
    xs_transaction_end(h, t, true);
    check_eq("no event on abort", "", drain_events(w, 300));

    // relative watch path gets relative event path
    check(xs_watch(w, "xsclient-relwatch", "rel"), "relative watch", err(errno));
    e = next_event(w);
    check_eq("relative watch event is relative", "xsclient-relwatch|rel", e.first + "|" + e.second);
    wr(h, XBT_NULL, "/local/domain/0/xsclient-relwatch", "x");
    e = next_event(w);
    check_eq("relative watch fires relative path", "xsclient-relwatch|rel", e.first + "|" + e.second);
    xs_rm(h, XBT_NULL, "/local/domain/0/xsclient-relwatch");
    drain_events(w, 100);

    // special watches
    check(xs_watch(w, "@introduceDomain", "intro"), "watch @introduceDomain", err(errno));
    e = next_event(w);
    check_eq("@introduceDomain initial event", "@introduceDomain|intro", e.first + "|" + e.second);
    check(xs_watch(w, "@releaseDomain", "rel"), "watch @releaseDomain", err(errno));
    e = next_event(w);
    check_eq("@releaseDomain initial event", "@releaseDomain|rel", e.first + "|" + e.second);
    cleanup(h);
}

void t_domain() {
    Handle h;
    if (!h.h) { fail("open", err(errno)); return; }
    char* p = xs_get_domain_path(h, 0);
    check_eq("domain path of 0", "/local/domain/0", p ? p : "<" + err(errno) + ">");
    std::free(p);
    p = xs_get_domain_path(h, 7);
    check_eq("domain path of 7", "/local/domain/7", p ? p : "<" + err(errno) + ">");
    std::free(p);
    check(xs_is_domain_introduced(h, 0), "dom0 is introduced", err(errno));
    check(!xs_is_domain_introduced(h, 4242), "domain 4242 is not introduced");
}

void t_threads() {
    Handle shared;
    if (!shared.h) { fail("open", err(errno)); return; }
    cleanup(shared);
    std::string b = base();
    const int kThreads = 8, kOps = 100;
    std::atomic<int> bad{0}, badown{0};
    std::vector<std::thread> th;
    for (int i = 0; i < kThreads; ++i)
        th.emplace_back([&, i] {
            for (int j = 0; j < kOps; ++j) {
                std::string path = b + "/t" + std::to_string(i) + "/n" + std::to_string(j % 10);
                std::string val = std::to_string(i) + ":" + std::to_string(j);
                if (!wr(shared, XBT_NULL, path, val) || rd(shared, XBT_NULL, path) != val) ++bad;
            }
        });
    // and threads with their own handles, all writing the same node in transactions
    for (int i = 0; i < 4; ++i)
        th.emplace_back([&] {
            Handle own;
            if (!own.h) { ++badown; return; }
            for (int j = 0; j < 25; ++j) {
                for (int attempt = 0; attempt < 1000; ++attempt) {
                    xs_transaction_t t = xs_transaction_start(own);
                    std::string v = rd(own, t, b + "/counter");
                    long n = v.starts_with("<") ? 0 : std::atol(v.c_str());
                    wr(own, t, b + "/counter", std::to_string(n + 1));
                    if (xs_transaction_end(own, t, false)) break;
                    if (errno != EAGAIN) { ++badown; break; }
                }
            }
        });
    for (auto& t : th) t.join();
    check(bad == 0, "8 threads x 100 write+read on one handle", std::to_string(bad.load()) + " mismatches");
    check(badown == 0, "4 threads with own handles, transactions", std::to_string(badown.load()) + " errors");
    check_eq("transactional counter is exact", "100", rd(shared, XBT_NULL, b + "/counter"));
    check_eq("final listing", "counter,t0,t1,t2,t3,t4,t5,t6,t7", ls(shared, XBT_NULL, b));

    // a watch thread blocking in xs_read_watch while other threads use the handle
    std::atomic<int> seen{0};
    xs_watch(shared, (b + "/wt").c_str(), "thr");
    std::thread reader([&] {
        while (seen < 11) {  // initial event + 10 writes
            unsigned n;
            char** ev = xs_read_watch(shared, &n);
            if (!ev) break;
            std::free(ev);
            ++seen;
        }
    });
    for (int j = 0; j < 10; ++j) wr(shared, XBT_NULL, b + "/wt", std::to_string(j));
    for (int i = 0; i < 50 && seen < 11; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    bool all = seen >= 11;
    if (!all) xs_unwatch(shared, (b + "/wt").c_str(), "thr");
    check(all, "blocking xs_read_watch thread gets events while handle in use",
          "saw " + std::to_string(seen.load()) + " of 11");
    if (all) reader.join(); else reader.detach();
    cleanup(shared);
}

void t_big_directory() {
    Handle h;
    if (!h.h) { fail("open", err(errno)); return; }
    cleanup(h);
    std::string b = base();
    const int kN = 2000;
    std::set<std::string> want;
    xs_transaction_t t = XBT_NULL;
    for (int i = 0; i < kN; ++i) {
        if (i % 250 == 0) {
            if (t != XBT_NULL) xs_transaction_end(h, t, false);
            t = xs_transaction_start(h);
        }
        char name[96];
        std::snprintf(name, sizeof name, "child-with-a-rather-long-name-to-overflow-one-reply-%06d", i);
        want.insert(name);
        if (!wr(h, t, b + "/" + name, "")) { fail("create child " + std::string(name), err(errno)); return; }
    }
    xs_transaction_end(h, t, false);
    ok("created 2000 children");
    unsigned n = 0;
    char** d = xs_directory(h, XBT_NULL, b.c_str(), &n);
    if (!check(d != nullptr, "xs_directory of 2000 long-named children", err(errno))) { cleanup(h); return; }
    std::set<std::string> got(d, d + n);
    std::free(d);
    check(n == kN, "2000 entries", "got " + std::to_string(n));
    check(got == want, "all names exact");
    // again inside a transaction
    t = xs_transaction_start(h);
    d = xs_directory(h, t, b.c_str(), &n);
    check(d && n == kN, "xs_directory in transaction", d ? "got " + std::to_string(n) : err(errno));
    std::free(d);
    xs_transaction_end(h, t, true);
    check(xs_rm(h, XBT_NULL, b.c_str()), "rm 2000 children", err(errno));
    check_eq("gone", "<ENOENT>", rd(h, XBT_NULL, b));
}

struct Test { const char* name; std::function<void()> fn; };
const std::vector<Test> kTests = {
    {"open", t_open}, {"read_write", t_read_write}, {"mkdir_rm", t_mkdir_rm},
    {"directory", t_directory}, {"perms", t_perms}, {"tx_basic", t_tx_basic},
    {"tx_stale_end", t_tx_stale_end},
    {"tx_conflict", t_tx_conflict}, {"watch", t_watch}, {"domain", t_domain},
    {"threads", t_threads}, {"big_directory", t_big_directory},
};

}  // namespace

int main(int argc, char** argv) {
    std::set<std::string> skip, only;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-l") { for (auto& t : kTests) std::printf("%s\n", t.name); return 0; }
        if (a == "-s" && i + 1 < argc) {
            std::string s = argv[++i];
            size_t pos;
            while ((pos = s.find(',')) != std::string::npos) { if (pos) skip.insert(s.substr(0, pos)); s.erase(0, pos + 1); }
            if (!s.empty()) skip.insert(s);
            continue;
        }
        only.insert(a);
    }
    for (auto& n : only)
        if (std::none_of(kTests.begin(), kTests.end(), [&](auto& t) { return n == t.name; })) {
            std::fprintf(stderr, "unknown test %s\n", n.c_str());
            return 2;
        }
    for (auto& t : kTests) {
        if (!only.empty() && !only.count(t.name)) continue;
        g_test = t.name;
        if (skip.count(t.name)) { ++g_skip; std::printf("skip - %s: skipped by request\n", t.name); continue; }
        t.fn();
    }
    std::printf("%d passed, %d failed, %d skipped\n", g_pass, g_fail, g_skip);
    return g_fail ? 1 : 0;
}
