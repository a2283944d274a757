# ---
# jupyter:
#   course:
#     after: [callbacks.md]
# ---

# %% [markdown]
# # Un clasificador de dígitos escritos a mano, de principio a fin { #digits-classifier }
#
# En esta lección juntas en un solo proyecto lo que enseñan
# [Entrenar y validar un modelo](../../training/) y
# [Callbacks](../../callbacks/), con los mismos datos, la misma partición,
# la misma semilla y el mismo modelo, en el orden en que se hace en la
# práctica: mirar los datos, prepararlos, entrenar con validación y parada
# temprana, dibujar las curvas, medir con el conjunto de prueba y guardar el
# modelo. Lo nuevo está en lo que las páginas no dibujan ni desmenuzan: las
# imágenes, las curvas de entrenamiento, la matriz de confusión y los
# errores del modelo, uno a uno.
#
# Los datos son los dígitos que trae scikit-learn (`load_digits`): 1797
# imágenes de 8 × 8 píxeles de dígitos del 0 al 9 escritos a mano. Vienen
# dentro de la biblioteca, así que no hay nada que descargar, y son pocos:
# el modelo se entrena en unos segundos en cualquier CPU.

# %%
import os
import shutil
import tempfile
import zipfile

import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix
from sklearn.model_selection import train_test_split

# Semillas de Python, NumPy y del backend: los mismos pesos iniciales y el
# mismo entrenamiento cada vez que se ejecuta el cuaderno.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## Los datos { #the-data }
#
# `load_digits` devuelve las imágenes de dos formas: `images`, con forma
# `(1797, 8, 8)`, para dibujarlas, y `data`, la misma información aplanada en
# 64 columnas, que es lo que recibirá el modelo. Cada píxel es un nivel de
# gris entre 0 (blanco) y 16 (negro), y `target` guarda el dígito correcto de
# cada imagen. Las diez clases están equilibradas: hay unas 180 imágenes de
# cada dígito.

# %%
digits = load_digits()

print("images:", digits.images.shape, "| data:", digits.data.shape, "| target:", digits.target.shape)
print("data.min() =", digits.data.min(), "| data.max() =", digits.data.max())
print("np.bincount(target) =", np.bincount(digits.target))

assert digits.images.shape == (1797, 8, 8)
assert digits.data.shape == (1797, 64)
assert np.array_equal(digits.images.reshape(1797, 64), digits.data)
assert sorted(set(digits.target)) == list(range(10))

# %% [markdown]
# Antes de entrenar nada conviene mirar los datos. Estas son las 20 primeras
# imágenes, cada una con su etiqueta encima. Con solo 64 píxeles los trazos
# son muy toscos, pero la mayoría se reconocen a simple vista.

# %%
fig, axes = plt.subplots(2, 10, figsize=(10, 2.6))
for ax, image, label in zip(axes.flat, digits.images, digits.target):
    ax.imshow(image, cmap="gray_r")
    ax.set_title(str(label))
    ax.axis("off")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Preparar los datos { #preprocessing }
#
# Dos pasos:
#
# 1. **Escalar** los píxeles al intervalo [0, 1], dividiendo entre 16. Las
#    redes neuronales entrenan mejor con entradas pequeñas y del mismo orden
#    de magnitud. Además, los valores pasan a `float32`, el tipo con el que
#    trabaja Keras.
# 2. **Separar un conjunto de prueba** (el 20 %) que el modelo no verá hasta
#    la evaluación final. `stratify=y` mantiene la misma proporción de cada
#    dígito en los dos conjuntos, y `random_state=0` hace la separación
#    reproducible (es la misma partición que en las páginas).
#
# Las etiquetas se quedan como enteros del 0 al 9: no hace falta pasarlas a
# *one-hot* (un vector con un 1 en la clase correcta y 0 en las demás) con la
# pérdida `sparse_categorical_crossentropy`.

# %%
x = (digits.data / 16.0).astype("float32")
y = digits.target

x_train, x_test, y_train, y_test = train_test_split(
    x, y, test_size=0.2, stratify=y, random_state=0
)

print("x_train:", x_train.shape, "| x_test:", x_test.shape)
print(f"x.min() = {x.min():.1f} | x.max() = {x.max():.1f}")

assert x_train.shape == (1437, 64) and x_test.shape == (360, 64)
assert x.dtype == np.float32 and x.min() == 0.0 and x.max() == 1.0
assert np.bincount(y_test).min() >= 34  # la estratificación reparte bien cada dígito

# %% [markdown]
# ## El modelo { #the-model }
#
# El de las páginas: una red densa pequeña, construida con `Sequential`
# porque los datos atraviesan las capas una tras otra:
#
# - `keras.Input(shape=(64,))`: cada ejemplo es un vector de 64 píxeles.
# - Una capa oculta `Dense` de 32 neuronas con activación ReLU.
# - Una capa de salida `Dense` de 10 neuronas con *softmax*: devuelve, para
#   cada imagen, una probabilidad por dígito, y las diez suman 1.
#
# Las capas llevan nombre para reconocerlas en lo que se imprime después.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", name="hidden"),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ],
    name="digits",
)

