# ---
# jupyter:
#   course:
#     after: [custom-training-loop.md]
# ---

# %% [markdown]
# # A training loop of your own { #custom-training-loop }
#
# `fit` hides a loop: batches, loss, gradients, the optimizer's step, metrics
# and validation in every epoch. In this lesson you write all of it for a
# digit classifier and check, with numbers, that it does the same as `fit`:
#
# - `keras.ops`, Keras 3's NumPy-like operations, compared with NumPy;
# - a loop of your own with `tf.GradientTape`, an optimizer, metrics that are
#   updated and reset every epoch, and validation at the end of each one;
# - the same training with `fit`, first with Keras's own step and then with a
#   custom `train_step`, and the losses of every epoch compared with a
#   relative tolerance;
# - `EarlyStopping` and a callback of your own working with that
#   `train_step`, and the final evaluation on a test set.
#
# It is the complete version of the pages
# [keras.ops and stateful metrics](../../keras-ops/) and
# [A training loop of your own](../../custom-training-loop/), which explain
# each piece, with the same data, the same initial weights and the same
# figures; here you also get the curves and a callback of your own.
#
# **What depends on the backend.** The model, `keras.ops`, the metrics and
# validation are backend-neutral code, which works the same with TensorFlow,
# JAX or PyTorch. Gradients with `tf.GradientTape` belong to TensorFlow: the
# sections marked "(TensorFlow)" only work with that backend, the course's,
# and are the only ones that use `tf`.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from keras import ops
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
keras.utils.set_random_seed(SEED)  # Python, NumPy and the backend at once

print("Keras", keras.__version__, "| backend:", keras.backend.backend())

# %% [markdown]
# ## keras.ops versus NumPy { #keras-ops }
#
# `keras.ops` has almost all of NumPy's functions, with the same names and
# arguments, plus the neural-network ones (`softmax`, `relu`, `logsumexp`...).
# They are not an exact copy: they follow their own type rules. They take
# NumPy arrays or tensors and return a backend tensor;
# `ops.convert_to_numpy` turns it back into NumPy. The cell computes each
# operation both ways on the same array and checks that they agree. For
# `softmax` and `logsumexp`, which NumPy lacks, the NumPy version is their
# formula.

# %%
rng = np.random.default_rng(SEED)
a = rng.normal(size=(4, 3)).astype("float32")
exp_a = np.exp(a)

pairs = {
    "matmul(a, a.T)": (ops.matmul(a, ops.transpose(a)), a @ a.T),
    "mean(a, axis=0)": (ops.mean(a, axis=0), a.mean(axis=0)),
    "argmax(a, axis=1)": (ops.argmax(a, axis=1), a.argmax(axis=1)),
    "softmax(a)": (ops.softmax(a), exp_a / exp_a.sum(axis=1, keepdims=True)),
    "logsumexp(a, axis=1)": (ops.logsumexp(a, axis=1), np.log(exp_a.sum(axis=1))),
}
for name, (with_ops, with_numpy) in pairs.items():
    with_ops = ops.convert_to_numpy(with_ops)
    print(f"{name:<22} {str(with_ops.shape):<7} same as NumPy: {np.allclose(with_ops, with_numpy, atol=1e-6)}")
    assert with_ops.shape == with_numpy.shape
    assert np.allclose(with_ops, with_numpy, atol=1e-6)

# %% [markdown]
# These operations can also express a loss. Sparse cross-entropy is the mean
# of −log of the probability the model gives to the correct class;
# `take_along_axis` picks that probability in each row. It gives the same as
# Keras's loss on any probabilities.

# %%
def sparse_cross_entropy(labels, probabilities):
    picked = ops.take_along_axis(probabilities, ops.expand_dims(labels, axis=-1), axis=-1)
    return -ops.mean(ops.log(picked))


labels = rng.integers(0, 3, size=4)
probabilities = ops.softmax(a)
mine = float(sparse_cross_entropy(labels, probabilities))
keras_value = float(keras.losses.SparseCategoricalCrossentropy()(labels, probabilities))
print(f"sparse_cross_entropy: {mine:.6f} | keras.losses: {keras_value:.6f}")

assert abs(mine - keras_value) < 1e-6

# %% [markdown]
# ## The data { #the-data }
#
# scikit-learn's digits, scaled to [0, 1] and split into three sets:
# training (60%), validation (20%), measured at the end of every epoch, and
# test (20%), left untouched until the end. The test set is the one of Your
# first model.

