# ---
# jupyter:
#   course:
#     after: [regularization.md]
# ---

# %% [markdown]
# # Overfitting and regularization { #regularization }
#
# This lesson goes with the pages [Underfitting and overfitting](../../overfitting/)
# and [Regularization](../../regularization/), and draws what they measure, with
# the same data, the same seed and the same models. You look at the training
# and validation curves and the decision boundaries of a model that underfits
# and of one that overfits, and then at those of the second page's three
# remedies, which start from the same baseline: `Dropout`, the L2 penalty and
# early stopping. The lesson checks that all three shrink the gap between the
# training and the validation loss, and that they improve the validation
# loss. You need those two pages.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import make_moons

print("Keras", keras.__version__)

# %% [markdown]
# ## The data { #the-data }
#
# The two half-moons of `make_moons`, with `noise=0.35`: the classes overlap,
# so no boundary can get every point right. 200 points for training and 1,000
# for validation, all from the same distribution. On the left, the training
# points; on the right, the validation points.

# %%
points, labels = make_moons(n_samples=1200, noise=0.35, random_state=0)
points = points.astype("float32")
x_train, y_train = points[:200], labels[:200]
x_val, y_val = points[200:], labels[200:]

fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), sharex=True, sharey=True)
for ax, (x, y, title) in zip(axes, [(x_train, y_train, "training (200)"), (x_val, y_val, "validation (1000)")]):
    ax.scatter(x[:, 0], x[:, 1], c=y, cmap="coolwarm", s=10, edgecolors="none")
    ax.set_title(title)
plt.tight_layout()
plt.show()

print("x_train:", x_train.shape, "| x_val:", x_val.shape)
assert x_train.shape == (200, 2) and x_val.shape == (1000, 2)

# %% [markdown]
# ## The experiment { #the-experiment }
#
# The page's functions: `make_model` builds the network (two hidden layers of
# 128 neurons, unless you ask for something else) always with the same seed;
# `train` sets the seed again, so that every model sees the batches in the
# same order, and trains for 40 epochs with batches of 8, with validation in
# a single batch of 1,000 points. `losses` measures the cross-entropy on
# training and on validation with the model in inference mode and without
# penalties; `gap` is their difference. `plot_boundary` paints, for every point of the plane, the
# probability the model gives to class 1 (red) against class 0 (blue), the
# boundary where it is 0.5 and the training points.

# %%
EPOCHS = 40


def make_model(hidden_layers=2, dropout=0.0, l2=0.0, name="model"):
    keras.utils.set_random_seed(0)  # the same initial weights
    regularizer = keras.regularizers.L2(l2) if l2 else None
    layers = [keras.Input(shape=(2,))]
    for i in range(1, hidden_layers + 1):
        layers.append(keras.layers.Dense(128, activation="relu", kernel_regularizer=regularizer, name=f"hidden{i}"))
        if dropout:
            layers.append(keras.layers.Dropout(dropout, name=f"dropout{i}"))
    layers.append(keras.layers.Dense(2, activation="softmax", name="output"))
    model = keras.Sequential(layers, name=name)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def train(model, **options):
    keras.utils.set_random_seed(0)  # the same order of batches
    return model.fit(
        x_train, y_train, epochs=EPOCHS, batch_size=8, shuffle=True,
        validation_data=(x_val, y_val), validation_batch_size=len(x_val),
        verbose=0, **options,
    )


def losses(model):
    crossentropy = keras.losses.SparseCategoricalCrossentropy()
    return tuple(
        round(float(crossentropy(y, keras.ops.convert_to_numpy(model(x, training=False)))), 3)
        for x, y in [(x_train, y_train), (x_val, y_val)]
    )


def gap(model):
    train_loss, val_loss = losses(model)
    return val_loss - train_loss


grid_x, grid_y = np.meshgrid(np.linspace(-2, 3, 120), np.linspace(-1.6, 2.1, 90))
grid = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype("float32")


def plot_boundary(ax, model, title):
    probability = keras.ops.convert_to_numpy(model(grid, training=False))[:, 1].reshape(grid_x.shape)
    ax.contourf(grid_x, grid_y, probability, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.6)
    ax.contour(grid_x, grid_y, probability, levels=[0.5], colors="black", linewidths=1)
    ax.scatter(x_train[:, 0], x_train[:, 1], c=y_train, cmap="coolwarm", s=10, edgecolors="black", linewidths=0.3)
    ax.set_title(title)


