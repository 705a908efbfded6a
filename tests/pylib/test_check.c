/* test_check.c — a model file checked before anything runs, with the library's tables: a
 * table of broken files with each first message and its line:col, all errors of a file in
 * one round, and valid files checking cleanly. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

/* Four lines most cases start with, so they can use the usual names. */
static const char prelude[] =
    "from tensorflow.keras import Sequential, Input, Model\n"
    "from tensorflow.keras.layers import Dense, Add\n"
    "from tensorflow.keras.losses import BinaryCrossentropy\n"
    "X = load('x.npy')\n";

typedef struct {
  bool prelude;
  const char *body;
  const char *want;   /* "LINE:COL: MESSAGE" of the first diagnostic */
  int count;          /* how many diagnostics in all */
} Broken;

static const Broken broken[] = {
    {true, "Dense(units='ten')\n", "5:13: units must be a positive integer, found 'ten'", 1},
    {true, "Dense(units=-5)\n", "5:13: units must be a positive integer, found -5", 1},
    {true, "Dense(units=1000000000000)\n",
     "5:13: units must be at most 2147483647, found 1000000000000", 1},
    {true, "Dense(4, activation='sigmod')\n",
     "5:21: unknown activation 'sigmod' (did you mean 'sigmoid'?)", 1},
    {true, "Dense(4, activation='swich')\n", "5:21: unknown activation 'swich' (did you mean 'swish'?)", 1},
    {true, "Dense(4, activaton='relu')\n",
     "5:10: unknown keyword argument 'activaton' for Dense() (did you mean 'activation'?)", 1},
    {true, "Dense(activation='relu')\n", "5:1: Dense() missing required argument 'units'", 1},
    {true, "Dense(4, kernel_initializer='glorot')\n", "5:29: unknown initializer 'glorot'", 1},
    {true, "Dense(4, use_bias='yes')\n", "5:19: use_bias must be True or False, found 'yes'", 1},
    {true, "Dense(4, 'relu', True, 'zeros', 'zeros', None, None, None, None, None, None, 7)\n",
     "5:78: Dense() takes at most 11 positional arguments, found 12", 1},
    {true, "Dense(4, units=5)\n", "5:10: Dense() got multiple values for argument 'units'", 1},
    {true, "Dense(2.5)\n", "5:7: units must be a positive integer, found 2.5", 1},
    {true, "Dense(units=4.0)\n", "5:13: units must be a positive integer, found 4.0", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='binary_crossentropyy')\n",
     "6:16: unknown loss 'binary_crossentropyy' (did you mean 'binary_crossentropy'?)", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='dice')\n",
     "6:16: loss 'dice' is not supported by nnc yet", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse', optimizer='ftrl')\n",
     "6:33: optimizer 'ftrl' is not supported by nnc yet", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse', optimizer='Adam', "
     "metrics=['acuracy'])\n", "6:49: unknown metric 'acuracy' (did you mean 'accuracy'?)", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(optimizer='sgd')\n",
     "6:3: compile() missing required argument 'loss'", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss=BinaryCrossentropy)\n",
     "6:16: loss must be a loss such as BinaryCrossentropy() or 'mse', found the class "
     "BinaryCrossentropy (call it: BinaryCrossentropy(...))", 1},
    {true, "m = Sequential([Dense(1)])\nm.fitt(X, X)\n",
     "6:3: 'Sequential' object has no attribute 'fitt' (did you mean 'fit'?)", 1},
    {true, "d = Dense(1)\nd.get_weigths()\n", /* a layer's getattr gives only its weights */
     "6:3: 'Dense' object has no attribute 'get_weigths' (did you mean 'get_weights'?)", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse')\nm.fit(X, X, epochs=0)\n",
     "7:20: epochs must be a positive integer, found 0", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse')\nm.fit(X, X, "
     "validation_split=1.5)\n", "7:30: validation_split must be a number in [0, 1), found 1.5", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse')\nm.fit(X, X, epoch=3)\n",
     "7:13: unknown keyword argument 'epoch' for fit() (did you mean 'epochs'?)", 1},
    {true, "m = Model(Input(shape=(2,)), Input(shape=(2,)))\nm.add(Dense(1))\n",
     "6:3: 'Model' object has no attribute 'add'", 1},
    {true, "model = Sequential([Dense(1)])\nmodle.summary()\n",
     "6:1: undefined name 'modle' (did you mean 'model'?)", 1},
    {true, "Dens(3)\n", "5:1: undefined name 'Dens' (did you mean 'Dense'?)", 1},
    {true, "Input(shape=784)\n",
     "5:13: shape must be a tuple of positive integers such as (784,), found 784", 1},
    {true, "Input(shape=(784, 0))\n",
     "5:13: shape must be a tuple of positive integers such as (784,), but item 2 is 0", 1},
    {true, "Input(shape=(2, 28, 28, 3))\n",
     "5:13: shape of rank 4 is not supported by nnc run yet: a sample has rank 1 to 3, such as "
     "(28, 28)", 1},
    {true, "a, b = 1, 2, 3\n", "5:8: too many values to unpack (expected 2)", 1},
    {true, "Dense(4, activation=-relu)\n",
     "5:22: undefined name 'relu' (import it: from keras.ops import relu)", 1},
    {true, "from tensorflow.keras.callbacks import "
     "EarlyStopping\nEarlyStopping(monitor=1)\n",
     "6:23: monitor must be a log key such as 'val_loss'", 1},
    {false, "import torch\n", "1:8: module 'torch' is not available in nnc model files", 1},
    {false, "import tensorflw as tf\n",
     "1:8: unknown module 'tensorflw' (did you mean 'tensorflow'?)", 1},
    /* modules of other libraries, a few edits from one nnc has, are not slips of it */
    {false, "import scipy.stats\n", "1:8: module 'scipy.stats' is not available in nnc model "
     "files", 1},
    {false, "from scipy.sparse import coo_matrix\n",
     "1:26: cannot import 'coo_matrix' from 'scipy.sparse'", 1},
    {false, "import sympy\n", "1:8: module 'sympy' is not available in nnc model files", 1},
    /* what Keras 3 removed names what takes its place */
    {false, "from keras.wrappers.scikit_learn import KerasClassifier\n",
     "1:6: module 'keras.wrappers.scikit_learn' is not available in nnc model files: Keras 3 "
     "removed it; scikeras.wrappers has KerasClassifier and KerasRegressor in its place (they "
     "take the build function as model=, and epochs= for nb_epoch=)", 1},
    {false, "from tensorflow.keras.utils import np_utils\n",
     "1:36: cannot import 'np_utils' from 'tensorflow.keras.utils': Keras 3 removed it; "
     "to_categorical is keras.utils.to_categorical", 1},
    {false, "import cmath\n", "1:8: module 'cmath' is not available in nnc model files", 1},
    {false, "from timeit import default_timer\n",
     "1:6: module 'timeit' is not available in nnc model files", 1},
    {false, "from tensorflow.keras.layers import Dens\n",
     "1:37: cannot import 'Dens' from 'tensorflow.keras.layers' (did you mean 'Dense'?)", 1},
    /* TensorFlow's private path to its Keras, as older tutorials import it: keras's Dense */
    {false, "from tensorflow.python.keras.layers import Dense\nDense(units=-5)\n",
     "2:13: units must be a positive integer, found -5", 1},
    {false, "from tensorflow.python.keras.layers import Dens\n",
     "1:44: cannot import 'Dens' from 'tensorflow.python.keras.layers' (did you mean "
         "'Dense'?)", 1},
    {false, "from tensorflow.keras import Sequentail\n",
     "1:30: cannot import 'Sequentail' from 'tensorflow.keras' (did you mean 'Sequential'?)", 1},
    {false, "import tensorflow as tf\ntf.keras.layers.Conv2D(3)\n",
     "2:1: keras.layers.Conv2D is not available in nnc model files: nnc builds dense networks",
     1},
    /* Keras's other layers import, as a tutorial imports Conv2D beside the Dense it uses, and
     * are refused where used */
    {false, "from tensorflow.keras.layers import Dense, Conv2D, MaxPooling2D\nDense(4)\n"
            "Conv2D(32, 3)\n",
     "3:1: keras.layers.Conv2D is not available in nnc model files: nnc builds dense networks",
     1},
    {false, "import tensorflow as tf\ntf.keras.layrs.Dense(3)\n",
     "2:10: module 'tensorflow.keras' has no 'layrs' (did you mean 'layers'?)", 1},
    {false, "import os\nos.path.joi('a', 'b')\n",
     "2:9: module 'os.path' has no 'joi' (did you mean 'join'?)", 1},
    /* a name the real module has is not a slip of another one: os.rmdir is not os.mkdir */
    {false, "import os\nos.rmdir('d')\n", "2:4: 'os.rmdir' is not available in nnc model files",
     1},
    {false, "import os\nos.path.getmtime('d')\n",
     "2:9: 'os.path.getmtime' is not available in nnc model files", 1},
    {false, "import math\nmath.exp2(3)\n", "2:6: 'math.exp2' is not available in nnc model files",
     1},
    {false, "import time\ntime.strptime('1', '%d')\n",
     "2:6: 'time.strptime' is not available in nnc model files", 1},
    {false, "import random\nrandom.Random(1)\n",
     "2:8: 'random.Random' is not available in nnc model files", 1},
    {false, "import sys\nsys.hexversion\n", "2:5: 'sys.hexversion' is not available in nnc model files",
     1},
    {false, "import base64\nbase64.b32decode('')\n",
     "2:8: 'base64.b32decode' is not available in nnc model files", 1},
    {false, "from sklearn.metrics import median_absolute_error\n",
     "1:29: cannot import 'median_absolute_error' from 'sklearn.metrics'", 1},
    {false, "import pandas as pd\npd.read_json('a.json')\n",
     "2:4: 'pd.read_json' is not available in nnc model files", 1},
    {false, "import matplotlib.pyplot as plt\nplt.hist2d([1], [2])\n",
     "2:5: 'plt.hist2d' is not available in nnc model files", 1},
    {false, "import numpy as np\nnp.random.laplace(0, 1)\n",
     "2:11: 'np.random.laplace' is not available in nnc model files", 1},
    {false, "model = Sequential()\n",
     "1:9: undefined name 'Sequential' (import it: from keras import Sequential)", 1},
    {false, "X = lod('x.npy')\n", "1:5: undefined name 'lod' (did you mean 'load'?)", 1},
    {false, "tf.keras.Sequential()\n",
     "1:1: undefined name 'tf' (import it: import tensorflow as tf)", 1},
    {false, "name = input('Your name? ')\n",
     "1:8: input() is not available in nnc model files: a model file runs without anyone to "
     "answer", 1},
    {false, "import time\ntime.sleep(1, 2)\n",
     "2:15: sleep() takes 1 positional argument, found 2", 1},
    {false, "print(x)\nx = 1\n", "1:7: name 'x' is used before it is assigned (on line 2)", 1},
    {false, "import math\nmath.sqrt(x=4)\n", "2:11: unknown keyword argument 'x' for sqrt()", 1},
    {false, "import pandas as pd\ndf = pd.DataFrame({'k': [1]})\ndf.groupby('k').apply(len)\n",
     "3:1: GroupBy's apply and transform are not supported by nnc yet: call a reduction "
     "(mean, sum, median, min, max, std, var, count, nunique, size) or agg()", 1},
};

