# ---
# jupyter:
#   course:
#     after: [callbacks.md, tensorboard.md]
#     teaches: [keras.callbacks.CSVLogger]
# ---

# %% [markdown]
# # Callbacks and TensorBoard logs { #callbacks-tensorboard }
#
# <!-- tensorflow-only: page "the TensorBoard callback writes its logs with TensorFlow's `tf.summary`" -->
#
# In [Callbacks](../../callbacks/#callbacks) you saw each callback on its own,
# with a training run of its own. In this lesson you put them all together in
# a single `fit`, on the same digits and the same model:
#
# - `EarlyStopping`, which stops when the validation loss no longer improves;
# - `ModelCheckpoint`, which saves the best model seen so far to disk;
# - `ReduceLROnPlateau`, which lowers the learning rate when progress stalls;
# - `CSVLogger`, new here, which writes each epoch's metrics to a CSV file;
# - a callback of your own that records the weight norm after every epoch;
# - and the [TensorBoard](../../tensorboard/#tensorboard-callback) one, which
#   writes the logs you will then open in the application.
#
# At the end you plot the curves of the whole training run from the CSV.
# You need [Callbacks](../../callbacks/#callbacks) and
# [TensorBoard](../../tensorboard/#tensorboard).

# %%
import csv
import os
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

print("Keras", keras.__version__)

# %% [markdown]
# ## The data and the model { #the-data }
#
# The same as in [Callbacks](../../callbacks/#setup): scikit-learn's 1,797
# digits, with the pixels brought into [0, 1]; 20% set aside as the test set,
# with `random_state=0` and `stratify`; and a dense network with one hidden
# layer of 32 neurons, compiled with Adam and a learning rate of 0.02. `fit`
# sets the validation data aside with `validation_split=0.2`: the last 288
# training images.

# %%
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
x_train, x_test, y_train, y_test = train_test_split(
    x, digits.target, test_size=0.2, random_state=0, stratify=digits.target
)
x_val, y_val = x_train[-288:], y_train[-288:]  # what validation_split=0.2 will set aside

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", name="hidden"),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ],
    name="digits",
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.02),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

print("train:", x_train.shape, "| test:", x_test.shape)

assert len(x_train) + len(x_test) == len(x) == 1797
assert len(x_train) - len(x_val) == 1149

# %% [markdown]
# ## A custom callback { #custom-callback }
#
# As in [Callbacks](../../callbacks/#custom-callback), a subclass of
# `keras.callbacks.Callback` that overrides only what it needs. This one
# records, at the end of every epoch, the Euclidean norm of all the model's
# weights taken together: a simple way to see how much they change from one
# epoch to the next.

# %%
class WeightNormHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        # Emptied at the start, in case the callback is reused in another fit.
        self.norms = []

    def on_epoch_end(self, epoch, logs=None):
        weights = self.model.get_weights()
        self.norms.append(float(np.sqrt(sum(np.sum(w**2) for w in weights))))


# %% [markdown]
# ## All the callbacks together { #all-callbacks }
#
# The settings of each one:
#
# - `TensorBoard(log_dir=...)`: the logs, in `logs/train/` and
#   `logs/validation/`.
# - `ReduceLROnPlateau(factor=0.5, patience=2)`: if `val_loss` goes two epochs
#   without improving, the learning rate is halved. It also adds each epoch's
#   learning rate to `logs` as `learning_rate`, which is how it reaches the
#   history and the callbacks that come after it.
# - `EarlyStopping(patience=5, restore_best_weights=True)`: if `val_loss` goes
#   five epochs without improving, training stops and the model gets back the
#   weights of its best epoch.
# - `ModelCheckpoint(save_best_only=True)`: saves the whole model to
#   `best.keras` every time `val_loss` improves.
# - `CSVLogger`: one row per epoch in `training.csv`.
#
# At the end of every epoch, `fit` calls the callbacks in list order, and they
# all get the same `logs` dictionary and the same model. The order rarely
# matters, but here it does twice:
#
# - The TensorBoard callback comes first so that it records the learning rate
#   the epoch was trained with, before `ReduceLROnPlateau` changes it. If it
#   came later, its learning rate curve would run one epoch ahead of the
#   history's.
# - `CSVLogger` comes after `ReduceLROnPlateau` so that it gets the
#   `learning_rate` column the latter adds to `logs`.
#
# Everything is written to a temporary folder, and `fit` gets up to 100
# epochs: `EarlyStopping` will decide how many are needed.

