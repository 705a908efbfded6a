# Snippets of matplotlib.pyplot as tutorials use it. test_pyplot.c runs each part through nnc
# (then savefig) and through CPython with Debian's matplotlib, describes what each drew (axes
# limits, ticks in view, every line's points, bar heights, scatter points, images, legend
# labels, colorbars) in one text form, and the two must be the same. Each part starts with its
# header.
# ---- learning_curve
import matplotlib.pyplot as plt
loss = [0.69, 0.52, 0.41, 0.35, 0.31, 0.29, 0.27, 0.26, 0.25, 0.245]
val = [0.66, 0.50, 0.43, 0.39, 0.37, 0.36, 0.36, 0.35, 0.355, 0.36]
plt.plot(loss)
plt.plot(val)
plt.title('model loss')
plt.ylabel('loss')
plt.xlabel('epoch')
plt.legend(['train', 'test'], loc='upper right')
# ---- formats_and_limits
import numpy as np
import matplotlib.pyplot as plt
x = np.linspace(-3, 3, 13)
plt.plot(x, x ** 2, 'r--', label='square')
plt.plot(x, 2 * x + 1, 'bo', label='line')
plt.plot(x, -x, color='green', linestyle=':')
plt.xlim(-4, 4)
plt.ylim(bottom=-10)
plt.grid(True)
plt.legend()
# ---- scatter_two_classes
import numpy as np
import matplotlib.pyplot as plt
t = np.arange(40) * 0.3
X = np.stack([np.cos(t) * (1 + t % 2), np.sin(t) * (1 + t % 2)], axis=1)
y = (np.arange(40) % 2 == 1)
plt.scatter(X[y == 0, 0], X[y == 0, 1])
plt.scatter(X[y == 1, 0], X[y == 1, 1], label='outer')
plt.legend()
# ---- scatter_cmap
import numpy as np
import matplotlib.pyplot as plt
t = np.arange(30) * 0.5
plt.scatter(t, np.sin(t) * 100, c=t.astype(int) % 3, cmap=plt.cm.Spectral)
plt.title('Decision Boundary')
# ---- hist
import numpy as np
import matplotlib.pyplot as plt
data = np.sin(np.arange(200) * 0.37) * 3 + np.arange(200) % 7
n, bins, patches = plt.hist(data, bins=12)
print(n, bins.round(6))
n, bins, patches = plt.hist(data, bins=[-4, 0, 2, 5, 12], color='orange')
print(n, bins)
# ---- hist_default_bins_density
import numpy as np
import matplotlib.pyplot as plt
n, bins, patches = plt.hist(np.arange(50) ** 0.5, density=True, range=(0, 8))
print(n.round(6), bins)
# ---- bar_probabilities
import numpy as np
import matplotlib.pyplot as plt
p = np.array([0.01, 0.02, 0.05, 0.7, 0.1, 0.02, 0.03, 0.04, 0.02, 0.01])
bars = plt.bar(range(10), p, color="#777777")
plt.ylim([0, 1])
bars[3].set_color('red')
bars[-2].set_facecolor('tab:blue')
print(bars, len(bars), bars[3], sum(r.get_height() for r in bars) > 0.99)
print([r.get_facecolor() for r in bars[2:4]], [r.get_x() for r in bars][:3])
# ---- bar_edges_bottoms
import matplotlib.pyplot as plt
plt.bar([1, 2, 3], [3, -2, 5], width=0.5, bottom=1, align='edge', label='b')
plt.bar(['a', 'b', 'c'] and [5, 6, 7], 4)
# ---- imshow_digits
import numpy as np
import matplotlib.pyplot as plt
d = np.zeros((28, 28), dtype=np.uint8)
d[5:23, 12:16] = 255
d[5:8, 9:13] = 150
plt.figure(figsize=(10, 4))
plt.subplot(1, 2, 1)
plt.imshow(d, cmap='gray')
plt.title('gray')
plt.subplot(1, 2, 2)
plt.imshow(d / 255.0, cmap=plt.cm.binary, vmin=0, vmax=2)
plt.xticks([])
plt.yticks([])
plt.grid(False)
# ---- subplots_axes
import numpy as np
import matplotlib.pyplot as plt
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6, 8))
ax1.plot([1, 2, 3, 4], [10, 2000, 30, 400])
ax1.set_title('mae')
ax2.plot(np.arange(5) * 0.001, [0.5, 0.25, 0.125, 0.0625, 0.03125])
ax2.set_xlabel('lr')
ax2.set_ylim(0, 0.6)
# ---- negative_and_single
import matplotlib.pyplot as plt
plt.subplot(211)
plt.plot([-3.5, -120.25, 7])
plt.subplot(212)
plt.plot([2.0])
# ---- dataframe_history_plot
import pandas as pd
import matplotlib.pyplot as plt
history = {'loss': [0.9, 0.6, 0.45, 0.4], 'accuracy': [0.55, 0.7, 0.8, 0.83],
           'val_loss': [0.8, 0.65, 0.6, 0.62], 'val_accuracy': [0.6, 0.68, 0.74, 0.73]}
pd.DataFrame(history).plot(figsize=(8, 5))
plt.grid(True)
plt.gca().set_ylim(0, 1)
# ---- colorbar_image
import numpy as np
import matplotlib.pyplot as plt
d = (np.arange(28 * 28).reshape(28, 28) * 7) % 251
im = plt.imshow(d, cmap='gray')
plt.colorbar(im, label='intensity')
plt.title('digit')
# ---- colorbar_unmapped_and_missing
import matplotlib.pyplot as plt
plt.plot([1, 2])
try:
    plt.colorbar()
except RuntimeError as e:
    print(e)
plt.figure()
plt.scatter([1, 2], [3, 4])
plt.colorbar()
# ---- colorbar_scatter_and_scale
import numpy as np
import matplotlib.pyplot as plt
t = np.arange(30) * 0.5
plt.figure(figsize=(8, 3))
plt.subplot(1, 2, 1)
plt.scatter(t, np.sin(t) * 100, c=t, cmap=plt.cm.Spectral)
plt.colorbar()
plt.subplot(1, 2, 2)
plt.imshow(np.eye(3) * 0.7, vmin=0, vmax=2)
plt.colorbar()
# ---- colorbar_object
import numpy as np
import matplotlib.pyplot as plt
d = np.arange(12).reshape(3, 4)
plt.imshow(d)
plt.colorbar().set_label('first figure')
fig, ax = plt.subplots(figsize=(5, 4))
im = ax.imshow(d, cmap='gray')
cb = fig.colorbar(im, ax=ax)
print(type(cb).__name__, type(im).__name__, cb.set_label('counts'))
# ---- subplots_grid
import matplotlib.pyplot as plt
fig, (a1, a2) = plt.subplots(1, 2)
a2.plot([3, 1])
print(plt.subplots(3, 1)[1].shape, plt.subplots(1, 3)[1][2] is not None)
fig, axes = plt.subplots(2, 2, figsize=(8, 6))
axes[0, 0].plot([1, 2, 3])
n, bins, patches = axes[1][1].hist([1, 2, 2, 3])
axes[0, 1].bar([0, 1], [3, 4])
for ax in axes.flat:
    ax.grid(True)
for row in axes:
    row[0].set_title('left')
print(axes.shape, len(axes.ravel()), axes.ndim, axes.size)
print(plt.gca() is plt.gca(), axes[0, 0] is plt.subplot(2, 2, 1), plt.gca() is axes[0, 0])
# ---- text_and_tick_labels
import numpy as np
import matplotlib.pyplot as plt
cm = np.array([[50, 3], [7, 40]])
fig, ax = plt.subplots()
ax.imshow(cm, cmap='Blues')
for i in range(2):
    for j in range(2):
        ax.text(j, i, cm[i, j], ha='center', va='center', color='white' if cm[i, j] > 25 else 'black')
