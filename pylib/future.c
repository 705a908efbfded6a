/* future.c — `from __future__ import print_function, division, ...`: what each feature turns
 * on is how model files always behave (print is a function, / divides exactly, imports are
 * absolute, strings are text), so the module only has to hold the names. */
#include "pylib.h"

static const FeConstDef consts[] = {
    {"print_function", FC_BOOL, 1, 0, NULL}, {"division", FC_BOOL, 1, 0, NULL},
    {"absolute_import", FC_BOOL, 1, 0, NULL}, {"unicode_literals", FC_BOOL, 1, 0, NULL},
    {"with_statement", FC_BOOL, 1, 0, NULL}, {"generators", FC_BOOL, 1, 0, NULL},
    {"nested_scopes", FC_BOOL, 1, 0, NULL}, {"generator_stop", FC_BOOL, 1, 0, NULL},
    {"annotations", FC_BOOL, 1, 0, NULL}, {NULL, FC_NONE, 0, 0, NULL},
};

const FeModuleDef pl_future_def = {.name = "__future__", .consts = consts};
