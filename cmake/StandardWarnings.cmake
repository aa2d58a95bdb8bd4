# Warnings for our own code; errors only when asked (CI), never for users.
add_library(ntm_warnings INTERFACE)
option(NTM_WERROR "Treat warnings as errors" OFF)
target_compile_options(ntm_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)
if(NTM_WERROR)
  target_compile_options(ntm_warnings INTERFACE -Werror)
endif()
# GCC 12 reports false positives from inside libstdc++ once optimised code is inlined (std::string's
# copies: "may overlap up to 9223372036854775813 bytes"; shared_ptr counts "may be used
# uninitialized"; string lengths "potential null pointer dereference"). These three warnings only
# work with optimisation, so the -O0 Debug build never had them; they are kept out of optimised
# builds so that building ntm stays quiet.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(ntm_warnings INTERFACE
    $<$<NOT:$<CONFIG:Debug>>:-Wno-restrict -Wno-null-dereference -Wno-maybe-uninitialized>)
endif()
