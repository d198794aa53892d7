# The project's own plugins and test plugins, collected as they are declared so that nothing
# downstream (the test dependencies, the SIMD symbol check) keeps a list of them by hand.
#
# Global properties (read with get_property(... GLOBAL PROPERTY ...), complete once every
# add_subdirectory that declares plugins has run):
#   NP_PLUGIN_TARGETS       every plugin built by np_add_plugin (shipped and installed)
#   NP_SIMD_PLUGIN_TARGETS  those of them with per-target SIMD translation units
#   NP_TEST_PLUGIN_TARGETS  every test-only plugin built by np_add_test_plugin
# and two targets that depend on them, for add_dependencies of the tests that load them:
#   np_plugins       every plugin of NP_PLUGIN_TARGETS
#   np_test_plugins  every plugin of NP_TEST_PLUGIN_TARGETS

# np_collect_plugin(<group target> <property> <target>): records <target> in both.
function(np_collect_plugin group property target)
  if(NOT TARGET ${group})
    add_custom_target(${group})
  endif()
  add_dependencies(${group} ${target})
  set_property(GLOBAL APPEND PROPERTY ${property} ${target})
endfunction()

# np_add_plugin(<target> SOURCES <files...> [SIMD_SOURCES <files...>])
#
# A shipped kernel plugin: numpy_plugins_add_plugin (headers only, --no-undefined) into the
# build tree's plugin directory, with the project's warnings, its own directory on the include
# path, and an install rule. SIMD_SOURCES are the translation units compiled for a SIMD target
# (their -m flags are set by the caller with set_source_files_properties); they are linked after
# SOURCES in the order given, weakest target first, so that where several units emit the same
# inline function the linker keeps the baseline copy — tests/tools/simd_symbols_check.sh checks
# every plugin with SIMD_SOURCES for that.
function(np_add_plugin target)
  cmake_parse_arguments(ARG "" "" "SOURCES;SIMD_SOURCES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "np_add_plugin(${target}): SOURCES is required")
  endif()
  numpy_plugins_add_plugin(${target} OUTPUT_DIRECTORY ${NP_PLUGIN_OUTPUT_DIR}
                           SOURCES ${ARG_SOURCES} ${ARG_SIMD_SOURCES})
  target_link_libraries(${target} PRIVATE np_warnings)
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  install(TARGETS ${target} LIBRARY DESTINATION ${NP_PLUGIN_INSTALL_DIR})
  np_collect_plugin(np_plugins NP_PLUGIN_TARGETS ${target})
  if(ARG_SIMD_SOURCES)
    set_property(GLOBAL APPEND PROPERTY NP_SIMD_PLUGIN_TARGETS ${target})
  endif()
endfunction()

# np_add_test_plugin(<target> SOURCES <files...> OUTPUT_DIRECTORY <dir> [OUTPUT_NAME <name>]
#                    [ALLOW_UNDEFINED])
#
# A plugin built only for the tests (fault plugins, a dtype plugin): a MODULE library against the
# plugin SDK with the project's warnings, <dir>/<name>.so. ALLOW_UNDEFINED drops --no-undefined
# (the fault plugin that must fail to load with an unresolved symbol).
function(np_add_test_plugin target)
  cmake_parse_arguments(ARG "ALLOW_UNDEFINED" "OUTPUT_DIRECTORY;OUTPUT_NAME" "SOURCES" ${ARGN})
  add_library(${target} MODULE ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE numpy_plugins::plugin_sdk np_warnings)
  set_target_properties(${target} PROPERTIES PREFIX "" LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY}
                                             CXX_VISIBILITY_PRESET hidden)
  if(ARG_OUTPUT_NAME)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
  if(NOT ARG_ALLOW_UNDEFINED)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  np_collect_plugin(np_test_plugins NP_TEST_PLUGIN_TARGETS ${target})
endfunction()
