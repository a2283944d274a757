# ---
# jupyter:
#   course:
#     after: [text-classification.md]
# ---

# %% [markdown]
# # Text end to end: positive and negative opinions { #text-classification }
#
# In this lesson you classify short opinions, in Spanish and in English, as
# positive or negative, from the written sentence to a saved model that takes
# raw text: the corpus, the keyword rule to beat, the vocabulary with a
# standardization that understands Spanish's "¡" and "¿", padding and
# masking, training with its curves, evaluation on sentences the model has
# not seen, what it has learned about each word and, at the end, the model
# with its vocabulary inside, saved and loaded back.
#
# It follows the pages [From text to numbers](../../text-vectorization/)
# and [A text classifier](../../text-classification/), which explain each
# piece at a gentler pace; here you also get the training curves and a
# drawing of what the model learns about each word.
#
# The code itself generates the corpus; nothing is downloaded.

# %%
import os
import shutil
import tempfile
import zipfile

import matplotlib.pyplot as plt
import numpy as np
import keras
import tensorflow as tf
from sklearn.decomposition import PCA
from sklearn.model_selection import train_test_split

# Seeds Python, NumPy and TensorFlow: the same initial weights and the same
# training every time the notebook runs.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__, "| TensorFlow", tf.__version__)

# %% [markdown]
# ## The corpus { #the-corpus }
#
# Each language has five subjects, six positive adjectives, six negative ones
# and six templates; `make_corpus` combines every template with every subject
# and every adjective. Three templates affirm and three negate, and negation
# flips the label: "La película no es horrible" (the movie is not horrible)
# is positive (1). The code is the same as on the pages.

# %%
SPANISH = {
    "subjects": ["la película", "el libro", "la serie", "la batería", "el servicio"],
    "positive": ["excelente", "genial", "increíble", "agradable", "impecable", "brillante"],
    "negative": ["horrible", "terrible", "decepcionante", "lamentable", "insoportable", "mediocre"],
    "templates": [  # (template, does it negate the adjective?)
        ("{S} es {a}.", False),
        ("{S} no es {a}.", True),
        ("{S} me pareció muy {a}.", False),
        ("{S} no me pareció {a}.", True),
        ("¡{S} es {a}!", False),
        ("{S} no es nada {a}.", True),
    ],
}
ENGLISH = {
    "subjects": ["the movie", "the book", "the series", "the battery", "the service"],
    "positive": ["excellent", "great", "amazing", "pleasant", "flawless", "brilliant"],
    "negative": ["horrible", "terrible", "disappointing", "awful", "unbearable", "mediocre"],
    "templates": [
        ("{S} is {a}.", False),
        ("{S} is not {a}.", True),
        ("I found {s} really {a}.", False),
        ("I did not find {s} {a}.", True),
        ("Honestly, {s} is {a}!", False),
        ("{S} is not at all {a}.", True),
    ],
}


# Every template with every subject and every adjective, in both languages.
def make_corpus():
    texts, labels = [], []
    for language in (SPANISH, ENGLISH):
        for template, negates in language["templates"]:
            for subject in language["subjects"]:
                for polarity, adjectives in ((1, language["positive"]), (0, language["negative"])):
                    for adjective in adjectives:
                        # {S}: the subject at the start of the sentence, capitalized
                        texts.append(template.format(s=subject, S=subject.capitalize(), a=adjective))
                        labels.append(1 - polarity if negates else polarity)  # 1: positive, 0: negative
    return np.array(texts), np.array(labels, dtype="float32")


texts, labels = make_corpus()

print(f"{len(texts)} sentences, {int(labels.sum())} positive")
for i in (0, 66, 246, 420, 719):
    print(int(labels[i]), texts[i])

assert len(texts) == 2 * 6 * 5 * 12 and labels.sum() == len(texts) / 2

# %% [markdown]
# ## The bar to clear: keywords { #keyword-baseline }
#
# The simplest rule, "positive if it contains a positive adjective", gets
# exactly half of the sentences right: it gets every sentence that negates
# its adjective wrong. Any model worth having must beat it.

# %%
positive_words = SPANISH["positive"] + ENGLISH["positive"]
keyword_guess = np.array([any(word in text for word in positive_words) for text in texts])
keyword_accuracy = float((keyword_guess == labels).mean())

