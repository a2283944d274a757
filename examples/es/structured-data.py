# ---
# jupyter:
#   course:
#     after: [structured-data.md]
# ---

# %% [markdown]
# # Una tabla de principio a fin { #structured-data }
#
# En esta lección entrenas un clasificador con datos estructurados: una
# tabla real, la encuesta de 1974 que Ray Fair usó en un artículo de 1978,
# con columnas numéricas y categóricas. Recorres el problema entero: mirar
# cada columna y decidir si es un número o una categoría, fijar el listón
# con la clase mayoritaria, preparar cada columna con su capa de
# preprocesamiento, decidir cuántas épocas entrenar a partir de las curvas
# de validación, medir el modelo con la prueba frente a tres referencias y,
# al final, guardar un modelo que recibe filas en bruto, con sus cadenas.
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
from sklearn.model_selection import train_test_split
from statsmodels.datasets import fair

# Semillas de Python, NumPy y del backend: los mismos pesos iniciales y el
# mismo entrenamiento cada vez que se ejecuta el cuaderno.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## La tabla { #the-data }
#
# 6366 mujeres casadas respondieron a una encuesta de la revista *Redbook*.
# Cada fila es una encuestada: su edad, sus años de casada, sus hijos, cómo
# valora su matrimonio (de 1 a 5), cuán religiosa se considera (de 1 a 4),
# su nivel de estudios, su ocupación y la de su marido. El objetivo es si
# dijo haber tenido alguna relación extramatrimonial (`affairs > 0`). Las
# ocupaciones vienen como códigos del 1 al 6; aquí se convierten en cadenas,
# como llegarían en una tabla real, y se guarda también el código original
# para compararlo más abajo.

# %%
codes = fair.load_pandas().data  # la tabla original, con los códigos numéricos
occupations = {
    1: "student", 2: "unskilled", 3: "white_collar", 4: "skilled", 5: "manager", 6: "professional"
}

table = codes.copy()
table["occupation"] = table["occupation"].map(occupations)
table["occupation_husb"] = table["occupation_husb"].map(occupations)
table["educ"] = table["educ"].astype("int64")
table["had_affair"] = (table["affairs"] > 0).astype("float32")
table = table.drop(columns="affairs")

print(table.head().to_string())
print(f"\n{len(table)} rows, {table['had_affair'].mean():.1%} answered yes")

assert table.shape == (6366, 9)
assert table.isna().sum().sum() == 0  # ninguna celda vacía
assert 0.3 < table["had_affair"].mean() < 0.35

# %% [markdown]
# ## ¿Número o categoría? { #numbers-and-categories }
#
# Para decidir cómo entra cada columna, mira cómo cambia la proporción de
# síes con sus valores. Con `rate_marriage`, una escala ordenada, baja de
# forma casi regular: el número conserva ese orden, así que entra como
# número. Con la ocupación, no hay orden: los códigos van de `student` (1) a
# `professional` (6), pero la proporción sube, baja en `skilled` y vuelve a
# subir. Es una variable categórica, y entra con codificación one-hot.

# %%
fig, (ax_rate, ax_job) = plt.subplots(1, 2, figsize=(11, 3.6))
by_rating = table.groupby("rate_marriage")["had_affair"].mean()
ax_rate.bar(by_rating.index.astype(int).astype(str), by_rating.to_numpy(), color="tab:blue")
ax_rate.set_xlabel("rate_marriage (1 = very poor, 5 = very good)")
ax_rate.set_ylabel("share who answered yes")
by_job = table.groupby("occupation")["had_affair"].mean()
names = list(occupations.values())  # en el orden de los códigos, del 1 al 6
ax_job.bar(names, [by_job[name] for name in names], color="tab:orange")
ax_job.set_xlabel("occupation, in the order of its code")
ax_job.tick_params(axis="x", labelrotation=30)
plt.tight_layout()
plt.show()

print("rows per occupation:", table["occupation"].value_counts().to_dict())