typedef struct {
  Source s;
  Ast *ast;
  Interp *I;
  nnc_status st;
  char text[4096];
} Checked;

static Checked *check(const char *text) {
  static Checked c;
  if (c.I) {
    fe_ast_release(c.I, c.ast);
    pl_unregister(c.I);
    cr_assert_eq(fe_interp_free(c.I), 0);
  }
  fe_ast_free(c.ast);
  c.ast = NULL;
  size_t len = strlen(text);
  cr_assert_lt(len, sizeof c.text);
  memcpy(c.text, text, len);
  c.I = fe_interp_new(NULL);
  cr_assert(c.I);
  cr_assert_eq(pl_register(c.I, NULL), NNC_OK);
  fe_source_init(&c.s, "m.py", c.text, len);
  c.st = fe_check_text(c.I, &c.s, &c.ast);
  return &c;
}

Test(pylib, reports_each_broken_file_at_its_place) {
  int n = sizeof broken / sizeof broken[0];
  for (int i = 0; i < n; i++) {
    char text[2048];
    snprintf(text, sizeof text, "%s%s", broken[i].prelude ? prelude : "", broken[i].body);
    Checked *c = check(text);
    cr_assert_neq(c->st, NNC_OK, "case %d (%s) was accepted", i, broken[i].body);
    char got[FE_MSG_MAX + 32];
    snprintf(got, sizeof got, "%d:%d: %s", c->s.diags[0].pos.line, c->s.diags[0].pos.col,
             c->s.diags[0].msg);
    /* the list of names a table knows grows with the tables: not checked here */
    char *known = strstr(got, " (nnc knows ");
    if (known)
      *known = '\0';
    cr_expect_str_eq(got, broken[i].want, "case %d (%s): got %s", i, broken[i].body, got);
    cr_expect_eq(c->s.nerrors, broken[i].count, "case %d (%s): %d errors", i, broken[i].body,
                 c->s.nerrors);
  }
}

