# ---
# jupyter:
#   course:
#     after: [cnn.md]
# ---

# %% [markdown]
# # Digits with a convolutional network { #digits-convolution }
#
# This lesson goes with the pages
# [Images and convolution](../../convolution/) and
# [A convolutional network](../../cnn/), and draws what they compute. You apply two filters to digit images by
# hand, with NumPy, and check that `Conv2D` and `MaxPooling2D` give the same;
# you train the dense network of [Your first model](../../first-model/) and a
# small convolutional network under the same conditions and check that the
# convolutional one gets more right; you draw the filters and feature maps it
# learned; and you train the same network with data augmentation so that it
# tolerates shifted images. You need to have read those two pages.
#
# The data is scikit-learn's digits (`load_digits`): 1,797 images of 8 × 8
# pixels that ship inside the package, so nothing is downloaded.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

print("Keras", keras.__version__)

# %% [markdown]
# ## The data { #the-data }
#
# The images, scaled to [0, 1] and with one more axis for the channel: shape
# (1797, 8, 8, 1). The split is the one from [Your first model](../../first-model/#the-data)
# (`random_state=0`, stratified): the same 360 test images.

# %%
digits = load_digits()
images = (digits.images / 16.0).astype("float32")[..., np.newaxis]
images_train, images_test, y_train, y_test = train_test_split(
    images, digits.target, test_size=0.2, random_state=0, stratify=digits.target
)
x_train = images_train.reshape(-1, 64)  # flattened, for the dense network
x_test = images_test.reshape(-1, 64)

print("images_train:", images_train.shape, "| images_test:", images_test.shape)
print("x_train:", x_train.shape, "| x_test:", x_test.shape)

assert images_train.shape == (1437, 8, 8, 1) and images_test.shape == (360, 8, 8, 1)

# %% [markdown]
# ## Two filters by hand { #filters-by-hand }
#
# `convolve` is the function of
# [A convolution by hand](../../convolution/#convolution-by-hand): for each position of the filter, it takes
# the patch of image the filter covers and multiplies it by the weights with
# `np.tensordot`, which sums over height, width and channels. `max_pool` splits
# each map into 2 × 2 blocks and keeps the maximum.
#
# Both filters detect edges: `vertical_edges` subtracts the right column from
# the left one, and its transpose, `horizontal_edges`, the bottom row from the
# top one. The cell applies both to four digits and checks that a `Conv2D`
# with those weights, set with `set_weights`, and a `MaxPooling2D` compute the
# same.

# %%
def convolve(images, kernel, bias):
    # No padding. images: (n, height, width, channels); kernel: (kh, kw, channels, filters).
    kh, kw, _, filters = kernel.shape
    n, height, width, _ = images.shape
    out = np.zeros((n, height - kh + 1, width - kw + 1, filters), dtype="float32")
    for i in range(height - kh + 1):
        for j in range(width - kw + 1):
            patch = images[:, i : i + kh, j : j + kw, :]
            out[:, i, j, :] = np.tensordot(patch, kernel, axes=3) + bias
    return out


def max_pool(maps):
    n, height, width, channels = maps.shape
    return maps.reshape(n, height // 2, 2, width // 2, 2, channels).max(axis=(2, 4))


vertical_edges = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype="float32")
horizontal_edges = vertical_edges.T
# Both filters in one layer: kernel (height, width, input channels, filters).
two_filters = np.stack([vertical_edges, horizontal_edges], axis=-1)[:, :, np.newaxis, :]

samples = images_train[:4]
by_hand = convolve(samples, two_filters, bias=np.zeros(2))
pooled_by_hand = max_pool(by_hand)

edges = keras.layers.Conv2D(2, 3, name="edges")
edges.build((None, 8, 8, 1))
edges.set_weights([two_filters, np.zeros(2)])
by_keras = keras.ops.convert_to_numpy(edges(samples))
pooled_by_keras = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(2, name="pool")(by_keras))

print("kernel:", two_filters.shape, "| maps:", by_hand.shape, "| pooled:", pooled_by_hand.shape)
print("max |Conv2D - by hand| =", float(np.abs(by_keras - by_hand).max()))