print(f"{'layer':<14} {'output':<11} {'params':>6}")
for layer in model.layers:
    print(f"{layer.name:<14} {str(tuple(layer.output.shape)):<11} {layer.count_params():>6}")
print(f"{'total':<26} {model.count_params():>6}")

# 64 * 32 + 32 en la capa oculta, 32 * 10 + 10 en la de salida.
assert model.count_params() == (64 * 32 + 32) + (32 * 10 + 10)

# %% [markdown]
# ## Entrenamiento con parada temprana { #training }
#
# `compile`, como en las páginas: `Adam` con una tasa de aprendizaje de
# 0,01, la entropía cruzada con etiquetas enteras y la exactitud.
#
# `fit` entrena en lotes de 32 con las dos ayudas de las páginas:
#
# - `validation_split=0.2` aparta el último 20 % de los datos de
#   entrenamiento como conjunto de **validación**, que se mide al final de
#   cada época. Keras lo toma del final del array sin barajar; aquí no hay
#   problema porque `train_test_split` ya ha mezclado los datos, pero con
#   datos ordenados (por ejemplo, por clase) la validación quedaría sesgada.
# - `EarlyStopping` detiene el entrenamiento cuando `val_loss` lleva
#   `patience=5` épocas sin mejorar y, con `restore_best_weights=True`,
#   devuelve al modelo los pesos de la mejor época. Así puedes poner un
#   máximo de épocas generoso sin miedo a sobreajustar.

# %%
MAX_EPOCHS = 200
PATIENCE = 5

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=PATIENCE, restore_best_weights=True
)
history = model.fit(
    x_train,
    y_train,
    validation_split=0.2,
    epochs=MAX_EPOCHS,
    batch_size=32,
    callbacks=[early_stopping],
    verbose=0,
)

epochs_run = len(history.epoch)
best_epoch = int(np.argmin(history.history["val_loss"]))  # contando desde 0
print("history.history:", sorted(history.history))
print(f"epochs_run = {epochs_run} | best_epoch + 1 = {best_epoch + 1}")

assert epochs_run < MAX_EPOCHS  # se detuvo antes del máximo
assert epochs_run == best_epoch + 1 + PATIENCE  # la mejor época y 5 más sin mejorar

# %% [markdown]
# Comprueba que el modelo se ha quedado con los pesos de la mejor época. El
# conjunto de validación es el último 20 % de las filas de `x_train`: si lo
# evalúas ahora, con los mismos lotes de 32 ejemplos, obtienes la pérdida que
# `fit` anotó en esa época.

# %%
split_at = int(len(x_train) * (1 - 0.2))  # como fit: redondea hacia abajo
x_val, y_val = x_train[split_at:], y_train[split_at:]
val_loss_now = model.evaluate(x_val, y_val, batch_size=32, verbose=0)[0]

print(f"history.history['val_loss'][best_epoch] = {history.history['val_loss'][best_epoch]:.4f}")
print(f"model.evaluate(x_val, y_val)[0]         = {val_loss_now:.4f}")

