// ptsearch serve: an Asio thread accepts and parses HTTP, a bounded queue hands requests to workers with a Searcher each.
#include "server/server.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

// Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility> (GCC 12, C++20).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "pt/error.h"
#include "ptsearch/printers.h"
#include "ptsearch/searcher.h"
#include "server/api.h"
#include "server/auth.h"
#include "web/assets.h"

namespace pt::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

constexpr auto kReopenEvery = std::chrono::milliseconds(100);  // how often a worker looks for new commits
constexpr std::size_t kHeaderLimit = 32 * 1024;  // room for a 4096-byte query percent-encoded, and filters
const char* const kJson = "application/json";

struct Reply {
  unsigned status = 200;
  std::string content_type = kJson;
  std::string body;
  std::string allow;  // for 405
  bool ask_for_token = false;  // for 401: WWW-Authenticate
};

Reply error_reply(unsigned status, std::string_view message) { return Reply{status, kJson, error_json(status, message), {}}; }

Reply token_needed() {
  Reply r = error_reply(401, "this server needs an access token: send \"Authorization: Bearer TOKEN\"");
  r.ask_for_token = true;
  return r;
}

// What the endpoint label of the metrics is for a path.
enum class Endpoint { Search, Doc, Health, Stats, Metrics, Page, Other };
constexpr const char* kEndpointNames[] = {"search", "doc", "health", "stats", "metrics", "page", "other"};

// Request counts by endpoint and status, a latency histogram, and the index's state as the workers last saw it.
class Metrics {
 public:
  static constexpr double kBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  void record(Endpoint e, unsigned status, double seconds) {
    std::lock_guard lock(mu_);
    ++counts_[{static_cast<int>(e), status}];
    for (std::size_t i = 0; i < std::size(kBuckets); ++i)
      if (seconds <= kBuckets[i]) ++buckets_[i];
    sum_ += seconds;
    ++requests_;
  }
  std::uint64_t requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::string render(double uptime, std::size_t queued) const {
    std::lock_guard lock(mu_);
    std::string out;
    out += "# HELP ptsearch_http_requests_total HTTP requests answered, by endpoint and status.\n";
    out += "# TYPE ptsearch_http_requests_total counter\n";
    std::uint64_t errors = 0, overloads = 0;
    for (const auto& [key, n] : counts_) {
      out += "ptsearch_http_requests_total{endpoint=\"" + std::string(kEndpointNames[key.first]) + "\",status=\"" +
             std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
      if (key.second >= 500) errors += n;
      if (key.second == 503) overloads += n;
    }
    out += "# HELP ptsearch_http_request_duration_seconds Time from a request's last byte read to its answer.\n";
    out += "# TYPE ptsearch_http_request_duration_seconds histogram\n";
    for (std::size_t i = 0; i < std::size(kBuckets); ++i) {
      char le[32];
      std::snprintf(le, sizeof le, "%g", kBuckets[i]);
      out += "ptsearch_http_request_duration_seconds_bucket{le=\"" + std::string(le) + "\"} " + std::to_string(buckets_[i]) + "\n";
    }
    out += "ptsearch_http_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(requests_) + "\n";
    char sum[64];
    std::snprintf(sum, sizeof sum, "%.6f", sum_);
    out += "ptsearch_http_request_duration_seconds_sum " + std::string(sum) + "\n";
    out += "ptsearch_http_request_duration_seconds_count " + std::to_string(requests_) + "\n";
    out += "# HELP ptsearch_http_errors_total Requests answered with a 5xx status (server errors and overload).\n";
    out += "# TYPE ptsearch_http_errors_total counter\nptsearch_http_errors_total " + std::to_string(errors) + "\n";
    out += "# HELP ptsearch_http_overload_total Requests refused with 503 because the work queue was full.\n";
    out += "# TYPE ptsearch_http_overload_total counter\nptsearch_http_overload_total " + std::to_string(overloads) + "\n";
    out += "# HELP ptsearch_index_documents Documents in the index (as the workers last saw it).\n";
    out += "# TYPE ptsearch_index_documents gauge\nptsearch_index_documents " + std::to_string(documents.load()) + "\n";
    out += "# HELP ptsearch_index_generation The index's commit number (Xapian revision) the workers last read.\n";
    out += "# TYPE ptsearch_index_generation gauge\nptsearch_index_generation " + std::to_string(revision.load()) + "\n";
    out += "# HELP ptsearch_queue_depth Requests waiting for a worker.\n";
    out += "# TYPE ptsearch_queue_depth gauge\nptsearch_queue_depth " + std::to_string(queued) + "\n";
    char up[64];
    std::snprintf(up, sizeof up, "%.3f", uptime);
    out += "# HELP ptsearch_uptime_seconds Seconds since the server started.\n";
    out += "# TYPE ptsearch_uptime_seconds gauge\nptsearch_uptime_seconds " + std::string(up) + "\n";
    return out;
  }

