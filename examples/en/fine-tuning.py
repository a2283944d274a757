# ---
# jupyter:
#   course:
#     after: [fine-tuning.md]
# ---

# %% [markdown]
# # Fine-tuning with few labels { #fine-tuning }
#
# In this lesson you go through the fine-tuning of a convolutional network
# from start to finish: you train a base, with batch normalization, on the
# digits 0 to 4; you reuse it for the digits 5 to 9 with very few labels
# (freeze, train a new head, unfreeze while keeping the `BatchNormalization`
# layers frozen, compile again and fine-tune with a small learning rate), and
# you compare the result with the same network trained from scratch on the
# same labels. The comparison is repeated with 1, 3, 10 and 30 labeled images
# per digit, to see when transfer pays off.
#
# It follows the page [Fine-tuning](../../fine-tuning/), which explains each
# step at a gentler pace, and builds on
# [Transfer learning](../../sequential-in-practice/). The data ships with
# scikit-learn: nothing is downloaded.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

# Seeds for Python, NumPy and the backend: the same initial weights and the
# same training every time the notebook runs.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## The data { #the-data }
#
# The digits 0 to 4 are the original task, with all their labels. The digits
# 5 to 9 are the new task: half of them, with the same proportion of each
# digit, is the test set; from the other half, `few_labels(n)` takes the
# first `n` images of each digit, the only labeled ones.

# %%
digits = load_digits()
images = digits.images[..., np.newaxis].astype("float32") / 16  # (1797, 8, 8, 1), values between 0 and 1
labels = digits.target
old_digits = labels < 5
x_old, y_old = images[old_digits], labels[old_digits]
x_new, y_new = images[~old_digits], labels[~old_digits] - 5  # labels from 0 to 4
x_pool, x_test, y_pool, y_test = train_test_split(
    x_new, y_new, test_size=0.5, random_state=0, stratify=y_new
)


def few_labels(n):
    # The first n images of each digit in the training half.
    few = np.concatenate([np.flatnonzero(y_pool == digit)[:n] for digit in range(5)])
    return x_pool[few], y_pool[few]


print("original task:", x_old.shape, "| new task, pool:", x_pool.shape, "| test:", x_test.shape)
print("test images per digit:", np.bincount(y_test).tolist())

assert len(x_old) + len(x_pool) + len(x_test) == len(images)
assert np.bincount(few_labels(3)[1]).tolist() == [3, 3, 3, 3, 3]

# %% [markdown]
# ## The base { #the-base }
#
# Two convolutions, each followed by a `BatchNormalization` with
# `momentum=0.9` (training is short and the moving means have to catch up
# with those of the data), and `Flatten`. `make_base` builds it; the
# pretrained base learns from the 901 digits 0 to 4, and its weights are
# kept in `pretrained` so that every fine-tuning starts from the same point.

# %%
def make_base(name):
    return keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            keras.layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1"),
            keras.layers.BatchNormalization(momentum=0.9, name="bn1"),
            keras.layers.MaxPooling2D(2, name="pool1"),
            keras.layers.Conv2D(32, 3, activation="relu", name="conv2"),
            keras.layers.BatchNormalization(momentum=0.9, name="bn2"),
            keras.layers.Flatten(name="flatten"),
        ],
        name=name,
    )


def compile_model(model, learning_rate):
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )


base = make_base("base")
first_task = keras.Sequential(
    [keras.Input(shape=(8, 8, 1)), base, keras.layers.Dense(5, activation="softmax", name="head_0_4")],
    name="first_task",
)
compile_model(first_task, 0.01)
history = first_task.fit(x_old, y_old, epochs=10, batch_size=64, validation_split=0.2, verbose=0)
pretrained = base.get_weights()

print(f"original task, validation accuracy: {history.history['val_accuracy'][-1]:.3f}")

assert history.history["val_accuracy"][-1] > 0.9

# %% [markdown]
# ## Transfer and fine-tuning { #transfer-and-fine-tune }
#
# `transfer(n)` goes through the four steps with `n` labels per digit and
# returns two test accuracies: that of the model with the base frozen and
# only the head trained, and that of the model after fine-tuning.
#
# 1. It restores the pretrained weights and freezes the base.
# 2. It builds the model with the Functional API, calling the base with
#    `training=False` (the Keras guide's pattern), and trains the head for
#    20 epochs at a rate of 0.01.
# 3. It unfreezes the base and freezes its `BatchNormalization` layers
#    again: in Keras 3, `fit` calls the model with `training=True`, which
#    replaces the `training=False`, and only a frozen `BatchNormalization`
#    stays in inference mode.
# 4. It compiles again, at a rate of 0.001, and trains everything for
#    another 20 epochs. The function checks that the moving means have not
#    moved.

