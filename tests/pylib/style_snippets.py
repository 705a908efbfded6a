# Figures drawn in a style: rcParams set one by one, with update() and rc(), matplotlib's
# style sheets, and seaborn's themes. test_pyplot.c runs each part through nnc and through
# CPython with Debian's matplotlib, and compares what style_describe.py says of each: the
# colours, line widths and font sizes of the face, spines, grid, ticks, title, labels, lines
# and legend. Each part starts with its header.
# ---- default
import matplotlib.pyplot as plt
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.plot([1, 2, 3], [1, 3, 2], label='b')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- rcparams_one_by_one
import matplotlib.pyplot as plt
plt.rcParams['font.size'] = 14
plt.rcParams['axes.grid'] = True
plt.rcParams['axes.spines.top'] = False
plt.rcParams['axes.spines.right'] = False
plt.rcParams['lines.linewidth'] = 3
plt.rcParams['grid.linestyle'] = '--'
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- rcparams_update_and_rc
import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler
mpl.rcParams.update({'axes.facecolor': '#f0f0ff', 'axes.edgecolor': 'gray',
                     'axes.linewidth': 2, 'xtick.direction': 'in', 'ytick.direction': 'inout',
                     'xtick.major.size': 6, 'axes.titlesize': 'x-large',
                     'axes.labelcolor': 'darkred', 'legend.frameon': False,
                     'axes.prop_cycle': cycler(color=['#8b0000', 'teal'])})
plt.rc('axes', grid=True)
plt.rc('grid', color='0.5', linestyle=':', linewidth=0.5)
plt.rc(('xtick', 'ytick'), labelsize=8, color='navy')
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.plot([1, 2, 3], [1, 3, 2], label='b')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- style_ggplot
import matplotlib.pyplot as plt
plt.style.use('ggplot')
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- style_fivethirtyeight
import matplotlib.pyplot as plt
plt.style.use('fivethirtyeight')
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.plot([1, 2, 3], [1, 3, 2], label='b')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- style_dark_background_then_bmh_axes
import matplotlib.pyplot as plt
plt.style.use(['dark_background', 'bmh'])
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- style_seaborn_whitegrid_old_name
import warnings
import matplotlib.pyplot as plt
warnings.filterwarnings('ignore')   # matplotlib 3.6's deprecation of the name (test_modules.c)
plt.style.use('seaborn-whitegrid')
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- style_classic
import matplotlib.pyplot as plt
plt.style.use('classic')
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.plot([1, 2, 3], [1, 3, 2], label='b')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- style_context_then_default
import matplotlib.pyplot as plt
with plt.style.context('Solarize_Light2'):
    plt.figure()
    plt.plot([1, 2, 3], [2, 1, 3])
plt.figure()
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- seaborn_set
import matplotlib.pyplot as plt
import seaborn as sns
sns.set()
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.plot([1, 2, 3], [1, 3, 2], 'r', label='b')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- seaborn_theme_whitegrid_talk
import matplotlib.pyplot as plt
import seaborn as sns
sns.set_theme(style='whitegrid', context='talk', palette='muted', font_scale=0.9)
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.plot([1, 2, 3], [1, 3, 2], 'g', label='b')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- seaborn_ticks_despined
import matplotlib.pyplot as plt
import seaborn as sns
sns.set_style('ticks')
sns.set_context('paper', rc={'lines.linewidth': 2.5})
sns.set_palette('Set2')
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.title('T')
plt.xlabel('x')
plt.legend()
sns.despine()
# ---- seaborn_axes_style_block
import matplotlib.pyplot as plt
import seaborn as sns
with sns.axes_style('dark'):
    plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.title('T')
plt.xlabel('x')
plt.legend()
# ---- seaborn_set_bars_and_histplot
import matplotlib.pyplot as plt
import seaborn as sns
sns.set_theme()
fig, axes = plt.subplots(1, 2)
axes[0].bar(['a', 'b'], [3, 1])
sns.histplot(x=[1, 2, 2, 3, 3, 3], ax=axes[1])
# ---- histplot_default_edges
import matplotlib.pyplot as plt
import seaborn as sns
sns.histplot(x=[1, 2, 2, 3, 3, 3])
# ---- grid_of_one_axis_styled
import matplotlib.pyplot as plt
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.grid(axis='y', alpha=0.5, color='green', linestyle='--', linewidth=2)
plt.title('T')
# ---- grid_toggled_per_axis
import matplotlib.pyplot as plt
plt.plot([1, 2, 3], [2, 1, 3], label='a')
plt.grid(True)
plt.grid(False, axis='x')
plt.title('T')
# ---- tick_params
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot([1, 2, 3], [2, 1, 3], label='a')
ax.tick_params(axis='x', labelsize=14, labelcolor='red', direction='in', length=8, width=2)
plt.tick_params(axis='y', colors='blue', left=False, pad=10)
ax.tick_params(grid_color='gray', grid_alpha=0.5, grid_linestyle=':')
ax.grid(True)
ax.set_title('T')
# ---- seaborn_context_block_then_reset
import matplotlib.pyplot as plt
import seaborn as sns
sns.set_theme(style='white')
sns.reset_defaults()
with sns.plotting_context('poster'):
    plt.plot([1, 2, 3], [2, 1, 3], 'C1--', label='a')
    plt.title('T')
    plt.xlabel('x')
    plt.legend()
