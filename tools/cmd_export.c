/* cmd_export.c — nnc export FILE -o MODEL.onnx: the file runs to its end (training and
 * load_weights included, as nnc run runs it), then the last model it made is written as
 * ONNX by nnc_model_export_onnx. */
#include "cli.h"

void cli_export_end(nnc_model *m, void *user) {
  CliExport *ex = user;
  ex->stop.reached = m != NULL;
  if (m)
    ex->stop.st = nnc_model_export_onnx(m, ex->path);
}
