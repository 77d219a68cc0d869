#pragma once
// Test-only (library switchyard_pg_harness): a throwaway PostgreSQL server
// for tests and benchmarks that need a real database.
//
// start() runs `initdb` into a fresh temp directory (or a kept one, see
// PgServerOptions::directory) and `pg_ctl start` on a
// free loopback port (TCP on 127.0.0.1, the socket in the temp directory,
// trust authentication, user "postgres"). The binaries come from
// $SWITCHYARD_PG_BINDIR, `pg_config --bindir`, or /usr/lib/postgresql/*/bin.
// PostgreSQL refuses to run as root: as root the commands run through
// `runuser -u postgres --` in a directory owned by that user (the Debian
// package `postgresql` creates it; scripts/install-deps installs it).
//
// Cleanup: a watchdog process (its own session) holds a pipe from this
// process; when the PgServer is destroyed, or this process dies in any way,
// the pipe closes and the watchdog stops the server and deletes the
// directory. The destructor waits for that to finish.
//
// When the binaries are missing, start() fails with a message that says so:
// tests must fail, not skip, on a machine without PostgreSQL.
//
// Threading: start() and create_database() from one thread at a time.
#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace switchyard::storage::testing {

struct PgServerOptions {
  // false (tests): fsync=off, fast and not crash-safe. true (benchmarks):
  // the server's durable defaults.
  bool durable = false;
  // Empty (tests): a fresh temporary directory, deleted at the end. Else
  // (benchmarks that keep a large database between runs) the cluster lives
  // in this directory: created (initdb) when it holds none, reused when it
  // does; the server is stopped cleanly at the end and the directory kept.
  std::string directory = {};
};

class PgServer {
 public:
  static Result<std::unique_ptr<PgServer>> start(const PgServerOptions& options = {});
  // One server per process for test suites, started on first use and
  // stopped at exit; an error to start is returned on every call.
  static Result<PgServer*> shared();

  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  int port() const { return port_; }
  const std::string& directory() const { return dir_; }
  // "postgresql://postgres@127.0.0.1:PORT/DB".
  std::string url(std::string_view db = "postgres") const;
  // Creates database `name` ([a-z0-9_]+) and returns its URL.
  Result<std::string> create_database(std::string_view name);

 private:
  PgServer() = default;

  std::string dir_;  // data/, server.log, the socket: a temp directory, or options.directory
  std::string bindir_;
  int port_ = 0;
  int watchdog_fd_ = -1;  // write end of the watchdog's pipe
  pid_t watchdog_pid_ = -1;
};

}  // namespace switchyard::storage::testing
