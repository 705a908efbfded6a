/* test_pyplot.c — matplotlib.pyplot's drawings against Debian's matplotlib: each part of
 * plot_snippets.py runs through nnc (then savefig to SVG) and through CPython with
 * plot_describe.py appended. Both sides describe what was drawn in one text form (each
 * axes' limits, the ticks in view and labels set for them, every line's points, every bar
 * set's centres, heights, widths, bottoms and fills, every polygon's box, area and paint,
 * every scatter's points, every image's (or seaborn heatmap's) size, colormap and scale,
 * every text's place, words, colour, size and weight, the legend's labels, handle colours
 * and place, a colorbar's colormap), nnc's read back from the data-* attributes of its SVG,
 * and what each part printed (hist's counts and bins) comes first. The two must be the
 * same. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support_run.h"
#include "support.h"

TestSuite(pyplot, .init = test_dir_make, .fini = test_dir_remove);

static char *slurp_path(const char *path) {
  FILE *f = fopen(path, "rb");
  cr_assert(f, "cannot read %s", path);
  char *r = test_slurp(f);
  fclose(f);
  return r;
}

/* Runs text through nnc's interpreter in the test directory; what it printed. */
static char *run_nnc(const char *name, const char *text) {
  static PlRan r;
  pl_test_run(&r, name, text, strlen(text), (PlRunHow){.in_test_dir = true, .diags = true});
  char *out = r.out;
  r.out = NULL; /* the caller's */
  return out;
}

/* Runs a snippet that prints nothing and saves drawn.svg; the document. */
static char *drawn_quietly(const char *name, const char *text) {
  char *out = run_nnc(name, text);
  cr_expect_str_eq(out, "");
  free(out);
  return slurp_path(test_path("drawn.svg"));
}

/* ---- nnc's SVG described as plot_describe.py describes matplotlib's figure ---- */

typedef struct {
  char *p;
  size_t n, cap;
} Text;

static void put(Text *t, const char *s) {
  size_t k = strlen(s);
  if (t->n + k + 1 > t->cap) {
    t->cap = 2 * (t->n + k + 1);
    t->p = realloc(t->p, t->cap);
    cr_assert(t->p);
  }
  memcpy(t->p + t->n, s, k + 1);
  t->n += k;
}

/* The value of attribute name in the tag at tag (a static buffer), or NULL. */
static const char *attr(const char *tag, const char *name) {
  static char buf[1 << 20];
  char key[64];
  snprintf(key, sizeof key, " %s=\"", name);
  const char *end = strchr(tag, '>'), *at = strstr(tag, key);
  if (!at || at > end)
    return NULL;
  at += strlen(key);
  size_t n = strcspn(at, "\"");
  cr_assert_lt(n, sizeof buf);
  memcpy(buf, at, n);
  buf[n] = 0;
  return buf;
}

/* Numbers of an attribute rewritten with %.6g, as _vals writes them. */
static void numbers(Text *t, const char *tag, const char *name) {
  const char *v = attr(tag, name);
  cr_assert(v, "no %s in %.80s", name, tag);
  char *s = strdup(v), *save = NULL;
  bool first = true;
  for (char *tok = strtok_r(s, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
    char num[64];
    snprintf(num, sizeof num, "%s%.6g", first ? "" : " ", strtod(tok, NULL) + 0.0);
    put(t, num);
    first = false;
  }
  free(s);
}

/* The fill of each bar of the bar set whose group opens at tag, in order, then the first
 * bar's outline when it has one. */
static void fills(Text *t, const char *tag) {
  const char *stop = strstr(tag, "</g>"), *first = strstr(tag, "<rect");
  for (const char *r = first; r && r < stop; r = strstr(r + 1, "<rect")) {
    put(t, " ");
    put(t, attr(r, "fill"));
  }
  const char *edge = first && first < stop ? attr(first, "stroke") : NULL;
  if (edge) {
    put(t, " | edge ");
    put(t, edge);
  }
}

/* A scatter's point colours, one when all are alike, unless mapped through a colormap. */
static void point_fills(Text *t, const char *tag) {
  const char *stop = strstr(tag, "</g>"), *head_end = strchr(tag, '>');
  const char *mapped = strstr(tag, "data-c=\"");
  if (mapped && mapped < head_end)
    return;
  char first[16] = ""; /* attr's text is overwritten by its next call */
  bool alike = true;
  for (const char *c = strstr(tag, "<circle"); c && c < stop; c = strstr(c + 1, "<circle")) {
    const char *f = attr(c, "fill");
    alike = alike && (!first[0] || strcmp(first, f) == 0);
    if (!first[0])
      snprintf(first, sizeof first, "%s", f);
  }
  if (!first[0])
    return;
  put(t, " |");
  for (const char *c = strstr(tag, "<circle"); c && c < stop; c = strstr(c + 1, "<circle")) {
    put(t, " ");
    put(t, attr(c, "fill"));
    if (alike)
      break;
  }
}

/* The values of a data-* attribute (malloc'd); how many. */
static int values(const char *tag, const char *name, double **out) {
  const char *v = attr(tag, name);
  cr_assert(v, "no %s in %.80s", name, tag);
  int n = 0;
  *out = malloc((strlen(v) / 2 + 1) * sizeof **out);
  for (char *end; *v; v = end)
    (*out)[n++] = strtod(v, &end);
  return n;
}

/* A paint's colour and opacity: "fill" or "stroke" of the tag. */
static void paint(Text *t, const char *tag, const char *what) {
  char name[32], line[64];
  bool none = strcmp(attr(tag, what), "none") == 0;   /* matplotlib's (0, 0, 0, 0) */
  snprintf(line, sizeof line, "%s ", none ? "#000000" : attr(tag, what));
  put(t, line);
  snprintf(name, sizeof name, "%s-opacity", what);
  const char *o = attr(tag, name);
  snprintf(line, sizeof line, "%.6g", none ? 0 : o ? strtod(o, NULL) : 1.0);
  put(t, line);
}

/* A filled area's polygons, each a run of finite points: x | y1 | y2 | face alpha, and
 * | edge colour alpha when outlined. */
static void areas(Text *t, const char *g) {
  double *v[3];
  static const char *const names[] = {"data-x", "data-y", "data-y2"};
  int n = 0;
  for (int k = 0; k < 3; k++)
    n = values(g, names[k], &v[k]);
  const char *poly = strstr(g, "<polygon");
  for (int i = 0, j; i < n; i = j) {
    for (j = i; j < n && isfinite(v[0][j] + v[1][j] + v[2][j]); j++) {}
    if (j == i) {
      j++;
      continue;
    }
    put(t, "fill");
    for (int k = 0; k < 3; k++) {
      put(t, k ? " |" : "");
      for (int m = i; m < j; m++) {
        char num[64];
        snprintf(num, sizeof num, " %.6g", v[k][m] + 0.0);
        put(t, num);
      }
    }
    put(t, " | ");
    paint(t, poly, "fill");
    if (attr(poly, "stroke")) {
      put(t, " | edge ");
      paint(t, poly, "stroke");
    }
    put(t, "\n");
  }
  for (int k = 0; k < 3; k++)
    free(v[k]);
}

/* A polygon (a wedge, fill's, axhspan's): its box, area and label, its face and opacity,
 * and | edge colour opacity when outlined; to 3 decimals, as matplotlib's curves and the
 * corners nnc draws them with agree that far. */
static double thousandths(double v) {
  return round(v * 1000) / 1000 + 0.0;   /* never -0.000 */
}

static void polygon(Text *t, const char *g) {
  double *x, *y, lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY}, area = 0;
  int n = values(g, "data-x", &x);
  values(g, "data-y", &y);
  for (int i = 0; i < n; i++) {
    lo[0] = fmin(lo[0], x[i]), hi[0] = fmax(hi[0], x[i]);
    lo[1] = fmin(lo[1], y[i]), hi[1] = fmax(hi[1], y[i]);
    area += x[i] * y[(i + 1) % n] - x[(i + 1) % n] * y[i];
  }
  const char *name = attr(g, "data-name");
  char line[512];
  snprintf(line, sizeof line, "polygon %.3f %.3f %.3f %.3f | %.3f | %s | ", thousandths(lo[0]),
           thousandths(hi[0]), thousandths(lo[1]), thousandths(hi[1]), fabs(area) / 2,
           name && name[0] != '_' ? name : "");
  put(t, line);
  const char *poly = strstr(g, "<polygon");
  paint(t, poly, "fill");
  if (attr(poly, "stroke")) {
    put(t, " | edge ");
    paint(t, poly, "stroke");
  }
  put(t, "\n");
  free(x), free(y);
}