# %%
work_dir = tempfile.mkdtemp()
log_dir = os.path.join(work_dir, "logs")
checkpoint_path = os.path.join(work_dir, "best.keras")
csv_path = os.path.join(work_dir, "training.csv")

tensorboard_callback = keras.callbacks.TensorBoard(log_dir=log_dir)
reduce_lr = keras.callbacks.ReduceLROnPlateau(
    monitor="val_loss", factor=0.5, patience=2
)
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=5, restore_best_weights=True
)
checkpoint = keras.callbacks.ModelCheckpoint(
    checkpoint_path, monitor="val_loss", save_best_only=True
)
weight_norms = WeightNormHistory()

MAX_EPOCHS = 100
history = model.fit(
    x_train,
    y_train,
    validation_split=0.2,
    epochs=MAX_EPOCHS,
    batch_size=64,
    callbacks=[
        tensorboard_callback,
        reduce_lr,
        early_stopping,
        checkpoint,
        keras.callbacks.CSVLogger(csv_path),
        weight_norms,
    ],
    verbose=0,
)

epochs_run = len(history.history["loss"])
print("epochs run:", epochs_run, "of", MAX_EPOCHS)
print("history keys:", sorted(history.history))
print("logs:", sorted(os.listdir(log_dir)))

assert epochs_run < MAX_EPOCHS
assert sorted(os.listdir(log_dir)) == ["train", "validation"]

# %% [markdown]
# ## What each callback did { #what-each-callback-did }
#
# **`EarlyStopping`** cut training short well before 100 epochs. Its
# `best_epoch` attribute says which epoch was best (counting from 0) and,
# with `restore_best_weights=True`, the model now has that epoch's weights:
# its validation loss is the lowest in the history, not the last epoch's.

# %%
val_losses = history.history["val_loss"]
best_epoch = int(np.argmin(val_losses))
restored_val_loss, _ = model.evaluate(x_val, y_val, verbose=0)

print("best epoch:", early_stopping.best_epoch)
print("stopped at epoch:", early_stopping.stopped_epoch)
print(f"val_loss: best {min(val_losses):.4f}, last {val_losses[-1]:.4f}")
print(f"val_loss of the model now: {restored_val_loss:.4f}")

assert early_stopping.best_epoch == best_epoch
assert early_stopping.stopped_epoch == epochs_run - 1 == best_epoch + 5
assert np.isclose(restored_val_loss, min(val_losses), rtol=1e-4)

# %% [markdown]
# **`ModelCheckpoint`** left that same best model on disk. Loaded back, it
# gives the same validation loss, and now the test set can finally be used.

# %%
best_model = keras.models.load_model(checkpoint_path)
checkpoint_val_loss, _ = best_model.evaluate(x_val, y_val, verbose=0)
test_loss, test_accuracy = best_model.evaluate(x_test, y_test, verbose=0)

print(f"best.keras: val_loss {checkpoint_val_loss:.4f}")
print(f"best.keras: test accuracy {test_accuracy:.3f}")

assert np.isclose(checkpoint_val_loss, min(val_losses), rtol=1e-4)
assert test_accuracy > 0.9

# %% [markdown]
# **`ReduceLROnPlateau`** lowered the learning rate step by step whenever
# validation stalled. The history keeps each epoch's rate under
# `learning_rate`.

# %%
learning_rates = history.history["learning_rate"]
distinct_rates = sorted(set(learning_rates), reverse=True)
print("learning rates used:", ", ".join(f"{lr:g}" for lr in distinct_rates))

assert np.isclose(learning_rates[0], 0.02)
assert learning_rates[-1] < learning_rates[0]
assert all(b <= a for a, b in zip(learning_rates, learning_rates[1:]))

