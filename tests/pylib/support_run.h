/* support_run.h — model-file text run through nnc's interpreter with the Python library
 * registered, as the pylib tests run it (support_run.c is linked into each of them). */
#ifndef NNC_TESTS_PYLIB_SUPPORT_RUN_H
#define NNC_TESTS_PYLIB_SUPPORT_RUN_H

#include <stdbool.h>

#include "pylib.h"

typedef struct {
  Source s;      /* the text, with its diagnostics */
  nnc_status st; /* the check's status, else the run's */
  int code;      /* sys.exit's status */
  char *out;     /* what print() wrote (and the diagnostics, with .diags); owned */
} PlRan;

typedef struct {
  const PlOptions *options; /* NULL: the defaults */
  bool in_test_dir;         /* run with the test directory as the working directory */
  bool diags;               /* append the diagnostics to out, as the nnc command prints them */
} PlRunHow;

/* Checks and runs the len bytes of text into *r (whose previous out is freed), expecting no
 * object's reference to be lost; returns r. */
PlRan *pl_test_run(PlRan *r, const char *name, const char *text, size_t len, PlRunHow how);

#endif
