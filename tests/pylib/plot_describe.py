# Appended to each part of plot_snippets.py under CPython: describes what the current figure
# drew, as test_pyplot.c describes nnc's SVG. Lines, then bars, then filled areas, then
# polygons (wedges), then a colorbar's colormap,
# then scatters (and the colours of points not mapped through a colormap), then images (and
# seaborn's heatmap meshes), then texts.
import matplotlib.pyplot as _plt
from math import isfinite as _isfinite
from matplotlib.container import BarContainer as _Bars
from matplotlib.colors import to_hex as _hex
from matplotlib.collections import PathCollection as _Points, QuadMesh as _Mesh
from matplotlib.ticker import FuncFormatter as _Labels, FixedFormatter as _Fixed
from matplotlib.ticker import ScalarFormatter as _Scalar
from matplotlib.category import StrCategoryFormatter as _Categories

def _g(v):
    return '%.6g' % (float(v) + 0.0)

def _vals(vs):
    return ' '.join(_g(v) for v in vs)

_plt.gcf().canvas.draw()  # what is drawn: an equal aspect adjusts the limits only here
for _ax in _plt.gcf().axes:
    if not _ax.get_visible():
        continue  # pandas' hist hides the grid's places past its last column; nnc makes none
    _lims = [_ax.get_xlim(), _ax.get_ylim()]
    print('axes xlim', _vals(_lims[0]), 'ylim', _vals(_lims[1]))
    for _k, _t in enumerate([_ax.get_xticks(), _ax.get_yticks()]):
        _axis = [_ax.xaxis, _ax.yaxis][_k]
        _to = _axis.get_transform().transform  # in view: compared on the axis' scale
        _lo, _hi = sorted(_to(list(_lims[_k])))
        _eps = (_hi - _lo) * 1e-10
        _shown = [t for t in _t if _lo - _eps <= _to([t])[0] <= _hi + _eps]
        print('ticks', _vals(_shown))
        if _axis.get_scale() == 'log':  # its base, minor ticks, and every label in mathtext
            _minor = [t for t in _axis.get_minorticklocs()
                      if _lo - _eps <= _to([t])[0] <= _hi + _eps]
            _labels = []
            for _locs, _lf in ((_shown, _axis.get_major_formatter()),
                               (_minor, _axis.get_minor_formatter())):
                _lf.set_locs(_locs)
                _labels += [_lf(t).replace('$\\mathdefault{', '')[:-2] or '' for t in _locs]
            print('log', _g(_axis.get_transform().base), 'minor', _vals(_minor), '|',
                  '|'.join(_labels))
        elif [t for t in _axis.get_minorticklocs() if _lo - _eps <= t <= _hi + _eps]:
            print('minor', _vals(t for t in _axis.get_minorticklocs()
                                 if _lo - _eps <= t <= _hi + _eps))  # minorticks_on's
        _f = _axis.get_major_formatter()
        if isinstance(_f, (_Labels, _Categories, _Fixed)) and len(_t):  # set_xticklabels, boxplot's
            print('ticklabels', '|'.join(str(_f(t, i)) for i, t in enumerate(_t)))
        if isinstance(_f, _Scalar) and len(_t):  # an offset or a power of ten taken out
            _lab = _f.format_ticks(list(_t))
            if _f.get_offset():
                print('offset', _f.get_offset(), '|',
                      '|'.join(l for t, l in zip(_t, _lab) if _lo - _eps <= t <= _hi + _eps))
    if getattr(_ax, '_colorbar', None) is None and (_ax.get_xlabel() or _ax.get_ylabel()):
        print('labels', _ax.get_xlabel(), '|', _ax.get_ylabel())
    _named = {id(c.lines[0]): c.get_label() for c in _ax.containers  # errorbar's line: its
              if type(c).__name__ == 'ErrorbarContainer' and c.lines[0]}  # container's label
    for _l in _ax.lines:  # x | y | label | colour | dash pattern in points
        _dashes = _l._dash_pattern[1] if _l.get_linestyle() not in ('None', '') else None
        _label = _named.get(id(_l), _l.get_label())
        _paint = []  # alpha, the marker, and its face, edge and width when it is outlined
        if _l.get_alpha() is not None and _l.get_alpha() < 1:
            _paint += ['| alpha', _g(_l.get_alpha())]
        _mfc = _l.get_markerfacecolor()
        _face = 'none' if str(_mfc) == 'none' else _hex(_mfc)
        if _l.get_marker() not in ('None', '', ' ', None):
            _paint += ['| marker', _l.get_marker()]
            if (_face, _hex(_l.get_markeredgecolor()), _l.get_markeredgewidth()) != (
                    _hex(_l.get_color()), _hex(_l.get_color()), 1):
                _paint += ['| paint', _face, _hex(_l.get_markeredgecolor()),
                           _g(_l.get_markeredgewidth())]
        print('line', _vals(_l.get_xdata()), '|', _vals(_l.get_ydata()), '|',
              '' if _label.startswith('_') else _label, '|',
              _hex(_l.get_color()), '|', _vals(_dashes or []), *_paint)
    for _h in (False, True):  # bar's, then barh's: across | along | thickness | base | fills
        for _c in _ax.containers:
            if not isinstance(_c, _Bars) or (_c.orientation == 'horizontal') != _h:
                continue
            _r = list(_c)
            _d = [p for p in _r if _isfinite(p.get_height())]  # the bars drawn, for their outline
            _across = [(p.get_y() + p.get_height() / 2) if _h else (p.get_x() + p.get_width() / 2) for p in _r]
            _along = [p.get_width() if _h else p.get_height() for p in _r]
            _thick = [p.get_height() if _h else p.get_width() for p in _r]
            _base = [p.get_x() if _h else p.get_y() for p in _r]
            print('barh' if _h else 'bar', _vals(_across), '|', _vals(_along), '|', _vals(_thick),
                  '|', _vals(_base), '|', ' '.join(_hex(p.get_facecolor()) for p in _r),
                  *(['| edge', _hex(_d[0].get_edgecolor())]
                    if _d and _d[0].get_linewidth() > 0 and _d[0].get_edgecolor()[3] > 0 else []))
    for _c in _ax.collections:  # fill_between's polygons: x | y1 | y2 | face alpha [| edge]
        if type(_c).__name__ != 'PolyCollection':
            continue
        _e = _c.get_edgecolor()
        _edged = len(_e) and _c.get_linewidth()[0] > 0
        _edge = ['| edge', _hex(_e[0]), _g(_e[0][3])] if _edged else []
        for _p in _c.get_paths():  # start, N points along y1, end, N back along y2, closing
            _v, _n = _p.vertices, (len(_p.vertices) - 3) // 2
            print('fill', _vals(_v[1:_n + 1, 0]), '|', _vals(_v[1:_n + 1, 1]), '|',
                  _vals(_v[_n + 2:2 * _n + 2, 1][::-1]), '|', _hex(_c.get_facecolor()[0]),
                  _g(_c.get_facecolor()[0][3]), *_edge)
    for _c in _ax.collections:  # hlines and vlines: their segments, each ended by nan
        if type(_c).__name__ != 'LineCollection':
            continue
        _s = _c.get_segments()
        if not len(_s):
            continue  # a colorbar's dividers
        _d = _c.get_linestyle()[0][1]
        print('line', ' '.join(_vals(list(p[:, 0]) + [float('nan')]) for p in _s), '|',
              ' '.join(_vals(list(p[:, 1]) + [float('nan')]) for p in _s), '|',
              '' if _c.get_label().startswith('_') else _c.get_label(), '|',
              _hex(_c.get_color()[0]), '|', _vals(_d or []))
    _bars = [p for c in _ax.containers if isinstance(c, _Bars) for p in c]
    for _p in sorted(_ax.patches, key=lambda p: p.get_zorder()):  # as drawn: box | area |
        if type(_p).__name__ not in ('Wedge', 'Shadow', 'Polygon', 'Circle', 'Rectangle'):
            continue  # label | face alpha [| edge]
        if any(_p is b for b in _bars):
            continue  # described above
        _shadow = type(_p).__name__ == 'Shadow'
        _s = _p.patch if _shadow else _p  # a shadow: its patch's path, moved
        _path = _s.get_path().transformed(_p._shadow_transform) if _shadow else _s.get_path()
        _e, _v = _path.get_extents(), _path.vertices
        if not len(_v):
            continue  # a colorbar's extensions, none
        if type(_s).__name__ == 'Wedge':  # its curve's own area
            _in = _s.r - _s.width if _s.width else 0
            _area = (_s.theta2 - _s.theta1) / 360 * 3.141592653589793 * (_s.r ** 2 - _in ** 2)
        elif type(_s).__name__ == 'Circle':
            _area = 3.141592653589793 * _s.radius ** 2
            _e = _s.get_path().get_extents(_s.get_patch_transform())
        elif type(_s).__name__ == 'Rectangle':  # its unit square, placed and turned
            _v = _s.get_patch_transform().transform(_v[:-1])
            _e = _s.get_path().get_extents(_s.get_patch_transform())
            _area = abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(_v, list(_v[1:]) + [_v[0]]))) / 2
        else:
            _area = abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(_v, list(_v[1:]) + [_v[0]]))) / 2
        _fc, _ec = _p.get_facecolor(), _p.get_edgecolor()
        _edge = ['| edge', _hex(_ec), _g(_ec[3])] if _p.get_linewidth() > 0 and _ec[3] > 0 else []
        _label = _p.get_label() or ''  # fill's unlabelled polygons: None
        print('polygon', ' '.join('%.3f' % (round(v, 3) + 0.0) for v in (_e.x0, _e.x1, _e.y0, _e.y1)),
              '|', '%.3f' % _area, '|', '' if _label.startswith('_') else _label, '|', _hex(_fc),
              _g(_fc[3]), *_edge)
    if getattr(_ax, '_colorbar', None) is not None:
        print('colorbar', _ax._colorbar.cmap.name, '|', _ax.get_ylabel())
    for _c in _ax.collections:
        if not isinstance(_c, _Points):
            continue  # a colorbar's colours and dividers
        _o = _c.get_offsets()
        _fc = [_hex(c) for c in _c.get_facecolors()] if len(_o) and _c.get_array() is None else []
        _fc = _fc[:1] if len(set(_fc)) == 1 else _fc  # the points' colours, one when all alike
        print('scatter', _vals(_o[:, 0]), '|', _vals(_o[:, 1]), *(['|'] + _fc if _fc else []))
    _meshes = [] if getattr(_ax, '_colorbar', None) else [c for c in _ax.collections if isinstance(c, _Mesh)]
    for _i in _ax.images + _meshes:
        _r, _c = _i.get_array().shape[:2] if _i in _ax.images else [n - 1 for n in _i._coordinates.shape[:2]]
        print('image', _r, _c, _i.get_cmap().name, _g(_i.norm.vmin), _g(_i.norm.vmax))
    for _t in _ax.texts:
        _w = _t.get_fontweight()  # | bold, in matplotlib's bold face (600 and up)
        _bold = (_w if isinstance(_w, int) else {'semibold': 600, 'demibold': 600, 'demi': 600,
                 'bold': 700, 'heavy': 800, 'extra bold': 800, 'black': 900}.get(_w, 400)) >= 600
        print('text', _g(_t.get_position()[0]), _g(_t.get_position()[1]), '|', _t.get_text(), '|',
              _hex(_t.get_color()), '%.3g' % _t.get_fontsize(), *(['| bold'] if _bold else []))
        if getattr(_t, 'arrow_patch', None):  # annotate's arrow: its point, outline, face
            _a = _t.arrow_patch  # and its box in fractions of the axes, to 2 decimals
            _box = _a.get_window_extent().transformed(_ax.transAxes.inverted())
            print('arrow', _vals(_t.xy), '|', _hex(_a.get_edgecolor()), '|',
                  _hex(_a.get_facecolor()) if _a.get_fill() and _t.arrowprops.get('arrowstyle') is None else 'none',
                  '|', ' '.join('%.2f' % (round(v, 2) + 0.0) for v in (_box.x0, _box.x1, _box.y0, _box.y1)))
    if _ax.get_legend():
        if _ax.get_legend().get_title().get_text():
            print('legend title', _ax.get_legend().get_title().get_text())
        _plain = [t.get_text() for t in _ax.get_legend().get_texts()]  # mathtext as shown
        print('legend', [t[14:-2] if t.startswith('$\\mathdefault{') and t.endswith('}$') else t
                         for t in _plain])
        _hs = getattr(_ax.get_legend(), 'legendHandles', None)  # each handle's colour
        print('legend colors', *[_hex(h.get_color() if hasattr(h, 'get_xdata') else
                                      (list(h.get_facecolor()) or list(h.get_edgecolor()))[0]
                                      if type(h).__name__.endswith('Collection') else
                                      h.get_facecolor()) for h in _hs])
        _lb, _ab = _ax.get_legend().get_window_extent(), _ax.get_window_extent()
        if _ax.get_legend().get_frame_on():  # where it lies: the third its centre is in
            _cx = ((_lb.x0 + _lb.x1) / 2 - _ab.x0) / _ab.width
            _cy = ((_lb.y0 + _lb.y1) / 2 - _ab.y0) / _ab.height
            print('legend at', ['lower', 'center', 'upper'][min(2, max(0, int(_cy * 3)))],
                  ['left', 'center', 'right'][min(2, max(0, int(_cx * 3)))])
for _l in _plt.gcf().legends:  # a figure's own legend (seaborn's grids)
    print('figure legend', _l.get_title().get_text(), [t.get_text() for t in _l.get_texts()])
