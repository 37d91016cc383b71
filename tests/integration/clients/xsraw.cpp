// Raw XenStore wire-protocol client: sends hand-made frames over the daemon's Unix socket
// (XENSTORED_PATH) and checks the replies byte for byte.  No libxenstore calls.
//
//   xsraw [-x] [-s SKIP1,SKIP2] [-l] [CASE...]
//     -x  also test the newer message types 23..26 (GET/SET_FEATURE, GET/SET_QUOTA),
//         which Xen 4.17 does not know (use for our daemon only)
//     -s  skip the named cases; -l list the cases
// Prints "ok - CASE: check", "FAIL - CASE: check: detail", "skip - CASE: reason",
// "# observed CASE: ..." (what the daemon actually answered), last line
// "N passed, N failed, N skipped".  After every case a fresh connection must still work
// and the node written at start must still be there.
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <poll.h>
#include <set>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

enum : uint32_t {
    XS_CONTROL = 0, XS_DIRECTORY, XS_READ, XS_GET_PERMS, XS_WATCH, XS_UNWATCH,
    XS_TRANSACTION_START, XS_TRANSACTION_END, XS_INTRODUCE, XS_RELEASE,
    XS_GET_DOMAIN_PATH, XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS, XS_WATCH_EVENT,
    XS_ERROR, XS_IS_DOMAIN_INTRODUCED, XS_RESUME, XS_SET_TARGET, XS_RESTRICT_REMOVED,
    XS_RESET_WATCHES, XS_DIRECTORY_PART, XS_GET_FEATURE, XS_SET_FEATURE, XS_GET_QUOTA,
    XS_SET_QUOTA,
};

struct Hdr { uint32_t type, req_id, tx_id, len; };

int g_pass = 0, g_fail = 0, g_skip = 0;
std::string g_case;
std::string g_sock;

void ok(const std::string& w) { ++g_pass; std::printf("ok - %s: %s\n", g_case.c_str(), w.c_str()); std::fflush(stdout); }
void fail(const std::string& w, const std::string& d) {
    ++g_fail; std::printf("FAIL - %s: %s: %s\n", g_case.c_str(), w.c_str(), d.c_str()); std::fflush(stdout);
}
bool check(bool c, const std::string& w, const std::string& d = "condition false") { if (c) ok(w); else fail(w, d); return c; }
void observe(const std::string& s) { std::printf("# observed %s: %s\n", g_case.c_str(), s.c_str()); std::fflush(stdout); }

std::string q(const std::string& s) {
    std::string r = "\"";
    for (unsigned char c : s) {
        if (c == '\0') r += "\\0";
        else if (c == '"' || c == '\\') { r += '\\'; r += static_cast<char>(c); }
        else if (c < 32 || c > 126) { char b[8]; std::snprintf(b, sizeof b, "\\x%02x", c); r += b; }
        else r += static_cast<char>(c);
    }
    return r + "\"";
}
std::string S(const char* s, size_t n) { return std::string(s, n); }
#define Z(lit) S(lit, sizeof(lit) - 1)  // string literal with embedded NULs, without the final one

std::string frame(uint32_t type, uint32_t req, uint32_t tx, const std::string& payload, int64_t len = -1) {
    Hdr h{type, req, tx, len < 0 ? static_cast<uint32_t>(payload.size()) : static_cast<uint32_t>(len)};
    return std::string(reinterpret_cast<char*>(&h), sizeof h) + payload;
}

struct Reply {
    enum Kind { Msg, Closed, Timeout, Error } kind = Timeout;
    Hdr h{};
    std::string payload;
    std::string desc() const {
        switch (kind) {
            case Closed: return "<connection closed>";
            case Timeout: return "<no reply>";
            case Error: return "<socket error>";
            default: break;
        }
        static const char* names[] = {"CONTROL", "DIRECTORY", "READ", "GET_PERMS", "WATCH", "UNWATCH",
            "TRANSACTION_START", "TRANSACTION_END", "INTRODUCE", "RELEASE", "GET_DOMAIN_PATH", "WRITE",
            "MKDIR", "RM", "SET_PERMS", "WATCH_EVENT", "ERROR", "IS_DOMAIN_INTRODUCED", "RESUME",
            "SET_TARGET", "20", "RESET_WATCHES", "DIRECTORY_PART", "GET_FEATURE", "SET_FEATURE",
            "GET_QUOTA", "SET_QUOTA"};
        std::string t = h.type < 27 ? names[h.type] : std::to_string(h.type);
        return t + " req=" + std::to_string(h.req_id) + " tx=" + std::to_string(h.tx_id) + " " + q(payload);
    }
};

