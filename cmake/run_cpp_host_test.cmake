# ctest driver for examples/cpp_host: install the core into a temporary prefix, build the
# host against it with find_package, run it, and compare its output with the Python API.
# Arguments: BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR [PYTHON]. Exits 77 (skipped) when no
# Python with salutary_native is available for the comparison; a failure is a FATAL_ERROR
# (exit code 1). Setting the exit code of a script needs cmake_language(EXIT), new in CMake
# 3.29: with an older CMake a skip cannot be signalled and is reported as a failure instead.
cmake_minimum_required(VERSION 3.18)

function(skip reason)
  if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.29)
    message(STATUS "${reason}: comparison skipped")
    cmake_language(EXIT 77)
  endif()
  message(FATAL_ERROR "${reason}: the comparison with Python did not run (CMake ${CMAKE_VERSION} "
                      "cannot exit with the skip code 77, which needs CMake 3.29)")
endfunction()

function(run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${step} failed (${rc}):\n${out}\n${err}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
run("install into ${WORK_DIR}/prefix"
    "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix" --component dev)
run("configure the host"
    "${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/cpp_host" -B "${WORK_DIR}/build" -G "${GENERATOR}"
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
run("build the host" "${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
set(data "${SOURCE_DIR}/examples/cpp_host/waveform_sample.csv")
execute_process(COMMAND "${WORK_DIR}/build/cpp_host" "${data}" OUTPUT_FILE "${WORK_DIR}/host_output.txt"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpp_host failed (${rc})")
endif()
file(READ "${WORK_DIR}/host_output.txt" host_output)
message(STATUS "cpp_host output:\n${host_output}")

if(NOT PYTHON)
  skip("no Python interpreter given")
endif()
execute_process(COMMAND "${PYTHON}" "${SOURCE_DIR}/examples/cpp_host/compare_with_python.py"
                "${WORK_DIR}/host_output.txt" "${data}" RESULT_VARIABLE rc)
if(rc STREQUAL "77")
  skip("salutary_native is not importable by ${PYTHON}")
elseif(NOT rc STREQUAL "0")
  message(FATAL_ERROR "the comparison with the Python API failed (compare_with_python.py: ${rc})")
endif()
