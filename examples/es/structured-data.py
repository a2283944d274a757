# ---
# jupyter:
#   course:
#     after: [structured-data.md]
# ---

# %% [markdown]
# # Una tabla de principio a fin { #structured-data }
#
# En esta lección entrenas un modelo con datos estructurados: una tabla
# real, la de 210 viajeros australianos que eligieron entre el avión, el
# tren, el autobús y el automóvil, con columnas numéricas y categóricas.
# Recorres el problema entero: mirar las columnas y decidir si cada una es
# un número o una categoría, separar los viajeros de prueba, fijar la referencia
# con líneas base que no aprenden, preparar cada columna con su capa de
# preprocesamiento, decidir cuántas épocas entrenar a partir de la
# validación, medir el modelo con la prueba, ver en qué se equivoca y, al
# final, guardar un modelo que recibe filas en bruto, con sus cadenas.
#
# Es el recorrido de la página
# [Datos estructurados: columnas numéricas y categóricas](../../structured-data/),
# que explica cada pieza con más calma. Se apoya en las
# [capas de preprocesamiento](../../preprocessing-layers/) y en la
# [API funcional](../../functional/#multiple-inputs-outputs). Los datos
# vienen dentro de statsmodels: no se descarga nada.

# %%
import os
import shutil
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import keras
import tensorflow as tf
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split
from statsmodels.datasets import modechoice

# Semillas de Python, NumPy y del backend: los mismos pesos iniciales y el
# mismo entrenamiento cada vez que se ejecuta el cuaderno.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## La tabla { #the-data }
#
# Un estudio de 1987 recogió 210 viajes por motivos no laborales entre
# Sídney, Canberra y Melbourne. Cada viajero tiene cuatro filas, una por
# medio de transporte, con lo que ese medio le costaba: la espera en la
# terminal (`ttme`), el coste y el tiempo dentro del vehículo (`invc`,
# `invt`) y un coste generalizado, el coste más el tiempo convertido en
# dólares (`gc`). Sus ingresos (`hinc`, en miles de dólares) y el tamaño de
# su grupo (`psize`) se repiten en las cuatro filas, y `choice` vale 1 en la
# del medio que eligió. El medio viene como un código del 1 al 4; aquí se
# convierte en texto, como llegaría en una tabla real.

# %%
table = modechoice.load_pandas().data
modes = {1: "air", 2: "train", 3: "bus", 4: "car"}
table["mode"] = table["mode"].map(modes)
table["individual"] = table["individual"].astype("int64")

print(table.head(8).to_string(index=False))
chosen = table[table["choice"] == 1]
print("\nchosen by the 210 travelers:", chosen["mode"].value_counts().to_dict())

per_traveler = table.groupby("individual")
assert table.shape == (840, 9)
assert (per_traveler.size() == 4).all()  # cuatro filas por viajero
assert (per_traveler["choice"].sum() == 1).all()  # y una sola elegida
assert (per_traveler[["hinc", "psize"]].nunique() == 1).all().all()  # lo mismo en sus cuatro filas

# %% [markdown]
# Las proporciones no son las de los viajes reales: el estudio tomó más
# viajeros de los medios menos usados (avión, tren y autobús) y menos del
# automóvil, el más usado. Lo que aprenda el modelo vale para esta muestra.
#
# ## ¿Número o categoría? { #numbers-and-categories }
#
# Los costes, los tiempos, los ingresos y el tamaño del grupo son cantidades:
# entran como números. El medio no: es una variable categórica, y su código
# (1 avión, 2 tren, 3 autobús, 4 automóvil) no ordena nada. Las dos figuras
# lo muestran con quienes eligieron cada medio. A la izquierda, sus
# ingresos: quienes van en avión o en automóvil ganan más que quienes van en
# tren o en autobús, sin relación con el orden de los códigos. A la
# derecha, qué eligieron según el tamaño del grupo: cuanto más grande, más
# automóvil.

# %%
names = list(modes.values())  # en el orden de los códigos, del 1 al 4
groups = chosen["psize"].clip(upper=3).map({1: "1", 2: "2", 3: "3 or more"})
by_group = chosen.groupby(groups)["mode"].value_counts(normalize=True).unstack(fill_value=0)[names]

