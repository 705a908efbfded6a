/* test_lex.c — tokens of model files: kinds, values, positions (byte columns), line joining. */
#include <criterion/criterion.h>
#include <string.h>

#include "frontend.h"

typedef struct {
  Source s;
  Tokens ts;
} Lexed;

static Lexed *lex(const char *text, size_t len) {
  static Lexed L;
  fe_tokens_free(&L.ts);
  fe_source_init(&L.s, "t.py", text, len);
  cr_assert_eq(fe_lex(&L.s, &L.ts), NNC_OK);
  cr_assert_gt(L.ts.n, 0);
  cr_assert_eq(L.ts.t[L.ts.n - 1].kind, TK_EOF);
  return &L;
}

static Lexed *lexs(const char *text) {
  return lex(text, strlen(text));
}

/* The kinds of all tokens as a string: n=name i=int f=float s=str o=op ;=newline $=eof */
static const char *kinds(const Lexed *L) {
  static char buf[256];
  int n = 0;
  for (int i = 0; i < L->ts.n && n < 255; i++)
    buf[n++] = "nifso;$"[L->ts.t[i].kind];
  buf[n] = 0;
  return buf;
}

static void assert_pos(const Token *t, int line, int col) {
  cr_assert_eq(t->pos.line, line, "line %d, want %d", t->pos.line, line);
  cr_assert_eq(t->pos.col, col, "col %d, want %d", t->pos.col, col);
}

Test(frontend, lexes_an_assignment_with_a_call) {
  Lexed *L = lexs("model = Sequential([Dense(units=25)])\n");
  cr_assert_str_eq(kinds(L), "nonoononoiooo;$");
  assert_pos(&L->ts.t[2], 1, 9);
  cr_assert_eq(L->ts.t[9].ival, 25);
  cr_assert(fe_tok_op(&L->s, &L->ts.t[1], "="));
}

Test(frontend, lexes_numbers_like_python) {
  Lexed *L = lexs("1e-3 .5 3. 42 1_000 0x1F 0o17 0b101 2.5E+2 0 00\n");
  cr_assert_str_eq(kinds(L), "fffiiiiifii;$");
  cr_assert_float_eq(L->ts.t[0].fval, 1e-3, 1e-15);
  cr_assert_float_eq(L->ts.t[1].fval, 0.5, 1e-15);
  cr_assert_float_eq(L->ts.t[2].fval, 3.0, 1e-15);
  cr_assert_eq(L->ts.t[3].ival, 42);
  cr_assert_eq(L->ts.t[4].ival, 1000);
  cr_assert_eq(L->ts.t[5].ival, 31);
  cr_assert_eq(L->ts.t[6].ival, 15);
  cr_assert_eq(L->ts.t[7].ival, 5);
  cr_assert_float_eq(L->ts.t[8].fval, 250.0, 1e-12);
  cr_assert_eq(L->s.nerrors, 0);
}

Test(frontend, flags_integers_beyond_int64) {
  Lexed *L = lexs("x = 9223372036854775807\ny = 9223372036854775808\n");
  cr_assert_eq(L->ts.t[2].ival, INT64_MAX);
  cr_assert(!L->ts.t[2].toobig);
  cr_assert(L->ts.t[6].toobig);
  cr_assert_eq(L->s.nerrors, 1);
  cr_assert_str_eq(L->s.diags[0].msg, "integer literal too big (at most 9223372036854775807)");
}

Test(frontend, decodes_string_escapes) {
  Lexed *L = lexs("'a\\n\\t\\'b' \"q\\\"\\\\\" 'x\\x41\\101' '' 'c\\d'\n");
  cr_assert_str_eq(kinds(L), "sssss;$");
  cr_assert_str_eq(L->ts.t[0].str, "a\n\t'b");
  cr_assert_str_eq(L->ts.t[1].str, "q\"\\");
  cr_assert_str_eq(L->ts.t[2].str, "xAA");
  cr_assert_str_eq(L->ts.t[3].str, "");
  cr_assert_eq(L->ts.t[3].slen, 0);
  cr_assert_str_eq(L->ts.t[4].str, "c\\d");
}

Test(frontend, keeps_nul_bytes_inside_strings) {
  Lexed *L = lexs("'a\\x00b'\n");
  cr_assert_eq(L->ts.t[0].slen, 3);
  cr_assert_eq(memcmp(L->ts.t[0].str, "a\0b", 3), 0);
}

