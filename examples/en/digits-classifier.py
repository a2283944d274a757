# ---
# jupyter:
#   course:
#     after: [callbacks.md]
# ---

# %% [markdown]
# # A handwritten digit classifier, end to end { #digits-classifier }
#
# This lesson brings together in a single project what
# [Training and validating a model](../../training/) and
# [Callbacks](../../callbacks/) teach, with the same data, the same split,
# the same seed and the same model, in the order you would do it in
# practice: look at the data, prepare it, train with validation and early
# stopping, plot the curves, measure on the test set and save the model.
# What is new is what the pages neither draw nor pick apart: the images, the
# training curves, the confusion matrix and the model's mistakes, one by
# one.
#
# The data is the digits that ship with scikit-learn (`load_digits`): 1,797
# images of handwritten digits from 0 to 9, at 8 × 8 pixels. They come with
# the library, so there is nothing to download, and there are few of them:
# the model trains in a few seconds on any CPU.

# %%
import os
import shutil
import tempfile
import zipfile

import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix
from sklearn.model_selection import train_test_split

# Seeds Python, NumPy and the backend: the same initial weights and the same
# training every time the notebook runs.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## The data { #the-data }
#
# `load_digits` returns the images in two forms: `images`, with shape
# `(1797, 8, 8)`, for plotting, and `data`, the same values flattened into 64
# columns, which is what the model will take as input. Each pixel is a gray
# level between 0 (white) and 16 (black), and `target` holds the correct
# digit for each image. The ten classes are balanced, with about 180 images
# of each digit.

# %%
digits = load_digits()

print("images:", digits.images.shape, "| data:", digits.data.shape, "| target:", digits.target.shape)
print("data.min() =", digits.data.min(), "| data.max() =", digits.data.max())
print("np.bincount(target) =", np.bincount(digits.target))

assert digits.images.shape == (1797, 8, 8)
assert digits.data.shape == (1797, 64)
assert np.array_equal(digits.images.reshape(1797, 64), digits.data)
assert sorted(set(digits.target)) == list(range(10))

# %% [markdown]
# Before training anything, look at the data. Here are the first 20 images,
# each with its label on top. With only 64 pixels the strokes are very
# coarse, but most digits are easy to recognize.

# %%
fig, axes = plt.subplots(2, 10, figsize=(10, 2.6))
for ax, image, label in zip(axes.flat, digits.images, digits.target):
    ax.imshow(image, cmap="gray_r")
    ax.set_title(str(label))
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Preparing the data { #preprocessing }
#
# Two steps:
#
# 1. **Scale** the pixels to the range [0, 1] by dividing by 16. Neural
#    networks train better on small inputs of similar magnitude. The values
#    also become `float32`, the type Keras works with.
# 2. **Hold out a test set** (20%) that the model will not see until the
#    final evaluation. `stratify=y` keeps the same proportion of each digit
#    in both sets, and `random_state=0` makes the split reproducible (it is
#    the same split as on the pages).
#
# The labels stay as integers from 0 to 9: there is no need to one-hot
# encode them (a vector with a 1 for the right class and 0 elsewhere) when
# the loss is `sparse_categorical_crossentropy`.

# %%
x = (digits.data / 16.0).astype("float32")
y = digits.target

x_train, x_test, y_train, y_test = train_test_split(
    x, y, test_size=0.2, stratify=y, random_state=0
)

print("x_train:", x_train.shape, "| x_test:", x_test.shape)
print(f"x.min() = {x.min():.1f} | x.max() = {x.max():.1f}")

assert x_train.shape == (1437, 64) and x_test.shape == (360, 64)
assert x.dtype == np.float32 and x.min() == 0.0 and x.max() == 1.0
assert np.bincount(y_test).min() >= 34  # stratification spreads every digit evenly

# %% [markdown]
# ## The model { #the-model }
#
# The one from the pages: a small dense network, built with `Sequential`
# because the data flows through the layers one after the other:
#
# - `keras.Input(shape=(64,))`: each sample is a vector of 64 pixels.
# - A hidden `Dense` layer of 32 units with ReLU activation.
# - An output `Dense` layer of 10 units with softmax: for each image it
#   returns one probability per digit, and the ten add up to 1.
#
# The layers are named so that you can recognize them in what is printed
# later.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", name="hidden"),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ],
    name="digits",
)

print(f"{'layer':<14} {'output':<11} {'params':>6}")
for layer in model.layers:
    print(f"{layer.name:<14} {str(tuple(layer.output.shape)):<11} {layer.count_params():>6}")
print(f"{'total':<26} {model.count_params():>6}")

# 64 * 32 + 32 in the hidden layer, 32 * 10 + 10 in the output layer.
assert model.count_params() == (64 * 32 + 32) + (32 * 10 + 10)