struct Conn {
    int fd = -1;
    std::string buf;
    Conn() {
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::snprintf(a.sun_path, sizeof a.sun_path, "%s", g_sock.c_str());
        if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) { close(fd); fd = -1; }
    }
    ~Conn() { if (fd >= 0) close(fd); }
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;
    bool good() const { return fd >= 0; }
    bool send(const std::string& b) {
        size_t off = 0;
        while (off < b.size()) {
            ssize_t n = ::send(fd, b.data() + off, b.size() - off, MSG_NOSIGNAL);
            if (n <= 0) return false;
            off += n;
        }
        return true;
    }
    // 0: data, 1: closed, 2: timeout, 3: error
    int fill(size_t want, int ms) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (buf.size() < want) {
            int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now()).count());
            if (left <= 0) return 2;
            pollfd p{fd, POLLIN, 0};
            int r = poll(&p, 1, left);
            if (r == 0) return 2;
            if (r < 0) return 3;
            char tmp[65536];
            ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
            if (n == 0) return 1;
            if (n < 0) return errno == ECONNRESET ? 1 : 3;
            buf.append(tmp, n);
        }
        return 0;
    }
    Reply recv(int ms = 3000) {
        Reply r;
        int st = fill(sizeof(Hdr), ms);
        if (st == 0) {
            std::memcpy(&r.h, buf.data(), sizeof(Hdr));
            if (r.h.len > 1 << 20) { r.kind = Reply::Error; return r; }
            st = fill(sizeof(Hdr) + r.h.len, ms);
        }
        if (st == 1) { r.kind = Reply::Closed; return r; }
        if (st == 2) { r.kind = Reply::Timeout; return r; }
        if (st == 3) { r.kind = Reply::Error; return r; }
        r.kind = Reply::Msg;
        r.payload = buf.substr(sizeof(Hdr), r.h.len);
        buf.erase(0, sizeof(Hdr) + r.h.len);
        return r;
    }
    Reply call(uint32_t type, const std::string& payload, uint32_t tx = 0, uint32_t req = 0) {
        static uint32_t next = 100;
        if (!req) req = next++;
        if (!send(frame(type, req, tx, payload))) { Reply r; r.kind = Reply::Error; return r; }
        return recv();
    }
};

// One request, one reply compared in full: type, req_id echoed, tx_id echoed, payload.
bool expect(Conn& c, const std::string& what, uint32_t type, const std::string& payload, uint32_t exp_type,
            const std::string& exp_payload, uint32_t tx = 0) {
    static uint32_t req = 5000;
    ++req;
    if (!c.send(frame(type, req, tx, payload))) { fail(what, "send failed"); return false; }
    Reply r = c.recv();
    observe(what + " -> " + r.desc());
    Reply want;
    want.kind = Reply::Msg;
    want.h = Hdr{exp_type, req, tx, static_cast<uint32_t>(exp_payload.size())};
    want.payload = exp_payload;
    bool same = r.kind == Reply::Msg && r.h.type == exp_type && r.h.req_id == req && r.h.tx_id == tx &&
                r.payload == exp_payload;
    return check(same, what, "expected " + want.desc() + " got " + r.desc());
}
bool expect_err(Conn& c, const std::string& what, uint32_t type, const std::string& payload, const char* err,
                uint32_t tx = 0) {
    return expect(c, what, type, payload, XS_ERROR, std::string(err) + '\0', tx);
}
const std::string OK = Z("OK\0");

// No message must arrive within ms.
bool expect_silence(Conn& c, const std::string& what, int ms = 300) {
    Reply r = c.recv(ms);
    return check(r.kind == Reply::Timeout, what, "expected nothing, got " + r.desc());
}

const std::string B = "/test/raw";

void setup_write(const std::string& path, const std::string& val) {
    Conn c;
    c.call(XS_WRITE, path + '\0' + val);
}

// ------------------------------------------------------------------ cases

void c_control() {
    Conn c;
    expect(c, "CONTROL print", XS_CONTROL, Z("print\0xsraw test\0"), XS_CONTROL, OK);
}

void c_control_unknown() {
    Conn c;
    expect_err(c, "CONTROL unknown command", XS_CONTROL, Z("no-such-command\0"), "EINVAL");
}