  std::atomic<std::uint64_t> documents{0};
  std::atomic<std::uint64_t> revision{0};

 private:
  mutable std::mutex mu_;
  std::map<std::pair<int, unsigned>, std::uint64_t> counts_;
  std::uint64_t buckets_[std::size(kBuckets)] = {};
  double sum_ = 0;
  std::uint64_t requests_ = 0;
};

// A request handed to a worker, and how its reply gets back to the connection (on the Asio thread).
struct Job {
  Endpoint endpoint;
  http::verb method;
  std::string path;
  std::string query;
  std::string body;
  std::function<void(Reply)> done;
};

// The bounded hand-over between the Asio thread and the workers.
class WorkQueue {
 public:
  explicit WorkQueue(std::size_t capacity) : capacity_(capacity) {}
  bool try_push(Job&& job) {
    std::lock_guard lock(mu_);
    if (closed_ || jobs_.size() >= capacity_) return false;
    jobs_.push_back(std::move(job));
    cv_.notify_one();
    return true;
  }
  // Blocks for the next job; nullopt once closed and drained.
  std::optional<Job> pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return closed_ || !jobs_.empty(); });
    if (jobs_.empty()) return std::nullopt;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    return job;
  }
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return jobs_.size();
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  std::size_t capacity_;
  bool closed_ = false;
};

struct Shared {
  const Options& options;
  Metrics metrics;
  WorkQueue queue;
  Clock::time_point started = Clock::now();
  double uptime() const { return std::chrono::duration<double>(Clock::now() - started).count(); }
};

// One worker thread's Searcher and the handlers that need the index.
class Worker {
 public:
  Worker(Shared& shared, Searcher searcher) : shared_(shared), searcher_(std::move(searcher)) {}

  void run() {
    while (auto job = shared_.queue.pop()) {
      Reply reply;
      try {
        reply = handle_fresh(*job);
      } catch (...) {
        reply = error_reply(500, "internal error");
      }
      job->done(std::move(reply));
    }
  }

 private:
  Reply handle_fresh(const Job& job) {
    // New commits by ptindex become visible without a restart: look for one at most every kReopenEvery.
    if (Clock::now() - last_reopen_ >= kReopenEvery) {
      try {
        searcher_.reopen();
      } catch (const Error&) {
        reopen_fresh();
      }
      last_reopen_ = Clock::now();
    }
    try {
      return handle(job);
    } catch (const IndexError&) {
      // The index was replaced (ptindex --rebuild) or moved on too fast: a new Searcher, one retry.
      if (!reopen_fresh()) throw;
      return handle(job);
    }
  }

  bool reopen_fresh() {
    try {
      searcher_ = Searcher(shared_.options.index);
      return true;
    } catch (const Error&) {
      return false;  // keep the old one; the request reports the error
    }
  }

  void note_index() {
    const auto s = searcher_.stats();
    shared_.metrics.documents = s.documents;
    shared_.metrics.revision = s.revision;
  }