def plot_curves(ax, history, title, reference=None):
    epochs = np.arange(1, len(history.history["loss"]) + 1)
    ax.plot(epochs, history.history["loss"], label="training loss")
    ax.plot(epochs, history.history["val_loss"], label="validation loss")
    if reference is not None:
        ax.plot(np.arange(1, len(reference) + 1), reference, color="gray", linestyle=":", label="baseline validation")
    ax.set_xlabel("epoch")
    ax.set_ylim(0, 0.6)
    ax.set_title(title)
    ax.legend(fontsize=8)

# %% [markdown]
# ## Underfitting and overfitting { #underfitting-and-overfitting }
#
# Two models, with the same 40 epochs: `linear`, without hidden layers, and
# the baseline, with its two layers of 128 neurons (17,154 parameters for 200
# points).

# %%
linear = make_model(hidden_layers=0, name="linear")
linear_history = train(linear)
baseline = make_model(name="baseline")
baseline_history = train(baseline)

for model in (linear, baseline):
    train_loss, val_loss = losses(model)
    print(f"{model.name:<9} params={model.count_params():>6} train_loss={train_loss:.3f} val_loss={val_loss:.3f} gap={val_loss - train_loss:.3f}")

baseline_val = baseline_history.history["val_loss"]
best_epoch = int(np.argmin(baseline_val)) + 1
print(f"baseline: best validation loss {min(baseline_val):.3f} at epoch {best_epoch}, {baseline_val[-1]:.3f} at epoch {EPOCHS}")

# Try another seed, from 1 to 7, instead of the 0 in make_model and train:
# the linear network keeps a gap below 0.01 and losses of 0.33 to 0.34; the
# baseline, a gap of 0.17 to 0.29, its best epoch between 5 and 20 and, at
# the end, a validation loss 1.1 to 1.6 times its minimum.
assert gap(linear) < 0.05 and losses(linear)[0] > 0.25
assert gap(baseline) > 0.12
assert best_epoch <= 0.75 * EPOCHS and baseline_val[-1] > 1.05 * min(baseline_val)

# %% [markdown]
# The curves tell both stories. On the left, the linear network: both losses
# go down a little at first and then stay flat, high and together. More
# epochs would not help: a straight line cannot follow the curve of the moons.
# That is **underfitting**. On the right, the baseline: both losses go down
# together for a few epochs, and from the best one (around the tenth) they
# part. The training loss keeps going down and the validation loss goes up:
# **overfitting**.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
plot_curves(axes[0], linear_history, "linear: underfitting")
plot_curves(axes[1], baseline_history, "baseline: overfitting")
axes[1].axvline(best_epoch, color="gray", linestyle=":")
plt.tight_layout()
plt.show()

# %% [markdown]
# The decision boundaries show it another way. The linear network cuts the
# plane with a straight line. The baseline draws a twisted boundary, with bays
# and tongues that stretch out to catch stray training points: it has
# memorized where they are, and those tongues are mistakes on new points,
# which fall wherever they fall.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharex=True, sharey=True)
plot_boundary(axes[0], linear, "linear")
plot_boundary(axes[1], baseline, "baseline")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Three remedies against the same baseline { #three-remedies }
#
# Each model starts from the baseline and changes just one thing:
#
# - `dropout`: a `Dropout(0.5)` layer after each hidden layer.
# - `l2`: an `L2(0.003)` penalty on the weights of both hidden layers.
# - `early_stopping`: the same network, with `EarlyStopping(patience=10,
#   restore_best_weights=True)` watching `val_loss`, within the same maximum
#   of 40 epochs.

# %%
dropout_model = make_model(dropout=0.5, name="dropout")
dropout_history = train(dropout_model)
l2_model = make_model(l2=0.003, name="l2")
l2_history = train(l2_model)
stopped = make_model(name="early_stopping")
early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)
stopped_history = train(stopped, callbacks=[early_stopping])

models = [baseline, dropout_model, l2_model, stopped]
print(f"{'model':<15} {'epochs':>6} {'train_loss':>10} {'val_loss':>9} {'gap':>6} {'gap/baseline':>12}")
for model, history in zip(models, [baseline_history, dropout_history, l2_history, stopped_history]):
    train_loss, val_loss = losses(model)
    print(
        f"{model.name:<15} {len(history.epoch):>6} {train_loss:>10.3f} {val_loss:>9.3f} "
        f"{val_loss - train_loss:>6.3f} {(val_loss - train_loss) / gap(baseline):>12.2f}"
    )

