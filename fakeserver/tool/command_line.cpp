#include "command_line.h"

#include <charconv>
#include <optional>

namespace bitscts::fakeserver::tool {
namespace {

std::optional<int> ParsePort(const std::string& text) {
  int port = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || port < 0 ||
      port > 65535) {
    return std::nullopt;
  }
  return port;
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

std::string Usage() {
  return "usage: bitscts-fakeserver [--host ADDRESS] [--port PORT] [--folder DIR] "
         "[--allow-remote]\n"
         "\n"
         "Serves deterministic content under /content/SEED/SIZE and, with --folder, the files of\n"
         "DIR under /files/. Also listens, on another port of the same host, as a forward proxy\n"
         "whose only origin is itself. Prints its base URL on one line and the proxy's HOST:PORT\n"
         "on the next, then runs until interrupted.\n"
         "\n"
         "  --host ADDRESS   address to listen on (default 127.0.0.1)\n"
         "  --port PORT      port to listen on, 0 for any free port (default 0); the proxy\n"
         "                   always listens on a free port\n"
         "  --folder DIR     folder served read-only under /files/\n"
         "  --allow-remote   required to listen on an address other than loopback\n"
         "  --help           print this text\n";
}

std::variant<ToolOptions, std::string> ParseCommandLine(const std::vector<std::string>& arguments) {
  ToolOptions options;
  bool allow_remote = false;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& name = arguments[i];
    if (name == "--help" || name == "-h") {
      options.help = true;
      continue;
    }
    if (name == "--allow-remote") {
      allow_remote = true;
      continue;
    }
    if (name != "--host" && name != "--port" && name != "--folder") {
      return "unknown option '" + name + "' (see --help)";
    }
    if (i + 1 == arguments.size()) return "option " + name + " needs a value";
    const std::string& value = arguments[++i];
    if (name == "--host") {
      if (value.empty()) return "option --host needs a non-empty address";
      options.server.host = value;
    } else if (name == "--port") {
      const auto port = ParsePort(value);
      if (!port) return "option --port needs a number from 0 to 65535, not '" + value + "'";
      options.server.port = *port;
    } else {
      if (value.empty()) return "option --folder needs a folder";
      options.server.folder = value;
    }
  }
  if (!IsLoopback(options.server.host) && !allow_remote) {
    return "host '" + options.server.host + "' is not loopback; add --allow-remote to serve it";
  }
  return options;
}

}  // namespace bitscts::fakeserver::tool
