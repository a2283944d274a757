# ---
# jupyter:
#   course:
#     after: [text-classification.md]
# ---

# %% [markdown]
# # Texto de principio a fin: opiniones positivas y negativas { #text-classification }
#
# En esta lección clasificas opiniones breves, en español y en inglés, como
# positivas o negativas, desde la frase escrita hasta un modelo guardado que
# acepta texto sin procesar: el corpus, la regla de palabras clave que hay que
# superar, el vocabulario con una estandarización que entiende «¡» y «¿», el
# relleno y la máscara, el entrenamiento con sus curvas, la evaluación con
# frases que el modelo no ha visto, lo que ha aprendido de cada palabra y, al
# final, el modelo con su vocabulario dentro, guardado y cargado de nuevo.
#
# Es el recorrido de las páginas [Del texto a los números](../../text-vectorization/)
# y [Un clasificador de texto](../../text-classification/), que explican cada
# pieza con más calma; aquí se añaden las curvas de entrenamiento y un dibujo
# de lo que el modelo aprende de cada palabra.
#
# El corpus lo genera el propio código; no se descarga nada.

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

# Semillas de Python, NumPy y TensorFlow: los mismos pesos iniciales y el
# mismo entrenamiento cada vez que se ejecuta el cuaderno.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__, "| TensorFlow", tf.__version__)

# %% [markdown]
# ## El corpus { #the-corpus }
#
# Cada idioma tiene cinco sujetos, seis adjetivos positivos, seis negativos
# y seis plantillas; `make_corpus` combina cada plantilla con cada sujeto y
# cada adjetivo. Tres plantillas afirman y tres niegan, y la negación
# invierte la etiqueta: «La película no es horrible» es positiva (1). El
# código es el mismo de las páginas.

