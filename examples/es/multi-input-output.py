# ---
# jupyter:
#   course:
#     after: [functional.md]
#     teaches: [keras.metrics.AUC, keras.layers.InputLayer]
# ---

# %% [markdown]
# # Un modelo con varias entradas y varias salidas { #multi-input-output }
#
# Un modelo `Sequential` recibe una entrada y devuelve una salida. Muchos
# problemas reales no encajan en ese molde. Piensa en el servicio de atención
# al cliente de una empresa de *software*: de cada incidencia (*ticket*) que
# llega se conocen **el texto** que ha escrito el cliente y **unos datos de su
# cuenta**, y hay que decidir a la vez **si es urgente** y **a qué
# departamento** enviarla.
#
# Se podrían entrenar dos modelos por separado, pero uno solo con la
# [API funcional](../../functional/#multiple-inputs-outputs) resulta más
# natural: dos entradas de distinto tipo, una parte compartida que combina lo
# que se sabe de ambas y dos salidas, cada una con su propia pérdida y sus
# propias métricas. En esta lección vas a construir ese modelo con entradas y
# salidas **con nombre**, pasadas como diccionarios, y a comprobar que aprende
# las dos tareas.
#
# Necesitas la [API funcional](../../functional/#functional), las capas de
# [preprocesamiento](../../preprocessing-layers/#preprocessing-layers)
# (`Normalization`, `TextVectorization`) y la [parada
# temprana](../../callbacks/#early-stopping) con `EarlyStopping`, además de
# [validar mientras se entrena](../../training/#fit).

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras

keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## El problema y los datos { #the-data }
#
# Las 4000 incidencias son sintéticas, generadas con una semilla fija, así
# que se sabe qué relación hay entre los datos y lo que hay que predecir:
#
# - **El departamento** (`billing`, facturación; `technical`, asistencia
#   técnica; `sales`, ventas; `account`, gestión de cuentas) decide las
#   palabras temáticas del texto. Algunas se comparten: `price` aparece tanto
#   en facturación como en ventas.
# - **Los metadatos** de la cuenta son tres números: el plan contratado
#   (`plan`: 0 gratuito, 1 profesional, 2 empresa), la antigüedad del cliente
#   en años (`account_years`) y cuántas incidencias ha abierto en los últimos
#   30 días (`recent_tickets`), que tiende a crecer con el plan.
# - **La urgencia** depende de una puntuación oculta: sube con el plan, con
#   las incidencias recientes y si el problema es técnico, más un ruido
#   aleatorio. Las incidencias urgentes suelen (no siempre) incluir palabras
#   como `urgent`, `asap` o `down`, y las demás casi nunca.
#
# Así, para acertar con la urgencia hacen falta **las dos entradas**: el plan
# y el historial solo están en los metadatos, y el tema y las palabras de
# alarma, solo en el texto. El departamento, en cambio, se deduce del texto.

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

# La puntuación oculta de urgencia: plan, historial, tema técnico y ruido.
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
assert 0.2 < urgent.mean() < 0.45  # las urgentes son minoría, pero no raras
assert np.bincount(department).min() > 0.1 * N

# %% [markdown]
# ## Del texto a números: una bolsa de palabras { #bag-of-words }
#
# Una red neuronal no lee texto. La representación más sencilla es la
# **bolsa de palabras**: un vector con una posición por palabra del
# vocabulario que cuenta cuántas veces aparece en el texto, sin tener en
# cuenta el orden. La capa `TextVectorization` de Keras lo hace con
# `output_mode="count"`. Recibe el vocabulario ya hecho (todas las palabras
# que usa el generador), así que no hace falta llamar a `adapt`. La posición
# 0 queda reservada para `[UNK]`, que cuenta las palabras desconocidas.
#
# Los textos se vectorizan una sola vez, antes de entrenar, para centrar la
# lección en las entradas del modelo; `TextVectorization` también podría ir
# dentro del modelo, con una entrada de tipo *string*.

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
assert words[:, 0].sum() == 0  # ninguna palabra desconocida en los datos generados