# With seeds 1 to 7, each remedy leaves the gap between 0.22 and 0.73 times
# the baseline's, and the validation loss between 0.25 and 0.30, against 0.31
# to 0.43 for the baseline; early stopping stops between epochs 15 and 30.
for model in models[1:]:
    assert gap(model) < 0.8 * gap(baseline), model.name
    assert losses(model)[1] < losses(baseline)[1], model.name
assert len(stopped_history.epoch) < EPOCHS

# %% [markdown]
# With this seed, all three remedies shrink the gap to less than half (the
# last column), and all three lower the validation loss. They do it in different ways, and the curves show it.
# The dotted line is the baseline's validation loss.
#
# - With `Dropout`, the training curve lies above the baseline's, close to the
#   validation curve: `fit` measures it with `Dropout` active, on a network
#   with half its neurons switched off. The validation curve jumps around
#   from one epoch to the next, but does not rise like the baseline's.
# - With L2, both curves include the penalty (the factor times the sum of the
#   squared weights), so they sit higher than the cross-entropy in the table.
#   The validation curve goes up and down midway, but ends close to its
#   minimum, not far from it like the baseline's.
# - Early stopping is the baseline cut short: the same curve until `val_loss`
#   has gone 10 epochs without improving, and the weights of the best epoch.

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), sharey=True)
for ax, history, title in zip(
    axes,
    [dropout_history, l2_history, stopped_history],
    ["dropout", "l2", "early_stopping"],
):
    plot_curves(ax, history, title, reference=baseline_val)
axes[2].axvline(early_stopping.best_epoch + 1, color="gray", linestyle=":")
plt.tight_layout()
plt.show()

# %% [markdown]
# And the boundaries: all three are smoother than the baseline's and no
# longer stretch out to catch stray points. They look more like each other
# than like the baseline: the shape of the moons is what the three models
# share, and the noise, what they have stopped memorizing.

# %%
fig, axes = plt.subplots(2, 2, figsize=(10, 7.2), sharex=True, sharey=True)
for ax, model in zip(axes.flat, models):
    train_loss, val_loss = losses(model)
    plot_boundary(ax, model, f"{model.name}: val_loss {val_loss:.3f}")
plt.tight_layout()
plt.show()

# %% [markdown]
# The whole experiment in one figure: the training and validation loss of
# each model. Underfitting has both bars high and together; overfitting, one
# low bar and one high; the regularized models, both in between and closer
# together. The best validation loss is among the regularized models.

# %%
names = [model.name for model in [linear] + models]
train_losses, val_losses = zip(*[losses(model) for model in [linear] + models])
positions = np.arange(len(names))
fig, ax = plt.subplots(figsize=(8, 3.6))
ax.bar(positions - 0.2, train_losses, width=0.4, label="training loss")
ax.bar(positions + 0.2, val_losses, width=0.4, label="validation loss")
ax.set_xticks(positions, names)
ax.set_ylabel("cross-entropy (inference mode)")
ax.legend()
plt.tight_layout()
plt.show()

assert min(val_losses) < losses(baseline)[1] and min(val_losses) < losses(linear)[1]

# %% [markdown]
# ## Summary { #summary }
#
# - Underfitting shows as high, close, flat curves; overfitting, as a training
#   curve that keeps going down while the validation curve bottoms out and
#   rises. The decision boundaries show it too: a straight line that does not
#   follow the data, or a boundary that twists itself to catch stray points.
# - To compare remedies, change only the remedy and measure both losses in
#   inference mode, without penalties.
# - `Dropout`, L2 and early stopping shrink the gap (with this seed, to less
#   than half of the baseline's) and improve the validation loss.
# - A small gap is only good if validation improves: the linear network has
#   the smallest of all and is the worst model.
#
# To keep practicing:
#
# - Train the baseline on 1,000 training points instead of 200 (generate more
#   with another `random_state`). How much does the gap shrink without any
#   remedy? More data is the best regularizer.
# - Try several L2 factors (`L2(0.0003)`, `L2(0.003)`, `L2(0.03)`,
#   `L2(0.3)`) and plot the training and validation loss against the factor:
#   you will see the move from overfitting to underfitting.
# - Combine `Dropout(0.3)` and `L2(0.001)` and compare them with each one on
#   its own.
