/* dot.c — a graph as a Graphviz picture (the DOT language), for people to look at.
 *
 * A training step is drawn whole: the forward pass (the values the outputs depend on) in
 * blue, everything after it — the backward pass and the optimizer's update — in orange,
 * each ASSIGN as a green box naming what it writes. Leaves look apart: inputs are green
 * parallelograms, params yellow boxes, optimizer state lilac cylinders; a constant is a
 * small grey number beside each value that reads it (one shared node would pull edges
 * across the whole picture). Every edge carries the shape of the value it moves, each fused
 * kernel (Value.group) is a dashed cluster, and the loss and the other outputs have a
 * double border, as have the gradients autodiff made (∂ and the name of their value). A
 * planned graph also shows each buffer's scratch offset (@BYTES).
 *
 * The writer trusts the graph to be verified (groups contiguous). Every node is declared
 * first, inside its kernel's cluster, and every edge after all of them at the top level: an
 * edge written inside a cluster would pull both its ends into that cluster.
 */
#include <string.h>

#include "ir.h"

typedef enum { K_INPUT, K_PARAM, K_STATE, K_FORWARD, K_BACKWARD, K_UPDATE, K_NKINDS } Kind;

static const struct {
  const char *name;             /* in the legend */
  const char *shape, *style, *fill;
} looks[K_NKINDS] = {
    [K_INPUT] = {"input", "parallelogram", "filled", "#d5ecd4"},
    [K_PARAM] = {"param", "box", "filled", "#ffe8a3"},
    [K_STATE] = {"optimizer state", "cylinder", "filled", "#e4d7f5"},
    [K_FORWARD] = {"forward", "box", "rounded,filled", "#dbe8fb"},
    [K_BACKWARD] = {"backward", "box", "rounded,filled", "#fde3cf"},
    [K_UPDATE] = {"update", "box", "filled", "#b9e3b5"},
};

static const char loss_color[] = "#c0392b";
static const char grad_color[] = "#a04000";

/* DOT's HTML-like labels: the text with &, <, > and " escaped. */
static void html(FILE *f, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    default: fputc(*s, f);
    }
  }
}

/* "32×784", or "scalar" */
static void shape_text(char *buf, size_t n, Shape s) {
  if (s.rank == 0) {
    snprintf(buf, n, "scalar");
    return;
  }
  size_t k = 0;
  for (int i = 0; i < s.rank && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, i ? "\u00d7%lld" : "%lld", (long long)s.dim[i]);
}

/* fwd[i]: value i is one the outputs depend on. */
static void mark_forward(const Graph *g, bool *fwd) {
  for (int i = 0; i < g->noutputs; i++)
    fwd[g->outputs[i]->id] = true;
  for (int i = g->nvalues - 1; i >= 0; i--)
    for (int k = 0; fwd[i] && k < g->values[i]->nargs; k++)
      fwd[g->values[i]->args[k]->id] = true;
}

static Kind kind_of(const Value *v, bool fwd) {
  if (v->op == OP_INPUT)
    return K_INPUT;
  if (v->op == OP_PARAM)
    return K_PARAM;
  if (v->op == OP_STATE)
    return K_STATE;
  if (v->op == OP_ASSIGN)
    return K_UPDATE;
  return fwd ? K_FORWARD : K_BACKWARD;
}

/* The small line under an op's name: its id, its attributes, its offset when planned. */
static void details(FILE *f, const Graph *g, const Value *v) {
  fprintf(f, "%%%d", v->id);
  if (v->op == OP_MATMUL && (v->trans_a || v->trans_b))
    fprintf(f, " %s", v->trans_a ? "trans_a" : "trans_b");
  for (int a = 0, first = 1; (ir_op_flags(v->op) & OPF_REDUCE) && a < IR_MAX_RANK; a++)
    if (v->axes >> a & 1) {
      fprintf(f, first ? " axes %d" : ",%d", a);
      first = 0;
    }
  if (ir_op_attrs(v->op) & (ATTR(EXPONENT) | ATTR(SLOPE) | ATTR(ALPHA)))
    fprintf(f, " %g", v->num);
  if (v->approximate)
    fputs(" approximate", f);
  if (g->planned && v->offset >= 0)
    fprintf(f, " @%lld", (long long)v->offset);
}