ax.set_xticks([0, 1])
ax.set_xticklabels(['cat', 'dog'])
ax.set_yticks([0, 1], labels=['cat', 'dog'])
# ---- text_and_rotated_ticks
import matplotlib.pyplot as plt
plt.plot([0, 1, 2], [1, 3, 2])
plt.text(1, 3, 'peak', fontsize=12, color='C1')
plt.text(0.2, 1.5, 'start', fontsize='small', rotation=30)
plt.xticks([0, 1, 2], ['a', 'b', 'c'], rotation=45)
plt.yticks([1, 2, 3])
# ---- seaborn_heatmap_confusion
import numpy as np
import matplotlib.pyplot as plt
import seaborn as sns
cm = np.array([[12, 1, 0], [2, 9, 3], [0, 1, 14]])
print(sns.heatmap(cm, annot=True, fmt='d', cmap='Blues', xticklabels=['a', 'b', 'c'], yticklabels=['a', 'b', 'c']) is not None)
plt.xlabel('Predicted')
# ---- seaborn_heatmap_corr
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
df = pd.DataFrame({'x': [1.0, 2.0, 3.0, 4.0], 'y': [2.0, 1.5, 3.5, 3.0], 'z': [4.0, 3.0, 2.0, 1.0]})
corr = df.corr()
plt.figure(figsize=(8, 6))
sns.heatmap(corr, annot=True, mask=np.triu(np.ones_like(corr, dtype=bool)), cbar_kws={'label': 'r'})
# ---- seaborn_heatmap_options
import numpy as np
import matplotlib.pyplot as plt
import seaborn as sns
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
sns.heatmap(np.arange(6).reshape(2, 3) / 10, annot=[[1, 2, 3], [4, 5, 6]], cbar=False, vmin=0, vmax=1, cmap='viridis', ax=a1)
sns.heatmap(np.arange(40).reshape(20, 2), xticklabels=False, yticklabels=5, ax=a2)
plt.figure()
sns.heatmap(np.eye(3), xticklabels=['a'], yticklabels=['p', 'q'])
# ---- confusion_matrix_display
import matplotlib.pyplot as plt
from sklearn.metrics import ConfusionMatrixDisplay
y_true = [1, 2, 3, 3, 2, 1, 1, 3, 2, 2, 3, 1, 2, 3, 3]
y_pred = [1, 2, 3, 2, 2, 1, 3, 3, 2, 1, 3, 1, 2, 3, 3]
disp = ConfusionMatrixDisplay.from_predictions(y_true, y_pred, cmap=plt.cm.Blues)
print(type(disp).__name__, disp.confusion_matrix.tolist(), list(disp.display_labels), disp.ax_ is not None)
# ---- confusion_matrix_display_plot
import numpy as np
import matplotlib.pyplot as plt
from sklearn.metrics import ConfusionMatrixDisplay
cm = np.array([[30, 2, 1], [4, 25, 6], [0, 3, 40]])
fig, ax = plt.subplots(figsize=(6, 6))
ConfusionMatrixDisplay(cm / cm.sum(), display_labels=['cat', 'dog', 'bird']).plot(ax=ax, xticks_rotation='vertical', colorbar=False)
ConfusionMatrixDisplay(cm).plot(values_format='d', include_values=True)
# ---- seaborn_countplot_column
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
df = pd.DataFrame({'Outcome': [1, 0, 0, 1, 0, 2, 0], 'c': ['b', 'a', 'a', 'b', 'c', 'a', 'b']})
sns.countplot(x='Outcome', data=df)
plt.title('classes')
# ---- seaborn_countplot_values
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
fig, (a1, a2) = plt.subplots(1, 2)
df = pd.DataFrame({'c': ['b', 'a', 'a', 'b', 'c', 'a', 'b']})
sns.countplot(x=df['c'], ax=a1)
sns.countplot(x=np.array([3.0, 1.0, 1.0, 2.0]), order=[3.0, 1.0, 2.0], ax=a2)
# ---- seaborn_histplot
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
rng = np.random.RandomState(0)
age = rng.normal(40, 10, size=150)
age[3] = np.nan
df = pd.DataFrame({'age': age, 'glucose': rng.exponential(30, size=150)})
fig, axes = plt.subplots(2, 2)
sns.histplot(df['age'], ax=axes[0, 0])
sns.histplot(data=df, x='glucose', stat='density', bins=12, ax=axes[0, 1])
sns.histplot(x=rng.normal(size=80), binwidth=0.5, binrange=(-3, 3), stat='percent', ax=axes[1, 0], color='red')
sns.histplot(df['glucose'].values, bins='sturges', stat='probability', ax=axes[1, 1])
# ---- seaborn_histplot_kde
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
rng = np.random.RandomState(1)
df = pd.DataFrame({'BMI': rng.normal(32, 7, size=300)})
plt.figure(figsize=(8, 5))
sns.histplot(df['BMI'], kde=True, bins=20, edgecolor='white', alpha=0.6)
plt.title('BMI')
# ---- seaborn_lineplot
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
hist = pd.DataFrame({'epoch': [1, 2, 3, 4, 5], 'loss': [0.9, 0.5, 0.35, 0.3, 0.28],
                     'val_loss': [1.0, 0.6, 0.5, np.nan, 0.52]})
