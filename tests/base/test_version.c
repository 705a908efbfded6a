/* test_version.c — the library's version calls agree with the header CMake generated. */
#include <criterion/criterion.h>
#include <stdio.h>

#include "base.h"

Test(version, string_and_number_match_the_header) {
  cr_expect_str_eq(nnc_version(), NNC_VERSION);
  cr_expect_eq(nnc_version_number(), NNC_VERSION_NUMBER);
  char parts[32];
  snprintf(parts, sizeof parts, "%d.%d.%d", NNC_VERSION_MAJOR, NNC_VERSION_MINOR,
           NNC_VERSION_PATCH);
  cr_expect_str_eq(nnc_version(), parts);
  cr_expect_eq(nnc_version_number(),
               NNC_VERSION_MAJOR * 10000 + NNC_VERSION_MINOR * 100 + NNC_VERSION_PATCH);
}
