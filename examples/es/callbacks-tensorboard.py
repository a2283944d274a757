# ---
# jupyter:
#   course:
#     after: [callbacks.md, tensorboard.md]
#     teaches: [keras.callbacks.CSVLogger]
# ---

# %% [markdown]
# # Callbacks y registros de TensorBoard { #callbacks-tensorboard }
#
# <!-- tensorflow-only: page "el callback TensorBoard escribe sus registros con `tf.summary`, de TensorFlow" -->
#
# En [Callbacks](../../callbacks/#callbacks) viste cada *callback* por
# separado, con su propio entrenamiento. En esta lección los juntas todos en
# un mismo `fit`, sobre los mismos dígitos y el mismo modelo:
#
# - `EarlyStopping`, que para cuando la pérdida de validación deja de mejorar;
# - `ModelCheckpoint`, que guarda en disco el mejor modelo visto;
# - `ReduceLROnPlateau`, que baja la tasa de aprendizaje cuando el progreso se
#   estanca;
# - `CSVLogger`, nuevo aquí, que apunta las métricas de cada época en un CSV;
# - un *callback* propio que apunta la norma de los pesos en cada época;
# - y el de [TensorBoard](../../tensorboard/#tensorboard-callback), que
#   escribe los registros que después abrirás en la aplicación.
#
# Al final dibujas las curvas de todo el entrenamiento a partir del CSV.
# Necesitas [Callbacks](../../callbacks/#callbacks) y
# [TensorBoard](../../tensorboard/#tensorboard).

# %%
import csv
import os
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

print("Keras", keras.__version__)

# %% [markdown]
# ## Los datos y el modelo { #the-data }
#
# Los mismos que en [Callbacks](../../callbacks/#setup): los 1797 dígitos de
# scikit-learn, con los píxeles llevados a [0, 1]; un 20 % apartado como
# conjunto de prueba, con `random_state=0` y `stratify`; y una red densa con
# una capa oculta de 32 neuronas, compilada con Adam y una tasa de
# aprendizaje de 0,02. La validación la aparta `fit` con
# `validation_split=0.2`: las últimas 288 imágenes de entrenamiento.

# %%
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
x_train, x_test, y_train, y_test = train_test_split(
    x, digits.target, test_size=0.2, random_state=0, stratify=digits.target
)
x_val, y_val = x_train[-288:], y_train[-288:]  # lo que apartará validation_split=0.2

keras.utils.set_random_seed(0)
model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", name="hidden"),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ],
    name="digits",
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.02),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

print("train:", x_train.shape, "| test:", x_test.shape)

assert len(x_train) + len(x_test) == len(x) == 1797
assert len(x_train) - len(x_val) == 1149

# %% [markdown]
# ## Un callback propio { #custom-callback }
#
# Como en [Callbacks](../../callbacks/#custom-callback), una subclase de
# `keras.callbacks.Callback` que sobrescribe solo lo que necesita. Esta apunta,
# al final de cada época, la norma euclídea de todos los pesos del modelo
# juntos: una forma sencilla de ver cuánto cambian de una época a otra.

# %%
class WeightNormHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        # Se vacía al empezar, por si el callback se reutiliza en otro fit.
        self.norms = []

    def on_epoch_end(self, epoch, logs=None):
        weights = self.model.get_weights()
        self.norms.append(float(np.sqrt(sum(np.sum(w**2) for w in weights))))


# %% [markdown]
# ## Todos los callbacks juntos { #all-callbacks }
#
# Los parámetros de cada uno:
#
# - `TensorBoard(log_dir=...)`: los registros, en `logs/train/` y
#   `logs/validation/`.
# - `ReduceLROnPlateau(factor=0.5, patience=2)`: si `val_loss` pasa dos
#   épocas sin mejorar, la tasa de aprendizaje se reduce a la mitad. Además,
#   añade la tasa de cada época a `logs` como `learning_rate`, y así llega al
#   historial y a los *callbacks* que vienen detrás.
# - `EarlyStopping(patience=5, restore_best_weights=True)`: si `val_loss` pasa
#   cinco épocas sin mejorar, para el entrenamiento y devuelve al modelo los
#   pesos de su mejor época.
# - `ModelCheckpoint(save_best_only=True)`: guarda el modelo completo en
#   `best.keras` cada vez que `val_loss` mejora.
# - `CSVLogger`: una fila por época en `training.csv`.
#
# Al final de cada época, `fit` llama a los *callbacks* en el orden de la
# lista, y todos reciben el mismo diccionario `logs` y el mismo modelo. Casi
# siempre da igual el orden, pero aquí importa dos veces:
#
# - El de TensorBoard va el primero para que anote la tasa de aprendizaje con
#   la que se ha entrenado la época, antes de que `ReduceLROnPlateau` la
#   cambie. Si fuera detrás, su curva de la tasa de aprendizaje iría una época
#   por delante de la del historial.
# - `CSVLogger` va detrás de `ReduceLROnPlateau` para recibir en `logs` la
#   columna `learning_rate` que este añade.
#
# Todo se escribe en una carpeta temporal, y `fit` recibe hasta 100 épocas:
# `EarlyStopping` decidirá cuántas hacen falta.

