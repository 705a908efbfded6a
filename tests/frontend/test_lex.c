/* test_lex.c — tokens: kinds, values, positions (byte columns), line joining, INDENT and
 * DEDENT, strings of every quoting, f-string bodies, and bad bytes. */
#include <criterion/criterion.h>
#include <math.h>
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

/* The kinds of all tokens: n=name i=int f=float s=str o=op ;=newline >=indent <=dedent $=eof */
static const char *kinds(const Lexed *L) {
  static char buf[256];
  int n = 0;
  for (int i = 0; i < L->ts.n && n < 255; i++)
    buf[n++] = "nifso;><$"[L->ts.t[i].kind];
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
  cr_assert_eq(L->ts.t[1].op, PY_ASSIGN);
}

Test(frontend, lexes_numbers_like_python) {
  Lexed *L = lexs("1e-3 .5 3. 42 1_000 0x1F 0o17 0b101 2.5E+2 0 00 1e999\n");
  cr_assert_str_eq(kinds(L), "fffiiiiifiif;$");
  cr_assert_float_eq(L->ts.t[0].fval, 1e-3, 1e-15);
  cr_assert_float_eq(L->ts.t[1].fval, 0.5, 1e-15);
  cr_assert_eq(L->ts.t[4].ival, 1000);
  cr_assert_eq(L->ts.t[5].ival, 31);
  cr_assert_eq(L->ts.t[6].ival, 15);
  cr_assert_eq(L->ts.t[7].ival, 5);
  cr_assert(isinf(L->ts.t[11].fval));    /* as in Python: 1e999 is inf */
  cr_assert_eq(L->s.nerrors, 0);
}

Test(frontend, refuses_integers_beyond_int64_and_complex_numbers) {
  Lexed *L = lexs("x = 9223372036854775807\ny = 9223372036854775808\nz = 3j\n");
  cr_assert_eq(L->ts.t[2].ival, INT64_MAX);
  cr_assert(L->ts.t[6].toobig);
  cr_assert_eq(L->s.nerrors, 2);
  cr_assert_str_eq(L->s.diags[0].msg,
                   "integer literal too big: nnc's integers are 64-bit (at most "
                   "9223372036854775807)");
  cr_assert_str_eq(L->s.diags[1].msg, "complex numbers are not supported in nnc model files");
}

Test(frontend, decodes_string_escapes) {
  Lexed *L = lexs("'a\\n\\t\\'b' \"q\\\"\\\\\" 'x\\x41\\101' '' 'c\\d' '\\u00e9\\U0001F600'\n");
  cr_assert_str_eq(kinds(L), "ssssss;$");
  cr_assert_str_eq(L->ts.t[0].str, "a\n\t'b");
  cr_assert_str_eq(L->ts.t[1].str, "q\"\\");
  cr_assert_str_eq(L->ts.t[2].str, "xAA");
  cr_assert_eq(L->ts.t[3].slen, 0);
  cr_assert_str_eq(L->ts.t[4].str, "c\\d");
  cr_assert_str_eq(L->ts.t[5].str, "\xc3\xa9\xf0\x9f\x98\x80");
}

Test(frontend, keeps_nul_bytes_inside_strings) {
  Lexed *L = lexs("'a\\x00b'\n");
  cr_assert_eq(L->ts.t[0].slen, 3);
  cr_assert_eq(memcmp(L->ts.t[0].str, "a\0b", 3), 0);
}

Test(frontend, lexes_triple_quoted_and_raw_strings) {
  Lexed *L = lexs("d = '''doc\nstring's'''\nr = r'\\d+\\n'\ne = \"\"\"a\"b\"\"\"\nx = 1\n");
  cr_assert_str_eq(kinds(L), "nos;nos;nos;noi;$");
  cr_assert_str_eq(L->ts.t[2].str, "doc\nstring's");
  cr_assert_str_eq(L->ts.t[6].str, "\\d+\\n");
  cr_assert_str_eq(L->ts.t[10].str, "a\"b");
  assert_pos(&L->ts.t[12], 5, 1);
  cr_assert_eq(L->s.nerrors, 0);
}

