/* pd_index.c — pandas' Index: the labels of a frame's columns (df.columns) and rows
 * (df.index), of a Series' rows (s.index), or pd.Index(data, name=). An immutable
 * sequence of labels that reads as a list or a tuple wherever nnc takes one (its layout's
 * `items`), with .values, .name, tolist(), drop, isin, get_loc, difference, unique and
 * rename, and == against a label or as many labels, item by item.
 * An Index taken from a frame or a Series is its owner's: setting its name names the
 * owner's axis (df.index.name = 'True Label'), which the frame prints and seaborn's heatmap
 * takes as an axis label. Its labels are those of the moment it was taken, as in pandas,
 * where changing a frame's columns gives it a new Index.
 * It prints as pandas 1.5 prints it: Index, Int64Index, Float64Index, RangeIndex. */
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *labels;        /* a tuple */
  Obj *name;          /* None when unnamed */
  Obj *owner;         /* the frame or Series whose axis this is, or NULL */
  bool columns;       /* the owner's columns, else its rows */
  bool range;         /* the labels are range(start, stop, step): pandas' RangeIndex */
  int64_t start, stop, step;
} PdIndex;

#define INDEX(o) ((PdIndex *)(o))

typedef enum { KIND_OBJECT, KIND_INT, KIND_FLOAT, KIND_BOOL } Kind;

static void index_clear(Interp *I, Obj *o) {
  fe_setref(I, &INDEX(o)->labels, NULL);
  fe_setref(I, &INDEX(o)->name, NULL);
  fe_setref(I, &INDEX(o)->owner, NULL);
}

static void index_traverse(Obj *o, FeVisit visit, void *arg) {
  Obj *v[3] = {INDEX(o)->labels, INDEX(o)->name, INDEX(o)->owner};
  for (int i = 0; i < 3; i++)
    if (v[i])
      visit(v[i], arg);
}

static Obj *index_items(Obj *o) {
  return INDEX(o)->labels;
}

static int64_t count(PdIndex *x) {
  return FE_TUPLE(x->labels)->n;
}

/* A new Index of the labels (a tuple, taken over; NULL passes an exception on). */
static Obj *index_wrap(Interp *I, Obj *labels, Obj *name) {
  PdIndex *x = labels ? (PdIndex *)fe_new(I, pl_state(I)->pd_index, sizeof(PdIndex)) : NULL;
  if (!x) {
    fe_decref(I, labels);
    return NULL;
  }
  name = name ? name : &I->none;
  fe_incref(name);
  x->labels = labels, x->name = name;
  return &x->hd;
}

Obj *pl_index_new(Interp *I, Obj *labels, Obj *name) {
  return index_wrap(I, fe_tuple_from_iter(I, labels), name);
}

/* range(start, stop, step) (step not 0): a RangeIndex. */
static Obj *range_index(Interp *I, int64_t start, int64_t stop, int64_t step, Obj *name) {
  int64_t n = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
  n = n > 0 ? n : 0;
  Obj *t = fe_tuple_new(I, n);
  for (int64_t i = 0; t && i < n; i++)
    if (!(FE_TUPLE(t)->v[i] = fe_int(I, start + i * step)))
      fe_setref(I, &t, NULL);
  Obj *r = index_wrap(I, t, name);
  if (r)
    INDEX(r)->range = true, INDEX(r)->start = start, INDEX(r)->stop = stop, INDEX(r)->step = step;
  return r;
}

Obj *pl_axis_index(Interp *I, Obj *owner, bool columns) {
  bool series = owner->cls->layout == &pl_series_layout;
  int64_t first = 0;
  Obj *labels = columns ? pl_frame_names(owner)
                : series ? pl_series_index(owner, &first) : pl_frame_index(owner);
  Obj *name = columns ? pl_frame_columns_name(owner)
              : series ? pl_series_index_name(owner) : pl_frame_index_name(owner);
  first = series || columns ? first : pl_frame_first(owner);
  Obj *r = labels ? pl_index_new(I, labels, name)
                  : range_index(I, first, first + fe_len(I, owner), 1, name);
  if (r) {
    fe_incref(owner);
    INDEX(r)->owner = owner, INDEX(r)->columns = columns;
  }
  return r;
}

