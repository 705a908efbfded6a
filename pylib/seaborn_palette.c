/* seaborn_palette.c — the colours of seaborn 0.12's categorical plots (countplot, barplot,
 * boxplot): its establish_colors over color_palette.
 *
 * With neither color= nor palette=, the levels take matplotlib's colour cycle; color= gives
 * every level that colour (without a hue); palette= is a name (seaborn's own palettes,
 * matplotlib's qualitative colormaps whole, 'hls', or another colormap sampled at n
 * points strictly inside it), a list of colours (cycled), or a dict from level to colour.
 * Then every colour is desaturated to `saturation` in HLS, as the plots do to patches, with
 * Python's colorsys arithmetic, so the bytes are seaborn's; their lines (boxplot's) are
 * grey, 0.6 of the least lightness among them.
 */
#include <math.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  const char *name;
  int n;
  uint32_t colors[20];
} Palette;

static const Palette palettes[] = {
    {"tab10", 10, {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
                   0x7f7f7f, 0xbcbd22, 0x17becf}},
    {"deep", 10, {0x4c72b0, 0xdd8452, 0x55a868, 0xc44e52, 0x8172b3, 0x937860, 0xda8bc3,
                  0x8c8c8c, 0xccb974, 0x64b5cd}},
    {"deep6", 6, {0x4c72b0, 0x55a868, 0xc44e52, 0x8172b3, 0xccb974, 0x64b5cd}},
    {"muted", 10, {0x4878d0, 0xee854a, 0x6acc64, 0xd65f5f, 0x956cb4, 0x8c613c, 0xdc7ec0,
                   0x797979, 0xd5bb67, 0x82c6e2}},
    {"muted6", 6, {0x4878d0, 0x6acc64, 0xd65f5f, 0x956cb4, 0xd5bb67, 0x82c6e2}},
    {"pastel", 10, {0xa1c9f4, 0xffb482, 0x8de5a1, 0xff9f9b, 0xd0bbff, 0xdebb9b, 0xfab0e4,
                    0xcfcfcf, 0xfffea3, 0xb9f2f0}},
    {"pastel6", 6, {0xa1c9f4, 0x8de5a1, 0xff9f9b, 0xd0bbff, 0xfffea3, 0xb9f2f0}},
    {"bright", 10, {0x023eff, 0xff7c00, 0x1ac938, 0xe8000b, 0x8b2be2, 0x9f4800, 0xf14cc1,
                    0xa3a3a3, 0xffc400, 0x00d7ff}},
    {"bright6", 6, {0x023eff, 0x1ac938, 0xe8000b, 0x8b2be2, 0xffc400, 0x00d7ff}},
    {"dark", 10, {0x001c7f, 0xb1400d, 0x12711c, 0x8c0800, 0x591e71, 0x592f0d, 0xa23582,
                  0x3c3c3c, 0xb8850a, 0x006374}},
    {"dark6", 6, {0x001c7f, 0x12711c, 0x8c0800, 0x591e71, 0xb8850a, 0x006374}},
    {"colorblind", 10, {0x0173b2, 0xde8f05, 0x029e73, 0xd55e00, 0xcc78bc, 0xca9161, 0xfbafe4,
                        0x949494, 0xece133, 0x56b4e9}},
    {"colorblind6", 6, {0x0173b2, 0x029e73, 0xd55e00, 0xcc78bc, 0xece133, 0x56b4e9}},
    {"Set1", 9, {0xe41a1c, 0x377eb8, 0x4daf4a, 0x984ea3, 0xff7f00, 0xffff33, 0xa65628,
                 0xf781bf, 0x999999}},
    {"Set2", 8, {0x66c2a5, 0xfc8d62, 0x8da0cb, 0xe78ac3, 0xa6d854, 0xffd92f, 0xe5c494,
                 0xb3b3b3}},
    {"Set3", 12, {0x8dd3c7, 0xffffb3, 0xbebada, 0xfb8072, 0x80b1d3, 0xfdb462, 0xb3de69,
                  0xfccde5, 0xd9d9d9, 0xbc80bd, 0xccebc5, 0xffed6f}},
    {"Paired", 12, {0xa6cee3, 0x1f78b4, 0xb2df8a, 0x33a02c, 0xfb9a99, 0xe31a1c, 0xfdbf6f,
                    0xff7f00, 0xcab2d6, 0x6a3d9a, 0xffff99, 0xb15928}},
    {"Pastel1", 9, {0xfbb4ae, 0xb3cde3, 0xccebc5, 0xdecbe4, 0xfed9a6, 0xffffcc, 0xe5d8bd,
                    0xfddaec, 0xf2f2f2}},
    {"Pastel2", 8, {0xb3e2cd, 0xfdcdac, 0xcbd5e8, 0xf4cae4, 0xe6f5c9, 0xfff2ae, 0xf1e2cc,
                    0xcccccc}},
    {"Dark2", 8, {0x1b9e77, 0xd95f02, 0x7570b3, 0xe7298a, 0x66a61e, 0xe6ab02, 0xa6761d,
                  0x666666}},
    {"Accent", 8, {0x7fc97f, 0xbeaed4, 0xfdc086, 0xffff99, 0x386cb0, 0xf0027f, 0xbf5b17,
                   0x666666}},
    {"tab20", 20, {0x1f77b4, 0xaec7e8, 0xff7f0e, 0xffbb78, 0x2ca02c, 0x98df8a, 0xd62728,
                   0xff9896, 0x9467bd, 0xc5b0d5, 0x8c564b, 0xc49c94, 0xe377c2, 0xf7b6d2,
                   0x7f7f7f, 0xc7c7c7, 0xbcbd22, 0xdbdb8d, 0x17becf, 0x9edae5}},
};