void c_directory() {
    Conn c;
    c.call(XS_RM, B + "/dir" + '\0');
    setup_write(B + "/dir/a", "1");
    setup_write(B + "/dir/b", "2");
    expect(c, "DIRECTORY", XS_DIRECTORY, B + "/dir" + '\0', XS_DIRECTORY, Z("a\0b\0"));
    expect(c, "DIRECTORY of leaf", XS_DIRECTORY, B + "/dir/a" + '\0', XS_DIRECTORY, "");
    expect_err(c, "DIRECTORY missing", XS_DIRECTORY, B + "/nope" + '\0', "ENOENT");
}

void c_directory_part() {
    Conn c;
    c.call(XS_RM, B + "/dir" + '\0');
    setup_write(B + "/dir/a", "1");
    setup_write(B + "/dir/b", "2");
    Reply r = c.call(XS_DIRECTORY_PART, B + "/dir" + '\0' + "0" + '\0');
    observe("DIRECTORY_PART offset 0 -> " + r.desc());
    // <generation>\0<child>\0...\0\0
    size_t nul = r.payload.find('\0');
    bool gen_ok = r.kind == Reply::Msg && r.h.type == XS_DIRECTORY_PART && nul != std::string::npos && nul > 0 &&
                  r.payload.find_first_not_of("0123456789") == nul;
    check(gen_ok, "DIRECTORY_PART reply starts with a decimal generation", r.desc());
    check(gen_ok && r.payload.substr(nul + 1) == Z("a\0b\0\0"), "DIRECTORY_PART children then empty string", r.desc());
    std::string gen = gen_ok ? r.payload.substr(0, nul + 1) : "";
    // offset 2 = after "a\0": only b
    expect(c, "DIRECTORY_PART offset 2", XS_DIRECTORY_PART, B + "/dir" + '\0' + "2" + '\0', XS_DIRECTORY_PART,
           gen + Z("b\0\0"));
    expect(c, "DIRECTORY_PART offset at end", XS_DIRECTORY_PART, B + "/dir" + '\0' + "4" + '\0', XS_DIRECTORY_PART,
           gen + Z("\0"));
    expect_err(c, "DIRECTORY_PART missing node", XS_DIRECTORY_PART, B + "/nope" + '\0' + "0" + '\0', "ENOENT");
    expect_err(c, "DIRECTORY_PART without offset", XS_DIRECTORY_PART, B + "/dir" + '\0', "EINVAL");
}

void c_read() {
    Conn c;
    setup_write(B + "/r", "hello");
    expect(c, "READ value without NUL", XS_READ, B + "/r" + '\0', XS_READ, "hello");
    setup_write(B + "/r0", "");
    expect(c, "READ empty value", XS_READ, B + "/r0" + '\0', XS_READ, "");
    expect_err(c, "READ missing", XS_READ, B + "/missing" + '\0', "ENOENT");
    expect_err(c, "READ invalid path", XS_READ, B + "//x" + '\0', "EINVAL");
    expect_err(c, "READ invalid char", XS_READ, B + "/a b" + '\0', "EINVAL");
    expect(c, "READ relative path", XS_READ, std::string("../0/../../../test/raw/r") + '\0', XS_ERROR, Z("EINVAL\0"));
}

void c_write() {
    Conn c;
    expect(c, "WRITE", XS_WRITE, B + "/w" + '\0' + "value", XS_WRITE, OK);
    expect(c, "READ it back", XS_READ, B + "/w" + '\0', XS_READ, "value");
    expect(c, "WRITE binary with NULs", XS_WRITE, B + "/w" + '\0' + Z("a\0b\0"), XS_WRITE, OK);
    expect(c, "READ binary back", XS_READ, B + "/w" + '\0', XS_READ, Z("a\0b\0"));
    expect(c, "WRITE empty value", XS_WRITE, B + "/w" + '\0', XS_WRITE, OK);
    expect(c, "READ empty back", XS_READ, B + "/w" + '\0', XS_READ, "");
    expect_err(c, "WRITE invalid path", XS_WRITE, B + "/w/" + '\0' + "v", "EINVAL");
    expect(c, "WRITE relative", XS_WRITE, std::string("xsraw-rel") + '\0' + "r", XS_WRITE, OK);
    expect(c, "READ relative via absolute", XS_READ, std::string("/local/domain/0/xsraw-rel") + '\0', XS_READ, "r");
    c.call(XS_RM, std::string("/local/domain/0/xsraw-rel") + '\0');
}

