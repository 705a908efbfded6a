/* main.c — the lecture's model learning on a Cortex-M4F, one sample per step (nnc build
 * --target thumbv7em-none-eabihf --cpu cortex-m4 --batch 1, SGD). No data set fits a small
 * board, so the samples are made here: 784 pixels, brighter or darker by a random amount,
 * and the label says which. Prints the mean loss of each 500 steps and the accuracy on 200
 * fresh samples. */
#include <stdint.h>

#include "digits.h"

void put(const char *s);

static _Alignas(64) unsigned char state[digits_STATE_SIZE];
static float x[digits_IN], y[1];
static uint32_t rng = 2463534242u;

static float uniform(void) {
  rng ^= rng << 13, rng ^= rng >> 17, rng ^= rng << 5;
  return (float)(rng >> 8) * 0x1p-24f;
}

static void sample(void) {
  y[0] = uniform() < 0.5f;
  float shift = (y[0] ? 0.1f : -0.1f) * (0.5f + uniform());
  for (int i = 0; i < digits_IN; i++)
    x[i] = 0.5f * uniform() + 0.25f + shift;
}

/* "NAME 0.1234\n" for 0 <= v < 10. */
static void show(const char *name, float v) {
  char s[48], *p = s;
  while (*name)
    *p++ = *name++;
  int fixed = (int)(v * 10000.0f + 0.5f);
  *p++ = ' ', *p++ = (char)('0' + fixed / 10000 % 10), *p++ = '.';
  for (int d = 1000; d; d /= 10)
    *p++ = (char)('0' + fixed / d % 10);
  *p++ = '\n', *p = 0;
  put(s);
}

int main(void) {
  digits_init(state, 0);
  for (int round = 0; round < 4; round++) {
    float loss = 0;
    for (int step = 0; step < 500; step++) {
      sample();
      loss += digits_train_step(state, x, y);
    }
    show("loss", loss / 500);
  }
  int right = 0;
  for (int i = 0; i < 200; i++) {
    float p;
    sample();
    digits_predict(state, x, &p, 1);
    right += (p >= 0.5f) == (y[0] >= 0.5f);
  }
  show("accuracy", (float)right / 200);
  return 0;
}