# %% [markdown]
# **`CSVLogger`** wrote one row per epoch with the same columns as the
# history, plus the epoch number. It opens in a spreadsheet or with pandas,
# and it outlives the Python process, which `fit`'s history does not.

# %%
with open(csv_path, newline="") as csv_file:
    rows = list(csv.DictReader(csv_file))

print("columns:", list(rows[0]))
print("last row:")
for key, value in rows[-1].items():
    print(f"  {key:<14} {float(value):.4g}")

assert len(rows) == epochs_run
assert np.allclose([float(row["val_loss"]) for row in rows], val_losses)

# %% [markdown]
# And **the custom callback** recorded one norm per epoch. It grows quickly at
# first and more and more slowly as the learning rate comes down.

# %%
norms = weight_norms.norms
print(f"weight norm: {norms[0]:.2f} (epoch 0)")
print(f"weight norm: {norms[-1]:.2f} (epoch {epochs_run - 1})")

assert len(norms) == epochs_run
assert norms[-1] > norms[0]

# %% [markdown]
# ## The curves { #curves }
#
# The CSV's columns draw what TensorBoard would show. On the left, the
# training and validation loss; the vertical line marks the best epoch, the
# one `EarlyStopping` restored and `ModelCheckpoint` saved. In the middle, the
# steps of `ReduceLROnPlateau` (on a log scale). On the right, the weight norm
# recorded by the custom callback: it flattens out as the learning rate comes
# down.

# %%
epochs = [int(row["epoch"]) for row in rows]


def column(name):
    return [float(row[name]) for row in rows]


fig, (ax_loss, ax_lr, ax_norm) = plt.subplots(1, 3, figsize=(10.5, 3.4))

ax_loss.plot(epochs, column("loss"), label="train")
ax_loss.plot(epochs, column("val_loss"), label="validation")
ax_loss.axvline(best_epoch, color="gray", linestyle=":", label="best epoch")
ax_loss.set_yscale("log")
ax_loss.set_ylabel("loss")
ax_loss.legend()

ax_lr.step(epochs, column("learning_rate"), where="post", color="tab:green")
ax_lr.set_yscale("log")
ax_lr.set_ylabel("learning rate")

ax_norm.plot(epochs, norms, color="tab:purple")
ax_norm.set_ylabel("weight norm")

for ax in (ax_loss, ax_lr, ax_norm):
    ax.set_xlabel("epoch")
    ax.set_xticks(range(0, epochs_run, 5))

fig.tight_layout()
plt.show()

# %% [markdown]
# ## Opening TensorBoard { #opening-tensorboard }
#
# The same curves are in the logs of the `TensorBoard` callback. To see them,
# point TensorBoard at the folder that holds `train/` and `validation/` (here,
# `log_dir`; in a real project, a fixed folder such as `logs/`):
#
# ```bash
# tensorboard --logdir logs
# ```
#
# and open the address it prints in the browser, usually
# `http://localhost:6006`; the [TensorBoard](../../tensorboard/#opening-tensorboard)
# page shows what you see there. In Jupyter or Colab, TensorBoard can be shown
# inside the notebook itself:
#
# ```python
# %load_ext tensorboard
# %tensorboard --logdir logs
# ```
#
# ## Summary { #summary }
#
# - Several callbacks combine in a single list, `fit(..., callbacks=[...])`.
#   They all get the same `logs` dictionary, in list order, and sometimes that
#   order matters: the one that adds something to `logs` (like
#   `ReduceLROnPlateau`, the learning rate) has to come before the one that
#   reads it.
# - `EarlyStopping` with `restore_best_weights=True` and `ModelCheckpoint`
#   with `save_best_only=True` keep the best model in memory and on disk; the
#   test set is used only at the end, with that model.
# - `CSVLogger` leaves each epoch's metrics in a CSV file, enough to plot the
#   curves without TensorBoard.
# - A custom callback can record anything about the model every epoch, such
#   as the norm of its weights.
#
# To keep practicing: set `EarlyStopping`'s `patience` to 2 and to 10 and
# compare the epoch where it stops and the test accuracy, or put the
# TensorBoard callback last in the list and compare, in TensorBoard, its
# `epoch_learning_rate` curve with the history's.
