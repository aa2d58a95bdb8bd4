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
