# ---
# jupyter:
#   course:
#     after: [custom-layers.md, subclassing.md, subclassing-costs.md, saving.md]
#     teaches: [keras.ops.expand_dims, keras.ops.sum, keras.ops.square, keras.ops.exp, keras.ops.all]
# ---

# %% [markdown]
# # A custom layer inside a subclassed model { #custom-layer-subclassed-model }
#
# The layers that ship with Keras, together with `Sequential` and the
# Functional API, cover most problems. Sooner or later, though, you will want
# something that is not in the catalog: a new operation with trainable
# parameters of its own, or a model whose forward pass depends on whether it is
# training or predicting. The first calls for **a custom layer** (a subclass of
# `keras.layers.Layer`); the second, for **a subclassed model** (a subclass of
# `keras.Model`).
#
# In this lesson you will do both and put them together: a **radial basis
# function** (RBF) network, a classic that Keras does not include, that
# separates the two half-moons of `make_moons`. Then you will look at what
# the layer has learned, save the model to a `.keras` file and check that,
# once loaded, it predicts exactly the same.
#
# You need [Custom layers](../../custom-layers/#custom-layers),
# [Model subclassing](../../subclassing/#subclassing),
# [The cost of subclassing](../../subclassing-costs/#serialization) and, for
# the end, [Saving and loading models](../../saving/#custom-models).

# %%
import json
import os
import tempfile
import zipfile

import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split

# Seeds Python, NumPy and the backend in one go (and with them the layers'
# initial weights), as the course's pages do, so anyone who downloads the
# notebook gets the same numbers.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__, "| backend", keras.backend.backend())

# %% [markdown]
# ## The data { #the-data }
#
# scikit-learn's `make_moons` generates two interleaving half-moons, one per
# class, with some noise: no straight line separates them, so the model has to
# learn a curved boundary. The points are generated right here; nothing is
# downloaded.
#
# A quarter of the points is held out for evaluation, and both coordinates
# are **standardized** (mean 0, standard deviation 1) using the mean and
# standard deviation of the training set. The data then lies roughly within
# the square [−2, 2] × [−2, 2], which tells where to place the layer's
# centers at the start.

# %%
x, y = make_moons(n_samples=600, noise=0.2, random_state=0)
x_train, x_test, y_train, y_test = train_test_split(
    x, y, test_size=0.25, stratify=y, random_state=0
)

mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = ((x_train - mean) / std).astype("float32")
x_test = ((x_test - mean) / std).astype("float32")
y_train = y_train.astype("float32")
y_test = y_test.astype("float32")

print("x_train:", x_train.shape, "| x_test:", x_test.shape)
print("mean(y_train) =", y_train.mean(), "| mean(y_test) =", y_test.mean())

assert x_train.shape == (450, 2) and x_test.shape == (150, 2)
assert np.allclose(x_train.mean(axis=0), 0.0, atol=1e-5)
assert y_train.mean() == y_test.mean() == 0.5

# %% [markdown]
# ## A custom layer: radial basis functions { #rbf-layer }
#
# Each of the *k* neurons of an RBF layer has a **center** **c**ⱼ and a
# **width** σⱼ, and responds with a Gaussian bump that depends on how far the
# point **x** is from its center:
#
# φⱼ(**x**) = exp(−‖**x** − **c**ⱼ‖² / (2σⱼ²))
#
# The response is 1 right at the center and falls towards 0 as you move away,
# the faster the smaller σⱼ is. Centers and widths are trainable: gradient
# descent will move them wherever they help the classification.
#
# The layer splits the work as in
# [Custom layers](../../custom-layers/#custom-layer): the hyperparameters in
# `__init__`, the weights in `build` (their shape depends on the number of
# coordinates of the input), the computation in `call`, with `keras.ops`
# (`expand_dims` adds an axis; `sum`, `square` and `exp` do what their names
# say), and the constructor arguments in `get_config`. Just one novelty: the
# layer stores the logarithm of the widths rather than the widths themselves,
# so σⱼ = exp(log σⱼ) stays positive whatever the optimizer does to it.
#
# The `@keras.saving.register_keras_serializable` decorator enters the class in
# Keras's registry under the name `course>RBF`; loading the model needs that
# name.