  Reply handle(const Job& job) {
    try {
      switch (job.endpoint) {
        case Endpoint::Search: {
          SearchRequest req = job.method == http::verb::post ? request_from_json(job.body) : request_from_query_string(job.query);
          req.time_limit_ms = shared_.options.query_time_limit_ms;
          auto body = render_json(searcher_.search(req));
          note_index();
          return Reply{200, kJson, std::move(body), {}};
        }
        case Endpoint::Doc: {
          const std::string id = percent_decode(job.path.substr(5), false);
          if (id.empty()) return error_reply(404, "no document id given: GET /doc/{id}");
          return Reply{200, kJson, render_json(searcher_.document(id)), {}};
        }
        case Endpoint::Health: {
          note_index();
          nlohmann::json j = {{"status", "ok"}, {"documents", searcher_.stats().documents}};
          return Reply{200, kJson, j.dump() + "\n", {}};
        }
        case Endpoint::Stats: {
          const auto s = searcher_.stats();
          nlohmann::json j = {{"documents", s.documents},     {"language", s.language},
                              {"schema", s.schema},           {"corpus_root", s.corpus_root},
                              {"revision", s.revision},       {"uptime_seconds", shared_.uptime()},
                              {"requests", shared_.metrics.requests()}, {"threads", shared_.options.threads}};
          return Reply{200, kJson, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", {}};
        }
        default:
          return error_reply(404, "not found");
      }
    } catch (const HttpError& e) {
      return error_reply(e.status(), e.what());
    } catch (const QueryError& e) {
      return error_reply(400, e.what());
    } catch (const NotFoundError& e) {
      return error_reply(404, e.what());
    } catch (const IndexError&) {
      throw;  // handle_fresh retries once with a new Searcher
    } catch (const std::exception& e) {
      return error_reply(500, e.what());
    }
  }

  Shared& shared_;
  Searcher searcher_;
  Clock::time_point last_reopen_ = Clock::now();
};

// What every connection offers the server at shutdown.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void close_if_idle() = 0;
};

// The server: listeners, live connections, routing on the Asio thread.
class Server {
 public:
  Server(asio::io_context& ioc, Shared& shared) : ioc_(ioc), shared_(shared) {}

  bool stopping() const { return stopping_; }
  Shared& shared() { return shared_; }
  asio::io_context& ioc() { return ioc_; }

  // The accept loop asks open_connections() (which prunes) before each track().
  void track(const std::shared_ptr<Connection>& c) { connections_.push_back(c); }
  // Connections whose session is still alive (closed ones linger until their last handler ran).
  std::size_t open_connections() {
    connections_.remove_if([](const std::weak_ptr<Connection>& w) { return w.expired(); });
    return connections_.size();
  }

  void stop() {
    stopping_ = true;
    for (auto& w : connections_)
      if (auto c = w.lock()) c->close_if_idle();
  }

  // Routes one request; `done` runs on the Asio thread with the reply.
  void dispatch(const http::request<http::string_body>& req, std::function<void(Reply, Endpoint)> done) {
    const std::string target(req.target());
    const auto qmark = target.find('?');
    const std::string path = target.substr(0, qmark);
    const std::string query = qmark == std::string::npos ? std::string() : target.substr(qmark + 1);
    const auto method = req.method();
    const auto only = [&](Endpoint e, std::initializer_list<http::verb> allowed, const char* allow) -> bool {
      for (const auto v : allowed)
        if (v == method) return true;
      Reply r = error_reply(405, std::string(req.method_string()) + " is not allowed on " + path + " (allowed: " + allow + ")");
      r.allow = allow;
      done(std::move(r), e);
      return false;
    };
    Endpoint e = Endpoint::Other;
    if (path == "/search") {
      e = Endpoint::Search;
      if (!only(e, {http::verb::get, http::verb::post}, "GET, POST")) return;
    } else if (path.rfind("/doc/", 0) == 0) {
      e = Endpoint::Doc;
      if (path.find('/', 5) != std::string::npos) {
        done(error_reply(404, "a document id is one path segment: encode '/' as %2F"), e);
        return;
      }
      if (!only(e, {http::verb::get}, "GET")) return;
    } else if (path == "/health") {
      e = Endpoint::Health;
      if (!only(e, {http::verb::get}, "GET")) return;
    } else if (path == "/stats") {
      e = Endpoint::Stats;
      if (!only(e, {http::verb::get}, "GET")) return;
    } else if (path == "/metrics") {
      if (!only(Endpoint::Metrics, {http::verb::get}, "GET")) return;
      if (!authorized(req)) {
        done(token_needed(), Endpoint::Metrics);
        return;
      }
      done(Reply{200, "text/plain; version=0.0.4; charset=utf-8", shared_.metrics.render(shared_.uptime(), shared_.queue.size()), {}},
           Endpoint::Metrics);
      return;
    } else if (path == "/" || path.rfind("/assets/", 0) == 0) {
      if (!only(Endpoint::Page, {http::verb::get}, "GET")) return;
      if (const auto* asset = web::find_asset(path))
        done(Reply{200, std::string(asset->content_type), std::string(asset->body), {}}, Endpoint::Page);
      else
        done(error_reply(404, "no asset at " + path), Endpoint::Page);
      return;
    } else {
      done(error_reply(404, "no such endpoint: " + path), Endpoint::Other);
      return;
    }
    if (e != Endpoint::Health && !authorized(req)) {
      done(token_needed(), e);
      return;
    }
    // The work guard keeps run() going while the job is with a worker (no Asio operation is pending then).
    auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(ioc_.get_executor());
    Job job{e, method, path, query, req.body(), {}};
    auto done_shared = std::make_shared<std::function<void(Reply, Endpoint)>>(std::move(done));
    job.done = [this, guard, done_shared, e](Reply r) {
      asio::post(ioc_, [guard, done_shared, e, r = std::move(r)]() mutable { (*done_shared)(std::move(r), e); });
    };
    if (!shared_.queue.try_push(std::move(job)))
      (*done_shared)(error_reply(503, "server busy: too many requests waiting; try again"), e);
  }

