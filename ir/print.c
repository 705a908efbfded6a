/* print.c — the IR text format, as parse.c reads it back.
 *
 *     scratch 3200
 *     %4 = matmul %0, %1 trans_b group=1 offset=0 : f32[32,25]
 *     %5 = add %4, %2 group=1 offset=3200 : f32[32,25]
 *
 * A planned graph (pass_plan) opens with `scratch BYTES`, the size of its arena. Then one
 * value per line, numbered from 0 in order, operands, then attributes (a fusion group and,
 * in a planned graph, the value's scratch offset last, each only when there is one), then
 * the type; then one `output %N` line per output. Numbers take the shortest of %.15g/%.16g/%.17g that
 * reads back to the same double, so print(parse(print(g))) == print(g). The printer trusts
 * nothing about the graph (it is what one reads when the verifier complains): an operand
 * that is NULL prints as %null, an unknown op as ?.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"

void ir_print_type(char *buf, size_t n, DType t, Shape s) {
  if (!buf || n == 0)
    return;
  size_t k = (size_t)snprintf(buf, n, "%s[", ir_dtype_name(t));
  int rank = s.rank < 0 ? 0 : s.rank > IR_MAX_RANK ? IR_MAX_RANK : s.rank;
  for (int i = 0; i < rank && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, i ? ",%lld" : "%lld", (long long)s.dim[i]);
  if (k < n)
    snprintf(buf + k, n - k, "]");
}

/* Shortest of %.15g, %.16g, %.17g that strtod reads back exactly. */
static void number(BaseBuf *b, double x) {
  if (isnan(x)) {
    base_buf_puts(b, "nan");
    return;
  }
  if (isinf(x)) {
    base_buf_puts(b, x < 0 ? "-inf" : "inf");
    return;
  }
  char s[40];
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(s, sizeof s, "%.*g", prec, x);
    if (strtod(s, NULL) == x)
      break;
  }
  base_buf_puts(b, s);
}

static void string(BaseBuf *b, const char *s) {
  base_buf_puts(b, " \"");
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\')
      base_buf_put(b, "\\", 1);
    base_buf_put(b, s, 1);
  }
  base_buf_puts(b, "\"");
}

static void axes(BaseBuf *b, unsigned mask) {
  base_buf_puts(b, " axes=[");
  bool first = true;
  for (int i = 0; i < 32; i++)
    if (mask >> i & 1) {
      base_buf_printf(b, first ? "%d" : ",%d", i);
      first = false;
    }
  base_buf_puts(b, "]");
}

static void attr(BaseBuf *b, const Value *v, AttrKind a) {
  const char *w = ir_attr_word(a);
  switch (a) {
  case AT_NAME: string(b, v->name); break;
  case AT_VALUE: base_buf_puts(b, " "); number(b, v->num); break;
  case AT_INIT: base_buf_printf(b, " init=%s", ir_init_name(v->init)); break;
  case AT_FILL: case AT_EXPONENT: case AT_SLOPE: case AT_ALPHA: case AT_DEPTH: case AT_START:
  case AT_SEED:
    base_buf_printf(b, " %s=", w);
    number(b, v->num);
    break;
  case AT_AXES: axes(b, v->axes); break;
  case AT_KEEPDIMS: case AT_TRANS_A: case AT_TRANS_B: case AT_APPROXIMATE: case AT_BF16: {
    bool on = a == AT_KEEPDIMS ? v->keepdims : a == AT_TRANS_A ? v->trans_a
              : a == AT_TRANS_B ? v->trans_b : a == AT_BF16 ? v->bf16 : v->approximate;
    if (on)
      base_buf_printf(b, " %s", w);
    break;
  }
  case AT_CMP: case AT_DTYPE: case AT_SHAPE: break; /* the op's suffix; the type */
  case AT_COUNT: break;
  }
}

/* The op's attributes in AttrKind order. */
static void attrs(BaseBuf *b, const Value *v) {
  unsigned set = ir_op_attrs(v->op);
  for (int a = 0; a < AT_COUNT; a++)
    if (set >> a & 1)
      attr(b, v, (AttrKind)a);
}

static void value(BaseBuf *b, const Value *v, bool planned) {
  base_buf_printf(b, "%%%d = %s", v->id, ir_op_name(v->op));
  if (v->op == OP_CMP)
    base_buf_printf(b, ".%s", ir_cmp_name(v->cmp));
  for (int k = 0; k < v->nargs && k < IR_MAX_ARGS; k++) {
    if (v->args[k])
      base_buf_printf(b, k ? ", %%%d" : " %%%d", v->args[k]->id);
    else
      base_buf_puts(b, k ? ", %null" : " %null");
  }
  attrs(b, v);
  if (v->group)
    base_buf_printf(b, " group=%d", v->group);
  if (planned && v->offset >= 0)
    base_buf_printf(b, " offset=%lld", (long long)v->offset);
  char t[96];
  ir_print_type(t, sizeof t, v->dtype, v->shape);
  base_buf_printf(b, " : %s\n", t);
}

char *ir_print(const Graph *g) {
  BaseBuf b = {0};
  base_buf_put(&b, "", 0); /* an empty graph is "", not NULL */
  if (g && g->planned)
    base_buf_printf(&b, "scratch %lld\n", (long long)g->scratch_bytes);
  for (int i = 0; g && i < g->nvalues; i++)
    value(&b, g->values[i], g->planned);
  for (int i = 0; g && i < g->noutputs; i++) {
    if (g->outputs[i])
      base_buf_printf(&b, "output %%%d\n", g->outputs[i]->id);
    else
      base_buf_puts(&b, "output %null\n");
  }
  if (b.nomem) {
    base_free(b.p);
    return NULL;
  }
  return b.p;
}

void ir_dump(const Graph *g, FILE *f) {
  char *s = ir_print(g);
  fputs(s ? s : "# out of memory while printing the graph\n", f);
  base_free(s);
}