# %% [markdown]
# ## Entradas y salidas como diccionarios { #dict-inputs-outputs }
#
# 3000 incidencias son para entrenar y 1000 para la prueba final. Con
# varias entradas y varias salidas, lo más claro es pasar a Keras
# **diccionarios** cuyas claves son los nombres de las entradas
# (`words`, `metadata`) y de las salidas (`priority`, `department`) del modelo.
# Keras empareja cada array con su entrada o su salida por el nombre, sin
# depender del orden.

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
# ## El modelo { #the-model }
#
# Con la API funcional, el grafo se describe capa a capa:
#
# - **Dos entradas** con nombre, `words` (el vector de 39 recuentos) y
#   `metadata` (los tres números de la cuenta).
# - **Una rama por entrada.** Los metadatos tienen escalas muy distintas
#   (el plan va de 0 a 2; la antigüedad, hasta más de 10 años), así que una
#   capa `Normalization` los estandariza: `adapt` calcula la media y la
#   varianza de cada columna con los datos de entrenamiento, y la capa las
#   guarda dentro del modelo. Después, cada rama tiene su capa `Dense`.
# - **Una parte compartida**: `Concatenate` une las dos ramas y una capa
#   `Dense` combina la información de ambas.
# - **Dos salidas**, cada una con la activación de su tarea: `priority`, una
#   neurona con sigmoide (la probabilidad de que sea urgente), y
#   `department`, cuatro neuronas con *softmax* (una probabilidad por
#   departamento).
#
# Al crear el `keras.Model`, las entradas y las salidas se pasan también como
# diccionarios, con las mismas claves que los datos.

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
# Sin `plot_model` (que necesita Graphviz), la estructura se puede leer en
# texto: cada capa con su tipo, la forma de su salida, su número de
# parámetros y las capas de las que recibe datos.
#
# Fíjate en el orden: Keras recorre las entradas y las salidas de un
# diccionario **por orden alfabético de sus claves** (`metadata` antes que
# `words`, `department` antes que `priority`), no en el orden en que se
# escribieron. Por eso es más seguro referirse a ellas por su nombre que por
# su posición.
#
# Los 7 parámetros de `metadata_scaling` no se entrenan: son la media y la
# varianza de cada una de las tres columnas (3 + 3) y una variable más,
# `count`, que Keras 3 conserva pero no actualiza (lo cuenta
# [Preprocesamiento](../../preprocessing-layers/#normalization)).

# %%
producers = {id(layer.output): layer.name for layer in model.layers}


