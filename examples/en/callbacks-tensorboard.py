# %% [markdown]
# # Callbacks and TensorBoard logs { #callbacks-tensorboard }
#
# <!-- tensorflow-only: page "it writes and reads TensorBoard's event files, with TensorFlow's `tf.make_ndarray`" -->
#
# `fit` is not a black box. At fixed points during training (at the start and
# the end, and at the beginning and end of every epoch and every batch) it
# calls the **callbacks** you give it: objects that can read the metrics,
# modify the model or the optimizer, write files and even stop training. They
# let you add behavior to `fit` without rewriting the loop.
#
# In this lesson you train a digit classifier with several callbacks at once:
#
# - `EarlyStopping`, which stops when the validation loss no longer improves;
# - `ModelCheckpoint`, which saves the best model seen so far to disk;
# - `ReduceLROnPlateau`, which lowers the learning rate when progress stalls;
# - `CSVLogger`, which writes each epoch's metrics to a CSV file;
# - a callback of your own that records the weight norm after every epoch;
# - and logs for **TensorBoard**, which you then read back from Python, the
#   way the application itself reads them, to plot the curves and check that
#   they match the history returned by `fit`.
#
# You need [Callbacks](../../callbacks/#callbacks), which introduces
# `EarlyStopping`, `ModelCheckpoint` and `ReduceLROnPlateau`, and
# [TensorBoard](../../tensorboard/#tensorboard), which explains the logs and
# how to read them.

# %%
import csv
import glob
import os
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorboard.backend.event_processing.plugin_event_accumulator import EventAccumulator

# Seeds Python, NumPy and TensorFlow in one go, so anyone who downloads the
# notebook gets the same numbers.
keras.utils.set_random_seed(42)

print("TensorFlow", tf.__version__, "| Keras", keras.__version__)

# %% [markdown]
# ## The data { #the-data }
#
# `load_digits` provides 1797 images of handwritten digits, 8 × 8 pixels each,
# with intensities from 0 to 16. They ship inside scikit-learn, so nothing is
# downloaded. They are flattened into vectors of 64 values between 0 and 1
# and split three ways: training (60%), validation (20%), which the callbacks
# will monitor, and test (20%), which stays untouched until the end.

# %%
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target

x_train, x_test, y_train, y_test = train_test_split(
    x, y, test_size=0.2, stratify=y, random_state=42
)
x_train, x_val, y_train, y_val = train_test_split(
    x_train, y_train, test_size=0.25, stratify=y_train, random_state=42
)

print("train:", x_train.shape, "| val:", x_val.shape, "| test:", x_test.shape)

assert len(x_train) + len(x_val) + len(x_test) == len(x) == 1797
assert x.min() == 0.0 and x.max() == 1.0

# %% [markdown]
# ## The model { #the-model }
#
# A dense network with 64 inputs, two hidden layers of 128 neurons and a
# `softmax` output over the 10 classes. For about 1000 training examples that
# is a large network, which soon starts memorizing them, and Adam's learning
# rate starts at 0.01, ten times the default: that way `EarlyStopping` and
# `ReduceLROnPlateau` get work to do early on.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(128, activation="relu", name="hidden_1"),
        keras.layers.Dense(128, activation="relu", name="hidden_2"),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ],
    name="digits_mlp",
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

# %% [markdown]
# ## A custom callback { #custom-callback }
#
# A callback is a subclass of `keras.callbacks.Callback` that overrides only
# the methods it needs: `on_train_begin`, `on_epoch_end`,
# `on_train_batch_end`... Inside them, `self.model` is the model being trained
# and `logs` is a dictionary with the current metrics (`loss`, `val_loss`,
# `accuracy`...).
#
# Ours records, at the end of every epoch, the Euclidean norm of all the
# model's weights taken together. It is a simple way to see how much the
# weights change from one epoch to the next: while the learning rate is high,
# the norm grows quickly.

# %%
class WeightNormHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        # Reset at the start, in case the callback is reused in another fit.
        self.norms = []

    def on_epoch_end(self, epoch, logs=None):
        weights = self.model.get_weights()
        self.norms.append(float(np.sqrt(sum(np.sum(w**2) for w in weights))))