void c_write_4096() {
    Conn c;
    std::string path = B + "/big";
    std::string val(4096 - path.size() - 1, 'x');
    expect(c, "WRITE with payload of exactly 4096 bytes", XS_WRITE, path + '\0' + val, XS_WRITE, OK);
    Reply r = c.call(XS_READ, path + '\0');
    check(r.kind == Reply::Msg && r.h.type == XS_READ && r.payload == val, "READ 4086-byte value back",
          r.desc().substr(0, 80));
}

void c_mkdir() {
    Conn c;
    expect(c, "MKDIR", XS_MKDIR, B + "/m/n" + '\0', XS_MKDIR, OK);
    expect(c, "MKDIR existing", XS_MKDIR, B + "/m/n" + '\0', XS_MKDIR, OK);
    expect(c, "READ mkdir node", XS_READ, B + "/m/n" + '\0', XS_READ, "");
    expect_err(c, "MKDIR invalid", XS_MKDIR, B + "/m//n" + '\0', "EINVAL");
}

void c_rm() {
    Conn c;
    setup_write(B + "/rm/a/b", "x");
    expect(c, "RM subtree", XS_RM, B + "/rm/a" + '\0', XS_RM, OK);
    expect_err(c, "READ removed", XS_READ, B + "/rm/a/b" + '\0', "ENOENT");
    expect(c, "RM missing node, parent exists", XS_RM, B + "/rm/zz" + '\0', XS_RM, OK);
    expect_err(c, "RM missing parent", XS_RM, B + "/rm/zz/yy" + '\0', "ENOENT");
    expect_err(c, "RM invalid path", XS_RM, B + "/rm/" + '\0', "EINVAL");
}

void c_perms() {
    Conn c;
    setup_write(B + "/p", "v");
    expect(c, "GET_PERMS default", XS_GET_PERMS, B + "/p" + '\0', XS_GET_PERMS, Z("n0\0"));
    expect(c, "SET_PERMS", XS_SET_PERMS, B + "/p" + '\0' + Z("n0\0r5\0w6\0b7\0"), XS_SET_PERMS, OK);
    expect(c, "GET_PERMS after set", XS_GET_PERMS, B + "/p" + '\0', XS_GET_PERMS, Z("n0\0r5\0w6\0b7\0"));
    expect_err(c, "SET_PERMS bad perm letter", XS_SET_PERMS, B + "/p" + '\0' + Z("x0\0"), "EINVAL");
    expect_err(c, "SET_PERMS without perms", XS_SET_PERMS, B + "/p" + '\0', "EINVAL");
    expect_err(c, "SET_PERMS missing node", XS_SET_PERMS, B + "/nope" + '\0' + Z("n0\0"), "ENOENT");
    expect_err(c, "GET_PERMS missing node", XS_GET_PERMS, B + "/nope" + '\0', "ENOENT");
}

void c_watch() {
    Conn c, w;
    setup_write(B + "/wt", "0");
    expect(w, "WATCH", XS_WATCH, B + "/wt" + '\0' + "tok" + '\0', XS_WATCH, OK);
    Reply r = w.recv();
    observe("initial event -> " + r.desc());
    check(r.kind == Reply::Msg && r.h.type == XS_WATCH_EVENT && r.h.req_id == 0 && r.h.tx_id == 0 &&
              r.payload == B + "/wt" + '\0' + "tok" + '\0',
          "initial WATCH_EVENT path\\0token\\0, req_id 0", r.desc());
    c.call(XS_WRITE, B + "/wt/child" + '\0' + "1");
    r = w.recv();
    observe("event after write -> " + r.desc());
    check(r.kind == Reply::Msg && r.h.type == XS_WATCH_EVENT && r.payload == B + "/wt/child" + '\0' + "tok" + '\0',
          "WATCH_EVENT for a child write", r.desc());
    expect_err(w, "WATCH duplicate", XS_WATCH, B + "/wt" + '\0' + "tok" + '\0', "EEXIST");
    expect_err(w, "WATCH without token", XS_WATCH, B + "/wt" + '\0', "EINVAL");
    expect(w, "UNWATCH", XS_UNWATCH, B + "/wt" + '\0' + "tok" + '\0', XS_UNWATCH, OK);
    c.call(XS_WRITE, B + "/wt" + '\0' + "2");
    expect_silence(w, "no event after UNWATCH");
    expect_err(w, "UNWATCH unknown", XS_UNWATCH, B + "/wt" + '\0' + "tok" + '\0', "ENOENT");
}

