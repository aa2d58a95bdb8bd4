# Every dependency comes from Debian 12 packages (scripts/setup installs them).
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)  # Boost.Graph is header-only
find_package(pugixml REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Threads REQUIRED)