/* The value v is the gradient of, or NULL. */
static const Value *grad_of(const Graph *g, const IrDotOptions *o, const Value *v) {
  for (int i = 0; o && i < o->ngrads; i++)
    if (o->grad_ids[i] == v->id && o->wrt_ids[i] >= 0 && o->wrt_ids[i] < g->nvalues)
      return g->values[o->wrt_ids[i]];
  return NULL;
}

static void label(FILE *f, const Graph *g, const Value *v, int output, bool loss,
                  const Value *wrt) {
  char shape[96];
  shape_text(shape, sizeof shape, v->shape);
  fputs("<", f);
  if (loss)
    fprintf(f, "<font color=\"%s\"><b>loss</b></font><br/>", loss_color);
  else if (output >= 0)
    fprintf(f, "<b>output %d</b><br/>", output);
  if (wrt) {
    fprintf(f, "<font color=\"%s\"><b>\u2202 ", grad_color);
    if (wrt->name)
      html(f, wrt->name);
    else
      fprintf(f, "%%%d", wrt->id);
    fputs("</b></font><br/>", f);
  }
  if (ir_op_flags(v->op) & OPF_LEAF) {
    html(f, v->name);
    fprintf(f, "<br/><font point-size=\"8\">%s</font>", shape);
  } else {
    fprintf(f, "%s", ir_op_name(v->op));
    if (v->op == OP_CMP)
      fprintf(f, ".%s", ir_cmp_name(v->cmp));
    if (v->op == OP_ASSIGN) {
      fputs(" ", f);
      html(f, v->args[0]->name);
    }
    fputs("<br/><font point-size=\"8\">", f);
    details(f, g, v);
    fputs("</font>", f);
  }
  fputs(">", f);
}

static int output_of(const Graph *g, const Value *v) {
  for (int i = 0; i < g->noutputs; i++)
    if (g->outputs[i] == v)
      return i;
  return -1;
}

static void node(FILE *f, const Graph *g, const Value *v, Kind k, const IrDotOptions *o) {
  int out = output_of(g, v), loss = o ? o->loss : -1;
  const Value *wrt = grad_of(g, o, v);
  fprintf(f, "  v%d [shape=%s, style=\"%s\", fillcolor=\"%s\", label=", v->id, looks[k].shape,
          looks[k].style, looks[k].fill);
  label(f, g, v, out, out >= 0 && out == loss, wrt);
  if (out >= 0)
    fprintf(f, ", peripheries=2, penwidth=1.5, color=\"%s\"", out == loss ? loss_color : "#333333");
  else if (wrt)
    fprintf(f, ", peripheries=2, penwidth=1.5, color=\"%s\"", grad_color);
  fputs("];\n", f);
}

/* The first operand drawn as an edge: an assign's target is named in its label instead. */
static int first_edge(const Value *v) {
  return v->op == OP_ASSIGN ? 1 : 0;
}

/* v's constant operands: a small grey number each, beside v (in v's cluster). */
static void constants(FILE *f, const Value *v) {
  for (int k = first_edge(v); k < v->nargs; k++)
    if (v->args[k]->op == OP_CONST)
      fprintf(f, "  c%d_%d [shape=plain, fontsize=8, fontcolor=\"#777777\", label=\"%g\"];\n",
              v->id, k, v->args[k]->num);
}

/* The edges into v, each labelled with the shape it carries. */
static void edges(FILE *f, const Value *v) {
  for (int k = first_edge(v); k < v->nargs; k++) {
    const Value *a = v->args[k];
    if (a->op == OP_CONST) {
      fprintf(f, "  c%d_%d -> v%d [color=\"#bbbbbb\", arrowsize=0.4];\n", v->id, k, v->id);
      continue;
    }
    char shape[96];
    shape_text(shape, sizeof shape, a->shape);
    fprintf(f, "  v%d -> v%d [xlabel=\"%s\"];\n", a->id, v->id, a->shape.rank ? shape : "");
  }
}

