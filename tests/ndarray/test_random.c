/* test_random.c — np.random: numpy's streams (RandomState's MT19937, default_rng's PCG64),
 * reproducible streams, shapes and dtypes, distributions
 * (means and spreads within tolerance of large samples), shuffle and permutation keeping
 * every element, choice with and without replacement and weights, and numpy's errors. */
#include "ndtest.h"

static double mean_of(const NdArray *a) {
  NdArray *m = nd_reduce(ND_MEAN, a, NULL);
  double v = nd_scalar_to_double(nd_get(m, NULL));
  nd_unref(m);
  return v;
}

Test(random, same_seed_same_numbers) {
  NdRandom *a = nd_random_new(true, 42), *b = nd_random_new(true, 42), *c = nd_random_new(true, 43);
  int64_t n = 100;
  NdArray *x = nd_random_normal(a, 0, 1, 1, &n), *y = nd_random_normal(b, 0, 1, 1, &n),
          *z = nd_random_normal(c, 0, 1, 1, &n);
  cr_expect_eq(memcmp(x->data, y->data, 800), 0);
  cr_expect_neq(memcmp(x->data, z->data, 800), 0);
  nd_random_seed(a, true, 42);
  NdArray *again = nd_random_normal(a, 0, 1, 1, &n);
  cr_expect_eq(memcmp(x->data, again->data, 800), 0);
  NdRandom *g1 = nd_random_global();
  nd_random_seed(g1, true, 7);
  NdArray *u1 = nd_random_uniform(g1, 0, 1, 1, &n);
  nd_random_seed(nd_random_global(), true, 7);
  NdArray *u2 = nd_random_uniform(nd_random_global(), 0, 1, 1, &n);
  cr_expect_eq(memcmp(u1->data, u2->data, 800), 0);
  nd_unref(x), nd_unref(y), nd_unref(z), nd_unref(again), nd_unref(u1), nd_unref(u2);
  nd_random_free(a), nd_random_free(b), nd_random_free(c);
}

Test(random, distributions) {
  NdRandom *r = nd_random_new(true, 1);
  int64_t shape[2] = {200, 500};
  NdArray *u = nd_random_uniform(r, 2, 5, 2, shape);
  cr_expect(u->dtype == ND_FLOAT64 && u->ndim == 2 && u->shape[1] == 500);
  NdArray *lo = nd_reduce(ND_MIN, u, NULL), *hi = nd_reduce(ND_MAX, u, NULL);
  cr_expect(nd_get(lo, NULL).f >= 2 && nd_get(hi, NULL).f < 5);
  cr_expect(fabs(mean_of(u) - 3.5) < 0.02);
  NdArray *g = nd_random_normal(r, 1, 3, 2, shape);
  NdArray *sd = nd_reduce(ND_STD, g, NULL);
  cr_expect(fabs(mean_of(g) - 1) < 0.05 && fabs(nd_get(sd, NULL).f - 3) < 0.05);
  NdArray *k = nd_random_integers(r, -3, 4, 2, shape, ND_NODTYPE);
  NdArray *kmin = nd_reduce(ND_MIN, k, NULL), *kmax = nd_reduce(ND_MAX, k, NULL);
  cr_expect(k->dtype == ND_INT64 && nd_get(kmin, NULL).i == -3 && nd_get(kmax, NULL).i == 3);
  cr_expect(fabs(mean_of(k) - 0) < 0.03);
  NdArray *b = nd_random_integers(r, 0, 256, 1, (int64_t[]){10}, ND_UINT8);
  cr_expect_eq(b->dtype, ND_UINT8);
  NdArray *s = nd_random_uniform(r, 0, 1, -1, NULL);
  cr_expect(s->scalar && s->ndim == 0);
  NdArray *objs[] = {u, lo, hi, g, sd, k, kmin, kmax, b, s};
  for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
    nd_unref(objs[i]);
  nd_random_free(r);
}

