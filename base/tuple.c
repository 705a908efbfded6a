/* tuple.c — Python's repr of a tuple of ints, the way Keras's messages print a shape:
 * "(3, 4)", "(5,)", "()". */
#include <stdio.h>

#include "base.h"

const char *base_tuple_text(int rank, const int64_t *dim, char *buf, size_t n) {
  size_t k = (size_t)snprintf(buf, n, "(");
  for (int i = 0; i < rank && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, "%s%lld", i ? ", " : "", (long long)dim[i]);
  if (k < n)
    snprintf(buf + k, n - k, rank == 1 ? ",)" : ")");
  return buf;
}
