# Builds one broken variant's sources (docs/labs.md, "Variants"): copies the lab's reference solution
# into OUT and applies the variant's unified diff to the copy with GNU patch. Run by the build
# (labs/CMakeLists.txt) whenever the solution or the patch changes:
#   cmake -DLAB=01-broadcast -DVARIANT=forward-once -DSOLUTION=<lab>/solution -DPATCH_FILE=<lab>/broken/forward-once.patch
#         -DOUT=<build>/labs/variants/01/forward-once -DPATCH_PROGRAM=/usr/bin/patch -P apply_variant.cmake
# A patch that no longer applies exactly (no fuzz: a hunk that would land on other lines than it
# was written for is refused) stops the build with one error naming the lab and the variant.
foreach(required LAB VARIANT SOLUTION PATCH_FILE OUT PATCH_PROGRAM)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "apply_variant.cmake: -D${required}=... is missing")
  endif()
endforeach()

file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
file(GLOB solution_files ${SOLUTION}/*.cc ${SOLUTION}/*.h)
file(COPY ${solution_files} DESTINATION ${OUT})

# --fuzz=0: every context line must match; --forward: a patch that looks already applied is an
# error, not a question; --reject-file=-: no .rej litter in the build tree.
execute_process(
  COMMAND ${PATCH_PROGRAM} --batch --forward --fuzz=0 --no-backup-if-mismatch --reject-file=- -p1
          -d ${OUT} -i ${PATCH_FILE}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  # Leave nothing behind that looks built, so the next build tries again.
  file(REMOVE_RECURSE ${OUT})
  string(STRIP "${output}" output)
  string(REPLACE "\n" "\n    " output "${output}")
  message(FATAL_ERROR
    # Each line starts with a space: CMake then prints it as it is, not re-wrapped.
    " lab ${LAB}, broken variant '${VARIANT}': ${PATCH_FILE} no longer applies to ${SOLUTION}/.\n"
    "  patch said:\n    ${output}\n"
    "  The solution changed under the variant's hunks. Write the variant again against today's solution:\n"
    "  cp labs/${LAB}/solution/server.cc labs/${LAB}/broken/${VARIANT}.cc,\n  make its one change "
    "in the copy, then run scripts/lab-variant-patch labs/${LAB}/broken/${VARIANT}.cc "
    "(docs/labs.md, \"Writing a broken variant\").")
endif()