static Kind kind_of(Interp *I, PdIndex *x) {
  Obj *const *v = FE_TUPLE(x->labels)->v;
  int64_t n = count(x), ints = 0, floats = 0, bools = 0;
  for (int64_t i = 0; i < n; i++) {
    ints += FE_IS(v[i], int);
    floats += FE_IS(v[i], float);
    bools += FE_IS(v[i], bool);
  }
  return n == 0 ? KIND_OBJECT : bools == n ? KIND_BOOL : ints == n ? KIND_INT
         : ints + floats == n ? KIND_FLOAT : KIND_OBJECT;
}

/* Whether every label is a str (pandas' inferred type "string", whose labels it does not
 * align). */
static bool all_text(Interp *I, PdIndex *x) {
  bool text = count(x) > 0;
  for (int64_t i = 0; text && i < count(x); i++)
    text = FE_IS(FE_TUPLE(x->labels)->v[i], str);
  return text;
}

static const char *const dtype_names[] = {"object", "int64", "float64", "bool"};

/* ---- its text ---- */

enum { DISPLAY_WIDTH = 80, MAX_SEQ_ITEMS = 100 };

/* pandas' text of a label or a name: a str in single quotes (tabs and line ends escaped),
 * anything else as str() gives it. */
static Obj *label_text(Interp *I, Obj *v) {
  if (!FE_IS(v, str))
    return fe_str(I, v);
  BaseBuf b = {0};
  base_buf_puts(&b, "'");
  for (const char *s = FE_STR(v)->s; *s; s++)
    base_buf_puts(&b, *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : *s == '\r' ? "\\r"
                                 : (char[2]){*s, 0});
  base_buf_puts(&b, "'");
  return fe_sb_finish(I, &b);
}

static int64_t width(Obj *s) {
  return FE_STR(s)->ncp;
}

static int64_t chars(const char *p, size_t n) {
  int64_t w = 0;
  for (size_t i = 0; i < n; i++)
    w += ((unsigned char)p[i] & 0xc0) != 0x80;
  return w;
}

/* The bytes of line without its trailing blanks and line breaks (Python's rstrip). */
static size_t stripped(const BaseBuf *line) {
  size_t n = line->n;
  while (n > 0 && (line->p[n - 1] == ' ' || line->p[n - 1] == '\n'))
    n--;
  return n;
}

/* Appends word (of width w without its trailing blank) to line, first moving line to out
 * and starting a new one at indent when the two would reach limit (pandas' _extend_line). */
static void extend_line(BaseBuf *out, BaseBuf *line, const BaseBuf *word, int64_t w,
                        int64_t limit, const char *indent) {
  if (chars(line->p, stripped(line)) + w >= limit) {
    base_buf_put(out, line->p, stripped(line));
    line->n = 0;
    base_buf_puts(line, indent);
  }
  base_buf_put(line, word->p, word->n);
}

/* The bracketed labels as pandas' format_object_summary writes them after a class name of
 * name_len characters: on one line while they fit in 80 columns, else wrapped under the
 * bracket; beyond 100 labels the first and last ten around "..."; numbers right-aligned to
 * the widest when wrapped or cut. */
