# ---
# jupyter:
#   course:
#     after: [functional.md]
#     teaches: [keras.metrics.AUC, keras.layers.InputLayer]
# ---

# %% [markdown]
# # A model with several inputs and several outputs { #multi-input-output }
#
# A `Sequential` model takes one input and returns one output. Many real
# problems do not fit that mold. Think of the customer support desk of a
# software company: for every ticket that comes in, you know **the text** the
# customer wrote and **some data about their account**, and you have to
# decide, at the same time, **whether it is urgent** and **which
# department** should handle it.
#
# You could train two separate models, but a single one built with the
# [Functional API](../../functional/#multiple-inputs-outputs) is a more
# natural fit: two inputs of different kinds, a shared part that combines
# what both of them tell, and two outputs, each with its own loss and its own
# metrics. In this lesson you will build that model with **named** inputs and
# outputs, passed around as dictionaries, and check that it learns both
# tasks.
#
# You need the [Functional API](../../functional/#functional), the
# [preprocessing](../../preprocessing-layers/#preprocessing-layers) layers
# (`Normalization`, `TextVectorization`) and [early
# stopping](../../callbacks/#early-stopping) with `EarlyStopping`, as well as
# [validating while training](../../training/#fit).

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras

keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## The problem and the data { #the-data }
#
# The 4,000 tickets are synthetic, generated with a fixed seed, so you know
# exactly how the data relates to what has to be predicted:
#
# - **The department** (`billing`, `technical` support, `sales` and
#   `account` management) determines the topic words in the text. Some are
#   shared: `price` shows up in both billing and sales tickets.
# - **The account metadata** are three numbers: the customer's plan (`plan`:
#   0 free, 1 pro, 2 enterprise), how long they have been a customer, in
#   years (`account_years`), and how many tickets they opened in the last 30
#   days (`recent_tickets`), which tends to grow with the plan.
# - **Urgency** depends on a hidden score: it goes up with the plan, with the
#   number of recent tickets and when the problem is technical, plus some
#   random noise. Urgent tickets usually (not always) contain words such as
#   `urgent`, `asap` or `down`, and the others hardly ever do.
#
# So getting urgency right takes **both inputs**: the plan and the ticket
# history are only in the metadata, while the topic and the alarm words are
# only in the text. The department, on the other hand, can be read from the
# text alone.

# %%
DEPARTMENTS = ["billing", "technical", "sales", "account"]
TOPIC_WORDS = {
    "billing": ["invoice", "charge", "refund", "payment", "card", "price"],
    "technical": ["error", "crash", "bug", "server", "install", "slow"],
    "sales": ["quote", "plan", "upgrade", "demo", "discount", "price"],
    "account": ["password", "login", "email", "profile", "delete", "access"],
}
URGENT_WORDS = ["urgent", "asap", "blocked", "down", "immediately"]
COMMON_WORDS = ["hello", "please", "help", "thanks", "today", "problem", "again", "need", "question", "team"]
METADATA_COLUMNS = ["plan", "account_years", "recent_tickets"]
N = 4000

rng = np.random.default_rng(0)
department = rng.choice(len(DEPARTMENTS), size=N, p=[0.35, 0.3, 0.15, 0.2])
plan = rng.choice(3, size=N, p=[0.5, 0.35, 0.15])
account_years = rng.gamma(2.0, 1.5, size=N)
recent_tickets = rng.poisson(1.0 + plan)

# The hidden urgency score: plan, ticket history, technical topic and noise.
score = -2.2 + 1.0 * plan + 0.4 * recent_tickets + 1.0 * (department == 1) + rng.normal(0, 0.8, size=N)
urgent = (score > 0).astype("float32")

texts = []
for i in range(N):
    words = list(rng.choice(TOPIC_WORDS[DEPARTMENTS[department[i]]], size=rng.integers(1, 4)))
    words += list(rng.choice(COMMON_WORDS, size=rng.integers(2, 6)))
    if rng.random() < (0.7 if urgent[i] else 0.1):
        words += list(rng.choice(URGENT_WORDS, size=rng.integers(1, 3)))
    rng.shuffle(words)
    texts.append(" ".join(words))