def parents(layer):
    # Nombres de las capas de las que `layer` recibe sus entradas. Cada
    # `keras.Input` del modelo es una capa `InputLayer`, que no recibe de ninguna.
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
# ## Una pérdida por salida { #losses-and-weights }
#
# En `compile`, `loss`, `loss_weights` y `metrics` son también diccionarios
# con los nombres de las salidas:
#
# - **Pérdidas**: entropía cruzada binaria para la urgencia (sí/no) y
#   entropía cruzada categórica dispersa para el departamento, cuyas
#   etiquetas son enteros del 0 al 3.
# - **Pesos de las pérdidas**: el optimizador minimiza una sola cantidad, la
#   suma ponderada `1.0 * priority_loss + 0.5 * department_loss`. Con
#   `loss_weights` se decide cuánto cuenta cada tarea; aquí la urgencia pesa
#   más, porque es la más difícil y la que más importa.
# - **Métricas** por salida: exactitud para las dos y, para la urgencia,
#   también el área bajo la curva ROC (AUC), que no depende del umbral de
#   0,5 y es más informativa cuando una clase es minoritaria.
#
# > **Si vienes de Keras 2:** en Keras 2 (el `tf.keras` de TensorFlow 2.15 y
# > anteriores), `metrics=["accuracy"]` en un modelo de varias salidas
# > calculaba la exactitud de todas ellas. En Keras 3, con las salidas en un
# > diccionario, esa lista ya no vale: el primer `fit` lanza un `ValueError`
# > que pide un diccionario (o una lista de métricas por salida). Hay que
# > decir qué métricas lleva cada salida, como aquí.

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
# ## Entrenamiento { #training }
#
# `fit` recibe los dos diccionarios tal cual. `validation_split` funciona
# igual que con una sola entrada: aparta el último 20 % de cada array. El
# historial guarda la pérdida total (`loss`), la de cada salida
# (`priority_loss`, `department_loss`) y cada métrica con el nombre de su
# salida delante.
#
# Con varias salidas hay que decidir también **qué vigilar** para detener el
# entrenamiento. El departamento se aprende enseguida; la urgencia, que es
# ruidosa, empieza pronto a sobreajustarse. Por eso `EarlyStopping` vigila
# solo `val_priority_loss`, la pérdida de validación de esa salida, y
# recupera los pesos de su mejor época. Hay que añadir `mode="min"`: por sí
# solo, `EarlyStopping` sabe que `loss` y `val_loss` se minimizan y reconoce
# las métricas de `compile` por su nombre, pero no las pérdidas de cada
# salida; con `val_priority_loss` y sin `mode`, lanza un `ValueError` que pide
# elegir entre `"min"` y `"max"`.

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
# Las curvas de pérdida de cada salida, entrenamiento frente a validación,
# con la mejor época marcada. El departamento se aprende en pocas épocas y
# su pérdida cae casi a cero: el texto lo delata. La de la urgencia baja
# mucho menos, porque el ruido de la puntuación oculta hace que parte de los
# casos sean imprevisibles. Su pérdida de validación deja de bajar en unas
# pocas épocas y se estanca, mientras la de entrenamiento sigue bajando: ese es el sobreajuste que corta `EarlyStopping`.

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
# ## Evaluación por salida { #evaluation }
#
# Con `return_dict=True`, `evaluate` devuelve un diccionario con la pérdida
# total y las pérdidas y métricas de cada salida. Para saber si el modelo ha
# aprendido algo, se compara con una **referencia trivial**: predecir
# siempre la clase más frecuente. Su exactitud es la proporción de esa clase
# en el conjunto de prueba, y su AUC es 0,5, la de una predicción al azar.
#
# Las 1000 incidencias de prueba se evalúan en un solo lote. Así la pérdida
# total es exactamente la suma ponderada de las dos pérdidas. Con varios
# lotes, Keras pondera la media de la pérdida total por el tamaño de cada
# lote y la de cada salida no, y si el último lote es más pequeño la igualdad
# es solo aproximada.

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
# ## Predicciones como diccionario { #predictions }
#
# `predict` también devuelve un diccionario, con una entrada por salida del
# modelo. Aquí, para cuatro incidencias nuevas escritas a mano. Las dos
# primeras tienen **el mismo texto**, alarmante y técnico, pero vienen de
# clientes distintos: una empresa con varias incidencias recientes y un
# usuario gratuito sin historial. Las palabras que no están en el
# vocabulario (`about`, `for`, `on`) cuentan como `[UNK]`.

# %%
new_texts = np.array([
    "server down error urgent please help",
    "server down error urgent please help",
    "hello question about discount for plan",
    "refund for charge on card thanks",
])
new_metadata = np.array([
    [2, 4.0, 3],  # empresa, 4 años, 3 incidencias recientes
    [0, 0.5, 0],  # gratuito, medio año, ninguna
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
assert p_urgent[0] > p_urgent[1]  # mismo texto: los metadatos cambian la urgencia

# %% [markdown]
# Las dos salidas han aprendido lo esperado: el departamento sale del
# texto, y la urgencia combina el texto con los metadatos. Con el mismo
# mensaje, el cliente de empresa con historial recibe una probabilidad de
# urgencia mayor que el usuario gratuito.
#
# ## Resumen { #summary }
#
# - La **API funcional** permite modelos con varias entradas y varias
#   salidas: cada entrada tiene su `keras.Input` y su rama, `Concatenate`
#   las une y cada salida es una capa con su propia activación.
# - **Pon nombre a entradas y salidas** y usa diccionarios con esos nombres
#   en los datos, en `keras.Model`, en `compile`, en `fit` y en `evaluate`.
#   Keras los recorre por orden alfabético; con nombres, el orden no
#   importa.
# - **Una pérdida por salida**, combinadas en una sola suma ponderada con
#   `loss_weights`, que es lo que minimiza el optimizador.
# - **Métricas por salida**, también en un diccionario: en Keras 3, una
#   lista sin más ya no se aplica a todas las salidas.
# - **Elige qué vigilar**: `EarlyStopping` puede seguir la pérdida de
#   validación de una sola salida (con `mode="min"`).
# - **Evalúa cada salida frente a una referencia sencilla**, como la clase
#   más frecuente, para saber si el modelo ha aprendido de verdad.
# - `predict` devuelve un **diccionario** con una entrada por salida.
#
# Para seguir practicando: cambia `loss_weights` (por ejemplo, a
# `{"priority": 1.0, "department": 0.0}`) y observa qué le pasa a cada salida,
# o entrena un modelo que reciba solo el texto y compara su AUC de urgencia
# con la de este.