assert by_rating.is_monotonic_decreasing  # una escala ordenada
assert not by_job[names].is_monotonic_increasing  # los códigos no ordenan la proporción

# %% [markdown]
# ## Entrenamiento, prueba y el listón { #baseline }
#
# Un 20 % de las filas queda aparte como conjunto de prueba. El modelo de
# referencia dice siempre «no», la clase mayoritaria: su exactitud es la
# proporción de noes, y su AUC, 0,5, porque no ordena a nadie por encima de
# nadie.

# %%
train, test = train_test_split(table, test_size=0.2, random_state=0)
y_train = train["had_affair"].to_numpy()
y_test = test["had_affair"].to_numpy()
majority_accuracy = float(1 - y_test.mean())

print("train:", len(train), "| test:", len(test))
print(f"majority class accuracy on the test set: {majority_accuracy:.3f}")

assert (len(train), len(test)) == (5092, 1274)

# %% [markdown]
# ## Una capa de preprocesamiento por columna { #preprocessing }
#
# Cada columna es un array de forma `(filas, 1)` con su tipo. Las numéricas
# pasan por `Normalization`; `educ`, con sus códigos enteros, por
# `IntegerLookup`; las ocupaciones, con cadenas, por `StringLookup`. Las dos
# últimas, con `output_mode="one_hot"`. Todas se adaptan solo con el
# entrenamiento, y `encode` aplica cada una a su columna.

# %%
dtypes = {
    "age": "float32",
    "yrs_married": "float32",
    "children": "float32",
    "rate_marriage": "float32",
    "religious": "float32",
    "educ": "int64",
    "occupation": "string",
    "occupation_husb": "string",
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
    if dtype == "float32":
        preprocessors[name] = keras.layers.Normalization(name=f"{name}_normalization")
    elif dtype == "int64":
        preprocessors[name] = keras.layers.IntegerLookup(output_mode="one_hot", name=f"{name}_lookup")
    else:
        preprocessors[name] = keras.layers.StringLookup(output_mode="one_hot", name=f"{name}_lookup")
    preprocessors[name].adapt(x_train[name])


def encode(columns):
    return {
        name: keras.ops.convert_to_numpy(preprocessors[name](values))
        for name, values in columns.items()
    }


encoded_train, encoded_test = encode(x_train), encode(x_test)

for name, values in encoded_train.items():
    print(f"{name:<16} {values.shape[1]} column(s)")
print("occupation vocabulary:", [str(word) for word in preprocessors["occupation"].get_vocabulary()])

assert sum(values.shape[1] for values in encoded_train.values()) == 26
assert np.allclose(encoded_train["age"].mean(), 0.0, atol=1e-5)  # estandarizada con el entrenamiento
assert (encoded_train["occupation"].sum(axis=1) == 1).all()  # un solo 1 por fila

# %% [markdown]
# ## El modelo { #the-model }
#
# Una entrada con nombre por columna, del ancho de su codificación;
# `Concatenate` las une, una capa oculta de 16 neuronas las combina y una
# salida `sigmoid` da la probabilidad del sí. Además de la exactitud, el
# AUC: con un 70 % de noes, la exactitud sola engaña.

# %%
def make_classifier(columns, name):
    inputs = {
        column: keras.Input(shape=(values.shape[1],), name=column)
        for column, values in columns.items()
    }
    features = keras.layers.Concatenate(name="all_columns")(list(inputs.values()))
    hidden = keras.layers.Dense(16, activation="relu", name="hidden")(features)
    output = keras.layers.Dense(1, activation="sigmoid", name="had_affair")(hidden)
    model = keras.Model(inputs, output, name=name)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss="binary_crossentropy",
        metrics=["accuracy", keras.metrics.AUC(name="auc")],
    )
    return model


# %% [markdown]
# ## ¿Cuántas épocas? { #how-many-epochs }
#
# Para decidirlo sin tocar la prueba, el último 20 % de las filas de
# entrenamiento hace de validación, y un modelo de exploración aprende del
# resto durante 20 épocas. La pérdida de entrenamiento baja sin parar; la
# de validación llega a su mínimo en la quinta época, sigue casi igual en
# la sexta y, en la vigésima, ha subido un poco: el modelo empieza a
# aprenderse las filas de entrenamiento. 6 épocas quedan junto al mínimo,
# antes de que el sobreajuste empiece a notarse.