# %% [markdown]
# ## Logs for TensorBoard { #tensorboard-logs }
#
# TensorBoard is TensorFlow's visualization tool: it reads event files
# (`events.out.tfevents.*`) and draws their curves in the browser. In Keras,
# the `keras.callbacks.TensorBoard` callback writes them: it creates one
# subdirectory per run, `train/` and `validation/`, and after every epoch it
# stores one value per metric, tagged with an `epoch_` prefix (`epoch_loss`,
# `epoch_accuracy`; in `train/`, also `epoch_learning_rate`).
#
# > **Update: TensorFlow 2.21 no longer installs TensorBoard.** Since 2.21,
# > `pip install tensorflow` does not bring in the `tensorboard` package, and
# > without it `keras.callbacks.TensorBoard` makes `fit` fail with
# > `TBNotInstalledError`. Install it separately with `pip install tensorboard`
# > (this course already does).
#
# All the callback needs to know is which folder to write to: a temporary
# folder, outside the course, where `ModelCheckpoint` and `CSVLogger` will
# also leave their files.

# %%
work_dir = tempfile.mkdtemp()
log_dir = os.path.join(work_dir, "logs")
tensorboard_callback = keras.callbacks.TensorBoard(log_dir=log_dir)

# %% [markdown]
# ## All the callbacks together { #all-callbacks }
#
# The settings chosen for the other callbacks:
#
# - `ReduceLROnPlateau(factor=0.5, patience=2)`: if `val_loss` goes two epochs
#   without improving, the learning rate is halved. It also adds each epoch's
#   learning rate to `logs` as `learning_rate`, which is how it reaches the
#   history and the callbacks that come after it.
# - `EarlyStopping(patience=5, restore_best_weights=True)`: if `val_loss` goes
#   five epochs without improving, training stops and the model gets back the
#   weights of its best epoch. Without `restore_best_weights`, the model would
#   keep the weights of the last epoch, which is no longer the best one.
# - `ModelCheckpoint(save_best_only=True)`: saves the whole model to
#   `best.keras` every time `val_loss` improves.
# - `CSVLogger`: one row per epoch in `training.csv`.
#
# At the end of every epoch, `fit` calls the callbacks in list order, and they
# all receive the same `logs` dictionary and the same model. The order rarely
# matters, but here it does, twice:
#
# - The TensorBoard one comes first, so that it records the learning rate the
#   epoch was actually trained with, before `ReduceLROnPlateau` changes it.
#   Placed after it, its learning rate curve would run one epoch ahead of the
#   history's.
# - `CSVLogger` comes after `ReduceLROnPlateau`, so that the `learning_rate`
#   entry the latter adds to `logs` is there when the row is written.
#
# `fit` gets up to 100 epochs: `EarlyStopping` will decide how many are
# needed.

# %%
checkpoint_path = os.path.join(work_dir, "best.keras")
csv_path = os.path.join(work_dir, "training.csv")

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
    validation_data=(x_val, y_val),
    epochs=MAX_EPOCHS,
    batch_size=128,
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

assert epochs_run < MAX_EPOCHS

# %% [markdown]
# ## What each callback did { #what-each-callback-did }
#
# **`EarlyStopping`** cut training off long before 100 epochs. Its
# `best_epoch` attribute says which epoch was best (counting from 0) and,
# since `restore_best_weights=True` was set, the model now holds that
# epoch's weights: its validation loss is the lowest in the history, not the
# last epoch's.

# %%
val_losses = history.history["val_loss"]
best_epoch = int(np.argmin(val_losses))
restored_val_loss, restored_val_accuracy = model.evaluate(x_val, y_val, verbose=0)

print("best epoch:", early_stopping.best_epoch)
print("stopped at epoch:", early_stopping.stopped_epoch)
print(f"val_loss: best {min(val_losses):.4f}, last {val_losses[-1]:.4f}")
print(f"val_loss of the model now: {restored_val_loss:.4f}")

assert early_stopping.best_epoch == best_epoch
assert early_stopping.stopped_epoch == epochs_run - 1 == best_epoch + 5
assert np.isclose(restored_val_loss, min(val_losses), rtol=1e-4)