/* " | x0 x1 y0 y1": the box of an arrow's path in fractions of its axes (patch), to 2
 * decimals. */
static void arrow_box(Text *t, const char *ax, const char *arrow) {
  const char *patch = strstr(ax, "<rect class=\"patch\"");
  double px = atof(attr(patch, "x")), py = atof(attr(patch, "y"));
  double pw = atof(attr(patch, "width")), ph = atof(attr(patch, "height"));
  char *d = strdup(attr(arrow, "d"));
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY}, v[2];
  int k = 0;
  for (char *p = d; *p;) {
    if (strchr("MLZ ", *p)) {
      p++;
      continue;
    }
    v[k] = strtod(p, &p);
    lo[k] = fmin(lo[k], v[k]), hi[k] = fmax(hi[k], v[k]);
    k = 1 - k;
  }
  char line[128];
  snprintf(line, sizeof line, " | %.2f %.2f %.2f %.2f", round((lo[0] - px) / pw * 100) / 100 + 0.0,
           round((hi[0] - px) / pw * 100) / 100 + 0.0,
           round((py + ph - hi[1]) / ph * 100) / 100 + 0.0,
           round((py + ph - lo[1]) / ph * 100) / 100 + 0.0);
  put(t, line);
  free(d);
}

/* One axes: from its tag to the next axes' (or the end). */
static void describe_axes(Text *t, const char *ax, const char *end) {
  put(t, "axes xlim ");
  numbers(t, ax, "data-xlim");
  put(t, " ylim ");
  numbers(t, ax, "data-ylim");
  static const char *const tick_attrs[2][4] = {
      {"data-xticks", "data-xticklabels", "data-xoffset", "data-xscaled"},
      {"data-yticks", "data-yticklabels", "data-yoffset", "data-yscaled"}};
  for (int k = 0; k < 2; k++) {
    put(t, "\nticks ");
    numbers(t, ax, tick_attrs[k][0]);
    if (attr(ax, k ? "data-ylog" : "data-xlog")) {
      put(t, "\nlog ");
      numbers(t, ax, k ? "data-ylog" : "data-xlog");
      put(t, " minor ");
      numbers(t, ax, k ? "data-yminor" : "data-xminor");
      put(t, " | ");
      put(t, attr(ax, k ? "data-yloglabels" : "data-xloglabels"));
    }
    if (!attr(ax, k ? "data-ylog" : "data-xlog") && attr(ax, k ? "data-yminor" : "data-xminor")) {
      put(t, "\nminor ");
      numbers(t, ax, k ? "data-yminor" : "data-xminor");
    }
    const char *labels = attr(ax, tick_attrs[k][1]);
    if (labels) {
      put(t, "\nticklabels ");
      put(t, labels);
    }
    const char *offset = attr(ax, tick_attrs[k][2]);   /* attr's buffer: put before the next */
    if (offset) {
      put(t, "\noffset ");
      put(t, offset);
      put(t, " | ");
      put(t, attr(ax, tick_attrs[k][3]));
    }
  }
  const char *xlabel = attr(ax, "data-xlabel");
  char *xl = xlabel ? strdup(xlabel) : NULL;   /* attr's buffer is reused */
  const char *ylabel = attr(ax, "data-ylabel");
  if (xl || ylabel) {
    put(t, "\nlabels ");
    put(t, xl ? xl : "");
    put(t, " | ");
    put(t, ylabel ? ylabel : "");
  }
  free(xl);
  put(t, "\n");
  enum { LINE, BAR, BARH, FILL, SEGMENTS, POLYGON, SCATTER, IMAGE, TEXT };
  static const char *const kinds[] = {"line", "bar", "barh", "fill", "segments", "polygon",
                                      "scatter", "image", "text"};
  static const char *const bar_attrs[2][4] = {{"data-x", "data-height", "data-width",
                                               "data-bottom"},
                                              {"data-y", "data-width", "data-height",
                                               "data-left"}};
  for (int k = 0; k <= TEXT; k++) {
    const char *cmap = k == SCATTER ? attr(ax, "data-colorbar") : NULL;
    if (cmap) {
      put(t, "colorbar ");
      put(t, cmap);
      put(t, " | ");
      /* the label: the one text turned upright in the colorbar's group */
      const char *lab = strstr(ax, "rotate(-90");
      if (lab && lab < end) {
        lab = strchr(lab, '>') + 1;
        char buf[256];
        snprintf(buf, sizeof buf, "%.*s", (int)strcspn(lab, "<"), lab);
        put(t, buf);
      }
      put(t, "\n");
    }
    char want[64];
    snprintf(want, sizeof want, "<g class=\"series\" data-kind=\"%s\"", kinds[k]);
    for (const char *g = strstr(ax, want); g && g < end; g = strstr(g + 1, want)) {
      if (k == FILL || k == POLYGON) {
        (k == FILL ? areas : polygon)(t, g);
        continue;
      }
      put(t, k == SEGMENTS ? "line" : kinds[k]);   /* matplotlib's LineCollection */
      put(t, " ");
      if (k == TEXT) {   /* x y | what it says | its colour and size [| bold] */
        numbers(t, g, "data-x");
        put(t, " ");
        numbers(t, g, "data-y");
        const char *tag = strstr(g, "<text"), *said = strchr(tag, '>') + 1;
        const char *weight = attr(tag, "font-weight");
        bool bold = weight && strcmp(weight, "bold") == 0;
        char line[512];
        double points = atof(attr(tag, "font-size")) * 72 / 100;   /* drawn at 100 dpi */
        snprintf(line, sizeof line, " | %.*s | %s %.3g%s", (int)strcspn(said, "<"), said,
                 attr(g, "data-color"), points, bold ? " | bold" : "");
        put(t, line);
        const char *arrow = strstr(g, "<path class=\"arrow\"");
        if (arrow && arrow < tag) {   /* annotate's: its point | outline | face */
          put(t, "\narrow ");
          numbers(t, arrow, "data-to");
          put(t, " | ");
          put(t, attr(arrow, "stroke"));
          put(t, " | ");
          put(t, attr(arrow, "fill"));
          arrow_box(t, ax, arrow);
        }
      } else if (k == IMAGE) {
        int r, c, ch;
        char line[128];
        sscanf(attr(g, "data-shape"), "%d %d %d", &r, &c, &ch);
        snprintf(line, sizeof line, "%d %d %s ", r, c, attr(g, "data-cmap"));
        put(t, line);
        numbers(t, g, "data-vmin");
        put(t, " ");
        numbers(t, g, "data-vmax");
      } else if (k == BAR || k == BARH) { /* across | along | thickness | base | fills */
        for (int a = 0; a < 4; a++) {
          put(t, a ? " | " : "");
          numbers(t, g, bar_attrs[k == BARH][a]);
        }
        put(t, " |");
        fills(t, g);
      } else {
        numbers(t, g, "data-x");
        put(t, " | ");
        numbers(t, g, "data-y");
        if (k == SCATTER)
          point_fills(t, g);
        if (k == LINE || k == SEGMENTS) {   /* | label | colour | dash pattern */
          const char *name = attr(g, "data-name");
          put(t, " | ");
          put(t, name && name[0] != '_' ? name : "");
          put(t, " | ");
          put(t, attr(g, "data-color"));
          put(t, " | ");
          numbers(t, g, "data-dashes");
          static const char *const paint[][2] = {{"data-alpha", " | alpha "},
                                                 {"data-marker", " | marker "},
                                                 {"data-paint", " | paint "}};
          for (int i = 0; i < 3; i++)   /* | alpha | marker | paint face edge width */
            if (attr(g, paint[i][0])) {
              put(t, paint[i][1]);
              put(t, attr(g, paint[i][0]));
            }
        }
      }
      put(t, "\n");
    }
  }
  const char *leg = strstr(ax, "<g class=\"legend\">");
  if (leg && leg < end) {
    static const char mark[] = "class=\"legend-title\">";
    const char *stop = strstr(leg, "</g>"), *title = strstr(leg, mark);
    if (title && title < stop) {
      title += strlen(mark);
      put(t, "legend title ");
      char lab[256];
      snprintf(lab, sizeof lab, "%.*s\n", (int)strcspn(title, "<"), title);
      put(t, lab);
    }
    put(t, "legend [");
    bool first = true;
    char colors[1024] = "legend colors";
    const char *handle = strchr(leg, '\n') + 1;   /* the first entry's handle follows */
    if (strncmp(handle, "<rect", 5) == 0 && attr(handle, "rx"))
      handle = strchr(handle, '\n') + 1;           /* the frame */
    for (const char *x = strstr(leg, "<text"); x && x < stop; x = strstr(x + 1, "<text")) {
      const char *s = strchr(x, '>') + 1;
      if (strncmp(s - strlen(mark), mark, strlen(mark)) == 0) {
        handle = strstr(x, "</text>\n") + 8;
        continue; /* the title, said above */
      }
      char lab[256];
      snprintf(lab, sizeof lab, "%s'%.*s'", first ? "" : ", ", (int)strcspn(s, "<"), s);
      put(t, lab);
      first = false;
      const char *fill = attr(handle, "fill");   /* a handle's colour: its fill, or stroke */
      if (!fill || strcmp(fill, "none") == 0)
        fill = attr(handle, "stroke");
      snprintf(colors + strlen(colors), sizeof colors - strlen(colors), " %s", fill ? fill : "?");
      handle = strstr(x, "</text>\n") + 8;
    }
    put(t, "]\n");
    put(t, colors);
    put(t, "\n");
    /* where it lies: the third of the axes' width and height its centre is in */
    const char *patch = strstr(ax, "<rect class=\"patch\""), *box = strstr(leg, "<rect");
    if (patch && patch < leg && box && box < stop) {
      double cx = (atof(attr(box, "x")) + atof(attr(box, "width")) / 2 - atof(attr(patch, "x"))) /
                  atof(attr(patch, "width"));
      double cy = 1 - (atof(attr(box, "y")) + atof(attr(box, "height")) / 2 -
                       atof(attr(patch, "y"))) / atof(attr(patch, "height"));
      static const char *const across[] = {"left", "center", "right"};
      static const char *const up[] = {"lower", "center", "upper"};
      char at[64];
      snprintf(at, sizeof at, "legend at %s %s\n", up[cy < 1.0 / 3 ? 0 : cy < 2.0 / 3 ? 1 : 2],
               across[cx < 1.0 / 3 ? 0 : cx < 2.0 / 3 ? 1 : 2]);
      put(t, at);
    }
  }
}

