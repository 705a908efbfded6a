/* test_random.c — np.random: reproducible streams, shapes and dtypes, distributions
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
  NdArray *c = nd_random_choice(r, pop, 1, &n, true, w);
  int64_t tens = 0, twenties = 0;
  for (int64_t i = 0; i < n; i++) {
    tens += ((int64_t *)c->data)[i] == 10;
    twenties += ((int64_t *)c->data)[i] == 20;
  }
  cr_expect(twenties == 0 && fabs((double)tens / (double)n - 0.1) < 0.01);
  NdArray *five = nd_scalar_i64(5), *perm = nd_random_choice(r, five, 1, (int64_t[]){5}, false, NULL);
  NdArray *ps = nd_sort(perm, -1);
  for (int64_t i = 0; i < 5; i++)
    cr_expect_eq(((int64_t *)ps->data)[i], i);
  cr_expect_null(nd_random_choice(r, five, 1, (int64_t[]){6}, false, NULL));
  cr_expect_str_eq(base_last_error(), "Cannot take a larger sample than population when 'replace=False'");
  NdArray *bad = nt_lit("[0.5, 0.4, 0.2]", ND_NODTYPE);
  cr_expect_null(nd_random_choice(r, pop, 1, &n, true, bad));
  cr_expect_str_eq(base_last_error(), "probabilities do not sum to 1");
  cr_expect_null(nd_random_choice(r, pop, 1, (int64_t[]){3}, false, w));
  cr_expect_str_eq(base_last_error(), "Fewer non-zero entries in p than size");
  NdArray *one = nd_random_choice(r, pop, -1, NULL, true, NULL);
  cr_expect(one->scalar && one->dtype == ND_INT64);
  cr_expect_null(nd_random_integers(r, 5, 5, 1, &n, ND_NODTYPE));
  cr_expect_str_eq(base_last_error(), "high <= low");
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
