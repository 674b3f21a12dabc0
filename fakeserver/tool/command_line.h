// The command line of the bitscts-fakeserver tool.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "bitscts/fakeserver/server.h"

namespace bitscts::fakeserver::tool {

struct ToolOptions {
  ServerOptions server;
  bool help = false;  // print the usage and exit
};

// Returns the usage text printed by --help.
std::string Usage();

// Returns the options that `arguments` (without the program name) ask for, or a one-line
// error. A host that is not a loopback address is refused unless --allow-remote is given.
std::variant<ToolOptions, std::string> ParseCommandLine(const std::vector<std::string>& arguments);

}  // namespace bitscts::fakeserver::tool
