# Figures whose subplot parameters tutorials change: tight_layout, layout='tight' and
# subplots_adjust. test_pyplot.c runs each part through nnc (then savefig) and through CPython
# with Debian's matplotlib (then a draw, which applies a layout engine), and compares where
# each axes lies, in pixels, within a pixel and a half: nnc measures text by DejaVu Sans'
# advance widths, matplotlib by the rendered glyphs. Each part starts with its header.
# ---- tight_long_tick_labels
import matplotlib.pyplot as plt
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
axes[0].plot([1, 2, 3], [0.693, 0.41, 0.2551])
axes[0].set_title('Training loss over the epochs')
axes[0].set_xlabel('epoch')
axes[0].set_ylabel('loss')
axes[1].barh(['petal length (cm)', 'sepal width (cm)', 'x'], [3, 1, 2])
axes[1].set_title('Feature importances')
plt.tight_layout()
# ---- tight_grid_with_suptitle
import matplotlib.pyplot as plt
fig, axes = plt.subplots(2, 2, figsize=(8, 6))
for i, ax in enumerate(axes.flat):
    ax.plot([0, 1, 2], [10, 250, 40])
    ax.set_title('Panel %d' % i)
    ax.set_xlabel('time (s)')
    ax.set_ylabel('value')
fig.suptitle('Four panels')
plt.tight_layout()
# ---- tight_mixed_grids_pads_and_rect
import matplotlib.pyplot as plt
plt.figure(figsize=(7, 4))
plt.subplot(2, 1, 1)
plt.plot([1, 2, 3], [3, 1, 2])
plt.ylabel('loss')
plt.subplot(2, 2, 3)
plt.plot([1, 2], [1, 2])
plt.xlabel('epoch')
plt.subplot(2, 2, 4)
plt.plot([1, 2], [2, 1])
plt.xlabel('epoch')
plt.tight_layout(pad=2.0, h_pad=0.5, rect=[0, 0, 1, 0.95])
# ---- layout_tight_at_drawing
import matplotlib.pyplot as plt
fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.5), layout='tight')
a.bar(['first class', 'second class', 'third class'], [5, 7, 3])
a.set_ylabel('passengers')
b.scatter([1, 2, 3], [0.001, 0.002, 0.0015])
b.set_title('tiny values')
# ---- tight_rotated_labels
import matplotlib.pyplot as plt
plt.figure(figsize=(6, 4), tight_layout=True)
plt.plot([0, 1, 2, 3], [5, 3, 4, 1])
plt.xticks([0, 1, 2, 3], ['January', 'February', 'March', 'April'], rotation=30)
plt.title('Monthly sales')
# ---- subplots_adjust
import matplotlib.pyplot as plt
fig = plt.figure(figsize=(6, 4))
ax = fig.add_subplot(121)
ax.plot([1, 2, 3], [1, 4, 9])
fig.add_subplot(122).plot([1, 2], [2, 1])
fig.subplots_adjust(left=0.2, bottom=0.25, right=0.95, wspace=0.5)
plt.subplots_adjust(top=0.8)
# ---- frame_hist_gaps
import pandas as pd
import matplotlib.pyplot as plt
df = pd.DataFrame({'age': [22, 38, 26, 35, 35, 54, 2, 27],
                   'fare': [7.25, 71.3, 7.9, 53.1, 8.05, 51.9, 21.1, 11.1],
                   'sibsp': [1, 1, 0, 1, 0, 0, 3, 0]})
df.hist(figsize=(8, 6))
# ---- tight_labels_ending_at_their_ticks
import matplotlib.pyplot as plt
fig, (a, b) = plt.subplots(1, 2, figsize=(9, 4))
for ax in (a, b):
    ax.plot([0, 1, 2, 3], [5, 3, 4, 1])
    ax.set_xticks([0, 1, 2, 3])
a.set_xticklabels(['January 2024 (start)', 'February', 'March', 'Apr'], rotation=45,
                  ha='right')
b.set_xticklabels(['Jan', 'February', 'March', 'April'], rotation=90)
b.set_xlabel('month')
plt.tight_layout()
# ---- tight_legend_outside
# a legend put beside the axes with bbox_to_anchor: tight_layout makes room for it
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot([0, 1, 2], [3, 1, 2], label='training loss')
ax.plot([0, 1, 2], [3.5, 2, 2.5], label='validation loss')
ax.legend(bbox_to_anchor=(1.05, 1), loc='upper left')
ax.set_xlabel('epoch')
plt.tight_layout()
# ---- pair_grid
# seaborn's pairplot: a shared grid, tight_layout inside the part left of the figure legend
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'sepal length': [5.1, 4.9, 6.3, 5.8, 7.1, 6.5, 5.0, 6.7],
                   'petal width': [0.2, 0.2, 1.8, 1.9, 2.1, 1.5, 0.3, 1.4],
                   'class': ['setosa', 'setosa', 'virginica', 'virginica', 'virginica',
                             'versicolor', 'setosa', 'versicolor']})