# %% [markdown]
# **`ModelCheckpoint`** left that same best model on disk. Loaded back, it
# gives the same validation loss, and the test set can finally be used.

# %%
best_model = keras.models.load_model(checkpoint_path)
checkpoint_val_loss, _ = best_model.evaluate(x_val, y_val, verbose=0)
test_loss, test_accuracy = best_model.evaluate(x_test, y_test, verbose=0)

print(f"best.keras: val_loss {checkpoint_val_loss:.4f}")
print(f"best.keras: test accuracy {test_accuracy:.3f}")

assert np.isclose(checkpoint_val_loss, min(val_losses), rtol=1e-4)
assert test_accuracy > 0.93

# %% [markdown]
# **`ReduceLROnPlateau`** lowered the learning rate step by step whenever the
# validation loss stalled. The history holds each epoch's rate under
# `learning_rate`.

# %%
learning_rates = history.history["learning_rate"]
distinct_rates = sorted(set(learning_rates), reverse=True)
print("learning rates used:", ", ".join(f"{lr:g}" for lr in distinct_rates))

assert np.isclose(learning_rates[0], 0.01)
assert learning_rates[-1] < learning_rates[0]
assert all(b <= a for a, b in zip(learning_rates, learning_rates[1:]))

# %% [markdown]
# **`CSVLogger`** wrote one row per epoch with the same columns as the
# history, plus the epoch number. A spreadsheet or pandas can open it, no
# TensorBoard needed.

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
# And **the custom callback** recorded one norm per epoch. It grows fast at first
# and more and more slowly as the learning rate comes down.

# %%
norms = weight_norms.norms
print(f"weight norm: {norms[0]:.2f} (epoch 0)")
print(f"weight norm: {norms[-1]:.2f} (epoch {epochs_run - 1})")

assert len(norms) == epochs_run
assert norms[-1] > norms[0]

# %% [markdown]
# ## Reading the TensorBoard logs { #reading-event-files }
#
# Event files are read from Python with the class the TensorBoard
# application itself loads each run with: `EventAccumulator`, from the
# `plugin_event_accumulator` module (the
# [TensorBoard](../../tensorboard/#what-is-logged) page explains why that one
# and not another). It takes a run's folder and, with `Reload()`, reads all its
# event files; `size_guidance={"tensors": 0}` asks it to keep every point
# instead of a sample.
#
# Every scalar is stored as a tensor of shape `()`: `Tensors(tag)` returns, for
# each epoch, an event with its step (`step`) and that tensor (`tensor_proto`),
# which `tf.make_ndarray` turns into a NumPy array.
# `PluginTagToContent("scalars")` says which tags are curves.
#
# This lesson keeps only the tags that start with `epoch_`. The callback
# writes others too: in `train/`, the model's configuration under the `keras`
# tag (what TensorBoard draws in its *Graphs* tab); in `validation/`,
# `evaluation_loss_vs_iterations` and `evaluation_accuracy_vs_iterations`,
# the same validation metrics with the number of batches trained as the step.

# %%
for run in ("train", "validation"):
    files = glob.glob(os.path.join(log_dir, run, "events.out.tfevents.*"))
    print(f"{run}/: {len(files)} event file(s)")


def read_scalars(run_dir):
    # {tag: (steps, values)} for the epoch_* curves of a run.
    run = EventAccumulator(run_dir, size_guidance={"tensors": 0})  # 0: every point
    run.Reload()
    scalars = {}
    for tag in run.PluginTagToContent("scalars"):
        if tag.startswith("epoch_"):
            events = run.Tensors(tag)
            steps = [event.step for event in events]
            values = [tf.make_ndarray(event.tensor_proto).item() for event in events]
            scalars[tag] = (steps, values)
    return scalars


train_events = read_scalars(os.path.join(log_dir, "train"))
val_events = read_scalars(os.path.join(log_dir, "validation"))
print("train/:", sorted(train_events))
print("validation/:", sorted(val_events))

# %% [markdown]
# What the files hold is exactly what `fit` returned: the same loss, the same
# accuracy and the same learning rate, epoch by epoch. `epoch_loss` in
# `train/` is `loss`, and `epoch_loss` in `validation/` is `val_loss`.