Test(random, shuffle_and_permutation_keep_every_element) {
  NdRandom *r = nd_random_new(true, 3);
  NdArray *x = nt_lit("[[0, 0], [1, 10], [2, 20], [3, 30], [4, 40], [5, 50]]", ND_NODTYPE);
  cr_assert(nd_random_shuffle(r, x));
  int64_t seen = 0;
  for (int i = 0; i < 6; i++) {
    int64_t a = ((int64_t *)x->data)[2 * i], b = ((int64_t *)x->data)[2 * i + 1];
    cr_expect_eq(b, 10 * a); /* rows move whole */
    seen |= 1 << a;
  }
  cr_expect_eq(seen, 63);
  NdArray *n = nd_scalar_i64(1000), *p = nd_random_permutation(r, n);
  NdArray *sorted = nd_sort(p, -1);
  for (int64_t i = 0; i < 1000; i++)
    cr_assert_eq(((int64_t *)sorted->data)[i], i);
  NdArray *s = nd_scalar_f64(1.0);
  cr_expect_not(nd_random_shuffle(r, s));
  nd_unref(x), nd_unref(n), nd_unref(p), nd_unref(sorted), nd_unref(s);
  nd_random_free(r);
}

Test(random, choice) {
  NdRandom *r = nd_random_new(true, 5);
  NdArray *pop = nt_lit("[10, 20, 30]", ND_NODTYPE), *w = nt_lit("[0.1, 0.0, 0.9]", ND_NODTYPE);
  int64_t n = 20000;
  NdArray *c = nd_random_choice(r, pop, 1, &n, true, w, true);
  int64_t tens = 0, twenties = 0;
  for (int64_t i = 0; i < n; i++) {
    tens += ((int64_t *)c->data)[i] == 10;
    twenties += ((int64_t *)c->data)[i] == 20;
  }
  cr_expect(twenties == 0 && fabs((double)tens / (double)n - 0.1) < 0.01);
  NdArray *five = nd_scalar_i64(5);
  NdArray *perm = nd_random_choice(r, five, 1, (int64_t[]){5}, false, NULL, true);
  NdArray *ps = nd_sort(perm, -1);
  for (int64_t i = 0; i < 5; i++)
    cr_expect_eq(((int64_t *)ps->data)[i], i);
  cr_expect_null(nd_random_choice(r, five, 1, (int64_t[]){6}, false, NULL, true));
  cr_expect_str_eq(base_last_error(),
                   "Cannot take a larger sample than population when replace is False");
  NdArray *bad = nt_lit("[0.5, 0.4, 0.2]", ND_NODTYPE);
  cr_expect_null(nd_random_choice(r, pop, 1, &n, true, bad, true));
  cr_expect_str_eq(base_last_error(), "probabilities do not sum to 1");
  cr_expect_null(nd_random_choice(r, pop, 1, (int64_t[]){3}, false, w, true));
  cr_expect_str_eq(base_last_error(), "Fewer non-zero entries in p than size");
  NdArray *one = nd_random_choice(r, pop, -1, NULL, true, NULL, true);
  cr_expect(one->scalar && one->dtype == ND_INT64);
  cr_expect_null(nd_random_integers(r, 5, 5, 1, &n, ND_NODTYPE));
  cr_expect_str_eq(base_last_error(), "low >= high"); /* Generator.integers' words */
  cr_expect_null(nd_random_integers(r, 0, 300, 1, &n, ND_UINT8));
  cr_expect_str_eq(base_last_error(), "high is out of bounds for uint8");
  cr_expect_null(nd_random_normal(r, 0, -1, 1, &n));
  cr_expect_str_eq(base_last_error(), "scale < 0");
  nd_unref(pop), nd_unref(w), nd_unref(c), nd_unref(five), nd_unref(perm), nd_unref(ps);
  nd_unref(bad), nd_unref(one);
  nd_random_free(r);
}

