# %% [markdown]
# # TensorFlow vs. Keras: the same model at two levels of abstraction { #tensorflow-vs-keras }
#
# <!-- tensorflow-only: page "the training by hand uses TensorFlow's `tf.GradientTape` and `tf.function`" -->
#
# The [introduction](../../tensorflow-vs-keras/) described TensorFlow as low
# level, giving you full control, and Keras as high level, keeping things
# simple. This lesson puts that to the test with a concrete case: you train
# **the same model twice**, first with a training loop written by hand in
# TensorFlow, then with the three usual Keras calls (`Sequential`, `compile`
# and `fit`). You need the pieces from [Your first model](../../first-model/)
# (loss, optimizer, learning rate, epochs and batches), plus `tf.GradientTape`
# and `tf.function` from [TensorFlow](../../tensorflow/).
#
# The problem is deliberately tiny, a linear regression with a single input,
# so that the code gets your attention rather than the model. At the end you
# put the two results side by side and see what each approach gives you and
# what it costs.

# %%
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
import keras

# Seeds Python, NumPy and TensorFlow in one go, so anyone who downloads the
# notebook gets the same numbers.
keras.utils.set_random_seed(42)

print("TensorFlow", tf.__version__, "| Keras", keras.__version__)

# %% [markdown]
# ## The data { #the-data }
#
# The data is 200 points on the line *y* = 3*x* + 2 with a little Gaussian
# noise (σ = 0.1). That way you know the right answer: training should recover
# a slope *w* ≈ 3 and an intercept *b* ≈ 2. The noise also sets the
# reference for the error: even the true line has a mean squared error (MSE)
# of about σ² ≈ 0.01 on these points.
#
# The data is created right here with NumPy and a fixed seed; nothing is
# downloaded. The type is `float32`, the default in TensorFlow and Keras.

# %%
TRUE_W, TRUE_B = 3.0, 2.0
N = 200

rng = np.random.default_rng(42)
x = rng.uniform(-1.0, 1.0, size=(N, 1)).astype("float32")
noise = rng.normal(0.0, 0.1, size=(N, 1)).astype("float32")
y = TRUE_W * x + TRUE_B + noise

# The MSE of the true line: the yardstick for the trained models.
noise_mse = float(np.mean(noise**2))

print("x:", x.shape, x.dtype, "| y:", y.shape, y.dtype)
print(f"MSE(3x + 2) = {noise_mse:.4f}")

assert x.shape == y.shape == (N, 1)
assert x.dtype == y.dtype == np.float32
assert 0.005 < noise_mse < 0.02

# %% [markdown]
# ## Version 1: low-level TensorFlow { #tensorflow-low-level }
#
# At the low level everything is explicit. You need:
#
# 1. **The parameters**, as `tf.Variable`s: values that training will update.
#    Both start at zero.
# 2. **The model**, a Python function that computes *ŷ* = *wx* + *b*.
# 3. **The loss**, the mean squared error between *y* and *ŷ*.
#
# For a fair comparison, the learning rate and the number of epochs are set
# here and are the same in both versions.

# %%
LEARNING_RATE = 0.1
EPOCHS = 100

w = tf.Variable(0.0, name="w")
b = tf.Variable(0.0, name="b")


def predict(x):
    return w * x + b


def mse(y_true, y_pred):
    return tf.reduce_mean(tf.square(y_true - y_pred))


# %% [markdown]
# Next, the training loop. At each step, `tf.GradientTape` records the
# operations that lead from the parameters to the loss, then computes the
# gradient of the loss with respect to `w` and `b`. You use it to apply
# gradient descent by hand: *w* ← *w* − η × ∂*L*/∂*w*, where η is the
# learning rate (`LEARNING_RATE`), and likewise for *b*.
#
# The `@tf.function` decorator turns `train_step` into a TensorFlow graph the
# first time it is called; later calls run that graph instead of executing
# one operation at a time from Python. Each epoch uses all the data at once
# (a single batch), and the loss of every epoch is kept to plot it later.

# %%
@tf.function  # traced once, then run as a graph
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = mse(y, predict(x))
    dw, db = tape.gradient(loss, [w, b])
    w.assign_sub(LEARNING_RATE * dw)
    b.assign_sub(LEARNING_RATE * db)
    return loss


