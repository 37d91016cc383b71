// xsbench: load generator for XenStore daemons (ours, C xenstored, oxenstored).
//
//   xsbench WORKLOAD [--secs S] [--clients N] [--count N] [--pid PID]
//                    [--method auto|lib|part|raw] [--window N] [--timeout S] [--prefix P]
//
// Workloads: pingpong read write mixed txcounter bigdir watches memory (see bench/README.md).
// The daemon is found like libxenstore finds it: $XENSTORED_PATH, else /run/xenstored/socket.
// Every run prints exactly one line starting with "RESULT " made of key=value fields:
//   RESULT workload=read status=ok clients=1 ops=N secs=S rate=R value=V unit=U [extra...]
// `value` is the headline figure (ops/s, or B/node for memory). On failure status=fail and
// error=<reason>; the exit status is then non-zero. Nodes created under --prefix/<workload>
// are removed at the end of each workload, also on failure when the daemon still answers.

extern "C" { // xenstore.h has no C++ guards
#include <xenstore.h>
#include <xen/io/xs_wire.h>
}

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace {

// ---------------------------------------------------------------- basics

double now_s()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string &why) { throw Failure(why); }

std::string errno_str(int e) { return std::string(strerrorname_np(e) ? strerrorname_np(e) : "E?"); }

struct Opts {
    std::string workload;
    double secs = 3.0;
    int clients = -1; // workload default when < 0
    long count = -1;  // workload default when < 0
    long pid = 0;
    std::string method = "auto";
    std::string watchers = "raw";
    size_t window = 128;
    double timeout = -1;
    std::string prefix = "/bench";
};
Opts g_opt;

std::string sock_path()
{
    const char *p = getenv("XENSTORED_PATH");
    if (p && *p)
        return p;
    return "/run/xenstored/socket";
}

struct Result {
    std::string workload;
    int clients = 1;
    uint64_t ops = 0;
    double secs = 0;
    double value = 0;
    std::string unit = "ops/s";
    std::vector<std::pair<std::string, std::string>> extra;
    template <class T> void add(const std::string &k, const T &v)
    {
        if constexpr (std::is_convertible_v<T, std::string>)
            extra.emplace_back(k, std::string(v));
        else
            extra.emplace_back(k, std::to_string(v));
    }
};

// A failed run that still has figures worth printing (thrown so that cleanups run).
struct ResultFail {
    Result r;
    std::string why;
};

void print_result(const Result &r, const std::string &status = "ok", const std::string &error = "")
{
    double rate = r.secs > 0 ? r.ops / r.secs : 0;
    printf("RESULT workload=%s status=%s clients=%d ops=%llu secs=%.3f rate=%.1f value=%.2f unit=%s",
           r.workload.c_str(), status.c_str(), r.clients, (unsigned long long)r.ops, r.secs, rate, r.value,
           r.unit.c_str());
    auto clean = [](std::string s) { // values must stay one whitespace-free token
        for (char &c : s)
            if (c == ' ' || c == '\n' || c == '\t' || c == '=')
                c = '_';
        return s;
    };
    for (auto &[k, v] : r.extra)
        printf(" %s=%s", k.c_str(), clean(v).c_str());
    if (!error.empty())
        printf(" error=%s", clean(error).c_str());
    printf("\n");
    fflush(stdout);
}

// Watchdog: never hang. The message is prepared before the alarm can fire.
char g_alarm_msg[256];
void on_alarm(int)
{
    ssize_t r = write(1, g_alarm_msg, strlen(g_alarm_msg));
    (void)r;
    _exit(3);
}

// ---------------------------------------------------------------- raw wire protocol

struct Msg {
    uint32_t type = 0, req_id = 0, tx_id = 0;
    std::string body;
    bool is_error() const { return type == XS_ERROR; }
    std::string err() const { return std::string(body.c_str()); }
};