assert abs(val_loss_now - history.history["val_loss"][best_epoch]) < 1e-4

# %% [markdown]
# ## Curvas de entrenamiento { #training-curves }
#
# `history.history` es un diccionario con una lista de valores por métrica,
# uno por época. Dibujar esas listas es la mejor forma de saber qué ha
# pasado durante el entrenamiento. A la izquierda, la pérdida; a la derecha,
# la exactitud; en azul, los datos de entrenamiento, y en naranja, los de
# validación. La línea vertical marca la mejor época.
#
# Las dos curvas mejoran juntas durante las primeras épocas. Después se
# separan: la pérdida de entrenamiento sigue bajando (la escala es
# logarítmica) y la exactitud de entrenamiento se acerca al 100 %, mientras
# que la pérdida de validación deja de bajar y empieza a subir, y la
# exactitud de validación se estanca. El modelo sigue ajustándose a los
# ejemplos que ve, pero ya no mejora con imágenes nuevas: esa brecha
# creciente es la señal del **sobreajuste**. Cuando la pérdida de validación
# lleva cinco épocas sin mejorar, `EarlyStopping` corta, y el modelo vuelve a
# los pesos de la época marcada, la 10: la misma mejor época que en la figura
# de [Entrenar y validar un modelo](../../training/#overfitting), porque los
# datos, la semilla y el modelo son los mismos.

# %%
epochs = np.arange(1, epochs_run + 1)

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.8))
for ax, metric in [(ax_loss, "loss"), (ax_acc, "accuracy")]:
    ax.plot(epochs, history.history[metric], label="train")
    ax.plot(epochs, history.history[f"val_{metric}"], label="validation")
    ax.axvline(best_epoch + 1, color="gray", linestyle=":", label="best epoch")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend()
ax_loss.set_yscale("log")
plt.tight_layout()
plt.show()

assert history.history["loss"][-1] < history.history["loss"][0] / 5
assert history.history["val_accuracy"][best_epoch] > 0.9

# %% [markdown]
# ## Evaluación con el conjunto de prueba { #evaluation }
#
# La validación ya ha intervenido en el entrenamiento (decidió cuándo parar),
# así que la medida honesta de lo que sabe el modelo es el conjunto de
# prueba, que hasta ahora no ha tocado nadie. `evaluate` devuelve la pérdida
# y las métricas de `compile`, en ese orden.

# %%
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)

print(f"test_loss = {test_loss:.3f} | test_accuracy = {test_accuracy:.3f}")

assert test_accuracy > 0.93
assert test_loss < 0.3

# %% [markdown]
# Para cada imagen, `predict` devuelve las diez probabilidades de la capa de
# salida; la clase predicha es la de mayor probabilidad, `argmax` (el
# `predict_classes` del código antiguo no existe en Keras 3).

# %%
probabilities = model.predict(x_test, verbose=0)
y_pred = np.argmax(probabilities, axis=1)

print("probabilities:", probabilities.shape)
print("y_pred[:12]:", y_pred[:12])
print("y_test[:12]:", y_test[:12])

assert probabilities.shape == (360, 10)
assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
assert not hasattr(model, "predict_classes")
assert abs(np.mean(y_pred == y_test) - test_accuracy) < 1e-6

# %% [markdown]
# ## Matriz de confusión { #confusion-matrix }
#
# La exactitud resume todo en un número; la matriz de confusión muestra
# **qué** se confunde con **qué**. Cada fila es el dígito real y cada
# columna, el predicho: la diagonal son los aciertos y cualquier número
# fuera de ella es un error.

# %%
cm = confusion_matrix(y_test, y_pred)

fig, ax = plt.subplots(figsize=(5.5, 5))
ConfusionMatrixDisplay(cm).plot(ax=ax, cmap="Blues", colorbar=False)
ax.set_xlabel("predicted")
ax.set_ylabel("true")
plt.show()