/* Python's float a % 1.0: in [0, 1) whatever a's sign. */
static double mod1(double a) {
  double r = fmod(a, 1.0);
  return r < 0 ? r + 1.0 : r;
}

static double hls_value(double m1, double m2, double hue) {
  hue = mod1(hue);
  if (hue < 1.0 / 6.0)
    return m1 + (m2 - m1) * hue * 6.0;
  if (hue < 0.5)
    return m2;
  if (hue < 2.0 / 3.0)
    return m1 + (m2 - m1) * (2.0 / 3.0 - hue) * 6.0;
  return m1;
}

/* A colour as matplotlib holds one: three fractions. */
typedef struct {
  double c[3];
} Rgb;

static Rgb rgb_of(uint32_t c) {
  return (Rgb){{(c >> 16 & 255) / 255.0, (c >> 8 & 255) / 255.0, (c & 255) / 255.0}};
}

/* matplotlib's to_hex: each channel rounded half to even. */
static uint32_t hex_of(Rgb v) {
  uint32_t rgb = 0;
  for (int k = 0; k < 3; k++)
    rgb = rgb << 8 | (uint32_t)nearbyint(v.c[k] * 255);
  return rgb;
}

/* colorsys.hls_to_rgb. */
static Rgb from_hls(double h, double l, double s) {
  double m2 = l <= 0.5 ? l * (1.0 + s) : l + s - l * s, m1 = 2.0 * l - m2;
  if (s == 0.0)
    return (Rgb){{l, l, l}};
  return (Rgb){{hls_value(m1, m2, h + 1.0 / 3.0), hls_value(m1, m2, h),
                hls_value(m1, m2, h - 1.0 / 3.0)}};
}

/* colorsys.rgb_to_hls: the lightness, *h and *s. */
static double to_hls(Rgb v, double *h, double *s) {
  double r = v.c[0], g = v.c[1], b = v.c[2];
  double hi = fmax(r, fmax(g, b)), lo = fmin(r, fmin(g, b)), sum = hi + lo, range = hi - lo;
  double l = sum / 2.0;
  *h = *s = 0.0;
  if (hi == lo)
    return l;
  *s = l <= 0.5 ? range / sum : range / (2.0 - sum);
  double rc = (hi - r) / range, gc = (hi - g) / range, bc = (hi - b) / range;
  *h = mod1((r == hi ? bc - gc : g == hi ? 2.0 + rc - bc : 4.0 + gc - rc) / 6.0);
  return l;
}

/* A palette by name: n colours into out; false raised. */
/* n colours of the colour cycle, in turn: seaborn's current palette. */
static bool cycle(Interp *I, int64_t n, Rgb *out) {
  uint32_t c[FMT_MAX_CYCLE];
  int m = pl_rc_cycle(I, c);
  for (int64_t i = 0; m > 0 && i < n; i++)
    out[i] = rgb_of(c[i % m]);
  return m > 0;
}

static bool named(Interp *I, const char *name, int64_t n, Rgb *out) {
  for (size_t k = 0; k < sizeof palettes / sizeof *palettes; k++)
    if (strcmp(palettes[k].name, name) == 0) {
      for (int64_t i = 0; i < n; i++)
        out[i] = rgb_of(palettes[k].colors[i % palettes[k].n]);
      return true;
    }
  if (strcmp(name, "hls") == 0) {   /* hues evenly spaced from 0.01, l 0.6, s 0.65 */
    for (int64_t i = 0; i < n; i++)
      out[i] = from_hls(mod1((double)i * (1.0 / (double)n) + 0.01), 0.6, 0.65);
    return true;
  }
  int cmap = fmt_cmap_find(name);
  if (cmap < 0)
    return fe_throw(I, EXC_ValueError, "'%s' is not a valid palette name (nnc draws seaborn's "
                    "own, matplotlib's qualitative ones, 'hls' and the colormaps it has)",
                    name), false;
  for (int64_t i = 0; i < n; i++)   /* np.linspace(0, 1, n + 2)[1:-1] */
    out[i] = rgb_of(fmt_cmap_color(cmap, (double)(i + 1) / (double)(n + 1), 0, 1));
  return true;
}