/* numpy's RandomState, bit for bit: the values are what Debian's numpy 1.24 prints for
 * RandomState(seed).random_sample() and so on (the Python snippets check whole streams). */
Test(random, legacy_stream_is_numpys) {
  NdMt19937 m;
  nd_mt_seed(&m, 5489); /* the reference seed of Matsumoto and Nishimura's mt19937ar.c */
  cr_expect_eq(nd_mt_next32(&m), 3499211612u);
  cr_expect_eq(nd_mt_next32(&m), 581869302u);
  NdRandom *r = nd_random_legacy_new(true, 0);
  cr_assert(nd_random_is_legacy(r));
  int64_t three = 3;
  NdArray *u = nd_random_uniform(r, 0, 1, 1, &(int64_t){1});
  NdArray *g = nd_random_normal(r, 0, 1, 1, &three);
  cr_expect_eq(((double *)u->data)[0], 0.5488135039273248);
  /* the polar method's pair: the second comes from the cache, reseeding forgets it */
  cr_expect_eq(((double *)g->data)[0], 0.7415917408091613);
  cr_expect_eq(((double *)g->data)[1], 1.5529137219128164);
  nd_random_seed_words(r, (const uint32_t[]){1, 2, 3}, 3);
  NdArray *w = nd_random_uniform(r, 0, 1, -1, NULL);
  cr_expect_eq(((double *)w->data)[0], 0.6098612722867289);
  nd_random_seed(r, true, 0x112345678ull); /* above 2**32 - 1: the words [low, high] */
  NdArray *big = nd_random_uniform(r, 0, 1, -1, NULL);
  cr_expect_eq(((double *)big->data)[0], 0.8428861942365162);
  nd_unref(u), nd_unref(g), nd_unref(w), nd_unref(big);
  nd_random_free(r);
}

/* ---- numpy's Generator, bit for bit: the numbers are what numpy (1.24 and 2.4 alike) prints
 * for the Python line in the comment above each (tests/pylib/numpy_snippets.py checks whole
 * streams through model files). Any other generator (xoshiro, say) fails every line. ---- */

static void expect_f64(const NdArray *a, const double *want, int n) {
  cr_assert(a && a->dtype == ND_FLOAT64 && a->size == n);
  for (int i = 0; i < n; i++)
    cr_expect_eq(((double *)a->data)[i], want[i], "[%d] %.17g != %.17g", i,
                 ((double *)a->data)[i], want[i]);
}

static void expect_i64(const NdArray *a, const int64_t *want, int n) {
  cr_assert(a && a->dtype == ND_INT64 && a->size == n);
  for (int i = 0; i < n; i++)
    cr_expect_eq(((int64_t *)a->data)[i], want[i], "[%d]", i);
}

static NdArray *ints(NdRandom *r, int64_t lo, int64_t hi, int64_t n) {
  return nd_random_integers(r, lo, hi, 1, &n, ND_NODTYPE);
}

static NdArray *doubles(NdRandom *r, int64_t n) {
  return nd_random_uniform(r, 0, 1, 1, &n);
}

Test(random, pcg64_seeding_is_seedsequences) {
  /* st = np.random.PCG64(42).state['state']: st['state'] and st['inc'], high and low */
  NdPcg64 g;
  nd_pcg_seed(&g, (const uint32_t[]){42}, 1);
  cr_expect(g.hi == 0xcea44f6798798f2aull && g.lo == 0xacbc7c9d68860ac8ull);
  cr_expect(g.inc_hi == 0xfa505436c9a8416eull && g.inc_lo == 0x66caf2e28d25abffull);
  /* np.random.PCG64(0).random_raw(3): seed 0 is the one word [0] */
  nd_pcg_seed(&g, (const uint32_t[]){0}, 1);
  cr_expect_eq(nd_pcg_next64(&g), 0xa30febcfd9c2825full);
  cr_expect_eq(nd_pcg_next64(&g), 0x4510bdf882d9d721ull);
  cr_expect_eq(nd_pcg_next64(&g), 0x0a7d3da94ecde8b8ull);
}