fig, (a1, a2) = plt.subplots(1, 2)
sns.lineplot(x='epoch', y='loss', data=hist, label='train', ax=a1)
sns.lineplot(x='epoch', y='val_loss', data=hist, label='validation', ax=a1)
sns.lineplot(x=[3, 1, 2, 1, 3], y=[3., 1, 2, 5, 0], errorbar=None, marker='o', ax=a2)
sns.lineplot(x=np.array([3, 1, 2]), y=[0.5, 0.25, 1], sort=False, ax=a2)
# ---- seaborn_lineplot_vector
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
sns.lineplot(data=pd.Series([0.7, 0.4, 0.45], name='accuracy'))
sns.lineplot(data=[0.1, 0.3, 0.2], color='red', linestyle='--')
# ---- seaborn_scatterplot
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
rng = np.random.RandomState(2)
petal = rng.normal(3.7, 1.7, size=30)
petal[4] = np.nan
iris = pd.DataFrame({'sepal': rng.normal(5.8, 0.8, size=30), 'petal': petal,
                     'species': ['setosa', 'versicolor', 'virginica'] * 10})
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
sns.scatterplot(x='sepal', y='petal', hue='species', data=iris, ax=a1)
sns.scatterplot(x=iris['sepal'], y=iris['petal'] * 2, hue=iris['sepal'] > 6, hue_order=[True, False], s=20, alpha=0.5, ax=a2)
sns.scatterplot(x=[4, 5, 6], y=[1, 2, 3], color='k', label='reference', ax=a2)
# ---- seaborn_scatterplot_numeric_hue
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
rng = np.random.RandomState(5)
df = pd.DataFrame({'Glucose': rng.normal(120, 30, size=40), 'BMI': rng.normal(32, 7, size=40),
                   'Outcome': rng.randint(0, 2, size=40), 'grade': rng.choice([0.5, 1.5, 4.0], size=40)})
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
sns.scatterplot(x='Glucose', y='BMI', hue='Outcome', data=df, ax=a1)
sns.scatterplot(x='Glucose', y='BMI', hue='grade', data=df, ax=a2)
# ---- seaborn_histplot_hue
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
rng = np.random.RandomState(4)
glucose = np.concatenate([rng.normal(110, 20, size=60), rng.normal(145, 25, size=40)])
glucose[7] = np.nan
df = pd.DataFrame({'Glucose': glucose, 'Outcome': [0] * 60 + [1] * 40,
                   'group': [('b', 'a', 'c')[(i * 7 + i // 5) % 3] for i in range(100)]})
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
sns.histplot(data=df, x='Glucose', hue='Outcome', kde=True, ax=a1)
sns.histplot(data=df, x='Glucose', hue='group', stat='density', bins=8, ax=a2)
# ---- seaborn_kdeplot
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
rng = np.random.RandomState(6)
df = pd.DataFrame({'Age': np.concatenate([rng.normal(30, 6, size=50), rng.normal(45, 9, size=30)]),
                   'Outcome': [0] * 50 + [1] * 30})
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
sns.kdeplot(df['Age'], ax=a1)
sns.kdeplot(x=rng.normal(size=40), color='green', cut=1, ax=a1)
sns.kdeplot(data=df, x='Age', hue='Outcome', ax=a2)
# ---- hist_bin_rules
import numpy as np
import matplotlib.pyplot as plt
rng = np.random.RandomState(8)
x = rng.exponential(5.0, size=300)
fig, (a1, a2) = plt.subplots(1, 2)
n, bins, _ = a1.hist(x, bins='auto')
print(len(n), '%.6g %.6g' % (bins[0], bins[-1]))
n, bins, _ = a2.hist(x, bins='sturges', range=(0, 20))
print(n.tolist(), bins.tolist())
# ---- seaborn_heatmap_over_a_plot
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
# a tutorial saves its loss curves, then draws the confusion matrix into the same axes
pd.DataFrame({'loss': [0.7, 0.5, 0.4, 0.35], 'val_loss': [0.6, 0.5, 0.45, 0.44]}).plot()
sns.heatmap(np.array([[54, 1], [4, 84]]), annot=True, fmt='d', cmap='Blues')
plt.xlabel('Predicted')
# ---- reversed_colormaps
import numpy as np
import matplotlib.pyplot as plt
import seaborn as sns
# the digits tutorials' plt.cm.gray_r; a reversed map also flips which annotations read dark
fig, (a1, a2, a3) = plt.subplots(1, 3)
a1.imshow(np.arange(64).reshape(8, 8) % 17, cmap=plt.cm.gray_r)
sns.heatmap(np.array([[50, 2], [7, 41]]), annot=True, cmap='Blues_r', cbar=False, ax=a2)
a3.scatter([1, 2, 3], [3, 1, 2], c=[0.1, 0.5, 0.9], cmap=plt.cm.viridis_r)
# ---- dataframe_hist
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
# every feature's distribution before scaling: bools and text are left out, NaN dropped
rng = np.random.default_rng(3)
df = pd.DataFrame({'age': rng.integers(20, 70, 50), 'bmi': rng.normal(28, 4, 50),
                   'glucose': rng.normal(120, 30, 50), 'sick': rng.random(50) > 0.5,
                   'name': ['p%d' % i for i in range(50)]})
df.loc[3, 'bmi'] = np.nan
print(df.hist(figsize=(10, 8), bins=15, edgecolor='black').shape)
# ---- dataframe_hist_layout
import pandas as pd
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [1, 2, 2, 3, 3, 3], 'b': [0.5, 0.25, 0.5, 1.0, 2.0, 0.5]})
print(df.hist(column='b', bins=4, grid=False).shape)
plt.figure()
print(df.hist(layout=(-1, 1), color='green').shape)
# ---- bar_and_hist_outlines
import numpy as np
import matplotlib.pyplot as plt
# edgecolor='k' and alpha=, as tutorials draw their class counts and histograms
fig, (a1, a2) = plt.subplots(1, 2)
a1.bar([0, 1], [3, 5], edgecolor='k', linewidth=2, alpha=0.7)
a1.bar([2], [4], color='red')
a1.bar([3], [2])  # the cycle's second colour: color= did not move it
a2.hist(np.arange(20) % 7, bins=7, edgecolor='white', alpha=0.5, color='purple')
a2.hist(np.arange(10) % 3, bins=3, ec='#336699')
# ---- bar_categories
import pandas as pd
import matplotlib.pyplot as plt
# class counts by name; a second call reuses the names and adds new ones after them
plt.bar(['setosa', 'versicolor', 'virginica'], [50, 48, 52], color='C2')
plt.bar(pd.Series(['virginica', 'other', 'other']).unique(), [3, 4])
# ---- barh_feature_importances
import numpy as np
import matplotlib.pyplot as plt
# a model's feature importances, sorted, as tutorials draw them; then numbers with options
names = ['age', 'bmi', 'bp', 's1', 's5']
imp = np.array([0.05, 0.3, 0.1, 0.02, 0.4])
order = np.argsort(imp)
fig, (a1, a2) = plt.subplots(1, 2)
bars = a1.barh([names[i] for i in order], imp[order], color='teal')
a1.set_xlabel('importance')
print(len(bars), bars[0].get_y(), bars[0].get_width(), bars[0].get_height())
a2.barh([1, 2, 4], [3, -1, 2], height=0.5, left=1, edgecolor='k', label='h')
a2.barh([3], [2.5], align='edge')
a2.bar([5], [1])
# ---- barh_pyplot
import matplotlib.pyplot as plt
plt.barh(['x', 'y', 'z'], [2, 3, 1])
plt.barh(['z', 'w'], 1, left=[1, 0], color='C3')
# ---- series_plot_bar
import pandas as pd
import matplotlib.pyplot as plt
# the class balance a tutorial shows: value_counts drawn as bars, named by the classes
y = pd.Series([1, 0, 1, 1, 2, 0, 1], name='target')
y.value_counts().plot(kind='bar', title='Classes')
# ---- series_plot_bar_options
import pandas as pd
import matplotlib.pyplot as plt
pd.Series([3.5, 1.0], index=['yes', 'no']).plot(kind='bar', rot=0, color='red', edgecolor='k',
                                                 ylabel='count')
# ---- series_plot_barh
import pandas as pd
import matplotlib.pyplot as plt
# a frame's correlations with its target, sorted, as horizontal bars
df = pd.DataFrame({'a': [1, 2, 3, 4], 'b': [4, 1, 3, 2], 'c': [1, 3, 2, 5], 'y': [1, 2, 4, 4]})
df.corr()['y'].drop('y').sort_values().plot(kind='barh', color='C1', title='Correlation')
# ---- plot_accessor_kinds
import pandas as pd
import matplotlib.pyplot as plt
# s.plot.bar() and df.plot.scatter(x, y): the kinds as methods of the plot accessor
fig, (a1, a2) = plt.subplots(1, 2)
y = pd.Series(['cat', 'dog', 'cat', 'cat', 'bird'])
y.value_counts().plot.bar(ax=a1, rot=0, color='C2')
df = pd.DataFrame({'x': [1, 2, 3, 4], 'y': [3, 1, 2, 5]})
print(df.plot.scatter('x', 'y', ax=a2, c='k') is a2)
# ---- frame_plot_bars
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
# the classes' means side by side, as tutorials compare them; then horizontal, turned labels
df = pd.DataFrame({'Outcome': [0, 1, 0, 1, 1], 'Glucose': [85, 183, 89, 137, np.nan],
                   'BMI': [26.6, 23.3, 28.1, 43.1, 31.0], 'Age': [31, 32, 21, 33, 30]})
fig, (a1, a2, a3) = plt.subplots(1, 3)
means = df.groupby('Outcome').mean()
means.plot(kind='bar', title='Means', ax=a1)
means[['BMI', 'Age']].plot.barh(rot=45, legend=False, ax=a2)
df[['Glucose', 'Age']].plot.bar(ax=a3, color='k', y='Glucose')  # a missing value: no bar
# ---- series_plot_line_and_hist
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
rng = np.random.default_rng(5)
v = rng.normal(30, 8, 60)
s = pd.Series(v, name='age')
w = v.copy()
w[4] = np.nan
gaps = pd.Series(w, name='age')
fig, (a1, a2, a3) = plt.subplots(1, 3)
s.plot(ax=a1, grid=True, legend=True)
gaps.plot(kind='hist', bins=12, ax=a2, alpha=0.5)
gaps.hist(bins=8, ax=a3, color='green')
# ---- boxplot
import numpy as np
import matplotlib.pyplot as plt
# matplotlib's statistics: quartiles, whiskers within 1.5 box heights, fliers beyond them
rng = np.random.default_rng(3)
data = [rng.normal(0, 1, 50), rng.normal(2, 0.5, 40), np.r_[rng.normal(-1, 2, 30), 12.0, -9]]
fig, ax = plt.subplots(2, 3)
ax[0, 0].boxplot(data, labels=['a', 'b', 'c'])
ax[0, 1].boxplot(rng.normal(size=(20, 6)), whis=1.0, showcaps=False)
ax[0, 2].boxplot([3, 1, 4, 1, 5, 9, 2, 6], showfliers=False)
ax[1, 0].boxplot(data[:2], positions=[2, 5], widths=0.8)
ax[1, 1].boxplot([[1.0, 2.0, 2.0, 2.0, 3.0], [4.0]], positions=np.array([1.5, 3.0]))
ax[1, 2].boxplot(data[2], showbox=False, capwidths=0.2)
# ---- boxplot_pyplot
import numpy as np
import matplotlib.pyplot as plt
plt.boxplot(np.array([[1.0, 8.0], [2.0, 9.0], [3.0, 7.5], [40.0, 8.5]]))
plt.ylabel('value')
# ---- frame_boxplot
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
# a frame's number columns, missing values left out, named under their boxes, with a grid
rng = np.random.default_rng(1)
df = pd.DataFrame({'Glucose': rng.normal(120, 30, 60), 'BMI': rng.normal(32, 7, 60),
                   'Age': rng.integers(21, 80, 60), 'name': ['x'] * 60})
df.loc[3, 'BMI'] = np.nan
df.boxplot(figsize=(8, 5)).set_title('features')
fig, (a1, a2) = plt.subplots(1, 2)
df.boxplot(column=['Age', 'BMI'], ax=a1, grid=False, rot=45)
df.boxplot(column='Glucose', ax=a2, whis=3)
# ---- frame_plot_kinds
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
# a history against its epochs; a map coloured and sized by columns; shared-bin histograms
rng = np.random.default_rng(4)
df = pd.DataFrame({'longitude': rng.uniform(-124, -114, 40), 'latitude': rng.uniform(32, 42, 40),
                   'price': rng.normal(200, 50, 40), 'rooms': rng.integers(1, 8, 40),
                   'city': ['a'] * 40})
h = pd.DataFrame({'loss': [0.9, 0.5, 0.3, 0.25], 'val_loss': [1.0, 0.6, 0.45, 0.44],
                  'epoch': [1, 2, 3, 4]})
fig, ax = plt.subplots(2, 3)
h.plot(x='epoch', y=['loss', 'val_loss'], ax=ax[0, 0], title='history', grid=True)
h.plot(y='loss', ax=ax[0, 1], legend=False, xlabel='step', ylabel='loss', color='red')
df.plot(kind='scatter', x='price', y='rooms', c='rooms', ax=ax[1, 0], colorbar=False)
df[['price', 'rooms']].plot(kind='hist', bins=15, alpha=0.5, ax=ax[1, 1])
df.plot(kind='box', ax=ax[0, 2])
# last: matplotlib lists a colorbar's axes after every subplot
df.plot(kind='scatter', x='longitude', y='latitude', alpha=0.4, c='price', s='rooms',
        ax=ax[1, 2])
# ---- frame_plot_scatter_colours
import pandas as pd
import matplotlib.pyplot as plt
# pandas' blue when nothing colours the points; a column of integers through 'Greys'
df = pd.DataFrame({'a': [1.0, 2.0, 3.0, 4.0], 'b': [3.0, 1.0, 4.0, 1.5], 'k': [1, 2, 3, 4]})
df.plot(kind='scatter', x='a', y='b')
df.plot(kind='scatter', x='a', y='b', c='k', s=50)
# ---- subplots_adjust_refused
import matplotlib.pyplot as plt
plt.plot([1, 2], [3, 4])
for kw in [dict(left=0.9, right=0.5), dict(bottom=0.6, top=0.6)]:
    try:
        plt.subplots_adjust(**kw)
    except ValueError as e:
        print(e)
# ---- heatmap_of_a_labelled_frame
import numpy as np
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
cm = np.array([[22, 0, 8], [5, 0, 9], [6, 0, 19]])
names = ['Adelie', 'Chinstrap', 'Gentoo']
sns.heatmap(pd.DataFrame(cm, index=names, columns=names), annot=True)
# ---- offsets_and_powers_of_ten
# ScalarFormatter's offset text: a loss in the tens of billions, values a little above 1000,
# tiny ones, and a colorbar of millions (the least power of ten taken out).
import numpy as np
import matplotlib.pyplot as plt
fig, axes = plt.subplots(2, 2)
axes[0, 0].plot([1, 2, 3, 4], [3.2e10, 1.1e10, 6e9, 4e9])
axes[0, 1].plot([1000.1, 1000.2, 1000.3], [123456, 123459, 123457])
axes[1, 0].scatter([1e-6, 3e-6], [-5e7, -1e7])
im = axes[1, 1].imshow(np.arange(6.0).reshape(2, 3) * 1e6)
fig.colorbar(im, ax=axes[1, 1])
# ---- seaborn_heatmap_named_axes
# the penguins lesson's confusion matrix: a frame whose index and columns are named, which
# seaborn takes as the axis labels; a heatmap of an array clears what labels the axes had
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
species = ['Adelie', 'Chinstrap', 'Gentoo']
df = pd.DataFrame(np.array([[22, 0, 0], [1, 13, 0], [0, 0, 22]]), index=species, columns=species)
df.index.name = 'True Label'
df.columns.name = 'Predicted Label'
fig, (a1, a2) = plt.subplots(1, 2)
a1.set_xlabel('before')
sns.heatmap(df.values, ax=a1, cbar=False)
sns.heatmap(df.head(), annot=True, ax=a2)
# ---- seaborn_lineplot_wide
# the weather lesson's learning curves: a frame of metrics drawn wide-form, a line per column
# in the cycle's colours with seaborn's dash patterns, and a Series against its index
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
history = {'root_mean_squared_error': [3.0, 2.0, 1.5, 1.2],
           'val_root_mean_squared_error': [3.2, 2.4, 2.0, 1.9]}
history_df = pd.DataFrame.from_dict(history)
fig, (a1, a2, a3) = plt.subplots(1, 3)
a1.plot([0, 3], [1, 2])
sns.lineplot(data=history_df[['root_mean_squared_error', 'val_root_mean_squared_error']], ax=a1)
a1.set_xlabel("epochs")
a1.set_ylabel("metric")
many = pd.DataFrame(np.arange(60.0).reshape(6, 10) % 7, columns=['c%d' % i for i in range(10)])
many['name'] = list('abcdef')
sns.lineplot(data=many, ax=a2, linewidth=1)
sns.lineplot(data=history_df['root_mean_squared_error'], ax=a3)
# ---- style_sheets
# scripts ask for a backend and a style; nnc draws SVG files, in the style asked for
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
print(len(plt.style.available), 'ggplot' in plt.style.available, plt.style.available[-1])
plt.style.use('default')
for style in ('ggplot', ['default', 'fivethirtyeight'], 'nope', ['default', 'seaborn-white-x']):
    try:
        plt.style.use(style)
        print('used', style)
    except OSError as e:
        print('OSError', e)
plt.style.use('default')
# ---- scatter_rgba_rows
# the wine tutorial colours each quality's points by a random RGBA row: numbers that make one
# colour rather than one value per point (a 1-d row too, for which matplotlib logs a warning
# that nnc's output lacks: see colours_points_by_one_rgba_row)
import numpy as np
import matplotlib.pyplot as plt
np.random.seed(570)
colors = np.random.rand(6, 4)
x = np.arange(10.0)
plt.scatter(x, x ** 2, c=colors[0:1])
plt.scatter(x, x + 1, c=[[0.1, 0.2, 0.3]])
plt.scatter(x[:4], x[:4], c=[0.1, 0.2, 0.3, 0.4])
plt.legend(np.unique([5, 3, 4, 3]))   # the qualities, an array of ints, as the labels
# ---- subplots_shared_axes
import matplotlib.pyplot as plt
fig, axes = plt.subplots(2, 2, sharex=True, sharey='row')
axes[0, 0].plot([1, 2, 3], [4, 5, 6])
axes[1, 1].plot([0, 10], [0.5, 0.25])
axes[0, 1].scatter([5, 6], [100, 2])
axes[1, 0].set_xlabel('x')
axes[0, 1].set_ylabel('y')
axes[1, 1].set_xlim(-1, 12)
fig, grid = plt.subplots(1, 2, squeeze=False, sharey=True)
print(grid.shape)
grid[0, 0].plot([1, 2], [1, 2])
grid[0, 1].plot([1, 2], [3, 7])
plt.close(fig)
# ---- seaborn_pairplot_hue
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [0.13, -0.13, 0.64, 0.1, -0.54, 0.36, 1.3, 0.95, -0.7, -1.27, -0.62, 0.04],
                   'b': [0.98, 2.58, 2.68, 4.08, 3.43, 3.71, 1.69, 2.74, 4.57, 5.99, 0.48, 6.03],
                   'sp': ['x', 'x', 'y', 'z', 'y', 'z', 'x', 'x', 'y', 'z', 'y', 'y']})
g = sns.pairplot(df, hue='sp')
print(type(g).__name__, g.axes.shape, g.diag_axes.shape, g.x_vars, g.y_vars)
# ---- seaborn_pairplot_histograms
import numpy as np
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
rng = np.random.default_rng(1)
df = pd.DataFrame({'Glucose': rng.integers(60, 190, 20), 'BMI': rng.normal(30, 5, 20).round(1),
                   'name': ['p%d' % i for i in range(20)], 'Age': rng.integers(21, 70, 20)})
g = sns.pairplot(df)
print(g.x_vars, g.axes[2, 0].get_xlabel(), g.axes[2, 0].get_ylabel())
# ---- seaborn_pairplot_numeric_hue
import numpy as np
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
rng = np.random.default_rng(2)
df = pd.DataFrame({'Glucose': rng.integers(60, 190, 30), 'BMI': rng.normal(30, 5, 30).round(1),
                   'Age': rng.integers(21, 70, 30), 'Outcome': rng.integers(0, 2, 30)})
sns.pairplot(df, hue='Outcome', vars=['Glucose', 'Age'], height=2, plot_kws={'alpha': 0.6})
# ---- equal_aspect
import matplotlib.pyplot as plt
fig, (a1, a2, a3, a4) = plt.subplots(1, 4, figsize=(14, 4))
a1.scatter([0, 10], [0, 2])
a1.axis('equal')
a2.plot([0, 1], [0, 5])
a2.set_aspect('equal')
a3.scatter([0, 3], [1, 2])
a3.axis('scaled')
a4.plot([0, 1], [0, 30])
a4.plot([0.5, 0.6], [10, 12])
a4.axis('equal')
print(a1.get_title() == '', a2.get_xlabel())
# ---- axes_of_equal_aspect
import numpy as np
import matplotlib.pyplot as plt
labels = np.array([18.0, 15.0, 36.0, 27.5, 22.0, 31.0])
predictions = np.array([17.1, 16.2, 33.0, 28.1, 21.5, 29.0])
a = plt.axes(aspect='equal')
plt.scatter(labels, predictions)
plt.xlabel('True Values [MPG]')
plt.ylabel('Predictions [MPG]')
lims = [0, 50]
plt.xlim(lims)
plt.ylim(lims)
_ = plt.plot(lims, lims)
print(a is plt.gca())
# ---- seaborn_countplot_hue
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'Survived': [0, 1, 1, 0, 0, 1, 0, 0, 1],
                   'Sex': ['male', 'female', 'female', 'male', 'female', 'male', 'male', 'male',
                           'female'],
                   'Pclass': [3, 1, 2, 3, 3, 1, 2, 3, 1]})