fig, (ax_income, ax_group) = plt.subplots(1, 2, figsize=(11, 3.6))
ax_income.boxplot([chosen.loc[chosen["mode"] == name, "hinc"] for name in names])
ax_income.set_xticks(range(1, 5), names)
ax_income.set_xlabel("mode chosen")
ax_income.set_ylabel("household income ($1000s)")
by_group.plot.bar(stacked=True, ax=ax_group, rot=0)
ax_group.set_xlabel("traveling party size")
ax_group.set_ylabel("share of travelers")
ax_group.legend(title="mode chosen", bbox_to_anchor=(1, 1))
plt.tight_layout()
plt.show()

print(by_group.round(2).to_string())

income = chosen.groupby("mode")["hinc"].mean()
assert income["air"] > income["train"] + 10  # el avión atrae a ingresos más altos que el tren
assert by_group.loc["3 or more", "car"] > 2 * by_group.loc["1", "car"]  # los grupos, en automóvil

# %% [markdown]
# ## Entrenamiento, prueba y las líneas base { #baseline }
#
# Un 30 % de los viajeros queda aparte como conjunto de prueba. Se separan
# viajeros, no filas: si unas filas de una persona cayeran en el
# entrenamiento y otras en la prueba, el modelo se examinaría con personas
# que ya conoce.
#
# La predicción para un viajero es el medio de su fila con la puntuación más
# alta, y `traveler_accuracy` mide la proporción de viajeros acertados. Tres
# líneas base que no aprenden: el medio más elegido en el entrenamiento, el
# más barato según `gc` y el más rápido, con la menor suma de espera y
# tiempo en el vehículo.

# %%
travelers = table["individual"].unique()
train_ids, test_ids = train_test_split(travelers, test_size=0.3, random_state=0)
train = table[table["individual"].isin(train_ids)]
test = table[table["individual"].isin(test_ids)]
y_train = train["choice"].to_numpy("float32")


def traveler_accuracy(frame, scores):
    # la etiqueta de la fila con la puntuación más alta de cada viajero
    best_rows = frame.assign(score=scores).groupby("individual")["score"].idxmax()
    return float(frame.loc[best_rows, "choice"].mean())


most_chosen = train[train["choice"] == 1]["mode"].value_counts().index[0]
baselines = {
    f"always {most_chosen}": traveler_accuracy(test, (test["mode"] == most_chosen).astype("float32")),
    "cheapest (gc)": traveler_accuracy(test, -test["gc"]),
    "fastest (ttme + invt)": traveler_accuracy(test, -(test["ttme"] + test["invt"])),
}

print("travelers: train", len(train_ids), "| test", len(test_ids))
for name, accuracy in baselines.items():
    print(f"{name:<22} {accuracy:.3f}")

assert set(train_ids).isdisjoint(test_ids)  # nadie a los dos lados
assert (len(train), len(test)) == (588, 252)
assert max(baselines.values()) < 0.4

# %% [markdown]
# ## Una capa de preprocesamiento por columna { #preprocessing }
#
# Cada columna es un array de forma `(filas, 1)` con su tipo. El medio, con
# cadenas, pasa por `StringLookup` con `output_mode="one_hot"`; las demás,
# por `Normalization`. Todas se adaptan solo con el entrenamiento, y `encode`
# aplica cada una a su columna.

# %%
dtypes = {
    "mode": "string",
    "ttme": "float32",
    "invc": "float32",
    "invt": "float32",
    "gc": "float32",
    "hinc": "float32",
    "psize": "float32",
}


def raw_columns(frame):
    # NumPy guarda las cadenas en un array de objetos de Python (dtype=object)
    return {
        name: frame[[name]].to_numpy(object if dtype == "string" else dtype)
        for name, dtype in dtypes.items()
    }


x_train, x_test = raw_columns(train), raw_columns(test)

preprocessors = {}
for name, dtype in dtypes.items():
    if dtype == "string":
        preprocessors[name] = keras.layers.StringLookup(output_mode="one_hot", name=f"{name}_lookup")
    else:
        preprocessors[name] = keras.layers.Normalization(name=f"{name}_normalization")
    preprocessors[name].adapt(x_train[name])


def encode(columns):
    return {
        name: keras.ops.convert_to_numpy(preprocessors[name](values))
        for name, values in columns.items()
    }


