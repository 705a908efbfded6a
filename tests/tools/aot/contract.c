/* contract.c — what an object's header (prefix `model`) promises, checked from outside by
 * a program that knows only the header: the sizes it defines hold everything the functions
 * touch (guard bytes around the state stay untouched through init, training steps and a
 * predict with a partial batch); every weight lies inside the state under a distinct name;
 * the state works at an address only 4-aligned, as STATE_ALIGN's comment says, with the
 * same bits as at a 64-aligned one. Built with -DPREDICT_ONLY for a --predict-only object,
 * whose header has no training step. Exits 0 when all holds, else prints what broke. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "model.h" /* the include guard */

enum { GUARD = 256, ROWS = 2 * model_BATCH + 3, GUARD_BYTE = 0xA5 };

static int failures;

#define EXPECT(cond, ...)                                                                       \
  do {                                                                                          \
    if (!(cond)) {                                                                              \
      printf(__VA_ARGS__);                                                                      \
      putchar('\n');                                                                            \
      failures++;                                                                               \
    }                                                                                           \
  } while (0)

/* A state at `skew` bytes past a 64-aligned address, with guard bytes on both sides. */
static unsigned char *state_in(unsigned char *block, size_t skew) {
  memset(block, GUARD_BYTE, 2 * GUARD + 64 + model_STATE_SIZE);
  return block + GUARD + skew;
}

static int guards_intact(const unsigned char *state) {
  for (size_t i = 1; i <= GUARD; i++)
    if (state[-(ptrdiff_t)i] != GUARD_BYTE || state[model_STATE_SIZE + i - 1] != GUARD_BYTE)
      return 0;
  return 1;
}

static void check_params(unsigned char *state) {
  size_t n = model_param_count(), total = 0;
  EXPECT(n > 0, "no weights");
  for (size_t i = 0; i < n; i++) {
    size_t elements = 0;
    const unsigned char *p = (const unsigned char *)model_param(state, i, &elements);
    const char *name = model_param_name(i);
    EXPECT(name && p && elements > 0, "weight %zu: no name, data or elements", i);
    if (!name || !p)
      continue;
    EXPECT(p >= state && p + elements * sizeof(float) <= state + model_STATE_SIZE,
           "%s lies outside the state", name);
    for (size_t j = 0; j < i; j++)
      EXPECT(strcmp(name, model_param_name(j)) != 0, "%s is named twice", name);
    total += elements;
  }
  EXPECT(total * sizeof(float) <= model_STATE_SIZE, "the weights outgrow the state");
  EXPECT(!model_param_name(n) && !model_param(state, n, NULL), "a weight past the end");
}

/* init, three training steps, a predict of ROWS rows; the predictions in pred. */
static void run(unsigned char *state, const float *x, const float *y, float *pred) {
  model_init(state, 42);
#ifndef PREDICT_ONLY
  for (int s = 0; s < 3; s++)
    model_train_step(state, x + (size_t)s % 2 * model_BATCH * model_IN, y);
#else
  (void)y;
#endif
  model_predict(state, x, pred, ROWS);
}

int main(void) {
  static float x[ROWS * model_IN], pred[2][ROWS * model_OUT];
#ifndef PREDICT_ONLY
  static float y[model_BATCH * model_TARGETS];
  for (size_t i = 0; i < model_BATCH * model_TARGETS; i++)
    y[i] = (float)(i % 2);
#else
  static const float *y = NULL;
#endif
  for (size_t i = 0; i < ROWS * model_IN; i++)
    x[i] = (float)(i * 7919 % 1000) / 1000.0f;
  unsigned char *blocks[2] = {aligned_alloc(64, 2 * GUARD + 64 + model_STATE_SIZE),
                              aligned_alloc(64, 2 * GUARD + 64 + model_STATE_SIZE)};
  if (!blocks[0] || !blocks[1])
    return 2;
  unsigned char *states[2] = {state_in(blocks[0], 0), state_in(blocks[1], 4)};
  for (int k = 0; k < 2; k++) {
    run(states[k], x, y, pred[k]);
    EXPECT(guards_intact(states[k]), "a write outside the state (skew %d)", k ? 4 : 0);
    check_params(states[k]);
  }
  EXPECT(memcmp(pred[0], pred[1], sizeof pred[0]) == 0, "a 4-aligned state predicts otherwise");
  for (size_t i = 0; i < model_param_count(); i++) {
    size_t elements;
    const float *a = model_param(states[0], i, &elements), *b = model_param(states[1], i, NULL);
    EXPECT(memcmp(a, b, elements * sizeof *a) == 0, "a 4-aligned state trains %s otherwise",
           model_param_name(i));
  }
  free(blocks[0]);
  free(blocks[1]);
  printf("%s\n", failures ? "broken" : "kept");
  return failures != 0;
}
