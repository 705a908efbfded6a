# What a figure's style is, in lines both sides can print (test_pyplot.c compares them):
# under CPython, appended to a part of style_snippets.py, it describes what matplotlib drew;
# given the path of nnc's SVG (python3 style_describe.py drawn.svg), what nnc drew. For the
# first axes: its face, spines, grid (colour, width, style, alpha), ticks (label size and colour, mark length and
# direction), title and x label (size, colour), lines' colours, the first bar's fill and
# outline, legend frame; and the
# figure's face. Sizes in points (as pixels at 100 dpi to a hundredth), colours as #rrggbb.
import sys


def _pt(v):
    return '%.2f' % (float(v) + 0.0)


def _mpt(v):   # points as nnc writes them: pixels at 100 dpi to a hundredth
    return _pt(round(float(v) * 100 / 72, 2) * 72 / 100)


def _from_matplotlib():
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex
    fig = plt.gcf()
    fig.canvas.draw()
    ax = fig.axes[0]
    out = ['figure ' + to_hex(fig.get_facecolor()), 'face ' + to_hex(ax.get_facecolor())]
    spines = [s + ' ' + to_hex(ax.spines[s].get_edgecolor()) + ' ' +
              _mpt(ax.spines[s].get_linewidth())
              for s in ('left', 'bottom', 'right', 'top')
              if ax.spines[s].get_visible() and ax.spines[s].get_linewidth() > 0]
    out.append('spines ' + ' | '.join(spines))
    grids = []
    for k, axis in (('x', ax.xaxis), ('y', ax.yaxis)):
        g = axis.get_major_ticks()[0].gridline
        if g.get_visible():
            grids.append('%s %s %s %s %g' % (k, to_hex(g.get_color()), _mpt(g.get_linewidth()),
                                             g.get_linestyle(), g.get_alpha() or 1))
    out.append('grid ' + (' | '.join(grids) or 'none'))
    for k, axis in (('x', ax.xaxis), ('y', ax.yaxis)):
        t = axis.get_major_ticks()[0]
        marks = ('%s %s' % (_mpt(t._size), t._tickdir) if t.tick1line.get_visible() and
                 t._size > 0 else 'none')
        out.append('%sticks %s %s marks %s' % (k, _mpt(t.label1.get_size()),
                                               to_hex(t.label1.get_color()), marks))
    if ax.get_title():
        out.append('title %s %s' % (_mpt(ax.title.get_size()), to_hex(ax.title.get_color())))
    if ax.get_xlabel():
        out.append('xlabel %s %s' % (_mpt(ax.xaxis.label.get_size()),
                                     to_hex(ax.xaxis.label.get_color())))
    out.append('lines ' + ' '.join(to_hex(l.get_color()) for l in ax.lines))
    if ax.patches:
        p = ax.patches[0]
        edge = p.get_linewidth() > 0 and p.get_edgecolor()[3] > 0
        out.append('bars %s %s' % (to_hex(p.get_facecolor()), '%s %s' % (
            to_hex(p.get_edgecolor()), _mpt(p.get_linewidth())) if edge else 'none'))
    leg = ax.get_legend()
    if leg is not None:
        f = leg.get_frame()
        out.append('legend ' + ('%s %s' % (to_hex(f.get_facecolor()), to_hex(f.get_edgecolor()))
                                if leg.get_frame_on() else 'noframe'))
    return out