# %%
for tag in ("epoch_loss", "epoch_accuracy"):
    key = tag.removeprefix("epoch_")
    assert train_events[tag][0] == list(range(epochs_run))
    assert val_events[tag][0] == list(range(epochs_run))
    assert np.allclose(train_events[tag][1], history.history[key], rtol=1e-6)
    assert np.allclose(val_events[tag][1], history.history["val_" + key], rtol=1e-6)
assert np.allclose(train_events["epoch_learning_rate"][1], learning_rates, rtol=1e-6)

print("event files == history.history: OK")

# %% [markdown]
# ## The curves { #curves }
#
# The values read from the event files give the same plot TensorBoard would
# show. On the left, the training and validation loss; the vertical line marks
# the best epoch, the one `EarlyStopping` restored and `ModelCheckpoint`
# saved. In the middle, the steps of `ReduceLROnPlateau` (on a log scale). On
# the right, the weight norm recorded by the custom callback: it flattens out
# as the learning rate comes down.

# %%
fig, (ax_loss, ax_lr, ax_norm) = plt.subplots(1, 3, figsize=(10.5, 3.4))

ax_loss.plot(*train_events["epoch_loss"], label="train")
ax_loss.plot(*val_events["epoch_loss"], label="validation")
ax_loss.axvline(best_epoch, color="gray", linestyle=":", label="best epoch")
ax_loss.set_yscale("log")
ax_loss.set_ylabel("epoch_loss")
ax_loss.legend()

ax_lr.step(*train_events["epoch_learning_rate"], where="post", color="tab:green")
ax_lr.set_yscale("log")
ax_lr.set_ylabel("epoch_learning_rate")

ax_norm.plot(range(epochs_run), norms, color="tab:purple")
ax_norm.set_ylabel("weight norm")

for ax in (ax_loss, ax_lr, ax_norm):
    ax.set_xlabel("epoch")
    ax.set_xticks(range(0, epochs_run, 5))

fig.tight_layout()
plt.show()

# %% [markdown]
# ## Opening TensorBoard { #opening-tensorboard }
#
# The `tensorboard` package that the callback needs also installs the
# `tensorboard` command. To look at the logs, point it at the folder that
# contains `train/` and `validation/` (here, `log_dir`; in a real project, a
# fixed folder such as `logs/`):
#
# ```bash
# tensorboard --logdir logs
# ```
#
# then open the address it prints, usually `http://localhost:6006`, in your
# browser; the [TensorBoard](../../tensorboard/#opening-tensorboard) page
# shows what you will see there. In Jupyter or Colab, TensorBoard can be shown
# inside the notebook itself:
#
# ```python
# %load_ext tensorboard
# %tensorboard --logdir logs
# ```
#
# Besides each epoch's metrics, `keras.callbacks.TensorBoard` can also log
# weight histograms (`histogram_freq=1`) or per-batch metrics
# (`update_freq`).
#
# ## Summary { #summary }
#
# - A **callback** is an object that `fit` calls at fixed points during
#   training. You pass them as a list, `fit(..., callbacks=[...])`, and they
#   all receive the same `logs` dictionary with the metrics.
# - `EarlyStopping` stops training when the monitored metric stops improving;
#   with `restore_best_weights=True`, the model ends up with the weights of
#   its best epoch. `ModelCheckpoint` with `save_best_only=True` saves that
#   best model to disk.
# - `ReduceLROnPlateau` lowers the learning rate when progress stalls, and
#   `CSVLogger` writes the metrics to a CSV file.
# - A **custom callback** subclasses `keras.callbacks.Callback` and overrides
#   the methods it needs (`on_train_begin`, `on_epoch_end`...), with access to
#   `self.model` and `logs`.
# - `keras.callbacks.TensorBoard` writes event files with tags such as
#   `epoch_loss` into `train/` and `validation/`. Since TensorFlow 2.21 it
#   needs `pip install tensorboard`. From Python, the files are read with
#   `EventAccumulator`, the class TensorBoard loads each run with, and
#   `tf.make_ndarray`.