sns.pairplot(df, hue='class')
# ---- pair_grid_tight_pad
# the grid's own tight_layout(pad=) inside the part left of the figure legend
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'sepal length': [5.1, 4.9, 6.3, 5.8, 7.1, 6.5, 5.0, 6.7],
                   'petal width': [0.2, 0.2, 1.8, 1.9, 2.1, 1.5, 0.3, 1.4],
                   'class': ['setosa', 'setosa', 'virginica', 'virginica', 'virginica',
                             'versicolor', 'setosa', 'versicolor']})
g = sns.pairplot(df, hue='class', height=2, aspect=1.5)
g.tight_layout(pad=2)
# ---- equal_aspect_boxes
# set_aspect('equal') and axes(aspect='equal') shrink the box about its centre
import matplotlib.pyplot as plt
fig, (a1, a2) = plt.subplots(1, 2)
a1.plot([0, 1], [0, 5])
a1.set_aspect('equal')
a2.scatter([0, 3], [1, 2])
a2.axis('scaled')
# ---- pair_grid_corner
# corner=True: the axes above the diagonal removed, the diagonal's y axes hidden
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'sepal length': [5.1, 4.9, 6.3, 5.8, 7.1, 6.5, 5.0, 6.7],
                   'petal width': [0.2, 0.2, 1.8, 1.9, 2.1, 1.5, 0.3, 1.4],
                   'class': ['setosa', 'setosa', 'virginica', 'virginica', 'virginica',
                             'versicolor', 'setosa', 'versicolor']})
sns.pairplot(df, hue='class', corner=True)
# ---- facet_grid
# seaborn's FacetGrid by row and column: titled cells, shared axes, tight after map
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'Age': [22.0, 38.0, 26.0, 35.0, 54.0, 2.0, 27.0, 14.0, 4.0, 58.0, 20.0, 39.0],
                   'Survived': [0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0],
                   'Pclass': [3, 1, 3, 1, 1, 3, 3, 2, 3, 1, 3, 2]})
g = sns.FacetGrid(df, col='Survived', row='Pclass', height=2.2, aspect=1.6)
g.map(plt.hist, 'Age', alpha=.5, bins=5)
# ---- tight_in_fivethirtyeight
import matplotlib.pyplot as plt
plt.style.use('fivethirtyeight')
fig, axes = plt.subplots(1, 2, figsize=(9, 4))
axes[0].plot([1, 2, 3], [0.693, 0.41, 0.2551])
axes[0].set_title('Training loss')
axes[0].set_xlabel('epoch')
axes[0].set_ylabel('loss')
axes[1].bar(['a', 'b'], [3, 1])
plt.tight_layout()
# ---- subplot_params_and_fonts_from_rcparams
import matplotlib.pyplot as plt
plt.rcParams.update({'font.size': 14, 'figure.subplot.left': 0.2, 'xtick.major.pad': 8,
                     'figure.figsize': (7, 4)})
plt.plot([1, 2, 3], [10, 200, 30])
plt.title('Big')
plt.xlabel('time')
plt.savefig('plain.svg', bbox_inches='tight')
# ---- tight_twinx_labels_right
import matplotlib.pyplot as plt
fig, ax1 = plt.subplots(figsize=(6, 4))
ax1.plot([1, 2, 3, 4], [0.9, 0.5, 0.42, 0.4], 'b-')
ax1.set_xlabel('epoch')
ax1.set_ylabel('loss', color='b', fontsize=12)
ax2 = ax1.twinx()
ax2.plot([1, 2, 3, 4], [61000, 75000, 83000, 86000], 'r-')
ax2.set_ylabel('samples per second', color='r')
fig.tight_layout()
# ---- tight_pie_labels_outside
import matplotlib.pyplot as plt
plt.figure(figsize=(4, 3))
plt.pie([5, 1, 1], labels=['a rather long label', 'b', 'c'], startangle=0)
plt.title('Shares')
plt.tight_layout()
# ---- tight_twinx_without_label
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(5, 3))
ax.bar(['a', 'b', 'c'], [3, 5, 2])
ax.twinx().plot([0, 1, 2], [1500, 2500, 40000], 'k.-')
plt.tight_layout()
# ---- tight_big_tick_labels_and_suptitle
import matplotlib.pyplot as plt
plt.plot([0, 1000, 2000], [0.1, 0.5, 0.9])
plt.xticks(fontsize=14, rotation=45)
plt.yticks(fontsize='large')
plt.suptitle('Training', fontsize=20)
plt.tight_layout()
# ---- log_axes_tight
# a log y axis labelled at its minor ticks (wide "4×10⁻¹" labels) and a log x axis with
# superscripts under it, laid out by tight_layout
import numpy as np
import matplotlib.pyplot as plt
fig, (a, b) = plt.subplots(1, 2, figsize=(8, 3))
a.semilogy(np.arange(1, 11), 0.4 * np.exp(-np.arange(10) / 8) + 0.05)
a.set_ylabel('loss')
b.semilogx([1e-5, 1e-3, 1e-1], [3, 2, 1])
b.set_xlabel('learning rate')
plt.tight_layout()
