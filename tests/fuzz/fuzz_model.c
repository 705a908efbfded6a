/* fuzz_model.c — libFuzzer target for the model-file language (frontend/: lexer, parser,
 * scopes, and the checker of library calls against pylib's tables).
 *
 * The input is the file's bytes, exactly (not NUL-terminated, as Source allows), so a read
 * past the end shows up in ASan. It is lexed, parsed and checked in a fresh interpreter
 * with the library registered; the diagnostics are rendered (to /dev/null) and the AST
 * printed, so every stage runs on whatever the earlier ones understood. Nothing is run: a
 * valid model file would start training. Properties: a failure has a message naming the
 * file; at most FE_MAX_DIAGS are kept; the interpreter accounts for every object it made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pylib.h"

static FILE *sink;

static _Noreturn void broken(const char *what) {
  fuzz_broken("fuzz_model", what, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_cap_allocations();
  if (!sink && !(sink = fopen("/dev/null", "w")))
    broken("cannot open /dev/null");
  char *text = malloc(size ? size : 1);
  Source *src = malloc(sizeof *src);
  FeConfig cfg = {.out = sink, .err = sink};
  Interp *I = fe_interp_new(&cfg);
  if (!text || !src || !I || pl_register(I, NULL) != NNC_OK) {
    if (I)
      fe_interp_free(I);
    free(text);
    free(src);
    return 0;
  }
  memcpy(text, data, size);
  fe_source_init(src, "fuzz.py", text, size);
  Ast *a = NULL;
  nnc_status s = fe_check_text(I, src, &a);
  if (s == NNC_ERR_NOMEM)
    broken("out of memory on a small input");
  if (s != NNC_OK && !strstr(nnc_last_error(), "fuzz.py"))
    broken("an error message that does not name the file");
  if (src->ndiags > FE_MAX_DIAGS || src->ndiags > src->nerrors + FE_MAX_DIAGS)
    broken("diagnostic counts out of range");
  fe_diags_print(src, sink);
  if (a) {
    char *ast = fe_ast_print(a);
    base_free(ast);
  }
  fe_ast_release(I, a);
  fe_ast_free(a);
  pl_unregister(I);
  if (fe_interp_free(I) != 0)
    broken("objects whose references were lost");
  free(src);
  free(text);
  return 0;
}
