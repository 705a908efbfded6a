/* fuzz_ir_text.c — libFuzzer target for the IR text parser (ir/parse.c).
 *
 * The input is taken as text up to its first NUL. Any input must give either a graph or an
 * error status with a message; a graph must survive the printer's round trip,
 * print(parse(print(g))) == print(g), and pass the verifier once its fusion groups and memory
 * plan are dropped: the parser checks everything else, and leaves groups and plans to the
 * verifier (tests parse broken ones on purpose). A broken property aborts, which libFuzzer
 * reports as a crash, like a sanitizer finding.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ir.h"

static _Noreturn void broken(const char *what, const char *detail) {
  fuzz_broken("fuzz_ir_text", what, detail);
}

/* g without its groups and plan must verify; with them, the verifier may refuse it, but
 * with a message. */
static void verified(Graph *g) {
  if (ir_verify(g) != NNC_OK && nnc_last_error()[0] == 0)
    broken("the verifier refused a parsed graph without a message", NULL);
  g->planned = false;
  for (int i = 0; i < g->nvalues; i++) {
    g->values[i]->group = 0;
    g->values[i]->offset = -1;
  }
  if (ir_verify(g) != NNC_OK)
    broken("a parsed graph fails the verifier", nnc_last_error());
}

static void round_trip(const Graph *g) {
  char *once = ir_print(g);
  if (!once)
    broken("ir_print failed", NULL);
  Graph *g2;
  if (ir_parse(once, "<printed>", &g2) != NNC_OK)
    broken("the printed graph does not parse back", nnc_last_error());
  char *twice = ir_print(g2);
  if (!twice || strcmp(once, twice) != 0)
    broken("print(parse(print(g))) differs from print(g)", once);
  base_free(twice);
  base_free(once);
  ir_graph_free(g2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_cap_allocations();
  char *text = malloc(size + 1);
  if (!text)
    return 0;
  memcpy(text, data, size);
  text[size] = 0;
  Graph *g = NULL;
  nnc_status s = ir_parse(text, "fuzz.ir", &g);
  if (s == NNC_OK) {
    round_trip(g);
    verified(g);
    ir_graph_free(g);
  } else if (g != NULL || nnc_last_error()[0] == 0) {
    broken("a failed parse left a graph or no message", NULL);
  }
  free(text);
  return 0;
}
