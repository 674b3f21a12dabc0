// Windows only: SystemApi::StartChildProcess, a child process whose standard streams are
// anonymous pipes. The child inherits exactly its two pipe ends
// (PROC_THREAD_ATTRIBUTE_HANDLE_LIST), so that no other process the runner starts at the same time
// holds them open and the parent's reads end when the child does.
#include "windows_system_api.h"

#include "bitscts/com/bits_api.h"  // windows.h first

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

namespace bitscts::com {
namespace {

DWORD LastError() {
  const DWORD error = GetLastError();
  return error != ERROR_SUCCESS ? error : ERROR_GEN_FAILURE;
}

// Closes a handle if it is open.
void Close(HANDLE& handle) {
  if (handle != nullptr && handle != INVALID_HANDLE_VALUE) ::CloseHandle(handle);
  handle = nullptr;
}

class WindowsChildProcess final : public ChildProcess {
 public:
  WindowsChildProcess(HANDLE process, HANDLE input, HANDLE output)
      : process_(process), input_(input), output_(output) {}
  ~WindowsChildProcess() override {
    Close(input_);
    Close(output_);
    Close(process_);
  }

  DWORD Write(std::string_view text) override { return WriteAll(text.data(), text.size()); }

  DWORD WriteSecretLine(const Secret& secret) override {
    // The generated passwords are ASCII; anything else is sent as UTF-8.
    const int size =
        WideCharToMultiByte(CP_UTF8, 0, secret.Expose(), static_cast<int>(secret.size()), nullptr,
                            0, nullptr, nullptr);
    std::vector<char> bytes(static_cast<std::size_t>(std::max(size, 0)) + 2);
    if (size > 0) {
      WideCharToMultiByte(CP_UTF8, 0, secret.Expose(), static_cast<int>(secret.size()),
                          bytes.data(), size, nullptr, nullptr);
    }
    // CR LF, the line end every Windows reader takes (PowerShell's reader skips the CR).
    bytes[bytes.size() - 2] = '\r';
    bytes[bytes.size() - 1] = '\n';
    const DWORD result = WriteAll(bytes.data(), bytes.size());
    ScrubMemory(bytes.data(), bytes.size());
    return result;
  }

  DWORD ReadLine(std::string* line) override {
    while (true) {
      const std::size_t end = buffer_.find('\n');
      if (end != std::string::npos) {
        line->assign(buffer_, 0, end);
        buffer_.erase(0, end + 1);
        if (!line->empty() && line->back() == '\r') line->pop_back();
        return ERROR_SUCCESS;
      }
      std::array<char, 4096> chunk{};
      DWORD read = 0;
      const BOOL ok =
          ReadFile(output_, chunk.data(), static_cast<DWORD>(chunk.size()), &read, nullptr);
      if (!ok || read == 0) {
        // The child's end closes when it exits: ERROR_BROKEN_PIPE.
        const DWORD error = ok ? ERROR_BROKEN_PIPE : LastError();
        if (!buffer_.empty()) {  // a last line without its line end
          line->swap(buffer_);
          buffer_.clear();
          return ERROR_SUCCESS;
        }
        return error;
      }
      buffer_.append(chunk.data(), read);
    }
  }

  DWORD WaitForExit(std::chrono::milliseconds timeout, DWORD* exit_code) override {
    const auto milliseconds =
        static_cast<DWORD>(std::min<long long>(timeout.count(), INFINITE - 1));
    const DWORD waited = WaitForSingleObject(process_, milliseconds);
    if (waited == WAIT_TIMEOUT) return WAIT_TIMEOUT;
    if (waited != WAIT_OBJECT_0) return LastError();
    return GetExitCodeProcess(process_, exit_code) ? ERROR_SUCCESS : LastError();
  }

  DWORD Terminate(DWORD exit_code) override {
    return TerminateProcess(process_, exit_code) ? ERROR_SUCCESS : LastError();
  }

 private:
  DWORD WriteAll(const char* data, std::size_t size) {
    while (size > 0) {
      DWORD written = 0;
      if (!WriteFile(input_, data, static_cast<DWORD>(std::min<std::size_t>(size, 1u << 20)),
                     &written, nullptr)) {
        return LastError();
      }
      data += written;
      size -= written;
    }
    return ERROR_SUCCESS;
  }

  HANDLE process_;
  HANDLE input_;   // the parent's (write) end of the child's standard input
  HANDLE output_;  // the parent's (read) end of the child's standard output and error
  std::string buffer_;
};

}  // namespace

DWORD StartWindowsChildProcess(const std::wstring& command_line,
                               std::unique_ptr<ChildProcess>* child) {
  SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  HANDLE child_input = nullptr;
  HANDLE parent_input = nullptr;
  HANDLE parent_output = nullptr;
  HANDLE child_output = nullptr;
  const auto close_all = [&] {
    Close(child_input);
    Close(parent_input);
    Close(parent_output);
    Close(child_output);
  };
  if (!CreatePipe(&child_input, &parent_input, &inheritable, 0) ||
      !CreatePipe(&parent_output, &child_output, &inheritable, 0) ||
      !SetHandleInformation(parent_input, HANDLE_FLAG_INHERIT, 0) ||
      !SetHandleInformation(parent_output, HANDLE_FLAG_INHERIT, 0)) {
    const DWORD error = LastError();
    close_all();
    return error;
  }
  SIZE_T attributes_size = 0;
  InitializeProcThreadAttributeList(nullptr, 1, 0, &attributes_size);
  std::vector<BYTE> attributes_memory(attributes_size);
  auto* attributes = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(attributes_memory.data());
  std::array<HANDLE, 2> inherited{child_input, child_output};
  if (!InitializeProcThreadAttributeList(attributes, 1, 0, &attributes_size)) {
    const DWORD error = LastError();
    close_all();
    return error;
  }
  DWORD result = ERROR_SUCCESS;
  if (!UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited.data(),
                                 sizeof(HANDLE) * inherited.size(), nullptr, nullptr)) {
    result = LastError();
  }
  PROCESS_INFORMATION process{};
  if (result == ERROR_SUCCESS) {
    STARTUPINFOEXW startup{};
    startup.StartupInfo.cb = sizeof startup;
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = child_input;
    startup.StartupInfo.hStdOutput = child_output;
    startup.StartupInfo.hStdError = child_output;
    startup.lpAttributeList = attributes;
    std::vector<wchar_t> line(command_line.begin(), command_line.end());
    line.push_back(L'\0');
    if (!CreateProcessW(nullptr, line.data(), nullptr, nullptr, TRUE,
                        CREATE_NO_WINDOW | EXTENDED_STARTUPINFO_PRESENT, nullptr, nullptr,
                        &startup.StartupInfo, &process)) {
      result = LastError();
    }
  }
  DeleteProcThreadAttributeList(attributes);
  // The child holds its own ends now; the parent's copies would keep the pipes open after it exits.
  Close(child_input);
  Close(child_output);
  if (result != ERROR_SUCCESS) {
    close_all();
    return result;
  }
  ::CloseHandle(process.hThread);
  *child = std::make_unique<WindowsChildProcess>(process.hProcess, parent_input, parent_output);
  return ERROR_SUCCESS;
}

}  // namespace bitscts::com