texts = np.array(texts)
metadata = np.stack([plan, account_years, recent_tickets], axis=1).astype("float32")

print(f"{'department':<10} {'plan':>4} {'years':>5} {'recent':>6} {'urgent':>6}  text")
for i in range(6):
    print(
        f"{DEPARTMENTS[department[i]]:<10} {plan[i]:>4} {account_years[i]:>5.1f} "
        f"{recent_tickets[i]:>6} {int(urgent[i]):>6}  {texts[i]}"
    )
print(f"urgent.mean() = {urgent.mean():.3f}")
print("np.bincount(department) =", np.bincount(department))

assert texts.shape == (N,) and metadata.shape == (N, 3)
assert 0.2 < urgent.mean() < 0.45  # urgent tickets are a minority, but not rare
assert np.bincount(department).min() > 0.1 * N

# %% [markdown]
# ## From text to numbers: a bag of words { #bag-of-words }
#
# A neural network cannot read text. The simplest representation is a **bag
# of words**: a vector with one position per vocabulary word, holding how
# many times that word appears in the text, regardless of order. Keras's
# `TextVectorization` layer does this with `output_mode="count"`. It gets
# a ready-made vocabulary (every word the generator uses), so there is no
# need to call `adapt`. Position 0 is reserved for `[UNK]`, which counts
# unknown words.
#
# The texts are vectorized once, before training, to keep the lesson's focus
# on the model's inputs; `TextVectorization` could also live inside the model,
# behind a string input.

# %%
topic_vocabulary = {word for topic in TOPIC_WORDS.values() for word in topic}
vocabulary = sorted(topic_vocabulary | set(URGENT_WORDS) | set(COMMON_WORDS))
vectorizer = keras.layers.TextVectorization(vocabulary=vocabulary, output_mode="count")
words = keras.ops.convert_to_numpy(vectorizer(texts)).astype("float32")

vocabulary_with_unk = [str(word) for word in vectorizer.get_vocabulary()]
print("get_vocabulary()[:8]:", vocabulary_with_unk[:8])
print("words:", words.shape)
print(f"texts[0] = {str(texts[0])!r}")
print({vocabulary_with_unk[j]: int(words[0, j]) for j in np.flatnonzero(words[0])})

assert words.shape == (N, len(vocabulary) + 1)
assert np.array_equal(words.sum(axis=1), [len(text.split()) for text in texts])
assert words[:, 0].sum() == 0  # no unknown words in the generated data

# %% [markdown]
# ## Inputs and outputs as dictionaries { #dict-inputs-outputs }
#
# Of them, 3,000 are for training and 1,000 for the final test. With
# several inputs and outputs, the clearest option is to give Keras
# **dictionaries** keyed by the names of the model's inputs
# (`words`, `metadata`) and outputs (`priority`, `department`). Keras then
# matches each array to its input or output by name, not by position.

# %%
order = rng.permutation(N)
train, test = order[:3000], order[3000:]

x_train = {"words": words[train], "metadata": metadata[train]}
y_train = {"priority": urgent[train], "department": department[train]}
x_test = {"words": words[test], "metadata": metadata[test]}
y_test = {"priority": urgent[test], "department": department[test]}