# %%
EXPLORE_EPOCHS, EPOCHS = 20, 6
split_at = int(len(y_train) * 0.8)
fit_columns = {name: values[:split_at] for name, values in encoded_train.items()}
val_columns = {name: values[split_at:] for name, values in encoded_train.items()}

keras.utils.set_random_seed(0)
explorer = make_classifier(encoded_train, "explorer")
exploration = explorer.fit(
    fit_columns,
    y_train[:split_at],
    validation_data=(val_columns, y_train[split_at:]),
    epochs=EXPLORE_EPOCHS,
    batch_size=128,
    verbose=0,
)
val_loss = np.array(exploration.history["val_loss"])

epochs = np.arange(1, EXPLORE_EPOCHS + 1)
fig, (ax_loss, ax_auc) = plt.subplots(1, 2, figsize=(11, 3.6))
ax_loss.plot(epochs, exploration.history["loss"], label="train")
ax_loss.plot(epochs, val_loss, label="validation")
ax_loss.set_ylabel("loss (binary cross-entropy)")
ax_auc.plot(epochs, exploration.history["auc"], label="train")
ax_auc.plot(epochs, exploration.history["val_auc"], label="validation")
ax_auc.set_ylabel("AUC")
for ax in (ax_loss, ax_auc):
    ax.axvline(EPOCHS, color="black", linestyle="--", linewidth=1, label=f"{EPOCHS} epochs")
    ax.set_xlabel("epoch")
    ax.legend()
plt.tight_layout()
plt.show()

print(f"validation loss at epoch {EPOCHS}: {val_loss[EPOCHS - 1]:.3f} | best: {val_loss.min():.3f} (epoch {val_loss.argmin() + 1})")
print(f"validation loss at epoch {EXPLORE_EPOCHS}: {val_loss[-1]:.3f}")

assert val_loss[EPOCHS - 1] - val_loss.min() < 0.01  # a 6 épocas, casi en el mínimo
assert val_loss[-1] > val_loss[EPOCHS - 1] - 0.002  # entrenar mucho más no mejora la validación

# %% [markdown]
# ## El modelo final frente a tres referencias { #evaluation }
#
# El modelo definitivo aprende de todas las filas de entrenamiento durante
# 6 épocas (con la misma semilla, es el modelo de la página) y se evalúa
# una sola vez con la prueba. Tres referencias:
#
# - la **clase mayoritaria**, que dice siempre «no»;
# - una **regresión logística** de scikit-learn con las mismas columnas
#   codificadas: un modelo lineal, sin capa oculta;
# - el **mismo modelo con las categorías como números**: los códigos
#   originales de `educ` y de las ocupaciones, estandarizados, en lugar de
#   sus vectores one-hot.

# %%
keras.utils.set_random_seed(0)
classifier = make_classifier(encoded_train, "classifier")
classifier.fit(encoded_train, y_train, epochs=EPOCHS, batch_size=128, verbose=0)
test_loss, test_accuracy, test_auc = classifier.evaluate(encoded_test, y_test, verbose=0)

# La regresión logística recibe las 26 columnas en una sola matriz.
logistic = LogisticRegression(max_iter=1000).fit(np.concatenate(list(encoded_train.values()), axis=1), y_train)
logistic_probabilities = logistic.predict_proba(np.concatenate(list(encoded_test.values()), axis=1))[:, 1]
logistic_accuracy = float(np.mean((logistic_probabilities > 0.5) == y_test))
auc = keras.metrics.AUC()
auc.update_state(y_test, logistic_probabilities)
logistic_auc = float(auc.result())

