# Embeds config/demo-city.toml into c311_config as civic311::DemoCityToml() (city_config.hpp).
# The .cpp is generated at build time, so editing the TOML rebuilds it. Include this file once
# from the top-level CMakeLists.txt, anywhere after project(): if c311_config does not exist yet,
# the step is deferred to the end of the directory.
include_guard(GLOBAL)

function(c311_embed_demo_city)
  set(toml ${CMAKE_SOURCE_DIR}/config/demo-city.toml)
  set(script ${CMAKE_SOURCE_DIR}/src/adapters/config/embed_file.cmake)
  set(out ${CMAKE_BINARY_DIR}/generated/demo_city_toml.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${toml} -DOUT=${out} -P ${script}
    DEPENDS ${toml} ${script}
    COMMENT "Embedding config/demo-city.toml"
    VERBATIM)
  target_sources(c311_config PRIVATE ${out})
endfunction()

if(TARGET c311_config)
  c311_embed_demo_city()
else()
  cmake_language(DEFER CALL c311_embed_demo_city)
endif()