x_tf = tf.constant(x)
y_tf = tf.constant(y)

tape_losses = []
for epoch in range(EPOCHS):
    loss = train_step(x_tf, y_tf)
    tape_losses.append(float(loss))  # a Python number, not a tensor

print(f"w = {float(w):.2f} | b = {float(b):.2f}")
print(f"MSE: {tape_losses[0]:.2f} -> {tape_losses[-1]:.4f}")

assert len(tape_losses) == EPOCHS
assert abs(float(w) - TRUE_W) < 0.1
assert abs(float(b) - TRUE_B) < 0.1
assert tape_losses[-1] < tape_losses[0] / 10
assert tape_losses[-1] < 0.02

# %% [markdown]
# It works, but notice how much you had to decide and write yourself: how
# the parameters are initialized, how the loss is computed, how each variable
# is updated, how many times the step is repeated and what gets recorded
# along the way.
#
# ## Version 2: high-level Keras { #keras-high-level }
#
# In Keras the same model is a `Dense` layer with one unit: it computes
# *wx* + *b* and holds exactly those two parameters. `compile` picks the
# optimizer and the loss, and `fit` runs the loop you wrote by hand above.
#
# So that both versions do *exactly* the same arithmetic, three settings that
# would normally stay at their defaults are changed:
#
# - `kernel_initializer="zeros"`: *w* starts at 0, as in version 1 (the
#   intercept, `bias`, already starts at 0 by default).
# - `SGD(learning_rate=LEARNING_RATE)`: the same plain gradient descent, with
#   no momentum.
# - `batch_size=N`: each epoch is a single step over all the data; by
#   default, `fit` would use batches of 32 samples.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(1,)),
        keras.layers.Dense(1, kernel_initializer="zeros"),
    ]
)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE), loss="mse")
history = model.fit(x, y, epochs=EPOCHS, batch_size=N, verbose=0)

keras_losses = history.history["loss"]
kernel, bias = model.layers[0].get_weights()

print(f"w = {float(kernel[0, 0]):.2f} | b = {float(bias[0]):.2f}")
print(f"MSE: {keras_losses[0]:.2f} -> {keras_losses[-1]:.4f}")

assert kernel.shape == (1, 1) and bias.shape == (1,)
assert len(keras_losses) == EPOCHS
assert abs(float(kernel[0, 0]) - TRUE_W) < 0.1
assert abs(float(bias[0]) - TRUE_B) < 0.1
assert keras_losses[-1] < keras_losses[0] / 10
assert keras_losses[-1] < 0.02

# %% [markdown]
# The model has two trainable parameters as well, the `kernel` (*w*) and the
# `bias` (*b*). And with the TensorFlow backend, each Keras variable stores
# its value in a TensorFlow variable (`ResourceVariable` is the class that
# implements `tf.Variable`): underneath are the same building blocks as in
# version 1.

# %%
for variable in model.trainable_variables:
    print(variable.path, tuple(variable.shape), type(variable.value).__name__)

assert len(model.trainable_variables) == 2
assert all(isinstance(variable.value, tf.Variable) for variable in model.trainable_variables)

# %% [markdown]
# ## Comparison { #comparison }
#
# Here are the learned parameters next to the true ones, with the final MSE
# of each version. In the row for the true line, the MSE is that of the noise.
#
# Both versions end up with the same values, very close to *w* = 3 and
# *b* = 2. Their MSE coming out slightly *below* that of the true line is not
# a mistake: with only 200 points, the line that best fits *this* sample
# leans a little toward its noise. On new data, no line would beat
# 3*x* + 2.

# %%
rows = [
    ("3x + 2", TRUE_W, TRUE_B, noise_mse),
    ("GradientTape", float(w), float(b), tape_losses[-1]),
    ("keras fit", float(kernel[0, 0]), float(bias[0]), keras_losses[-1]),
]
print(f"{'':>12}  {'w':>5}  {'b':>5}  {'MSE':>6}")
for name, w_value, b_value, final_mse in rows:
    print(f"{name:>12}  {w_value:5.2f}  {b_value:5.2f}  {final_mse:6.4f}")

