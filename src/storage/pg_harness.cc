#include "storage/pg_harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

extern char** environ;

namespace switchyard::storage::testing {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRunuserPaths[] = {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"};

bool has_initdb(const std::string& dir) {
  std::error_code ec;
  return !dir.empty() && fs::exists(fs::path(dir) / "initdb", ec) &&
         fs::exists(fs::path(dir) / "pg_ctl", ec);
}

std::string find_bindir() {
  if (const char* env = std::getenv("SWITCHYARD_PG_BINDIR"); env && has_initdb(env)) return env;
  if (FILE* p = popen("pg_config --bindir 2>/dev/null", "r")) {
    char buf[512] = {};
    std::string line = fgets(buf, sizeof buf, p) ? buf : "";
    pclose(p);
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
    if (has_initdb(line)) return line;
  }
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    std::string bin = (entry.path() / "bin").string();
    if (has_initdb(bin)) found.push_back(bin);
  }
  if (found.empty()) return {};
  // The newest version: compare the numeric directory names.
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
    auto version = [](const std::string& s) {
      return std::atoi(fs::path(s).parent_path().filename().c_str());
    };
    return version(a) < version(b);
  });
  return found.back();
}

std::string runuser_path() {
  std::error_code ec;
  for (const char* p : kRunuserPaths)
    if (fs::exists(p, ec)) return p;
  return {};
}

std::string tail(const std::string& path, size_t max_chars = 2000) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > max_chars ? s.substr(s.size() - max_chars) : s;
}

Result<int> free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return make_error(ErrorCode::kInternal, "socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  if (port <= 0) return make_error(ErrorCode::kInternal, "cannot find a free port");
  return port;
}

// Spawns argv (stdin from `stdin_fd` or /dev/null, output appended to
// `log`), optionally in a new session; returns the pid.
Result<pid_t> spawn(const std::vector<std::string>& argv, const std::string& log, int stdin_fd,
                    bool new_session) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (stdin_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  if (new_session) posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0)
    return make_error(ErrorCode::kInternal, "cannot run " + argv[0] + ": " + std::strerror(rc));
  return pid;
}

// Runs argv to completion; fails with the log's tail unless it exits 0.
Result<void> run(const std::vector<std::string>& argv, const std::string& log) {
  auto pid = spawn(argv, log, -1, false);
  if (!pid) return std::unexpected(pid.error());
  int status = 0;
  while (waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  std::string cmd;
  for (const std::string& a : argv) cmd += a + " ";
  return make_error(ErrorCode::kInternal, "command failed: " + cmd + "\n" + tail(log));
}

bool make_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  return fs::is_directory(dir, ec);
}

}  // namespace