static bool summary(Interp *I, PdIndex *x, size_t name_len, bool justify, BaseBuf *out) {
  enum { EDGE = 10 };
  int64_t n = count(x);
  Obj *const *v = FE_TUPLE(x->labels)->v;
  bool cut = n > MAX_SEQ_ITEMS;
  int64_t shown = cut ? 2 * EDGE : n, head = cut ? EDGE : 0;
  Obj **text = base_calloc((size_t)(shown ? shown : 1), sizeof *text);
  bool ok = text != NULL;
  for (int64_t i = 0; ok && i < shown; i++)
    ok = (text[i] = label_text(I, v[i < head ? i : n - shown + i])) != NULL;
  if (ok && n <= 2) {
    base_buf_puts(out, "[");
    for (int64_t i = 0; i < n; i++)
      base_buf_printf(out, "%s%s", i ? ", " : "", FE_STR(text[i])->s);
    base_buf_puts(out, "], ");
  } else if (ok) {
    int64_t widest = 0, joined[2] = {0, 0};
    for (int64_t i = 0; i < shown; i++) {
      widest = width(text[i]) > widest ? width(text[i]) : widest;
      joined[i >= head] += width(text[i]) + (i != 0 && i != head) * 2;
    }
    bool pad = justify && (cut || joined[0] >= DISPLAY_WIDTH || joined[1] >= DISPLAY_WIDTH);
    /* pandas' space2, the wrapped lines' start, and space1, the attributes' */
    char indent[64] = "\n", attr_indent[64] = "\n";
    size_t k = name_len + 2 < sizeof indent - 2 ? name_len + 2 : sizeof indent - 2;
    memset(indent + 1, ' ', k);
    memset(attr_indent + 1, ' ', k - 1);
    indent[k + 1] = attr_indent[k] = 0;
    char ellipsis[] = "...";
    BaseBuf s = {0}, line = {0}, word = {0}, dots = {.p = ellipsis, .n = 3};
    base_buf_puts(&line, indent);
    for (int64_t i = 0; i < shown; i++) {
      bool last = i == shown - 1;
      int64_t w = pad ? widest : width(text[i]);
      word.n = 0;
      base_buf_printf(&word, "%*s%s%s", (int)(w - width(text[i])), "", FE_STR(text[i])->s,
                      last ? "" : ", ");
      extend_line(&s, &line, &word, w + !last, DISPLAY_WIDTH - 2 * last, indent);
      if (i == head - 1) {   /* the head's line ends; "..." on a line of its own */
        extend_line(&s, &line, &dots, DISPLAY_WIDTH, DISPLAY_WIDTH, indent);
        base_buf_put(&s, line.p, line.n);
        line.n = 0;
        base_buf_puts(&line, indent);
      }
    }
    base_buf_put(&s, line.p, line.n);
    base_buf_puts(&s, "],");
    base_buf_free(&line);
    base_buf_free(&word);
    bool broke = chars(s.p, s.n) > DISPLAY_WIDTH;
    base_buf_puts(out, "[");   /* in place of the first line's start */
    base_buf_put(out, s.p + strlen(indent), s.n - strlen(indent));
    base_buf_puts(out, broke ? attr_indent : " ");
    base_buf_free(&s);
  }
  for (int64_t i = 0; i < shown; i++)
    fe_decref(I, text[i]);
  base_free(text);
  return ok;
}