# %%
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
x_train, x_test, y_train, y_test = train_test_split(
    x, digits.target, test_size=0.2, random_state=SEED, stratify=digits.target
)
x_train, x_val, y_train, y_val = train_test_split(
    x_train, y_train, test_size=0.25, random_state=SEED, stratify=y_train
)
print("train:", x_train.shape, "| val:", x_val.shape, "| test:", x_test.shape)

assert len(x_train) + len(x_val) + len(x_test) == 1797

# %% [markdown]
# ## The model, backend-neutral { #the-model }
#
# A subclass of `keras.Model` with two dense layers and nothing from
# TensorFlow. It has no random layers (a `Dropout` would draw its zeros
# differently in every training run). The weights are created on the first
# call, and `get_weights` keeps the initial ones: every training run in the
# lesson starts from them.

# %%
class DigitsModel(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = keras.layers.Dense(32, activation="relu", name="hidden")
        self.output_layer = keras.layers.Dense(10, activation="softmax", name="output")

    def call(self, inputs):
        return self.output_layer(self.hidden(inputs))


keras.utils.set_random_seed(SEED)  # the same initial weights as on the page
reference = DigitsModel(name="reference")
_ = reference(x_train[:1])  # the first call creates the weights
initial_weights = reference.get_weights()  # a copy, as NumPy arrays


def new_model(name, model_class=DigitsModel):
    model = model_class(name=name)  # a new model, with the shared initial weights
    _ = model(x_train[:1])
    model.set_weights(initial_weights)
    return model


print([tuple(w.shape) for w in initial_weights])

assert sum(w.size for w in initial_weights) == 64 * 32 + 32 + 32 * 10 + 10

# %% [markdown]
# ## Loss, metrics and validation, backend-neutral { #metrics-and-validation }
#
# The loop keeps four metrics, with the names `fit` uses in its history.
# Each one keeps a state: `update_state` adds a batch to it, `result`
# returns the accumulated value and `reset_state` empties it at the start of
# every epoch. Each batch's loss is added with a `sample_weight` equal to the
# batch size, as `fit` does: the epoch's loss is then the mean over the
# images, and the last, smaller batch weighs what it should.
#
# `batches` splits the data into batches, always in the same order, and
# `validate` goes through the validation set without computing gradients.
# With the untrained model, the validation loss is close to −log 0.1 ≈ 2.30
# and the accuracy close to 0.1: the model cannot yet tell one digit from
# another.

# %%
BATCH_SIZE = 64
EPOCHS = 10
LEARNING_RATE = 0.01

loss_fn = keras.losses.SparseCategoricalCrossentropy()
train_loss = keras.metrics.Mean(name="loss")
train_accuracy = keras.metrics.SparseCategoricalAccuracy(name="accuracy")
val_loss = keras.metrics.Mean(name="val_loss")
val_accuracy = keras.metrics.SparseCategoricalAccuracy(name="val_accuracy")
METRICS = [train_loss, train_accuracy, val_loss, val_accuracy]


def batches(x, y, batch_size=BATCH_SIZE):
    for start in range(0, len(x), batch_size):
        yield x[start : start + batch_size], y[start : start + batch_size]


def validate(model, loss=loss_fn):
    for x_batch, y_batch in batches(x_val, y_val):
        y_pred = model(x_batch, training=False)
        val_loss.update_state(loss(y_batch, y_pred), sample_weight=ops.shape(x_batch)[0])
        val_accuracy.update_state(y_batch, y_pred)


validate(reference)
print(f"untrained: val_loss = {float(val_loss.result()):.3f} | val_accuracy = {float(val_accuracy.result()):.3f}")

assert 2.0 < float(val_loss.result()) < 2.7
assert float(val_accuracy.result()) < 0.3

# %% [markdown]
# ## The loop (TensorFlow) { #the-loop }
#
# The training step is what needs TensorFlow (here and, further down, in
# `train_step`): inside `tf.GradientTape` the model predicts with
# `training=True` and the batch's loss is computed; `tape.gradient` gives its
# gradients with respect to the trainable variables, and `optimizer.apply`
# takes the optimizer's step (the same as
# `optimizer.apply_gradients(zip(grads, variables))`). `@tf.function`
# compiles the step into a graph, as `fit` does with its own.
#
# `train_by_hand` is the whole loop: in every epoch it resets the metrics,
# takes one step per batch, validates and records the results. It receives
# the model, the optimizer and the loss, because further down you will run it
# with another loss.
#
# <!-- tensorflow-only: next "computes the gradients with `tf.GradientTape` and compiles the step with `tf.function`, from TensorFlow" -->

# %%
import tensorflow as tf


def train_by_hand(model, optimizer, loss=loss_fn, epochs=EPOCHS):
    @tf.function  # one graph per training run, as in fit
    def train_step(x_batch, y_batch):
        with tf.GradientTape() as tape:
            y_pred = model(x_batch, training=True)
            batch_loss = loss(y_batch, y_pred)
        grads = tape.gradient(batch_loss, model.trainable_variables)
        optimizer.apply(grads, model.trainable_variables)
        train_loss.update_state(batch_loss, sample_weight=ops.shape(x_batch)[0])
        train_accuracy.update_state(y_batch, y_pred)

    history = {metric.name: [] for metric in METRICS}
    for epoch in range(epochs):
        for metric in METRICS:
            metric.reset_state()  # every epoch starts from zero
        for x_batch, y_batch in batches(x_train, y_train):
            train_step(x_batch, y_batch)
        validate(model, loss)
        for metric in METRICS:
            history[metric.name].append(float(metric.result()))
    return history


hand_model = new_model("hand")
hand_history = train_by_hand(hand_model, keras.optimizers.Adam(learning_rate=LEARNING_RATE))

print("epoch   loss    accuracy  val_loss  val_accuracy")
for epoch in range(EPOCHS):
    row = [hand_history[key][epoch] for key in ["loss", "accuracy", "val_loss", "val_accuracy"]]
    print(f"{epoch + 1:>5}  " + "  ".join(f"{value:8.4f}" for value in row))

assert all(later < earlier for earlier, later in zip(hand_history["loss"], hand_history["loss"][1:]))
assert hand_history["loss"][-1] < hand_history["loss"][0] / 5
assert hand_history["val_accuracy"][-1] > 0.9

# %% [markdown]
# The training loss drops in every epoch and, at the end, the model gets
# more than 90% of the validation images right.

# %% [markdown]
# ## The same training with fit { #fit }
#
# Now `fit`, with Keras's own training step. To compare epoch by epoch,
# everything has to be equal: the same data, the same initial weights
# (`new_model` copies them with `set_weights`), a new optimizer with the
# same learning rate, and the batches in the same order: `shuffle=False`,
# because by default `fit` shuffles them every epoch. `compile` and `fit`
# are backend-neutral: this cell works with any backend.

# %%
keras_model = new_model("keras_fit")
keras_model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
keras_history = keras_model.fit(
    x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, shuffle=False,
    validation_data=(x_val, y_val), verbose=0,
).history
print(sorted(keras_history))

assert sorted(keras_history) == ["accuracy", "loss", "val_accuracy", "val_loss"]

# %% [markdown]
# ## A custom train_step inside fit (TensorFlow) { #train-step }
#
# The middle ground between `fit` and a loop of your own: write only the
# step and leave the loop to `fit`, which keeps calling the callbacks and
# keeping the history. `DigitsModelWithSteps` inherits the model and adds:
#
# - `train_step`, the loop's training step, with the model's loss and
#   optimizer (TensorFlow only, because of `tf.GradientTape`);
# - `test_step`, the validation step, which `fit` calls with
#   `validation_data` and `evaluate` uses too (backend-neutral: it computes
#   no gradients);
# - the `metrics` property, the list of metrics that `fit` and `evaluate`
#   reset at the start of every epoch and every validation.
#
# `compile` only receives the optimizer: the model carries the loss and the
# metrics.
#
# <!-- tensorflow-only: next "its `train_step` computes the gradients with `tf.GradientTape`, from TensorFlow" -->

# %%
class DigitsModelWithSteps(DigitsModel):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.loss_fn = keras.losses.SparseCategoricalCrossentropy()
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.accuracy_tracker = keras.metrics.SparseCategoricalAccuracy(name="accuracy")

    @property
    def metrics(self):
        return [self.loss_tracker, self.accuracy_tracker]

    def train_step(self, data):  # TensorFlow only: tf.GradientTape
        x_batch, y_batch = data
        with tf.GradientTape() as tape:
            y_pred = self(x_batch, training=True)
            loss = self.loss_fn(y_batch, y_pred)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply(grads, self.trainable_variables)
        return self.update_metrics(x_batch, y_batch, y_pred, loss)

    def test_step(self, data):  # backend-neutral: no gradients
        x_batch, y_batch = data
        y_pred = self(x_batch, training=False)
        return self.update_metrics(x_batch, y_batch, y_pred, self.loss_fn(y_batch, y_pred))

    def update_metrics(self, x_batch, y_batch, y_pred, loss):
        self.loss_tracker.update_state(loss, sample_weight=ops.shape(x_batch)[0])
        self.accuracy_tracker.update_state(y_batch, y_pred)
        return {"loss": self.loss_tracker.result(), "accuracy": self.accuracy_tracker.result()}


steps_model = new_model("steps_fit", DigitsModelWithSteps)
steps_model.compile(optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE))
steps_history = steps_model.fit(
    x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, shuffle=False,
    validation_data=(x_val, y_val), verbose=0,
).history
print(sorted(steps_history), [metric.name for metric in steps_model.metrics])