Test(frontend, joins_lines_inside_brackets) {
  Lexed *L = lexs("f(1,\n  2,\n\n  3)\nx\n");
  cr_assert_str_eq(kinds(L), "noioioio;n;$");
  assert_pos(&L->ts.t[6], 4, 3);
  assert_pos(&L->ts.t[9], 5, 1);
}

Test(frontend, joins_lines_after_a_backslash) {
  Lexed *L = lexs("x = 1 + \\\n    2\ny\n");
  cr_assert_str_eq(kinds(L), "noioi;n;$");
  assert_pos(&L->ts.t[4], 2, 5);
}

Test(frontend, skips_comments_and_blank_lines) {
  Lexed *L = lexs("# a comment\n\n   \nx = 1  # trailing\n# end");
  cr_assert_str_eq(kinds(L), "noi;$");
  assert_pos(&L->ts.t[0], 4, 1);
}

Test(frontend, counts_columns_in_bytes_through_tabs_and_utf8) {
  Lexed *L = lexs("s = '\xc3\xa9t\xc3\xa9'\t+\tx\n");
  cr_assert_str_eq(kinds(L), "noson;$");
  assert_pos(&L->ts.t[3], 1, 13);   /* the string is bytes 5..11, the tab byte 12 */
  assert_pos(&L->ts.t[4], 1, 15);
}

Test(frontend, survives_invalid_utf8_and_control_bytes) {
  Lexed *L = lex("x = \xff\xfe 1\x01\n'\xff'\n", 13);
  cr_assert_eq(L->s.nerrors, 3);
  cr_assert_str_eq(L->s.diags[0].msg, "unexpected non-ASCII character '\\xff' (names and operators are ASCII)");
  cr_assert_eq(L->s.diags[1].pos.col, 6);
  cr_assert_str_eq(L->s.diags[2].msg, "unexpected control byte '\\x01'");
  cr_assert_eq(L->s.diags[2].pos.col, 9);
  cr_assert_eq(L->ts.t[L->ts.n - 3].kind, TK_STR);
}

Test(frontend, treats_cr_and_crlf_as_newlines) {
  Lexed *L = lexs("a\r\nb\rc\n");
  cr_assert_str_eq(kinds(L), "n;n;n;$");
  assert_pos(&L->ts.t[4], 3, 1);
}

Test(frontend, reports_an_unterminated_string_at_its_quote) {
  Lexed *L = lexs("x = 'abc\ny = 2\n");
  cr_assert_eq(L->s.nerrors, 1);
  cr_assert_str_eq(L->s.diags[0].msg, "unterminated string");
  cr_assert_eq(L->s.diags[0].pos.line, 1);
  cr_assert_eq(L->s.diags[0].pos.col, 5);
  cr_assert_str_eq(kinds(L), "nos;noi;$");
}

Test(frontend, lexes_operators_longest_first) {
  Lexed *L = lexs("a ** b // c != d -> e\n");
  cr_assert(fe_tok_op(&L->s, &L->ts.t[1], "**"));
  cr_assert(fe_tok_op(&L->s, &L->ts.t[3], "//"));
  cr_assert(fe_tok_op(&L->s, &L->ts.t[5], "!="));
  cr_assert(fe_tok_op(&L->s, &L->ts.t[7], "->"));
}

Test(frontend, refuses_string_prefixes_and_triple_quotes) {
  Lexed *L = lexs("a = f'x'\nb = r'y'\nc = u'z'\nd = '''doc\nstring'''\ne = 1\n");
  cr_assert_eq(L->s.nerrors, 3);
  cr_assert_str_eq(L->s.diags[0].msg, "f-strings are not supported in a model file");
  cr_assert_str_eq(L->s.diags[1].msg, "string prefix 'r' is not supported in a model file");
  cr_assert_str_eq(L->s.diags[2].msg, "triple-quoted strings are not supported in a model file");
  cr_assert_eq(L->ts.t[L->ts.n - 3].ival, 1);
  cr_assert_eq(L->ts.t[L->ts.n - 3].pos.line, 6);
}

Test(frontend, ends_without_a_newline_inside_an_open_bracket) {
  Lexed *L = lexs("f(1,\n");
  cr_assert_str_eq(kinds(L), "noio$");
}

Test(frontend, lexes_empty_and_whitespace_only_input) {
  cr_assert_str_eq(kinds(lex("", 0)), "$");
  cr_assert_str_eq(kinds(lexs("  \n\t\n# c")), "$");
  cr_assert_str_eq(kinds(lex("\\", 1)), "$");
}