# %%
SPANISH = {
    "subjects": ["la película", "el libro", "la serie", "la batería", "el servicio"],
    "positive": ["excelente", "genial", "increíble", "agradable", "impecable", "brillante"],
    "negative": ["horrible", "terrible", "decepcionante", "lamentable", "insoportable", "mediocre"],
    "templates": [  # (plantilla, ¿niega el adjetivo?)
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


# Cada plantilla con cada sujeto y cada adjetivo, en los dos idiomas.
def make_corpus():
    texts, labels = [], []
    for language in (SPANISH, ENGLISH):
        for template, negates in language["templates"]:
            for subject in language["subjects"]:
                for polarity, adjectives in ((1, language["positive"]), (0, language["negative"])):
                    for adjective in adjectives:
                        # {S}: el sujeto al principio de la frase, con mayúscula
                        texts.append(template.format(s=subject, S=subject.capitalize(), a=adjective))
                        labels.append(1 - polarity if negates else polarity)  # 1: positiva, 0: negativa
    return np.array(texts), np.array(labels, dtype="float32")


texts, labels = make_corpus()

print(f"{len(texts)} sentences, {int(labels.sum())} positive")
for i in (0, 66, 246, 420, 719):
    print(int(labels[i]), texts[i])

assert len(texts) == 2 * 6 * 5 * 12 and labels.sum() == len(texts) / 2

# %% [markdown]
# ## La línea base: palabras clave { #keyword-baseline }
#
# La regla más simple, «positiva si contiene un adjetivo positivo», acierta
# exactamente la mitad de las frases: las que niegan su adjetivo las falla
# todas. Cualquier modelo que merezca la pena tiene que superarla.

# %%
positive_words = SPANISH["positive"] + ENGLISH["positive"]
keyword_guess = np.array([any(word in text for word in positive_words) for text in texts])
keyword_accuracy = float((keyword_guess == labels).mean())

print(f"keyword_accuracy = {keyword_accuracy:.2f}")

assert keyword_accuracy == 0.5

# %% [markdown]
# Un 25 % de las frases queda aparte como conjunto de prueba, con la misma
# proporción de positivas y negativas (`stratify`). Son combinaciones nuevas,
# pero de palabras que el modelo ya ve al entrenar.

# %%
x_train, x_test, y_train, y_test = train_test_split(
    texts, labels, test_size=0.25, random_state=0, stratify=labels
)

print("train:", len(x_train), "| test:", len(x_test))

assert (len(x_train), len(x_test)) == (540, 180)
assert y_test.mean() == 0.5

# %% [markdown]
# ## Vocabulario y estandarización { #vectorization }
#
# La estandarización predeterminada de `TextVectorization` solo quita la
# puntuación ASCII y solo pasa a minúsculas las letras ASCII, así que «¡La»
# acabaría como un token distinto de «la». La función `standardize` usa
# `tf.strings.lower` con `encoding="utf-8"` y la clase de Unicode `\p{P}`,
# que incluye «¡» y «¿». Está registrada para poder guardar el modelo con
# ella. `adapt` aprende el vocabulario solo de las frases de entrenamiento.

# %%
@keras.saving.register_keras_serializable(package="course")
def standardize(text):
    text = tf.strings.lower(text, encoding="utf-8")  # también É, Ñ...
    return tf.strings.regex_replace(text, r"\p{P}", "")  # toda la puntuación, también ¡ y ¿


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

assert vocabulary[:2] == ["", "[UNK]"]  # 0: relleno, 1: desconocida
assert not any(token.startswith(("¡", "¿")) for token in vocabulary)
assert vocabulary_size == default_vectorizer.vocabulary_size() - 2  # sin «¡la» ni «¡el»

# %% [markdown]
# ## Relleno y máscara { #padding-and-masking }
#
# Sin `output_sequence_length`, el vectorizador rellena con ceros cada lote
# hasta su frase más larga. `Embedding(..., mask_zero=True)` no cambia los
# vectores, pero calcula una máscara que marca qué posiciones son tokens de
# verdad, y `GlobalAveragePooling1D` la usa para promediar solo esas. Una
# capa igual sin máscara, con la misma tabla, promedia también el relleno.

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
assert np.array_equal(keras.ops.convert_to_numpy(vectors), keras.ops.convert_to_numpy(plain_embedding(ids)))  # los mismos vectores
assert np.allclose(with_mask[0], table[ids[0, :4]].mean(axis=0))  # solo los 4 tokens
assert not np.allclose(with_mask[0], without_mask[0])  # el relleno cambia la media
assert np.allclose(with_mask[1], without_mask[1])  # sin relleno, lo mismo

# %% [markdown]
# ## Entrenar y validar { #training }
#
# El clasificador recibe los índices: `Embedding` con máscara, la media de
# la frase, una capa oculta y una salida `sigmoid` con la probabilidad de
# que la opinión sea positiva. El texto se vectoriza una vez, antes de
# entrenar. `validation_split=0.2` reserva el último 20 % de las frases de
# entrenamiento para vigilar el aprendizaje época a época; las de prueba
# siguen intactas.

# %%
EPOCHS = 15


# Embedding con máscara, media y salida sigmoid; con capa oculta si hidden_units > 0.
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
initial_table = keras.ops.convert_to_numpy(classifier.get_layer("embedding").embeddings).copy()  # antes de entrenar
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
# Las curvas de entrenamiento y validación van juntas: la exactitud empieza
# cerca de la mitad, lo que acierta la regla de palabras clave (la línea de
# puntos), y en pocas épocas llega a casi todas las frases. Que la
# validación no se separe del entrenamiento dice que el modelo no se está
# aprendiendo las frases de memoria.

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
# ## Evaluar con el conjunto de prueba { #evaluation }
#
# La medida que cuenta es la del conjunto de prueba, que el modelo no ha visto.
# Para ver qué aporta la capa oculta, el mismo modelo sin ella, entrenado
# igual, sirve de comparación: sin capa oculta cada palabra empuja siempre
# en la misma dirección, y «no» no puede significar una cosa junto a
# «horrible» y la contraria junto a «excelente».

# %%
test_loss, test_accuracy = classifier.evaluate(test_ids, y_test, verbose=0)
linear = make_classifier(0, "linear_classifier")
linear.fit(train_ids, y_train, epochs=EPOCHS, batch_size=32, verbose=0)
linear_accuracy = linear.evaluate(test_ids, y_test, verbose=0)[1]

print(f"keywords:                 {keyword_accuracy:.3f}")
print(f"without the hidden layer: {linear_accuracy:.3f}")
print(f"classifier:               {test_accuracy:.3f}")

assert test_accuracy > 0.95
assert linear_accuracy < 0.6  # la negación necesita la capa oculta

# %% [markdown]
# ## Lo que ha aprendido cada palabra { #word-embeddings }
#
# Cada palabra tiene un vector de 16 números en la tabla del `Embedding`.
# Para dibujarlos, el análisis de componentes principales (`PCA` de
# scikit-learn) los proyecta en las dos direcciones en que más varían. En
# verde, algunos adjetivos positivos; en rojo, algunos negativos; en azul,
# las negaciones y otras palabras de las plantillas. Los adjetivos positivos
# de los dos idiomas se agrupan lejos de los negativos: el modelo los ha
# ordenado por su sentido, no por su idioma, sin que nadie le diga qué
# palabras se traducen por cuáles. La celda lo comprueba en los 16 números,
# no solo en el dibujo: cada adjetivo tiene mayor similitud coseno con el
# centro de su grupo (la media de sus vectores) que con el del otro. Las
# negaciones, en cambio, no tienen un sitio fijo: según la semilla, «no» y
# «not» acaban juntas o separadas. Al modelo le basta con que la capa oculta
# sepa qué hacer con cada una.

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
# Para cada adjetivo: similitud con el centro de su grupo menos similitud con el del otro.
margins = [cosine(vector(word), positive_center) - cosine(vector(word), negative_center) for word in positive] + [
    cosine(vector(word), negative_center) - cosine(vector(word), positive_center) for word in negative
]
print(f"adjectives closer to their own group: {sum(m > 0 for m in margins)} / {len(margins)}")
print(f"smallest margin: {min(margins):.2f}")

assert min(margins) > 0.5  # todos, y con holgura (la similitud coseno va de -1 a 1)

# %% [markdown]
# ## Frases nuevas { #new-sentences }
#
# Con frases que no están en el corpus, las palabras desconocidas pasan a
# `[UNK]` (índice 1), y al modelo le bastan el adjetivo y la negación. Pero
# el vector de `[UNK]` no cambia al entrenar, porque en las frases de
# entrenamiento no hay palabras desconocidas: sigue siendo el inicial, igual
# que el del relleno, que la máscara deja fuera. Cuantas más palabras
# desconocidas tenga una frase, más pesa ese vector que nadie ha ajustado.
#
# Además, el modelo promedia los vectores de las palabras, así que el orden
# no cuenta: dos frases con las mismas palabras reciben la misma
# probabilidad, aunque digan lo contrario.

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

assert keras.ops.convert_to_numpy(vectorizer(["The food was not terrible."]))[0, 1:3].tolist() == [1, 1]  # «food», «was»: [UNK]
assert ((probabilities > 0.5) == np.array(expected, dtype=bool)).all()
assert unchanged_rows.tolist() == [0, 1]  # el relleno y [UNK]
assert np.allclose(contrast[0], contrast[1])

# %% [markdown]
# Gracias a la máscara, la probabilidad de una frase no depende del relleno
# que reciba por compartir lote con frases más largas. Una copia del
# clasificador sin `mask_zero`, con los mismos pesos, sí cambia.

# %%
alone = vectorizer(["La serie es genial."])
padded = vectorizer(["La serie es genial.", "I did not find the book pleasant."])[:1]
unmasked = keras.Sequential(
    [
        keras.Input(shape=(None,), dtype="int32", name="token_ids"),
        keras.layers.Embedding(vocabulary_size, 16, name="embedding"),  # sin mask_zero
        keras.layers.GlobalAveragePooling1D(name="average"),
        keras.layers.Dense(16, activation="relu", name="hidden"),
        keras.layers.Dense(1, activation="sigmoid", name="positive"),
    ],
    name="unmasked_classifier",
)
unmasked.set_weights(classifier.get_weights())


def probability(model, token_ids):
    # Para una sola frase se llama al modelo directamente: predict está pensado para muchos lotes
    return float(keras.ops.convert_to_numpy(model(token_ids))[0, 0])


for name, model in [("with mask", classifier), ("without mask", unmasked)]:
    print(f"{name:<13} alone: {probability(model, alone):.4f} | padded: {probability(model, padded):.4f}")

assert np.isclose(probability(classifier, alone), probability(classifier, padded))
assert not np.isclose(probability(unmasked, alone), probability(unmasked, padded))

# %% [markdown]
# ## Un modelo que acepta texto { #end-to-end-model }
#
# El vectorizador y el clasificador entrenado se unen en un modelo de la API
# funcional con una entrada de texto (`dtype="string"`). En formato `.keras`
# el vocabulario viaja dentro del archivo, en `assets`; el código de
# `standardize` no, así que tiene que estar definido y registrado donde se
# cargue el modelo.

# %%
text_input = keras.Input(shape=(), dtype="string", name="text")
end_to_end = keras.Model(text_input, classifier(vectorizer(text_input)), name="opinions")

folder = tempfile.mkdtemp()
path = os.path.join(folder, "opinions.keras")
end_to_end.save(path)
with zipfile.ZipFile(path) as keras_file:
    saved_vocabulary = keras_file.read("assets/layers/text_vectorization/vocabulary.txt").decode().split("\n")
    print("files:", keras_file.namelist())
assert saved_vocabulary == vocabulary  # una línea por token; la primera, vacía, es el relleno

# %% [markdown]
# El modelo cargado recibe las frases tal como se escriben, en un tensor de
# TensorFlow, y predice lo mismo. Con JAX o PyTorch, el vectorizador va
# fuera del modelo y las frases se vectorizan antes de `predict`, como arriba.
#
# <!-- tensorflow-only: next "los tensores de texto solo existen en TensorFlow, así que un modelo con `TextVectorization` dentro solo funciona con ese backend" -->

# %%
reloaded = keras.models.load_model(path)
raw_probabilities = reloaded.predict(tf.constant(new_sentences), verbose=0)[:, 0]
print("reloaded:", raw_probabilities.round(2))

assert np.allclose(raw_probabilities, probabilities, atol=1e-6)

# %%
shutil.rmtree(folder)  # la carpeta temporal, con cualquier backend

# %% [markdown]
# ## Resumen { #summary }
#
# - **Genera el corpus en el código** cuando es pequeño: es reproducible y
#   no hay que descargarlo.
# - **Mide contra una regla simple**: buscar adjetivos acierta la mitad
#   porque la mitad de las frases los niega.
# - **Estandariza para tu idioma**: en español, minúsculas en UTF-8 y fuera
#   toda la puntuación de Unicode, también «¡» y «¿».
# - **Enmascara el relleno**: con `mask_zero=True`, la media ignora los
#   ceros y la predicción de una frase no depende de su lote.
# - **Una capa oculta combina palabras**: sin ella, el modelo no aprende la
#   negación.
# - **Guarda el vectorizador con el modelo**: el archivo `.keras` lleva el
#   vocabulario, y el modelo cargado acepta texto sin procesar.
#
# Para seguir practicando: añade al corpus una plantilla nueva en cada
# idioma (por ejemplo, «{S} resultó {a}.» y «{S} no resultó {a}.», con sus
# equivalentes en inglés) y mira si el modelo sigue acertando; o escribe
# frases con «pero» y comprueba cuántas confunde.