Test(pylib, reports_all_errors_of_a_file_in_order) {
  Checked *c = check("import tensorflow as tf\n"
                     "from tensorflow.keras.layers import Dense\n"
                     "m = tf.keras.Sequential([Dense(units='ten'), Dense(2, "
                         "activation='sigmod')])\n"
                     "m.compile(loss='mse', optimizer=tf.keras.optimizers.Adam(learning_rate=-1))\n"
                     "m.fit(X, Y)\n");
  cr_assert_eq(c->s.nerrors, 5);
  const char *want[] = {
      "3:38: units must be a positive integer, found 'ten'",
      "3:66: unknown activation 'sigmod' (did you mean 'sigmoid'?)",
      "4:72: learning_rate must be a number >= 0 or a schedule, found -1",
      "5:7: undefined name 'X'",
      "5:10: undefined name 'Y'",
  };
  for (int i = 0; i < 5; i++) {
    char got[FE_MSG_MAX + 32];
    snprintf(got, sizeof got, "%d:%d: %s", c->s.diags[i].pos.line, c->s.diags[i].pos.col,
             c->s.diags[i].msg);
    cr_expect_str_eq(got, want[i]);
  }
  cr_assert_eq(c->st, NNC_ERR_TYPE);
  cr_assert_str_eq(nnc_last_error(),
                   "m.py:3:38: error: units must be a positive integer, found 'ten'");
}

