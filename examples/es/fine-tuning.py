# ---
# jupyter:
#   course:
#     after: [fine-tuning.md]
# ---

# %% [markdown]
# # Ajuste fino con pocas etiquetas { #fine-tuning }
#
# En esta lección recorres de principio a fin el ajuste fino de una red
# convolucional: entrenas una base, con normalización por lotes, con los
# dígitos del 0 al 4; la reutilizas para los dígitos del 5 al 9 con muy pocas
# etiquetas (congelar, entrenar una cabeza nueva, descongelar dejando
# congeladas las `BatchNormalization`, volver a compilar y ajustar con una
# tasa de aprendizaje pequeña), y comparas el resultado con la misma red
# entrenada desde cero con las mismas etiquetas. La comparación se repite con
# 1, 3, 10 y 30 imágenes etiquetadas por dígito, para ver cuándo compensa la
# transferencia.
#
# Es el recorrido de la página [Ajuste fino](../../fine-tuning/), que explica
# cada paso con más calma, y se apoya en
# [Aprendizaje por transferencia](../../sequential-in-practice/). Los datos
# vienen dentro de scikit-learn: no se descarga nada.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

# Semillas de Python, NumPy y del backend: los mismos pesos iniciales y el
# mismo entrenamiento cada vez que se ejecuta el cuaderno.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## Los datos { #the-data }
#
# Los dígitos del 0 al 4 son la tarea original, con todas sus etiquetas. Los
# del 5 al 9 son la tarea nueva: la mitad, con las mismas proporciones de
# cada dígito, es el conjunto de prueba; de la otra mitad, `few_labels(n)`
# toma las `n` primeras imágenes de cada dígito, las únicas etiquetadas.

# %%
digits = load_digits()
images = digits.images[..., np.newaxis].astype("float32") / 16  # (1797, 8, 8, 1), valores entre 0 y 1
labels = digits.target
old_digits = labels < 5
x_old, y_old = images[old_digits], labels[old_digits]
x_new, y_new = images[~old_digits], labels[~old_digits] - 5  # etiquetas de 0 a 4
x_pool, x_test, y_pool, y_test = train_test_split(
    x_new, y_new, test_size=0.5, random_state=0, stratify=y_new
)


def few_labels(n):
    # Las n primeras imágenes de cada dígito de la mitad de entrenamiento.
    few = np.concatenate([np.flatnonzero(y_pool == digit)[:n] for digit in range(5)])
    return x_pool[few], y_pool[few]


print("original task:", x_old.shape, "| new task, pool:", x_pool.shape, "| test:", x_test.shape)
print("test images per digit:", np.bincount(y_test).tolist())

assert len(x_old) + len(x_pool) + len(x_test) == len(images)
assert np.bincount(few_labels(3)[1]).tolist() == [3, 3, 3, 3, 3]

# %% [markdown]
# ## La base { #the-base }
#
# Dos convoluciones, cada una seguida de una `BatchNormalization` con
# `momentum=0.9` (el entrenamiento es corto y las medias móviles tienen que
# alcanzar a las de los datos), y `Flatten`. `make_base` la construye; la
# base preentrenada aprende con los 901 dígitos del 0 al 4, y sus pesos se
# guardan en `pretrained` para empezar cada ajuste fino desde el mismo punto.

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
# ## Transferencia y ajuste fino { #transfer-and-fine-tune }
#
# `transfer(n)` hace los cuatro pasos con `n` etiquetas por dígito y
# devuelve dos exactitudes de prueba: la del modelo con la base congelada y
# solo la cabeza entrenada, y la del modelo después del ajuste fino.
#
# 1. Recupera los pesos preentrenados y congela la base.
# 2. Construye el modelo con la API funcional, con la base llamada con
#    `training=False` (el patrón de la guía de Keras), y entrena la cabeza
#    20 épocas con una tasa de 0,01.
# 3. Descongela la base y vuelve a congelar sus `BatchNormalization`: en
#    Keras 3, `fit` llama al modelo con `training=True`, que sustituye al
#    `training=False`, y solo una `BatchNormalization` congelada sigue en
#    modo de inferencia.
# 4. Vuelve a compilar, con una tasa de 0,001, y entrena todo otras 20
#    épocas. La función comprueba que las medias móviles no se han movido.

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
# ## Desde cero { #from-scratch }
#
# La línea base: la misma red, con una base nueva, entrenada con
# las mismas `n` etiquetas por dígito durante las mismas 40 épocas en total,
# con la tasa de 0,01 de la cabeza.

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
# ## ¿Cuántas etiquetas? { #how-many-labels }
#
# La comparación, con 1, 3, 10 y 30 imágenes etiquetadas de cada dígito.
# Cada entrenamiento empieza con la misma semilla.

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
assert fine_tuned[0] > scratch[0] + 0.05  # con una etiqueta por dígito, la transferencia gana
assert np.all(np.abs(scratch[2:] - fine_tuned[2:]) < 0.03)  # con 10 y 30, a menos de 3 puntos
assert np.all(fine_tuned[2:] > head_only[2:])  # con 10 y 30, el ajuste fino mejora a la cabeza sola
assert np.all(np.diff(fine_tuned) > 0) and np.all(np.diff(scratch) > 0)  # más etiquetas, más exactitud

# %% [markdown]
# Con una sola etiqueta por dígito, la base transferida gana con claridad:
# ha aprendido de 901 imágenes a reconocer trazos, y a la cabeza le basta con
# combinarlos, mientras que la red desde cero, con cinco imágenes, no tiene
# de dónde aprenderlos. Con más etiquetas, la ventaja se acorta hasta darse
# la vuelta: con 10 y 30 por dígito, la red desde cero acierta entre uno y
# tres puntos más, porque estas imágenes son sencillas y la base solo vio
# otros cinco dígitos. El ajuste fino mejora a la cabeza sola con cualquier
# número de etiquetas, y más que nunca con una sola por dígito: cinco
# puntos, del 70 % al 75 %. Con fotos de verdad, mucho más variadas, y una
# base entrenada con millones de ellas, la red desde cero necesita muchas
# más etiquetas para alcanzarla.
#
# ## Resumen { #summary }
#
# - **Los cuatro pasos**: congelar la base, entrenar una cabeza nueva,
#   descongelar y ajustar todo con una tasa de aprendizaje pequeña, después
#   de volver a compilar.
# - **Con `BatchNormalization` en la base**, vuelve a congelar esas capas al
#   descongelar: en Keras 3, `fit` pasa por encima del `training=False` con
#   el que se llamó a la base.
# - **Compara siempre con la misma red desde cero**, con las mismas
#   etiquetas: es la única forma de saber cuánto aporta la base.
#
# Para seguir practicando: ajusta sin volver a congelar las
# `BatchNormalization` y compara las exactitudes; o entrena la base con
# aumento de datos y mide si la transferencia gana con más etiquetas.