/* The figure's legend: its title and its entries' texts. */
static void describe_figure_legend(Text *t, const char *leg) {
  static const char mark[] = "class=\"legend-title\">";
  const char *stop = strstr(leg, "</g>"), *title = strstr(leg, mark);
  char lab[256];
  snprintf(lab, sizeof lab, "figure legend %.*s [", title && title < stop ?
           (int)strcspn(title + strlen(mark), "<") : 0, title ? title + strlen(mark) : "");
  put(t, lab);
  bool first = true;
  for (const char *x = strstr(leg, "<text"); x && x < stop; x = strstr(x + 1, "<text")) {
    const char *s = strchr(x, '>') + 1;
    if (strncmp(s - strlen(mark), mark, strlen(mark)) == 0)
      continue;
    snprintf(lab, sizeof lab, "%s'%.*s'", first ? "" : ", ", (int)strcspn(s, "<"), s);
    put(t, lab);
    first = false;
  }
  put(t, "]\n");
}

static char *describe_svg(const char *svg) {
  Text t = {0};
  put(&t, "");
  const char *key = "<g class=\"axes\"", *fig_legend = strstr(svg, "<g class=\"figure-legend\"");
  for (const char *ax = strstr(svg, key); ax;) {
    const char *next = strstr(ax + 1, key);
    describe_axes(&t, ax, next ? next : fig_legend ? fig_legend : ax + strlen(ax));
    ax = next;
  }
  if (fig_legend)
    describe_figure_legend(&t, fig_legend);
  return t.p;
}

/* ---- CPython ---- */

static char *python_describes(const char *body, const char *describe) {
  size_t n = strlen(body) + strlen(describe) + 2;
  char *text = malloc(n);
  snprintf(text, n, "%s\n%s", body, describe);
  const char *path = test_write_text("snippet.py", text);
  free(text);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cd %s && MPLBACKEND=Agg /usr/bin/python3 %s 2>&1", test_dir(), path);
  FILE *p = popen(cmd, "r");
  cr_assert(p, "%s", cmd);
  char *r = test_slurp(p);
  pclose(p);
  return r;
}

/* The part of a snippets file at *p ("\n# ---- name\n" and its lines): its name, its text
 * (a new string); *p moves to the next part, or NULL. */
static char *next_part(char **p, char name[64]) {
  sscanf(*p + 8, "%63s", name);
  char *body = strchr(*p + 1, '\n') + 1, *next = strstr(body, "\n# ---- ");
  *p = next;
  return strndup(body, next ? (size_t)(next - body) + 1 : strlen(body));
}

/* Runs part through nnc, then savefig('drawn.svg'): what it printed; *svg what it drew
 * (NULL: nothing). */
static char *draw_nnc(const char *name, const char *part, char **svg) {
  size_t n = strlen(part) + 64;
  char *mine = malloc(n);
  snprintf(mine, n, "%s\nplt.savefig('drawn.svg')\n", part);
  remove(test_path("drawn.svg"));
  char *printed = run_nnc(name, mine);
  free(mine);
  FILE *f = fopen(test_path("drawn.svg"), "rb");
  *svg = f ? test_slurp(f) : NULL;
  if (f)
    fclose(f);
  return printed;
}

Test(pyplot, draws_each_snippet_as_matplotlib_draws_it, .timeout = 300) {
  char path[512];
  snprintf(path, sizeof path, "%s/pylib/plot_snippets.py", NNC_TEST_DATA);
  char *all = slurp_path(path);
  snprintf(path, sizeof path, "%s/pylib/plot_describe.py", NNC_TEST_DATA);
  char *describe = slurp_path(path);
  int parts = 0;
  for (char *p = strstr(all, "\n# ---- "); p; parts++) {
    char name[64], *drawn;
    char *part = next_part(&p, name), *printed = draw_nnc(name, part, &drawn);
    char *desc = describe_svg(drawn ? drawn : "(no drawn.svg)\n");
    size_t gn = strlen(printed) + strlen(desc) + 1;
    char *got = malloc(gn);
    snprintf(got, gn, "%s%s", printed, desc);
    char *want = python_describes(part, describe);
    cr_expect_str_eq(got, want, "part '%s' drew differently:\n--- nnc\n%s--- matplotlib\n%s", name,
                     got, want);
    free(part), free(printed), free(drawn), free(desc), free(got), free(want);
  }
  cr_assert_geq(parts, 79, "%d parts", parts);
  free(all);
  free(describe);
}

/* *first and *second at the groups of svg, a document of two axes. */
static void two_axes(const char *svg, const char **first, const char **second) {
  *first = strstr(svg, "<g class=\"axes\"");
  *second = *first ? strstr(*first + 1, "<g class=\"axes\"") : NULL;
  cr_assert(*first && *second, "%s", svg);
}

/* A 1-d row of RGBA numbers that does not match the points is one colour and its opacity,
 * as matplotlib takes it (which also logs a warning, so the snippets leave it out). */
Test(pyplot, colours_points_by_one_rgba_row) {
  char *svg = drawn_quietly("rgba.py", "import numpy as np\nimport matplotlib.pyplot as plt\n"
                                       "plt.scatter(np.arange(9.0), np.arange(9.0), "
                                       "c=np.array([0.2, 0.4, 0.6, 0.5]))\n"
                                       "plt.savefig('drawn.svg')\n");
  const char *points = strstr(svg, "data-kind=\"scatter\"");
  cr_assert(points, "%s", svg);
  cr_expect(strstr(points, "fill=\"#336699\"") && strstr(points, "opacity=\"0.5\""), "%s",
            points);
  free(svg);
}

