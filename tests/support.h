/* support.h — helpers shared by the Criterion tests (support.c is linked into every test
 * binary): a deterministic random generator, a failing allocator that walks a step through
 * its out-of-memory paths, a temporary directory for files a test writes, and macros for
 * checking a status. */
#ifndef NNC_TESTS_SUPPORT_H
#define NNC_TESTS_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nnc.h"

/* A small deterministic generator, so a failing test fails the same way every run. Any two
 * seeds, however close, give unrelated streams. */
typedef struct { uint64_t s; } TestRng;
TestRng test_rng(uint64_t seed);
double test_uniform(TestRng *r, double lo, double hi);

/* ---- out of memory ----
 * A counting allocator, installed with nnc_set_allocator: it refuses calls past a budget and
 * counts the blocks it hands out minus the blocks freed, so a step run under it must free
 * exactly what it allocated under it. */
void test_alloc_fail_after(long budget); /* calls 0..budget-1 succeed, every later one fails;
                                            budget < 0: none fails */
void test_alloc_fail_once(long k);       /* only call number k (from 0) fails */
long test_alloc_live(void);     /* blocks allocated minus blocks freed since installed */
long test_alloc_calls(void);    /* allocation calls (realloc) since installed */
bool test_alloc_refused(void);  /* whether a call has been refused since installed */
void test_alloc_restore(void);  /* back to malloc */
/* on: blocks nnc frees are kept (not given back), so a test may pass a freed handle to nnc
 * and have its tag read from live memory; off: they are freed and malloc is back. */
void test_alloc_quarantine(bool on);

/* How test_until_ok_walk chooses the budgets it tries. */
typedef struct {
  long max;    /* the test fails when no budget up to this one succeeds; 0: no limit */
  long dense;  /* budgets below this are all tried, then each is half again as big as the
                  last (for slow steps); 0: every budget */
  bool once;   /* refuse only the budget-th call (later ones succeed), not every one from it */
} TestOomWalk;

/* Runs step(arg) under the failing allocator with budgets 0, 1, 2, ... until it returns
 * NNC_OK. Every run that is refused a call must return NNC_ERR_NOMEM with "out of memory" in
 * nnc_last_error(); a run that succeeds must not have been refused one; no run may leak a
 * block. Returns the budget that succeeded: with every budget tried, the number that failed. */
long test_until_ok(nnc_status (*step)(void *), void *arg, long max);
long test_until_ok_walk(nnc_status (*step)(void *), void *arg, TestOomWalk w);

/* ---- files ----
 * A fresh directory per test: TestSuite(s, .init = test_dir_make, .fini = test_dir_remove).
 * Criterion runs each test in its own process, so tests never share it. */
void test_dir_make(void);
void test_dir_remove(void);
const char *test_dir(void);
const char *test_path(const char *name);  /* DIR/name; 16 calls later the buffer is reused */
/* Writes a file into the directory and returns its path (as test_path). */
const char *test_write(const char *name, const void *bytes, size_t n);
const char *test_write_text(const char *name, const char *text);

/* The contents of a file of the directory, NUL-terminated (static buffer of 64 KiB; "" when
 * it cannot be read). */
const char *test_read_text(const char *name);
/* Temporaries a save left in the directory (".NAME.nnc-XXXXXX", formats/outfile.c). */
int test_temporaries(void);

/* ---- comparing with CPython ----
 * Each part of the snippet file tests/FILE (a part starts with a line "# ---- name") runs
 * through run (nnc's interpreter; it returns what was printed, malloc'd) and through
 * /usr/bin/python3 (python3 where that is absent) in the test directory, and the two outputs
 * must be the same bytes. At least min_parts parts. */
typedef char *(*TestRunText)(const char *name, const char *text, size_t len);
void test_compare_with_python(const char *file, int min_parts, TestRunText run);
/* All of f from where it is (malloc'd, NUL-terminated). */
char *test_slurp(FILE *f);
/* The whole of NNC_TEST_DATA/relpath, NUL-terminated (malloc'd); the test fails if it cannot
 * be read. */
char *test_read_data(const char *relpath);

/* A model file's lines, for the tests that compare nnc with Keras 3 on one small program:
 * twelve samples x of four features in three unbalanced classes (3, 4 and 5 samples; y
 * one-hot), m a Dense(3) softmax model, and TEST_TWELVE_WEIGHTS its fixed weights. Their
 * expected numbers come from Keras running the same text. */
#define TEST_TWELVE_SAMPLES                                                                  \
  "x = np.array([[0.5,-1.2,0.3,2.0],[1.1,0.4,-0.7,0.2],[-0.3,0.8,1.5,-1.0],[0.9,-0.5,0.1,0.6]," \
  "[-1.4,0.2,0.7,0.3],[0.6,1.3,-0.2,-0.8],[0.0,-0.9,1.1,0.4],[1.2,0.7,0.5,-0.3],"             \
  "[-0.6,-0.4,-1.1,1.0],[0.3,1.0,0.9,0.1],[-1.0,0.6,-0.3,0.9],[0.8,-1.1,0.4,-0.6]], "        \
  "dtype='float32')\n"                                                                       \
  "y = keras.utils.to_categorical([0,1,2,0,2,1,2,0,1,1,2,2], 3)\n"                           \
  "m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation='softmax')])\n"
#define TEST_TWELVE_WEIGHTS                                                                  \
  "m.layers[0].set_weights([np.array([[0.3,-0.2,0.1],[0.5,0.4,-0.6],[-0.2,0.7,0.3],"          \
  "[0.1,-0.4,0.8]], dtype='float32'), np.zeros(3, dtype='float32')])\n"

/* Asserts that call returns code with text in nnc_last_error(). */
#define TEST_EXPECT(call, code, text)                                                        \
  do {                                                                                       \
    nnc_status s_ = (call);                                                                  \
    cr_assert_eq(s_, code, "%s: got %s: %s", #call, nnc_status_name(s_), nnc_last_error());  \
    cr_assert(strstr(nnc_last_error(), text), "%s: message lacks '%s': %s", #call, text,     \
              nnc_last_error());                                                             \
  } while (0)

/* Sets the caller's nnc_status s to what call returns and, when that is an error, jumps to
 * the caller's label out (its cleanup). */
#define TEST_TRY(call)                                                                       \
  do {                                                                                       \
    s = (call);                                                                              \
    if (s != NNC_OK)                                                                         \
      goto out;                                                                              \
  } while (0)

#endif
