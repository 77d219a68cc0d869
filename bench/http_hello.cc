// Minimal switchyard_http server for load tests with wrk:
//   http_hello [port=8080] [io_threads=2]
//   wrk -t2 -c64 -d10s http://127.0.0.1:8080/hello
// GET /hello answers a small JSON body; GET /items/{id} echoes the id.
// Runs until SIGINT/SIGTERM, then stops gracefully.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "http/server.h"

int main(int argc, char** argv) {
  using namespace switchyard::http;
  Options options;
  options.port = static_cast<uint16_t>(argc > 1 ? std::atoi(argv[1]) : 8080);
  options.io_threads = argc > 2 ? std::atoi(argv[2]) : 2;

  // Block the stop signals in every thread; main waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Server server(options);
  (void)server.route("GET", "/hello", [](Request&&, Respond respond) {
    respond(Response{200, R"({"hello":"world"})", "application/json", {}});
  });
  (void)server.route("GET", "/items/{id}", [](Request&& r, Respond respond) {
    respond(Response{200, "{\"id\":\"" + r.params["id"] + "\"}", "application/json", {}});
  });
  if (auto started = server.start(); !started) {
    std::fprintf(stderr, "http_hello: %s\n", started.error().message.c_str());
    return 1;
  }
  std::printf("http_hello listening on 127.0.0.1:%u with %d I/O threads\n", server.port(),
              options.io_threads);
  std::fflush(stdout);
  int signal = 0;
  sigwait(&signals, &signal);
  server.stop();
  return 0;
}
