/* test_h5.c — what fmt_h5_read gives besides the datasets: the file's string attributes and
 * those of the group its prefix names (Keras's legacy .h5 file lists its optimizer's
 * variables in the attribute weight_names of the group optimizer_weights). */
#include <criterion/criterion.h>
#include <string.h>

#include "formats.h"
#include "support.h"

TestSuite(h5, .init = test_dir_make, .fini = test_dir_remove, .timeout = 30);

static const char *written(void) {
  static const int64_t shape[1] = {2};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 1, shape, &t), NNC_OK);
  const FmtH5Item items[] = {{"g", NULL, NULL}, {"g/a/x", NULL, t}, {"h", NULL, NULL}};
  static const char *const two[] = {"a/x", "b"}, *const one[] = {"only"}, *const text[] = {"v"};
  const FmtH5Attr attrs[] = {{"g", "weight_names", 2, two}, {"g", "single", 1, one},
                             {"g", "str", -1, text}, {"h", "weight_names", 1, one},
                             {"/", "keras_version", 0, text}};
  const char *p = test_path("attrs.h5");
  cr_assert_eq(fmt_h5_write_attrs(p, 3, items, 5, attrs), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(t);
  return p;
}

Test(h5, the_prefix_group_s_attributes_are_read_lists_as_json) {
  StSet *set;
  cr_assert_eq(fmt_h5_read(written(), "g/", &set), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(set->n, 1);
  cr_assert_str_eq(set->tensors[0].name, "g/a/x");
  cr_assert_str_eq(fmt_st_meta(set, "g/weight_names"), "[\"a/x\",\"b\"]");
  cr_assert_str_eq(fmt_st_meta(set, "g/single"), "[\"only\"]", "a list of one stays a list");
  cr_assert_str_eq(fmt_st_meta(set, "g/str"), "v");
  cr_assert_str_eq(fmt_st_meta(set, "keras_version"), "v");
  cr_assert_null(fmt_st_meta(set, "h/weight_names"), "only the prefix's group");
  fmt_st_free(set);
}

Test(h5, a_prefix_that_is_no_group_reads_no_group_attributes) {
  StSet *set;
  cr_assert_eq(fmt_h5_read(written(), "g/a/", &set), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(set->nmeta, 1, "the file's own attribute only");
  fmt_st_free(set);
  cr_assert_eq(fmt_h5_read(written(), "none/", &set), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(set->n, 0);
  cr_assert_eq(set->nmeta, 1);
  fmt_st_free(set);
}
