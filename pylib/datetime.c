/* datetime.c — the part of Python's datetime module tutorials use to time a run:
 * datetime.now() and today(), strftime, isoformat, str(), the difference of two datetimes as
 * a timedelta (total_seconds(), str()), and timedelta(...) itself. Times are local, kept as
 * microseconds since the epoch. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, localtime_r */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  int64_t us;         /* datetime: microseconds since the epoch; timedelta: a duration */
} Stamp;

static Class *find_class(Interp *I, const char *name) {
  Obj *m = fe_import(I, "datetime");
  Obj *c = m ? fe_dict_getstr(I, ((Module *)m)->dict, name) : NULL;
  fe_decref(I, m);
  return c && FE_ISA(I, c, type) ? (Class *)c : NULL;
}

static Obj *stamp(Interp *I, const char *cls, int64_t us) {
  Class *c = find_class(I, cls);
  Stamp *s = c ? (Stamp *)fe_new(I, c, sizeof(Stamp)) : NULL;
  if (s)
    s->us = us;
  return s ? &s->hd : I->exc_pending
      ? NULL : fe_throw(I, EXC_RuntimeError, "datetime.%s is missing", cls);
}

static struct tm local(int64_t us) {
  time_t t = (time_t)(us / 1000000 - (us % 1000000 < 0));
  struct tm tm;
  localtime_r(&t, &tm);
  return tm;
}

static int64_t micro(int64_t us) {
  int64_t m = us % 1000000;
  return m < 0 ? m + 1000000 : m;
}

/* ---- datetime ---- */

static Obj *dt_now(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return stamp(I, "datetime", (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

static Obj *dt_strftime(Interp *I, Obj *self, Obj **args) {
  if (!FE_ISA(I, args[0], str))
    return fe_throw(I, EXC_TypeError, "strftime() argument 1 must be str, not %s",
                    fe_typename(args[0]));
  struct tm tm = local(((Stamp *)self)->us);
  char buf[512];
  size_t n = strftime(buf, sizeof buf, FE_STR(args[0])->s, &tm);
  return fe_str_new(I, buf, n);
}

static Obj *dt_str(Interp *I, Obj *self, const char *sep) {
  int64_t us = ((Stamp *)self)->us;
  struct tm tm = local(us);
  char buf[64];
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%02d:%02d:%02d", sep, tm.tm_hour, tm.tm_min,
                        tm.tm_sec);
  if (micro(us))
    snprintf(buf + n, sizeof buf - n, ".%06lld", (long long)micro(us));
  return fe_str_cstr(I, buf);
}

static Obj *dt_isoformat(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return dt_str(I, self, "T");
}

static Obj *dt_timestamp(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_float(I, (double)((Stamp *)self)->us / 1e6);
}

static Obj *dt_repr(Interp *I, Obj *self) {
  return dt_str(I, self, " ");
}

static Obj *td_from(Interp *I, int64_t us) {
  return stamp(I, "timedelta", us);
}

static Obj *dt_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  bool b_dt = b->cls == a->cls, b_td = b->cls == find_class(I, "timedelta");
  if (op == PY_SUB && !reflected && b_dt)
    return td_from(I, ((Stamp *)a)->us - ((Stamp *)b)->us);
  if ((op == PY_ADD || (op == PY_SUB && !reflected)) && b_td)
    return stamp(I, "datetime", ((Stamp *)a)->us + (op == PY_ADD ? 1 : -1) * ((Stamp *)b)->us);
  return fe_notimpl(I);
}

static Obj *compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (b->cls != a->cls)
    return fe_notimpl(I);
  int64_t x = ((Stamp *)a)->us, y = ((Stamp *)b)->us;
  return fe_bool(I, fe_order_holds(cmp, x < y ? -1 : x > y));
}

#define FIELD(name, expr)                            \
  static Obj *get_##name(Interp *I, Obj *self) {     \
    struct tm tm = local(((Stamp *)self)->us);       \
    (void)tm;                                        \
    return fe_int(I, expr);                          \
  }
FIELD(year, tm.tm_year + 1900)
FIELD(month, tm.tm_mon + 1)
FIELD(day, tm.tm_mday)
FIELD(hour, tm.tm_hour)
FIELD(minute, tm.tm_min)
FIELD(second, tm.tm_sec)
FIELD(microsecond, micro(((Stamp *)self)->us))
#undef FIELD

static const Layout dt_layout = {
    .name = "datetime", .size = sizeof(Stamp), .repr = dt_repr, .binop = dt_binop,
        .compare = compare,
};

