/* diag.c — the source of a model file and the errors found in it.
 *
 * Errors are kept in the Source (at most FE_MAX_DIAGS, more are only counted) so every stage
 * can go on after an error and all of them are printed before anything runs. A diagnostic is
 * printed chibicc-style: "FILE:LINE:COL: error: MESSAGE", the source line, a caret. Notes
 * follow the error they explain (a runtime error's traceback: where each call was made) and
 * are kept only with it.
 *
 * Columns count bytes. When the line is echoed, control bytes and bytes that are not valid
 * UTF-8 are shown as '?', so a broken file cannot garble the terminal; the caret line
 * repeats tabs and skips UTF-8 continuation bytes so the caret sits under the column.
 */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "frontend.h"
#include "names.h"
#include "base.h"

void fe_source_init(Source *s, const char *file, const char *text, size_t len) {
  memset(s, 0, sizeof *s);
  s->file = file ? file : "<input>";
  s->text = text ? text : "";
  s->len = text ? len : 0;
}

void fe_error(Source *s, nnc_status code, Pos p, const char *fmt, ...) {
  s->nerrors++;
  if (s->ndiags >= FE_MAX_DIAGS)
    return;
  Diag *d = &s->diags[s->ndiags++];
  d->pos = p;
  d->code = code;
  d->note = false;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d->msg, sizeof d->msg, fmt, ap);
  va_end(ap);
}

void fe_note(Source *s, Pos p, const char *fmt, ...) {
  if (s->ndiags == 0 || s->ndiags >= FE_MAX_DIAGS || s->nerrors > s->ndiags)
    return;       /* the error it explains was not kept */
  Diag *d = &s->diags[s->ndiags++];
  d->pos = p;
  d->code = s->diags[s->ndiags - 2].code;
  d->note = true;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d->msg, sizeof d->msg, fmt, ap);
  va_end(ap);
}

/* Notes stay after their error, so a file with notes is left in the order it was found. */
void fe_diags_sort(Source *s) {
  for (int i = 0; i < s->ndiags; i++)
    if (s->diags[i].note)
      return;
  for (int i = 1; i < s->ndiags; i++) {
    Diag d = s->diags[i];
    int j = i;
    for (; j > 0 && (s->diags[j - 1].pos.line > d.pos.line ||
                     (s->diags[j - 1].pos.line == d.pos.line &&
                      s->diags[j - 1].pos.col > d.pos.col)); j--)
      s->diags[j] = s->diags[j - 1];
    s->diags[j] = d;
  }
}