# %% [markdown]
# ## Training with early stopping { #training }
#
# `compile`, as on the pages: `Adam` with a learning rate of 0.01,
# cross-entropy with integer labels and accuracy.
#
# `fit` trains in batches of 32 with the pages' two aids:
#
# - `validation_split=0.2` sets aside the last 20% of the training data as
#   a **validation** set, measured at the end of each epoch. Keras takes it
#   from the end of the array without shuffling. That is fine here, because
#   `train_test_split` has already mixed the data, but with ordered data
#   (sorted by class, say) the validation set would be biased.
# - `EarlyStopping` stops training once `val_loss` has gone `patience=5`
#   epochs without improving and, with `restore_best_weights=True`, gives
#   the model back the weights of its best epoch. So you can set a generous
#   maximum number of epochs without fear of overfitting.

# %%
MAX_EPOCHS = 200
PATIENCE = 5

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=PATIENCE, restore_best_weights=True
)
history = model.fit(
    x_train,
    y_train,
    validation_split=0.2,
    epochs=MAX_EPOCHS,
    batch_size=32,
    callbacks=[early_stopping],
    verbose=0,
)

epochs_run = len(history.epoch)
best_epoch = int(np.argmin(history.history["val_loss"]))  # counting from 0
print("history.history:", sorted(history.history))
print(f"epochs_run = {epochs_run} | best_epoch + 1 = {best_epoch + 1}")

assert epochs_run < MAX_EPOCHS  # it stopped before the maximum
assert epochs_run == best_epoch + 1 + PATIENCE  # the best epoch plus 5 without improvement

# %% [markdown]
# Check that the model kept the weights of its best epoch. The
# validation set is the last 20% of the rows of `x_train`: evaluating it
# now, in the same batches of 32 samples, should give the loss that `fit`
# recorded for that epoch.

# %%
split_at = int(len(x_train) * (1 - 0.2))  # as fit does: rounds down
x_val, y_val = x_train[split_at:], y_train[split_at:]
val_loss_now = model.evaluate(x_val, y_val, batch_size=32, verbose=0)[0]

print(f"history.history['val_loss'][best_epoch] = {history.history['val_loss'][best_epoch]:.4f}")
print(f"model.evaluate(x_val, y_val)[0]         = {val_loss_now:.4f}")

assert abs(val_loss_now - history.history["val_loss"][best_epoch]) < 1e-4

# %% [markdown]
# ## Training curves { #training-curves }
#
# `history.history` is a dictionary with a list of values per metric, one
# per epoch. Plotting those lists is the best way to find out what happened
# during training. On the left, the loss; on the right, the accuracy; in
# blue, the training data, and in orange, the validation data. The vertical
# line marks the best epoch.
#
# Both curves improve together for the first few epochs. Then they part
# ways: the training loss keeps falling (note the log scale) and the
# training accuracy gets close to 100%, while the validation loss stops
# falling and starts to rise, and the validation accuracy levels off. The
# model keeps fitting the samples it sees but no longer gets better on new
# images: that widening gap is the sign of **overfitting**. Once the
# validation loss has gone five epochs without improving, `EarlyStopping`
# calls it a day, and the model goes back to the weights of the marked
# epoch, the 10th: the same best epoch as in the figure in
# [Training and validating a model](../../training/#overfitting), because the
# data, the seed and the model are the same.

# %%
epochs = np.arange(1, epochs_run + 1)

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.8))
for ax, metric in [(ax_loss, "loss"), (ax_acc, "accuracy")]:
    ax.plot(epochs, history.history[metric], label="train")
    ax.plot(epochs, history.history[f"val_{metric}"], label="validation")
    ax.axvline(best_epoch + 1, color="gray", linestyle=":", label="best epoch")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend()
ax_loss.set_yscale("log")
plt.tight_layout()
plt.show()

assert history.history["loss"][-1] < history.history["loss"][0] / 5
assert history.history["val_accuracy"][best_epoch] > 0.9

# %% [markdown]
# ## Evaluating on the test set { #evaluation }
#
# The validation set has already played a part in training (it decided when
# to stop), so the honest measure of what the model knows is the test set,
# which nothing has touched so far. `evaluate` returns the loss followed by
# the metrics given to `compile`.

# %%
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)

print(f"test_loss = {test_loss:.3f} | test_accuracy = {test_accuracy:.3f}")

assert test_accuracy > 0.93
assert test_loss < 0.3

# %% [markdown]
# For each image, `predict` returns the ten probabilities of the output
# layer; the predicted class is the most probable one, the `argmax` (the
# `predict_classes` of older code does not exist in Keras 3).

# %%
probabilities = model.predict(x_test, verbose=0)
y_pred = np.argmax(probabilities, axis=1)