void c_reset_watches() {
    Conn c, w;
    setup_write(B + "/rw", "0");
    expect(w, "WATCH", XS_WATCH, B + "/rw" + '\0' + "t" + '\0', XS_WATCH, OK);
    w.recv();
    // libxenstore's xs_reset_watches sends "" plus its NUL
    expect(w, "RESET_WATCHES", XS_RESET_WATCHES, std::string(1, '\0'), XS_RESET_WATCHES, OK);
    c.call(XS_WRITE, B + "/rw" + '\0' + "1");
    expect_silence(w, "no event after RESET_WATCHES");
}

uint32_t tx_done = 0;  // a transaction id that was committed already

void c_transaction() {
    Conn c, o;
    setup_write(B + "/tx", "before");
    uint32_t req = 777;
    c.send(frame(XS_TRANSACTION_START, req, 0, std::string(1, '\0')));
    Reply r = c.recv();
    observe("TRANSACTION_START -> " + r.desc());
    bool good = r.kind == Reply::Msg && r.h.type == XS_TRANSACTION_START && r.h.req_id == req && r.payload.size() >= 2 &&
                r.payload.back() == '\0' &&
                r.payload.find_first_not_of("0123456789") == r.payload.size() - 1;
    if (!check(good, "TRANSACTION_START reply is decimal id + NUL", r.desc())) return;
    uint32_t tx = static_cast<uint32_t>(std::strtoul(r.payload.c_str(), nullptr, 10));
    check(tx != 0, "transaction id non-zero", r.desc());
    expect(c, "WRITE in tx (tx_id echoed)", XS_WRITE, B + "/tx" + '\0' + "inside", XS_WRITE, OK, tx);
    expect(c, "READ in tx", XS_READ, B + "/tx" + '\0', XS_READ, "inside", tx);
    expect(o, "READ outside", XS_READ, B + "/tx" + '\0', XS_READ, "before");
    expect_err(c, "READ missing in tx (error carries tx_id)", XS_READ, B + "/nope" + '\0', "ENOENT", tx);
    expect(c, "TRANSACTION_END commit", XS_TRANSACTION_END, Z("T\0"), XS_TRANSACTION_END, OK, tx);
    expect(o, "READ committed", XS_READ, B + "/tx" + '\0', XS_READ, "inside");
    tx_done = tx;

    r = c.call(XS_TRANSACTION_START, std::string(1, '\0'));
    tx = static_cast<uint32_t>(std::strtoul(r.payload.c_str(), nullptr, 10));
    expect(c, "WRITE in tx 2", XS_WRITE, B + "/tx" + '\0' + "aborted", XS_WRITE, OK, tx);
    expect(c, "TRANSACTION_END abort", XS_TRANSACTION_END, Z("F\0"), XS_TRANSACTION_END, OK, tx);
    expect(o, "READ after abort", XS_READ, B + "/tx" + '\0', XS_READ, "inside");

    r = c.call(XS_TRANSACTION_START, std::string(1, '\0'));
    tx = static_cast<uint32_t>(std::strtoul(r.payload.c_str(), nullptr, 10));
    expect(c, "READ in tx 3", XS_READ, B + "/tx" + '\0', XS_READ, "inside", tx);
    expect(c, "WRITE in tx 3", XS_WRITE, B + "/tx2" + '\0' + "x", XS_WRITE, OK, tx);
    expect(o, "concurrent WRITE outside", XS_WRITE, B + "/tx" + '\0' + "outside", XS_WRITE, OK);
    expect_err(c, "TRANSACTION_END conflict", XS_TRANSACTION_END, Z("T\0"), "EAGAIN", tx);
    expect_err(c, "TRANSACTION_END without tx id", XS_TRANSACTION_END, Z("T\0"), "ENOENT", 0);
}

void c_unknown_tx() {
    Conn c;
    if (tx_done) expect_err(c, "TRANSACTION_END of a committed tx", XS_TRANSACTION_END, Z("T\0"), "ENOENT", tx_done);
    expect_err(c, "READ with unknown tx id", XS_READ, B + "/sentinel" + '\0', "ENOENT", 0x12345);
    expect_err(c, "WRITE with unknown tx id", XS_WRITE, B + "/utx" + '\0' + "v", "ENOENT", 0x12345);
    expect_err(c, "TRANSACTION_END unknown tx id", XS_TRANSACTION_END, Z("T\0"), "ENOENT", 0x12345);
    expect_err(c, "READ of the node the tx WRITE would create", XS_READ, B + "/utx" + '\0', "ENOENT");
}