encoded_train, encoded_test = encode(x_train), encode(x_test)

for name, values in encoded_train.items():
    print(f"{name:<6} {values.shape[1]} column(s)")
print("mode vocabulary:", [str(word) for word in preprocessors["mode"].get_vocabulary()])

assert sum(values.shape[1] for values in encoded_train.values()) == 11
assert np.allclose(encoded_train["gc"].mean(), 0.0, atol=1e-5)  # estandarizada con el entrenamiento
assert (encoded_train["mode"].sum(axis=1) == 1).all()  # un solo 1 por fila

# %% [markdown]
# ## El modelo { #the-model }
#
# Una entrada con nombre por columna, del ancho de su codificación;
# `Concatenate` las une, una capa oculta de 16 neuronas las combina y una
# salida `sigmoid` da la probabilidad de que la fila sea la del medio
# elegido. Cada fila se puntúa por separado.

# %%
def make_classifier(columns, name):
    inputs = {
        column: keras.Input(shape=(values.shape[1],), name=column)
        for column, values in columns.items()
    }
    features = keras.layers.Concatenate(name="all_columns")(list(inputs.values()))
    hidden = keras.layers.Dense(16, activation="relu", name="hidden")(features)
    output = keras.layers.Dense(1, activation="sigmoid", name="chosen")(hidden)
    model = keras.Model(inputs, output, name=name)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy")
    return model


# %% [markdown]
# ## ¿Cuántas épocas? { #how-many-epochs }
#
# Para decidirlo sin tocar la prueba, un 25 % de los viajeros de
# entrenamiento hace de validación, también separados por viajero, y un
# modelo de exploración aprende del resto durante 80 épocas. Un
# `LambdaCallback` mide al final de cada época la exactitud por viajero de
# la validación.

# %%
EXPLORE_EPOCHS = 80
fit_ids, val_ids = train_test_split(train_ids, test_size=0.25, random_state=0)
in_fit = train["individual"].isin(fit_ids).to_numpy()
fit_columns = {name: values[in_fit] for name, values in encoded_train.items()}
val_columns = {name: values[~in_fit] for name, values in encoded_train.items()}
val_rows = train[~in_fit]

keras.utils.set_random_seed(0)
explorer = make_classifier(encoded_train, "explorer")
val_accuracy = []
measure = keras.callbacks.LambdaCallback(
    on_epoch_end=lambda epoch, logs: val_accuracy.append(
        traveler_accuracy(val_rows, explorer.predict(val_columns, verbose=0)[:, 0])
    )
)
exploration = explorer.fit(
    fit_columns,
    y_train[in_fit],
    validation_data=(val_columns, y_train[~in_fit]),
    epochs=EXPLORE_EPOCHS,
    batch_size=32,
    verbose=0,
    callbacks=[measure],
)
val_loss = np.array(exploration.history["val_loss"])
val_accuracy = np.array(val_accuracy)

print("travelers: fit", len(fit_ids), "| validation", len(val_ids))
print(f"lowest validation loss: {val_loss.min():.3f} at epoch {val_loss.argmin() + 1}")
for epoch in (20, 50, 80):
    print(f"epoch {epoch:>3}: validation loss {val_loss[epoch - 1]:.3f}, traveler accuracy {val_accuracy[epoch - 1]:.2f}")

assert len(val_accuracy) == EXPLORE_EPOCHS
assert val_loss[49] < val_loss[19]  # a las 50 épocas, mejor que a las 20

# %% [markdown]
# La pérdida de validación llega a su mínimo hacia la época 50 y después
# sube un poco. La exactitud por viajero, medida con solo 37 personas, se
# mueve a saltos de casi 3 puntos, uno por viajero: es una señal demasiado
# ruidosa para elegir con ella. El modelo final entrena 50 épocas, junto al
# mínimo de la pérdida.

# %%
EPOCHS = 50
epochs = np.arange(1, EXPLORE_EPOCHS + 1)
fig, (ax_loss, ax_accuracy) = plt.subplots(1, 2, figsize=(11, 3.6))
ax_loss.plot(epochs, exploration.history["loss"], label="train")
ax_loss.plot(epochs, val_loss, label="validation")
ax_loss.set_ylabel("loss (binary cross-entropy)")
ax_accuracy.plot(epochs, val_accuracy, label="validation", color="tab:orange")
ax_accuracy.set_ylabel("traveler accuracy")
for ax in (ax_loss, ax_accuracy):
    ax.axvline(EPOCHS, color="black", linestyle="--", linewidth=1, label=f"{EPOCHS} epochs")
    ax.set_xlabel("epoch")
    ax.legend()
