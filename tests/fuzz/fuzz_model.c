/* fuzz_model.c — libFuzzer target for the model-file language (frontend/: lexer, parser,
 * checker, diagnostics).
 *
 * The input is the file's bytes, exactly (not NUL-terminated, as Source allows), so a read
 * past the end shows up in ASan. It is lexed, parsed and checked; the diagnostics are
 * rendered (to /dev/null) and the AST printed, so every stage runs on whatever the earlier
 * ones understood. Nothing is lowered or run: a valid model file would start training.
 * Properties: a failure has a message naming the file; at most FE_MAX_DIAGS are kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "frontend.h"
#include "ir.h"

static FILE *sink;

static _Noreturn void broken(const char *what) {
  fuzz_broken("fuzz_model", what, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_cap_allocations();
  if (!sink && !(sink = fopen("/dev/null", "w")))
    broken("cannot open /dev/null");
  char *text = malloc(size ? size : 1);
  if (!text)
    return 0;
  memcpy(text, data, size);
  Source src;
  fe_source_init(&src, "fuzz.py", text, size);
  Module *m = NULL;
  nnc_status s = fe_check_text(&src, &m);
  if (s == NNC_ERR_NOMEM)
    broken("out of memory on a small input");
  if (s != NNC_OK && !strstr(nnc_last_error(), "fuzz.py"))
    broken("an error message that does not name the file");
  if (src.ndiags > FE_MAX_DIAGS || src.ndiags > src.nerrors)
    broken("diagnostic counts out of range");
  fe_diags_print(&src, sink);
  if (m) {
    char *ast = fe_ast_print(m);
    base_free(ast);
    fe_module_free(m);
  }
  free(text);
  return 0;
}
