# Locates the third-party libraries for the three kinds of build and exposes each as one target:
#   GTest::gtest, GTest::gtest_main, GTest::gmock   (GoogleTest / GoogleMock)
#   bitscts::httplib                                 (cpp-httplib)
#   bitscts::boost_headers                           (Boost headers, Boost.Process header-only)
#   bitscts::tls                                     (OpenSSL, with BITSCTS_HAVE_TLS=1; empty
#                                                     where the build has no OpenSSL: no TLS,
#                                                     as in the MinGW build on Debian)
# Native Linux uses Debian's packages, the MinGW cross build uses sources that scripts/setup
# fetched into BITSCTS_DEPS_ROOT, and MSVC uses the vcpkg manifest (vcpkg.json). A native build
# with libc++ (BITSCTS_LIBCXX) cannot link Debian's libstdc++ builds of GoogleTest and
# cpp-httplib: it builds GoogleTest from source and uses the MinGW build's header-only httplib.h.
option(BITSCTS_LIBCXX "Native build against libc++: GoogleTest from source, header-only cpp-httplib" OFF)

set(BITSCTS_DEPS_ROOT "${PROJECT_SOURCE_DIR}/.deps/mingw" CACHE PATH
    "Dependency root for the MinGW cross build (filled by scripts/setup)")
set(BITSCTS_GOOGLETEST_SOURCE "/usr/src/googletest" CACHE PATH
    "GoogleTest sources built as part of the MinGW cross build")

add_library(bitscts_httplib INTERFACE)
add_library(bitscts::httplib ALIAS bitscts_httplib)
add_library(bitscts_boost_headers INTERFACE)
add_library(bitscts::boost_headers ALIAS bitscts_boost_headers)
target_compile_definitions(bitscts_boost_headers INTERFACE BOOST_PROCESS_USE_STD_FS)

if((MINGW AND CMAKE_CROSSCOMPILING) OR BITSCTS_LIBCXX)
  foreach(required "${BITSCTS_DEPS_ROOT}/include/httplib.h" "${BITSCTS_DEPS_ROOT}/include/boost/version.hpp"
                   "${BITSCTS_GOOGLETEST_SOURCE}/CMakeLists.txt")
    if(NOT EXISTS "${required}")
      message(FATAL_ERROR "bitscts: ${required} is missing; run scripts/setup first.")
    endif()
  endforeach()
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
  add_subdirectory("${BITSCTS_GOOGLETEST_SOURCE}" "${CMAKE_BINARY_DIR}/_deps/googletest" EXCLUDE_FROM_ALL SYSTEM)
  target_include_directories(bitscts_httplib SYSTEM INTERFACE "${BITSCTS_DEPS_ROOT}/include")
endif()
if(MINGW AND CMAKE_CROSSCOMPILING)
  target_link_libraries(bitscts_httplib INTERFACE ws2_32 crypt32)
  target_include_directories(bitscts_boost_headers SYSTEM INTERFACE "${BITSCTS_DEPS_ROOT}/include")
  target_link_libraries(bitscts_boost_headers INTERFACE ws2_32 bcrypt)
elseif(BITSCTS_LIBCXX)
  find_package(Boost 1.81 REQUIRED)
  target_link_libraries(bitscts_boost_headers INTERFACE Boost::headers)
elseif(MSVC)
  find_package(GTest CONFIG REQUIRED)
  find_package(httplib CONFIG REQUIRED)
  target_link_libraries(bitscts_httplib INTERFACE httplib::httplib)
  find_package(Boost 1.81 REQUIRED)
  target_link_libraries(bitscts_boost_headers INTERFACE Boost::headers)
else()
  find_package(GTest 1.12 CONFIG REQUIRED)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
  target_link_libraries(bitscts_httplib INTERFACE PkgConfig::HTTPLIB)
  find_package(Boost 1.81 REQUIRED)
  target_link_libraries(bitscts_boost_headers INTERFACE Boost::headers)
endif()

# TLS (the fakeserver's HTTPS listeners and test authority, client certificates in the model)
# needs OpenSSL 3 and a cpp-httplib built with it (CPPHTTPLIB_OPENSSL_SUPPORT): cpp-httplib has no
# other TLS backend in the versions used here (no Schannel), and the test authority uses
# OpenSSL's X.509 API. Natively Debian's packages; with MSVC vcpkg's, which vcpkg.json asks for
# (cpp-httplib's "openssl" feature); the com client's digests use OpenSSL's libcrypto natively and
# BCrypt on Windows. The MinGW build has TLS only where a MinGW OpenSSL 3 is found (Debian has
# none: the build then has no TLS, and the suite reports the TLS scenarios unsupported).
add_library(bitscts_tls INTERFACE)
add_library(bitscts::tls ALIAS bitscts_tls)
if(NOT WIN32)
  find_package(OpenSSL 3 REQUIRED)
  if(BITSCTS_LIBCXX)
    target_compile_definitions(bitscts_httplib INTERFACE CPPHTTPLIB_OPENSSL_SUPPORT)
  elseif(NOT "-DCPPHTTPLIB_OPENSSL_SUPPORT" IN_LIST HTTPLIB_CFLAGS)
    message(FATAL_ERROR "bitscts: cpp-httplib was built without OpenSSL (CPPHTTPLIB_OPENSSL_SUPPORT)")
  endif()
  set(bitscts_have_tls ON)
elseif(MSVC)
  find_package(OpenSSL 3 REQUIRED)
  if(NOT HTTPLIB_IS_USING_OPENSSL)
    message(FATAL_ERROR "bitscts: vcpkg's cpp-httplib lacks its \"openssl\" feature (vcpkg.json)")
  endif()
  target_compile_definitions(bitscts_httplib INTERFACE CPPHTTPLIB_OPENSSL_SUPPORT)
  set(bitscts_have_tls ON)
else()
  find_package(OpenSSL 3 QUIET)
  if(OpenSSL_FOUND)
    target_compile_definitions(bitscts_httplib INTERFACE CPPHTTPLIB_OPENSSL_SUPPORT)
    target_link_libraries(bitscts_httplib INTERFACE OpenSSL::SSL OpenSSL::Crypto)
    set(bitscts_have_tls ON)
  else()
    message(STATUS "bitscts: no MinGW OpenSSL 3 found: this build has no TLS")
  endif()
endif()
if(bitscts_have_tls)
  target_link_libraries(bitscts_tls INTERFACE OpenSSL::SSL OpenSSL::Crypto bitscts::httplib)
  target_compile_definitions(bitscts_tls INTERFACE BITSCTS_HAVE_TLS=1)
endif()

find_package(Threads REQUIRED)