Test(pylib, follows_literals_through_names) {
  Checked *c = check("from keras.optimizers import Adam\nlr = 0.01\nn = -lr\nopt = "
                     "Adam(learning_rate=lr)\nbad = Adam(n)\n");
  cr_assert_eq(c->s.nerrors, 1);
  cr_assert_str_eq(c->s.diags[0].msg, "learning_rate must be a number >= 0 or a schedule, found -0.01");
  cr_assert_eq(c->s.diags[0].pos.line, 5);
}

/* Each name is followed once: before, a value naming names that name names was walked once
 * per path (4^16 walks here), and a name in its own value (what fuzz_model found) too. */
Test(pylib, follows_each_name_once, .timeout = 60) {
  char text[4096];
  int n = snprintf(text, sizeof text, "import numpy as np\nx0 = np.loal\n");
  for (int i = 1; i <= 40; i++)
    n += snprintf(text + n, sizeof text - (size_t)n, "x%d = [x%d, x%d, x%d, x%d]\n", i, i - 1,
                  i - 1, i - 1, i - 1);
  snprintf(text + n, sizeof text - (size_t)n, "Y = np.loal.fit(Y, Y, Y, x40, Y, Y, Y, Y)\n");
  Checked *c = check(text);
  cr_assert_eq(c->s.nerrors, 2);
  cr_assert_str_eq(c->s.diags[0].msg, "module 'numpy' has no 'loal' (did you mean 'load'?)");
  cr_assert_eq(c->s.diags[1].pos.line, 43);
  /* a chain longer than the follow depth is known when walked in the file's order */
  n = snprintf(text, sizeof text, "from keras.optimizers import Adam\nlr0 = -0.5\n");
  for (int i = 1; i <= 40; i++)
    n += snprintf(text + n, sizeof text - (size_t)n, "lr%d = lr%d\n", i, i - 1);
  snprintf(text + n, sizeof text - (size_t)n, "Adam(lr40)\n");
  c = check(text);
  cr_assert_eq(c->s.nerrors, 1);
  cr_assert_str_eq(c->s.diags[0].msg,
                   "learning_rate must be a number >= 0 or a schedule, found -0.5");
}

Test(pylib, checks_calls_inside_functions_and_classes) {
  Checked *c = check("from keras import Sequential\nfrom keras.layers import Dense\n"
                     "def build(units):\n    m = Sequential([Dense(units, activation='rellu')])\n"
                     "    m.compile(loss='mse', optimizr='adam')\n    return m\n"
                     "class Builder:\n    def make(self):\n        return Dense(4, "
                         "activaton='relu')\n");
  cr_assert_eq(c->s.nerrors, 3, "%d: %s", c->s.nerrors, c->s.diags[0].msg);
  cr_assert_str_eq(c->s.diags[0].msg, "unknown activation 'rellu' (did you mean 'relu'?)");
  cr_assert_str_eq(c->s.diags[1].msg,
                   "unknown keyword argument 'optimizr' for compile() (did you mean 'optimizer'?)");
  cr_assert_str_eq(c->s.diags[2].msg,
                   "unknown keyword argument 'activaton' for Dense() (did you mean 'activation'?)");
}

Test(pylib, checks_the_valid_model_files_cleanly) {
  const char *files[] = {"lecture.py", "functional.py", "sequential_add.py", "dotted.py",
                         "tutorial.py"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/pylib/models/%s", NNC_TEST_DATA, files[i]);
    FILE *f = fopen(path, "rb");
    cr_assert(f, "%s", path);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    Checked *c = check(text);
    cr_expect_eq(c->st, NNC_OK, "%s: %d:%d: %s", files[i], c->s.diags[0].pos.line,
                 c->s.diags[0].pos.col,
                 c->s.diags[0].msg);
  }
}