# %%
work_dir = tempfile.mkdtemp()
log_dir = os.path.join(work_dir, "logs")
checkpoint_path = os.path.join(work_dir, "best.keras")
csv_path = os.path.join(work_dir, "training.csv")

tensorboard_callback = keras.callbacks.TensorBoard(log_dir=log_dir)
reduce_lr = keras.callbacks.ReduceLROnPlateau(
    monitor="val_loss", factor=0.5, patience=2
)
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=5, restore_best_weights=True
)
checkpoint = keras.callbacks.ModelCheckpoint(
    checkpoint_path, monitor="val_loss", save_best_only=True
)
weight_norms = WeightNormHistory()

MAX_EPOCHS = 100
history = model.fit(
    x_train,
    y_train,
    validation_split=0.2,
    epochs=MAX_EPOCHS,
    batch_size=64,
    callbacks=[
        tensorboard_callback,
        reduce_lr,
        early_stopping,
        checkpoint,
        keras.callbacks.CSVLogger(csv_path),
        weight_norms,
    ],
    verbose=0,
)

epochs_run = len(history.history["loss"])
print("epochs run:", epochs_run, "of", MAX_EPOCHS)
print("history keys:", sorted(history.history))
print("logs:", sorted(os.listdir(log_dir)))

assert epochs_run < MAX_EPOCHS
assert sorted(os.listdir(log_dir)) == ["train", "validation"]

# %% [markdown]
# ## Qué ha hecho cada callback { #what-each-callback-did }
#
# **`EarlyStopping`** ha cortado el entrenamiento mucho antes de las 100
# épocas. Su atributo `best_epoch` dice cuál fue la mejor (contando desde 0) y,
# con `restore_best_weights=True`, el modelo tiene ahora los pesos de esa
# época: su pérdida de validación es la mínima del historial, no la de la
# última época.

# %%
val_losses = history.history["val_loss"]
best_epoch = int(np.argmin(val_losses))
restored_val_loss, _ = model.evaluate(x_val, y_val, verbose=0)

print("best epoch:", early_stopping.best_epoch)
print("stopped at epoch:", early_stopping.stopped_epoch)
print(f"val_loss: best {min(val_losses):.4f}, last {val_losses[-1]:.4f}")
print(f"val_loss of the model now: {restored_val_loss:.4f}")

assert early_stopping.best_epoch == best_epoch
assert early_stopping.stopped_epoch == epochs_run - 1 == best_epoch + 5
assert np.isclose(restored_val_loss, min(val_losses), rtol=1e-4)

# %% [markdown]
# **`ModelCheckpoint`** ha dejado en disco ese mismo mejor modelo. Al
# cargarlo da la misma pérdida de validación, y ya se puede usar por fin el
# conjunto de prueba.

# %%
best_model = keras.models.load_model(checkpoint_path)
checkpoint_val_loss, _ = best_model.evaluate(x_val, y_val, verbose=0)
test_loss, test_accuracy = best_model.evaluate(x_test, y_test, verbose=0)

print(f"best.keras: val_loss {checkpoint_val_loss:.4f}")
print(f"best.keras: test accuracy {test_accuracy:.3f}")

assert np.isclose(checkpoint_val_loss, min(val_losses), rtol=1e-4)
assert test_accuracy > 0.9

# %% [markdown]
# **`ReduceLROnPlateau`** ha ido bajando la tasa de aprendizaje por escalones
# cada vez que la validación se estancaba. El historial guarda la tasa de
# cada época en `learning_rate`.

# %%
learning_rates = history.history["learning_rate"]
distinct_rates = sorted(set(learning_rates), reverse=True)
print("learning rates used:", ", ".join(f"{lr:g}" for lr in distinct_rates))

assert np.isclose(learning_rates[0], 0.02)
assert learning_rates[-1] < learning_rates[0]
assert all(b <= a for a, b in zip(learning_rates, learning_rates[1:]))