plt.tight_layout()
plt.show()

assert val_loss[EPOCHS - 1] - val_loss.min() < 0.02  # a 50 épocas, cerca del mínimo

# %% [markdown]
# ## El modelo final frente a las referencias { #evaluation }
#
# El modelo definitivo aprende de todos los viajeros de entrenamiento
# durante 50 épocas (con la misma semilla, es el modelo de la página) y se
# evalúa una sola vez con la prueba. Además de las líneas base, una
# **regresión logística** de scikit-learn con las mismas columnas
# codificadas: un modelo lineal, sin capa oculta, que también puntúa cada
# fila.

# %%
keras.utils.set_random_seed(0)
classifier = make_classifier(encoded_train, "classifier")
classifier.fit(encoded_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0)
test_scores = classifier.predict(encoded_test, verbose=0)[:, 0]
model_accuracy = traveler_accuracy(test, test_scores)

# La regresión logística recibe las 11 columnas en una sola matriz.
logistic = LogisticRegression(max_iter=1000).fit(np.concatenate(list(encoded_train.values()), axis=1), y_train)
logistic_scores = logistic.predict_proba(np.concatenate(list(encoded_test.values()), axis=1))[:, 1]
logistic_accuracy = traveler_accuracy(test, logistic_scores)

results = {**baselines, "logistic regression": logistic_accuracy, "model": model_accuracy}
for name, accuracy in results.items():
    print(f"{name:<22} {accuracy:.3f}  ({round(accuracy * len(test_ids))} of {len(test_ids)})")

assert model_accuracy > max(baselines.values()) + 0.3  # más del doble que cualquier línea base
assert logistic_accuracy > max(baselines.values()) + 0.2

# %% [markdown]
# El modelo acierta el medio de unos siete de cada diez viajeros de prueba,
# más del doble que cualquier regla fija. La regresión logística queda a la
# par, y con esta semilla incluso dos viajeros por delante: con 147
# viajeros de entrenamiento, la capa oculta apenas encuentra combinaciones
# que un modelo lineal no vea, y con 63 de prueba, cada viajero mueve el
# resultado casi 2 puntos.
#
# ## Dónde se equivoca { #what-it-learned }
#
# La tabla cruza, para cada viajero de prueba, el medio que eligió (filas)
# con el que predice el modelo (columnas). En la diagonal están los
# aciertos.

# %%
best_rows = test.assign(score=test_scores).groupby("individual")["score"].idxmax()
predicted = test.loc[best_rows].set_index("individual")["mode"]
actual = test[test["choice"] == 1].set_index("individual")["mode"]
confusion = confusion_matrix(actual, predicted.loc[actual.index], labels=names)  # filas: elegido; columnas: predicho

fig, ax = plt.subplots(figsize=(4.6, 4))
ax.imshow(confusion, cmap="Blues")
for i in range(4):
    for j in range(4):
        count = confusion[i, j]
        ax.text(j, i, count, ha="center", va="center", color="white" if count > 10 else "black")
ax.set_xticks(range(4), names)
ax.set_yticks(range(4), names)
ax.set_xlabel("predicted mode")
ax.set_ylabel("mode chosen")
plt.tight_layout()
plt.show()

for i, name in enumerate(names):
    print(f"{name:<6} {confusion[i, i]} of {confusion[i].sum()} right")

assert confusion.sum() == len(test_ids)
assert np.trace(confusion) == round(model_accuracy * len(test_ids))

# %% [markdown]
# El automóvil y el tren, los medios más elegidos, son los que mejor se
# aciertan. El error más frecuente es darle el automóvil a quien voló: el
# modelo puntúa cada fila sin ver las otras tres, así que no sabe cuánto
# más lento que el avión era, para ese viajero, ir en automóvil.
#
# ## Un modelo que recibe filas en bruto { #raw-rows }
#
# Para usarlo fuera de aquí, el preprocesamiento tiene que viajar con el
# clasificador. El modelo `end_to_end` tiene una entrada por columna en
# bruto, con su tipo (`dtype="string"` para el medio), pasa cada una por su
# capa ya adaptada y después por el clasificador entrenado. Su archivo
# `.keras` guarda los vocabularios y las medias con los pesos.

