/* test_emit.c — nnc emit: every stage prints, and the forward, backward and planned graphs of
 * a tiny model match their goldens (tests/tools/golden/tiny_{ir,grad,opt}.txt), which also
 * parse back and print identically. NNC_UPDATE_GOLDEN=1 rewrites the goldens from the output.
 * The graph stages also come as Graphviz pictures: DOT text, and SVG that an XML parser
 * (libxml2) reads, with every node of the DOT. */
#include "cli_run.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ir.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

static char *golden_path(const char *stage) {
  static char path[512];
  snprintf(path, sizeof path, "%s/tools/golden/tiny_%s.txt", NNC_TEST_DATA, stage);
  return path;
}

static void check_golden(const char *stage) {
  char args[128];
  snprintf(args, sizeof args, "emit --stage=%s MODELS/tiny.nn", stage);
  CliRun *r = cli_run(args);
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_str_eq(r->err, "", "emit wrote to stderr");
  if (getenv("NNC_UPDATE_GOLDEN")) {
    FILE *f = fopen(golden_path(stage), "w");
    cr_assert(f);
    fputs(r->out, f);
    fclose(f);
  }
  static char want[1 << 16];
  cli_slurp(golden_path(stage), want, sizeof want);
  cr_expect_str_eq(r->out, want, "%s differs from %s", stage, golden_path(stage));
  Graph *g = NULL;
  cr_assert_eq(ir_parse(want, golden_path(stage), &g), NNC_OK, "%s", nnc_last_error());
  char *again = ir_print(g);
  const char *body = strchr(want, '\n') + 1;      /* after the leading comment */
  cr_expect_str_eq(again, body, "the golden does not round-trip");
  base_free(again);
  ir_graph_free(g);
}

Test(tools, forward_graph_matches_its_golden) {
  check_golden("ir");
}

Test(tools, graph_after_autodiff_matches_its_golden) {
  check_golden("grad");
}

Test(tools, planned_graph_matches_its_golden) {
  check_golden("opt");
}

Test(tools, every_stage_prints) {
  static const struct { const char *stage, *must; } stages[] = {
      {"ast", "(call Sequential"},
      {"ir", "= input \"x\" : f32[4,3]"},
      {"grad", "trans_a"},
      {"opt", "offset="},
      {"llvm", "define "},
      {"asm", "ret"},
  };
  for (size_t i = 0; i < sizeof stages / sizeof *stages; i++) {
    char args[128];
    snprintf(args, sizeof args, "emit --stage %s MODELS/tiny.nn", stages[i].stage);
    CliRun *r = cli_run(args);
    cr_expect_eq(r->status, 0, "%s: %s", stages[i].stage, r->err);
    cr_expect(strstr(r->out, stages[i].must), "%s lacks %s:\n%.2000s", stages[i].stage,
              stages[i].must, r->out);
  }
}

Test(tools, opt_stage_updates_every_parameter) {
  CliRun *r = cli_run("emit --stage=opt MODELS/tiny.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_eq(cli_count(r->out, "= assign "), 4, "%s", r->out);  /* 2 kernels, 2 biases */
  cr_expect(!strstr(r->out, "NNC_DUMP"), "%s", r->out);
}

Test(tools, emit_needs_a_fit) {
  CliRun *r = cli_run("emit --stage=grad MODELS/nofit.nn");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "never calls fit()"), "%s", r->err);
}