 private:
  // /health and the page are open to all; everything else needs the token, when there is one.
  bool authorized(const http::request<http::string_body>& req) const {
    const auto& token = shared_.options.token;
    const auto header = req[http::field::authorization];
    return token.empty() || bearer_matches(std::string_view(header.data(), header.size()), token);
  }

  asio::io_context& ioc_;
  Shared& shared_;
  std::list<std::weak_ptr<Connection>> connections_;
  bool stopping_ = false;
};

// One HTTP/1.1 connection (TCP or Unix socket): read a request, answer it, repeat while kept alive.
template <class Socket>
class Session : public Connection, public std::enable_shared_from_this<Session<Socket>> {
 public:
  Session(Socket socket, Server& server) : socket_(std::move(socket)), timer_(server.ioc()), server_(server) {}

  void start() { read(); }

  void close_if_idle() override {
    if (!busy_) close();
  }

 private:
  void read() {
    busy_ = false;
    if (server_.stopping()) return close();
    parser_.emplace();
    parser_->body_limit(server_.shared().options.max_body_bytes);
    parser_->header_limit(kHeaderLimit);
    auto self = this->shared_from_this();
    timer_.expires_after(std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(server_.shared().options.idle_timeout_s)));
    timer_.async_wait([self](beast::error_code ec) {
      if (!ec) self->close();
    });
    http::async_read_header(socket_, buffer_, *parser_, [self](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  // A request whose header has arrived is in flight: a shutdown lets it finish (body, answer).
  void on_header(beast::error_code ec) {
    timer_.cancel();
    if (ec) return on_read(ec);
    busy_ = true;
    auto self = this->shared_from_this();
    timer_.expires_after(std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(server_.shared().options.idle_timeout_s)));
    timer_.async_wait([self](beast::error_code tec) {
      if (!tec) self->close();
    });
    http::async_read(socket_, buffer_, *parser_, [self](beast::error_code rec, std::size_t) { self->on_read(rec); });
  }

  void on_read(beast::error_code ec) {
    timer_.cancel();
    if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted || ec == asio::error::eof ||
        ec == asio::error::connection_reset || !socket_.is_open())
      return close();
    busy_ = true;
    const auto t0 = Clock::now();
    if (ec == http::error::body_limit) {
      return answer(error_reply(413, "request body over " + std::to_string(server_.shared().options.max_body_bytes) + " bytes"),
                    Endpoint::Other, t0, false);
    }
    if (ec == http::error::header_limit) return answer(error_reply(431, "request header too large"), Endpoint::Other, t0, false);
    if (ec) return answer(error_reply(400, "malformed HTTP request: " + ec.message()), Endpoint::Other, t0, false);
    request_ = parser_->release();
    keep_alive_ = request_.keep_alive();
    version_ = request_.version();
    auto self = this->shared_from_this();
    try {
      server_.dispatch(request_, [self, t0](Reply r, Endpoint e) { self->answer(std::move(r), e, t0, self->keep_alive_); });
    } catch (const std::exception& x) {
      answer(error_reply(500, x.what()), Endpoint::Other, t0, false);
    }
  }