assert sorted(steps_history) == sorted(hand_history)

# %% [markdown]
# ## The same numbers? { #same-numbers }
#
# The per-epoch losses of the three training runs are compared with a
# **relative tolerance of 10⁻⁴**. On another machine, with another
# TensorFlow version or with `jit_compile=True`, the last decimal places may
# change, which is normal in `float32` computations; the tolerance lets
# those differences through but not a real mistake. The accuracies count
# correct images: they may differ by one at most.
#
# <!-- tensorflow-only: next "compares with the loop and the `train_step` above, written with `tf.GradientTape`" -->

# %%
TOLERANCE = 1e-4  # relative difference allowed in the losses


def relative_gap(values, reference_values):
    values, reference_values = np.array(values), np.array(reference_values)
    return float(np.max(np.abs(values - reference_values) / np.abs(reference_values)))


print("                 loss      val_loss   accuracy (images)  val_accuracy (images)")
for name, other in [("fit", keras_history), ("train_step", steps_history)]:
    loss_gap = relative_gap(other["loss"], hand_history["loss"])
    val_loss_gap = relative_gap(other["val_loss"], hand_history["val_loss"])
    images = np.max(np.abs(np.array(other["accuracy"]) - hand_history["accuracy"])) * len(x_train)
    val_images = np.max(np.abs(np.array(other["val_accuracy"]) - hand_history["val_accuracy"])) * len(x_val)
    print(f"{name:<12} {loss_gap:10.2e} {val_loss_gap:10.2e} {images:10.0f} {val_images:18.0f}")
    assert loss_gap <= TOLERANCE and val_loss_gap <= TOLERANCE
    assert round(images) <= 1 and round(val_images) <= 1

