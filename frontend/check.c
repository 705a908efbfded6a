/* check.c — placeholder: library calls are checked in a later step. */
#include "frontend.h"

nnc_status fe_check_calls(Interp *I, Source *s, Ast *a) {
  (void)I;
  (void)a;
  return fe_status(s);
}