static const FeFnDef dt_methods[] = {
    {"strftime", dt_strftime, "(format, /)", NULL, NULL},
    {"isoformat", dt_isoformat, "(sep='T')", NULL, NULL},
    {"timestamp", dt_timestamp, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeFnDef dt_statics[] = {
    {"now", dt_now, "(tz=None)", NULL, NULL},
    {"today", dt_now, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeGetDef dt_props[] = {
    {"year", get_year, NULL}, {"month", get_month, NULL}, {"day", get_day, NULL},
    {"hour", get_hour, NULL}, {"minute", get_minute, NULL}, {"second", get_second, NULL},
    {"microsecond", get_microsecond, NULL}, {NULL, NULL, NULL},
};

/* ---- timedelta ---- */

static Obj *td_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const double unit[] = {86400e6, 1e6, 1, 1e3, 60e6, 3600e6, 7 * 86400e6};
  double total = 0;
  for (int i = 0; i < 7; i++) {
    double v;
    if (fe_as_double(I, args[i], &v) < 0)
      return NULL;
    total += v * unit[i];
  }
  return td_from(I, (int64_t)(total < 0 ? total - 0.5 : total + 0.5));
}

static Obj *td_repr(Interp *I, Obj *self) {
  int64_t us = ((Stamp *)self)->us, days = us / 86400000000LL;
  if (us % 86400000000LL < 0)
    days--;
  int64_t rest = us - days * 86400000000LL, s = rest / 1000000;
  char buf[96];
  int n = 0;
  if (days)
    n = snprintf(buf, sizeof buf, "%lld day%s, ", (long long)days, days == 1 ||
                 days == -1 ? "" : "s");
  n += snprintf(buf + n, sizeof buf - (size_t)n, "%lld:%02lld:%02lld", (long long)(s / 3600),
                (long long)(s / 60 % 60), (long long)(s % 60));
  if (rest % 1000000)
    snprintf(buf + n, sizeof buf - (size_t)n, ".%06lld", (long long)(rest % 1000000));
  return fe_str_cstr(I, buf);
}

static Obj *td_total(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_float(I, (double)((Stamp *)self)->us / 1e6);
}

static Obj *td_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  if (b->cls == a->cls && (op == PY_ADD || op == PY_SUB)) {
    int64_t x = ((Stamp *)a)->us, y = ((Stamp *)b)->us;
    return td_from(I, op == PY_ADD ? x + y : reflected ? y - x : x - y);
  }
  if (b->cls == a->cls && op == PY_DIV && !reflected && ((Stamp *)b)->us)
    return fe_float(I, (double)((Stamp *)a)->us / (double)((Stamp *)b)->us);
  double k;
  if ((op == PY_MUL || (op == PY_DIV && !reflected)) && fe_is_number(I, b) &&
      fe_as_double(I, b, &k) == 0) {
    if (op == PY_DIV && k == 0)
      return fe_throw(I, EXC_ZeroDivisionError, "division by zero");
    double v = op == PY_MUL ? (double)((Stamp *)a)->us * k : (double)((Stamp *)a)->us / k;
    return td_from(I, (int64_t)(v < 0 ? v - 0.5 : v + 0.5));
  }
  return fe_notimpl(I);
}

static Obj *td_seconds(Interp *I, Obj *self) {
  int64_t us = ((Stamp *)self)->us, r = us % 86400000000LL;
  return fe_int(I, (r < 0 ? r + 86400000000LL : r) / 1000000);
}

static Obj *td_days(Interp *I, Obj *self) {
  int64_t us = ((Stamp *)self)->us, d = us / 86400000000LL;
  return fe_int(I, us % 86400000000LL < 0 ? d - 1 : d);
}

static const Layout td_layout = {
    .name = "timedelta", .size = sizeof(Stamp), .repr = td_repr, .binop = td_binop,
        .compare = compare,
};
static const FeFnDef td_methods[] = {
    {"total_seconds", td_total, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
static const FeGetDef td_props[] = {
    {"seconds", td_seconds, NULL}, {"days", td_days, NULL}, {NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "datetime", .layout = &dt_layout, .methods = dt_methods, .statics = dt_statics,
     .props = dt_props},
    {.name = "timedelta", .layout = &td_layout, .ctor = td_ctor,
     .ctor_sig = "(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)",
     .methods = td_methods, .props = td_props},
    {.name = NULL},
};

const FeModuleDef pl_datetime_def = {.name = "datetime", .classes = classes};