/* The colours plot_describe.py leaves out: matplotlib's boxes black with an orange median,
 * pandas' blue with a green median; the fliers hollow circles outlined in black. */
Test(pyplot, colours_boxes_as_matplotlib_and_pandas_do) {
  char *svg = drawn_quietly("boxes.py",
                            "import pandas as pd\nimport matplotlib.pyplot as plt\n"
                            "fig, (a, b) = plt.subplots(1, 2)\n"
                            "a.boxplot([1.0, 2.0, 3.0, 4.0, 30.0])\n"
                            "pd.DataFrame({'x': [1.0, 2.0, 3.0, 4.0, 30.0]}).boxplot(ax=b)\n"
                            "plt.savefig('drawn.svg')\n");
  const char *first, *theirs;
  two_axes(svg, &first, &theirs);
  char *mine = strndup(first, (size_t)(theirs - first));
  cr_expect(strstr(mine, "stroke=\"#ff7f0e\"") && !strstr(mine, "#2ca02c") &&
            strstr(mine, "stroke=\"#000000\""), "%s", mine);
  cr_expect(strstr(theirs, "stroke=\"#2ca02c\"") && strstr(theirs, "stroke=\"#1f77b4\""), "%s",
            theirs);
  const char *at = strstr(mine, "<circle");
  char *flier = strndup(at ? at : "", at ? strcspn(at, ">") : 0);
  cr_expect(strstr(flier, "fill=\"none\"") && strstr(flier, "stroke=\"#000000\""), "%s", mine);
  free(flier), free(mine), free(svg);
}

/* A bar's label sits above its bar, its descent clear of the bar's top, as matplotlib's
 * va='bottom' puts it (the describer reads only its offset). */
Test(pyplot, puts_a_bar_label_above_its_bar) {
  char *svg = drawn_quietly("bar_label.py", "import matplotlib.pyplot as plt\n"
                                            "plt.bar_label(plt.bar([0], [3]))\n"
                                            "plt.savefig('drawn.svg')\n");
  const char *bar = strstr(svg, "data-kind=\"bar\"");
  const char *label = strstr(svg, "data-kind=\"text\"");
  cr_assert(bar && label, "%s", svg);
  double top = atof(attr(strstr(bar, "<rect"), "y"));
  double base = atof(attr(strstr(label, "<text"), "y"));
  cr_expect(base < top - 2, "the label's baseline at %g, the bar's top at %g", base, top);
  free(svg);
}

/* What plot_describe.py leaves out of seaborn's boxplot: the boxes filled in seaborn's
 * desaturated colours and outlined in its grey, the fliers grey thin diamonds. */
Test(pyplot, colours_seaborn_boxes_as_seaborn_does) {
  char *svg = drawn_quietly("sns_boxes.py",
                            "import pandas as pd\nimport seaborn as sns\n"
                            "import matplotlib.pyplot as plt\n"
                            "sns.boxplot(data=pd.DataFrame({'a': [1., 2., 3., 30.],\n"
                            "                               'b': [5., 6., 7., 6.]}))\n"
                            "plt.savefig('drawn.svg')\n");
  const char *first = strstr(svg, "data-kind=\"patch\""), *second = NULL;
  second = first ? strstr(first + 1, "data-kind=\"patch\"") : NULL;
  cr_assert(first && second, "%s", svg);
  char *box = strndup(strstr(first, "<rect"), strcspn(strstr(first, "<rect"), ">"));
  cr_expect(strstr(box, "fill=\"#3274a1\"") && strstr(box, "stroke=\"#3f3f3f\""), "%s", box);
  cr_expect(strstr(strstr(second, "<rect"), "fill=\"#e1812c\""), "%s", second);
  const char *flier = strstr(svg, "<path d=\"M");
  cr_assert(flier, "%s", svg);
  char *diamond = strndup(flier, strcspn(flier, ">"));
  cr_expect(strstr(diamond, "fill=\"#3f3f3f\"") && strstr(diamond, "Z\""), "%s", diamond);
  free(diamond), free(box), free(svg);
}

/* What plot_describe.py leaves out of df.plot: kind='box' draws its caps blue (df.boxplot's
 * are black), and a scatter's s= column sizes each point and alpha= shows. */
Test(pyplot, draws_frame_plot_caps_sizes_and_opacity) {
  char *svg = drawn_quietly("frame_plot.py",
                      "import pandas as pd\nimport matplotlib.pyplot as plt\n"
                      "df = pd.DataFrame({'x': [1.0, 2.0, 3.0, 4.0, 30.0],\n"
                      "                   'n': [5, 10, 20, 40, 80]})\n"
                      "fig, (a, b) = plt.subplots(1, 2)\n"
                      "df.plot(kind='box', ax=a)\n"
                      "df.plot(kind='scatter', x='x', y='n', s='n', alpha=0.5, ax=b)\n"
                      "plt.savefig('drawn.svg')\n");
  const char *first, *second;
  two_axes(svg, &first, &second);
  for (const char *p = strstr(first, "<polyline"); p && p < second;
       p = strstr(p + 1, "<polyline")) {
    char *line = strndup(p, strcspn(p, ">"));
    cr_expect(!strstr(line, "#000000"), "a black line among df.plot(kind='box')'s: %s", line);
    free(line);
  }
  double r0 = 0, r1 = 0;
  const char *c = strstr(second, " r=\"");
  cr_assert(c && sscanf(c, " r=\"%lf\"", &r0) == 1);
  c = strstr(c + 1, " r=\"");
  cr_assert(c && sscanf(c, " r=\"%lf\"", &r1) == 1);
  cr_expect(r1 > r0, "the points' radii %g then %g", r0, r1);
  cr_expect(strstr(second, "opacity=\"0.5\""), "%s", second);
  free(svg);
}

/* A bar set's legend entry is drawn as its first bar: fill, opacity and outline (the
 * describer reads only the legend's labels). */
Test(pyplot, draws_a_bar_legend_entry_as_its_first_bar) {
  char *svg = drawn_quietly("bar_legend.py",
                      "import matplotlib.pyplot as plt\n"
                      "fig, (a, b) = plt.subplots(1, 2)\n"
                      "a.bar([0, 1], [3, 4], color='red', alpha=0.5, edgecolor='k', label='r')\n"
                      "a.legend()\n"
                      "b.barh(['u', 'v'], [1, 2], label='h')\n"
                      "b.legend()\n"
                      "plt.savefig('drawn.svg')\n");
  const char *first, *second;
  two_axes(svg, &first, &second);
  const char *leg = strstr(first, "<g class=\"legend\">"), *swatch = leg ? strstr(leg, "<rect") : 0;
  swatch = swatch ? strstr(swatch + 1, "<rect") : NULL; /* after the legend's frame */
  cr_assert(swatch && swatch < second, "%s", first);
  char *r = strndup(swatch, strcspn(swatch, ">"));
  cr_expect(strstr(r, "fill=\"#ff0000\"") && strstr(r, "fill-opacity=\"0.5\"") &&
                strstr(r, "stroke=\"#000000\""),
            "%s", r);
  free(r);
  leg = strstr(second, "<g class=\"legend\">");
  swatch = leg ? strstr(strstr(leg, "<rect") + 1, "<rect") : NULL;
  cr_assert(swatch, "%s", second);
  r = strndup(swatch, strcspn(swatch, ">"));
  cr_expect(strstr(r, "fill=\"#1f77b4\"") && !strstr(r, "stroke="), "%s", r);
  free(r), free(svg);
}

/* The <text> tag that draws `said` (">what it says<") in svg. */
static const char *text_tag(const char *svg, const char *said) {
  const char *tag = strstr(svg, said);
  cr_assert(tag, "no %s in %s", said, svg);
  while (tag > svg && strncmp(tag, "<text", 5) != 0)
    tag--;
  return tag;
}

/* Whether the <text> tag that draws `said` in svg has attribute attr. */
static bool text_has(const char *svg, const char *said, const char *attr) {
  const char *tag = text_tag(svg, said), *at = strstr(tag, attr);
  return at && at < strstr(tag, said);
}

/* How many times needle occurs in s before end. */
static int occurrences(const char *s, const char *end, const char *needle) {
  int n = 0;
  for (const char *p = strstr(s, needle); p && p < end; p = strstr(p + 1, needle))
    n++;
  return n;
}