Test(random, generator_stream_is_numpys) {
  /* g = np.random.default_rng(2**63 + 5); g.random(3), g.standard_normal(3),
   * g.integers(0, 10, 5) */
  NdRandom *r = nd_random_new(true, (1ull << 63) + 5);
  cr_assert_not(nd_random_is_legacy(r));
  int64_t three = 3;
  NdArray *u = doubles(r, 3), *z = nd_random_normal(r, 0, 1, 1, &three), *k = ints(r, 0, 10, 5);
  expect_f64(u, (double[]){0.48023310532329777, 0.9041733770137489, 0.6417306338738085}, 3);
  expect_f64(z, (double[]){-0.6858499866815975, 0.5300917209012854, 0.47751928840370395}, 3);
  expect_i64(k, (int64_t[]){3, 7, 4, 5, 0}, 5);
  nd_unref(u), nd_unref(z), nd_unref(k);
  nd_random_free(r);
  /* np.random.default_rng([1, 2, 3]).random(2) */
  r = nd_random_new_words((const uint32_t[]){1, 2, 3}, 3);
  u = doubles(r, 2);
  expect_f64(u, (double[]){0.6704722626516632, 0.1110146366693816}, 2);
  nd_unref(u);
  nd_random_free(r);
}

/* A 32-bit draw keeps the other half of its 64-bit output for the next 32-bit draw, whatever
 * comes between: g = np.random.default_rng(12345); g.integers(0, 10, 3), g.random(1),
 * g.integers(0, 10, 1), g.integers(0, 2**40, 1), g.standard_normal(2),
 * g.integers(0, 256, 3, dtype=np.uint8), g.integers(0, 10, 1),
 * g.random(dtype=np.float32), g.integers(0, 10, 1) */
Test(random, generator_shares_32_bit_halves_across_calls) {
  NdRandom *r = nd_random_new(true, 12345);
  int64_t two = 2, three = 3;
  NdArray *a = ints(r, 0, 10, 3), *b = doubles(r, 1), *c = ints(r, 0, 10, 1);
  NdArray *d = ints(r, 0, 1ll << 40, 1), *e = nd_random_normal(r, 0, 1, 1, &two);
  NdArray *f = nd_random_integers(r, 0, 256, 1, &three, ND_UINT8), *h = ints(r, 0, 10, 1);
  NdArray *s = nd_random_float32(r, false, -1, NULL), *t = ints(r, 0, 10, 1);
  expect_i64(a, (int64_t[]){6, 2, 7}, 3);
  expect_f64(b, (double[]){0.7973654573327341}, 1);
  expect_i64(c, (int64_t[]){3}, 1);
  expect_i64(d, (int64_t[]){743549873828}, 1);
  expect_f64(e, (double[]){-0.07534330701052097, -0.740884652085609}, 2);
  cr_assert(f->dtype == ND_UINT8);
  const uint8_t *bytes = (const uint8_t *)f->data;
  cr_expect(bytes[0] == 157 && bytes[1] == 229 && bytes[2] == 71);
  expect_i64(h, (int64_t[]){5}, 1);
  cr_assert(s->dtype == ND_FLOAT32 && s->scalar);
  cr_expect_eq(((float *)s->data)[0], 0.213142991065979f);
  expect_i64(t, (int64_t[]){1}, 1);
  NdArray *objs[] = {a, b, c, d, e, f, h, s, t};
  for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
    nd_unref(objs[i]);
  nd_random_free(r);
}

/* float32 normals take 32-bit draws, sharing halves with integers: g = np.random.default_rng(9);
 * g.standard_normal(4, dtype=np.float32), g.integers(0, 10, 3),
 * g.standard_normal(dtype=np.float32) */
