# ---
# jupyter:
#   course:
#     after: [imbalanced-data.md]
# ---

# %% [markdown]
# # Rare tumors: precision, recall and threshold { #imbalanced-data }
#
# In this lesson you classify breast tumors when only one in ten is
# malignant, on the real data that ships with scikit-learn
# (`load_breast_cancer`). You go through the whole problem: set the bar with
# a baseline that always says "benign", decide how many epochs to train from
# the validation curves, measure with precision, recall, the confusion
# matrix and the areas under the ROC and precision-recall curves, choose the
# decision threshold on the validation set, plot the precision-recall curve
# with the threshold marked, and try `class_weight`.
#
# It follows the page
# [Imbalanced data and the metrics that matter](../../imbalanced-data/),
# which explains each metric at a gentler pace. The data ships with
# scikit-learn: nothing is downloaded.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split

# Seeds for Python, NumPy and the backend: the same initial weights and the
# same training every time the notebook runs.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## The data: 10% malignant { #the-data }
#
# 569 tumors with 30 measurements of their cell nuclei; label 0 is malignant
# and 1 is benign. 37% are malignant because these tumors had already been
# biopsied. To study screening, where malignant tumors are a minority, the
# lesson keeps the 357 benign tumors and 40 malignant ones picked at random:
# 10%. That proportion is the lesson's decision, not the data's. The rare
# class, malignant, becomes the positive one (1).

# %%
cancer = load_breast_cancer()
malignant = cancer.target == 0
rng = np.random.default_rng(0)
kept_malignant = rng.choice(np.flatnonzero(malignant), size=40, replace=False)
keep = np.sort(np.concatenate([np.flatnonzero(~malignant), kept_malignant]))
x = cancer.data[keep].astype("float32")
y = malignant[keep].astype("float32")

print(f"all tumors: {len(cancer.target)}, malignant: {malignant.mean():.0%}")
print(f"kept: {len(y)} tumors, {int(y.sum())} malignant ({y.mean():.0%})")

assert malignant.sum() == 212 and len(y) == 397 and y.sum() == 40

# %% [markdown]
# ## Training, validation and test { #three-sets }
#
# Half for training, a quarter for validation and a quarter for testing,
# with `stratify` so that each part gets its 10% of malignant tumors. The
# validation set decides the epochs and the threshold; the test set is used
# once, at the end.

# %%
x_rest, x_test, y_rest, y_test = train_test_split(x, y, test_size=0.25, stratify=y, random_state=0)
x_train, x_val, y_train, y_val = train_test_split(
    x_rest, y_rest, test_size=1 / 3, stratify=y_rest, random_state=0
)
for name, part in (("train", y_train), ("validation", y_val), ("test", y_test)):
    print(f"{name:<10} {len(part):>4} tumors, {int(part.sum()):>3} malignant")

assert [int(part.sum()) for part in (y_train, y_val, y_test)] == [20, 10, 10]

# %% [markdown]
# ## The bar: always saying "benign" { #baseline }
#
# The baseline does not look at the measurements. Its accuracy is high, but
# it finds no malignant tumor: recall 0. Its area under the ROC curve is 0.5
# and its precision-recall area is the proportion of malignant tumors.

# %%
always_benign = np.zeros_like(y_test)
baseline = {}
for name, metric in (
    ("accuracy", keras.metrics.BinaryAccuracy()),
    ("precision", keras.metrics.Precision()),
    ("recall", keras.metrics.Recall()),
    ("roc_auc", keras.metrics.AUC()),
    ("pr_auc", keras.metrics.AUC(curve="PR")),
):
    metric.update_state(y_test, always_benign)
    baseline[name] = float(metric.result())
    print(f"{name:<10} {baseline[name]:.2f}")

assert round(baseline["accuracy"], 2) == 0.9 and baseline["recall"] == 0.0
assert round(baseline["pr_auc"], 2) == 0.1

# %% [markdown]
# ## The model { #the-model }
#
# Normalization, adapted on the training data, a hidden layer of 16 neurons
# and a `sigmoid` output with the probability of malignant. `compile` gets
# accuracy, precision, recall and both areas under the curve.

# %%
# Normalization adapted to x_train, hidden layer and sigmoid output, with five metrics.
def make_classifier(name):
    normalizer = keras.layers.Normalization(name="normalization")
    normalizer.adapt(x_train)
    model = keras.Sequential(
        [
            keras.Input(shape=(30,), name="measurements"),
            normalizer,
            keras.layers.Dense(16, activation="relu", name="hidden"),
            keras.layers.Dense(1, activation="sigmoid", name="malignant"),
        ],
        name=name,
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss="binary_crossentropy",
        metrics=[
            "accuracy",
            keras.metrics.Precision(name="precision"),
            keras.metrics.Recall(name="recall"),
            keras.metrics.AUC(name="roc_auc"),
            keras.metrics.AUC(curve="PR", name="pr_auc"),
        ],
    )
    return model