Test(frontend, keeps_an_f_string_body_for_the_parser) {
  Lexed *L = lexs("x = f'{a:.2f} and {b!r}'\n");
  const Token *t = &L->ts.t[2];
  cr_assert_eq(t->kind, TK_STR);
  cr_assert(t->fstring);
  cr_assert_null(t->str);
  cr_assert_eq(t->bodyend - t->body, strlen("{a:.2f} and {b!r}"));
  assert_pos(t, 1, 5);
  cr_assert_eq(t->bodypos.col, 7);
}

Test(frontend, emits_indent_and_dedent_for_blocks) {
  Lexed *L = lexs("if a:\n    b = 1\n    if c:\n        d\n\n    # comment\ne\n");
  cr_assert_str_eq(kinds(L), "nno;>noi;nno;>n;<<n;$");
  assert_pos(&L->ts.t[5], 2, 5);
}

Test(frontend, closes_every_block_at_the_end_of_the_file) {
  Lexed *L = lexs("def f():\n  if x:\n    return 1");
  cr_assert_str_eq(kinds(L), "nnooo;>nno;>ni;<<$");
}

Test(frontend, ignores_indentation_inside_brackets_and_after_backslashes) {
  Lexed *L = lexs("x = f(1,\n        2)\ny = 1 + \\\n      2\n");
  cr_assert_str_eq(kinds(L), "nonoioio;noioi;$");
}

Test(frontend, reports_inconsistent_dedents_and_tabs) {
  Lexed *L = lexs("if a:\n    b\n  c\n");
  cr_assert_eq(L->s.nerrors, 1);
  cr_assert_str_eq(L->s.diags[0].msg, "unindent does not match any outer indentation level");
  assert_pos(&(Token){.pos = L->s.diags[0].pos}, 3, 3);
  L = lexs("if a:\n\tb\n        c\n");
  cr_assert_eq(L->s.nerrors, 1);
  cr_assert_str_eq(L->s.diags[0].msg, "inconsistent use of tabs and spaces in indentation");
}

Test(frontend, skips_a_byte_order_mark) {
  Lexed *L = lexs("\xef\xbb\xbfx = 1\n");
  cr_assert_str_eq(kinds(L), "noi;$");
  cr_assert_eq(L->s.nerrors, 0);
}

Test(frontend, joins_lines_inside_brackets) {
  Lexed *L = lexs("f(1,\n  2,\n\n  3)\nx\n");
  cr_assert_str_eq(kinds(L), "noioioio;n;$");
  assert_pos(&L->ts.t[6], 4, 3);
  assert_pos(&L->ts.t[9], 5, 1);
}

Test(frontend, skips_comments_and_blank_lines) {
  Lexed *L = lexs("# a comment\n\n   \nx = 1  # trailing\n# end");
  cr_assert_str_eq(kinds(L), "noi;$");
  assert_pos(&L->ts.t[0], 4, 1);
}

Test(frontend, counts_columns_in_bytes_through_tabs_and_utf8) {
  Lexed *L = lexs("s = '\xc3\xa9t\xc3\xa9'\t+\tx\n");
  cr_assert_str_eq(kinds(L), "noson;$");
  assert_pos(&L->ts.t[3], 1, 13);
  assert_pos(&L->ts.t[4], 1, 15);
}

Test(frontend, reads_non_ascii_names) {
  Lexed *L = lexs("caf\xc3\xa9 = 1\n");
  cr_assert_str_eq(kinds(L), "noi;$");
  cr_assert_eq(L->ts.t[0].len, 5);
}