# %%
@keras.saving.register_keras_serializable(package="course")
class RBF(keras.layers.Layer):
    # Gaussian radial basis functions with trainable centers and widths.

    def __init__(self, units, initial_width=1.0, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.initial_width = initial_width

    def build(self, input_shape):
        # Centers are drawn from the same distribution as the standardized
        # data; all widths start at initial_width.
        self.centers = self.add_weight(
            shape=(self.units, input_shape[-1]),
            initializer=keras.initializers.RandomNormal(stddev=1.0),
            name="centers",
        )
        self.log_widths = self.add_weight(
            shape=(self.units,),
            initializer=keras.initializers.Constant(np.log(self.initial_width)),
            name="log_widths",
        )

    def call(self, inputs):
        # (batch, 1, d) - (k, d) -> (batch, k, d): every point against every center.
        diff = keras.ops.expand_dims(inputs, axis=1) - self.centers
        squared_distances = keras.ops.sum(keras.ops.square(diff), axis=-1)
        widths = keras.ops.exp(self.log_widths)
        return keras.ops.exp(-squared_distances / (2.0 * keras.ops.square(widths)))

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "initial_width": self.initial_width})
        return config


# %% [markdown]
# First, the layer on its own, with three points. Before the first call it
# has no weights; calling it makes `build` create them with the right shapes:
# 4 centers with 2 coordinates each, and 4 widths. Every output lies between 0
# and 1, as a Gaussian bump should.
#
# `get_config` and `from_config` make the round trip: the config gives back a
# new layer, the same but without weights yet.

# %%
probe = RBF(4, name="probe")
print("built:", probe.built, "| weights:", probe.weights)

activations = probe(x_train[:3])
print("built:", probe.built, "| output:", tuple(activations.shape))
for weight in probe.weights:
    print(" ", weight.path, tuple(weight.shape))

config = probe.get_config()
print({key: config[key] for key in ("name", "units", "initial_width")})
clone = RBF.from_config(config)

assert not clone.built and clone.units == 4
assert tuple(activations.shape) == (3, 4)
assert bool(keras.ops.all(activations > 0.0)) and bool(keras.ops.all(activations <= 1.0))

# %% [markdown]
# ## A subclassed model { #subclassed-model }
#
# The model chains three layers: the RBF layer, a [`Dropout`](../../regularization/#dropout)
# and a sigmoid neuron that turns the RBF activations into the probability of
# class 1. As in [Model subclassing](../../subclassing/#model-subclass), it
# creates the layers in `__init__` and hands the `training` argument of its
# `call` on to the `Dropout`. It also writes `get_config`: in a subclass of
# `keras.Model`, the automatic configuration picks up the constructor's
# default values, not the ones you pass, as you saw in
# [The cost of subclassing](../../subclassing-costs/#serialization).

# %%
@keras.saving.register_keras_serializable(package="course")
class RBFClassifier(keras.Model):
    # RBF layer + Dropout + one sigmoid neuron: a binary classifier.

    def __init__(self, units=12, dropout=0.2, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dropout_rate = dropout
        self.rbf = RBF(units, name="rbf")
        self.dropout = keras.layers.Dropout(dropout, name="dropout")
        self.classifier = keras.layers.Dense(1, activation="sigmoid", name="classifier")

    def call(self, inputs, training=False):
        features = self.rbf(inputs)
        features = self.dropout(features, training=training)
        return self.classifier(features)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "dropout": self.dropout_rate})
        return config


model = RBFClassifier(units=12, dropout=0.2, name="rbf_classifier")

# %% [markdown]
# What `training` does shows even before training. With `training=True`,
# the `Dropout` zeroes a different 20% of the RBF activations on every call,
# so two calls on the same points give different results. With
# `training=False`, the default, the model is deterministic.
#
# This first call also builds the model and all its layers. The cell copies
# the initial centers, to see later how far they moved.

