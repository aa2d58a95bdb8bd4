# Settings every ntm target links: sanitizers are on by default in Debug builds,
# so the tests always run under ASan and UBSan there.
add_library(ntm_settings INTERFACE)

if(CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(_ntm_sanitize_default ON)
else()
  set(_ntm_sanitize_default OFF)
endif()
option(NTM_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" ${_ntm_sanitize_default})

if(NTM_BUILD_FUZZ)
  # A fuzz build is clang's throughout: gcc's and clang's sanitizer runtimes must not mix. Every
  # target gets libFuzzer's coverage hooks and the sanitizers, whatever NTM_SANITIZE says; the fuzz
  # targets add -fsanitize=fuzzer (fuzz/CMakeLists.txt).
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "NTM_BUILD_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  target_compile_options(ntm_settings INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined,float-divide-by-zero -fno-sanitize-recover=all
    -fno-omit-frame-pointer)
  target_link_options(ntm_settings INTERFACE -fsanitize=address,undefined,float-divide-by-zero)
elseif(NTM_SANITIZE)
  target_compile_options(ntm_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(ntm_settings INTERFACE -fsanitize=address,undefined)
endif()

# Where the bundled rules live when nothing else is said (see cli/rules_dir.cpp).
set(NTM_DEFAULT_RULES_DIR "${CMAKE_CURRENT_SOURCE_DIR}/rules" CACHE PATH "Bundled rules directory")