void c_domain() {
    Conn c;
    expect(c, "GET_DOMAIN_PATH 3", XS_GET_DOMAIN_PATH, Z("3\0"), XS_GET_DOMAIN_PATH, Z("/local/domain/3\0"));
    expect(c, "GET_DOMAIN_PATH 0", XS_GET_DOMAIN_PATH, Z("0\0"), XS_GET_DOMAIN_PATH, Z("/local/domain/0\0"));
    observe("GET_DOMAIN_PATH abc -> " + c.call(XS_GET_DOMAIN_PATH, Z("abc\0")).desc());
    expect(c, "IS_DOMAIN_INTRODUCED 0", XS_IS_DOMAIN_INTRODUCED, Z("0\0"), XS_IS_DOMAIN_INTRODUCED, Z("T\0"));
    expect(c, "IS_DOMAIN_INTRODUCED 4242", XS_IS_DOMAIN_INTRODUCED, Z("4242\0"), XS_IS_DOMAIN_INTRODUCED, Z("F\0"));
    observe("IS_DOMAIN_INTRODUCED x -> " + c.call(XS_IS_DOMAIN_INTRODUCED, Z("x\0")).desc());
}

void c_introduce() {
    Conn c;
    expect_err(c, "INTRODUCE with too few args", XS_INTRODUCE, Z("5\0"), "EINVAL");
    expect_err(c, "INTRODUCE with non-numeric args", XS_INTRODUCE, Z("x\0y\0z\0"), "EINVAL");
}

void c_release() {
    Conn c;
    expect_err(c, "RELEASE unknown domain", XS_RELEASE, Z("4242\0"), "ENOENT");
    observe("RELEASE x -> " + c.call(XS_RELEASE, Z("x\0")).desc());
}

void c_resume() {
    Conn c;
    expect_err(c, "RESUME unknown domain", XS_RESUME, Z("4242\0"), "ENOENT");
}

void c_set_target() {
    Conn c;
    expect_err(c, "SET_TARGET unknown domains", XS_SET_TARGET, Z("4242\0004243\0"), "ENOENT");
    expect_err(c, "SET_TARGET one arg", XS_SET_TARGET, Z("4242\0"), "EINVAL");
}

void c_bad_types() {
    Conn c;
    // both references answer ENOSYS to every type they have no handler for
    expect_err(c, "type 20 (removed XS_RESTRICT)", XS_RESTRICT_REMOVED, Z("0\0"), "ENOSYS");
    expect_err(c, "client-sent WATCH_EVENT", XS_WATCH_EVENT, Z("/a\0b\0"), "ENOSYS");
    expect_err(c, "client-sent ERROR", XS_ERROR, Z("EINVAL\0"), "ENOSYS");
}

void c_unknown_type() {
    Conn c;
    expect_err(c, "unknown type 9999", 9999, Z("x\0"), "ENOSYS");
    expect_err(c, "unknown type 0xffff (XS_INVALID)", 0xffff, Z("x\0"), "ENOSYS");
    expect_err(c, "unknown type 27 (first unassigned)", 27, Z("x\0"), "ENOSYS");
    expect(c, "connection usable after", XS_READ, B + "/sentinel" + '\0', XS_READ, "alive");
}