  void answer(Reply reply, Endpoint e, Clock::time_point t0, bool keep_alive) {
    server_.shared().metrics.record(e, reply.status, std::chrono::duration<double>(Clock::now() - t0).count());
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(reply.status), version_);
    res->set(http::field::server, "ptsearch/" PTSEARCH_VERSION);
    res->set(http::field::content_type, reply.content_type);
    res->set(http::field::cache_control, "no-store");
    if (!reply.allow.empty()) res->set(http::field::allow, reply.allow);
    if (reply.ask_for_token) res->set(http::field::www_authenticate, "Bearer realm=\"ptsearch\"");
    res->body() = std::move(reply.body);
    res->keep_alive(keep_alive && !server_.stopping());
    res->prepare_payload();
    auto self = this->shared_from_this();
    // A client that does not read its answer is dropped after the idle timeout (and so cannot hold
    // up a shutdown either).
    timer_.expires_after(std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(server_.shared().options.idle_timeout_s)));
    timer_.async_wait([self](beast::error_code tec) {
      if (!tec) self->close();
    });
    http::async_write(socket_, *res, [self, res](beast::error_code ec, std::size_t) {
      self->timer_.cancel();
      if (ec) return self->close();
      if (!res->keep_alive()) return self->linger();
      self->read();
    });
  }

  // After an answer that ends the connection: stop sending, then read and discard what the client
  // still sends (a too-large body) for a moment, so closing does not reset the connection before
  // the client has read the answer.
  void linger() {
    beast::error_code ec;
    socket_.shutdown(Socket::shutdown_send, ec);
    auto self = this->shared_from_this();
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([self](beast::error_code wec) {
      if (!wec) self->close();
    });
    drain();
  }
  void drain() {
    auto self = this->shared_from_this();
    socket_.async_read_some(asio::buffer(scratch_), [self](beast::error_code ec, std::size_t) {
      if (ec) {
        self->timer_.cancel();
        return self->close();
      }
      self->drain();
    });
  }

  void close() {
    beast::error_code ec;
    timer_.cancel();
    if (socket_.is_open()) {
      socket_.shutdown(Socket::shutdown_both, ec);
      socket_.close(ec);
    }
  }

  Socket socket_;
  asio::steady_timer timer_;
  Server& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  bool busy_ = false;
  char scratch_[4096];
};

// What a connection over the cap gets before it is closed, without its request being read.
std::string too_many_connections_answer() {
  const std::string body = error_json(503, "server busy: too many open connections; try again");
  return "HTTP/1.1 503 Service Unavailable\r\nServer: ptsearch/" PTSEARCH_VERSION
         "\r\nContent-Type: application/json\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

template <class Acceptor>
void accept_loop(Acceptor& acceptor, Server& server, asio::steady_timer& backoff) {
  acceptor.async_accept([&acceptor, &server, &backoff](beast::error_code ec, typename Acceptor::protocol_type::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open() || server.stopping()) return;
    if (ec) {
      // Out of file descriptors (or another passing failure): try again shortly instead of spinning.
      backoff.expires_after(std::chrono::milliseconds(50));
      backoff.async_wait([&acceptor, &server, &backoff](beast::error_code wec) {
        if (!wec) accept_loop(acceptor, server, backoff);
      });
      return;
    }
    if (server.open_connections() >= server.shared().options.max_connections) {
      server.shared().metrics.record(Endpoint::Other, 503, 0);
      beast::error_code ignore;
      socket.non_blocking(true, ignore);
      static const std::string answer = too_many_connections_answer();
      socket.write_some(asio::buffer(answer), ignore);
      socket.shutdown(Acceptor::protocol_type::socket::shutdown_both, ignore);
      socket.close(ignore);
    } else {
      auto session = std::make_shared<Session<typename Acceptor::protocol_type::socket>>(std::move(socket), server);
      server.track(session);
      session->start();
    }
    accept_loop(acceptor, server, backoff);
  });
}