# %%
sample = x_test[:5]
train_mode = [keras.ops.convert_to_numpy(model(sample, training=True)) for _ in range(2)]
infer_mode = [keras.ops.convert_to_numpy(model(sample, training=False)) for _ in range(2)]
initial_centers = keras.ops.convert_to_numpy(model.rbf.centers).copy()

train_gap = float(np.max(np.abs(train_mode[0] - train_mode[1])))
infer_gap = float(np.max(np.abs(infer_mode[0] - infer_mode[1])))
print(f"training=True:  max |call 1 - call 2| = {train_gap:.4f}")
print(f"training=False: max |call 1 - call 2| = {infer_gap:.4f}")

assert train_gap > 0.0
assert infer_gap == 0.0

# %% [markdown]
# ## Training and evaluation { #training }
#
# A subclassed model is compiled and trained like any other: `fit` calls it
# with `training=True` on every batch, and `evaluate` with `training=False`.
# The loss is binary cross-entropy, the natural loss for a sigmoid output,
# and the learning rate is high so that 40 epochs are enough.

# %%
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.05),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
history = model.fit(x_train, y_train, epochs=40, batch_size=64, verbose=0)
losses = history.history["loss"]
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)

print(f"loss: {losses[0]:.3f} -> {losses[-1]:.3f}")
print(f"test accuracy: {test_accuracy:.3f}")

assert losses[-1] < losses[0] / 2
assert test_accuracy > 0.9

# %% [markdown]
# ## The layer's weights { #layer-weights }
#
# The model's weights are those of its layers, and their paths follow the
# nesting: model, layer, weight (`rbf_classifier/rbf/centers`). The RBF layer
# contributes 12 × 2 center coordinates and 12 widths; the output neuron, 12
# weights and a bias. The `Dropout` has no weights.

# %%
for weight in model.weights:
    print(f"{weight.path:<36} {tuple(weight.shape)}")
print("count_params():", model.count_params())

centers = keras.ops.convert_to_numpy(model.rbf.centers)
widths = np.exp(keras.ops.convert_to_numpy(model.rbf.log_widths))
moved = np.linalg.norm(centers - initial_centers, axis=1)
print(f"σ: min {widths.min():.2f}, max {widths.max():.2f} (initial 1.0)")
print(f"mean |c - c_initial| = {moved.mean():.2f}")

assert model.count_params() == 12 * 2 + 12 + 12 + 1
assert centers.shape == (12, 2) and widths.shape == (12,)
assert np.all(widths > 0.0)
assert moved.mean() > 0.1

# %% [markdown]
# ## The decision boundary { #decision-boundary }
#
# The figure evaluates the model on a grid covering the plane and colors it
# by the probability of class 1; the black line is the decision boundary
# (probability 0.5). On top are the test points and the layer's centers: the
# gray crosses mark where the centers started, and the arrows show how
# training moved them. Each dashed circle has the learned width σⱼ as its
# radius.

# %%
grid_x1, grid_x2 = np.meshgrid(np.linspace(-2.5, 2.5, 150), np.linspace(-2.5, 2.5, 150))
grid = np.stack([grid_x1.ravel(), grid_x2.ravel()], axis=1).astype("float32")
probabilities = model.predict(grid, batch_size=4096, verbose=0).reshape(grid_x1.shape)

fig, ax = plt.subplots(figsize=(7, 6))
filled = ax.contourf(
    grid_x1, grid_x2, probabilities, levels=20, cmap="RdBu_r", alpha=0.5
)
ax.contour(
    grid_x1, grid_x2, probabilities, levels=[0.5], colors="black", linewidths=2
)
ax.scatter(
    x_test[:, 0], x_test[:, 1], c=y_test, cmap="RdBu_r",
    edgecolors="black", linewidths=0.5, s=25,
)
ax.scatter(initial_centers[:, 0], initial_centers[:, 1], marker="x", color="gray")
arrow = {"arrowstyle": "->", "color": "gray"}
for start, end, width in zip(initial_centers, centers, widths):
    ax.annotate("", xy=end, xytext=start, arrowprops=arrow)
    ax.add_patch(
        plt.Circle(end, width, fill=False, linestyle="--", color="black", alpha=0.5)
    )