weight_gap = max(np.max(np.abs(a - b)) for a, b in zip(hand_model.get_weights(), steps_model.get_weights()))
print(f"largest difference between the final weights (hand loop, train_step): {weight_gap:.2e}")

# %% [markdown]
# The differences are zero or lie in the last digits: the three paths do the
# same operations in the same order. The figure puts the three training runs
# together: the lines are your own loop and the markers, the two `fit` runs,
# which land on them.
#
# <!-- tensorflow-only: next "draws the loop and the `train_step` above, written with `tf.GradientTape`" -->

# %%
epochs = np.arange(1, EPOCHS + 1)
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.8))
for ax, metric in [(ax_loss, "loss"), (ax_acc, "accuracy")]:
    for key, color in [(metric, "tab:blue"), (f"val_{metric}", "tab:orange")]:
        ax.plot(epochs, hand_history[key], color=color, label=f"{key} (hand loop)")
        ax.plot(epochs, keras_history[key], "o", color=color, fillstyle="none", label=f"{key} (fit)")
        ax.plot(epochs, steps_history[key], "x", color=color, label=f"{key} (train_step)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend(fontsize=7)
ax_loss.set_yscale("log")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Callbacks with the custom train_step (TensorFlow) { #callbacks }
#
# Since the loop is still `fit`'s, callbacks work as always. In `logs` they
# receive what `train_step` and `test_step` return, the latter with `val_`
# in front. Here are two:
#
# - `EarlyStopping` watches `val_loss`, which `test_step` computes, stops
#   when it has gone two epochs without improving and gives the model back
#   the weights of the best one;
# - `GapLogger`, a callback of your own, records every epoch the distance
#   between the validation loss and the training loss, which grows when the
#   model starts to overfit.
#
# This time `fit` shuffles the batches, as it does by default, and the
# learning rate is 0.03 so that validation bottoms out within a few epochs:
# it is the page's training, with the same seed.
#
# <!-- tensorflow-only: next "trains with the `train_step` above, written with `tf.GradientTape`" -->

# %%
class GapLogger(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.gaps = []

    def on_epoch_end(self, epoch, logs=None):
        self.gaps.append(logs["val_loss"] - logs["loss"])


MAX_EPOCHS = 50
keras.utils.set_random_seed(SEED)  # the same shuffling as on the page
early_model = new_model("early_stopping", DigitsModelWithSteps)
early_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03))
early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
gap_logger = GapLogger()
early_history = early_model.fit(
    x_train, y_train, batch_size=BATCH_SIZE, epochs=MAX_EPOCHS,
    validation_data=(x_val, y_val), callbacks=[early_stopping, gap_logger], verbose=0,
)

epochs_run = len(early_history.epoch)
best_epoch = int(np.argmin(early_history.history["val_loss"]))  # counting from 0
print(f"epochs run: {epochs_run} | best epoch: {best_epoch + 1}")
print("val_loss - loss, first and last epochs:", [round(gap, 3) for gap in gap_logger.gaps[:3]], "...",
      [round(gap, 3) for gap in gap_logger.gaps[-3:]])

assert epochs_run < MAX_EPOCHS
assert early_stopping.best_epoch == best_epoch
assert len(gap_logger.gaps) == epochs_run
assert gap_logger.gaps[0] < 0 < gap_logger.gaps[-1]

# %% [markdown]
# The validation curve drops, bottoms out and stops improving; the vertical
# line marks the best epoch, whose weights the model now has. On the right,
# what `GapLogger` recorded: the distance between validation and training,
# which starts out negative (in the first epoch the training loss is the
# mean over an epoch in which the model was still learning) and grows
# afterward.
#
# <!-- tensorflow-only: next "draws the training above, done with `tf.GradientTape`" -->

# %%
epochs = np.arange(1, epochs_run + 1)
fig, (ax_loss, ax_gap) = plt.subplots(1, 2, figsize=(10, 3.6))
ax_loss.plot(epochs, early_history.history["loss"], label="loss")
ax_loss.plot(epochs, early_history.history["val_loss"], label="val_loss")
ax_loss.axvline(best_epoch + 1, color="gray", linestyle=":", label="best epoch")
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epoch")
ax_loss.legend()
ax_gap.plot(epochs, gap_logger.gaps, color="tab:green")
ax_gap.axhline(0, color="gray", linewidth=0.8)
ax_gap.set_xlabel("epoch")
ax_gap.set_ylabel("val_loss - loss")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Evaluating on the test set { #evaluation }
#
# `evaluate` also uses `test_step`, so it returns the keys of
# `update_metrics`. On the validation data it gives the lowest `val_loss`
# in the history, that of the best epoch; on the test set, which nothing has
# touched so far, it gives the final measure, the same as on the page. The
# accuracy is also checked by hand with `predict` and `ops.argmax`.
#
# <!-- tensorflow-only: next "evaluates the model trained above with `tf.GradientTape`" -->

# %%
val_results = early_model.evaluate(x_val, y_val, batch_size=BATCH_SIZE, verbose=0, return_dict=True)
test_results = early_model.evaluate(x_test, y_test, batch_size=BATCH_SIZE, verbose=0, return_dict=True)
predicted = ops.convert_to_numpy(ops.argmax(early_model.predict(x_test, verbose=0), axis=1))
by_hand = float(np.mean(predicted == y_test))

print(sorted(test_results))
print(f"val_loss now: {val_results['loss']:.4f} | best val_loss: {min(early_history.history['val_loss']):.4f}")
print(f"test: loss = {test_results['loss']:.3f} | accuracy = {test_results['accuracy']:.3f} | by hand = {by_hand:.3f}")

assert np.isclose(val_results["loss"], min(early_history.history["val_loss"]), rtol=TOLERANCE)
assert abs(by_hand - test_results["accuracy"]) < 1e-6
assert test_results["accuracy"] > 0.93

# %% [markdown]
# ## Summary { #summary }
#
# - `keras.ops` has almost all of NumPy's functions, with the same names and
#   arguments, plus the neural-network ones; what you write with them (the
#   model, a loss, validation) works with any backend.
# - A loop of your own: in every epoch, reset the metrics, take one step per
#   batch (prediction, loss, gradients with `tf.GradientTape`,
#   `optimizer.apply`, metrics) and validate without gradients. Gradients
#   are the only thing that ties the loop to TensorFlow.
# - The epoch's loss weights each batch by its size (`sample_weight`), as
#   `fit` does.
# - With the same data, initial weights, batch order and optimizer, the loop,
#   `fit` and a custom `train_step` give the same losses, within a relative
#   tolerance of 10⁻⁴ that lets through differences in the last decimal
#   places.
# - A custom `train_step` (and `test_step`) changes the step without giving
#   up `fit`: callbacks receive what it returns, and `evaluate` uses
#   `test_step`.
#
# To keep practicing: add a `Dropout` layer to the model and check that the
# loop and `fit` no longer agree (each one draws its own zeros); replace
# `Adam` with `SGD` with `momentum=0.9` in the three training runs; or, with
# the JAX backend, write the training step with `jax.value_and_grad` and
# `model.stateless_call`, as in the keras.io guide
# [Writing a training loop from scratch in JAX](https://keras.io/guides/writing_a_custom_training_loop_in_jax/).