print("probabilities:", probabilities.shape)
print("y_pred[:12]:", y_pred[:12])
print("y_test[:12]:", y_test[:12])

assert probabilities.shape == (360, 10)
assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
assert not hasattr(model, "predict_classes")
assert abs(np.mean(y_pred == y_test) - test_accuracy) < 1e-6

# %% [markdown]
# ## Confusion matrix { #confusion-matrix }
#
# Accuracy sums everything up in a single number; the confusion matrix shows
# **which** digits get mistaken for **which**. Each row is the true digit and
# each column the predicted one: the diagonal holds the correct answers, and
# any number off it is a mistake.

# %%
cm = confusion_matrix(y_test, y_pred)

fig, ax = plt.subplots(figsize=(5.5, 5))
ConfusionMatrixDisplay(cm).plot(ax=ax, cmap="Blues", colorbar=False)
ax.set_xlabel("predicted")
ax.set_ylabel("true")
plt.show()

errors = [(cm[i, j], i, j) for i in range(10) for j in range(10) if i != j and cm[i, j] > 0]
print("true → predicted: count")
for count, true_digit, predicted_digit in sorted(errors, reverse=True):
    print(f"{true_digit} → {predicted_digit}: {count}")

assert cm.sum() == len(y_test)
assert np.trace(cm) == np.sum(y_pred == y_test)
assert np.all(cm.sum(axis=1) == np.bincount(y_test))

# %% [markdown]
# ## The model's mistakes { #misclassified-digits }
#
# Looking at the mistakes one by one teaches more than the matrix does. Above
# each image (the first 12 at most) are the true digit, the predicted one and
# the probability the model gave its prediction. With only 8 × 8 pixels,
# several of these digits would puzzle a person too.

# %%
wrong = np.flatnonzero(y_pred != y_test)
print(f"{len(wrong)} / {len(y_test)} misclassified")

shown = wrong[:12]
fig, axes = plt.subplots(1, len(shown), figsize=(1.3 * len(shown), 1.9), squeeze=False)
for ax, i in zip(axes.flat, shown):
    ax.imshow(x_test[i].reshape(8, 8), cmap="gray_r")
    ax.set_title(f"{y_test[i]} → {y_pred[i]}\n{probabilities[i].max():.0%}", fontsize=9)
    ax.axis("off")
plt.tight_layout()
plt.show()

assert 0 < len(wrong) < 0.07 * len(y_test)

# %% [markdown]
# ## Saving and loading the model { #saving-and-loading }
#
# `model.save` writes everything needed to use the model again into a single
# `.keras` file, the same format `ModelCheckpoint` uses: the architecture,
# the weights and the `compile` settings. It is really a ZIP archive, and you
# can list what is inside. `keras.models.load_model` rebuilds the model from
# it. The cell saves it in a temporary folder and checks that the reloaded
# model predicts exactly what the original does.
# [Saving and loading models](../../saving/) covers the other ways to save a
# model later on.

# %%
tmp_dir = tempfile.mkdtemp()
path = os.path.join(tmp_dir, "digits.keras")
model.save(path)

print("namelist():", sorted(zipfile.ZipFile(path).namelist()))

reloaded = keras.models.load_model(path)
reloaded_probabilities = reloaded.predict(x_test, verbose=0)
print("same y_pred:", np.array_equal(np.argmax(reloaded_probabilities, axis=1), y_pred))

assert reloaded.name == "digits"
assert [layer.name for layer in reloaded.layers] == ["hidden", "output"]
assert np.allclose(reloaded_probabilities, probabilities, atol=1e-6)
assert np.array_equal(np.argmax(reloaded_probabilities, axis=1), y_pred)

shutil.rmtree(tmp_dir)

# %% [markdown]
# ## Summary { #summary }
#
# - **Look at the data before training**: shapes, value ranges, class
#   balance and a few samples plotted.
# - **Prepare and split**: scale the inputs and hold out a stratified test
#   set that stays unused until the end.
# - **Train with validation and `EarlyStopping`**: a generous maximum of
#   epochs, `patience` and `restore_best_weights=True` spare you from
#   guessing the number of epochs.
# - **Plot the curves in `History`**: the gap between training and
#   validation gives overfitting away.
# - **Evaluate on the test set once** and look beyond accuracy: the
#   confusion matrix and the actual mistakes tell you what goes wrong.
# - **Save in the `.keras` format** and check that the reloaded model
#   predicts the same.
#
# To keep practicing: change the number of units in the hidden layer or add
# a `Dropout` layer, which zeroes a random part of its inputs during
# training to hold back overfitting
# ([Regularization](../../regularization/#dropout) explains
# it), then compare the training curves and the test accuracy with this
# version's.