ax.scatter(
    centers[:, 0], centers[:, 1], marker="*", s=200, color="gold", edgecolors="black"
)
ax.set_xlim(-2.5, 2.5)
ax.set_ylim(-2.5, 2.5)
ax.set_aspect("equal")
ax.set_xlabel("x₁")
ax.set_ylabel("x₂")
fig.colorbar(filled, ax=ax, label="P(y = 1)")
plt.show()

# %% [markdown]
# ## Saving and loading { #save-and-load }
#
# `model.save` writes a single `.keras` file, which is really a ZIP archive
# holding the model's config as JSON, some metadata and the weights. Here it
# goes into a temporary folder, so that no files are left in your working
# folder.
#
# The config stores **names**, not code: the registered name of each custom
# class (`course>RBFClassifier`) and the arguments its `get_config` returns.
# When loading, Keras looks each name up in its registry, creates the object
# from those arguments and restores the weights into it. That is why the
# decorator and `get_config` are needed, and why the classes must be defined
# (or imported) before you call `keras.models.load_model`, in a fresh Python
# session too.

# %%
path = os.path.join(tempfile.mkdtemp(), "rbf_classifier.keras")
model.save(path)

with zipfile.ZipFile(path) as archive:
    print(sorted(archive.namelist()))
    saved = json.loads(archive.read("config.json"))
print(saved["registered_name"], saved["config"]["units"], saved["config"]["dropout"])

reloaded = keras.models.load_model(path)
print(type(reloaded).__name__, reloaded.units, reloaded.dropout_rate)

before = model.predict(x_test, verbose=0)
after = reloaded.predict(x_test, verbose=0)
print("max |before - after| =", float(np.max(np.abs(before - after))))

assert saved["registered_name"] == "course>RBFClassifier"
assert isinstance(reloaded, RBFClassifier) and isinstance(reloaded.rbf, RBF)
np.testing.assert_allclose(after, before, atol=1e-6)
assert np.allclose(keras.ops.convert_to_numpy(reloaded.rbf.centers), centers)

# %% [markdown]
# The loaded model also comes back compiled (optimizer, loss and metrics), so
# you can evaluate it, or keep training it, straight away.

# %%
reloaded_loss, reloaded_accuracy = reloaded.evaluate(x_test, y_test, verbose=0)
print(f"reloaded test accuracy: {reloaded_accuracy:.3f}")

assert abs(reloaded_accuracy - test_accuracy) < 1e-6

# %% [markdown]
# ## Summary { #summary }
#
# - A **custom layer** subclasses `keras.layers.Layer`: hyperparameters in
#   `__init__` and the computation in `call` with `keras.ops`; if the weights
#   depend on the input shape, `build` creates them with `add_weight`, and
#   `get_config` returns the constructor arguments.
# - A **subclassed model** subclasses `keras.Model`: it creates its layers in
#   `__init__` and writes the forward pass in `call(inputs, training=False)`.
#   Keras sets `training=True` inside `fit` and `False` in `predict` and
#   `evaluate`; layers such as `Dropout` depend on it.
# - It is compiled, trained and evaluated like any other model, and its weights
#   can be inspected layer by layer (`model.rbf.centers`, `model.weights`).
# - To save it as `.keras` and load it back, every custom class needs
#   `@keras.saving.register_keras_serializable` and a complete `get_config`,
#   and must be defined before `keras.models.load_model` runs. For models,
#   don't rely on the automatic config.
#
# To keep practicing: set the number of RBF neurons (`units`) to 4 and to 30
# and see how the decision boundary changes, or remove `RBFClassifier`'s
# `get_config` and check which `units` the model comes back with when loaded.