void c_extensions() {  // newer Xen: GET/SET_FEATURE, GET/SET_QUOTA (docs/misc/xenstore.txt)
    Conn c;
    Reply r = c.call(XS_GET_FEATURE, "");
    observe("GET_FEATURE (global) -> " + r.desc());
    check(r.kind == Reply::Msg && r.h.type == XS_GET_FEATURE && r.payload.size() >= 2 && r.payload.back() == '\0' &&
              r.payload.find_first_not_of("0123456789") == r.payload.size() - 1,
          "GET_FEATURE global: decimal value + NUL", r.desc());
    r = c.call(XS_GET_FEATURE, Z("0\0"));
    observe("GET_FEATURE 0 -> " + r.desc());
    check(r.kind == Reply::Msg && (r.h.type == XS_GET_FEATURE || r.h.type == XS_ERROR), "GET_FEATURE dom0 answered",
          r.desc());
    expect_err(c, "GET_FEATURE of unknown domain", XS_GET_FEATURE, Z("4242\0"), "ENOENT");
    observe("SET_FEATURE 4242 1 -> " + c.call(XS_SET_FEATURE, Z("4242\0001\0")).desc());
    r = c.call(XS_GET_QUOTA, "");
    observe("GET_QUOTA (names) -> " + r.desc());
    check(r.kind == Reply::Msg && r.h.type == XS_GET_QUOTA && !r.payload.empty() && r.payload.back() == '\0',
          "GET_QUOTA lists quota names", r.desc());
    // the names come as one string, space separated (upstream C xenstored)
    std::string first = r.kind == Reply::Msg ? std::string(r.payload.c_str()) : "";
    first = first.substr(0, first.find(' '));
    if (!first.empty()) {
        r = c.call(XS_GET_QUOTA, first + '\0');
        observe("GET_QUOTA " + first + " -> " + r.desc());
        check(r.kind == Reply::Msg && r.h.type == XS_GET_QUOTA && r.payload.size() >= 2 &&
                  r.payload.find_first_not_of("0123456789") == r.payload.size() - 1,
              "GET_QUOTA " + first + ": decimal value + NUL", r.desc());
        std::string val = r.payload;
        expect(c, "SET_QUOTA " + first + " to same value", XS_SET_QUOTA, first + '\0' + val, XS_SET_QUOTA, OK);
    }
    expect_err(c, "GET_QUOTA unknown name", XS_GET_QUOTA, Z("no-such-quota\0"), "EINVAL");
    expect_err(c, "GET_QUOTA of unknown domain", XS_GET_QUOTA, Z("4242\0") + first + '\0', "ENOENT");
}

// ---- malformed frames / abuse

void c_len_over_4096() {
    Conn c;
    c.send(frame(XS_WRITE, 1, 0, "", 4097));
    c.send(std::string(100, 'x'));
    Reply r = c.recv(3000);
    observe("header announcing 4097 bytes -> " + r.desc());
    check(r.kind == Reply::Closed, "connection closed", "got " + r.desc());
}

void c_truncated_header() {
    {
        Conn c;
        c.send(frame(XS_READ, 1, 0, "").substr(0, 8));
    }  // closed with half a header
    {
        Conn c;
        std::string f = frame(XS_READ, 1, 0, B + "/sentinel" + '\0');
        c.send(f.substr(0, sizeof(Hdr) + 3));  // header + part of payload, then close
    }
    ok("sent truncated frames and closed");
}

