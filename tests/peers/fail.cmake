# A peer test that cannot run fails with its reason (tests/peers/CMakeLists.txt).
message(FATAL_ERROR "${REASON}")