fig, (a1, a2, a3) = plt.subplots(1, 3, figsize=(12, 4))
sns.countplot(x='Survived', hue='Sex', data=df, ax=a1)
sns.countplot(x='Pclass', hue='Survived', data=df, hue_order=[1, 0], ax=a2)
sns.countplot(x=df['Sex'], hue=df['Pclass'], dodge=False, ax=a3)
# ---- seaborn_boxplot
import numpy as np
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [1.0, 2.0, 3.0, 4.0, 30.0, 2.5, np.nan], 'b': [5, 6, 7, 5, 6, 9, 8],
                   'k': ['x', 'y', 'x', 'y', 'x', 'x', 'y']})
fig, axes = plt.subplots(2, 3, figsize=(12, 8))
sns.boxplot(data=df, ax=axes[0, 0])
sns.boxplot(x='k', y='a', data=df, ax=axes[0, 1])
sns.boxplot(x=df['a'], ax=axes[0, 2])
sns.boxplot(x='a', y='k', data=df, order=['y', 'x'], ax=axes[1, 0])
sns.boxplot(y=df['b'], whis=0.5, width=0.5, ax=axes[1, 1])
sns.boxplot(data=np.arange(12.0).reshape(4, 3) ** 2, orient='h', ax=axes[1, 2])
# ---- seaborn_pairplot_corner
import numpy as np
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
rng = np.random.default_rng(4)
df = pd.DataFrame({'a': rng.normal(size=24).round(2), 'b': rng.normal(2, 3, size=24).round(2),
                   'c': rng.integers(0, 9, size=24), 'k': ['p', 'q', 'r'] * 8})