# %%
def transfer(n):
    x_few, y_few = few_labels(n)
    base.set_weights(pretrained)
    base.trainable = False
    inputs = keras.Input(shape=(8, 8, 1), name="image")
    features = base(inputs, training=False)
    outputs = keras.layers.Dense(5, activation="softmax", name="head_5_9")(features)
    model = keras.Model(inputs, outputs, name="transfer")
    compile_model(model, 0.01)
    model.fit(x_few, y_few, epochs=20, batch_size=16, verbose=0)
    head_accuracy = model.evaluate(x_test, y_test, verbose=0)[1]

    base.trainable = True
    for layer in base.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    moving_means = [keras.ops.convert_to_numpy(base.get_layer(name).moving_mean).copy() for name in ("bn1", "bn2")]
    compile_model(model, 0.001)
    model.fit(x_few, y_few, epochs=20, batch_size=16, verbose=0)
    fine_tuned_accuracy = model.evaluate(x_test, y_test, verbose=0)[1]

    for name, before in zip(("bn1", "bn2"), moving_means):
        assert np.array_equal(before, keras.ops.convert_to_numpy(base.get_layer(name).moving_mean))
    return head_accuracy, fine_tuned_accuracy


# %% [markdown]
# ## From scratch { #from-scratch }
#
# The baseline: the same network, with a new base, trained on the same `n`
# labels per digit for the same 40 epochs in total, at the head's rate of
# 0.01.

# %%
def from_scratch(n):
    x_few, y_few = few_labels(n)
    model = keras.Sequential(
        [keras.Input(shape=(8, 8, 1)), make_base("scratch_base"), keras.layers.Dense(5, activation="softmax", name="head_5_9")],
        name="scratch",
    )
    compile_model(model, 0.01)
    model.fit(x_few, y_few, epochs=40, batch_size=16, verbose=0)
    return model.evaluate(x_test, y_test, verbose=0)[1]


# %% [markdown]
# ## How many labels? { #how-many-labels }
#
# The comparison, with 1, 3, 10 and 30 labeled images of each digit. Every
# training run starts from the same seed.

# %%
LABELS_PER_DIGIT = [1, 3, 10, 30]
results = {"head only": [], "fine-tuned": [], "from scratch": []}
for n in LABELS_PER_DIGIT:
    keras.utils.set_random_seed(0)
    head_accuracy, fine_tuned_accuracy = transfer(n)
    keras.utils.set_random_seed(0)
    scratch_accuracy = from_scratch(n)
    results["head only"].append(head_accuracy)
    results["fine-tuned"].append(fine_tuned_accuracy)
    results["from scratch"].append(scratch_accuracy)

print(f"{'labels per digit':>16} {'head only':>10} {'fine-tuned':>11} {'from scratch':>13}")
for i, n in enumerate(LABELS_PER_DIGIT):
    print(f"{n:>16} {results['head only'][i]:>10.3f} {results['fine-tuned'][i]:>11.3f} {results['from scratch'][i]:>13.3f}")

fig, ax = plt.subplots(figsize=(6.5, 3.8))
for (name, accuracies), marker in zip(results.items(), ["o", "s", "^"]):
    ax.plot(LABELS_PER_DIGIT, accuracies, marker=marker, label=name)
ax.axhline(0.2, color="gray", linestyle=":", label="always the same digit")
ax.set_xscale("log")
ax.set_xticks(LABELS_PER_DIGIT, [str(n) for n in LABELS_PER_DIGIT])
ax.set_xlabel("labeled images per digit (5 to 9)")
ax.set_ylabel("test accuracy")
ax.set_ylim(0, 1)
ax.legend()
plt.tight_layout()
plt.show()

head_only, fine_tuned, scratch = (np.array(results[name]) for name in results)
assert fine_tuned[0] > scratch[0] + 0.05  # with one label per digit, transfer wins
assert np.all(np.abs(scratch[2:] - fine_tuned[2:]) < 0.03)  # with 10 and 30, within 3 points
assert np.all(fine_tuned[2:] > head_only[2:])  # with 10 and 30, fine-tuning improves on the head alone
assert np.all(np.diff(fine_tuned) > 0) and np.all(np.diff(scratch) > 0)  # more labels, higher accuracy

# %% [markdown]
# With a single label per digit, the transferred base wins clearly: it
# learned from 901 images to recognize strokes, and the head only has to
# combine them, while the network trained from scratch, with five images,
# has nowhere to learn them from. With more labels the lead shrinks until
# it flips: with 10 and 30 per digit, the network trained from scratch is
# one to three points ahead, because these images are simple and the base
# only saw five other digits. Fine-tuning improves on the head alone at
# every label count, most of all with a single label per digit: five
# points, from 70% to 75%. With real photos, far more varied, and a base
# trained on millions of them, the network trained from scratch needs many
# more labels to catch up.
#
# ## Summary { #summary }
#
# - **The four steps**: freeze the base, train a new head, unfreeze, and
#   fine-tune everything with a small learning rate, after compiling again.
# - **With `BatchNormalization` in the base**, freeze those layers again
#   when you unfreeze: in Keras 3, `fit` overrides the `training=False` the
#   base was called with.
# - **Always compare with the same network trained from scratch**, on the
#   same labels: it is the only way to know how much the base brings.
#
# To keep practicing: fine-tune without freezing the `BatchNormalization`
# layers again and compare the accuracies; or train the base with data
# augmentation and measure whether transfer wins with more labels.