# %%
raw_inputs = {name: keras.Input(shape=(1,), dtype=dtype, name=name) for name, dtype in dtypes.items()}
encoded = {name: preprocessors[name](raw_inputs[name]) for name in raw_inputs}
end_to_end = keras.Model(raw_inputs, classifier(encoded), name="mode_choice")

folder = tempfile.mkdtemp()
path = os.path.join(folder, "mode_choice.keras")
end_to_end.save(path)
print(f"mode_choice.keras: {os.path.getsize(path) / 1024:.0f} KB")

assert os.path.getsize(path) > 0

# %% [markdown]
# El modelo cargado recibe filas como las escribiría una persona, cada
# columna en un tensor de TensorFlow, y predice lo mismo que el clasificador
# con las columnas ya codificadas. Después, un viaje nuevo: las mismas
# cuatro opciones, con el coste y el tiempo medios de cada medio en la
# tabla, para dos hogares distintos: una persona sola con ingresos altos y
# una familia de cuatro con ingresos bajos. Con JAX o PyTorch, las
# capas de preprocesamiento van fuera del modelo, como en el entrenamiento
# de arriba.
#
# <!-- tensorflow-only: next "las cadenas solo existen como tensores en TensorFlow, así que un modelo con entradas de texto solo funciona con ese backend" -->

# %%
reloaded = keras.models.load_model(path)

raw_test = {name: tf.constant(values) for name, values in x_test.items()}
reloaded_scores = reloaded.predict(raw_test, verbose=0)[:, 0]
print("max |reloaded - classifier| =", float(np.max(np.abs(reloaded_scores - test_scores))))

options = table.groupby("mode", sort=False)[["ttme", "invc", "invt", "gc"]].mean().reset_index()  # un viaje medio
households = {"one person, income 70": (70.0, 1.0), "four people, income 20": (20.0, 4.0)}
predictions = {}
for household, (hinc, psize) in households.items():
    trip = options.assign(hinc=hinc, psize=psize)
    scores = reloaded.predict({name: tf.constant(values) for name, values in raw_columns(trip).items()}, verbose=0)[:, 0]
    print(f"{household:<24}", {mode: round(float(score), 2) for mode, score in zip(trip["mode"], scores)})
    predictions[household] = trip["mode"].iloc[int(np.argmax(scores))]

assert np.allclose(reloaded_scores, test_scores, atol=1e-6)
assert predictions == {"one person, income 70": "air", "four people, income 20": "train"}

# %% [markdown]
# Ante las mismas opciones, el modelo manda en avión a la persona sola con
# ingresos altos y en tren a la familia con ingresos bajos, con el automóvil
# como segunda opción: lo que cuenta una fila depende de quién viaja.

# %%
shutil.rmtree(folder)  # la carpeta temporal, con cualquier backend

# %% [markdown]
# ## Resumen { #summary }
#
# - **Decide el tipo de cada columna mirando los datos**: las cantidades
#   entran como números; un código sin orden, como el medio de transporte,
#   es una variable categórica y entra con codificación one-hot.
# - **Separa por lo que se predice**: aquí, viajeros, con sus cuatro filas
#   siempre del mismo lado.
# - **Una capa de preprocesamiento por columna**, adaptada solo con el
#   entrenamiento: `Normalization` y `StringLookup`.
# - **Una entrada con nombre por columna**, unidas con `Concatenate`.
# - **Fija la referencia y compara con más de una línea base**: el modelo dobla
#   a cualquier regla fija, y una regresión logística dice cuánto de esa
#   ganancia se debe a la capa oculta.
# - **Guarda el preprocesamiento con el modelo**: el modelo cargado predice
#   a partir de filas en bruto, con sus cadenas.
#
# Para seguir practicando: da el medio como un número (su código del 1 al 4,
# estandarizado) en lugar de su vector one-hot y compara la exactitud por
# viajero; o añade a cada fila cuánto más cara es que la opción más barata
# de su viajero, para que el modelo no tenga que puntuar cada fila a ciegas.