bool fe_full(const Source *s) {
  return s->nerrors >= FE_MAX_DIAGS;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0 when it is not one. */
static int utf8_len(const unsigned char *p, size_t n) {
  int len = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3
          : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || (size_t)len > n || (len == 2 && p[0] < 0xC2))
    return 0;
  for (int i = 1; i < len; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return len;
}

/* The start and length of line number `line` (1-based); len 0 past the end. */
static const char *line_at(const Source *s, int line, size_t *len) {
  size_t i = 0;
  for (int l = 1; l < line && i < s->len; i++)
    if (s->text[i] == '\n' || (s->text[i] == '\r' && (i + 1 >= s->len || s->text[i + 1] != '\n')))
      l++;
  size_t j = i;
  while (j < s->len && s->text[j] != '\n' && s->text[j] != '\r')
    j++;
  *len = j - i;
  return s->text + i;
}

/* Echoes the line and a caret under byte column col. */
static void echo_line(const char *line, size_t len, int col, FILE *out) {
  enum { MAXSHOW = 200 };
  size_t show = len < MAXSHOW ? len : MAXSHOW;
  char caret[MAXSHOW + 2];
  size_t nc = 0;
  const unsigned char *p = (const unsigned char *)line;
  for (size_t i = 0; i < show;) {
    int u = p[i] >= 0x80 ? utf8_len(p + i, show - i) : 1;
    bool printable = p[i] == '\t' || (p[i] >= 0x20 && p[i] != 0x7f);
    if (u > 1) {
      fwrite(p + i, 1, (size_t)u, out);
    } else {
      fputc(u == 1 && printable ? p[i] : '?', out);
      u = 1;
    }
    if (i < (size_t)col - 1)
      caret[nc++] = p[i] == '\t' ? '\t' : ' ';
    i += (size_t)u;
  }
  caret[nc++] = '^';
  fputc('\n', out);
  fwrite(caret, 1, nc, out);
  fputc('\n', out);
}

void fe_diag_render(const Source *s, const Diag *d, FILE *out) {
  if (d->pos.line <= 0) {
    fprintf(out, "%s: %s: %s\n", s->file, d->note ? "note" : "error", d->msg);
    return;
  }
  fprintf(out, "%s:%d:%d: %s: %s\n", s->file, d->pos.line, d->pos.col, d->note ? "note" : "error",
          d->msg);
  size_t len;
  const char *line = line_at(s, d->pos.line, &len);
  echo_line(line, len, d->pos.col < 1 ? 1 : d->pos.col, out);
}

void fe_diags_print(const Source *s, FILE *out) {
  for (int i = 0; i < s->ndiags; i++)
    fe_diag_render(s, &s->diags[i], out);
  if (s->nerrors > s->ndiags)
    fprintf(out, "%s: %d more errors not shown\n", s->file, s->nerrors - s->ndiags);
  if (s->nerrors > 1)
    fprintf(out, "%d errors\n", s->nerrors);
}

nnc_status fe_status(const Source *s) {
  if (s->ndiags == 0)
    return NNC_OK;
  const Diag *d = &s->diags[0];
  if (d->pos.line <= 0)
    return base_error(d->code, "%s: error: %s", s->file, d->msg);
  return base_error(d->code, "%s:%d:%d: error: %s", s->file, d->pos.line, d->pos.col, d->msg);
}

char *fe_quote(char *buf, size_t n, const char *s, size_t len, size_t max) {
  size_t o = 0;
  if (n == 0)
    return buf;
  for (size_t i = 0; i < len && o + 5 < n; i++) {   /* room for \xHH or ... and NUL */
    if (i >= max) {
      memcpy(buf + o, "...", 3);
      o += 3;
      break;
    }
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '\\')
      buf[o++] = (char)c;
    else
      o += (size_t)snprintf(buf + o, n - o, "\\x%02x", c);
  }
  buf[o] = '\0';
  return buf;
}

/* Names of at most `shortlen` bytes are only matched up to letter case: one edit turns any
 * short name into another. */
static const char *suggest(const char *name, const char *const *cands, int n, int shortlen) {
  int len = (int)strlen(name);
  if (len <= shortlen) {
    for (int i = 0; i < n; i++)
      if (cands[i] && strcmp(cands[i], name) != 0 &&
          names_same_letters(cands[i], strlen(cands[i]), name, (size_t)len))
        return cands[i];
    return NULL;
  }
  int cap = (len + 1) / 3;        /* 'lod' -> 'load', 'sigmod' -> 'sigmoid'; not 'relu' -> 'repr' */
  const char *best = NULL;
  int bestd = cap + 1;
  bool tied = false;              /* another name as near: 'sinn' is 'sin' or 'sign', so neither */
  for (int i = 0; i < n; i++) {
    if (!cands[i] || strcmp(cands[i], name) == 0)
      continue;
    int d = names_edit_distance(name, cands[i], cap);
    if (d < bestd) {
      bestd = d;
      best = cands[i];
      tied = false;
    } else if (d == bestd && best && strcmp(best, cands[i]) != 0) {
      tied = true;
    }
  }
  return tied ? NULL : best;
}

const char *fe_suggest(const char *name, const char *const *cands, int n) {
  return suggest(name, cands, n, 2);
}

const char *fe_hint(char *buf, size_t n, const char *name, const char *const *cands, int nc) {
  const char *s = fe_suggest(name, cands, nc);
  if (!s) {
    buf[0] = '\0';
    return buf;
  }
  snprintf(buf, n, " (did you mean '%s'?)", s);
  return buf;
}
