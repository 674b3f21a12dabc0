# Warnings are on and treated as errors for the project's own targets (never for dependencies).
add_library(bitscts_warnings INTERFACE)
if(MSVC)
  target_compile_options(bitscts_warnings INTERFACE /W4 /WX /permissive- /utf-8)
else()
  target_compile_options(bitscts_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Woverloaded-virtual -Werror)
endif()
add_library(bitscts::warnings ALIAS bitscts_warnings)

# Windows builds (MSVC and MinGW) share one set of platform definitions.
add_library(bitscts_platform INTERFACE)
if(WIN32)
  target_compile_definitions(bitscts_platform INTERFACE
    _WIN32_WINNT=0x0A00 WINVER=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX UNICODE _UNICODE)
endif()
add_library(bitscts::platform ALIAS bitscts_platform)