assert np.allclose(by_keras, by_hand, atol=1e-6)
assert np.allclose(pooled_by_keras, pooled_by_hand, atol=1e-6)

# %% [markdown]
# Each row is a digit: the image, the map of vertical edges and the map of
# horizontal edges (6 × 6, positive values in red and negative ones in blue)
# and, on the right, those two maps after pooling (3 × 3). The vertical filter
# lights up on either side of vertical strokes and the horizontal one above
# and below horizontal strokes; pooling keeps roughly where each edge is, with
# a quarter of the numbers.

# %%
fig, axes = plt.subplots(4, 5, figsize=(8, 6.6))
limit = np.abs(by_hand).max()
titles = ["image", "vertical edges", "horizontal edges", "pooled vertical", "pooled horizontal"]
for row, (image, maps, pooled) in enumerate(zip(samples, by_hand, pooled_by_hand)):
    panels = [image[:, :, 0], maps[:, :, 0], maps[:, :, 1], pooled[:, :, 0], pooled[:, :, 1]]
    for col, panel in enumerate(panels):
        ax = axes[row, col]
        if col == 0:
            ax.imshow(panel, cmap="gray_r")
        else:
            ax.imshow(panel, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        if row == 0:
            ax.set_title(titles[col], fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## The dense network and the convolutional network { #cnn-vs-dense }
#
# This is the comparison of
# [A convolutional network](../../cnn/#a-cnn-for-digits), with a table.
# Two models, trained in exactly the same way: the same seed, the same data,
# `Adam` with a rate that starts at 0.01 and decays with a `CosineDecay`
# schedule down to 0 over the 450 steps (10 epochs of 45 batches of 32).
# Only the architecture changes:
#
# - `dense` is the network of [Your first model](../../first-model/#model): 64
#   pixels, a hidden layer of 32 neurons and the output (2,410 parameters).
# - `cnn` is the one from [A convolutional network](../../cnn/#a-cnn-for-digits): two blocks of convolution and pooling, `Flatten` and
#   the output (21,386 parameters).
#
# Does the convolutional network win only because it has more parameters? One
# of the suggestions at the end puts that to the test with a larger dense
# network.

# %%
EPOCHS = 10
BATCH_SIZE = 32
STEPS = EPOCHS * int(np.ceil(len(images_train) / BATCH_SIZE))  # 450


def compile_and_fit(model, x, y, epochs=EPOCHS):
    # The same training for every model of the lesson.
    steps = epochs * int(np.ceil(len(x) / BATCH_SIZE))
    schedule = keras.optimizers.schedules.CosineDecay(initial_learning_rate=0.01, decay_steps=steps)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model.fit(x, y, epochs=epochs, batch_size=BATCH_SIZE, verbose=0)


def make_dense():
    return keras.Sequential(
        [
            keras.Input(shape=(64,)),
            keras.layers.Dense(32, activation="relu", name="hidden"),
            keras.layers.Dense(10, activation="softmax", name="output"),
        ],
        name="dense",
    )


def cnn_layers():
    return [
        keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv1"),
        keras.layers.MaxPooling2D(2, name="pool1"),
        keras.layers.Conv2D(64, 3, padding="same", activation="relu", name="conv2"),
        keras.layers.MaxPooling2D(2, name="pool2"),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dense(10, activation="softmax", name="classes"),
    ]


keras.utils.set_random_seed(0)
dense = make_dense()
compile_and_fit(dense, x_train, y_train)
dense_loss, dense_accuracy = dense.evaluate(x_test, y_test, verbose=0)

keras.utils.set_random_seed(0)
cnn = keras.Sequential([keras.Input(shape=(8, 8, 1)), *cnn_layers()], name="cnn")
cnn_history = compile_and_fit(cnn, images_train, y_train)
cnn_loss, cnn_accuracy = cnn.evaluate(images_test, y_test, verbose=0)

dense_correct = round(dense_accuracy * len(y_test))
cnn_correct = round(cnn_accuracy * len(y_test))
print(f"{'model':<6} {'params':>7} {'test_loss':>10} {'test_accuracy':>14} {'correct':>8}")
for name, model, loss, accuracy, correct in [
    ("dense", dense, dense_loss, dense_accuracy, dense_correct),
    ("cnn", cnn, cnn_loss, cnn_accuracy, cnn_correct),
]:
    print(f"{name:<6} {model.count_params():>7} {loss:>10.3f} {accuracy:>14.3f} {correct:>5}/360")

assert STEPS == 450
assert cnn.count_params() == 21386 and dense.count_params() == 2410
assert cnn_correct >= dense_correct + 2
assert cnn_loss < 0.6 * dense_loss

# %% [markdown]
# The convolutional network gets more test images right, and its loss is much
# lower: besides being right more often, it is wrong with less confidence.
# Change the seed of the two calls to `set_random_seed` and run the cell
# again: the figures change by a few images, but the convolutional network
# stays ahead.

# %% [markdown]
# ## What it learned: filters and maps { #filters-and-feature-maps }
#
# First, what [A convolutional network](../../cnn/#filters-and-feature-maps)
# checks: with the learned weights, your `convolve` (with a
# border of zeros, which is `padding="same"`, and `relu`) reproduces the
# outputs of `conv1` and `conv2` for a few test images.

# %%
def pad(images):
    return np.pad(images, ((0, 0), (1, 1), (1, 1), (0, 0)))


def relu(values):
    return np.maximum(values, 0)


extractor = keras.Model(
    inputs=cnn.inputs,
    outputs=[cnn.get_layer(name).output for name in ("conv1", "pool1", "conv2")],
    name="extractor",
)
conv1_maps, pool1_maps, conv2_maps = extractor.predict(images_test[:5], verbose=0)
kernel1, bias1 = cnn.get_layer("conv1").get_weights()
kernel2, bias2 = cnn.get_layer("conv2").get_weights()

print("conv1:", kernel1.shape, "->", conv1_maps.shape)
print("conv2:", kernel2.shape, "->", conv2_maps.shape)

assert np.allclose(relu(convolve(pad(images_test[:5]), kernel1, bias1)), conv1_maps, atol=1e-5)
assert np.allclose(max_pool(conv1_maps), pool1_maps, atol=1e-6)
assert np.allclose(relu(convolve(pad(pool1_maps), kernel2, bias2)), conv2_maps, atol=1e-5)

# %% [markdown]
# The 32 filters of `conv1`, 3 × 3 weights each, on the same color scale (red,
# positive; blue, negative). Many are detectors of edges or corners in
# different directions: one side positive and the other negative, like the
# filters you wrote by hand. Nobody gave them to the network: they came out of
# training.

# %%
limit = np.abs(kernel1).max()
fig, axes = plt.subplots(4, 8, figsize=(8, 4.4))
for k, ax in enumerate(axes.flat):
    ax.imshow(kernel1[:, :, 0, k], cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_title(f"filter {k}", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
plt.tight_layout()
plt.show()

# %% [markdown]
# The feature maps of `conv1` for the first test image: one per filter, 8 × 8,
# in the same position as its filter in the previous figure. After `relu`
# there are no negatives: white is 0, and the darker, the stronger the
# filter's response. Each filter lights up on a different part of the stroke:
# a left edge, a top edge, a curve.

# %%
digit = images_test[0, :, :, 0]
fig, axes = plt.subplots(4, 9, figsize=(9, 4.4))
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
axes[0, 0].imshow(digit, cmap="gray_r")
axes[0, 0].set_title(f"digit {y_test[0]}", fontsize=8)
for row in range(1, 4):
    axes[row, 0].axis("off")
for k in range(32):
    ax = axes[k // 8, 1 + k % 8]
    ax.imshow(conv1_maps[0, :, :, k], cmap="Greys", vmin=0)
    ax.set_title(f"map {k}", fontsize=8)
plt.tight_layout()
plt.show()

print(f"{np.mean(conv1_maps[0] == 0):.0%} of conv1's outputs are exactly 0 after relu")

# %% [markdown]
# And the 64 maps of `conv2`, 4 × 4 each. They no longer look like the digit:
# each one combines the 32 maps of the first layer and responds to a larger
# pattern, such as "vertical stroke on the right with a curve above it". These
# are the features that `Flatten` lines up for the output layer.

# %%
fig, axes = plt.subplots(4, 16, figsize=(10, 3))
for k, ax in enumerate(axes.flat):
    ax.imshow(conv2_maps[0, :, :, k], cmap="Greys", vmin=0)
    ax.set_xticks([])
    ax.set_yticks([])
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Data augmentation { #data-augmentation }
#
# Three augmentation layers with the factors of
# [Data augmentation](../../cnn/#data-augmentation): rotations of up to ±18°,
# zooms of up to 10% and shifts of up to one pixel, with
# `fill_mode="constant"` to fill with blank paper. The figure shows, for four
# digits, the original image and six augmented versions with `training=True`:
# each call gives a different version. With `training=False`, the image comes
# out untouched.

# %%
keras.utils.set_random_seed(0)
augment = keras.Sequential(
    [
        keras.layers.RandomRotation(0.05, fill_mode="constant", name="rotate"),
        keras.layers.RandomZoom(0.1, fill_mode="constant", name="zoom"),
        keras.layers.RandomTranslation(0.125, 0.125, fill_mode="constant", name="shift"),
    ],
    name="augment",
)
originals = images_train[:4]
versions = [keras.ops.convert_to_numpy(augment(originals, training=True)) for _ in range(6)]

fig, axes = plt.subplots(4, 7, figsize=(7, 4.4))
for row in range(4):
    for col, picture in enumerate([originals] + versions):
        ax = axes[row, col]
        ax.imshow(picture[row, :, :, 0], cmap="gray_r", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        if row == 0:
            ax.set_title("original" if col == 0 else f"training {col}", fontsize=8)
plt.tight_layout()
plt.show()

assert not np.allclose(versions[0], versions[1])
assert np.array_equal(augment(originals, training=False), originals)

# %% [markdown]
# ### Why not RandomFlip { #why-not-random-flip }
#
# A mirror image keeps the label of a photo of a cat, not the label of a
# digit. On top, ten test digits; below, mirrored horizontally, which is what
# `RandomFlip("horizontal")` would do to half of the images, with the trained
# network's prediction above each one. Except for nearly symmetric ones, such
# as 0 or 8, nobody writes digits like that, and the network does not
# recognize them; the mirrored 5, moreover, looks a lot like a 2. Training with
# mirror images would force the network to call something that looks like a 2
# a "5".

# %%
mirrored = images_test[:, :, ::-1, :]
mirrored_predictions = cnn.predict(mirrored, verbose=0).argmax(axis=1)
mirrored_accuracy = cnn.evaluate(mirrored, y_test, verbose=0)[1]

first_of_each = [int(np.flatnonzero(y_test == digit)[0]) for digit in range(10)]
fig, axes = plt.subplots(2, 10, figsize=(10, 2.6))
for col, i in enumerate(first_of_each):
    axes[0, col].imshow(images_test[i, :, :, 0], cmap="gray_r")
    axes[0, col].set_title(str(y_test[i]), fontsize=9)
    axes[1, col].imshow(mirrored[i, :, :, 0], cmap="gray_r")
    axes[1, col].set_title(f"→ {mirrored_predictions[i]}", fontsize=9)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
plt.tight_layout()
plt.show()

print(f"test accuracy: {cnn_accuracy:.3f} | mirrored: {mirrored_accuracy:.3f}")

assert mirrored_accuracy < 0.6

# %% [markdown]
# ## Training with augmentation { #training-with-augmentation }
#
# Thanks to pooling, a convolutional network tolerates shifts to some extent,
# but not fully. To measure it, `shifted_test` shifts each test image by one
# pixel in each of the four directions (1,440 images).
#
# `augmented_cnn` is the same network with a `RandomTranslation` layer in
# front: at every epoch it sees each image shifted by a different fraction of
# a pixel. It trains exactly like `cnn`: the same seed, the same 10 epochs and
# the same schedule. The table compares the three models on the original test
# images and on the shifted ones.

# %%
def shift(images, dy, dx):
    # Shift dy pixels down and dx to the right, filling with zeros.
    padded = pad(images)
    return padded[:, 1 - dy : 9 - dy, 1 - dx : 9 - dx, :]


directions = [(0, 1), (0, -1), (1, 0), (-1, 0)]
shifted_test = np.concatenate([shift(images_test, dy, dx) for dy, dx in directions])
y_shifted = np.tile(y_test, len(directions))

keras.utils.set_random_seed(0)
augmented_cnn = keras.Sequential(
    [
        keras.Input(shape=(8, 8, 1)),
        keras.layers.RandomTranslation(0.125, 0.125, fill_mode="constant", name="shift"),
        *cnn_layers(),
    ],
    name="augmented_cnn",
)
compile_and_fit(augmented_cnn, images_train, y_train)

results = {
    "dense": (
        dense.evaluate(x_test, y_test, verbose=0)[1],
        dense.evaluate(shifted_test.reshape(-1, 64), y_shifted, verbose=0)[1],
    ),
    "cnn": (cnn_accuracy, cnn.evaluate(shifted_test, y_shifted, verbose=0)[1]),
    "augmented_cnn": (
        augmented_cnn.evaluate(images_test, y_test, verbose=0)[1],
        augmented_cnn.evaluate(shifted_test, y_shifted, verbose=0)[1],
    ),
}
print(f"{'model':<14} {'original':>9} {'shifted':>8}")
for name, (original, shifted) in results.items():
    print(f"{name:<14} {original:>9.3f} {shifted:>8.3f}")

augmented_correct = round(results["augmented_cnn"][0] * len(y_test))
assert results["cnn"][1] < 0.85
assert results["augmented_cnn"][1] > 0.9
assert augmented_correct >= cnn_correct - 5

# %% [markdown]
# On the original images, the two convolutional networks score almost the
# same. On the shifted ones, the network without augmentation loses many (and
# the dense one, which does not know which pixels are neighbors, many more),
# while the augmented network barely notices the change: it has seen shifted
# digits throughout training. That is what data augmentation buys: robustness
# to the variations you teach it, as long as they preserve the label.

# %%
fig, ax = plt.subplots(figsize=(6, 3.4))
names = list(results)
positions = np.arange(len(names))
ax.bar(positions - 0.2, [results[name][0] for name in names], width=0.4, label="original test images")
ax.bar(positions + 0.2, [results[name][1] for name in names], width=0.4, label="shifted one pixel")
ax.set_xticks(positions, names)
ax.set_ylim(0, 1)
ax.set_ylabel("test accuracy")
ax.legend(loc="lower right")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Summary { #summary }
#
# - A convolution is a sum of products at each position of the filter: two
#   loops and `np.tensordot` give the same as `Conv2D`, also with learned
#   weights, several channels and `padding="same"` (a border of zeros).
# - Max pooling is a `reshape` and a `max`.
# - With the same split, the same seed and the same training, the
#   convolutional network gets more test digits right than the dense one, with
#   a much lower loss.
# - The learned filters of the first layer look like edge detectors; the maps
#   of the second layer combine those edges into larger patterns.
# - Data augmentation acts only with `training=True` and must preserve the
#   label: shifts, small rotations and zooms, yes; mirror images, no. The
#   network trained with shifts tolerates shifts.
#
# To keep practicing:
#
# - Does the convolutional network win because it has ten times as many
#   parameters? Train with `compile_and_fit` a dense network with a hidden
#   layer of 256 neurons (about 19,000 parameters) and compare its accuracy
#   with that of `cnn`.
# - Add `RandomRotation(0.05)` and `RandomZoom(0.1)` to `augmented_cnn` and
#   measure the accuracy on rotated test digits (`augment` with a fixed seed
#   gives you a rotated test set).
# - Replace `fill_mode="constant"` with the default value, `"reflect"`, draw the
#   augmented images and explain what you see at the borders.