/* What plot_describe.py leaves out of a pairplot: the inner axes' tick labels and axis labels
 * are not drawn, only the left and bottom spines are, each level's density is filled a
 * quarter opaque, and the figure legend shows each level's point. */
Test(pyplot, draws_a_pair_grid_as_seaborn_does) {
  char *svg = drawn_quietly("pair.py", "import pandas as pd\nimport seaborn as sns\n"
                                       "import matplotlib.pyplot as plt\n"
                                       "df = pd.DataFrame({'a': [1.0, 2.5, 2.0, 4.0, 3.0, 5.5],\n"
                                       "                   'b': [3.0, 1.0, 4.0, 2.0, 6.0, 5.0],\n"
                                       "                   'k': ['p', 'q', 'p', 'q', 'p', 'q']})\n"
                                       "sns.pairplot(df, hue='k')\n"
                                       "plt.savefig('drawn.svg')\n");
  const char *ax[6], *legend = strstr(svg, "<g class=\"figure-legend\">");
  ax[0] = strstr(svg, "<g class=\"axes\"");
  for (int i = 1; i < 6; i++)
    ax[i] = ax[i - 1] ? strstr(ax[i - 1] + 1, "<g class=\"axes\"") : NULL;
  cr_assert(ax[5] && legend, "%s", svg);
  /* top right: inner on both axes, so no text at all; top left: y tick labels and 'a';
   * bottom left: both tick labels and both names */
  cr_expect_eq(occurrences(ax[1], ax[2], "<text"), 0);
  int top_left = occurrences(ax[0], ax[1], "<text");
  int bottom_left = occurrences(ax[2], ax[3], "<text");
  cr_expect(top_left > 2 && bottom_left > top_left + 2, "%d then %d texts", top_left, bottom_left);
  for (int i = 0; i < 4; i++)
    cr_expect(occurrences(ax[i], ax[i + 1], "stroke-linejoin=\"miter\"") == 0 &&
                  occurrences(ax[i], ax[i + 1], "stroke-linecap=\"square\"/>") == 1,
              "axes %d is framed: %.300s", i, ax[i]);
  for (int i = 4; i < 6; i++)   /* the diagonal's twins: two filled densities, no frame */
    cr_expect(occurrences(ax[i], i < 5 ? ax[i + 1] : legend, "fill-opacity=\"0.25\"") == 2 &&
                  occurrences(ax[i], i < 5 ? ax[i + 1] : legend, "<text") == 0,
              "%.400s", ax[i]);
  cr_expect(strstr(legend, "fill=\"#1f77b4\"") && strstr(legend, "fill=\"#ff7f0e\"") &&
                occurrences(legend, legend + strlen(legend), "<circle") == 2,
            "%s", legend);
  free(svg);
}

/* ---- where the axes lie: layout_snippets.py ---- */

enum { MAX_AXES = 8 };

/* The boxes (x, y, width, height in pixels) of the axes nnc drew in svg; how many. */
static int drawn_boxes(const char *svg, double box[][4]) {
  static const char *const names[4] = {"x", "y", "width", "height"};
  int n = 0;
  static const char tag[] = "<g class=\"axes\"";
  for (const char *g = strstr(svg, tag); g; g = strstr(g + 1, tag)) {
    if (strncmp(g, "<g class=\"axes\" data-colorbar", 29) == 0)
      continue;
    const char *rect = strstr(g, "<rect");
    cr_assert(rect && n < MAX_AXES, "%s", g);
    for (int k = 0; k < 4; k++)
      box[n][k] = atof(attr(rect, names[k]));
    n++;
  }
  return n;
}

/* The boxes matplotlib gives the axes of body's figure once drawn; how many. cropped: the
 * size in pixels of the figure saved with bbox_inches='tight' at 100 dpi. */
static int python_boxes(const char *body, double box[][4], double cropped[2]) {
  static const char describe[] =
      "plt.gcf().canvas.draw()\n"
      "W, H = [v * 100 for v in plt.gcf().get_size_inches()]\n"
      "for ax in [a for a in plt.gcf().axes if a.get_visible()]:\n"
      "    x0, y0, w, h = ax.get_position().bounds\n"
      "    print('%.3f %.3f %.3f %.3f' % (x0 * W, (1 - y0 - h) * H, w * W, h * H))\n"
      "plt.savefig('cropped.png', dpi=100, bbox_inches='tight')\n"
      "import struct\n"
      "print('cropped %d %d' % struct.unpack('>II', open('cropped.png', 'rb').read(24)[16:]))\n";
  char *printed = python_describes(body, describe);
  int n = 0, used = 0;
  for (const char *p = printed; n < MAX_AXES && sscanf(p, "%lf %lf %lf %lf%n", &box[n][0],
       &box[n][1], &box[n][2], &box[n][3], &used) == 4; p += used)
    n++;
  const char *c = strstr(printed, "cropped ");
  cr_assert(n > 0 && c && sscanf(c, "cropped %lf %lf", &cropped[0], &cropped[1]) == 2,
            "matplotlib printed:\n%s", printed);
  free(printed);
  return n;
}

/* Where each axes lies, and the size of the figure saved with bbox_inches='tight'. */
Test(pyplot, lays_out_subplots_as_matplotlib_does, .timeout = 120) {
  char path[512];
  snprintf(path, sizeof path, "%s/pylib/layout_snippets.py", NNC_TEST_DATA);
  char *all = slurp_path(path);
  int parts = 0;
  for (char *p = strstr(all, "\n# ---- "); p; parts++) {
    char name[64], *svg, *part = next_part(&p, name);
    size_t n = strlen(part) + 64;
    char *mine = malloc(n);   /* saved cropped too, before drawn.svg */
    snprintf(mine, n, "%s\nplt.savefig('cropped.svg', bbox_inches='tight')\n", part);
    char *printed = draw_nnc(name, mine, &svg), *cropped = slurp_path(test_path("cropped.svg"));
    cr_expect_str_eq(printed, "", "part '%s' printed", name);
    cr_assert(svg, "part '%s' drew nothing", name);
    double got[MAX_AXES][4], want[MAX_AXES][4], size[2];
    int ng = drawn_boxes(svg, got), nw = python_boxes(part, want, size);
    const char *tag = strstr(cropped, "<svg");
    cr_assert(tag, "%s", cropped);
    double w = atof(attr(tag, "width")), h = atof(attr(tag, "height"));
    cr_expect(fabs(w - size[0]) <= 2 && fabs(h - size[1]) <= 2, "part '%s' cropped to %g x %g, "
              "matplotlib to %g x %g", name, w, h, size[0], size[1]);
    cr_expect_eq(ng, nw, "part '%s': %d axes drawn, matplotlib %d", name, ng, nw);
    for (int i = 0; i < ng && i < nw; i++)
      for (int k = 0; k < 4; k++)
        cr_expect(fabs(got[i][k] - want[i][k]) <= 1.5,
                  "part '%s', axes %d: nnc's box %.2f %.2f %.2f %.2f, matplotlib's %.2f %.2f "
                  "%.2f %.2f", name, i, got[i][0], got[i][1], got[i][2], got[i][3], want[i][0],
                  want[i][1], want[i][2], want[i][3]);
    free(part), free(mine), free(printed), free(svg), free(cropped);
  }
  cr_assert_geq(parts, 16, "%d parts", parts);
  free(all);
}

/* ---- how the figure looks: style_snippets.py ---- */

/* Each part drawn in the style rcParams, style sheets or seaborn's themes give it, as
 * matplotlib draws it: style_describe.py describes both drawings. */
Test(pyplot, draws_in_the_style_rcparams_give, .timeout = 120) {
  char path[512], describer[512];
  snprintf(path, sizeof path, "%s/pylib/style_snippets.py", NNC_TEST_DATA);
  snprintf(describer, sizeof describer, "%s/pylib/style_describe.py", NNC_TEST_DATA);
  char *all = slurp_path(path), *describe = slurp_path(describer);
  int parts = 0;
  for (char *p = strstr(all, "\n# ---- "); p; parts++) {
    char name[64], *svg, cmd[1200];
    char *part = next_part(&p, name), *printed = draw_nnc(name, part, &svg);
    cr_assert(svg, "part '%s' drew nothing: %s", name, printed);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s %s 2>&1", describer, test_path("drawn.svg"));
    FILE *f = popen(cmd, "r");
    cr_assert(f, "%s", cmd);
    char *got = test_slurp(f), *want = python_describes(part, describe);
    pclose(f);
    cr_expect_str_eq(got, want, "part '%s' looks different:\n--- nnc\n%s--- matplotlib\n%s",
                     name, got, want);
    free(part), free(printed), free(svg), free(got), free(want);
  }
  cr_assert_geq(parts, 19, "%d parts", parts);
  free(all), free(describe);
}