g = sns.pairplot(df, hue='k', corner=True)
print(g.axes[0, 1], g.axes[0, 2] is None, g.axes.shape, len(g.diag_axes))
# ---- bar_labels
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
fig, (a1, a2, a3) = plt.subplots(1, 3, figsize=(12, 4))
bars = a1.bar(['a', 'b', 'c'], [3, -5.5, 2])
_ = a1.bar_label(bars)
_ = a1.bar_label(a1.containers[0], fmt='%.1f', padding=3)
df = pd.DataFrame({'Survived': [0, 1, 1, 0, 0, 1, 0], 'Sex': ['m', 'f', 'f', 'm', 'f', 'm', 'm']})
ax = sns.countplot(x='Survived', hue='Sex', data=df, ax=a2)
for c in ax.containers:
    _ = ax.bar_label(c)
h = a3.barh([0, 1], [4, 2.5])
_ = a3.bar_label(h, labels=['four', 'two and a half'], padding=2)
_ = a3.bar_label(h, label_type='center')
# ---- fill_between
# a learning curve's band, a level line, where= runs, NaN gaps, the patch colour cycle
import numpy as np
import matplotlib.pyplot as plt
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
sizes = np.array([10, 40, 70, 100.0])
mean, std = np.array([0.6, 0.72, 0.8, 0.83]), np.array([0.08, 0.05, 0.03, 0.02])
a1.plot(sizes, mean, 'o-', color='r', label='Training score')
a1.fill_between(sizes, mean - std, mean + std, alpha=0.1, color='r')
a1.fill_between(sizes, mean - 2 * std, mean + 2 * std, alpha=0.3, label='2 std')
a1.legend(loc='best')
x = np.linspace(0, 6, 13)
y = np.sin(x)
y[5] = np.nan
plt.sca(a2)
plt.fill_between(x, y, where=y > 0, facecolor='g')
plt.fill_between(x, 0.5, y, where=y < 0.2, fc='#336699', edgecolor='k', lw=2)
plt.fill_between([1, 2, 3], [0, -1, 0])
# ---- seaborn_barplot
# means and bootstrapped intervals by class, a hue with caps, importances on y, other errors
import numpy as np
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
rng = np.random.default_rng(3)
df = pd.DataFrame({'Pclass': rng.integers(1, 4, 60), 'Survived': rng.integers(0, 2, 60),
                   'Sex': ['male', 'female', 'female'] * 20,
                   'Age': rng.normal(30, 12, 60).round(1)})
