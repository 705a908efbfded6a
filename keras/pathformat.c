/* pathformat.c — Python's str.format for ModelCheckpoint's filepath: "{epoch:02d}" and
 * "{val_loss:.2f}" replaced by the epoch's values, "{{" and "}}" by braces.
 *
 * The format spec is the part of Python's mini-language that paths use:
 * [0][width][.precision][type], type one of d f e g % or none. As in Python, 'd' takes only
 * an integer (the epoch), a float with no spec prints as repr, an integer with a float type
 * converts. Anything else is an error naming the field, so a bad path fails when fit
 * starts, not after the first epoch's training.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

enum { FIELD_MAX = 256 }; /* a field's text: at most 111 digits and 99 of padding */

typedef struct {
  bool zero;
  int width, precision;         /* -1: none */
  char type;                    /* 0: none */
} Spec;

static bool parse_spec(const char *s, const char *end, Spec *sp) {
  *sp = (Spec){.width = -1, .precision = -1};
  if (s < end && *s == '0')
    sp->zero = true, s++;
  if (s < end && isdigit((unsigned char)*s))
    for (sp->width = 0; s < end && isdigit((unsigned char)*s); s++)
      sp->width = sp->width * 10 + (*s - '0');
  if (s < end && *s == '.') {
    if (++s == end || !isdigit((unsigned char)*s))
      return false;
    for (sp->precision = 0; s < end && isdigit((unsigned char)*s); s++)
      sp->precision = sp->precision * 10 + (*s - '0');
  }
  if (s < end && strchr("dfeg%", *s))
    sp->type = *s++;
  return s == end && sp->width < 100 && sp->precision < 100;
}

/* One field's text into buf (of FIELD_MAX bytes); false when Python would refuse the spec. */
static bool field(const Spec *sp, bool is_int, double v, char *buf) {
  char num[112];
  if (sp->type == 'd' || (!sp->type && is_int)) {
    if (!is_int || sp->precision >= 0)
      return false;
    snprintf(num, sizeof num, "%lld", (long long)v);
  } else if (!sp->type && sp->precision < 0) {
    base_repr_double(v, num);
  } else {
    int p = sp->precision < 0 ? 6 : sp->precision;
    char t = sp->type ? sp->type : 'g';
    if (t == '%')
      snprintf(num, sizeof num, "%.*f%%", p, v * 100);
    else
      snprintf(num, sizeof num, t == 'f' ? "%.*f" : t == 'e' ? "%.*e" : "%.*g", p, v);
  }
  int len = (int)strlen(num), pad = sp->width > len ? sp->width - len : 0;
  size_t k = 0;
  bool sign = sp->zero && num[0] == '-'; /* Python puts the zeros after the sign */
  if (sign)
    buf[k++] = '-';
  while (pad-- > 0)
    buf[k++] = sp->zero ? '0' : ' ';
  strcpy(buf + k, num + sign);
  return true;
}

/* The value of key name[0..len), or false; the epoch is an integer. */
static bool lookup(const KerasLogs *l, const char *name, size_t len, double *v, bool *is_int) {
  *is_int = len == 5 && strncmp(name, "epoch", 5) == 0;
  if (*is_int) {
    *v = l->epoch;
    return true;
  }
  for (int i = 0; i < l->n; i++)
    if (strlen(l->keys[i]) == len && strncmp(l->keys[i], name, len) == 0) {
      *v = l->values[i];
      return true;
    }
  return false;
}

static bool put(char *out, size_t cap, size_t *at, const char *s, size_t n) {
  if (*at + n >= cap)
    return false;
  memcpy(out + *at, s, n);
  *at += n;
  out[*at] = '\0';
  return true;
}

nnc_status keras_format_path(const char *pattern, const KerasLogs *l, char *out, size_t cap) {
  const char *fn = "ModelCheckpoint";
  size_t at = 0;
  out[0] = '\0';
  for (const char *p = pattern; *p; p++) {
    if ((*p == '{' || *p == '}') && p[1] == *p) {
      if (!put(out, cap, &at, p++, 1))
        return base_error(NNC_ERR_ARG, "%s: the path '%s' is too long", fn, pattern);
      continue;
    }
    if (*p == '}')
      return base_error(NNC_ERR_ARG, "%s: single '}' in the path '%s'", fn, pattern);
    if (*p != '{') {
      if (!put(out, cap, &at, p, 1))
        return base_error(NNC_ERR_ARG, "%s: the path '%s' is too long", fn, pattern);
      continue;
    }
    const char *end = strchr(p, '}'), *colon = strchr(p, ':');
    if (!end)
      return base_error(NNC_ERR_ARG, "%s: '{' without '}' in the path '%s'", fn, pattern);
    size_t len = (size_t)((colon && colon < end ? colon : end) - p - 1);
    double v;
    bool is_int;
    Spec sp;
    if (!lookup(l, p + 1, len, &v, &is_int))
      return base_error(NNC_ERR_ARG, "%s: failed to format the path '%s': the logs have no "
                      "'%.*s'", fn, pattern, (int)len, p + 1);
    char buf[FIELD_MAX];
    if (!parse_spec(colon && colon < end ? colon + 1 : end, end, &sp) ||
        !field(&sp, is_int, v, buf))
      return base_error(NNC_ERR_ARG, "%s: the format of '%.*s' in the path '%s' is not one "
                      "nnc knows ([0][width][.precision][d|f|e|g|%%], 'd' for the epoch only)",
                      fn, (int)(end - p - 1), p + 1, pattern);
    if (!put(out, cap, &at, buf, strlen(buf)))
      return base_error(NNC_ERR_ARG, "%s: the path '%s' is too long", fn, pattern);
    p = end;
  }
  return NNC_OK;
}