class RawConn {
  public:
    explicit RawConn(const std::string &path, size_t max_len = 64u << 20) : max_len_(max_len), buf_(1 << 16)
    {
        fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0)
            fail("socket: " + errno_str(errno));
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        if (path.size() >= sizeof a.sun_path)
            fail("socket path too long");
        memcpy(a.sun_path, path.c_str(), path.size() + 1);
        if (connect(fd_, reinterpret_cast<sockaddr *>(&a), sizeof a) < 0) {
            int e = errno;
            close(fd_);
            fail("connect(" + path + "): " + errno_str(e));
        }
    }
    ~RawConn()
    {
        if (fd_ >= 0)
            close(fd_);
    }
    RawConn(const RawConn &) = delete;
    RawConn &operator=(const RawConn &) = delete;

    int fd() const { return fd_; }

    uint32_t queue(uint32_t type, std::string_view payload, uint32_t tx = 0)
    {
        xsd_sockmsg h{type, ++rid_, tx, static_cast<uint32_t>(payload.size())};
        out_.append(reinterpret_cast<const char *>(&h), sizeof h);
        out_.append(payload);
        return h.req_id;
    }

    void flush()
    {
        size_t off = 0;
        while (off < out_.size()) {
            ssize_t n = ::send(fd_, out_.data() + off, out_.size() - off, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                fail("send: " + errno_str(errno));
            }
            off += static_cast<size_t>(n);
        }
        out_.clear();
    }

    // Parse one complete message already buffered.
    bool parse(Msg &m)
    {
        size_t avail = e_ - b_;
        if (avail < sizeof(xsd_sockmsg))
            return false;
        xsd_sockmsg h;
        memcpy(&h, buf_.data() + b_, sizeof h);
        if (h.len > max_len_)
            fail("reply of " + std::to_string(h.len) + " bytes");
        if (avail < sizeof h + h.len)
            return false;
        m.type = h.type;
        m.req_id = h.req_id;
        m.tx_id = h.tx_id;
        m.body.assign(buf_.data() + b_ + sizeof h, h.len);
        b_ += sizeof h + h.len;
        return true;
    }

    // One read() of whatever is available, waiting at most timeout_ms for it.
    void fill(int timeout_ms = 10000)
    {
        if (b_ == e_)
            b_ = e_ = 0;
        if (e_ == buf_.size()) {
            if (b_ > 0) {
                memmove(buf_.data(), buf_.data() + b_, e_ - b_);
                e_ -= b_;
                b_ = 0;
            } else {
                buf_.resize(buf_.size() * 2);
            }
        }
        pollfd p{fd_, POLLIN, 0};
        for (;;) {
            int r = poll(&p, 1, timeout_ms);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                fail("poll: " + errno_str(errno));
            if (r == 0)
                fail("no reply within " + std::to_string(timeout_ms) + " ms");
            break;
        }
        ssize_t n;
        do
            n = ::read(fd_, buf_.data() + e_, buf_.size() - e_);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            fail("read: " + errno_str(errno));
        if (n == 0)
            fail("daemon closed the connection");
        e_ += static_cast<size_t>(n);
    }

    Msg recv(int timeout_ms = 10000)
    {
        Msg m;
        while (!parse(m))
            fill(timeout_ms);
        return m;
    }

    // Request/response; watch events arriving meanwhile are counted and dropped.
    Msg call(uint32_t type, std::string_view payload, uint32_t tx = 0, int timeout_ms = 10000)
    {
        uint32_t rid = queue(type, payload, tx);
        flush();
        for (;;) {
            Msg m = recv(timeout_ms);
            if (m.type == XS_WATCH_EVENT) {
                ++stray_events;
                continue;
            }
            if (m.req_id != rid)
                fail("reply with unexpected req_id");
            return m;
        }
    }

    uint64_t stray_events = 0;

  private:
    int fd_ = -1;
    uint32_t rid_ = 0;
    size_t max_len_;
    std::string out_;
    std::vector<char> buf_;
    size_t b_ = 0, e_ = 0;
};

std::string wpayload(std::string_view path, std::string_view value)
{
    std::string s;
    s.reserve(path.size() + 1 + value.size());
    s.append(path);
    s.push_back('\0');
    s.append(value);
    return s;
}

std::string spayload(std::string_view path)
{
    std::string s(path);
    s.push_back('\0');
    return s;
}

// Send n requests made by gen(i, type, payload), at most `window` in flight; any XS_ERROR
// reply fails. Watch events on the connection are ignored.
void pipeline(RawConn &c, size_t n, size_t window,
              const std::function<void(size_t, uint32_t &, std::string &)> &gen, const char *what)
{
    size_t sent = 0, done = 0;
    uint32_t type = 0;
    std::string payload;
    Msg m;
    auto handle = [&](const Msg &r) {
        if (r.type == XS_WATCH_EVENT)
            return;
        if (r.is_error())
            fail(std::string(what) + ": " + r.err());
        ++done;
    };
    while (done < n) {
        if (sent < n && sent - done <= window / 2) {
            while (sent < n && sent - done < window) {
                gen(sent, type, payload);
                c.queue(type, payload);
                ++sent;
            }
            c.flush();
        }
        handle(c.recv());
        while (done < sent && c.parse(m))
            handle(m);
    }
}

// ---------------------------------------------------------------- libxenstore helpers

struct Xs {
    xs_handle *h;
    Xs()
    {
        h = xs_open(0);
        if (!h)
            fail("xs_open: " + errno_str(errno));
    }
    ~Xs() { xs_close(h); }
    Xs(const Xs &) = delete;
    Xs &operator=(const Xs &) = delete;
};

void xwrite(xs_handle *h, const std::string &path, std::string_view v)
{
    if (!xs_write(h, XBT_NULL, path.c_str(), v.data(), static_cast<unsigned>(v.size())))
        fail("xs_write " + path + ": " + errno_str(errno));
}

// Removes a subtree on scope exit, with a fresh connection (best effort).
struct Cleanup {
    std::string path;
    explicit Cleanup(std::string p) : path(std::move(p))
    {
        try {
            RawConn c(sock_path());
            c.call(XS_RM, spayload(path));
        } catch (const Failure &) {
        }
    }
    ~Cleanup()
    {
        try {
            RawConn c(sock_path());
            Msg m = c.call(XS_RM, spayload(path), 0, 60000);
            if (m.is_error() && m.err() != "ENOENT")
                fprintf(stderr, "xsbench: cleanup of %s: %s\n", path.c_str(), m.err().c_str());
            // Drop the common prefix node too once no workload uses it any more.
            std::string parent = path.substr(0, path.rfind('/'));
            if (!parent.empty()) {
                Msg d = c.call(XS_DIRECTORY, spayload(parent));
                if (!d.is_error() && d.body.empty())
                    c.call(XS_RM, spayload(parent));
            }
        } catch (const Failure &f) {
            fprintf(stderr, "xsbench: cleanup of %s failed: %s\n", path.c_str(), f.what());
        }
    }
};

std::string base(const char *wl) { return g_opt.prefix + "/" + wl; }