df.loc[3, 'Age'] = np.nan
fig, axes = plt.subplots(2, 4, figsize=(18, 8))
sns.barplot(x='Pclass', y='Survived', data=df, seed=1, ax=axes[0, 0])
sns.barplot(x='Sex', y='Age', hue='Pclass', data=df, seed=2, capsize=0.1, ax=axes[0, 1])
sns.barplot(x=[0.3, 0.15, 0.4], y=['petal', 'sepal', 'width'], ax=axes[0, 2])
sns.barplot(x='Pclass', y='Age', data=df, errorbar='sd', estimator='median', ax=axes[1, 0])
sns.barplot(data=df, x='Age', y='Sex', errorbar=('pi', 50), estimator=np.sum, ax=axes[1, 1])
sns.barplot(data=df, x='Pclass', y='Age', hue='Sex', hue_order=['female', 'male'],
            order=[3, 1], errorbar=('se', 2), dodge=False, errcolor='r', errwidth=1,
            ax=axes[1, 2])
sns.barplot(data=df, x='Pclass', y='Age', hue='Sex', order=[1, 5], estimator='size',
            errorbar=None, ax=axes[1, 3])
# ---- seaborn_lineplot_band
# an x repeated: the line through each x's estimate and the band of its error bar around it
import numpy as np
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
rng = np.random.default_rng(5)
df = pd.DataFrame({'month': np.repeat(np.arange(1, 7), 4),
                   'passengers': rng.normal(100, 15, 24).round(1)})
fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
sns.lineplot(x='month', y='passengers', data=df, seed=0, ax=a1)
sns.lineplot(x='month', y='passengers', data=df, errorbar='sd', estimator='median', color='r',
             label='median', ax=a2)
sns.lineplot(x=[3, 1, 2, 3], y=[80, 90, 95, 84], errorbar=('pi', 50), sort=False, ax=a2)
sns.lineplot(x=[1, 2, 3], y=[70, 75, 72], ax=a2)
# ---- seaborn_palettes
# palette= by name (seaborn's, matplotlib's qualitative, 'hls'), as a list or a dict; color=
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'cls': ['a', 'b', 'c', 'a', 'b', 'c', 'd', 'a'] * 2,
                   'v': [3.0, 1.5, 2.2, 4.1, 0.7, 2.9, 5.5, 3.3, 2.8, 1.1, 2.0, 3.9, 1.2, 2.5,
                         4.8, 3.0],
                   'k': ['x', 'y'] * 8})
fig, axes = plt.subplots(2, 4, figsize=(18, 8))
sns.countplot(x='cls', data=df, palette='Set2', ax=axes[0, 0])
sns.countplot(x='cls', hue='k', data=df, palette=['#336699', 'orange'], saturation=1,
              ax=axes[0, 1])
sns.barplot(x='cls', y='v', data=df, palette='deep', errorbar=None, ax=axes[0, 2])
sns.barplot(x='cls', y='v', hue='k', data=df, palette={'x': 'g', 'y': 'm'}, errorbar=None,
            ax=axes[0, 3])
sns.boxplot(x='cls', y='v', data=df, palette='pastel', ax=axes[1, 0])
sns.boxplot(x='cls', y='v', data=df, color='seagreen', saturation=0.5, ax=axes[1, 1])
sns.barplot(x='cls', y='v', data=df, palette='hls', errorbar=None, ax=axes[1, 2])
sns.countplot(x='cls', data=df, palette='Paired', ax=axes[1, 3])
# ---- seaborn_facet_grid
# the Titanic notebook's facets: a histogram of each class's ages, bars by row and column
import numpy as np
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'Age': [22.0, 38.0, 26.0, 35.0, np.nan, 2.0, 27.0, 14.0, 4.0, 58.0, 20.0, 39.0],
                   'Survived': [0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0],
                   'Sex': ['m', 'f', 'f', 'f', 'm', 'm', 'f', 'f', 'f', 'f', 'm', 'm'],
                   'Embarked': ['S', 'C', 'S', 'S', None, 'Q', 'S', 'C', 'S', 'S', 'S', 'Q'],
                   'Fare': [7.25, 71.3, 7.9, 53.1, 8.05, 21.1, 11.1, 30.1, 16.7, 26.6, 8.05, 31.3]})
g = sns.FacetGrid(df, col='Survived')
print(g.map(plt.hist, 'Age', bins=4) is g, g.axes.shape, g.col_names)
g2 = sns.FacetGrid(df, row='Embarked', col='Survived', height=2.2, aspect=1.6)
g2.map(sns.barplot, 'Sex', 'Fare', order=['m', 'f'], alpha=.5, errorbar=None)
print(g2.row_names)
# ---- reference_lines
# a threshold across the axes (its x in axes fractions), the best epoch marked, and
# hlines/vlines between data values; the legend avoids the lines crossing its place
import matplotlib.pyplot as plt
import numpy as np
x = np.arange(10)
plt.plot(x, np.sqrt(x), label='loss')
plt.axhline(y=1.5, color='r', linestyle='--', label='target')
plt.axvline(x=4, ymin=0.1, ymax=0.8, color='k', lw=2)
plt.axhline(0.5)
plt.hlines([2, 2.5], 1, [3, 5], colors='g', label='h')
plt.vlines(7, 0, [1.0], linestyles='dotted')
plt.legend()
# ---- best_legend_avoids_a_crossing_line
# no point of the upper left place is covered, but the line crosses it, so 'best' goes on
import matplotlib.pyplot as plt
plt.plot([1, 2, 3], [1, 2, 3], 'o', label='points')
plt.axhline(2.9, color='gray', label='cap')
plt.legend()
# ---- errorbars
# cross-validation scores with their spread: a line with bars and caps, bars alone (fmt
# 'none') of two lengths and across, and the legend placed clear of the caps
import matplotlib.pyplot as plt
import numpy as np
x = np.arange(1, 6)
m = np.array([0.8, 0.85, 0.83, 0.9, 0.88])
s = np.array([0.02, 0.03, 0.01, 0.04, 0.02])
plt.errorbar(x, m, yerr=s, fmt='o-', capsize=4, label='accuracy')
plt.errorbar(x, m - 0.1, yerr=[s, 2 * s], xerr=0.2, fmt='none', ecolor='gray', elinewidth=1,
             capsize=2)
plt.legend()
# ---- pie_of_classes
# a class balance as published EDA draws it: labels, percentages, a slice pulled out, a
# start at 90 degrees, then the percentages recoloured through the Text objects returned
import matplotlib.pyplot as plt
counts = [212, 357, 31]
wedges, texts, autotexts = plt.pie(counts, labels=['malignant', 'benign', 'unsure'],
                                   autopct='%1.1f%%', explode=(0, 0.1, 0), startangle=90,
                                   shadow=True)