numbers_train, numbers_test = dict(encoded_train), dict(encoded_test)
for name in ["educ", "occupation", "occupation_husb"]:
    train_codes = codes.loc[train.index, [name]].to_numpy("float32")
    test_codes = codes.loc[test.index, [name]].to_numpy("float32")
    as_number = keras.layers.Normalization(name=f"{name}_as_number")
    as_number.adapt(train_codes)
    numbers_train[name] = keras.ops.convert_to_numpy(as_number(train_codes))
    numbers_test[name] = keras.ops.convert_to_numpy(as_number(test_codes))
keras.utils.set_random_seed(0)
as_numbers = make_classifier(numbers_train, "as_numbers")
as_numbers.fit(numbers_train, y_train, epochs=EPOCHS, batch_size=128, verbose=0)
_, numbers_accuracy, numbers_auc = as_numbers.evaluate(numbers_test, y_test, verbose=0)

print(f"{'':<26} {'accuracy':>8} {'AUC':>6}")
print(f"{'majority class':<26} {majority_accuracy:>8.3f} {0.5:>6.3f}")
print(f"{'logistic regression':<26} {logistic_accuracy:>8.3f} {logistic_auc:>6.3f}")
print(f"{'categories as numbers':<26} {numbers_accuracy:>8.3f} {numbers_auc:>6.3f}")
print(f"{'model (one-hot)':<26} {test_accuracy:>8.3f} {test_auc:>6.3f}")

assert test_accuracy > majority_accuracy + 0.03  # al menos 3 puntos más que decir siempre «no»
assert test_auc > 0.7
assert abs(test_auc - logistic_auc) < 0.02  # un modelo lineal hace casi lo mismo
assert abs(test_auc - numbers_auc) < 0.02  # y los códigos como números, también

# %% [markdown]
# El modelo supera con claridad a la clase mayoritaria, unos 4 puntos de
# exactitud y un AUC de casi 0,75 frente a 0,5. Las otras dos referencias
# cuentan algo igual de útil: una regresión logística hace prácticamente lo
# mismo, así que la capa oculta apenas encuentra combinaciones que un
# modelo lineal no vea; y dar los códigos como números tampoco cuesta casi
# nada: en esta tabla, cómo se codifiquen la ocupación y los estudios
# apenas mueve el AUC. Con estas ocho respuestas no hay mucho más que
# aprender, y es la comparación la que lo dice.
#
# ## Lo que el modelo ha aprendido { #what-it-learned }
#
# Una forma de leerlo sin mirar los pesos: agrupa las filas de prueba por
# `rate_marriage` y compara, en cada grupo, la proporción real de síes con
# la probabilidad media que predice el modelo. Si las dos barras se
# parecen, el modelo ha aprendido cuánto pesa esa columna. Los grupos
# pequeños miden con mucho ruido: con un 1 solo hay 16 filas de prueba.

# %%
probabilities = classifier.predict(encoded_test, verbose=0)[:, 0]
ratings = test["rate_marriage"].to_numpy()
levels = np.unique(ratings)
observed = np.array([y_test[ratings == level].mean() for level in levels])
predicted = np.array([probabilities[ratings == level].mean() for level in levels])

fig, ax = plt.subplots(figsize=(6.5, 3.6))
positions = np.arange(len(levels))
ax.bar(positions - 0.2, observed, width=0.4, label="observed", color="tab:blue")
ax.bar(positions + 0.2, predicted, width=0.4, label="predicted (mean)", color="tab:orange")
ax.set_xticks(positions, [str(int(level)) for level in levels])
ax.set_xlabel("rate_marriage (test rows)")
ax.set_ylabel("share who answered yes")
ax.legend()
plt.tight_layout()
plt.show()

for level, seen, guessed in zip(levels, observed, predicted):
    print(f"rate_marriage {int(level)}: observed {seen:.2f}, predicted {guessed:.2f}, rows {int((ratings == level).sum())}")

assert np.all(np.diff(predicted) < 0)  # cuanto mejor valora su matrimonio, menor probabilidad
assert abs(predicted.mean() - observed.mean()) < 0.1

