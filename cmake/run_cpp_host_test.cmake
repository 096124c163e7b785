# ctest driver for examples/cpp_host: install the core into a temporary prefix, build the
# host against it with find_package, run it, and compare its output with the Python API.
# Arguments: BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR [PYTHON]. Exits 77 (skipped) when no
# Python with salutary_native is available for the comparison.
cmake_minimum_required(VERSION 3.18)

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
  message(STATUS "no Python interpreter given: comparison skipped")
  cmake_language(EXIT 77)
endif()
execute_process(COMMAND "${PYTHON}" "${SOURCE_DIR}/examples/cpp_host/compare_with_python.py"
                "${WORK_DIR}/host_output.txt" "${data}" RESULT_VARIABLE rc)
cmake_language(EXIT ${rc})