/* errorbar's caps, which plot_describe.py places but does not draw: across a y error bar
 * ('_'), along an x one ('|'), capsize points each side of the bar. */
Test(pyplot, draws_errorbar_caps_across_their_bars) {
  char *out = run_nnc("caps.py", "import matplotlib.pyplot as plt\n"
                                 "plt.errorbar([1, 2], [1, 2], yerr=0.5, capsize=5)\n"
                                 "plt.figure()\nplt.errorbar([1, 2], [1, 2], xerr=0.5, capsize=5, "
                                 "fmt='none')\nplt.figure(1)\nplt.savefig('y.svg')\n"
                                 "plt.figure(2)\nplt.savefig('x.svg')\n");
  cr_expect_str_eq(out, "");
  for (int k = 0; k < 2; k++) {
    char *svg = slurp_path(test_path(k ? "x.svg" : "y.svg"));
    int caps = 0;
    for (const char *p = strstr(svg, "<path d=\"M"); p; p = strstr(p + 1, "<path d=\"M")) {
      double x0, y0, x1, y1;
      if (sscanf(p, "<path d=\"M%lf %lfL%lf %lf\"", &x0, &y0, &x1, &y1) != 4)
        continue;
      double along = k ? fabs(y1 - y0) : fabs(x1 - x0), across = k ? fabs(x1 - x0) : fabs(y1 - y0);
      cr_expect(across < 0.01 && fabs(along - 10 * 100.0 / 72) < 0.02, "%s cap %.80s",
                k ? "x" : "y", p);
      caps++;
    }
    cr_expect_eq(caps, 4, "%d caps", caps);
    free(svg);
  }
  free(out);
}

/* A PairGrid saves itself cropped (seaborn's bbox_inches='tight' default, which the
 * figure's savefig lacks), and size= is height's old name, with seaborn's warning. */
Test(pyplot, saves_a_pair_grid_cropped) {
  char *out = run_nnc("pair_save.py", "import pandas as pd\nimport seaborn as sns\n"
                                      "import matplotlib.pyplot as plt\n"
                                      "df = pd.DataFrame({'a': [1.0, 2.5, 2.0, 4.0],\n"
                                      "                   'b': [3.0, 1.0, 4.0, 2.0]})\n"
                                      "g = sns.pairplot(df, size=2)\n"
                                      "g.savefig('grid.svg')\n"
                                      "plt.savefig('tight.svg', bbox_inches='tight')\n"
                                      "plt.savefig('whole.svg')\n");
  cr_expect_str_eq(out, "UserWarning: The `size` parameter has been renamed to `height`; "
                        "please update your code.\n");
  char *grid = slurp_path(test_path("grid.svg")), *tight = slurp_path(test_path("tight.svg"));
  char *whole = slurp_path(test_path("whole.svg"));
  cr_expect_str_eq(grid, tight);
  cr_expect_str_neq(grid, whole);
  const char *tag = strstr(whole, "<svg");
  cr_assert(tag, "%s", whole);
  cr_expect_float_eq(atof(attr(tag, "width")), 400.0, 1e-9, "two cells of 2 inches at 100 dpi");
  free(whole), free(tight), free(grid), free(out);
}

/* What plot_describe.py leaves out of fill_between: one polygon per run of points filled
 * (where= true, every value finite), each along y1 and back along y2, and a legend entry
 * drawn as a patch of the area's fill and opacity. */
Test(pyplot, fills_between_curves_one_polygon_per_run) {
  char *svg = drawn_quietly("fill.py", "import matplotlib.pyplot as plt\n"
                                       "x = [0, 1, 2, 3, 4, 5, 6]\n"
                                       "y = [1, 2, float('nan'), 2, 1, 3, 2]\n"
                                       "plt.fill_between(x, y, -1, where=[1, 1, 1, 1, 0, 1, 1],\n"
                                       "                 alpha=0.5, label='band')\n"
                                       "plt.legend()\n"
                                       "plt.savefig('drawn.svg')\n");
  const char *fill = strstr(svg, "data-kind=\"fill\""), *legend = strstr(svg, "class=\"legend\"");
  cr_assert(fill && legend, "%s", svg);
  const char *end = strstr(fill, "</g>");
  cr_expect_eq(occurrences(fill, end, "<polygon"), 3);
  const char *points[3], *p = fill;
  for (int i = 0; i < 3; i++)
    points[i] = p = strstr(strstr(p, "<polygon"), "points=\"") + 8;
  int pairs[3] = {0, 0, 0}, want[3] = {4, 2, 4};
  for (int i = 0; i < 3; i++) {
    for (const char *c = points[i]; *c != '"'; c++)
      pairs[i] += *c == ',';
    cr_expect_eq(pairs[i], want[i], "polygon %d has %d points", i, pairs[i]);
  }
  const char *handle = strstr(legend, "<rect");
  handle = handle ? strstr(handle + 1, "<rect") : NULL;   /* past the legend's frame */
  cr_assert(handle, "%s", legend);
  char *r = strndup(handle, strcspn(handle, ">"));
  cr_expect(strstr(r, "fill=\"#1f77b4\"") && strstr(r, "fill-opacity=\"0.5\"") &&
                !strstr(r, "stroke="), "%s", r);
  free(r), free(svg);
}

/* barplot's ci= of before seaborn 0.12 still works, with seaborn's warning: ci=None draws no
 * error bars. */
Test(pyplot, takes_barplots_deprecated_ci) {
  char *out = run_nnc("bar_ci.py", "import seaborn as sns\nimport matplotlib.pyplot as plt\n"
                                   "sns.barplot(x=['a', 'b', 'a', 'b'], y=[1, 2, 3, 5], ci=None)\n"
                                   "plt.savefig('drawn.svg')\n"
                                   "sns.barplot(x=['a', 'b', 'a', 'b'], y=[1, 2, 3, 5], ci=90)\n");
  cr_expect_str_eq(out, "FutureWarning: The `ci` parameter is deprecated. Use `errorbar=None` for "
                        "the same effect.\nFutureWarning: The `ci` parameter is deprecated. Use "
                        "`errorbar=('ci', 90)` for the same effect.\n");
  char *svg = slurp_path(test_path("drawn.svg"));
  cr_expect(strstr(svg, "data-kind=\"bar\"") && !strstr(svg, "data-kind=\"line\""), "%s", svg);
  free(svg), free(out);
}

/* What plot_describe.py leaves out of a FacetGrid: each facet titled "row = r | col = c" at
 * seaborn's 10 points, despined; map's warning for a categorical plot without order=, whose
 * shared axes take the last facet's names, as in matplotlib; add_legend, refused by name. */
Test(pyplot, titles_the_facets_of_a_grid_as_seaborn_does) {
  char *out = run_nnc("facet.py", "import pandas as pd\nimport seaborn as sns\n"
                                  "df = pd.DataFrame({'a': [1.0, 2.0, 3.0, 4.0],\n"
                                  "                   'k': [0, 1, 0, 1], 'r': ['u', 'u', 'v', 'v'],\n"
                                  "                   't': ['x', 'y', 'x', 'y']})\n"
                                  "g = sns.FacetGrid(df, row='r', col='k')\n"
                                  "g.map(sns.barplot, 't', 'a', errorbar=None)\n"
                                  "g.savefig('drawn.svg')\n"
                                  "try:\n    g.add_legend()\n"
                                  "except NotImplementedError as e:\n    print('refused')\n");
  cr_expect_str_eq(out, "UserWarning: Using the barplot function without specifying `order` is "
                        "likely to produce an incorrect plot.\nrefused\n");
  char *svg = slurp_path(test_path("drawn.svg"));
  static const char *const titles[] = {">r = u | k = 0<", ">r = u | k = 1<", ">r = v | k = 0<",
                                       ">r = v | k = 1<"};
  for (int i = 0; i < 4; i++)
    cr_expect(text_has(svg, titles[i], "font-size=\"13.89\""), "%s", titles[i]);
  const char *ax = strstr(svg, "<g class=\"axes\"");
  const char *next = ax ? strstr(ax + 1, "<g class=\"axes\"") : NULL;
  cr_assert(next, "%s", svg);
  cr_expect_eq(occurrences(ax, next, "stroke-linejoin=\"miter\""), 0, "despined: %.300s", ax);
  /* shared x axes share their labels: the last facet's category names every facet's tick */
  cr_expect_eq(occurrences(svg, svg + strlen(svg), "data-xticklabels=\"y\""), 4, "%s", svg);
  free(svg), free(out);
}