for name, arrays in [("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)]:
    print(name, {key: value.shape for key, value in arrays.items()})

assert len(set(train) & set(test)) == 0

# %% [markdown]
# ## The model { #the-model }
#
# With the Functional API, the graph is described layer by layer:
#
# - **Two named inputs**, `words` (the vector of 39 counts) and `metadata`
#   (the three account numbers).
# - **One branch per input.** The metadata come in very different scales
#   (the plan goes from 0 to 2, the account age up to more than 10 years), so
#   a `Normalization` layer standardizes them: `adapt` computes the
#   mean and variance of each column on the training data, and the layer
#   keeps them inside the model. Each branch then has its own `Dense` layer.
# - **A shared part**: `Concatenate` joins the two branches and a `Dense`
#   layer combines what they know.
# - **Two outputs**, each with the activation its task calls for:
#   `priority`, one unit with a sigmoid (the probability that the ticket is
#   urgent), and `department`, four units with softmax (one probability per
#   department).
#
# When creating the `keras.Model`, inputs and outputs are passed as
# dictionaries too, with the same keys as the data.

# %%
words_input = keras.Input(shape=(words.shape[1],), name="words")
metadata_input = keras.Input(shape=(len(METADATA_COLUMNS),), name="metadata")

scaling = keras.layers.Normalization(name="metadata_scaling")
scaling.adapt(x_train["metadata"])

text_features = keras.layers.Dense(32, activation="relu", name="text_features")(words_input)
metadata_features = keras.layers.Dense(8, activation="relu", name="metadata_features")(scaling(metadata_input))
merged = keras.layers.Concatenate(name="merge")([text_features, metadata_features])
shared = keras.layers.Dense(32, activation="relu", name="shared")(merged)
priority = keras.layers.Dense(1, activation="sigmoid", name="priority")(shared)
department_probabilities = keras.layers.Dense(len(DEPARTMENTS), activation="softmax", name="department")(shared)

model = keras.Model(
    inputs={"words": words_input, "metadata": metadata_input},
    outputs={"priority": priority, "department": department_probabilities},
    name="ticket_triage",
)

# %% [markdown]
# Without `plot_model` (which needs Graphviz), the structure can still be
# read as text: each layer with its type, its output shape, its number of
# parameters and the layers it takes its inputs from.
#
# Note the order: Keras goes through the inputs and outputs of a dictionary
# **in alphabetical order of their keys** (`metadata` before `words`,
# `department` before `priority`), not in the order they were written. That
# is why it is safer to refer to them by name than by position.
#
# The 7 parameters of `metadata_scaling` are not trained: they are the mean
# and variance of each of the three columns (3 + 3) and one more variable,
# `count`, which Keras 3 keeps but does not update (see
# [Preprocessing](../../preprocessing-layers/#normalization)).

# %%
producers = {id(layer.output): layer.name for layer in model.layers}


def parents(layer):
    # Names of the layers that `layer` takes its inputs from.
    # Each `keras.Input` of the model is an `InputLayer`, which receives from none.
    if isinstance(layer, keras.layers.InputLayer):
        return []
    inputs = layer.input if isinstance(layer.input, list) else [layer.input]
    return [producers[id(tensor)] for tensor in inputs]


print(f"{'layer':<18} {'type':<14} {'output':<10} {'params':>6}  inputs")
for layer in model.layers:
    shape = str(tuple(layer.output.shape))
    sources = ", ".join(parents(layer)) or "-"
    print(f"{layer.name:<18} {type(layer).__name__:<14} {shape:<10} {layer.count_params():>6}  {sources}")
print("output_names:", model.output_names)

assert [layer.name for layer in model.layers] == [
    "metadata", "words", "metadata_scaling", "text_features", "metadata_features",
    "merge", "shared", "department", "priority",
]
assert model.output_names == ["department", "priority"]
assert parents(model.get_layer("merge")) == ["text_features", "metadata_features"]
assert model.get_layer("metadata_scaling").trainable_weights == []

# %% [markdown]
# ## One loss per output { #losses-and-weights }
#
# In `compile`, `loss`, `loss_weights` and `metrics` are dictionaries keyed
# by output name as well:
#
# - **Losses**: binary cross-entropy for urgency (yes or no) and sparse
#   categorical cross-entropy for the department, whose labels are integers
#   from 0 to 3.
# - **Loss weights**: the optimizer minimizes a single quantity, the
#   weighted sum `1.0 * priority_loss + 0.5 * department_loss`. With
#   `loss_weights` you decide how much each task counts; here urgency gets
#   the larger weight, as it is both the harder task and the one that
#   matters most.
# - **Metrics** per output: accuracy for both and, for urgency, also the
#   area under the ROC curve (AUC), which does not depend on the 0.5
#   threshold and says more when one class is a minority.
#
# > **Coming from Keras 2:** in Keras 2 (the `tf.keras` of TensorFlow 2.15 and earlier),
# > `metrics=["accuracy"]` on a multi-output model computed the accuracy of
# > every output. In Keras 3, with the outputs in a dictionary, that list no
# > longer works: the first call to `fit` raises a `ValueError` asking for a
# > dictionary (or a list of metrics per output). You have to say which
# > metrics go with each output, as this lesson does.

# %%
LOSS_WEIGHTS = {"priority": 1.0, "department": 0.5}

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.003),
    loss={"priority": "binary_crossentropy", "department": "sparse_categorical_crossentropy"},
    loss_weights=LOSS_WEIGHTS,
    metrics={
        "priority": ["accuracy", keras.metrics.AUC(name="auc")],
        "department": ["accuracy"],
    },
)

