# trellis_core_module(NAME SOURCES ... [DEPENDS ...])
#
# Each core module is its own static library, trellis_core_<NAME>, so that a unit test links
# only the module under test and the modules it depends on, and so that a module cannot reach
# another it does not declare. Qt6::Gui and Qt6::Widgets are never allowed here: the
# architecture test in tests/architecture checks it.
function(trellis_core_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
    set(target trellis_core_${name})
    add_library(${target} STATIC ${ARG_SOURCES})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/core)
    target_link_libraries(${target} PUBLIC Qt6::Core trellis_build_flags ${ARG_DEPENDS})
    set_property(GLOBAL APPEND PROPERTY TRELLIS_CORE_MODULES ${target})
endfunction()

# trellis_add_test(NAME SOURCES ... LIBS ... [GUI])
#
# One Qt Test executable per unit, registered with CTest. GUI tests run offscreen.
function(trellis_add_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test trellis_build_flags ${ARG_LIBS})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    add_test(NAME ${name} COMMAND ${name})
    set(env "TRELLIS_SOURCE_DIR=${PROJECT_SOURCE_DIR}" "TRELLIS_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
    if(ARG_GUI)
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
