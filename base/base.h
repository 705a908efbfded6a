/* base.h — what every module of nnc stands on: the allocation hook, the thread's last error
 * message, and the check for internal invariants. It includes only the public header.
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_BASE_H
#define NNC_BASE_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nnc.h"

/* alloc.c — every allocation in nnc goes through one hook, so tests can fail the Nth. A
 * new block is allocated in the calling thread's current context (base_realloc_in: in c,
 * NULL for the default) and remembers it: growing and freeing it use that context's hook
 * wherever they happen. base_owner is the context block p was allocated in (NULL: default). */
void *base_malloc(size_t n);
void *base_calloc(size_t count, size_t size);
void *base_realloc(void *p, size_t n);
void base_free(void *p);
void *base_realloc_in(nnc_context *c, void *p, size_t n);
nnc_context *base_owner(const void *p);
char *base_strdup(const char *s); /* NULL when out of memory */

/* clock.c — seconds since an arbitrary start, for measuring durations. */
double base_seconds(void);

/* error.c — the thread's last error message (nnc_last_error reads it). */
nnc_status base_error(nnc_status code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *base_last_error(void);
/* Puts "PLACE: " before the last message unless it starts with PLACE already (a reader's
 * error raised by a lower layer that does not know the file); returns code. */
nnc_status base_error_at(nnc_status code, const char *place);

/* context.c — the calling thread's current nnc_context (NULL: the process-wide settings).
 * adopt counts a model made in c (NNC_ERR_ARG for a dead one), release uncounts it; swap
 * makes c current and returns the one it replaces. threads is the current context's count
 * (0: the pool's), log its function (NULL: none of its own; *user set otherwise). */
nnc_status base_context_adopt(nnc_context *c, const char *fn);
void base_context_release(nnc_context *c);
const nnc_context *base_context_swap(const nnc_context *c);
int base_context_threads(void);
nnc_log_fn base_context_log(void **user);
/* NNC_ERR_ARG naming fn for a NULL or freed context. */
nnc_status base_context_check(const nnc_context *c, const char *fn);
/* The current context's compile cache: -1 when it has no setting of its own (the process's
 * applies), else 0 (off) or 1 (on, in *dir; NULL: the directory the process would pick). */
int base_context_cache(const char **dir);
/* For alloc.c: the current context (NULL: the default), a context's own allocator (NULL:
 * none, the process's hook serves it) and its count of live blocks. */
nnc_context *base_context_current(void);
const nnc_allocator *base_context_allocator(const nnc_context *c);
void base_context_count(nnc_context *c, long delta);

/* struct_size.c — an option struct of the caller's version (its first field, struct_size,
 * says its size) read into `out`, this library's version of `ours` bytes: fields the
 * caller's lacks come from `defaults`. NNC_ERR_ARG naming fn and what for a size no version
 * has (0: not filled by _defaults()) or fields of a newer version set. */
nnc_status base_struct_read(void *out, const void *defaults, size_t ours, const void *in,
                            const char *fn, const char *what);

/* handle.c — the tag every public handle carries and the try-lock of the objects one thread
 * at a time may use (docs/c-api.md). A tag is the handle kind's BASE_MAGIC_ while it lives
 * and BASE_MAGIC_DEAD once freed; base_check_tag gives NNC_ERR_ARG ("FN: the WHAT was freed")
 * for any other. base_lock_enter takes the lock for the calling thread (again, if it holds it
 * already) or gives NNC_ERR_BUSY naming fn and what; base_lock_leave undoes one enter. */
enum {
  BASE_MAGIC_MODEL = 0x4d434e4e,    /* "NNCM" */
  BASE_MAGIC_FUNCTION = 0x46434e4e, /* "NNCF" */
  BASE_MAGIC_TENSOR = 0x54434e4e,   /* "NNCT" */
  BASE_MAGIC_GRAPH = 0x47434e4e,    /* "NNCG" */
  BASE_MAGIC_CONTEXT = 0x58434e4e,  /* "NNCX" */
  BASE_MAGIC_DEAD = 0x44414544,     /* "DEAD" */
};
nnc_status base_check_tag(uint32_t tag, uint32_t want, const char *fn, const char *what);
typedef struct {
  _Atomic(uintptr_t) owner;   /* the holding thread's identity, 0 when free */
  int depth;                  /* enters beyond the first, by the owner */
} BaseLock;
nnc_status base_lock_enter(BaseLock *l, const char *fn, const char *what);
void base_lock_leave(BaseLock *l);

/* log.c — a message for a person: to nnc_set_log's function, else to stderr as written. */
void base_log(nnc_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* init.c — the process settings the embedder opted into with nnc_init (NNC_INIT_*). */
unsigned base_init_flags(void);

/* float.c — shortest decimal forms of floating-point numbers, shared by the model-file
 * language's print and ndarray's numpy printing. base_shortest_digits writes the fewest
 * significant digits (NUL-terminated, at most BASE_DIGITS_MAX) that read back as |v| (as a
 * float when single), the closest such when several do, and sets *decpt so that
 * |v| = 0.d1d2... x 10^decpt; returns the digit count. 0, inf and nan give "0", decpt 1.
 * base_repr_double writes Python's repr(v) ("0.1", "1.0", "1e-05", "-inf", "nan") into buf
 * (BASE_REPR_MAX bytes) and returns its length. */
enum { BASE_DIGITS_MAX = 17, BASE_REPR_MAX = 32 };
int base_shortest_digits(double v, bool single, char *digits, int *decpt);
size_t base_repr_double(double v, char *buf);
/* tuple.c: Python's repr of the tuple dim[0..rank) ("(3, 4)", "(5,)") into buf (n bytes,
 * cut short if too small); returns buf. */
const char *base_tuple_text(int rank, const int64_t *dim, char *buf, size_t n);

/* The constants of nnc's own logarithm, under the initializers' normal draws: runtime/rng.c
 * computes it in C and codegen/object_init.c emits it into nnc build's objects, and both
 * must round alike for NAME_init to give nnc's weights bit for bit. */
enum { BASE_LOG_TERMS_F32 = 5, BASE_LOG_TERMS_F64 = 10 };
#define BASE_SQRT2 1.41421356237309504880
#define BASE_LN2_HI_F32 0.693359375
#define BASE_LN2_LO_F32 -2.12194440e-4
#define BASE_LN2_HI_F64 6.93147180369123816490e-01
#define BASE_LN2_LO_F64 1.90821492927058770002e-10

/* assert.c — internal invariants. NNC_ASSERT(cond) names file, line and the condition and
 * aborts when cond is false; nnc_unreachable(what) does the same unconditionally. They are
 * for nnc's own bugs only: anything a user's input can cause returns a status instead. */
_Noreturn void base_bug(const char *file, int line, const char *what);
#define NNC_ASSERT(cond) ((cond) ? (void)0 : base_bug(__FILE__, __LINE__, #cond))
#define nnc_unreachable(what) base_bug(__FILE__, __LINE__, (what))
/* An error a library below nnc cannot return from (LLVM's fatal errors): base_fatal prints
 * "nnc: fatal error in WHO: WHAT" and calls the hook that base_on_fatal installed (the nnc
 * command's removes its temporaries and exits 3); without one it returns, and the caller's
 * library ends the process its own way. */
void base_on_fatal(void (*hook)(void));
void base_fatal(const char *who, const char *what);

/* buf.c — a growing NUL-terminated text buffer; zero-initialise it, append, check nomem
 * once at the end (a failed allocation makes later appends do nothing), free. */
typedef struct {
  char *p;
  size_t n, cap;
  bool nomem;
} BaseBuf;
void base_buf_put(BaseBuf *b, const char *s, size_t n);
void base_buf_puts(BaseBuf *b, const char *s);
void base_buf_printf(BaseBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void base_buf_vprintf(BaseBuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void base_buf_free(BaseBuf *b);

/* npfloat.c — floats as numpy prints them (arrayprint.py), for ndarray's repr and str and
 * for text that quotes a float array. base_dragon_*: one value as dragon4 writes it, with
 * the padding and trimming numpy's FloatingFormat asks for. */
typedef struct {
  int precision;                /* digits after the point at most; -1: no cut */
  int min_digits;               /* digits after the point at least (zeros added) */
  char trim;                    /* 'k' keep, '.' keep the point, '0' keep ".0", '-' drop */
  bool plus;                    /* '+' before non-negative values */
  int pad_left, pad_right;      /* spaces to align the integer and fraction parts */
  int exp_digits;               /* scientific: at least this many exponent digits */
} BaseDragon;
void base_dragon_positional(BaseBuf *s, double v, bool single, const BaseDragon *o);
void base_dragon_scientific(BaseBuf *s, double v, bool single, const BaseDragon *o);
/* FloatingFormat, the format of an array's floats: set the options, _scan every value
 * shown, _choose, _measure every value shown (when one was finite), _finish; then _put
 * writes each element. */
typedef struct {
  int precision;                /* numpy's print options: 8 */
  bool suppress;                /* false */
  char sign;                    /* '-' */
  bool single;                  /* float32 values */
  double maxabs, minabs;        /* the first pass: over the finite non-zero values */
  bool nonzero, finite, nonfinite, neginf, negative;
  int pad_left, frac_max, exp_size; /* the second pass: the widest parts */
  bool exp;                     /* the format: scientific, */
  BaseDragon d;                 /* and its settings */
} BaseFloatFormat;
void base_float_format_scan(BaseFloatFormat *f, double v);
void base_float_format_choose(BaseFloatFormat *f);
void base_float_format_measure(BaseFloatFormat *f, double v);
void base_float_format_finish(BaseFloatFormat *f);
void base_float_format_put(BaseBuf *s, const BaseFloatFormat *f, double v);
/* numpy's _extendLine: word goes on line, or line (its trailing spaces cut) is flushed to s
 * and word starts the next, after indent. */
void base_np_extend_line(BaseBuf *s, BaseBuf *line, const char *word, int width,
                         const char *indent);
/* str(np.array(v[0..n), float32 when single)) under numpy's default print options, n up to
 * its threshold (1000): "[0.5        0.33333334 0.        ]", wrapped at 75 columns. */
void base_np_str_floats(BaseBuf *out, const double *v, int64_t n, bool single);

/* thread.c — threads nnc starts leave SIGINT, SIGTERM and SIGABRT to the caller's threads.
 * base_termination_signals fills the sigset_t at set with those three. */
int base_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);
void base_termination_signals(void *set);

#endif