# %% [markdown]
# ## How many epochs? { #how-many-epochs }
#
# An exploration model learns for 40 epochs and is measured on the
# validation set at the end of each one. The validation loss reaches its
# minimum around epoch 9 and then creeps up, while the training loss keeps
# going down: the model starts to fit the training tumors. The validation
# precision-recall area is close to its best from the first epochs on and
# does not improve afterwards. 10 epochs are enough.

# %%
EXPLORE_EPOCHS, EPOCHS = 40, 10
keras.utils.set_random_seed(0)
explorer = make_classifier("explorer")
exploration = explorer.fit(
    x_train, y_train, validation_data=(x_val, y_val), epochs=EXPLORE_EPOCHS, batch_size=32, verbose=0
)
val_loss = np.array(exploration.history["val_loss"])
val_pr_auc = np.array(exploration.history["val_pr_auc"])

epochs = np.arange(1, EXPLORE_EPOCHS + 1)
fig, (ax_loss, ax_auc) = plt.subplots(1, 2, figsize=(10, 3.6))
ax_loss.plot(epochs, exploration.history["loss"], label="train")
ax_loss.plot(epochs, val_loss, label="validation")
ax_loss.axvline(EPOCHS, color="black", linestyle="--", linewidth=1, label=f"{EPOCHS} epochs")
ax_loss.set_xlabel("epoch")
ax_loss.set_ylabel("loss (binary cross-entropy)")
ax_loss.legend()
ax_auc.plot(epochs, val_pr_auc, color="tab:orange", label="validation")
ax_auc.axhline(y_val.mean(), color="gray", linestyle=":", label="baseline")
ax_auc.axvline(EPOCHS, color="black", linestyle="--", linewidth=1)
ax_auc.set_xlabel("epoch")
ax_auc.set_ylabel("area under the precision-recall curve")
ax_auc.set_ylim(0, 1.05)
ax_auc.legend()
plt.tight_layout()
plt.show()

print(f"validation loss at epoch {EPOCHS}: {val_loss[EPOCHS - 1]:.3f} | lowest: {val_loss.min():.3f} (epoch {val_loss.argmin() + 1})")
print(f"validation PR AUC at epoch {EPOCHS}: {val_pr_auc[EPOCHS - 1]:.3f} | best: {val_pr_auc.max():.3f}")

assert val_loss[EPOCHS - 1] < 1.2 * val_loss.min()  # close to the minimum
assert val_pr_auc[EPOCHS - 1] > val_pr_auc.max() - 0.05  # little to gain afterwards

# %% [markdown]
# ## The final model and the test set { #evaluation }
#
# The final model learns for 10 epochs (with the same seed, it is the
# page's model) and is evaluated once on the test set. The confusion matrix
# has the true class in the rows and the predicted class in the columns, at
# the 0.5 threshold.

# %%
keras.utils.set_random_seed(0)
model = make_classifier("screening")
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0)
results = model.evaluate(x_test, y_test, verbose=0, return_dict=True)
test_scores = model.predict(x_test, verbose=0)[:, 0]

print(f"{'metric':<10} {'model':>6} {'baseline':>9}")
for name in ("accuracy", "precision", "recall", "roc_auc", "pr_auc"):
    print(f"{name:<10} {results[name]:>6.2f} {baseline[name]:>9.2f}")
(tn, fp), (fn, tp) = confusion_matrix(y_test, test_scores > 0.5)
print(f"confusion matrix: TN={tn} FP={fp} / FN={fn} TP={tp}")

assert results["recall"] >= 0.8 and results["precision"] >= 0.7
assert results["pr_auc"] > 0.85 > baseline["pr_auc"]
assert abs(tp / (tp + fp) - results["precision"]) < 1e-6
assert abs(tp / (tp + fn) - results["recall"]) < 1e-6

# %% [markdown]
# Accuracy barely moves away from the baseline's; recall and the
# precision-recall area, on the other hand, say that the model finds almost
# every malignant tumor with few false alarms.
#
# ## The threshold, chosen on the validation set { #threshold }
#
# In screening, a malignant tumor that slips through costs more than a false
# alarm. The rule: the highest threshold that finds every malignant tumor in
# the validation set. `Precision` and `Recall` with a list of thresholds
# give the whole precision-recall curve, threshold by threshold. The figure
# plots it on the validation set, marks the chosen threshold and 0.5, and
# adds the point the test set reaches with the chosen threshold.

# %%
thresholds = np.round(np.arange(0.01, 1.0, 0.01), 2).tolist()
val_scores = model.predict(x_val, verbose=0)[:, 0]


# Precision and recall of some probabilities at each threshold of the list.
def precision_recall(labels, scores):
    precision = keras.metrics.Precision(thresholds=thresholds)
    recall = keras.metrics.Recall(thresholds=thresholds)
    precision.update_state(labels, scores)
    recall.update_state(labels, scores)
    return keras.ops.convert_to_numpy(precision.result()), keras.ops.convert_to_numpy(recall.result())