static Obj *index_repr(Interp *I, Obj *o) {
  PdIndex *x = INDEX(o);
  Kind k = kind_of(I, x);
  Obj *name = x->name != &I->none ? label_text(I, x->name) : NULL;
  if (x->name != &I->none && !name)
    return NULL;
  BaseBuf b = {0};
  bool ok = true;
  if (x->range) {
    base_buf_printf(&b, "RangeIndex(start=%lld, stop=%lld, step=%lld", (long long)x->start,
                    (long long)x->stop, (long long)x->step);
  } else {
    const char *cls = k == KIND_INT ? "Int64Index" : k == KIND_FLOAT ? "Float64Index" : "Index";
    base_buf_printf(&b, "%s(", cls);
    ok = summary(I, x, strlen(cls), !all_text(I, x), &b);
    base_buf_printf(&b, "dtype='%s'", dtype_names[k]);
  }
  if (name)
    base_buf_printf(&b, ", name=%s", FE_STR(name)->s);
  if (!x->range && count(x) > MAX_SEQ_ITEMS)
    base_buf_printf(&b, ", length=%lld", (long long)count(x));
  base_buf_puts(&b, ")");
  fe_decref(I, name);
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

/* ---- a sequence ---- */

static int64_t index_len(Interp *I, Obj *o) {
  (void)I;
  return count(INDEX(o));
}

static Obj *index_iter(Interp *I, Obj *o) {
  return fe_iter(I, INDEX(o)->labels);
}

static int index_contains(Interp *I, Obj *o, Obj *v) {
  return fe_contains(I, INDEX(o)->labels, v);
}

static int index_hash(Interp *I, Obj *o, int64_t *h) {
  (void)o, (void)h;
  fe_throw(I, EXC_TypeError, "unhashable type: 'Index'");
  return -1;
}

/* The labels at positions (int64), as a new Index of x's name. */
static Obj *at_positions(Interp *I, PdIndex *x, const NdArray *pos) {
  Obj *t = fe_tuple_new(I, pos->size);
  for (int64_t i = 0; t && i < pos->size; i++) {
    Obj *v = FE_TUPLE(x->labels)->v[((const int64_t *)pos->data)[i]];
    fe_incref(v);
    FE_TUPLE(t)->v[i] = v;
  }
  return index_wrap(I, t, x->name);
}

/* idx[i] (a label), idx[a:b:c] (an Index; a RangeIndex stays one), idx[mask] and
 * idx[positions] (an Index). */
static Obj *index_getitem(Interp *I, Obj *o, Obj *key) {
  PdIndex *x = INDEX(o);
  int64_t n = count(x), i;
  if (fe_is_int(I, key) && !FE_IS(key, bool)) {
    if (fe_as_int(I, key, &i) < 0)
      return NULL;
    if (i < -n || i >= n)
      return fe_throw(I, EXC_IndexError, "index %lld is out of bounds for axis 0 with size %lld",
                      (long long)i, (long long)n);
    Obj *v = FE_TUPLE(x->labels)->v[i < 0 ? n + i : i];
    fe_incref(v);
    return v;
  }
  if (FE_IS(key, slice)) {
    int64_t start, stop, step, k;
    if (fe_slice_indices(I, key, n, &start, &stop, &step, &k) < 0)
      return NULL;
    if (x->range)   /* as Python slices a range */
      return range_index(I, x->start + start * x->step, x->start + stop * x->step,
                         x->step * step, x->name);
    NdArray *pos = nd_empty(ND_INT64, 1, &k);
    for (int64_t j = 0; pos && j < k; j++)
      ((int64_t *)pos->data)[j] = start + j * step;
    Obj *r = pos ? at_positions(I, x, pos) : fe_throw(I, EXC_MemoryError, "out of memory");
    nd_unref(pos);
    return r;
  }
  NdArray *pos = pl_positions(I, key, n);
  Obj *r = pos ? at_positions(I, x, pos) : NULL;
  nd_unref(pos);
  return r;
}

static int index_setitem(Interp *I, Obj *o, Obj *key, Obj *v) {
  (void)o, (void)key, (void)v;
  fe_throw(I, EXC_TypeError, "Index does not support mutable operations");
  return -1;
}

/* A new bool array of test(I, label i, arg) for each label; NULL with an exception. */
static Obj *each(Interp *I, PdIndex *x, int (*test)(Interp *, Obj *, Obj *, int64_t), Obj *arg) {
  int64_t n = count(x);
  NdArray *r = nd_empty(ND_BOOL, 1, &n);
  if (!r)
    return fe_throw(I, EXC_MemoryError, "out of memory");
  for (int64_t i = 0; i < n; i++) {
    int t = test(I, FE_TUPLE(x->labels)->v[i], arg, i);
    if (t < 0) {
      nd_unref(r);
      return NULL;
    }
    ((bool *)r->data)[i] = t;
  }
  return pl_array_wrap(I, r);
}

static void negate(Obj *mask) {
  NdArray *m = PL_ND(mask);
  for (int64_t i = 0; i < m->size; i++)
    ((bool *)m->data)[i] = !((bool *)m->data)[i];
}

static int equals_one(Interp *I, Obj *label, Obj *other, int64_t i) {
  (void)i;
  return fe_eq(I, label, other);
}

static int equals_ith(Interp *I, Obj *label, Obj *others, int64_t i) {
  Obj *const *v;
  int64_t n;
  fe_seq_items(I, others, &v, &n);   /* a sequence of as many, as index_compare made sure */
  return fe_eq(I, label, v[i]);
}

static int is_in(Interp *I, Obj *label, Obj *set, int64_t i) {
  (void)i;
  return fe_contains(I, set, label);
}

/* idx == v, idx != v: item by item against one label, or against as many labels. */
static Obj *index_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (cmp != PYC_EQ && cmp != PYC_NE)
    return fe_notimpl(I);
  PdIndex *x = INDEX(a);
  Obj *others = pl_is_array(b) ? fe_list_from_iter(I, b) : (fe_incref(b), b);
  bool many = others && fe_is_seq(I, others);
  if (many && fe_len(I, others) != count(x)) {
    fe_decref(I, others);
    return fe_throw(I, EXC_ValueError, "Lengths must match to compare");
  }
  Obj *r = others ? each(I, x, many ? equals_ith : equals_one, others) : NULL;
  fe_decref(I, others);
  if (r && cmp == PYC_NE)
    negate(r);
  return r;
}