Test(random, generator_float32_normals_are_numpys) {
  NdRandom *r = nd_random_new(true, 9);
  NdArray *z = nd_random_float32(r, true, 1, (int64_t[]){4}), *k = ints(r, 0, 10, 3);
  NdArray *one = nd_random_float32(r, true, -1, NULL);
  cr_assert(z->dtype == ND_FLOAT32 && one->dtype == ND_FLOAT32 && one->scalar);
  const float want[] = {-0.35180455446243286f, 2.059215784072876f, 0.7923929691314697f,
                        0.32284730672836304f};
  for (int i = 0; i < 4; i++)
    cr_expect_eq(((float *)z->data)[i], want[i], "[%d]", i);
  expect_i64(k, (int64_t[]){1, 6, 6}, 3);
  cr_expect_eq(((float *)one->data)[0], -0.8580412268638611f);
  nd_unref(z), nd_unref(k), nd_unref(one);
  nd_random_free(r);
}

/* g = np.random.default_rng(0); g.permutation(10), g.choice(100, 5, replace=False) (Floyd's),
 * g.choice(20000, 500, replace=False)[:4] (a partial shuffle), g.choice(4, 3, p=p),
 * g.choice(4, 2, replace=False, p=p) with p = [0.5, 0.25, 0.25, 0]; then
 * g = np.random.default_rng(3); x = np.arange(12).reshape(6, 2); g.shuffle(x); x[:, 0],
 * g.uniform(2, 5, 2), g.normal(1, 3, 2) */
Test(random, generator_orders_and_choices_are_numpys) {
  NdRandom *r = nd_random_new(true, 0);
  NdArray *ten = nd_scalar_i64(10), *hundred = nd_scalar_i64(100), *big = nd_scalar_i64(20000);
  NdArray *four = nd_scalar_i64(4), *p = nt_lit("[0.5, 0.25, 0.25, 0.0]", ND_NODTYPE);
  NdArray *perm = nd_random_permutation(r, ten);
  NdArray *floyd = nd_random_choice(r, hundred, 1, (int64_t[]){5}, false, NULL, true);
  NdArray *tail = nd_random_choice(r, big, 1, (int64_t[]){500}, false, NULL, true);
  NdArray *wr = nd_random_choice(r, four, 1, (int64_t[]){3}, true, p, true);
  NdArray *wd = nd_random_choice(r, four, 1, (int64_t[]){2}, false, p, true);
  expect_i64(perm, (int64_t[]){4, 6, 2, 7, 3, 5, 9, 0, 8, 1}, 10);
  expect_i64(floyd, (int64_t[]){58, 48, 72, 63, 95}, 5);
  cr_assert(tail && tail->size == 500);
  for (int i = 0; i < 4; i++)
    cr_expect_eq(((int64_t *)tail->data)[i], ((int64_t[]){18766, 15390, 5866, 13816})[i]);
  expect_i64(wr, (int64_t[]){0, 2, 0}, 3);
  expect_i64(wd, (int64_t[]){0, 2}, 2);
  NdArray *objs[] = {ten, hundred, big, four, p, perm, floyd, tail, wr, wd};
  for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
    nd_unref(objs[i]);
  nd_random_free(r);
  r = nd_random_new(true, 3);
  NdArray *x = nt_lit("[[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11]]", ND_NODTYPE);
  cr_assert(nd_random_shuffle(r, x));
  for (int i = 0; i < 6; i++)
    cr_expect_eq(((int64_t *)x->data)[2 * i], ((int64_t[]){4, 10, 8, 2, 6, 0})[i]);
  NdArray *u = nd_random_uniform(r, 2, 5, 1, (int64_t[]){2});
  NdArray *n = nd_random_normal(r, 1, 3, 1, (int64_t[]){2});
  expect_f64(u, (double[]){3.7464861081931033, 2.2823859267211977}, 2);
  expect_f64(n, (double[]){0.35320851073070236, -5.059958387441753}, 2);
  nd_unref(x), nd_unref(u), nd_unref(n);
  nd_random_free(r);
}