Test(frontend, survives_invalid_utf8_and_control_bytes) {
  Lexed *L = lex("x = \xff\xfe 1\x01\n'\xff'\n", 13);
  cr_assert_eq(L->s.nerrors, 3);
  cr_assert_str_eq(L->s.diags[0].msg, "unexpected character '\\xff'");
  cr_assert_eq(L->s.diags[1].pos.col, 6);
  cr_assert_str_eq(L->s.diags[2].msg, "unexpected control byte '\\x01'");
}

Test(frontend, treats_cr_and_crlf_as_newlines) {
  Lexed *L = lexs("a\r\nb\rc\n");
  cr_assert_str_eq(kinds(L), "n;n;n;$");
  assert_pos(&L->ts.t[4], 3, 1);
}

Test(frontend, reports_an_unterminated_string_at_its_quote) {
  Lexed *L = lexs("x = 'abc\ny = 2\nz = '''never\nclosed\n");
  cr_assert_eq(L->s.nerrors, 2);
  cr_assert_str_eq(L->s.diags[0].msg, "unterminated string");
  assert_pos(&(Token){.pos = L->s.diags[0].pos}, 1, 5);
  cr_assert_str_eq(L->s.diags[1].msg, "unterminated triple-quoted string");
}

Test(frontend, lexes_operators_longest_first) {
  Lexed *L = lexs("a ** b // c != d -> e **= f ... g\n");
  cr_assert_eq(L->ts.t[1].op, PY_POW);
  cr_assert_eq(L->ts.t[3].op, PY_FLOORDIV);
  cr_assert_eq(L->ts.t[5].op, PY_NE);
  cr_assert_eq(L->ts.t[7].op, PY_ARROW);
  cr_assert_eq(L->ts.t[9].op, PY_POW_EQ);
  cr_assert_eq(L->ts.t[11].op, PY_ELLIPSIS);
}

Test(frontend, lexes_bytes_literals_byte_by_byte) {
  Lexed *L = lexs("b'\\xff\\101\\u00e9' rb'\\x41' B\"\"\"q\"\"\"\n");
  cr_assert_str_eq(kinds(L), "sss;$");
  cr_assert(L->ts.t[0].bytes && L->ts.t[1].bytes && L->ts.t[2].bytes);
  cr_assert_eq(L->ts.t[0].slen, 8);  /* \xff and \101 are one byte each; \u is no escape */
  cr_assert_eq(memcmp(L->ts.t[0].str, "\xff" "A\\u00e9", 8), 0);
  cr_assert_str_eq(L->ts.t[1].str, "\\x41");
  cr_assert_str_eq(L->ts.t[2].str, "q");
  cr_assert_eq(L->s.nerrors, 0);
  L = lexs("'x' b'\\x00'\n");
  cr_assert(!L->ts.t[0].bytes);
  cr_assert_eq(L->ts.t[1].slen, 1);
}

Test(frontend, refuses_non_ascii_in_a_bytes_literal) {
  Lexed *L = lexs("b = b'\xc3\xa9'\n");
  cr_assert_eq(L->s.nerrors, 1);
  cr_assert_str_eq(L->s.diags[0].msg, "bytes can only contain ASCII literal characters");
  assert_pos(&L->ts.t[2], 1, 5);
}

Test(frontend, lexes_empty_and_whitespace_only_input) {
  cr_assert_str_eq(kinds(lex("", 0)), "$");
  cr_assert_str_eq(kinds(lexs("  \n\t\n# c")), "$");
  cr_assert_str_eq(kinds(lex("\\", 1)), "$");
}

Test(frontend, lexes_a_range_as_an_f_string_field) {
  const char *text = "f'{x + 1}'";
  Source s;
  fe_source_init(&s, "t.py", text, strlen(text));
  Tokens ts;
  cr_assert_eq(fe_lex_range(&s, 3, 8, (Pos){1, 4}, &ts), NNC_OK);
  cr_assert_eq(ts.n, 4);
  cr_assert_eq(ts.t[1].op, PY_ADD);
  cr_assert_eq(ts.t[2].pos.col, 8);
  fe_tokens_free(&ts);
}