# %% [markdown]
# **`CSVLogger`** ha escrito una fila por época con las mismas columnas que el
# historial, más el número de época. Se abre con una hoja de cálculo o con
# pandas, y sobrevive al proceso de Python: el historial de `fit`, no.

# %%
with open(csv_path, newline="") as csv_file:
    rows = list(csv.DictReader(csv_file))

print("columns:", list(rows[0]))
print("last row:")
for key, value in rows[-1].items():
    print(f"  {key:<14} {float(value):.4g}")

assert len(rows) == epochs_run
assert np.allclose([float(row["val_loss"]) for row in rows], val_losses)

# %% [markdown]
# Y **el *callback* propio** ha apuntado una norma por época. Crece deprisa al
# principio y cada vez más despacio, a medida que la tasa de aprendizaje baja.

# %%
norms = weight_norms.norms
print(f"weight norm: {norms[0]:.2f} (epoch 0)")
print(f"weight norm: {norms[-1]:.2f} (epoch {epochs_run - 1})")

assert len(norms) == epochs_run
assert norms[-1] > norms[0]

# %% [markdown]
# ## Las curvas { #curves }
#
# Con las columnas del CSV se dibuja lo mismo que enseñaría TensorBoard. A la
# izquierda, la pérdida de entrenamiento y de validación; la línea vertical
# marca la mejor época, la que restauró `EarlyStopping` y guardó
# `ModelCheckpoint`. En el centro, los escalones de `ReduceLROnPlateau` (en
# escala logarítmica). A la derecha, la norma de los pesos que apuntó el
# *callback* propio: se aplana a medida que baja la tasa de aprendizaje.

# %%
epochs = [int(row["epoch"]) for row in rows]


def column(name):
    return [float(row[name]) for row in rows]


fig, (ax_loss, ax_lr, ax_norm) = plt.subplots(1, 3, figsize=(10.5, 3.4))

ax_loss.plot(epochs, column("loss"), label="train")
ax_loss.plot(epochs, column("val_loss"), label="validation")
ax_loss.axvline(best_epoch, color="gray", linestyle=":", label="best epoch")
ax_loss.set_yscale("log")
ax_loss.set_ylabel("loss")
ax_loss.legend()

ax_lr.step(epochs, column("learning_rate"), where="post", color="tab:green")
ax_lr.set_yscale("log")
ax_lr.set_ylabel("learning rate")

ax_norm.plot(epochs, norms, color="tab:purple")
ax_norm.set_ylabel("weight norm")

for ax in (ax_loss, ax_lr, ax_norm):
    ax.set_xlabel("epoch")
    ax.set_xticks(range(0, epochs_run, 5))

fig.tight_layout()
plt.show()

# %% [markdown]
# ## Abrir TensorBoard { #opening-tensorboard }
#
# Las mismas curvas están en los registros del *callback* `TensorBoard`. Para
# verlas, se apunta TensorBoard a la carpeta que contiene `train/` y
# `validation/` (aquí, `log_dir`; en un proyecto real, una carpeta fija como
# `logs/`):
#
# ```bash
# tensorboard --logdir logs
# ```
#
# y se abre en el navegador la dirección que indica, normalmente
# `http://localhost:6006`; la página
# [TensorBoard](../../tensorboard/#opening-tensorboard) muestra qué se ve ahí.
# En Jupyter o en Colab, TensorBoard se puede mostrar dentro del propio
# cuaderno:
#
# ```python
# %load_ext tensorboard
# %tensorboard --logdir logs
# ```
#
# ## Resumen { #summary }
#
# - Varios *callbacks* se combinan en una sola lista,
#   `fit(..., callbacks=[...])`. Todos reciben el mismo diccionario `logs`, en
#   el orden de la lista, y a veces ese orden importa: el que añade algo a
#   `logs` (como `ReduceLROnPlateau`, la tasa de aprendizaje) tiene que ir
#   antes del que lo lee.
# - `EarlyStopping` con `restore_best_weights=True` y `ModelCheckpoint` con
#   `save_best_only=True` dejan el mejor modelo en memoria y en disco; el
#   conjunto de prueba se usa solo al final, con ese modelo.
# - `CSVLogger` deja las métricas de cada época en un CSV, que sirve para
#   dibujar las curvas sin TensorBoard.
# - Un *callback* propio puede apuntar cualquier cosa del modelo en cada
#   época, como la norma de sus pesos.
#
# Para seguir practicando: cambia la `patience` de `EarlyStopping` a 2 y a 10
# y compara la época en que para y la exactitud de prueba, o pon el *callback*
# de TensorBoard al final de la lista y mira en TensorBoard su curva
# `epoch_learning_rate` frente a la del historial.