Result<std::unique_ptr<PgServer>> PgServer::start(const PgServerOptions& options) {
  std::unique_ptr<PgServer> s(new PgServer());
  const bool keep = !options.directory.empty();
  s->bindir_ = find_bindir();
  if (s->bindir_.empty())
    return make_error(ErrorCode::kInternal,
                      "PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian "
                      "package `postgresql` (scripts/install-deps) or set SWITCHYARD_PG_BINDIR");
  std::vector<std::string> as_user;  // prefix that runs a command as the postgres user
  std::string runuser;
  const passwd* pw = nullptr;
  if (geteuid() == 0) {
    runuser = runuser_path();
    pw = getpwnam("postgres");
    if (!pw || runuser.empty())
      return make_error(ErrorCode::kInternal,
                        "running as root, but there is no `postgres` user or no runuser to "
                        "run PostgreSQL as (install the Debian package `postgresql`)");
    as_user = {runuser, "-u", "postgres", "--"};
  }
  s->dir_ = keep ? options.directory
                 : ((pw ? fs::path("/tmp") : fs::temp_directory_path()) / "switchyard-pg-XXXXXX").string();
  if (keep ? !make_dir(s->dir_) : !mkdtemp(s->dir_.data()))
    return make_error(ErrorCode::kInternal, "cannot create " + s->dir_);
  if (pw && chown(s->dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0)
    return make_error(ErrorCode::kInternal, "cannot chown " + s->dir_ + " to postgres");
  const std::string data = s->dir_ + "/data";
  const std::string pg_ctl = s->bindir_ + "/pg_ctl";

  // The watchdog first, so the server stops (and a temp directory goes
  // away) whatever happens next. A kept cluster stops cleanly ("fast"), so
  // the next start needs no crash recovery.
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return make_error(ErrorCode::kInternal, "pipe2 failed");
  const std::string script =
      "read _ignored; if [ -n \"$3\" ]; then \"$3\" -u postgres -- \"$0\" stop -D \"$1\" -m "
      "\"$4\" -w; "
      "else \"$0\" stop -D \"$1\" -m \"$4\" -w; fi >/dev/null 2>&1; if [ -n \"$2\" ]; then rm -rf \"$2\"; fi";
  auto watchdog = spawn({"/bin/sh", "-c", script, pg_ctl, data, keep ? "" : s->dir_, runuser,
                         keep ? "fast" : "immediate"},
                        "/dev/null", fds[0], true);
  close(fds[0]);
  if (!watchdog) {
    close(fds[1]);
    if (!keep) fs::remove_all(s->dir_);
    return std::unexpected(watchdog.error());
  }
  s->watchdog_fd_ = fds[1];
  s->watchdog_pid_ = *watchdog;

  const std::string log = s->dir_ + "/commands.log";
  std::vector<std::string> initdb = as_user;
  initdb.push_back(s->bindir_ + "/initdb");
  for (const char* a : {"-D", data.c_str(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--locale=C", "--no-sync"})
    initdb.push_back(a);
  std::error_code ec;
  if (!(keep && fs::exists(data + "/PG_VERSION", ec)))
    if (auto r = run(initdb, log); !r) return std::unexpected(r.error());

  Error last{ErrorCode::kInternal, "PostgreSQL did not start", ""};
  for (int attempt = 0; attempt < 3; ++attempt) {  // the port may be taken meanwhile
    auto port = free_port();
    if (!port) return std::unexpected(port.error());
    std::string server_options =
        "-p " + std::to_string(*port) + " -k " + s->dir_ + " -c listen_addresses=127.0.0.1";
    if (!options.durable) server_options += " -c fsync=off -c full_page_writes=off";
    std::vector<std::string> start = as_user;
    for (const std::string& a :
         {pg_ctl, std::string("start"), std::string("-D"), data, std::string("-l"),
          s->dir_ + "/server.log", std::string("-w"), std::string("-t"), std::string("60"),
          std::string("-o"), server_options})
      start.push_back(a);
    auto r = run(start, log);
    if (r) {
      s->port_ = *port;
      return s;
    }
    last = r.error();
    last.message += "\nserver log:\n" + tail(s->dir_ + "/server.log");
  }
  return std::unexpected(last);
}

Result<PgServer*> PgServer::shared() {
  static std::mutex mu;
  static std::unique_ptr<PgServer> server;
  static std::optional<Error> failure;
  std::lock_guard<std::mutex> lock(mu);
  if (server) return server.get();
  if (failure) return std::unexpected(*failure);
  auto s = start();
  if (!s) {
    failure = s.error();
    return std::unexpected(*failure);
  }
  server = std::move(*s);
  return server.get();
}

PgServer::~PgServer() {
  if (watchdog_fd_ >= 0) close(watchdog_fd_);  // EOF: the watchdog stops the server, removes dir_
  if (watchdog_pid_ > 0) {
    int status = 0;
    while (waitpid(watchdog_pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

std::string PgServer::url(std::string_view db) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + std::string(db);
}

Result<std::string> PgServer::create_database(std::string_view name) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      }))
    return make_error(ErrorCode::kInvalidArgument, "database names are [a-z0-9_]+", "name");
  PGconn* conn = PQconnectdb(url("postgres").c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    return make_error(ErrorCode::kInternal, "cannot connect to the test server: " + msg);
  }
  std::string sql = "CREATE DATABASE " + std::string(name);
  PGresult* r = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn);
  if (!ok) return make_error(ErrorCode::kInternal, "CREATE DATABASE failed: " + msg);
  return url(name);
}

}  // namespace switchyard::storage::testing