# Same starting point, same data, same arithmetic: the two loss curves match
# epoch by epoch, up to floating-point rounding.
assert np.allclose(tape_losses, keras_losses, rtol=1e-3, atol=1e-6)

# %% [markdown]
# The two loss curves, on a log scale. The Keras curve (dashed) lies exactly
# on top of the hand-written loop's, and both come down to the dotted line,
# the MSE of the true line.

# %%
epochs = np.arange(1, EPOCHS + 1)

fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(epochs, tape_losses, linewidth=5, alpha=0.4, label="GradientTape")
ax.plot(epochs, keras_losses, "--", color="black", label="keras fit")
ax.axhline(noise_mse, color="gray", linestyle=":", label="MSE(3x + 2)")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("MSE")
ax.legend()
plt.show()

# %% [markdown]
# ## What each approach gives and costs { #trade-offs }
#
# Low-level TensorFlow took you about twenty lines of parameters, functions
# and loop; Keras took four statements. That difference sums up the
# trade-off:
#
# - **Low-level TensorFlow gives you full control.** You see and decide every
#   piece: how the gradient is computed, how each variable is updated, what
#   gets recorded and when. You can clip or inspect every gradient, use two
#   optimizers at once or change the update rule. The price is that
#   everything else is on you too: batching and shuffling the data,
#   computing metrics, validating, saving the model, stopping at the right
#   time... And there are more ways to get it wrong, such as forgetting
#   `@tf.function` or collecting tensors instead of numbers.
# - **Keras gives you brevity and conventions.** `fit` comes with batching,
#   shuffling, metrics, `validation_split`, callbacks such as `EarlyStopping`
#   and a training history, and `model.save` saves the model. On top of that,
#   the same code runs in Keras 3 on other backends (JAX, PyTorch), whereas
#   the `GradientTape` loop only works with TensorFlow. The price is that the
#   loop is hidden: when training goes off the beaten path, you have to drop
#   down a level.
#
# What the high level hardly costs is speed. With the TensorFlow backend,
# `fit` does what you did with `@tf.function`: it wraps its training step in a
# `tf.function` and runs it as a TensorFlow graph, not one operation at a time
# from Python. If the machine has any device other than a CPU (a GPU or a
# TPU), the default `jit_compile="auto"` also compiles it with XLA, as long as
# the model supports it and was not created inside a `tf.distribute`
# strategy; on a CPU-only machine, never.
#
# What Keras adds sits around the step: every epoch it sets up the pass over
# the data, calls the callbacks and updates the history. That fixed cost per
# epoch dominates in a toy problem like this one, where each epoch is a single
# tiny step: time it and you will find `fit` several times slower than the
# hand-written loop here. With real data, where an epoch runs through
# hundreds of batches, that cost fades away and what matters is the step,
# which is the same graph in both cases.
#
# The next cell checks the XLA rule on whatever machine runs the notebook:
# with no device other than the CPU, `model.jit_compile` is `False`.

# %%
non_cpu_devices = [
    device.device_type for device in tf.config.list_physical_devices() if device.device_type != "CPU"
]
print("non-CPU devices:", non_cpu_devices, "| model.jit_compile =", model.jit_compile)

if not non_cpu_devices:
    assert model.jit_compile is False  # on a CPU-only machine, "auto" never turns XLA on

# %% [markdown]
#
# ## When to choose each { #when-to-choose }
#
# - **Keras with `fit`**, by default: any standard supervised training, from
#   this regression to a convolutional network.
# - **Your own `GradientTape` loop** when training does not fit the mold of
#   `fit`: several networks trained in turns (as in a GAN), losses that span
#   several steps, unusual updates, or research where you want to see every
#   gradient.
# - **A middle ground**: subclass `keras.Model` and override only its
#   `train_step` with `GradientTape`. You keep `fit`, callbacks and metrics,
#   and you control the training step. You can also use Keras layers inside
#   your own loop and train `model.trainable_variables`.
#
# These are not two separate worlds: Keras on the TensorFlow backend is built
# from the same pieces you used in version 1, and you can drop down a level
# exactly where you need to.