print(f"keyword_accuracy = {keyword_accuracy:.2f}")

assert keyword_accuracy == 0.5

# %% [markdown]
# 25% of the sentences are set aside as a test set, with the same share of
# positive and negative ones (`stratify`). They are new combinations, but of
# words that the model already sees in training.

# %%
x_train, x_test, y_train, y_test = train_test_split(
    texts, labels, test_size=0.25, random_state=0, stratify=labels
)

print("train:", len(x_train), "| test:", len(x_test))

assert (len(x_train), len(x_test)) == (540, 180)
assert y_test.mean() == 0.5

# %% [markdown]
# ## Vocabulary and standardization { #vectorization }
#
# `TextVectorization`'s default standardization only strips ASCII
# punctuation and only lowercases ASCII letters, so "¡La" would end up as a
# token different from "la". The `standardize` function uses
# `tf.strings.lower` with `encoding="utf-8"` and the Unicode class `\p{P}`,
# which includes "¡" and "¿". It is registered so that the model can be
# saved with it. `adapt` learns the vocabulary from the training sentences
# only.

# %%
@keras.saving.register_keras_serializable(package="course")
def standardize(text):
    text = tf.strings.lower(text, encoding="utf-8")  # É, Ñ... too
    return tf.strings.regex_replace(text, r"\p{P}", "")  # all punctuation, ¡ and ¿ included


default_vectorizer = keras.layers.TextVectorization(name="default_vectorizer")
default_vectorizer.adapt(x_train)
vectorizer = keras.layers.TextVectorization(standardize=standardize, name="vectorizer")
vectorizer.adapt(x_train)
vocabulary = [str(token) for token in vectorizer.get_vocabulary()]
vocabulary_size = len(vocabulary)

print("default tokens with ¡:", [str(t) for t in default_vectorizer.get_vocabulary() if t.startswith("¡")])
print("vocabulary_size =", vocabulary_size)
print("first tokens:", vocabulary[:10])
print("shared by both languages:", sorted(set(SPANISH["negative"]) & set(ENGLISH["negative"])))

assert vocabulary[:2] == ["", "[UNK]"]  # 0: padding, 1: unknown
assert not any(token.startswith(("¡", "¿")) for token in vocabulary)
assert vocabulary_size == default_vectorizer.vocabulary_size() - 2  # no '¡la' or '¡el'

# %% [markdown]
# ## Padding and masking { #padding-and-masking }
#
# Without `output_sequence_length`, the vectorizer pads each batch with zeros
# up to its longest sentence. `Embedding(..., mask_zero=True)` does not change
# the vectors, but it computes a mask that marks which positions are real
# tokens, and `GlobalAveragePooling1D` uses it to average only those. An
# identical layer without a mask, with the same table, averages the padding
# too.

# %%
ids = vectorizer(["La serie es genial.", "I did not find the book pleasant."])
masked_embedding = keras.layers.Embedding(vocabulary_size, 4, mask_zero=True, name="masked_embedding")
plain_embedding = keras.layers.Embedding(vocabulary_size, 4, name="plain_embedding")
vectors = masked_embedding(ids)
plain_embedding.build()
plain_embedding.set_weights(masked_embedding.get_weights())
pooling = keras.layers.GlobalAveragePooling1D(name="pooling")
with_mask = keras.ops.convert_to_numpy(pooling(vectors))
without_mask = keras.ops.convert_to_numpy(pooling(plain_embedding(ids)))

print("ids:", keras.ops.convert_to_numpy(ids).tolist())
print("mask:", keras.ops.convert_to_numpy(masked_embedding.compute_mask(ids)).tolist())
print("average of the short sentence, with mask:   ", with_mask[0].round(4))
print("average of the short sentence, without mask:", without_mask[0].round(4))

table = keras.ops.convert_to_numpy(masked_embedding.embeddings)
assert np.array_equal(keras.ops.convert_to_numpy(vectors), keras.ops.convert_to_numpy(plain_embedding(ids)))  # the same vectors
assert np.allclose(with_mask[0], table[ids[0, :4]].mean(axis=0))  # the 4 tokens only
assert not np.allclose(with_mask[0], without_mask[0])  # padding changes the average
assert np.allclose(with_mask[1], without_mask[1])  # no padding, same result

