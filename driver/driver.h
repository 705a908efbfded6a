/* driver.h — the compile driver: a graph in, every stage out (passes, LLVM, the JIT
 * function). The graph level of nnc.h (api_graph.c) and the Keras level both compile through
 * it. Stands on ir/, passes/ and codegen/.
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_DRIVER_H
#define NNC_DRIVER_H

#include "codegen.h"
#include "ir.h"
#include "passes.h"
#include "runtime.h"

/* api_graph.c — the graph level of nnc.h. nnc_graph and nnc_value are Graph and Value
 * (pointer casts); struct nnc_function, private to the file, holds the compiled copy of the
 * graph, its code and scratch, and the map from compiled slots to the caller's arguments. */

/* pool.c — the runtime's thread pool as the pool compiled code calls. */
CgPool *driver_pool(void);

#endif