const Layout pl_index_layout = {
    .name = "Index", .size = sizeof(PdIndex), .clear = index_clear,
    .traverse = index_traverse, .repr = index_repr, .hash = index_hash,
    .compare = index_compare, .len = index_len, .getitem = index_getitem,
    .setitem = index_setitem, .contains = index_contains, .iter = index_iter,
    .items = index_items,
};

bool pl_is_index(const Obj *v) {
  return v->cls->layout == &pl_index_layout;
}

/* ---- its attributes ---- */

/* The labels as numpy holds them: int64, float64 or bool, else an object array. */
static Obj *index_values(Interp *I, Obj *self) {
  PdIndex *x = INDEX(self);
  if (kind_of(I, x) != KIND_OBJECT) {
    NdArray *a = pl_array_arg(I, x->labels);
    return a ? pl_array_wrap(I, a) : NULL;
  }
  int64_t n = count(x);
  Obj *items = fe_list_from_iter(I, x->labels);
  return items ? pl_objarray_new(I, 1, &n, items) : NULL;
}

static Obj *index_dtype(Interp *I, Obj *self) {
  Obj *v = index_values(I, self), *r = v ? fe_getattr_str(I, v, "dtype") : NULL;
  fe_decref(I, v);
  return r;
}

static Obj *index_name(Interp *I, Obj *self) {
  (void)I;
  fe_incref(INDEX(self)->name);
  return INDEX(self)->name;
}

/* idx.name = v: also the name of its owner's axis. */
static int index_set_name(Interp *I, Obj *self, Obj *v) {
  PdIndex *x = INDEX(self);
  if (!v) {
    fe_throw(I, EXC_TypeError, "can't delete the name of an Index");
    return -1;
  }
  if (FE_IS(v, list) || FE_IS(v, dict) || FE_IS(v, set)) {
    fe_throw(I, EXC_TypeError, "Index.name must be a hashable type");
    return -1;
  }
  fe_incref(v);
  fe_setref(I, &x->name, v);
  Obj *name = v == &I->none ? NULL : v;
  if (x->owner && x->owner->cls->layout == &pl_series_layout)
    pl_series_set_index_name(I, x->owner, name);
  else if (x->owner)
    pl_frame_set_axis_name(I, x->owner, x->columns, name);
  return 0;
}

