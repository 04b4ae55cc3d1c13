# liaison_add_test(NAME <name> SOURCES <files...> LIBS <targets...> LABELS <labels...> [TIMEOUT s])
# One Qt Test executable per test file, registered with ctest under its area labels.
function(liaison_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
    liaison_set_warnings(${T_NAME})
    target_compile_definitions(${T_NAME} PRIVATE
        LIAISON_BIN_DIR="${CMAKE_BINARY_DIR}/bin"
        LIAISON_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
        LIAISON_TEST_OUTPUT_DIR="${CMAKE_BINARY_DIR}/test-output")
    if(TARGET liaison-ews-validate)
        target_compile_definitions(${T_NAME} PRIVATE
            LIAISON_EWS_VALIDATE="$<TARGET_FILE:liaison-ews-validate>")
        add_dependencies(${T_NAME} liaison-ews-validate)
    endif()
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endfunction()
