// Windows only: a TCP connection to the loopback address, for the preflight's listener checks.
// winsock2.h comes before windows.h (which the seam's header includes).
#include <winsock2.h>
#include <ws2tcpip.h>

#include "windows_system_api.h"

namespace bitscts::com {

DWORD ConnectLoopbackPort(std::uint16_t port) {
  WSADATA data{};
  if (const int started = WSAStartup(MAKEWORD(2, 2), &data); started != 0)
    return static_cast<DWORD>(started);
  DWORD result = ERROR_SUCCESS;
  const SOCKET connection = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (connection == INVALID_SOCKET) {
    result = static_cast<DWORD>(WSAGetLastError());
  } else {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(connection, reinterpret_cast<const sockaddr*>(&address), sizeof address) ==
        SOCKET_ERROR) {
      result = static_cast<DWORD>(WSAGetLastError());
    }
    closesocket(connection);
  }
  WSACleanup();
  return result;
}

}  // namespace bitscts::com
