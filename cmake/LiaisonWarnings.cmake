# Strict warnings for Liaison's own targets; third-party headers come in as SYSTEM includes.
function(liaison_set_warnings target)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE
            -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align
            -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
        if(LIAISON_WERROR)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
    endif()
    # No implicit QString <-> const char* conversions: encodings are always explicit.
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
        QT_NO_URL_CAST_FROM_STRING QT_USE_QSTRINGBUILDER QT_NO_KEYWORDS)
endfunction()
