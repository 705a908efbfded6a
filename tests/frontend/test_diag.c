/* test_diag.c — diagnostics: rendering with caret, ordering, the cap, suggestions, quoting. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"


/* Renders diagnostic i of s into a static buffer. */
static const char *render(const Source *s, int i) {
  static char buf[2048];
  FILE *f = tmpfile();
  cr_assert(f);
  fe_diag_render(s, &s->diags[i], f);
  rewind(f);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  return buf;
}

Test(frontend, renders_file_line_col_source_and_caret) {
  const char *text = "x = 1\nmodel.fit(X, Y)\n";
  Source s;
  fe_source_init(&s, "m.py", text, strlen(text));
  fe_error(&s, NNC_ERR_TYPE, (Pos){2, 7}, "something about %s", "fit");
  cr_assert_str_eq(render(&s, 0),
                   "m.py:2:7: error: something about fit\nmodel.fit(X, Y)\n      ^\n");
}

Test(frontend, repeats_tabs_in_the_caret_line) {
  const char *text = "\tx =\t'a'\n";
  Source s;
  fe_source_init(&s, "m.py", text, strlen(text));
  fe_error(&s, NNC_ERR_TYPE, (Pos){1, 6}, "here");
  cr_assert_str_eq(render(&s, 0), "m.py:1:6: error: here\n\tx =\t'a'\n\t   \t^\n");
}

Test(frontend, shows_bad_bytes_as_question_marks_and_keeps_utf8) {
  const char *text = "'\xc3\xa9' \xff\x01 y\n";
  Source s;
  fe_source_init(&s, "m.py", text, strlen(text));
  fe_error(&s, NNC_ERR_SYNTAX, (Pos){1, 9}, "here");
  /* é is one column on screen, so the caret line has one space for its two bytes */
  cr_assert_str_eq(render(&s, 0), "m.py:1:9: error: here\n'\xc3\xa9' ?? y\n       ^\n");
}

Test(frontend, renders_an_error_at_the_end_of_a_file_without_newline) {
  const char *text = "f(1";
  Source s;
  fe_source_init(&s, "m.py", text, 3);
  fe_error(&s, NNC_ERR_SYNTAX, (Pos){2, 1}, "past the end");
  cr_assert_str_eq(render(&s, 0), "m.py:2:1: error: past the end\n\n^\n");
}

Test(frontend, keeps_at_most_the_cap_and_counts_the_rest) {
  Source s;
  fe_source_init(&s, "m.py", "", 0);
  for (int i = 0; i < FE_MAX_DIAGS + 5; i++)
    fe_error(&s, NNC_ERR_SYNTAX, (Pos){FE_MAX_DIAGS + 5 - i, 1}, "e%d", i);
  cr_assert_eq(s.ndiags, FE_MAX_DIAGS);
  cr_assert_eq(s.nerrors, FE_MAX_DIAGS + 5);
  cr_assert(fe_full(&s));
  fe_diags_sort(&s);
  cr_assert_eq(s.diags[0].pos.line, 6);
  cr_assert_eq(fe_status(&s), NNC_ERR_SYNTAX);
  cr_assert_str_eq(nnc_last_error(), "m.py:6:1: error: e19");
}

Test(frontend, suggests_only_close_names) {
  const char *c[] = {"linear", "sigmoid", "relu", "tanh", "softmax"};
  cr_assert_str_eq(fe_suggest("sigmod", c, 5), "sigmoid");
  cr_assert_str_eq(fe_suggest("rellu", c, 5), "relu");
  cr_assert_null(fe_suggest("convolution", c, 5));
  cr_assert_null(fe_suggest("relu", c, 5));
  const char *names[] = {"m", "X", "Y"};
  cr_assert_str_eq(fe_suggest("x", names, 3), "X");
  cr_assert_null(fe_suggest("Z", names, 3));
}

Test(frontend, quotes_bytes_for_messages) {
  char buf[64];
  cr_assert_str_eq(fe_quote(buf, sizeof buf, "a\nb\xff", 4, 32), "a\\x0ab\\xff");
  cr_assert_str_eq(fe_quote(buf, sizeof buf, "abcdefgh", 8, 3), "abc...");
  cr_assert_str_eq(fe_quote(buf, 8, "abcdefgh", 8, 32), "abc");
}

Test(frontend, keeps_notes_with_their_error_in_order) {
  const char *text = "def f():\n    return 1 / 0\nf()\n";
  Source s;
  fe_source_init(&s, "m.py", text, strlen(text));
  fe_error(&s, NNC_ERR_ARG, (Pos){2, 14}, "ZeroDivisionError: division by zero");
  fe_note(&s, (Pos){3, 1}, "f() was called from here");
  fe_diags_sort(&s);
  cr_assert_eq(s.ndiags, 2);
  cr_assert_eq(s.nerrors, 1);
  cr_assert_str_eq(render(&s, 1), "m.py:3:1: note: f() was called from here\nf()\n^\n");
  FILE *f = tmpfile();
  fe_diags_print(&s, f);
  rewind(f);
  char buf[512] = {0};
  cr_assert_gt(fread(buf, 1, sizeof buf - 1, f), 0);
  fclose(f);
  cr_assert(strstr(buf,
                   "error: ZeroDivisionError: division by zero\n    return 1 / 0\n             "
                   "^\n"), "%s", buf);
  cr_assert_null(strstr(buf, "errors"), "one error, its note is not counted: %s", buf);
}

Test(frontend, drops_the_notes_of_an_error_past_the_cap) {
  Source s;
  fe_source_init(&s, "m.py", "", 0);
  for (int i = 0; i < FE_MAX_DIAGS + 1; i++)
    fe_error(&s, NNC_ERR_SYNTAX, (Pos){1, 1}, "e");
  fe_note(&s, (Pos){1, 1}, "n");
  cr_assert_eq(s.ndiags, FE_MAX_DIAGS);
}