def _from_svg(path):
    import xml.etree.ElementTree as ET
    px = 72 / 100
    root = ET.parse(path).getroot()
    kids = list(root)
    q = lambda e, c: [x for x in e.iter() if x.get('class') == c]
    ax = [g for g in kids if g.get('class') == 'axes' and 'data-colorbar' not in g.attrib][0]
    face = q(ax, 'patch')[0]
    x0, y0 = float(face.get('x')), float(face.get('y'))
    x1, y1 = x0 + float(face.get('width')), y0 + float(face.get('height'))
    out = ['figure ' + q(root, 'figure-patch')[0].get('fill'), 'face ' + face.get('fill')]
    spines = []
    for g in q(ax, 'spines'):
        shapes = list(g)
        sides = set()
        for s in shapes:
            if s.tag.endswith('rect'):
                sides |= {'left', 'bottom', 'right', 'top'}
                continue
            pts = [tuple(map(float, p.split(','))) for p in s.get('points').split()]
            for (ax_, ay), (bx, by) in zip(pts, pts[1:]):
                if ax_ == bx:
                    sides.add('left' if abs(ax_ - x0) < 0.1 else 'right')
                else:
                    sides.add('top' if abs(ay - y0) < 0.1 else 'bottom')
        for s in ('left', 'bottom', 'right', 'top'):
            if s in sides:
                spines.append('%s %s %s' % (s, g.get('stroke'),
                                            _pt(float(g.get('stroke-width')) * px)))
    out.append('spines ' + ' | '.join(spines))
    grids = []
    for g in q(ax, 'grid'):
        d = g.get('stroke-dasharray')
        style = '-' if d is None else {2: '--', 4: '-.'}[len(d.split())]
        if style == '--' and float(d.split()[0]) < 2 * float(d.split()[1]):
            style = ':'
        lines = list(g)
        for k in ('x', 'y'):
            if any((l.get('x1') == l.get('x2')) == (k == 'x') for l in lines):
                grids.append('%s %s %s %s %g' % (k, g.get('stroke'),
                                                 _pt(float(g.get('stroke-width')) * px), style,
                                                 float(g.get('stroke-opacity', 1))))
    out.append('grid ' + (' | '.join(grids) or 'none'))
    tick_groups = [g for g in ax if g.tag.endswith('g') and g.get('class') is None and
                   g.get('stroke') is not None]
    for k, g in zip('xy', tick_groups):
        text = [t for t in g if t.tag.endswith('text')][0]
        lines = [l for l in g if l.tag.endswith('line')]
        marks = 'none'
        if lines:
            l = lines[0]
            a, b = (float(l.get('y1')), float(l.get('y2'))) if k == 'x' else \
                (-float(l.get('x2')), -float(l.get('x1')))   # its end in the axes, then out
            edge = y1 if k == 'x' else -x0
            length = abs(b - a)
            way = 'inout' if a < edge - 0.01 and b > edge + 0.01 else \
                'out' if b > edge + 0.01 else 'in'
            marks = '%s %s' % (_pt(length * px), way) if length > 0 else 'none'
        out.append('%sticks %s %s marks %s' % (k, _pt(float(text.get('font-size')) * px),
                                               text.get('fill'), marks))
    texts = [t for t in ax if t.tag.endswith('text')]
    title = [t for t in texts if t.get('text-anchor') == 'middle' and 'transform' not in t.attrib
             and float(t.get('y')) < y0]
    if title:
        out.append('title %s %s' % (_pt(float(title[0].get('font-size')) * px),
                                    title[0].get('fill')))
    label = [t for t in texts if t.get('text-anchor') == 'middle' and
             'transform' not in t.attrib and float(t.get('y')) > y1]
    if 'data-xlabel' in ax.attrib and label:
        out.append('xlabel %s %s' % (_pt(float(label[0].get('font-size')) * px),
                                     label[0].get('fill')))
    out.append('lines ' + ' '.join(s.get('data-color') for s in q(ax, 'series')
                                   if s.get('data-kind') == 'line'))
    bars = [r for s in q(ax, 'series') if s.get('data-kind') in ('bar', 'barh') and
            'nan' not in s.get('data-x')   # seaborn's scout for the cycle's colour
            for r in s if r.tag.endswith('rect')]
    if bars:
        r = bars[0]
        out.append('bars %s %s' % (r.get('fill'), '%s %s' % (
            r.get('stroke'), _pt(float(r.get('stroke-width')) * px)) if r.get('stroke') else
            'none'))
    for leg in q(ax, 'legend'):
        frame = [r for r in leg if r.tag.endswith('rect') and r.get('rx')]
        out.append('legend ' + ('%s %s' % (frame[0].get('fill'), frame[0].get('stroke'))
                                if frame else 'noframe'))
    return out


print('\n'.join(_from_svg(sys.argv[1]) if len(sys.argv) > 1 else _from_matplotlib()))