# %% [markdown]
# ## Training and validation { #training }
#
# The classifier takes the indices: a masked `Embedding`, the sentence's
# average, a hidden layer and a `sigmoid` output with the probability that
# the opinion is positive. The text is vectorized once, before training.
# `validation_split=0.2` holds back the last 20% of the training sentences
# to watch learning epoch by epoch; the test sentences stay untouched.

# %%
EPOCHS = 15


# Masked Embedding, average and sigmoid output; with a hidden layer if hidden_units > 0.
def make_classifier(hidden_units, name):
    layers = [
        keras.Input(shape=(None,), dtype="int32", name="token_ids"),
        keras.layers.Embedding(vocabulary_size, 16, mask_zero=True, name="embedding"),
        keras.layers.GlobalAveragePooling1D(name="average"),
    ]
    if hidden_units:
        layers.append(keras.layers.Dense(hidden_units, activation="relu", name="hidden"))
    layers.append(keras.layers.Dense(1, activation="sigmoid", name="positive"))
    model = keras.Sequential(layers, name=name)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model


train_ids, test_ids = vectorizer(x_train), vectorizer(x_test)
classifier = make_classifier(16, "opinion_classifier")
initial_table = keras.ops.convert_to_numpy(classifier.get_layer("embedding").embeddings).copy()  # before training
history = classifier.fit(
    train_ids, y_train, validation_split=0.2, epochs=EPOCHS, batch_size=32, verbose=0
)

print(f"{'epoch':>5} {'loss':>6} {'val_loss':>8} {'val_accuracy':>12}")
for epoch in range(0, EPOCHS, 2):
    h = history.history
    print(f"{epoch + 1:>5} {h['loss'][epoch]:>6.3f} {h['val_loss'][epoch]:>8.3f} {h['val_accuracy'][epoch]:>12.3f}")

assert history.history["loss"][-1] < history.history["loss"][0] / 10
assert history.history["val_accuracy"][-1] > 0.95

# %% [markdown]
# The training and validation curves move together: accuracy starts near
# one half, what the keyword rule gets (the dotted line), and within a few
# epochs it reaches almost every sentence. Validation not drifting away from
# training says that the model is not memorizing the sentences.