static Obj *index_shape(Interp *I, Obj *self) {
  Obj *n = fe_int(I, count(INDEX(self))), *r = n ? fe_tuple_pack(I, 1, n) : NULL;
  fe_decref(I, n);
  return r;
}

static Obj *index_size(Interp *I, Obj *self) {
  return fe_int(I, count(INDEX(self)));
}

static Obj *index_empty(Interp *I, Obj *self) {
  return fe_bool(I, count(INDEX(self)) == 0);
}

static Obj *index_tolist(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_list_from_iter(I, INDEX(self)->labels);
}

static Obj *index_to_numpy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return index_values(I, self);
}

/* A new set of the items of iterable; NULL with an exception. */
static Obj *set_of(Interp *I, Obj *iterable) {
  Obj *set = fe_set_new(I, false), *it = set ? fe_iter(I, iterable) : NULL, *v;
  while (it && (v = fe_next(I, it))) {
    int r = fe_set_add(I, set, v);
    fe_decref(I, v);
    if (r < 0)
      break;
  }
  fe_decref(I, it);
  if (!it || I->exc_pending)
    fe_setref(I, &set, NULL);
  return set;
}

static Obj *index_isin(Interp *I, Obj *self, Obj **args) {
  Obj *set = set_of(I, args[0]), *r = set ? each(I, INDEX(self), is_in, set) : NULL;
  fe_decref(I, set);
  return r;
}

/* get_loc(key): the position of a label; KeyError when there is none. */
static Obj *index_get_loc(Interp *I, Obj *self, Obj **args) {
  PdIndex *x = INDEX(self);
  for (int64_t i = 0; i < count(x); i++) {
    int eq = fe_eq(I, FE_TUPLE(x->labels)->v[i], args[0]);
    if (eq != 0)
      return eq < 0 ? NULL : fe_int(I, i);
  }
  return fe_key_error(I, args[0]);
}

/* x without the labels in gone (a set or a sequence), as a new Index of x's name. */
static Obj *without(Interp *I, PdIndex *x, Obj *gone) {
  Obj *mask = each(I, x, is_in, gone);
  if (mask)
    negate(mask);
  Obj *r = mask ? index_getitem(I, &x->hd, mask) : NULL;
  fe_decref(I, mask);
  return r;
}

/* drop(labels, errors='raise'): the Index without those labels. */
static Obj *index_drop(Interp *I, Obj *self, Obj **args) {
  bool ignore = fe_str_is(args[1], "ignore");
  if (!ignore && !fe_str_is(args[1], "raise"))
    return fe_throw(I, EXC_ValueError, "errors must be 'raise' or 'ignore'");
  Obj *gone = fe_is_seq(I, args[0]) || pl_is_array(args[0]) ? fe_list_from_iter(I, args[0])
                                                              : fe_tuple_pack(I, 1, args[0]);
  Obj *const *g;
  int64_t ng;
  Obj *missing = gone ? fe_list_new(I, 0) : NULL;
  bool ok = missing && fe_seq_items(I, gone, &g, &ng);
  for (int64_t i = 0; ok && i < ng; i++) {
    int in = fe_contains(I, self, g[i]);
    ok = in >= 0 && (in || fe_list_append(I, missing, g[i]) == 0);
  }
  Obj *r = NULL;
  if (ok && !ignore && fe_len(I, missing) > 0) {
    Obj *text = fe_repr(I, missing);
    if (text)
      fe_throw(I, EXC_KeyError, "%s not found in axis", FE_STR(text)->s);
    fe_decref(I, text);
  } else if (ok) {
    r = without(I, INDEX(self), gone);
  }
  fe_decref(I, gone);
  fe_decref(I, missing);
  return r;
}