# %% [markdown]
# ## Un modelo que recibe filas en bruto { #raw-rows }
#
# Para usarlo fuera de aquí, el preprocesamiento tiene que viajar con el
# clasificador. El modelo `end_to_end` tiene una entrada por columna en
# bruto, con su tipo (`dtype="string"` para las ocupaciones), pasa cada una
# por su capa ya adaptada y después por el clasificador entrenado. Su
# archivo `.keras` guarda los vocabularios y las medias con los pesos.

# %%
raw_inputs = {name: keras.Input(shape=(1,), dtype=dtype, name=name) for name, dtype in dtypes.items()}
encoded = {name: preprocessors[name](raw_inputs[name]) for name in raw_inputs}
end_to_end = keras.Model(raw_inputs, classifier(encoded), name="survey")

folder = tempfile.mkdtemp()
path = os.path.join(folder, "survey.keras")
end_to_end.save(path)
print(f"survey.keras: {os.path.getsize(path) / 1024:.0f} KB")

assert os.path.getsize(path) > 0

# %% [markdown]
# El modelo cargado recibe filas como las escribiría una persona, cada
# valor en un tensor de TensorFlow, y predice lo mismo que el clasificador
# con las columnas ya codificadas. Una ocupación que no estaba en el
# vocabulario («teacher») también se acepta: va a la posición de lo
# desconocido. Con JAX o PyTorch, las capas de preprocesamiento van fuera
# del modelo, como en el entrenamiento de arriba.
#
# <!-- tensorflow-only: next "las cadenas solo existen como tensores en TensorFlow, así que un modelo con entradas de texto solo funciona con ese backend" -->

# %%
reloaded = keras.models.load_model(path)

raw_test = {name: tf.constant(values) for name, values in x_test.items()}
reloaded_probabilities = reloaded.predict(raw_test, verbose=0)[:, 0]
print("max |reloaded - classifier| =", float(np.max(np.abs(reloaded_probabilities - probabilities))))

new_rows = [
    {"age": 27.0, "yrs_married": 2.5, "children": 0.0, "rate_marriage": 5.0, "religious": 3.0,
     "educ": 16, "occupation": "white_collar", "occupation_husb": "manager"},
    {"age": 42.0, "yrs_married": 16.5, "children": 2.0, "rate_marriage": 2.0, "religious": 1.0,
     "educ": 14, "occupation": "teacher", "occupation_husb": "skilled"},
]
batch = {name: tf.constant([[row[name]] for row in new_rows]) for name in dtypes}
new_probabilities = reloaded.predict(batch, verbose=0)[:, 0]
for row, probability in zip(new_rows, new_probabilities):
    print(f"{row['occupation']:<13} rate_marriage={row['rate_marriage']:.0f}  P(yes) = {probability:.2f}")

assert np.allclose(reloaded_probabilities, probabilities, atol=1e-6)
assert new_probabilities[1] > new_probabilities[0]

# %%
shutil.rmtree(folder)  # la carpeta temporal, con cualquier backend

# %% [markdown]
# ## Resumen { #summary }
#
# - **Decide el tipo de cada columna mirando los datos**: una escala
#   ordenada entra como número; un código sin orden, como una ocupación, es
#   una variable categórica y entra con codificación one-hot.
# - **Una capa de preprocesamiento por columna**, adaptada solo con el
#   entrenamiento: `Normalization`, `IntegerLookup` y `StringLookup`.
# - **Una entrada con nombre por columna**, unidas con `Concatenate`.
# - **Fija el listón y compara con más de una referencia**: el modelo gana
#   a la clase mayoritaria, y una regresión logística o los códigos como
#   números dicen cuánto de esa ganancia se debe a la red y a la
#   codificación.
# - **Guarda el preprocesamiento con el modelo**: el modelo cargado predice
#   a partir de filas en bruto, con sus cadenas.
#
# Para seguir practicando: trata también `rate_marriage` y `religious` como
# categorías, con `IntegerLookup`, y compara el AUC; o quita la columna
# `rate_marriage` y mide cuánto empeora el modelo.