// The one-client timing loop: calls op(i) for i = 0, 1, ... until --secs have
// passed, reading the clock after every call, and sets r.ops, r.secs and r.value
// (ops per second).
template <class Op> void timed_loop(Result &r, Op op)
{
    uint64_t n = 0;
    double t0 = now_s(), end = t0 + g_opt.secs, t = t0;
    while (t < end) {
        op(n);
        ++n;
        t = now_s();
    }
    r.ops = n;
    r.secs = t - t0;
    r.value = n / r.secs;
}

// The multi-client scaffolding: nc threads, each with its own libxenstore handle
// (a failure to open one lands in errs[k] and that thread sits out), are released
// together through a latch and run body(k, handle, stop) until `stop` is set
// --secs later. Returns the seconds from the release to the last join.
template <class Body> double timed_clients(int nc, std::vector<std::string> &errs, Body body)
{
    std::latch ready(nc), go(1);
    std::atomic<bool> stop{false};
    std::vector<std::thread> th;
    for (int k = 0; k < nc; ++k)
        th.emplace_back([&, k] {
            std::unique_ptr<Xs> x;
            try {
                x = std::make_unique<Xs>();
            } catch (const Failure &f) {
                errs[k] = f.what();
            }
            ready.count_down();
            go.wait();
            if (!x)
                return;
            body(k, x->h, stop);
        });
    ready.wait();
    double t0 = now_s();
    go.count_down();
    std::this_thread::sleep_for(std::chrono::duration<double>(g_opt.secs));
    stop = true;
    for (auto &t : th)
        t.join();
    return now_s() - t0;
}

// ---------------------------------------------------------------- workloads

// One 16-byte message of a ping-pong, sent or received whole.
bool xfer16(int fd, char *buf, bool rd)
{
    size_t off = 0;
    while (off < 16) {
        ssize_t n = rd ? ::read(fd, buf + off, 16 - off) : ::write(fd, buf + off, 16 - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        off += static_cast<size_t>(n);
    }
    return true;
}

Result wl_pingpong()
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        fail("socketpair: " + errno_str(errno));
    std::thread echo([&] {
        char b[16];
        while (xfer16(sv[1], b, true) && xfer16(sv[1], b, false)) {
        }
    });
    char b[16] = "ping-ping-ping!";
    Result r;
    r.workload = "pingpong";
    timed_loop(r, [&](uint64_t) {
        if (!xfer16(sv[0], b, false) || !xfer16(sv[0], b, true))
            fail("pingpong transfer failed");
    });
    shutdown(sv[0], SHUT_RDWR);
    echo.join();
    close(sv[0]);
    close(sv[1]);
    r.unit = "roundtrips/s";
    return r;
}

// The same ping-pong between two processes, as a client and a daemon are:
// switching between processes costs more than between threads of one.
Result wl_pingpong_proc()
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        fail("socketpair: " + errno_str(errno));
    pid_t child = fork();
    if (child < 0)
        fail("fork: " + errno_str(errno));
    if (child == 0) {
        close(sv[0]);
        char b[16];
        while (xfer16(sv[1], b, true) && xfer16(sv[1], b, false)) {
        }
        _exit(0);
    }
    close(sv[1]);
    char b[16] = "ping-ping-ping!";
    Result r;
    r.workload = "pingpong-proc";
    timed_loop(r, [&](uint64_t) {
        if (!xfer16(sv[0], b, false) || !xfer16(sv[0], b, true))
            fail("pingpong-proc transfer failed");
    });
    close(sv[0]);
    waitpid(child, nullptr, 0);
    r.unit = "roundtrips/s";
    return r;
}

// A server that does no XenStore work at all: one thread per connection,
// blocking I/O, each request answered at once with a canned reply of the
// right type. What a workload reaches against it is what the clients and the
// kernel allow, the most any daemon could give them.
struct NullServer {
    char dir[40] = "/tmp/xsbench-null.XXXXXX";
    std::string sock;
    pid_t child = -1;

    NullServer()
    {
        if (!mkdtemp(dir))
            fail("mkdtemp: " + errno_str(errno));
        sock = std::string(dir) + "/socket";
        int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock.c_str());
        if (l < 0 || bind(l, reinterpret_cast<sockaddr *>(&sa), sizeof sa) < 0 || listen(l, 128) < 0)
            fail("null server socket: " + errno_str(errno));
        child = fork();
        if (child < 0)
            fail("fork: " + errno_str(errno));
        if (child == 0) {
            for (;;) {
                int c = accept(l, nullptr, nullptr);
                if (c < 0)
                    _exit(0);
                std::thread(serve, c).detach();
            }
        }
        close(l);
    }
    ~NullServer()
    {
        if (child > 0) {
            kill(child, SIGKILL);
            waitpid(child, nullptr, 0);
        }
        unlink(sock.c_str());
        rmdir(dir);
    }

    static void serve(int c)
    {
        auto readn = [&](char *b, size_t len) {
            size_t off = 0;
            while (off < len) {
                ssize_t n = ::read(c, b + off, len - off);
                if (n <= 0)
                    return false;
                off += static_cast<size_t>(n);
            }
            return true;
        };
        char in[4096 + 16];
        while (readn(in, 16)) {
            xsd_sockmsg h;
            memcpy(&h, in, sizeof h);
            if (h.len > 4096 || !readn(in + 16, h.len))
                break;
            std::string_view body;
            switch (h.type) {
            case XS_READ: body = "initial-value"; break;
            case XS_TRANSACTION_START: body = std::string_view("1", 2); break;
            case XS_DIRECTORY: body = ""; break;
            default: body = std::string_view("OK", 3); break;
            }
            char out[16 + 16];
            h.len = static_cast<uint32_t>(body.size());
            memcpy(out, &h, sizeof h);
            memcpy(out + 16, body.data(), body.size());
            size_t total = 16 + body.size();
            if (::write(c, out, total) != static_cast<ssize_t>(total))
                break;
        }
        close(c);
    }
};

