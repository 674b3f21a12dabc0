# Warnings are on for the project's own targets (never for dependencies) and are errors unless
# BITSCTS_WARNINGS_AS_ERRORS is OFF; the presets and CI keep it ON in every build type.
option(BITSCTS_WARNINGS_AS_ERRORS "Treat the project's compiler warnings as errors" ON)
add_library(bitscts_warnings INTERFACE)
if(MSVC)
  target_compile_options(bitscts_warnings INTERFACE /W4 /permissive- /utf-8
                                                    $<$<BOOL:${BITSCTS_WARNINGS_AS_ERRORS}>:/WX>)
else()
  target_compile_options(bitscts_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Woverloaded-virtual $<$<BOOL:${BITSCTS_WARNINGS_AS_ERRORS}>:-Werror>)
  # GCC 12 at -O3 (the Release type) reports -Wrestrict and -Wmaybe-uninitialized inside
  # libstdc++'s own basic_string code, for "literal" + std::string (GCC bug 105329) and for
  # temporaries that hold a std::string; the warnings are wrong there, so GCC 12 omits them.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(bitscts_warnings INTERFACE -Wno-restrict -Wno-maybe-uninitialized)
  endif()
endif()
add_library(bitscts::warnings ALIAS bitscts_warnings)

# Windows builds (MSVC and MinGW) share one set of platform definitions. They target Windows 7 /
# Server 2008 R2, the first release with BITS 4.0 and IBitsTokenOptions, so that the pre-1607
# rules can be checked where they apply; an API newer than that is looked up at run time.
add_library(bitscts_platform INTERFACE)
if(WIN32)
  target_compile_definitions(bitscts_platform INTERFACE
    _WIN32_WINNT=0x0601 WINVER=0x0601 WIN32_LEAN_AND_MEAN NOMINMAX UNICODE _UNICODE)
endif()
add_library(bitscts::platform ALIAS bitscts_platform)