/* What plot_describe.py does not say of a twin and a pie: the twin's face is unpainted, so
 * its host shows through, and its y tick labels and label lie right of the axes, reading
 * from there; a pie's axes has neither face nor spines. */
Test(pyplot, draws_a_twin_over_its_host_and_a_pie_unframed) {
  char *svg = drawn_quietly("twin.py",
                            "import matplotlib.pyplot as plt\n"
                            "fig, (a, p) = plt.subplots(1, 2)\na.plot([1, 2], [3, 4])\n"
                            "t = a.twinx()\nt.plot([1, 2], [10, 0])\nt.set_ylabel('acc')\n"
                            "p.pie([1, 2])\nplt.savefig('drawn.svg')\n");
  const char *axes[3] = {strstr(svg, "<g class=\"axes\""), NULL, NULL};
  for (int i = 1; i < 3 && axes[i - 1]; i++)
    axes[i] = strstr(axes[i - 1] + 1, "<g class=\"axes\"");
  cr_assert(axes[2], "%s", svg);
  /* in the order made: the host, the pie, the twin */
  const char *host = strstr(axes[0], "<rect class=\"patch\""), *twin = strstr(axes[2], "<rect");
  cr_expect_str_eq(attr(host, "fill"), "#ffffff");
  cr_expect_str_eq(attr(twin, "fill"), "none");
  double right = atof(attr(twin, "x")) + atof(attr(twin, "width"));
  const char *ten = strstr(axes[2], ">10<"), *label = strstr(axes[2], ">acc<");
  cr_assert(ten && label, "%.2000s", axes[2]);
  while (strncmp(ten, "<text", 5) != 0)
    ten--;
  while (strncmp(label, "<text", 5) != 0)
    label--;
  cr_expect_str_eq(attr(ten, "text-anchor"), "start");
  cr_expect_gt(atof(attr(ten, "x")), right);
  cr_expect_gt(atof(attr(label, "x")), atof(attr(ten, "x")));
  const char *pie = strstr(axes[1], "<rect class=\"patch\"");
  cr_expect_str_eq(attr(pie, "fill"), "none");
  const char *spines = strstr(axes[1], "class=\"spines\"");
  cr_expect(!spines || spines > axes[2], "the pie's axes has spines");
  free(svg);
}

/* scatter's points are outlined in their own colour, patch.linewidth wide, as matplotlib's
 * edgecolors='face' draws them (3.5 points out, not 3, at s=36); edgecolors='none' leaves
 * them bare, a colour outlines them all in it; alpha is each point's, so that overlapping
 * points darken. */
Test(pyplot, outlines_scatter_points_in_their_own_colour) {
  char *svg = drawn_quietly("edges.py", "import matplotlib.pyplot as plt\n"
                                        "plt.scatter([1, 2], [1, 2], c=[0, 1])\n"
                                        "plt.scatter([1], [2], edgecolors='none')\n"
                                        "plt.scatter([2], [1], ec='k', linewidths=2, alpha=0.5)\n"
                                        "plt.savefig('drawn.svg')\n");
  const char *g[3] = {strstr(svg, "data-kind=\"scatter\""), NULL, NULL};
  for (int i = 1; i < 3 && g[i - 1]; i++)
    g[i] = strstr(g[i - 1] + 1, "data-kind=\"scatter\"");
  cr_assert(g[2], "%s", svg);
  while (strncmp(g[0], "<g", 2) != 0)
    g[0]--;
  cr_expect_str_eq(attr(g[0], "stroke-width"), "1.39");
  const char *dot = strstr(g[0], "<circle");
  char fill[16];
  snprintf(fill, sizeof fill, "%s", attr(dot, "fill"));
  cr_expect_str_eq(attr(dot, "stroke"), fill);
  cr_expect_null(attr(strstr(g[1], "<circle"), "stroke"));
  cr_expect_null(attr(g[1], "stroke-width"));
  cr_expect_str_eq(attr(g[2], "stroke"), "#000000");
  cr_expect_str_eq(attr(g[2], "stroke-width"), "2.78");
  cr_expect_str_eq(attr(g[2], "fill-opacity"), "0.5");   /* each point's, not the group's */
  cr_expect_null(attr(g[2], "opacity"));
  free(svg);
}

/* A text's fontdict, with **kwargs over it: the title's size and colour, the x label's. */
Test(pyplot, takes_the_fonts_of_a_fontdict) {
  char *svg = drawn_quietly("fontdict.py",
                            "import matplotlib.pyplot as plt\n"
                            "plt.title('Loss', fontdict={'fontsize': 18, 'color': 'red'}, "
                            "fontsize=9)\n"
                            "plt.xlabel('epoch', fontdict={'color': 'blue'})\n"
                            "plt.savefig('drawn.svg')\n");
  static const char *const texts[][2] = {{">Loss<", "font-size=\"12.50\""},
                                         {">Loss<", "fill=\"#ff0000\""},
                                         {">epoch<", "fill=\"#0000ff\""}};
  for (int i = 0; i < 3; i++)
    cr_expect(text_has(svg, texts[i][0], texts[i][1]), "%s %s", texts[i][0], texts[i][1]);
  free(svg);
}

/* A keyword matplotlib takes but nnc does not draw is said once per call and name; one it
 * does not take is its AttributeError (test_modules compares those with matplotlib's). */
Test(pyplot, says_once_which_keywords_it_does_not_draw) {
  char *out = run_nnc("zorder.py", "import matplotlib.pyplot as plt\n"
                                   "for i in range(3):\n"
                                   "    plt.plot([1, 2], zorder=i, drawstyle='steps')\n"
                                   "plt.bar([1], [2], yerr=[1])\n");
  cr_expect_str_eq(out, "nnc: plot(zorder=) is accepted but not drawn by nnc\n"
                        "nnc: plot(drawstyle=) is accepted but not drawn by nnc\n"
                        "nnc: bar(yerr=) is accepted but not drawn by nnc\n");
  free(out);
}

/* legend's own look: its font size, no frame, or a frame of given colours and opacity. */
Test(pyplot, draws_a_legend_as_its_keywords_say) {
  char *svg = drawn_quietly("legend.py",
                            "import matplotlib.pyplot as plt\n"
                            "fig, (a, b) = plt.subplots(1, 2)\n"
                            "a.plot([1, 2], label='loss')\n"
                            "a.legend(frameon=False, fontsize=14)\n"
                            "b.plot([1, 2], label='acc')\n"
                            "b.legend(facecolor='yellow', edgecolor='red', framealpha=1)\n"
                            "fig.legend()\n"
                            "plt.savefig('drawn.svg')\n");
  const char *first = strstr(svg, "<g class=\"legend\">");
  cr_assert(first, "%s", svg);
  const char *second = strstr(first + 1, "<g class=\"legend\">");
  cr_assert(second, "%s", svg);
  const char *rect = strstr(first, "<rect"), *loss = strstr(first, ">loss<");
  cr_expect(rect > strstr(first, "</g>"), "a frame drawn: %.300s", first);
  cr_expect(loss && strstr(first, "font-size=\"19.44\"") < loss, "%.400s", first);
  rect = strstr(second, "<rect");
  cr_assert(rect, "%s", second);
  cr_expect(strstr(rect, "fill-opacity=\"1\"") && strstr(rect, "fill=\"#ffff00\"") &&
            strstr(rect, "stroke=\"#ff0000\"") && strstr(rect, "/>") > strstr(rect, "stroke="),
            "%.200s", rect);
  /* the figure's, framed, in its upper right corner: 0.5 em (5 points) from both edges */
  const char *fig = strstr(svg, "<g class=\"figure-legend\">");
  cr_assert(fig, "%s", svg);
  rect = strstr(fig, "<rect");
  cr_assert(rect && rect < strstr(fig, "</g>"), "%.300s", fig);
  double x = atof(attr(rect, "x")), y = atof(attr(rect, "y")), w = atof(attr(rect, "width"));
  cr_expect(fabs(x + w - (640 - 5 * 100 / 72.0)) < 0.01 && fabs(y - 5 * 100 / 72.0) < 0.01,
            "%.200s", rect);
  free(svg);
}

