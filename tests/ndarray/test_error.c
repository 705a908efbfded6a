/* test_error.c — a failure's message reaches nnc_last_error as one line, with the Python
 * exception class and an nnc status to match. */
#include "ndtest.h"

Test(error, class_message_and_status) {
  static const struct { NdErrClass k; const char *name; nnc_status s; } rows[] = {
      {ND_E_VALUE, "ValueError", NNC_ERR_ARG},       {ND_E_TYPE, "TypeError", NNC_ERR_TYPE},
      {ND_E_INDEX, "IndexError", NNC_ERR_ARG},       {ND_E_MEMORY, "MemoryError", NNC_ERR_NOMEM},
      {ND_E_NOTFOUND, "FileNotFoundError", NNC_ERR_IO}, {ND_E_OS, "OSError", NNC_ERR_IO},
      {ND_E_ZERODIV, "ZeroDivisionError", NNC_ERR_ARG}, {ND_E_OVERFLOW, "OverflowError", NNC_ERR_ARG},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    cr_expect_null(nd_fail(rows[i].k, "bad %d\nthing", (int)i));
    cr_expect_str_eq(nd_error_class(), rows[i].name);
    cr_expect_eq(nd_error_kind(), rows[i].k);
    char want[32];
    snprintf(want, sizeof want, "bad %d?thing", (int)i); /* one line */
    cr_expect_str_eq(nnc_last_error(), want);
  }
  /* a failing call reports through the same channel */
  NdArray *a = nd_zeros(ND_FLOAT32, 1, (int64_t[]){3});
  NdIndex ix = nd_ix_int(3);
  cr_expect_null(nd_getitem(a, 1, &ix));
  cr_expect_str_eq(nd_error_class(), "IndexError");
  cr_expect_str_eq(nnc_last_error(), "index 3 is out of bounds for axis 0 with size 3");
  nd_unref(a);
}