// A socket file at `path` that nothing listens on is left over from a server that died: remove it.
// Something listening there, or a file that is not a socket, is refused.
void prepare_socket_path(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;
  if (!S_ISSOCK(st.st_mode)) throw IoError("cannot listen on " + path + ": a file that is not a socket is in the way");
  asio::io_context probe_ctx;
  asio::local::stream_protocol::socket probe(probe_ctx);
  beast::error_code ec;
  probe.connect(asio::local::stream_protocol::endpoint(path), ec);
  if (!ec) throw IoError("cannot listen on " + path + ": another server is listening there");
  std::error_code rm;
  std::filesystem::remove(path, rm);
  if (rm) throw IoError("cannot remove the stale socket " + path + ": " + rm.message());
}

}  // namespace

int serve(const Options& options, std::ostream& out) {
  if (options.threads == 0) throw ConfigError("--threads must be at least 1");
  if (options.max_connections == 0) throw ConfigError("--max-connections must be at least 1");
  if (!(options.idle_timeout_s > 0)) throw ConfigError("--idle-timeout must be more than 0 seconds");
  if (options.tcp && options.token.empty() && !is_loopback_host(options.host))
    throw ConfigError("listening on " + options.host + ", beyond this machine, needs an access token: --token-file FILE or $" +
                      kTokenEnvVar + " (docs/http-api.md, \"Access tokens\")");
  // Every worker's Searcher is opened before listening, so a missing index fails at once.
  std::vector<Searcher> searchers;
  for (unsigned i = 0; i < options.threads; ++i) searchers.emplace_back(options.index);

  asio::io_context ioc(1);
  Shared shared{options, {}, WorkQueue(options.queue_size)};
  {
    const auto s = searchers.front().stats();
    shared.metrics.documents = s.documents;
    shared.metrics.revision = s.revision;
  }
  Server server(ioc, shared);

  std::optional<asio::ip::tcp::acceptor> tcp;
  std::optional<asio::local::stream_protocol::acceptor> local;
  // Installed before the address is printed, so a client's SIGTERM is never the default (fatal) one.
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code ec, int) {
    if (ec) return;
    beast::error_code ignore;
    if (tcp) tcp->close(ignore);
    if (local) local->close(ignore);
    server.stop();
  });
  try {
    if (options.tcp) {
      const asio::ip::tcp::endpoint ep(asio::ip::make_address(options.host), options.port);
      tcp.emplace(ioc);
      tcp->open(ep.protocol());
      tcp->set_option(asio::socket_base::reuse_address(true));
      tcp->bind(ep);
      tcp->listen(asio::socket_base::max_listen_connections);
    }
    if (!options.socket_path.empty()) {
      prepare_socket_path(options.socket_path);
      local.emplace(ioc);
      local->open();
      local->bind(asio::local::stream_protocol::endpoint(options.socket_path));
      local->listen(asio::socket_base::max_listen_connections);
    }
  } catch (const boost::system::system_error& e) {
    throw IoError("cannot listen on " + (options.socket_path.empty() || tcp ? options.host + ":" + std::to_string(options.port) : options.socket_path) +
                  ": " + e.code().message());
  }
  if (tcp) {
    const auto ep = tcp->local_endpoint();
    const std::string host = ep.address().is_v6() ? "[" + ep.address().to_string() + "]" : ep.address().to_string();
    out << "listening on http://" << host << ":" << ep.port() << "\n";
  }
  if (local) out << "listening on unix:" << options.socket_path << "\n";
  out.flush();

  std::vector<std::thread> workers;
  std::vector<std::unique_ptr<Worker>> worker_objects;
  for (auto& s : searchers) worker_objects.push_back(std::make_unique<Worker>(shared, std::move(s)));
  for (auto& w : worker_objects) workers.emplace_back([&w] { w->run(); });

  asio::steady_timer tcp_backoff(ioc), local_backoff(ioc);
  if (tcp) accept_loop(*tcp, server, tcp_backoff);
  if (local) accept_loop(*local, server, local_backoff);

  // Returns once the listeners are closed and every connection has finished its request.
  ioc.run();

  shared.queue.close();
  for (auto& t : workers) t.join();
  if (local) {
    std::error_code ec;
    std::filesystem::remove(options.socket_path, ec);
  }
  return 0;
}

}  // namespace pt::server