/* What the describer reads from data attributes, drawn: a line's opacity on its stroke and
 * markers, a marker's face and outline, a star's ten corners. */
Test(pyplot, paints_lines_and_markers_as_their_keywords_say) {
  char *svg = drawn_quietly("paint.py", "import matplotlib.pyplot as plt\n"
                                        "plt.plot([1, 2], 'o-', alpha=0.4, mfc='white', mec='red', "
                                        "mew=2)\n"
                                        "plt.plot([1], [1], '*')\n"
                                        "plt.savefig('drawn.svg')\n");
  const char *line = strstr(svg, "<polyline"), *dot = strstr(svg, "<circle cx");
  cr_assert(line && dot, "%s", svg);
  cr_expect(strstr(line, "stroke-opacity=\"0.4\"") < strchr(line, '>'), "%.300s", line);
  const char *end = strchr(dot, '>');
  static const char *const attrs[] = {"fill=\"#ffffff\"", "stroke=\"#ff0000\"",
                                      "stroke-width=\"2.78\"", "fill-opacity=\"0.4\""};
  for (int i = 0; i < 4; i++) {
    const char *at = strstr(dot, attrs[i]);
    cr_expect(at && at < end, "%s in %.200s", attrs[i], dot);
  }
  const char *star = strstr(svg, "data-marker=\"*\"");
  cr_assert(star, "%s", svg);
  star = strstr(star, "<path d=\"M");
  cr_assert(star, "%s", svg);
  const char *d = star + strlen("<path d=\""), *stop = strchr(d, '"');
  int corners = 1;   /* M, then an L for each other corner */
  for (const char *p = d; p < stop; p++)
    corners += *p == 'L';
  cr_expect_eq(corners, 10, "%.300s", star);
  free(svg);
}

/* legend(ncol=2) of three entries: two in the first column, the third beside the first,
 * as matplotlib fills columns. */
Test(pyplot, fills_legend_columns_as_matplotlib_does) {
  char *svg = drawn_quietly("ncol.py", "import matplotlib.pyplot as plt\n"
                                       "for name in ('aa', 'bb', 'cc'):\n"
                                       "    plt.plot([1, 2], label=name)\n"
                                       "plt.legend(ncol=2)\nplt.savefig('drawn.svg')\n");
  double x[3], y[3];
  static const char *const names[] = {">aa<", ">bb<", ">cc<"};
  for (int i = 0; i < 3; i++) {
    const char *tag = text_tag(svg, names[i]);
    x[i] = atof(attr(tag, "x")), y[i] = atof(attr(tag, "y"));
  }
  cr_expect(x[0] == x[1] && y[1] > y[0], "bb under aa: %g %g %g %g", x[0], y[0], x[1], y[1]);
  cr_expect(y[2] == y[0] && x[2] > x[0], "cc beside aa: %g %g %g %g", x[0], y[0], x[2], y[2]);
  free(svg);
}

/* What the describer leaves out of a log axis: the exponent smaller and raised, its minus
 * U+2212; the minor ticks as tick_params(which='minor') sets them; a limit <= 0 ignored
 * with matplotlib's warning; a scale nnc does not draw refused by name. */
Test(pyplot, draws_log_labels_and_minor_ticks) {
  char *out = run_nnc("log.py", "import matplotlib.pyplot as plt\n"
                                "plt.semilogy([1, 2], [0.05, 30])\n"
                                "plt.ylim(0, 100)\n"
                                "plt.tick_params(axis='y', which='minor', length=4, width=1)\n"
                                "try:\n    plt.xscale('symlog')\n"
                                "except NotImplementedError as e:\n    print(e)\n"
                                "plt.savefig('drawn.svg')\n");
  cr_expect_str_eq(out, "UserWarning: Attempt to set non-positive ylim on a log-scaled axis "
                        "will be ignored.\nset_xscale('symlog') is not supported by nnc yet: "
                        "'linear' and 'log' are\n");
  char *svg = slurp_path(test_path("drawn.svg"));
  const char *ax = strstr(svg, "<g class=\"axes\"");
  cr_assert(ax, "%s", svg);
  cr_expect_str_eq(attr(ax, "data-ylim"), "0.0363130261 100");
  cr_expect(strstr(svg, ">10</tspan><tspan dx=\"0.14\" dy=\"-5.32\" font-size=\"9.72\">"
                        "\u22121</tspan>"), "%s", svg);
  int minor = occurrences(svg, svg + strlen(svg), "stroke-width=\"1.39\"/>");
  cr_expect_eq(minor, 30, "%d minor ticks", minor);   /* 0.04 .. 0.09, then 8 a decade */
  const char *mark = strstr(svg, "stroke-width=\"1.39\"/>");
  while (mark && strncmp(mark, "<line", 5) != 0)
    mark--;
  cr_assert(mark);
  cr_expect_float_eq(atof(attr(mark, "x2")) - atof(attr(mark, "x1")), 4 * 100 / 72.0, 0.02);
  free(svg), free(out);
}

/* grid(which=): lines at the minor ticks of a log axis too ('both'), or at them alone
 * ('minor'), on the axis named (a's y axis has minor ticks, but no grid). */
Test(pyplot, draws_grid_lines_at_minor_ticks) {
  char *out = run_nnc("minor_grid.py", "import matplotlib.pyplot as plt\n"
                                       "fig, (a, b) = plt.subplots(1, 2)\n"
                                       "a.loglog([1e-2, 10], [1, 100])\n"
                                       "a.grid(True, which='both', axis='x', ls='--')\n"
                                       "b.loglog([1, 100], [1, 100])\n"
                                       "b.grid(which='minor')\n"
                                       "plt.savefig('drawn.svg')\n");
  cr_expect_str_eq(out, "");
  char *svg = slurp_path(test_path("drawn.svg"));
  const char *axes[2] = {strstr(svg, "<g class=\"axes\""), NULL};
  axes[1] = axes[0] ? strstr(axes[0] + 1, "<g class=\"axes\"") : NULL;
  cr_assert(axes[1], "%s", svg);
  static const char *const gridded[2][2] = {{"data-xticks", "data-xminor"},   /* a */
                                            {"data-xminor", "data-yminor"}};  /* b */
  for (int i = 0; i < 2; i++) {
    const char *grid = strstr(axes[i], "<g class=\"grid\"");
    cr_assert(grid, "axes %d has no grid", i);
    const char *end = strstr(grid, "</g>");
    int want = 0;
    for (int j = 0; j < 2; j++) {
      const char *v = attr(axes[i], gridded[i][j]);
      want += v && v[0] ? occurrences(v, v + strlen(v), " ") + 1 : 0;
    }
    cr_expect(want > 10, "axes %d: %d lines", i, want);
    cr_expect_eq(occurrences(grid, end, "<line"), want, "axes %d", i);
  }
  free(svg), free(out);
}

/* Log bases far from ten draw in time: below one, a hair above one (decades beyond
 * counting), and huge (matplotlib would make base - 2 minor ticks a decade). */
Test(pyplot, draws_log_axes_of_odd_bases, .timeout = 30) {
  char *out = run_nnc("bases.py", "import matplotlib.pyplot as plt\n"
                                  "fig, (a, b, c) = plt.subplots(1, 3)\n"
                                  "a.semilogy([1, 2], [1, 100], base=0.5)\n"
                                  "b.semilogy([1, 2], [1e-300, 1e300], base=1.0000000000000002)\n"
                                  "c.semilogx([1e-300, 1e300], [1, 2], base=1e300)\n"
                                  "plt.tight_layout()\nplt.savefig('drawn.svg')\nprint('drawn')\n");
  cr_expect_str_eq(out, "drawn\n");
  free(out);
}
