/* test_error.c — the thread's last message: one line, and safe to pass on with a prefix. */
#include <criterion/criterion.h>

#include "base.h"

Test(error, a_message_passed_on_with_a_prefix_keeps_its_text) {
  base_error(NNC_ERR_IO, "x.npy: header is %d bytes", 12);
  cr_expect_eq(base_error(NNC_ERR_ARG, "load: %s", nnc_last_error()), NNC_ERR_ARG);
  cr_expect_str_eq(nnc_last_error(), "load: x.npy: header is 12 bytes");
}

Test(error, place_is_prefixed_once) {
  base_error(NNC_ERR_CORRUPT, "node 3 is cut short");
  base_error_at(NNC_ERR_CORRUPT, "m.onnx");
  base_error_at(NNC_ERR_CORRUPT, "m.onnx");
  cr_expect_str_eq(nnc_last_error(), "m.onnx: node 3 is cut short");
}

Test(error, control_bytes_from_a_file_do_not_break_the_line) {
  base_error(NNC_ERR_CORRUPT, "name '%s'", "a\nb\x1b[2J");
  cr_expect_str_eq(nnc_last_error(), "name 'a?b?[2J'");
}