void c_split_frames() {
    Conn c;
    std::string f = frame(XS_READ, 42, 0, B + "/sentinel" + '\0') + frame(XS_READ, 43, 0, B + "/sentinel" + '\0');
    for (char ch : f) {  // one byte at a time
        c.send(std::string(1, ch));
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    Reply r1 = c.recv(), r2 = c.recv();
    check(r1.kind == Reply::Msg && r1.h.req_id == 42 && r1.payload == "alive", "first reply to byte-wise frames", r1.desc());
    check(r2.kind == Reply::Msg && r2.h.req_id == 43 && r2.payload == "alive", "second reply", r2.desc());
}

void c_read_no_nul() {
    Conn c;
    expect_err(c, "READ path without NUL", XS_READ, B + "/sentinel", "EINVAL");
}
void c_rm_no_nul() {
    Conn c;
    expect_err(c, "RM path without NUL", XS_RM, B + "/sentinel", "EINVAL");
}
void c_read_empty() {
    Conn c;
    expect_err(c, "READ with empty payload", XS_READ, "", "EINVAL");
}
void c_getperms_empty() {
    Conn c;
    expect_err(c, "GET_PERMS with empty payload", XS_GET_PERMS, "", "EINVAL");
}
void c_empty_payload() {  // zero-length requests of types that need arguments
    Conn c;
    expect_err(c, "WRITE with empty payload", XS_WRITE, "", "EINVAL");
    expect_err(c, "WATCH with empty payload", XS_WATCH, "", "EINVAL");
    expect_err(c, "GET_DOMAIN_PATH with empty payload", XS_GET_DOMAIN_PATH, "", "EINVAL");
}

void c_pipelined() {
    Conn c;
    std::string all;
    for (uint32_t i = 0; i < 50; ++i) {
        if (i % 5 == 4) all += frame(XS_READ, 1000 + i, 0, B + "/missing" + '\0');
        else all += frame(XS_READ, 1000 + i, 0, B + "/sentinel" + '\0');
    }
    c.send(all);
    int good = 0;
    std::string first_bad;
    for (uint32_t i = 0; i < 50; ++i) {
        Reply r = c.recv();
        bool err = i % 5 == 4;
        bool g = r.kind == Reply::Msg && r.h.req_id == 1000 + i &&
                 (err ? (r.h.type == XS_ERROR && r.payload == Z("ENOENT\0"))
                      : (r.h.type == XS_READ && r.payload == "alive"));
        if (g) ++good;
        else if (first_bad.empty()) first_bad = "#" + std::to_string(i) + ": " + r.desc();
        if (r.kind != Reply::Msg) break;
    }
    check(good == 50, "50 pipelined requests, 50 replies in order", std::to_string(good) + " good; first bad " + first_bad);
}

struct Case { const char* name; void (*fn)(); bool extension; };
const std::vector<Case> kCases = {
    {"control", c_control, false}, {"control_unknown", c_control_unknown, false}, {"directory", c_directory, false}, {"directory_part", c_directory_part, false},
    {"read", c_read, false}, {"write", c_write, false}, {"write_4096", c_write_4096, false},
    {"mkdir", c_mkdir, false}, {"rm", c_rm, false}, {"perms", c_perms, false}, {"watch", c_watch, false},
    {"reset_watches", c_reset_watches, false}, {"transaction", c_transaction, false},
    {"unknown_tx", c_unknown_tx, false}, /* after "transaction": uses its id */ {"domain", c_domain, false}, {"introduce", c_introduce, false},
    {"release", c_release, false}, {"resume", c_resume, false}, {"set_target", c_set_target, false},
    {"bad_types", c_bad_types, false}, {"unknown_type", c_unknown_type, false},
    {"extensions", c_extensions, true},
    {"len_over_4096", c_len_over_4096, false}, {"truncated_header", c_truncated_header, false},
    {"split_frames", c_split_frames, false}, {"read_no_nul", c_read_no_nul, false},
    {"rm_no_nul", c_rm_no_nul, false}, {"read_empty", c_read_empty, false},
    {"getperms_empty", c_getperms_empty, false}, {"empty_payload", c_empty_payload, false},
    {"pipelined", c_pipelined, false},
};

void health() {
    std::string saved = g_case;
    Conn c;
    if (!c.good()) { fail("afterwards: new connection", "connect failed: " + std::string(std::strerror(errno))); return; }
    Reply r = c.call(XS_READ, B + "/sentinel" + '\0');
    check(r.kind == Reply::Msg && r.h.type == XS_READ && r.payload == "alive",
          "afterwards: new connection works, committed node still there", r.desc());
}

}  // namespace

int main(int argc, char** argv) {
    const char* p = std::getenv("XENSTORED_PATH");
    g_sock = p && *p ? p : "/var/run/xenstored/socket";
    bool ext = false;
    std::set<std::string> skip, only;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-l") { for (auto& c : kCases) std::printf("%s\n", c.name); return 0; }
        if (a == "-x") { ext = true; continue; }
        if (a == "-s" && i + 1 < argc) {
            std::string s = argv[++i];
            size_t pos;
            while ((pos = s.find(',')) != std::string::npos) { if (pos) skip.insert(s.substr(0, pos)); s.erase(0, pos + 1); }
            if (!s.empty()) skip.insert(s);
            continue;
        }
        only.insert(a);
    }
    g_case = "setup";
    {
        Conn c;
        if (!check(c.good(), "connect to " + g_sock, std::strerror(errno))) {
            std::printf("%d passed, %d failed, %d skipped\n", g_pass, g_fail, g_skip);
            return 1;
        }
        c.call(XS_RM, B + '\0');
        Reply r = c.call(XS_WRITE, B + "/sentinel" + '\0' + "alive");
        check(r.kind == Reply::Msg && r.h.type == XS_WRITE && r.payload == OK, "write sentinel", r.desc());
    }
    for (auto& c : kCases) {
        if (!only.empty() && !only.count(c.name)) continue;
        g_case = c.name;
        if (skip.count(c.name)) { ++g_skip; std::printf("skip - %s: skipped by request\n", c.name); continue; }
        if (c.extension && !ext) { ++g_skip; std::printf("skip - %s: newer message type, needs -x\n", c.name); continue; }
        c.fn();
        health();
    }
    std::printf("%d passed, %d failed, %d skipped\n", g_pass, g_fail, g_skip);
    return g_fail ? 1 : 0;
}