enum {
  HAS_CONST = 1 << K_NKINDS,
  HAS_LOSS = HAS_CONST << 1,
  HAS_OUTPUT = HAS_LOSS << 1,
  HAS_KERNEL = HAS_OUTPUT << 1,
  HAS_GRAD = HAS_KERNEL << 1,
};

/* What the picture holds: bit k for Kind k, then HAS_*. */
static unsigned present(const Graph *g, const bool *fwd, const IrDotOptions *o) {
  int loss = o ? o->loss : -1;
  unsigned has = o && o->ngrads > 0 ? HAS_GRAD : 0;
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    has |= v->op == OP_CONST ? HAS_CONST : 1u << kind_of(v, fwd[i]);
    has |= v->group ? HAS_KERNEL : 0;
  }
  for (int i = 0; i < g->noutputs; i++)
    has |= i == loss ? HAS_LOSS : HAS_OUTPUT;
  return has;
}

/* One row of swatches at the top, for what the picture holds. */
static void legend(FILE *f, unsigned has) {
  fputs("  legend [shape=plain, label=<<table border=\"0\" cellspacing=\"4\"><tr>", f);
  for (int k = 0; k < K_NKINDS; k++)
    if (has >> k & 1)
      fprintf(f, "<td bgcolor=\"%s\" border=\"1\" color=\"#999999\">%s</td>", looks[k].fill,
              looks[k].name);
  if (has & HAS_CONST)
    fputs("<td><font color=\"#777777\">constant</font></td>", f);
  if (has & HAS_LOSS)
    fprintf(f, "<td border=\"2\" color=\"%s\">loss</td>", loss_color);
  if (has & HAS_OUTPUT)
    fputs("<td border=\"2\">output</td>", f);
  if (has & HAS_GRAD)
    fprintf(f, "<td border=\"2\" color=\"%s\">\u2202 gradient</td>", grad_color);
  if (has & HAS_KERNEL)
    fputs("<td border=\"1\" style=\"dashed\">fused kernel</td>", f);
  fputs("</tr></table>>];\n", f);
}

nnc_status ir_dot(const Graph *g, const IrDotOptions *o, FILE *f) {
  bool *fwd = base_calloc((size_t)g->nvalues + 1, sizeof *fwd);
  if (!fwd)
    return base_error(NNC_ERR_NOMEM, "dot: out of memory");
  mark_forward(g, fwd);
  fputs("digraph nnc {\n  graph [fontname=\"Helvetica\", fontsize=12, labelloc=t, "
        "nodesep=0.2, ranksep=0.3, newrank=true];\n", f);
  if (o && o->title) {
    fputs("  label=<", f);
    html(f, o->title);
    fputs(">;\n", f);
  }
  fputs("  node [fontname=\"Helvetica\", fontsize=10, height=0.3, margin=\"0.06,0.02\"];\n"
        "  edge [fontname=\"Helvetica\", fontsize=7, fontcolor=\"#666666\", color=\"#666666\", "
        "arrowsize=0.5];\n", f);
  legend(f, present(g, fwd, o));
  int group = 0;
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    if (v->group != group && group)
      fputs("  }\n", f);
    if (v->group != group && v->group)
      fprintf(f, "  subgraph cluster_%d {\n  label=\"kernel %d\"; fontsize=9; fontcolor=\"#888888\"; "
                 "style=\"dashed,rounded\"; color=\"#999999\";\n", v->group, v->group);
    group = v->group;
    if (v->op == OP_CONST && output_of(g, v) < 0)
      continue; /* drawn beside each reader */
    node(f, g, v, kind_of(v, fwd[i]), o);
    constants(f, v);
  }
  if (group)
    fputs("  }\n", f);
  for (int i = 0; i < g->nvalues; i++)
    edges(f, g->values[i]);
  fputs("}\n", f);
  base_free(fwd);
  return ferror(f) ? base_error(NNC_ERR_IO, "dot: cannot write the picture") : NNC_OK;
}
