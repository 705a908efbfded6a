/* test_regress_fuzz.c — what the fuzz targets (tests/fuzz/) found in the ir module: each
 * finding as a small input checked to behave now. */
#include <criterion/criterion.h>
#include <string.h>

#include "ir.h"

/* fuzz_safetensors (and fuzz_npy before it): a reader quoted a name holding a newline from
 * a broken file, and the one-line message broke in two. base_error now turns every control
 * byte into '?', for all readers at once; ordinary and UTF-8 text passes unchanged. */
Test(ir, error_messages_stay_one_line) {
  cr_assert_eq(base_error(NNC_ERR_CORRUPT, "f.bin: tensor '%s': bad", "a\nb\r\x1b[31m\x7f"),
               NNC_ERR_CORRUPT);
  cr_assert_str_eq(nnc_last_error(), "f.bin: tensor 'a?b??[31m?': bad");
  base_error(NNC_ERR_IO, "%s: cannot open", "/tmp/d\xc3\xa9j\xc3\xa0 vu.npy");
  cr_assert_str_eq(nnc_last_error(), "/tmp/d\xc3\xa9j\xc3\xa0 vu.npy: cannot open");
}

/* The IR parser quotes names from its input too. */
Test(ir, parse_errors_quoting_control_bytes_stay_one_line) {
  Graph *g;
  nnc_status s = ir_parse("%0 = input \"x\x01\x1b\" : f32[2]\n%1 = bogus\x1b %0 : f32[2]\n",
                          "t.ir", &g);
  cr_assert_neq(s, NNC_OK);
  cr_assert_null(g);
  const char *m = nnc_last_error();
  cr_assert_not_null(strstr(m, "t.ir:"), "%s", m);
  for (const char *c = m; *c; c++)
    cr_assert((unsigned char)*c >= 0x20 && *c != 0x7f, "control byte in: %s", m);
}

/* fuzz_ir_text: `output` naming an assign parsed, and the verifier then refused the graph.
 * The parser now refuses it at its place. */
Test(ir, parse_refuses_an_assign_as_output) {
  Graph *g;
  nnc_status s = ir_parse("%0 = param \"w\" init=zeros : f32[2]\n"
                          "%1 = neg %0 : f32[2]\n"
                          "%2 = assign %0, %1 : f32[2]\n"
                          "output %2\n",
                          "t.ir", &g);
  cr_assert_eq(s, NNC_ERR_SYNTAX);
  cr_assert_null(g);
  cr_assert_str_eq(nnc_last_error(), "t.ir:4:8: error: an assign has no value to output");
}