# %%
epochs = np.arange(1, EPOCHS + 1)
fig, (ax_loss, ax_accuracy) = plt.subplots(1, 2, figsize=(10, 3.6))
for ax, metric in [(ax_loss, "loss"), (ax_accuracy, "accuracy")]:
    ax.plot(epochs, history.history[metric], label="train")
    ax.plot(epochs, history.history[f"val_{metric}"], label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend()
ax_accuracy.axhline(keyword_accuracy, color="gray", linestyle=":", label="keywords")
ax_accuracy.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Evaluating on the test set { #evaluation }
#
# The measure that counts is the test set's, which the model has not seen. To see
# what the hidden layer adds, the same model without it, trained the same
# way, serves as a comparison: without a hidden layer each word always
# pushes in the same direction, and "no" cannot mean one thing next to
# "horrible" and the opposite next to "excelente".

# %%
test_loss, test_accuracy = classifier.evaluate(test_ids, y_test, verbose=0)
linear = make_classifier(0, "linear_classifier")
linear.fit(train_ids, y_train, epochs=EPOCHS, batch_size=32, verbose=0)
linear_accuracy = linear.evaluate(test_ids, y_test, verbose=0)[1]

print(f"keywords:                 {keyword_accuracy:.3f}")
print(f"without the hidden layer: {linear_accuracy:.3f}")
print(f"classifier:               {test_accuracy:.3f}")

assert test_accuracy > 0.95
assert linear_accuracy < 0.6  # negation needs the hidden layer

# %% [markdown]
# ## What each word has learned { #word-embeddings }
#
# Each word has a vector of 16 numbers in the `Embedding`'s table. To draw
# them, principal component analysis (scikit-learn's `PCA`) projects them on
# the two directions along which they vary most. In green, some positive
# adjectives; in red, some negative ones; in blue, the negations and other
# template words. The positive adjectives of both languages cluster away
# from the negative ones: the model has sorted them by meaning, not by
# language, without anyone telling it which words translate which. The cell
# checks it in the 16 numbers, not only in the picture: every adjective has
# a higher cosine similarity with the center of its group (the mean of its
# vectors) than with the other's. The negations, on the other hand, have no
# fixed place: depending on the seed, "no" and "not" end up together or
# apart. All the model needs is a hidden layer that knows what to do with
# each.

# %%
groups = {
    "tab:green": SPANISH["positive"][:3] + ENGLISH["positive"][:3],
    "tab:red": SPANISH["negative"][2:5] + ENGLISH["negative"][2:5],
    "tab:blue": ["no", "not", "la", "the", "es", "is"],
}
embeddings = keras.ops.convert_to_numpy(classifier.get_layer("embedding").embeddings)
words = [word for group in groups.values() for word in group]
points = PCA(n_components=2).fit_transform(embeddings[[vocabulary.index(word) for word in words]])

fig, ax = plt.subplots(figsize=(7, 5))
start = 0
for color, group in groups.items():
    group_points = points[start : start + len(group)]
    ax.scatter(group_points[:, 0], group_points[:, 1], color=color)
    for k, (word, (x, y)) in enumerate(zip(group, group_points)):
        ax.annotate(word, (x, y), xytext=(5, 9 * (k % 3) - 9), textcoords="offset points", fontsize=9)
    start += len(group)
ax.set_xlabel("first principal component")
ax.set_ylabel("second principal component")
plt.tight_layout()
plt.show()


def cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def vector(word):
    return embeddings[vocabulary.index(word)]


positive = SPANISH["positive"] + ENGLISH["positive"]
negative = SPANISH["negative"] + ENGLISH["negative"]
positive_center = np.mean([vector(word) for word in positive], axis=0)
negative_center = np.mean([vector(word) for word in negative], axis=0)
# For each adjective: similarity to its group's center minus similarity to the other's.
margins = [cosine(vector(word), positive_center) - cosine(vector(word), negative_center) for word in positive] + [
    cosine(vector(word), negative_center) - cosine(vector(word), positive_center) for word in negative
]
print(f"adjectives closer to their own group: {sum(m > 0 for m in margins)} / {len(margins)}")
print(f"smallest margin: {min(margins):.2f}")

assert min(margins) > 0.5  # all of them, with room to spare (cosine similarity goes from -1 to 1)

# %% [markdown]
# ## New sentences { #new-sentences }
#
# In sentences that are not in the corpus, unknown words become `[UNK]`
# (index 1), and the adjective and the negation are enough for the model.
# But the `[UNK]` vector does not change in training, because the training
# sentences have no unknown words: it stays at its initial value, like the
# padding vector, which the mask leaves out. The more unknown words a
# sentence has, the more weight goes to that vector nobody has tuned.
#
# Besides, the model averages the words' vectors, so order does not count:
# two sentences with the same words get the same probability, even when
# they say opposite things.

# %%
new_sentences = [
    "La comida es excelente.",
    "The hotel is not great.",
    "El final no es nada horrible.",
    "The food was not terrible.",
    "La comida no me pareció agradable.",
]
expected = [1, 0, 1, 1, 0]
probabilities = classifier.predict(vectorizer(new_sentences), verbose=0)[:, 0]
for sentence, probability in zip(new_sentences, probabilities):
    print(f"{probability:.2f}  {sentence}")
print("ids of 'The food was not terrible.':", keras.ops.convert_to_numpy(vectorizer(["The food was not terrible."])).tolist())

trained_table = keras.ops.convert_to_numpy(classifier.get_layer("embedding").embeddings)
unchanged_rows = np.flatnonzero(np.all(trained_table == initial_table, axis=1))
print("rows that training did not change:", unchanged_rows.tolist(), [vocabulary[i] for i in unchanged_rows])

contrast = classifier.predict(
    vectorizer(
        [
            "La historia es genial, pero el final es horrible.",
            "La historia es horrible, pero el final es genial.",
        ]
    ),
    verbose=0,
)
print("same words, opposite meaning:", contrast[:, 0].round(4))

assert keras.ops.convert_to_numpy(vectorizer(["The food was not terrible."]))[0, 1:3].tolist() == [1, 1]  # 'food', 'was': [UNK]
assert ((probabilities > 0.5) == np.array(expected, dtype=bool)).all()
assert unchanged_rows.tolist() == [0, 1]  # padding and [UNK]
assert np.allclose(contrast[0], contrast[1])

# %% [markdown]
# Thanks to the mask, a sentence's probability does not depend on the
# padding it gets from sharing a batch with longer sentences. A copy of the
# classifier without `mask_zero`, with the same weights, does change.

# %%
alone = vectorizer(["La serie es genial."])
padded = vectorizer(["La serie es genial.", "I did not find the book pleasant."])[:1]
unmasked = keras.Sequential(
    [
        keras.Input(shape=(None,), dtype="int32", name="token_ids"),
        keras.layers.Embedding(vocabulary_size, 16, name="embedding"),  # no mask_zero
        keras.layers.GlobalAveragePooling1D(name="average"),
        keras.layers.Dense(16, activation="relu", name="hidden"),
        keras.layers.Dense(1, activation="sigmoid", name="positive"),
    ],
    name="unmasked_classifier",
)
unmasked.set_weights(classifier.get_weights())


def probability(model, token_ids):
    # For a single sentence, call the model directly: predict is meant for many batches
    return float(keras.ops.convert_to_numpy(model(token_ids))[0, 0])


for name, model in [("with mask", classifier), ("without mask", unmasked)]:
    print(f"{name:<13} alone: {probability(model, alone):.4f} | padded: {probability(model, padded):.4f}")

assert np.isclose(probability(classifier, alone), probability(classifier, padded))
assert not np.isclose(probability(unmasked, alone), probability(unmasked, padded))

# %% [markdown]
# ## A model that takes text { #end-to-end-model }
#
# The vectorizer and the trained classifier are joined in a Functional API
# model with a text input (`dtype="string"`). In the `.keras` format the
# vocabulary travels inside the file, under `assets`; the code of
# `standardize` does not, so it must be defined and registered wherever the
# model is loaded.

# %%
text_input = keras.Input(shape=(), dtype="string", name="text")
end_to_end = keras.Model(text_input, classifier(vectorizer(text_input)), name="opinions")

folder = tempfile.mkdtemp()
path = os.path.join(folder, "opinions.keras")
end_to_end.save(path)
with zipfile.ZipFile(path) as keras_file:
    saved_vocabulary = keras_file.read("assets/layers/text_vectorization/vocabulary.txt").decode().split("\n")
    print("files:", keras_file.namelist())
assert saved_vocabulary == vocabulary  # one line per token; the first, empty, is padding

# %% [markdown]
# The loaded model takes sentences as they are written, in a TensorFlow
# tensor, and predicts the same. With JAX or PyTorch, the vectorizer stays
# outside the model and the sentences are vectorized before `predict`, as
# above.
#
# <!-- tensorflow-only: next "text tensors exist only in TensorFlow, so a model with `TextVectorization` inside works on that backend only" -->

# %%
reloaded = keras.models.load_model(path)
raw_probabilities = reloaded.predict(tf.constant(new_sentences), verbose=0)[:, 0]
print("reloaded:", raw_probabilities.round(2))

assert np.allclose(raw_probabilities, probabilities, atol=1e-6)

# %%
shutil.rmtree(folder)  # the temporary folder, on any backend

# %% [markdown]
# ## Summary { #summary }
#
# - **Generate the corpus in code** when it is small: it is reproducible and
#   there is nothing to download.
# - **Measure against a simple rule**: looking for adjectives gets half
#   right because half of the sentences negate them.
# - **Standardize for your language**: for Spanish, UTF-8 lowercasing and
#   all Unicode punctuation removed, "¡" and "¿" included.
# - **Mask the padding**: with `mask_zero=True`, the average ignores the
#   zeros and a sentence's prediction does not depend on its batch.
# - **A hidden layer combines words**: without it, the model cannot learn
#   negation.
# - **Save the vectorizer with the model**: the `.keras` file carries the
#   vocabulary, and the loaded model takes raw text.
#
# To keep practicing: add a new template to the corpus in each language (for
# example, "{S} resultó {a}." and "{S} no resultó {a}.", with their English
# counterparts) and see whether the model still gets them right; or write
# sentences with "but" and check how many it confuses.