for t in autotexts:
    t.set_color('white')
texts[1].set_fontweight('bold')
plt.text(-1.2, -1.2, 'n = 600', fontweight=700)
print(texts[0].get_text(), autotexts[1].get_text(), len(wedges))
plt.title('Diagnosis')
# ---- pie_donut_and_legend
# a ring (wedgeprops' width), clockwise, colours given, a callable autopct, textprops, and
# a legend naming the wedges; then a second pie beside it with frame=True and radius
import matplotlib.pyplot as plt
fig, (a, b) = plt.subplots(1, 2)
a.pie([3, 2, 1], colors=['tab:green', '#ff7f0e', 'gray'], counterclock=False,
      wedgeprops={'width': 0.4, 'edgecolor': 'w', 'linewidth': 2},
      autopct=lambda p: '%.0f' % p, pctdistance=0.8, textprops={'fontsize': 8})
a.legend(['train', 'val', 'test'], loc='center')
b.pie([0.2, 0.3], normalize=False, frame=True, radius=0.5, labels=['a', 'b'],
      labeldistance=0.5, rotatelabels=True)
# ---- pandas_pie_of_counts
# a class count as a pie through pandas (its name on y), and a Series' pie with a zero
# count, whose wedge pandas leaves unlabelled
import matplotlib.pyplot as plt
import pandas as pd
fig, (a, b) = plt.subplots(1, 2)
s = pd.Series(['cat', 'dog', 'cat', 'bird', 'cat', 'dog'], name='pet')
s.value_counts().plot.pie(autopct='%.1f%%', startangle=90, ax=a)
pd.Series([3, 0, 2], index=['a', 'b', 'c']).plot(kind='pie', colors=['r', 'g', 'b'], ax=b)
# ---- twinx_loss_and_accuracy
# loss and accuracy in one figure: a second y axis at the right (twinx, made current), each
# axis' label and tick labels in its line's colour, a legend in each axes
import matplotlib.pyplot as plt
epochs = range(1, 6)
fig, ax1 = plt.subplots()
ax1.plot(epochs, [0.9, 0.6, 0.45, 0.4, 0.38], 'b-', label='loss')
ax1.set_xlabel('epoch')
ax1.set_ylabel('loss', color='b')
ax1.tick_params(axis='y', labelcolor='b')
ax2 = ax1.twinx()
plt.plot(epochs, [0.61, 0.75, 0.83, 0.86, 0.875], 'r--', label='accuracy')
ax2.set_ylabel('accuracy', color='tab:red', fontsize=12)
ax2.tick_params(axis='y', labelcolor='tab:red')
ax1.legend(loc='upper left')
ax2.legend(loc='upper right')
fig.tight_layout()
# ---- twin_axes_one_legend
# the lines of both axes of a twinx in one legend, as tutorials gather them: each axes'
# handles and labels (a bar set listed after the lines, as matplotlib's containers), or
# plot's returned lines as handles=
import matplotlib.pyplot as plt
fig, ax1 = plt.subplots()
ax1.bar([1, 2, 3, 4], [0.1, 0.2, 0.1, 0.15], color='gray', label='lr')
l1 = ax1.plot([1, 2, 3, 4], [0.9, 0.5, 0.42, 0.4], color='tab:purple', label='loss')
ax2 = ax1.twinx()
l2 = ax2.plot([1, 2, 3, 4], [0.6, 0.8, 0.85, 0.9], 'g^--', label='accuracy')
h1, lab1 = ax1.get_legend_handles_labels()
h2, lab2 = ax2.get_legend_handles_labels()
ax1.legend(h1 + h2, lab1 + lab2, loc='center right')
print(lab1 + lab2, l1[0].get_label(), len(l2), str(l2[0]))
ax2.legend(handles=l1 + l2, loc='lower center')
# ---- spans_and_fill
# a band of good values across the axes (axhspan), a warm-up's epochs (axvspan, its height
# in fractions of the axes), and polygons filled (fill), each a patch in the legend
import matplotlib.pyplot as plt
plt.plot([0, 1, 2, 3, 4], [0.2, 0.5, 0.7, 0.8, 0.85], label='accuracy')
plt.axhspan(0.75, 0.9, color='green', alpha=0.2, label='target')
plt.axvspan(0, 1, ymin=0.1, ymax=0.5, facecolor='0.8', label='warm-up')
p = plt.fill([2, 3, 3.5], [0.3, 0.3, 0.45], 'm', alpha=0.5, label='region')
plt.fill([3.5, 4, 4], [0.2, 0.2, 0.3], edgecolor='k')
print(len(p))
plt.legend()
# ---- legend_proxies
# a legend of classes from a scatter's legend_elements, and one of proxies made by hand (a
# Patch, a Line2D) beside a donut (a Circle added over a pie); then the values a legend of
# many shows, as matplotlib's locator picks them
import matplotlib.pyplot as plt
import matplotlib.patches as mpatches
from matplotlib.lines import Line2D
import numpy as np
fig, (a, b) = plt.subplots(1, 2)
sc = a.scatter([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 5, 2], c=[0, 1, 2, 0, 1, 2], cmap='viridis')
handles, labels = sc.legend_elements()
print(labels)
a.legend(handles, labels, title='classes')
b.pie([1, 2, 3])
b.add_artist(plt.Circle((0, 0), 0.6, fc='white'))
b.legend(handles=[mpatches.Patch(color='red', label='red'),
                  Line2D([0], [0], color='b', lw=4, label='blue')], loc='lower left')
many = plt.figure().gca().scatter(np.arange(12), np.arange(12), c=np.arange(12) * 0.5 - 1)
print(many.legend_elements()[1], len(many.legend_elements(num=None)[1]))
plt.close()
# ---- annotations
# the best epoch marked with the arrow of old (facecolor, shrink), a note with an arrowstyle
# placed in offset points, a line arrow from axes fractions, and a plain text annotation
import matplotlib.pyplot as plt
loss = [0.9, 0.6, 0.45, 0.41, 0.43, 0.47]
plt.plot(range(1, 7), loss)
plt.annotate('best epoch', xy=(4, 0.41), xytext=(4.5, 0.7),
             arrowprops=dict(facecolor='black', shrink=0.05))
plt.annotate('overfitting', xy=(6, 0.47), xytext=(-60, 30), textcoords='offset points',
             arrowprops=dict(arrowstyle='->', color='red'), fontsize=9, color='red')
plt.annotate('', xy=(0.1, 0.1), xytext=(0.3, 0.3), xycoords='axes fraction',
             arrowprops=dict(arrowstyle='<->', lw=2))
t = plt.annotate('start', (1, 0.9), ha='center', va='bottom')
print(t.get_text())
# ---- line_alpha_and_marker_faces
# a faded line, hollow and white-faced markers, outlines by markeredgecolor and width, as
# tutorials mark their points
import matplotlib.pyplot as plt
import numpy as np
x = np.arange(6)
plt.plot(x, x, 'o-', alpha=0.4, label='faded')
plt.plot(x, x + 1, marker='o', markerfacecolor='white', label='white faces')
plt.plot(x, x + 2, marker='s', mfc='none', mec='red', mew=2, label='hollow')
plt.plot(x, x + 3, 'x', mew=3, ms=10)
plt.plot(x, x + 4, 'D--', mec='k', label='edged')
plt.axhline(2.5, color='gray', alpha=0.5, linestyle=':')
plt.legend()
# ---- live_line_updates
# a line redrawn after each epoch as live-plot callbacks do: set_data, relim, autoscale_view,
# the canvas drawn; a line changed without relim() keeps the limits its old points gave
import matplotlib.pyplot as plt
plt.ion()
fig, ax = plt.subplots()
line, = ax.plot([], [], 'b-', label='loss')
stale, = ax.plot([0, 1], [0, 1], 'r--')
losses = []
for epoch, loss in enumerate([0.9, 0.5, 0.4, 0.35]):
    losses.append(loss)
    line.set_data(range(len(losses)), losses)
    ax.relim()
    ax.autoscale_view()
    fig.canvas.draw()
    fig.canvas.flush_events()
    plt.pause(0.001)