/* The labels without repeats, in order of first appearance; NULL with an exception. */
static Obj *distinct(Interp *I, Obj *labels) {
  Obj *seen = fe_set_new(I, false), *out = seen ? fe_list_new(I, 0) : NULL;
  Obj *const *v;
  int64_t n;
  bool ok = out && fe_seq_items(I, labels, &v, &n);
  for (int64_t i = 0; ok && i < n; i++) {
    int in = fe_contains(I, seen, v[i]);
    ok = in == 1 || (in == 0 && fe_set_add(I, seen, v[i]) == 0 &&
                     fe_list_append(I, out, v[i]) == 0);
  }
  fe_decref(I, seen);
  if (!ok)
    fe_setref(I, &out, NULL);
  return out;
}

static Obj *index_unique(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *list = distinct(I, INDEX(self)->labels);
  Obj *r = list ? pl_index_new(I, list, INDEX(self)->name) : NULL;
  fe_decref(I, list);
  return r;
}

/* difference(other, sort=None): the distinct labels not in other, sorted where they sort
 * (as pandas tries to), named as this Index unless other is an Index of another name. */
static Obj *index_difference(Interp *I, Obj *self, Obj **args) {
  if (args[1] != &I->none && args[1] != &I->false_.hd)
    return fe_throw(I, EXC_ValueError, "The 'sort' keyword only takes the values of None or "
                    "False; %s was passed.", fe_typename(args[1]));
  Obj *others = set_of(I, args[0]);
  Obj *kept = others ? without(I, INDEX(self), others) : NULL;
  Obj *list = kept ? distinct(I, INDEX(kept)->labels) : NULL;
  if (list && args[1] == &I->none) {
    Obj *done = fe_call_method(I, list, "sort", NULL, 0);
    fe_decref(I, done ? done : fe_exc_take(I));   /* labels that do not sort keep their order */
  }
  Obj *same = pl_is_index(args[0]) ? INDEX(args[0])->name : INDEX(self)->name;
  int eq = list ? fe_eq(I, same, INDEX(self)->name) : 0;
  Obj *r = list && eq >= 0 ? pl_index_new(I, list, eq ? INDEX(self)->name : NULL) : NULL;
  fe_decref(I, others), fe_decref(I, kept), fe_decref(I, list);
  return r;
}

static Obj *index_rename(Interp *I, Obj *self, Obj **args) {
  return pl_index_new(I, INDEX(self)->labels, args[0]);
}

const FeFnDef pl_index_methods[] = {
    {"tolist", index_tolist, "()", "list", NULL},
    {"to_list", index_tolist, "()", "list", NULL},
    {"to_numpy", index_to_numpy, "()", "numpy.ndarray", NULL},
    {"isin", index_isin, "(values)", "numpy.ndarray", NULL},
    {"get_loc", index_get_loc, "(key)", "int", NULL},
    {"drop", index_drop, "(labels, errors='raise')", "pandas.Index", NULL},
    {"unique", index_unique, "()", "pandas.Index", NULL},
    {"difference", index_difference, "(other, sort=None)", "pandas.Index", NULL},
    {"rename", index_rename, "(name)", "pandas.Index", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeGetDef pl_index_props[] = {
    {"values", index_values, NULL},
    {"name", index_name, index_set_name},
    {"dtype", index_dtype, NULL},
    {"shape", index_shape, NULL},
    {"size", index_size, NULL},
    {"empty", index_empty, NULL},
    {NULL, NULL, NULL},
};

/* pd.Index(data=None, dtype=None, copy=False, name=None) */
Obj *pl_index_ctor(Interp *I, Obj *cls, Obj **args) {
  (void)cls;
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "Index(dtype=...) is not supported by nnc yet");
  if (args[0] == &I->none)
    return fe_throw(I, EXC_TypeError, "Index(...) must be called with a collection of some "
                    "kind, None was passed");
  return pl_index_new(I, args[0], args[3]);
}