val_precisions, val_recalls = precision_recall(y_val, val_scores)
threshold = max(t for t, r in zip(thresholds, val_recalls) if r == 1.0)
chosen = thresholds.index(threshold)
half = thresholds.index(0.5)
test_precisions, test_recalls = precision_recall(y_test, test_scores)

fig, ax = plt.subplots(figsize=(6, 4.2))
ax.plot(val_recalls, val_precisions, color="tab:blue", label="validation, every threshold")
ax.scatter(
    val_recalls[half], val_precisions[half], color="tab:gray", s=110, zorder=3, label="validation, threshold 0.5"
)
ax.scatter(
    val_recalls[chosen], val_precisions[chosen], color="tab:red", zorder=3,
    label=f"validation, threshold {threshold}",
)
ax.scatter(
    test_recalls[chosen], test_precisions[chosen], color="tab:red", marker="x", s=70, zorder=3,
    label=f"test, threshold {threshold}",
)
ax.axhline(y_val.mean(), color="gray", linestyle=":", label="baseline")
ax.set_xlabel("recall")
ax.set_ylabel("precision")
ax.set_xlim(0, 1.05)
ax.set_ylim(0, 1.05)
ax.legend(loc="lower left")
plt.tight_layout()
plt.show()

print(f"threshold chosen on validation: {threshold}")
print(f"validation: precision {val_precisions[chosen]:.2f}, recall {val_recalls[chosen]:.2f}")
print(f"test:       precision {test_precisions[chosen]:.2f}, recall {test_recalls[chosen]:.2f}")
print("test confusion matrix:", confusion_matrix(y_test, test_scores > threshold).tolist())

assert val_recalls[chosen] == 1.0
assert threshold == thresholds[-1] or val_recalls[chosen + 1] < 1.0

# %% [markdown]
# The rule raises the threshold above 0.5: the validation set's malignant
# tumor with the lowest probability is just above the chosen threshold, and
# rising that far removes false alarms without losing any. On the test set,
# the matrix is the same as at 0.5: the malignant tumor that slips through
# gets a very low probability, and no threshold the validation set can
# justify reaches it. Choosing the threshold moves the model along its
# curve; it does not improve the curve. And with ten malignant tumors in the
# validation set, the threshold is a rough estimate.
#
# ## Class weights { #class-weight }
#
# `class_weight` makes each malignant tumor count in the loss as much as 8.9
# benign ones, the ratio between the two classes in the training set. The
# comparison, with the same seed:

# %%
weight = float((y_train == 0).sum() / (y_train == 1).sum())
keras.utils.set_random_seed(0)
weighted = make_classifier("weighted")
weighted.fit(x_train, y_train, class_weight={0: 1.0, 1: weight}, epochs=EPOCHS, batch_size=32, verbose=0)
weighted_results = weighted.evaluate(x_test, y_test, verbose=0, return_dict=True)
weighted_scores = weighted.predict(x_test, verbose=0)[:, 0]

print(f"class weight of malignant: {weight:.1f}")
print(f"{'metric':<10} {'model':>6} {'weighted':>9}")
for name in ("accuracy", "precision", "recall", "roc_auc", "pr_auc"):
    print(f"{name:<10} {results[name]:>6.2f} {weighted_results[name]:>9.2f}")
print(f"mean probability of malignant: {test_scores.mean():.3f} without weights, {weighted_scores.mean():.3f} with them")

assert abs(weighted_results["roc_auc"] - results["roc_auc"]) < 0.03
assert abs(weighted_results["pr_auc"] - results["pr_auc"]) < 0.05
assert weighted_scores.mean() > test_scores.mean()

# %% [markdown]
# The areas barely change: with 20 malignant tumors in the training set and
# measurements that separate them well, the model already learned the rare
# class without help. The weights raise the probabilities and, at 0.5, the
# model gives more false alarms: an effect much like lowering the threshold.
# After using them, the threshold is chosen again on the validation set.
#
# ## Summary { #summary }
#
# - **Set the bar before training**: always saying "benign" gives an
#   accuracy of 0.9 and a recall of 0. With imbalanced classes, look at
#   precision, recall and the precision-recall area, whose bar is the
#   proportion of positives.
# - **The confusion matrix** counts the hits and both kinds of error; all
#   those metrics come from it.
# - **Choose the threshold on the validation set**, according to what each
#   error costs, and measure it once on the test set.
# - **`class_weight`** gives the rare class more weight; here it shifts the
#   probabilities without improving the areas.
#
# To keep practicing: repeat the lesson with only 20 malignant tumors (5%)
# and see how much the test figures vary with five malignant tumors; or
# train with half of the malignant tumors in the training set and check
# whether `class_weight` then improves the precision-recall area.