errors = [(cm[i, j], i, j) for i in range(10) for j in range(10) if i != j and cm[i, j] > 0]
print("true → predicted: count")
for count, true_digit, predicted_digit in sorted(errors, reverse=True):
    print(f"{true_digit} → {predicted_digit}: {count}")

assert cm.sum() == len(y_test)
assert np.trace(cm) == np.sum(y_pred == y_test)
assert np.all(cm.sum(axis=1) == np.bincount(y_test))

# %% [markdown]
# ## Los errores del modelo { #misclassified-digits }
#
# Mirar los errores uno a uno enseña más que la matriz. Encima de cada imagen
# (como mucho, las 12 primeras) aparece el dígito real, el predicho y la
# probabilidad que le dio el modelo a su predicción. Varios de estos dígitos son ambiguos incluso para una
# persona, con solo 8 × 8 píxeles.

# %%
wrong = np.flatnonzero(y_pred != y_test)
print(f"{len(wrong)} / {len(y_test)} misclassified")

shown = wrong[:12]
fig, axes = plt.subplots(1, len(shown), figsize=(1.3 * len(shown), 1.9), squeeze=False)
for ax, i in zip(axes.flat, shown):
    ax.imshow(x_test[i].reshape(8, 8), cmap="gray_r")
    ax.set_title(f"{y_test[i]} → {y_pred[i]}\n{probabilities[i].max():.0%}", fontsize=9)
    ax.axis("off")
plt.tight_layout()
plt.show()

assert 0 < len(wrong) < 0.07 * len(y_test)

# %% [markdown]
# ## Guardar y cargar el modelo { #saving-and-loading }
#
# `model.save` escribe en un único archivo `.keras`, el mismo formato que
# usa `ModelCheckpoint`, todo lo necesario para volver a usar el modelo: la
# arquitectura, los pesos y la configuración de `compile`. En realidad es un
# ZIP, y puedes ver qué contiene. `keras.models.load_model` lo reconstruye.
# La celda lo guarda en una carpeta temporal y comprueba que el modelo
# recuperado predice exactamente lo mismo que el original.
# [Guardar y cargar modelos](../../saving/) cuenta más adelante las otras
# formas de guardar un modelo.

# %%
tmp_dir = tempfile.mkdtemp()
path = os.path.join(tmp_dir, "digits.keras")
model.save(path)

print("namelist():", sorted(zipfile.ZipFile(path).namelist()))

reloaded = keras.models.load_model(path)
reloaded_probabilities = reloaded.predict(x_test, verbose=0)
print("same y_pred:", np.array_equal(np.argmax(reloaded_probabilities, axis=1), y_pred))

assert reloaded.name == "digits"
assert [layer.name for layer in reloaded.layers] == ["hidden", "output"]
assert np.allclose(reloaded_probabilities, probabilities, atol=1e-6)
assert np.array_equal(np.argmax(reloaded_probabilities, axis=1), y_pred)

shutil.rmtree(tmp_dir)

# %% [markdown]
# ## Resumen { #summary }
#
# - **Mira los datos antes de entrenar**: forma, rango de valores, reparto
#   de las clases y unos cuantos ejemplos dibujados.
# - **Prepara y separa**: escala las entradas y aparta un conjunto de prueba
#   estratificado que no se use hasta el final.
# - **Entrena con validación y `EarlyStopping`**: un máximo de épocas
#   generoso, `patience` y `restore_best_weights=True` evitan elegir a ojo
#   el número de épocas.
# - **Dibuja las curvas de `History`**: la separación entre entrenamiento y
#   validación delata el sobreajuste.
# - **Evalúa una sola vez con la prueba** y mira más allá de la exactitud:
#   la matriz de confusión y los errores concretos dicen qué falla.
# - **Guarda en formato `.keras`** y comprueba que el modelo cargado predice
#   lo mismo.
#
# Para seguir practicando: cambia el número de neuronas de la capa oculta o
# añade una capa `Dropout`, que pone a cero al azar una parte de sus entradas
# al entrenar para frenar el sobreajuste
# ([Regularización](../../regularization/#dropout) la explica),
# y compara las curvas de entrenamiento y la exactitud en prueba con las de
# esta versión.