# %% [markdown]
# ## Training { #training }
#
# `fit` takes both dictionaries as they are. `validation_split` works just
# as it does with a single input: it sets aside the last 20% of every
# array. The history records the total loss (`loss`), the loss of each
# output (`priority_loss`, `department_loss`) and every metric prefixed with
# the name of its output.
#
# With several outputs you also have to decide **what to watch** to stop
# training. The department is learned right away; urgency, being noisy,
# soon starts to overfit. So `EarlyStopping` watches only
# `val_priority_loss`, the validation loss of that output, and restores the
# weights of its best epoch. It needs `mode="min"`: on its own,
# `EarlyStopping` knows that `loss` and `val_loss` are to be minimized and
# recognizes the metrics given to `compile` by name, but not the per-output
# losses; given `val_priority_loss` and no `mode`, it raises a `ValueError`
# asking you to choose between `"min"` and `"max"`.

# %%
MAX_EPOCHS = 30

early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_priority_loss", mode="min", patience=3, restore_best_weights=True
)
history = model.fit(
    x_train,
    y_train,
    validation_split=0.2,
    epochs=MAX_EPOCHS,
    batch_size=128,
    callbacks=[early_stopping],
    verbose=0,
)

epochs_run = len(history.epoch)
best_epoch = int(np.argmin(history.history["val_priority_loss"]))
print("history.history:", sorted(history.history))
print(f"epochs_run = {epochs_run} | best_epoch + 1 = {best_epoch + 1}")

assert epochs_run < MAX_EPOCHS
assert history.history["loss"][best_epoch] < history.history["loss"][0] / 2
assert history.history["val_department_accuracy"][best_epoch] > 0.95

# %% [markdown]
# The loss curves of each output, training against validation, with the
# best epoch marked. The department is learned within a few epochs and its
# loss drops almost to zero: the text gives it away. The urgency loss falls
# much less, because the noise in the hidden score makes some tickets
# unpredictable. Its validation loss stops falling after a few epochs and
# stalls, while the training loss keeps going down: that is the overfitting
# `EarlyStopping` cuts short.

# %%
epochs = np.arange(1, epochs_run + 1)

fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
for ax, output in zip(axes, ["priority", "department"]):
    ax.plot(epochs, history.history[f"{output}_loss"], label="train")
    ax.plot(epochs, history.history[f"val_{output}_loss"], label="validation")
    ax.axvline(best_epoch + 1, color="gray", linestyle=":", label="best epoch")
    ax.set_title(output)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Evaluating each output { #evaluation }
#
# With `return_dict=True`, `evaluate` returns a dictionary with the total
# loss and the losses and metrics of each output. To tell whether the model
# has learned anything, compare it with a **trivial baseline**: always
# predicting the most frequent class. Its accuracy is the share of that
# class in the test set, and its AUC is 0.5, that of a random guess.
#
# The 1,000 test tickets are evaluated in a single batch, so that the total
# loss is exactly the weighted sum of the two losses. Over several batches,
# Keras weights each batch by its size when averaging the total loss but
# not when averaging the per-output losses, so if the last batch is smaller
# the two only match approximately.

# %%
results = model.evaluate(x_test, y_test, batch_size=len(test), verbose=0, return_dict=True)

baseline_priority = max(y_test["priority"].mean(), 1 - y_test["priority"].mean())
baseline_department = np.bincount(y_test["department"]).max() / len(test)

print(f"{'':<20} {'model':>6} {'baseline':>8}")
print(f"{'priority_accuracy':<20} {results['priority_accuracy']:>6.3f} {baseline_priority:>8.3f}")
print(f"{'priority_auc':<20} {results['priority_auc']:>6.3f} {0.5:>8.3f}")
print(f"{'department_accuracy':<20} {results['department_accuracy']:>6.3f} {baseline_department:>8.3f}")
weighted_sum = sum(LOSS_WEIGHTS[name] * results[f"{name}_loss"] for name in LOSS_WEIGHTS)
print(f"loss = {results['loss']:.4f} | 1.0 * priority_loss + 0.5 * department_loss = {weighted_sum:.4f}")

assert results["priority_accuracy"] > baseline_priority + 0.1
assert results["priority_auc"] > 0.85
assert results["department_accuracy"] > 0.95 > baseline_department + 0.5
assert abs(results["loss"] - weighted_sum) < 1e-4

# %% [markdown]
# ## Predictions as a dictionary { #predictions }
#
# `predict` returns a dictionary too, with one entry per model output. Here,
# for four new tickets written by hand. The first two have **the same
# text**, alarming and technical, but come from different customers: an
# enterprise account with several recent tickets, and a free user with no
# history. The words missing from the vocabulary (`about`, `for`, `on`)
# count as `[UNK]`.

# %%
new_texts = np.array([
    "server down error urgent please help",
    "server down error urgent please help",
    "hello question about discount for plan",
    "refund for charge on card thanks",
])
new_metadata = np.array([
    [2, 4.0, 3],  # enterprise, 4 years, 3 recent tickets
    [0, 0.5, 0],  # free, half a year, none
    [0, 1.0, 0],
    [1, 2.0, 1],
], dtype="float32")

predictions = model.predict(
    {"words": keras.ops.convert_to_numpy(vectorizer(new_texts)).astype("float32"), "metadata": new_metadata}, verbose=0
)
print({name: value.shape for name, value in predictions.items()})

predicted_departments = [DEPARTMENTS[k] for k in predictions["department"].argmax(axis=1)]
for text, p_urgent, name in zip(new_texts, predictions["priority"][:, 0], predicted_departments):
    print(f"{p_urgent:>5.0%} urgent | {name:<9} | {text}")

assert sorted(predictions) == ["department", "priority"]
assert predictions["priority"].shape == (4, 1) and predictions["department"].shape == (4, 4)
assert predicted_departments == ["technical", "technical", "sales", "billing"]
p_urgent = predictions["priority"][:, 0]
assert p_urgent[0] > 0.5 > p_urgent[2] and p_urgent[3] < 0.5
assert p_urgent[0] > p_urgent[1]  # same text: the metadata change the urgency

# %% [markdown]
# Both outputs learned what was expected: the department comes from the text,
# and urgency combines the text with the metadata. For the same message, the
# enterprise customer with a recent history gets a higher probability of
# being urgent than the free user.
#
# ## Summary { #summary }
#
# - The **Functional API** builds models with several inputs and several
#   outputs: each input has its own `keras.Input` and branch, `Concatenate`
#   joins them, and each output is a layer with its own activation.
# - **Name your inputs and outputs**, and use dictionaries keyed by those
#   names for the data, `keras.Model`, `compile`, `fit` and `evaluate`.
#   Keras walks through them in alphabetical order; with names, the order
#   does not matter.
# - **One loss per output**, combined into a single weighted sum with
#   `loss_weights`, which is what the optimizer minimizes.
# - **Metrics per output**, in a dictionary as well: in Keras 3, a plain
#   list is no longer applied to every output.
# - **Choose what to watch**: `EarlyStopping` can follow the validation
#   loss of a single output (with `mode="min"`).
# - **Compare each output with a simple baseline**, such as the most
#   frequent class, to know whether the model really learned something.
# - `predict` returns a **dictionary** with one entry per output.
#
# To keep practicing: change `loss_weights` (to
# `{"priority": 1.0, "department": 0.0}`, for example) and watch what
# happens to each output, or train a model on the text alone and compare
# its urgency AUC with this one's.
