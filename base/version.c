/* version.c — the version of the library loaded (nnc_version.h holds the header's). Both
 * come from project(nnc VERSION ...) in CMakeLists.txt, so they agree within one build. */
#include "base.h"

const char *nnc_version(void) {
  return NNC_VERSION;
}

int nnc_version_number(void) {
  return NNC_VERSION_NUMBER;
}