Result wl_read_or_write(bool write)
{
    std::string b = base(write ? "write" : "read");
    Cleanup cl(b);
    Xs x;
    std::string node = b + "/node";
    xwrite(x.h, node, "initial-value");
    char val[32];
    Result r;
    r.workload = write ? "write" : "read";
    timed_loop(r, [&](uint64_t n) {
        if (write) {
            int len = snprintf(val, sizeof val, "v%010llu", (unsigned long long)n);
            if (!xs_write(x.h, XBT_NULL, node.c_str(), val, static_cast<unsigned>(len)))
                fail("xs_write: " + errno_str(errno));
        } else {
            unsigned len;
            void *v = xs_read(x.h, XBT_NULL, node.c_str(), &len);
            if (!v)
                fail("xs_read: " + errno_str(errno));
            free(v);
        }
    });
    return r;
}

Result wl_mixed()
{
    int nc = g_opt.clients > 0 ? g_opt.clients : 16;
    long nodes = g_opt.count > 0 ? g_opt.count : 256;
    std::string b = base("mixed");
    Cleanup cl(b);
    {
        RawConn c(sock_path());
        pipeline(
            c, nodes, g_opt.window,
            [&](size_t i, uint32_t &type, std::string &p) {
                type = XS_WRITE;
                p = wpayload(b + "/n" + std::to_string(i), "initial");
            },
            "populate");
    }
    std::vector<uint64_t> ops(nc, 0), reads(nc, 0);
    std::vector<std::string> errs(nc);
    double secs = timed_clients(nc, errs, [&](int k, xs_handle *h, const std::atomic<bool> &stop) {
        uint64_t s = 0x9e3779b97f4a7c15ull * (k + 1), n = 0, rd = 0;
        std::vector<std::string> paths;
        for (long i = 0; i < nodes; ++i)
            paths.push_back(b + "/n" + std::to_string(i));
        char val[32];
        while (!stop.load(std::memory_order_relaxed)) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            const std::string &p = paths[(s >> 8) % nodes];
            if ((s >> 40) % 10 < 8) {
                unsigned len;
                void *v = xs_read(h, XBT_NULL, p.c_str(), &len);
                if (!v) {
                    errs[k] = "xs_read: " + errno_str(errno);
                    break;
                }
                free(v);
                ++rd;
            } else {
                int len = snprintf(val, sizeof val, "c%d-%llu", k, (unsigned long long)n);
                if (!xs_write(h, XBT_NULL, p.c_str(), val, static_cast<unsigned>(len))) {
                    errs[k] = "xs_write: " + errno_str(errno);
                    break;
                }
            }
            ++n;
        }
        ops[k] = n;
        reads[k] = rd;
    });
    Result r;
    r.workload = "mixed";
    r.clients = nc;
    for (int k = 0; k < nc; ++k) {
        r.ops += ops[k];
        if (!errs[k].empty())
            fail("client " + std::to_string(k) + ": " + errs[k]);
    }
    uint64_t rd = 0;
    for (auto v : reads)
        rd += v;
    r.secs = secs;
    r.value = r.ops / r.secs;
    r.add("nodes", nodes);
    r.add("reads", rd);
    r.add("writes", r.ops - rd);
    return r;
}

Result wl_txcounter()
{
    int nc = g_opt.clients > 0 ? g_opt.clients : 16;
    std::string b = base("txcounter");
    Cleanup cl(b);
    std::string ctr = b + "/counter";
    {
        Xs x;
        xwrite(x.h, ctr, "0");
    }
    std::vector<uint64_t> commits(nc, 0), conflicts(nc, 0);
    std::vector<std::string> errs(nc);
    double secs = timed_clients(nc, errs, [&](int k, xs_handle *h, const std::atomic<bool> &stop) {
        while (!stop.load(std::memory_order_relaxed)) {
            xs_transaction_t t = xs_transaction_start(h);
            if (t == XBT_NULL) {
                if (errno == EAGAIN) {
                    ++conflicts[k];
                    continue;
                }
                errs[k] = "xs_transaction_start: " + errno_str(errno);
                break;
            }
            unsigned len;
            char *v = static_cast<char *>(xs_read(h, t, ctr.c_str(), &len));
            int e = errno;
            bool ok = v != nullptr;
            if (ok) {
                std::string nv = std::to_string(strtoull(v, nullptr, 10) + 1);
                free(v);
                ok = xs_write(h, t, ctr.c_str(), nv.data(), static_cast<unsigned>(nv.size()));
                e = errno;
            }
            if (!ok) {
                xs_transaction_end(h, t, true);
                if (e == EAGAIN) {
                    ++conflicts[k];
                    continue;
                }
                errs[k] = "read/write in transaction: " + errno_str(e);
                break;
            }
            if (xs_transaction_end(h, t, false))
                ++commits[k];
            else if (errno == EAGAIN)
                ++conflicts[k];
            else {
                errs[k] = "xs_transaction_end: " + errno_str(errno);
                break;
            }
        }
    });
    Result r;
    r.workload = "txcounter";
    r.clients = nc;
    uint64_t conf = 0;
    for (int k = 0; k < nc; ++k) {
        r.ops += commits[k];
        conf += conflicts[k];
    }
    r.secs = secs;
    r.value = r.ops / r.secs;
    Xs x;
    unsigned len;
    char *v = static_cast<char *>(xs_read(x.h, XBT_NULL, ctr.c_str(), &len));
    if (!v)
        fail("final read of counter: " + errno_str(errno));
    uint64_t final_v = strtoull(v, nullptr, 10);
    free(v);
    long long lost = static_cast<long long>(r.ops) - static_cast<long long>(final_v);
    r.add("conflicts", conf);
    r.add("counter", final_v);
    r.add("lost", lost);
    for (int k = 0; k < nc; ++k)
        if (!errs[k].empty()) {
            throw ResultFail{r, "client" + std::to_string(k) + ":" + errs[k]};
        }
    if (lost != 0) {
        throw ResultFail{r, lost > 0 ? "lost_increments" : "phantom_increments"};
    }
    return r;
}

