/* chart_style.c — matplotlib's default look as an FmtStyle: the rcParams of matplotlib 3.6
 * with no style sheet. pyplot (pylib/plt_rc.c) changes it as rcParams and style sheets
 * say; nnc run --plot draws with it as it is. */
#include "formats.h"

static const uint32_t tab10[10] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                                   0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};

uint32_t fmt_tab10(int i) {
  return tab10[((i % 10) + 10) % 10];
}

FmtStyle fmt_default_style(void) {
  FmtStyle s = {
      .figure_face = 0xffffff, .axes_face = 0xffffff, .edge = 0x000000, .edge_width = 0.8,
      .spines = {true, true, true, true},
      .text_color = 0, .label_color = {0, 0}, .title_color = 0, .tick_color = {0, 0}, .tick_label_color = {0, 0},
      .font_size = 10, .title_size = 12, .label_size = {10, 10}, .tick_label_size = {10, 10}, .legend_size = 10,
      .legend_title_size = 10, .suptitle_size = 12,
      .tick_size = {3.5, 3.5}, .tick_width = {0.8, 0.8}, .tick_pad = {3.5, 3.5},
      .minor_size = {2, 2}, .minor_width = {0.6, 0.6}, .minor_pad = {3.4, 3.4},
      .tick_dir = {'o', 'o'}, .tick_marks = {true, true},
      .grid = false, .grid_axis = 'b', .grid_z = 1, .grid_color = 0xb0b0b0, .grid_width = 0.8,
      .grid_alpha = 1, .grid_dash = FMT_SOLID,
      .legend_frame = true, .legend_face = 0xffffff, .legend_edge = 0xcccccc,
      .legend_alpha = 0.8, .line_width = 1.5, .marker_size = 6,
      .patch_edged = false, .patch_edge = 0x000000, .patch_width = 1,
      .ncycle = 10,
  };
  for (int i = 0; i < 10; i++)
    s.cycle[i] = tab10[i];
  s.cmap = fmt_cmap_find("viridis");
  return s;
}