/* A colour argument into *out; false raised. */
static bool color_arg(Interp *I, Obj *v, Rgb *out) {
  uint32_t c;
  if (!pl_color(I, v, &c))
    return false;
  *out = rgb_of(c);
  return true;
}

/* palette= for the n levels named in names (strs): a name, a list of colours or a dict. */
static bool from_palette(Interp *I, Obj *palette, Obj *names, int64_t n, Rgb *out) {
  if (FE_ISA(I, palette, str))
    return named(I, FE_STR(palette)->s, n, out);
  if (FE_ISA(I, palette, dict)) {
    for (int64_t i = 0; i < n; i++) {
      int64_t pos = 0;
      Obj *key, *v, *found = NULL;
      while (!found && fe_dict_next(palette, &pos, &key, &v)) {
        Obj *text = fe_str(I, key);
        if (!text)
          return false;
        found = strcmp(FE_STR(text)->s, FE_STR(FE_LIST(names)->v[i])->s) == 0 ? v : NULL;
        fe_decref(I, text);
      }
      if (!found)
        return fe_throw(I, EXC_KeyError, "the palette has no colour for '%s'",
                        FE_STR(FE_LIST(names)->v[i])->s), false;
      if (!color_arg(I, found, &out[i]))
        return false;
    }
    return true;
  }
  Obj *const *v;
  int64_t k;
  if (!fe_seq_items(I, palette, &v, &k) || k == 0)
    return I->exc_pending ? false : (fe_throw(I, EXC_ValueError, "a palette of no colours"),
                                     false);
  for (int64_t i = 0; i < n; i++)
    if (!color_arg(I, v[i % k], &out[i]))
      return false;
  return true;
}

uint32_t *pl_seaborn_level_colors(Interp *I, Obj *color, Obj *palette, Obj *names, bool hue,
                                  double saturation, uint32_t *grey) {
  int64_t n = FE_LIST(names)->n;
  Rgb *rgb = base_calloc((size_t)n + 1, sizeof *rgb);
  uint32_t *out = rgb ? base_calloc((size_t)n + 1, sizeof *out) : NULL;
  bool ok = out || (fe_nomem(I), false);
  if (ok && palette != &I->none)
    ok = from_palette(I, palette, names, n, rgb);
  else if (ok && color != &I->none && hue)
    ok = (fe_throw(I, EXC_NotImplementedError, "color= with hue= (seaborn's light palette of "
                   "the colour) is not supported by nnc yet: give palette="), false);
  else if (ok && color != &I->none)
    for (int64_t i = 0; ok && i < n; i++)
      ok = color_arg(I, color, &rgb[i]);
  else if (ok)
    ok = cycle(I, n, rgb);
  double least = 1;
  for (int64_t i = 0; ok && i < n; i++) {   /* seaborn's desaturate: HLS saturation scaled */
    double h, s, l = to_hls(rgb[i], &h, &s);
    Rgb d = saturation < 1 ? from_hls(h, l, s * saturation) : rgb[i];
    out[i] = hex_of(d);
    least = fmin(least, to_hls(d, &h, &s));
  }
  if (grey)   /* the lines' grey: 0.6 of the least lightness */
    *grey = hex_of((Rgb){{least * 0.6, least * 0.6, least * 0.6}});
  base_free(rgb);
  if (!ok)
    base_free(out), out = NULL;
  return out;
}

/* How many colours color_palette(palette) gives without n_colors: a named qualitative
 * palette's own, a list's length, the colour cycle's, else 6. */
static int64_t palette_length(Interp *I, Obj *palette) {
  if (palette == &I->none) {
    uint32_t c[FMT_MAX_CYCLE];
    return pl_rc_cycle(I, c);
  }
  if (FE_ISA(I, palette, str)) {
    for (size_t k = 0; k < sizeof palettes / sizeof *palettes; k++)
      if (strcmp(palettes[k].name, FE_STR(palette)->s) == 0)
        return palettes[k].n;
    return 6;
  }
  Obj *const *v;
  int64_t n;
  return fe_seq_items(I, palette, &v, &n) ? n : 0;
}

int pl_seaborn_palette(Interp *I, Obj *palette, int64_t n, uint32_t *out) {
  if (n <= 0 && (n = palette_length(I, palette)) <= 0)
    return I->exc_pending ? 0 : (fe_throw(I, EXC_ValueError, "a palette of no colours"), 0);
  n = n < FMT_MAX_CYCLE ? n : FMT_MAX_CYCLE;
  Rgb rgb[FMT_MAX_CYCLE];
  bool ok = palette == &I->none ? cycle(I, n, rgb)
            : FE_ISA(I, palette, dict)
                ? (fe_throw(I, EXC_TypeError, "a palette to set is a name or a list"), false)
                : from_palette(I, palette, NULL, n, rgb);
  for (int64_t i = 0; ok && i < n; i++)
    out[i] = hex_of(rgb[i]);
  return ok ? (int)n : 0;
}