// --- bigdir

struct Unsupported : Failure {
    using Failure::Failure;
};

size_t count_nuls(std::string_view s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\0')); }

// XS_DIRECTORY_PART loop as libxenstore does it; returns the number of children.
size_t list_part(RawConn &c, const std::string &path, uint64_t &round_trips)
{
    std::string gen, req;
    size_t off = 0, nuls = 0;
    char last2[2] = {1, 1};
    for (;;) {
        req = path;
        req.push_back('\0');
        req += std::to_string(off);
        req.push_back('\0');
        Msg m = c.call(XS_DIRECTORY_PART, req);
        ++round_trips;
        if (m.is_error())
            throw Unsupported("XS_DIRECTORY_PART: " + m.err());
        size_t g = m.body.find('\0');
        if (g == std::string::npos)
            fail("XS_DIRECTORY_PART reply without generation");
        std::string_view gv(m.body.data(), g), data(m.body.data() + g + 1, m.body.size() - g - 1);
        if (off == 0)
            gen = gv;
        else if (gen != gv) { // changed under us: restart like libxenstore
            off = nuls = 0;
            last2[0] = last2[1] = 1;
            continue;
        }
        nuls += count_nuls(data);
        for (char ch : data) {
            last2[0] = last2[1];
            last2[1] = ch;
        }
        off += data.size();
        if (data.empty() && off > 1)
            fail("XS_DIRECTORY_PART: empty part before the end");
        if (off <= 1 || last2[0] == 0)
            break;
    }
    return off <= 1 ? 0 : nuls - 1;
}

size_t list_raw(RawConn &c, const std::string &path)
{
    Msg m = c.call(XS_DIRECTORY, spayload(path));
    if (m.is_error())
        throw Unsupported("XS_DIRECTORY: " + m.err());
    return count_nuls(m.body);
}

// Probe libxenstore's xs_directory in a child: it may choke on an oversize reply.
bool probe_lib(const std::string &path, size_t expect, std::string &why)
{
    fflush(stdout);
    pid_t p = fork();
    if (p < 0)
        fail("fork: " + errno_str(errno));
    if (p == 0) {
        alarm(10);
        xs_handle *h = xs_open(0);
        if (!h)
            _exit(2);
        unsigned num = 0;
        char **d = xs_directory(h, XBT_NULL, path.c_str(), &num);
        if (!d)
            _exit(10 + (errno & 0x7f) % 100);
        _exit(num == expect ? 0 : 3);
    }
    int st = 0;
    double end = now_s() + 12;
    for (;;) {
        pid_t w = waitpid(p, &st, WNOHANG);
        if (w == p)
            break;
        if (now_s() > end) {
            kill(p, SIGKILL);
            waitpid(p, &st, 0);
            why = "xs_directory hung";
            return false;
        }
        usleep(10000);
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return true;
    if (WIFEXITED(st) && WEXITSTATUS(st) >= 10)
        why = "xs_directory:" + errno_str(WEXITSTATUS(st) - 10);
    else if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
        why = "xs_directory:wrong_count";
    else
        why = "xs_directory:status" + std::to_string(st);
    return false;
}

Result wl_bigdir()
{
    long n = g_opt.count > 0 ? g_opt.count : 10000;
    std::string b = base("bigdir");
    Cleanup cl(b);
    std::string dir = b + "/dir";
    RawConn c(sock_path());
    char name[32];
    pipeline(
        c, n, g_opt.window,
        [&](size_t i, uint32_t &type, std::string &p) {
            snprintf(name, sizeof name, "/c%05zu", i);
            type = XS_WRITE;
            p = wpayload(dir + name, "");
        },
        "populate");

    std::vector<std::string> order;
    if (g_opt.method == "auto")
        order = {"lib", "part", "raw"};
    else
        order = {g_opt.method};
    std::string method, tried;
    std::unique_ptr<Xs> x;
    uint64_t round_trips = 0;
    std::function<size_t()> list1;
    for (auto &m : order) {
        std::string why;
        try {
            if (m == "lib") {
                if (!probe_lib(dir, n, why))
                    throw Unsupported(why);
                x = std::make_unique<Xs>();
                list1 = [&]() -> size_t {
                    unsigned num = 0;
                    char **d = xs_directory(x->h, XBT_NULL, dir.c_str(), &num);
                    if (!d)
                        fail("xs_directory: " + errno_str(errno));
                    free(d);
                    return num;
                };
            } else if (m == "part") {
                list1 = [&]() { return list_part(c, dir, round_trips); };
            } else if (m == "raw") {
                list1 = [&]() {
                    ++round_trips;
                    return list_raw(c, dir);
                };
            } else
                fail("unknown --method " + m);
            size_t got = list1();
            if (got != static_cast<size_t>(n))
                throw Unsupported(m + ":wrong_count_" + std::to_string(got));
            method = m;
            break;
        } catch (const Unsupported &u) {
            tried += (tried.empty() ? "" : ",") + std::string(u.what());
            list1 = nullptr;
        }
    }
    Result r;
    r.workload = "bigdir";
    r.add("children", n);
    if (method.empty()) {
        r.add("method", "none");
        throw ResultFail{r, "no_listing_method_worked:" + tried};
    }
    round_trips = 0;
    timed_loop(r, [&](uint64_t) {
        size_t got = list1();
        if (got != static_cast<size_t>(n))
            fail("listing returned " + std::to_string(got) + " children");
    });
    uint64_t k = r.ops;
    r.unit = "listings/s";
    r.add("method", method);
    if (method != "lib")
        r.add("round_trips_per_listing", k ? static_cast<double>(round_trips) / k : 0.0);
    if (!tried.empty())
        r.add("failed_methods", tried);
    return r;
}

// --- watches

Result wl_watches()
{
    long nw = g_opt.count > 0 ? g_opt.count : 1000;
    int nc = g_opt.clients > 0 ? g_opt.clients : 10;
    if (nw % nc)
        fail("--count must be a multiple of --clients");
    long per = nw / nc;
    std::string b = base("watches");
    Cleanup cl(b);
    std::vector<std::string> paths;
    char name[32];
    for (long i = 0; i < nw; ++i) {
        snprintf(name, sizeof name, "/w%05ld", i);
        paths.push_back(b + name);
    }
    RawConn wr(sock_path());
    pipeline(
        wr, nw, g_opt.window,
        [&](size_t i, uint32_t &type, std::string &p) {
            type = XS_WRITE;
            p = wpayload(paths[i], "0");
        },
        "populate");

    const bool lib = g_opt.watchers == "lib";
    if (!lib && g_opt.watchers != "raw")
        fail("--watchers must be raw or lib");
    std::atomic<uint64_t> received{0}, writes_done{0};
    std::atomic<double> lib_last{0};
    std::atomic<bool> lib_stop{false};
    std::vector<std::thread> lw;
    struct JoinAll {
        std::atomic<bool> &stop;
        std::vector<std::thread> &ts;
        ~JoinAll()
        {
            stop = true;
            for (auto &t : ts)
                if (t.joinable())
                    t.join();
        }
    } lib_guard{lib_stop, lw};

    // Watcher connections; register and wait for the replies and the initial events.
    std::vector<std::unique_ptr<RawConn>> w;
    for (int k = 0; k < nc && !lib; ++k)
        w.push_back(std::make_unique<RawConn>(sock_path()));
    std::vector<long> acks(nc, 0), initial(nc, 0);
    std::vector<std::string> lerr(nc);
    std::latch lready(lib ? nc : 0);
    for (int k = 0; k < nc && lib; ++k)
        lw.emplace_back([&, k] {
            std::unique_ptr<Xs> x;
            try {
                x = std::make_unique<Xs>();
                for (long j = 0; j < per; ++j) {
                    long i = k * per + j;
                    std::string tok = "t" + std::to_string(i);
                    if (!xs_watch(x->h, paths[i].c_str(), tok.c_str()))
                        fail("xs_watch: " + errno_str(errno));
                    ++acks[k];
                }
                int fd = xs_fileno(x->h);
                if (fd < 0)
                    fail("xs_fileno: " + errno_str(errno));
                double end = now_s() + 20;
                while (initial[k] < per && now_s() < end) {
                    pollfd p{fd, POLLIN, 0};
                    poll(&p, 1, 100);
                    while (char **ev = xs_check_watch(x->h)) {
                        free(ev);
                        ++initial[k];
                    }
                }
            } catch (const Failure &f) {
                lerr[k] = f.what();
            }
            lready.count_down();
            if (!lerr[k].empty())
                return;
            pollfd p{xs_fileno(x->h), POLLIN, 0};
            while (!lib_stop.load(std::memory_order_relaxed)) {
                if (poll(&p, 1, 20) <= 0)
                    continue;
                uint64_t here = 0;
                while (char **ev = xs_check_watch(x->h)) {
                    free(ev);
                    ++here;
                }
                if (here) {
                    received += here;
                    lib_last = now_s();
                }
            }
        });
    lready.wait();
    for (int k = 0; k < nc && lib; ++k)
        if (!lerr[k].empty())
            fail("watcher " + std::to_string(k) + ": " + lerr[k]);
    for (int k = 0; k < nc && !lib; ++k) {
        for (long j = 0; j < per; ++j) {
            long i = k * per + j;
            std::string p = paths[i];
            p.push_back('\0');
            p += "t" + std::to_string(i);
            p.push_back('\0');
            w[k]->queue(XS_WATCH, p);
        }
        w[k]->flush();
    }
    std::vector<pollfd> pfd(lib ? 0 : nc);
    for (int k = 0; k < nc && !lib; ++k)
        pfd[k] = {w[k]->fd(), POLLIN, 0};
    Msg m;
    double reg_end = now_s() + 20;
    long total_acks = 0, total_init = 0;
    for (int k = 0; k < nc && lib; ++k) {
        total_acks += acks[k];
        total_init += initial[k];
    }
    while (!lib && (total_acks < nw || total_init < nw)) {
        if (now_s() > reg_end)
            break;
        int r = poll(pfd.data(), nc, 200);
        if (r < 0 && errno != EINTR)
            fail("poll: " + errno_str(errno));
        for (int k = 0; k < nc; ++k) {
            if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            w[k]->fill(0);
            while (w[k]->parse(m)) {
                if (m.type == XS_WATCH_EVENT) {
                    ++initial[k];
                    ++total_init;
                } else if (m.is_error())
                    fail("XS_WATCH: " + m.err());
                else {
                    ++acks[k];
                    ++total_acks;
                }
            }
        }
    }
    if (total_acks < nw)
        fail("only " + std::to_string(total_acks) + " watches acknowledged");

    // Writer thread: pipelined writes round-robin over the watched nodes, never more than
    // `backlog` events ahead of what the watchers have received (so the run measures
    // sustained delivery rather than queueing).
    std::atomic<bool> stop{false}, writer_finished{false};
    std::string werr;
    const uint64_t backlog = 4096;
    double t0 = now_s();
    std::thread writer([&] {
        try {
            uint64_t sent = 0, done = 0;
            size_t win = std::max<size_t>(g_opt.window, 64);
            char val[24];
            Msg rm;
            while (!stop.load(std::memory_order_relaxed) || done < sent) {
                if (!stop.load(std::memory_order_relaxed) && sent - done <= win / 2) {
                    while (sent - done < win && sent - received.load(std::memory_order_relaxed) < backlog) {
                        int len = snprintf(val, sizeof val, "%llu", (unsigned long long)sent);
                        wr.queue(XS_WRITE, wpayload(paths[sent % nw], std::string_view(val, len)));
                        ++sent;
                    }
                    wr.flush();
                }
                if (done == sent) {
                    std::this_thread::sleep_for(std::chrono::microseconds(50));
                    continue;
                }
                Msg r1 = wr.recv();
                if (r1.is_error())
                    fail("write: " + r1.err());
                ++done;
                while (done < sent && wr.parse(rm)) {
                    if (rm.is_error())
                        fail("write: " + rm.err());
                    ++done;
                }
            }
            writes_done = done;
        } catch (const Failure &f) {
            werr = f.what();
        }
        writer_finished = true;
    });
    struct JoinGuard {
        std::atomic<bool> &stop;
        std::thread &t;
        ~JoinGuard()
        {
            stop = true;
            if (t.joinable())
                t.join();
        }
    } guard{stop, writer};
    double stop_at = t0 + g_opt.secs, t_last = t0, hard_end = t0 + g_opt.secs * 3 + 10;
    uint64_t got = 0;
    std::string bad;
    for (;;) {
        double t = now_s();
        if (!stop && t >= stop_at)
            stop = true;
        if (writer_finished && got >= writes_done)
            break;
        if (writer_finished && t - t_last > 2.0)
            break; // idle: the rest is lost
        if (t > hard_end)
            break;
        if (lib) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            uint64_t g = received.load();
            if (g != got) {
                got = g;
                t_last = lib_last.load();
            }
            continue;
        }
        int r = poll(pfd.data(), nc, 50);
        if (r < 0 && errno != EINTR)
            fail("poll: " + errno_str(errno));
        if (r <= 0)
            continue;
        for (int k = 0; k < nc; ++k) {
            if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            w[k]->fill(0);
            uint64_t here = 0;
            while (w[k]->parse(m)) {
                if (m.type == XS_WATCH_EVENT)
                    ++here;
                else if (bad.empty())
                    bad = "unexpected message type " + std::to_string(m.type);
            }
            if (here) {
                got += here;
                received.store(got, std::memory_order_relaxed);
                t_last = now_s();
            }
        }
    }
    stop = true;
    writer.join();
    if (!werr.empty())
        fail("writer: " + werr);
    Result r;
    r.workload = "watches";
    r.clients = nc;
    r.ops = got;
    r.secs = t_last - t0;
    r.value = r.secs > 0 ? got / r.secs : 0;
    r.unit = "events/s";
    r.add("watches", nw);
    r.add("writes", static_cast<uint64_t>(writes_done));
    r.add("missing", static_cast<long long>(writes_done) - static_cast<long long>(got));
    r.add("initial_events", total_init);
    r.add("watchers", g_opt.watchers);
    if (!bad.empty())
        fail(bad);
    if (got != writes_done) {
        throw ResultFail{r, "events_missing"};
    }
    return r;
}

// --- memory

long rss_kb(long pid)
{
    std::string f = "/proc/" + std::to_string(pid) + "/status";
    FILE *fp = fopen(f.c_str(), "r");
    if (!fp)
        fail("open " + f + ": " + errno_str(errno));
    char line[256];
    long v = -1;
    while (fgets(line, sizeof line, fp))
        if (sscanf(line, "VmRSS: %ld kB", &v) == 1)
            break;
    fclose(fp);
    if (v < 0)
        fail("no VmRSS in " + f);
    return v;
}

Result wl_memory()
{
    long n = g_opt.count > 0 ? g_opt.count : 100000;
    int nc = g_opt.clients > 0 ? g_opt.clients : 4;
    if (g_opt.pid <= 0)
        fail("memory needs --pid DAEMON_PID");
    std::string b = base("memory");
    Cleanup cl(b);
    std::vector<std::unique_ptr<RawConn>> cs;
    for (int k = 0; k < nc; ++k)
        cs.push_back(std::make_unique<RawConn>(sock_path()));
    // Settle: one round trip each, so connection setup is not counted.
    for (auto &c : cs)
        c->call(XS_READ, spayload("/"));
    usleep(100000);
    long before = rss_kb(g_opt.pid);
    std::vector<std::string> errs(nc);
    std::vector<std::thread> th;
    double t0 = now_s();
    for (int k = 0; k < nc; ++k)
        th.emplace_back([&, k] {
            try {
                long lo = n * k / nc, hi = n * (k + 1) / nc;
                char path[96], val[16];
                pipeline(
                    *cs[k], hi - lo, g_opt.window,
                    [&](size_t i, uint32_t &type, std::string &p) {
                        long j = lo + static_cast<long>(i);
                        int pl = snprintf(path, sizeof path, "%s/d%03ld/k%05ld", b.c_str(), j / 1000, j % 1000);
                        int vl = snprintf(val, sizeof val, "v%07ld", j);
                        type = XS_WRITE;
                        p = wpayload(std::string_view(path, pl), std::string_view(val, vl));
                    },
                    "write");
            } catch (const Failure &f) {
                errs[k] = f.what();
            }
        });
    for (auto &t : th)
        t.join();
    double t1 = now_s();
    for (auto &e : errs)
        if (!e.empty())
            fail(e);
    usleep(100000);
    long after = rss_kb(g_opt.pid);
    Result r;
    r.workload = "memory";
    r.clients = nc;
    r.ops = n;
    r.secs = t1 - t0;
    r.value = (after - before) * 1024.0 / n;
    r.unit = "B/node";
    r.add("rss_before_kb", before);
    r.add("rss_after_kb", after);
    return r;
}

void usage()
{
    fprintf(stderr,
            "usage: xsbench WORKLOAD [options]\n"
            "  workloads: pingpong pingpong-proc ceiling read write mixed txcounter bigdir watches memory\n"
            "  --secs S       duration of timed workloads (default 3)\n"
            "  --clients N    mixed/txcounter: threads (16); watches: watcher connections (10);\n"
            "                 memory: writer connections (4)\n"
            "  --count N      mixed: nodes (256); bigdir: children (10000); watches: watches (1000);\n"
            "                 memory: nodes (100000)\n"
            "  --pid PID      daemon PID (memory: RSS is read from /proc/PID/status)\n"
            "  --method M     bigdir: auto|lib|part|raw (auto tries lib, part, raw in turn)\n"
            "  --watchers W   watches: raw (own sockets, one polling thread; default) or lib\n"
            "                 (one thread per client: xs_watch, xs_fileno+poll, xs_check_watch)\n"
            "  --window N     requests in flight on pipelined raw connections (128)\n"
            "  --timeout S    watchdog: give up after S seconds (default 5*secs+120)\n"
            "  --prefix P     store path under which nodes are created (/bench)\n"
            "  --null-server  run the workload against a server that does no XenStore work (a ceiling)\n"
            "The daemon socket is $XENSTORED_PATH (default /run/xenstored/socket).\n");
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage();
        return 2;
    }
    g_opt.workload = argv[1];
    bool null_server = g_opt.workload == "ceiling";
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        auto val = [&]() -> std::string {
            if (i + 1 >= argc) {
                fprintf(stderr, "xsbench: %s needs a value\n", a.c_str());
                exit(2);
            }
            return argv[++i];
        };
        if (a == "--secs")
            g_opt.secs = atof(val().c_str());
        else if (a == "--clients")
            g_opt.clients = atoi(val().c_str());
        else if (a == "--count")
            g_opt.count = atol(val().c_str());
        else if (a == "--pid")
            g_opt.pid = atol(val().c_str());
        else if (a == "--method")
            g_opt.method = val();
        else if (a == "--watchers")
            g_opt.watchers = val();
        else if (a == "--window")
            g_opt.window = std::max(2L, atol(val().c_str()));
        else if (a == "--timeout")
            g_opt.timeout = atof(val().c_str());
        else if (a == "--prefix")
            g_opt.prefix = val();
        else if (a == "--null-server")
            null_server = true;
        else if (a == "-h" || a == "--help") {
            usage();
            return 0;
        } else {
            fprintf(stderr, "xsbench: unknown option %s\n", a.c_str());
            usage();
            return 2;
        }
    }
    if (g_opt.secs <= 0)
        g_opt.secs = 3;
    double to = g_opt.timeout > 0 ? g_opt.timeout : g_opt.secs * 5 + 120;
    snprintf(g_alarm_msg, sizeof g_alarm_msg, "RESULT workload=%s status=fail error=timeout_after_%.0fs\n",
             g_opt.workload.c_str(), to);
    signal(SIGALRM, on_alarm);
    signal(SIGPIPE, SIG_IGN);
    alarm(static_cast<unsigned>(to));

    Result r;
    r.workload = g_opt.workload;
    std::unique_ptr<NullServer> null;
    try {
        if (null_server) {
            null = std::make_unique<NullServer>();
            setenv("XENSTORED_PATH", null->sock.c_str(), 1);
        }
        const std::string &w = g_opt.workload;
        if (w == "pingpong")
            r = wl_pingpong();
        else if (w == "pingpong-proc")
            r = wl_pingpong_proc();
        else if (w == "ceiling") {
            r = wl_read_or_write(false);  // read, against the null server
            r.workload = "ceiling";
        }
        else if (w == "read")
            r = wl_read_or_write(false);
        else if (w == "write")
            r = wl_read_or_write(true);
        else if (w == "mixed")
            r = wl_mixed();
        else if (w == "txcounter")
            r = wl_txcounter();
        else if (w == "bigdir")
            r = wl_bigdir();
        else if (w == "watches")
            r = wl_watches();
        else if (w == "memory")
            r = wl_memory();
        else {
            fprintf(stderr, "xsbench: unknown workload %s\n", w.c_str());
            usage();
            return 2;
        }
    } catch (const ResultFail &f) {
        print_result(f.r, "fail", f.why);
        return 1;
    } catch (const Failure &f) {
        print_result(r, "fail", f.what());
        return 1;
    } catch (const std::exception &e) {
        print_result(r, "fail", e.what());
        return 1;
    }
    print_result(r);
    return 0;
}