Test(tools, graph_stages_come_as_dot) {
  static const struct { const char *stage, *must, *mustnt; } stages[] = {
      {"ir", ">forward</td>", ">backward</td>"},
      {"grad", ">backward</td>", "subgraph cluster_"},
      {"opt", "subgraph cluster_1 {", NULL},
  };
  for (size_t i = 0; i < sizeof stages / sizeof *stages; i++) {
    char args[128];
    snprintf(args, sizeof args, "emit --stage=%s --format=dot MODELS/tiny.nn", stages[i].stage);
    CliRun *r = cli_run(args);
    cr_expect_eq(r->status, 0, "%s: %s", stages[i].stage, r->err);
    cr_expect(strncmp(r->out, "digraph nnc {\n", 14) == 0, "%s: %.200s", stages[i].stage, r->out);
    cr_expect(strstr(r->out, "tiny.nn: the training step for batch 4 (f32)"), "%.300s", r->out);
    cr_expect(strstr(r->out, "<b>loss</b>"), "%s: no loss", stages[i].stage);
    cr_expect(strstr(r->out, stages[i].must), "%s lacks %s", stages[i].stage, stages[i].must);
    cr_expect(!stages[i].mustnt || !strstr(r->out, stages[i].mustnt), "%s has %s",
              stages[i].stage, stages[i].mustnt);
    /* the grad stage names the gradient of each param; the other stages have none */
    static const char *const params[] = {"dense/kernel", "dense/bias", "dense_1/kernel",
                                         "dense_1/bias"};
    for (size_t k = 0; k < sizeof params / sizeof *params; k++) {
      char grad[64];
      snprintf(grad, sizeof grad, "<b>\u2202 %s</b>", params[k]);
      bool has = strstr(r->out, grad) != NULL, want = strcmp(stages[i].stage, "grad") == 0;
      cr_expect_eq(has, want, "%s: %s %s", stages[i].stage, want ? "lacks" : "has", grad);
    }
  }
}

/* Nodes in DOT text: the lines "  NAME [" at the top level or in a cluster. */
static int dot_nodes(const char *dot) {
  int n = 0;
  for (const char *p = dot; (p = strchr(p, '\n')); p++) {
    const char *q = p + 1;
    while (*q == ' ')
      q++;
    size_t name = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789_");
    n += name > 0 && strncmp(q + name, " [", 2) == 0 && strncmp(q, "graph", 5) &&
         strncmp(q, "node", 4) && strncmp(q, "edge", 4);
  }
  return n;
}

static int svg_nodes(xmlNode *e, bool *found, const char *const *texts, int ntexts) {
  int n = 0;
  for (; e; e = e->next) {
    if (e->type != XML_ELEMENT_NODE)
      continue;
    xmlChar *cls = xmlGetProp(e, (const xmlChar *)"class");
    n += cls && strcmp((const char *)cls, "node") == 0;
    xmlFree(cls);
    if (strcmp((const char *)e->name, "text") == 0) {
      xmlChar *t = xmlNodeGetContent(e);
      for (int i = 0; i < ntexts; i++)
        found[i] = found[i] || strcmp((const char *)t, texts[i]) == 0;
      xmlFree(t);
    }
    n += svg_nodes(e->children, found, texts, ntexts);
  }
  return n;
}

Test(tools, svg_is_xml_with_every_node) {
  CliRun *dot = cli_run("emit --stage=opt --format=dot MODELS/tiny.nn");
  cr_assert_eq(dot->status, 0, "%s", dot->err);
  int want = dot_nodes(dot->out);
  CliRun *r = cli_run("emit --stage=opt --format=svg MODELS/tiny.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  xmlDoc *doc = xmlReadMemory(r->out, (int)strlen(r->out), "opt.svg", NULL, XML_PARSE_NONET);
  cr_assert_not_null(doc, "not well-formed XML:\n%.500s", r->out);
  xmlNode *root = xmlDocGetRootElement(doc);
  cr_assert_str_eq((const char *)root->name, "svg");
  static const char *const texts[] = {"loss", "x", "dense/kernel", "assign dense/kernel",
                                      "kernel 1", "output 1"};
  enum { N = sizeof texts / sizeof *texts };
  bool found[N] = {0};
  int nodes = svg_nodes(root, found, texts, N);
  cr_expect_gt(want, 50, "the tiny step has some 50 values");
  cr_expect_eq(nodes, want, "the SVG has %d nodes, the DOT %d", nodes, want);
  for (int i = 0; i < N; i++)
    cr_expect(found[i], "no text '%s' in the SVG", texts[i]);
  xmlFreeDoc(doc);
}