stale.set_data([0, 10], [0, 10])
line.set_alpha(0.5)
plt.ioff()
ax.legend()
print(plt.isinteractive(), len(line.get_data()[0]), line.get_alpha())
# ---- every_marker
# each marker of one letter, from plot's marker= and from format strings
import matplotlib.pyplot as plt
for i, m in enumerate('.,ov^<>12348spP*hH+xXDd|_'):
    plt.plot([i], [i % 5], marker=m, linestyle='', ms=10)
plt.plot([0, 1], [6, 6], 'p--')
plt.plot([0, 1], [7, 7], 'H:r')
plt.plot([0, 1], [8, 8], '*', mfc='none')
# ---- figure_legend_of_twins
# one legend for a host and its twin, the figure's, as twinx tutorials write it
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot([1, 2, 3], [0.9, 0.5, 0.4], label='loss')
t = ax.twinx()
t.plot([1, 2, 3], [0.6, 0.8, 0.9], 'r', label='accuracy')
fig.legend(loc='upper right', title='curves')
# ---- figure_legend_of_labels
# a figure legend of labels given names every artist of every axes in turn
import matplotlib.pyplot as plt
fig2, (a, b) = plt.subplots(1, 2)
a.plot([1, 2], label='_hidden')
a.bar([1, 2], [1, 2], label='bars')
b.scatter([1], [1], label='pts')
plt.figlegend(['one', 'two', 'three'], loc='lower center')
# ---- rectangles_by_hand
# an unfilled box over an image, as detection tutorials mark a region; a turned, faded
# rectangle recoloured; an old-style rectangle proxy in the legend
import matplotlib.pyplot as plt
import matplotlib.patches as mpatches
fig, ax = plt.subplots()
ax.imshow([[0, 1], [1, 0]], cmap='gray')
box = mpatches.Rectangle((-0.4, -0.4), 1.2, 0.8, linewidth=2, edgecolor='r', facecolor='none')
ax.add_patch(box)
turned = plt.Rectangle((0.6, 0.6), 0.5, 0.5, angle=30, color='yellow', alpha=0.5)
ax.add_patch(turned)
turned.set_color('blue')
print(box, box.get_x(), box.get_width(), turned.get_height())
ax.legend([mpatches.Rectangle((0, 0), 1, 1, fc='green')], ['class 1'])
# ---- log_loss_curves
# loss curves on a log axis, as training tutorials draw them: the decades and the minor
# ticks between them labelled when the view spans less than a decade
import numpy as np
import matplotlib.pyplot as plt
epochs = np.arange(1, 31)
fig, ax = plt.subplots()
ax.plot(epochs, 0.35 * np.exp(-epochs / 12) + 0.04, label='loss')
ax.plot(epochs, 0.38 * np.exp(-epochs / 15) + 0.06, label='val_loss')
ax.set_yscale('log')
ax.legend()
print(ax.get_yscale(), ax.get_xscale(), ['%.12g' % v for v in ax.get_ylim()])
# ---- learning_rate_finder
# loss against a learning rate swept over five decades, semilogx, and a loglog of base 2
import numpy as np
import matplotlib.pyplot as plt
fig, (a, b) = plt.subplots(1, 2)
lrs = 1e-6 * 10 ** (np.arange(1, 31) / 6)
a.semilogx(lrs, 1 / (1 + lrs * 100), 'r--', label='loss')
a.grid(True)
b.loglog([1, 4, 64, 1000], [2, 3, 50, 900], base=2)
print(['%.12g' % v for v in a.get_xlim()], b.get_xscale(), b.get_yscale())
# ---- log_bars_and_slivers
# bars on a log axis start at their least height; a view of less than one decade is
# ticked by AutoLocator's minor ticks; a single value spans the decades around it; pyplot's
# yscale on shared axes; explicit limits
import matplotlib.pyplot as plt
fig, (a, b, c, d) = plt.subplots(1, 4, sharey=False)
a.bar(['x', 'y', 'z'], [5, 50, 2000])
a.set_yscale('log')
b.plot([1, 2, 3], [0.27, 0.3, 0.33])
b.set_yscale('log')
c.plot([1, 2], [5, 5], 'o')
c.set_xscale('log')
plt.sca(c)
plt.yscale('log')
d.plot([1, 10, 100], [3, 2, 1])
d.set_xscale('log')
d.set_xlim(0.5, 500)
d.set_yscale('linear')
print(['%.12g' % v for v in a.get_ylim() + b.get_ylim() + c.get_xlim() + c.get_ylim()])
# ---- log_many_decades
# short log axes over many decades: a power of ten every few decades, and no minor ticks;
# a base that is no integer
import numpy as np
import matplotlib.pyplot as plt
fig, (a, b, c, d) = plt.subplots(1, 4, figsize=(6, 1))
a.semilogy([1, 2], [1, 1e4])
b.semilogy([1, 2], [1, 300])
c.loglog([1e-9, 1e6], [1, 2])
d.semilogy([1, 2], [1, 50], base=np.e)
# ---- log_hist_and_barh
# hist(log=True) and barh(log=True): the counts' axis log
import matplotlib.pyplot as plt
fig, (a, b) = plt.subplots(1, 2)
a.hist([1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 7], bins=4, log=True)
b.barh(['u', 'v'], [3, 3000], log=True)
print(a.get_yscale(), b.get_xscale(), b.get_yscale())
# ---- pandas_log_plots
# a history frame plotted with logy=True, as Keras tutorials plot pd.DataFrame(history)
import pandas as pd
import matplotlib.pyplot as plt
fig, (a, b) = plt.subplots(1, 2)
df = pd.DataFrame({'loss': [0.9, 0.3, 0.1, 0.05], 'val_loss': [1.0, 0.5, 0.3, 0.25]})
df.plot(logy=True, ax=a)
df['loss'].plot(loglog=True, ax=b)
# ---- axes_set
# Axes.set and FacetGrid.set naming and scaling axes in one call, as seaborn tutorials do
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
sns.lineplot(x=[1, 2, 3], y=[1, 10, 100], ax=ax)
print(len(ax.set(yscale='log', title='Loss', xlabel='epoch', xlim=(0, 4))))
try:
    ax.set(colour='r')
except AttributeError as e:
    print("unexpected keyword argument 'colour'" in str(e))
# ---- facet_grid_set
import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
df = pd.DataFrame({'a': [1.0, 20, 300, 4], 'b': [1, 2, 3, 4], 'k': [0, 0, 1, 1]})
g = sns.FacetGrid(df, col='k')
g.map(sns.scatterplot, 'b', 'a')
print(type(g.set(yscale='log', xlabel='b value')).__name__)
# ---- minor_ticks_on
# minorticks_on: four or five minor ticks a major step on linear axes, gridded with
# which='both'; tick_params of the minor ticks
import matplotlib.pyplot as plt
fig, (a, b) = plt.subplots(1, 2)
a.plot([0, 10], [0, 0.7])
a.minorticks_on()
a.grid(which='both')
b.plot([-3, 3], [100, 400])
plt.minorticks_on()
plt.tick_params(which='minor', length=4, width=1)
b.minorticks_off()
b.minorticks_on()
