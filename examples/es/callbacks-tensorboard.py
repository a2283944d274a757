# %% [markdown]
# # Callbacks y registros de TensorBoard { #callbacks-tensorboard }
#
# <!-- tensorflow-only: page "escribe y lee los archivos de eventos de TensorBoard, con `tf.make_ndarray` de TensorFlow" -->
#
# `fit` no es una caja cerrada. En puntos fijos del entrenamiento (al empezar y
# al acabar, al principio y al final de cada época y de cada lote) llama a los
# **callbacks** que le pases: objetos que pueden leer las métricas, tocar el
# modelo o el optimizador, guardar cosas en disco e incluso detener el
# entrenamiento. Así se añade comportamiento a `fit` sin reescribir el bucle.
#
# En esta lección entrenas un clasificador de dígitos con varios *callbacks* a
# la vez:
#
# - `EarlyStopping`, que para cuando la pérdida de validación deja de mejorar;
# - `ModelCheckpoint`, que guarda en disco el mejor modelo visto;
# - `ReduceLROnPlateau`, que baja la tasa de aprendizaje cuando el progreso se
#   estanca;
# - `CSVLogger`, que apunta las métricas de cada época en un CSV;
# - un *callback* propio que registra la norma de los pesos en cada época;
# - y registros para **TensorBoard**, que después vas a leer desde Python,
#   como los lee la propia aplicación, para dibujar las curvas y comprobar que
#   coinciden con el historial de `fit`.
#
# Necesitas [Callbacks](../../callbacks/#callbacks), donde se presentan
# `EarlyStopping`, `ModelCheckpoint` y `ReduceLROnPlateau`, y
# [TensorBoard](../../tensorboard/#tensorboard), que explica los registros y
# cómo leerlos.

# %%
import csv
import glob
import os
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from tensorboard.backend.event_processing.plugin_event_accumulator import EventAccumulator

# Fija a la vez las semillas de Python, NumPy y TensorFlow: quien descargue el
# cuaderno obtiene los mismos números.
keras.utils.set_random_seed(42)

print("TensorFlow", tf.__version__, "| Keras", keras.__version__)

# %% [markdown]
# ## Los datos { #the-data }
#
# `load_digits` trae 1797 imágenes de 8 × 8 píxeles de dígitos escritos a
# mano, con intensidades de 0 a 16. Vienen dentro de scikit-learn, así que no
# se descarga nada. Se aplanan en vectores de 64 valores entre 0 y 1 y se
# reparten en tres conjuntos: entrenamiento (60 %), validación (20 %), que es
# el que vigilarán los *callbacks*, y prueba (20 %), que no se toca hasta el
# final.

# %%
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target

x_train, x_test, y_train, y_test = train_test_split(
    x, y, test_size=0.2, stratify=y, random_state=42
)
x_train, x_val, y_train, y_val = train_test_split(
    x_train, y_train, test_size=0.25, stratify=y_train, random_state=42
)

print("train:", x_train.shape, "| val:", x_val.shape, "| test:", x_test.shape)

assert len(x_train) + len(x_val) + len(x_test) == len(x) == 1797
assert x.min() == 0.0 and x.max() == 1.0

# %% [markdown]
# ## El modelo { #the-model }
#
# Una red densa con 64 entradas, dos capas ocultas de 128 neuronas y una
# salida `softmax` con las 10 clases. Para unos 1000 ejemplos de entrenamiento
# es una red grande, que enseguida empieza a memorizarlos, y la tasa de
# aprendizaje de Adam empieza en 0,01, diez veces el valor por defecto: así
# `EarlyStopping` y `ReduceLROnPlateau` tendrán trabajo pronto.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(128, activation="relu", name="hidden_1"),
        keras.layers.Dense(128, activation="relu", name="hidden_2"),
        keras.layers.Dense(10, activation="softmax", name="output"),
    ],
    name="digits_mlp",
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

# %% [markdown]
# ## Un callback propio { #custom-callback }
#
# Un *callback* es una subclase de `keras.callbacks.Callback` que reescribe solo
# los métodos que necesita: `on_train_begin`, `on_epoch_end`,
# `on_train_batch_end`... Dentro de ellos, `self.model` es el modelo que se
# está entrenando y `logs` es un diccionario con las métricas del momento
# (`loss`, `val_loss`, `accuracy`...).
#
# El de esta lección apunta, al final de cada época, la norma euclídea de
# todos los pesos del modelo juntos. Es una forma sencilla de ver cuánto
# cambian los pesos de una época a otra: mientras la tasa de aprendizaje es
# alta, la norma crece deprisa.

# %%
class WeightNormHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        # Se vacía al empezar, por si el callback se reutiliza en otro fit.
        self.norms = []

    def on_epoch_end(self, epoch, logs=None):
        weights = self.model.get_weights()
        self.norms.append(float(np.sqrt(sum(np.sum(w**2) for w in weights))))


# %% [markdown]
# ## Registros para TensorBoard { #tensorboard-logs }
#
# TensorBoard es la herramienta de visualización de TensorFlow: lee unos
# archivos de eventos (`events.out.tfevents.*`) y dibuja sus curvas en el
# navegador. En Keras los escribe el *callback* `keras.callbacks.TensorBoard`:
# crea un subdirectorio para cada serie de registros (un *run*, en la jerga de
# TensorBoard), `train/` y `validation/`, y en cada época guarda un valor por
# métrica con la etiqueta `epoch_` delante (`epoch_loss`, `epoch_accuracy`; en
# `train/`, también `epoch_learning_rate`).
#
# > **Actualización: TensorFlow 2.21 ya no instala TensorBoard.** Desde la
# > 2.21, `pip install tensorflow` no trae el paquete `tensorboard`, y sin él
# > `keras.callbacks.TensorBoard` hace fallar `fit` con `TBNotInstalledError`.
# > Hay que instalarlo aparte, con `pip install tensorboard` (este curso ya lo
# > instala).
#
# Al *callback* solo hay que decirle en qué carpeta escribir: una carpeta
# temporal, fuera del curso, donde dejarán también sus archivos
# `ModelCheckpoint` y `CSVLogger`.

# %%
work_dir = tempfile.mkdtemp()
log_dir = os.path.join(work_dir, "logs")
tensorboard_callback = keras.callbacks.TensorBoard(log_dir=log_dir)

# %% [markdown]
# ## Todos los callbacks juntos { #all-callbacks }
#
# Los parámetros elegidos para los demás *callbacks*:
#
# - `ReduceLROnPlateau(factor=0.5, patience=2)`: si `val_loss` pasa dos épocas
#   sin mejorar, la tasa de aprendizaje se reduce a la mitad. Además, añade la
#   tasa de cada época a `logs` como `learning_rate`, y así llega al historial
#   y a los *callbacks* que vienen detrás.
# - `EarlyStopping(patience=5, restore_best_weights=True)`: si `val_loss` pasa
#   cinco épocas sin mejorar, para el entrenamiento y devuelve al modelo los
#   pesos de su mejor época. Sin `restore_best_weights`, el modelo se quedaría
#   con los pesos de la última época, que ya no es la mejor.
# - `ModelCheckpoint(save_best_only=True)`: guarda el modelo completo en
#   `best.keras` cada vez que `val_loss` mejora.
# - `CSVLogger`: una fila por época en `training.csv`.
#
# Al final de cada época, `fit` llama a los *callbacks* en el orden de la lista,
# y todos reciben el mismo diccionario `logs` y el mismo modelo. Casi siempre
# da igual el orden, pero aquí importa dos veces:
#
# - El de TensorBoard va el primero para que anote la tasa de aprendizaje con
#   la que se ha entrenado la época, antes de que `ReduceLROnPlateau` la
#   cambie. Si fuera detrás, su curva de la tasa de aprendizaje iría una época
#   por delante de la del historial.
# - `CSVLogger` va detrás de `ReduceLROnPlateau` para recibir en `logs` la
#   columna `learning_rate` que este añade.
#
# `fit` recibe hasta 100 épocas: `EarlyStopping` decidirá cuántas hacen falta.

# %%
checkpoint_path = os.path.join(work_dir, "best.keras")
csv_path = os.path.join(work_dir, "training.csv")

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
    validation_data=(x_val, y_val),
    epochs=MAX_EPOCHS,
    batch_size=128,
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

assert epochs_run < MAX_EPOCHS

# %% [markdown]
# ## Qué ha hecho cada callback { #what-each-callback-did }
#
# **`EarlyStopping`** ha cortado el entrenamiento mucho antes de las 100
# épocas. Su atributo `best_epoch` dice cuál fue la mejor (contando desde 0) y,
# como pedimos `restore_best_weights=True`, el modelo tiene ahora los pesos de
# esa época: su pérdida de validación es la mínima del historial, no la de la
# última época.

# %%
val_losses = history.history["val_loss"]
best_epoch = int(np.argmin(val_losses))
restored_val_loss, restored_val_accuracy = model.evaluate(x_val, y_val, verbose=0)

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
assert test_accuracy > 0.93

# %% [markdown]
# **`ReduceLROnPlateau`** ha ido bajando la tasa de aprendizaje por escalones
# cada vez que la validación se estancaba. El historial guarda la tasa de
# cada época en `learning_rate`.

# %%
learning_rates = history.history["learning_rate"]
distinct_rates = sorted(set(learning_rates), reverse=True)
print("learning rates used:", ", ".join(f"{lr:g}" for lr in distinct_rates))

assert np.isclose(learning_rates[0], 0.01)
assert learning_rates[-1] < learning_rates[0]
assert all(b <= a for a, b in zip(learning_rates, learning_rates[1:]))

# %% [markdown]
# **`CSVLogger`** ha escrito una fila por época con las mismas columnas que el
# historial, más el número de época. Se abre con una hoja de cálculo o con
# pandas, sin necesidad de TensorBoard.

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
# ## Leer los registros de TensorBoard { #reading-event-files }
#
# Los archivos de eventos se leen desde Python con la clase con la que la
# propia aplicación TensorBoard carga cada *run*: `EventAccumulator`, del
# módulo `plugin_event_accumulator` (la página
# [TensorBoard](../../tensorboard/#what-is-logged) explica por qué esa y no
# otra). Recibe la carpeta de una *run* y, con `Reload()`, lee todos sus
# archivos de eventos; `size_guidance={"tensors": 0}` le pide que guarde todos
# los puntos, sin quedarse con una muestra.
#
# Cada escalar se guarda como un tensor de forma `()`: `Tensors(etiqueta)`
# devuelve, para cada época, un evento con su paso (`step`) y ese tensor
# (`tensor_proto`), que `tf.make_ndarray` convierte en un array de NumPy.
# `PluginTagToContent("scalars")` dice qué etiquetas son curvas.
#
# Esta lección se queda con las etiquetas que empiezan por `epoch_`. El
# *callback* escribe también otras: en `train/`, la configuración del modelo
# con la etiqueta `keras` (la que TensorBoard dibuja en su pestaña *Graphs*);
# en `validation/`, `evaluation_loss_vs_iterations` y
# `evaluation_accuracy_vs_iterations`, las mismas métricas de validación con
# el número de lotes entrenados como paso.

# %%
for run in ("train", "validation"):
    files = glob.glob(os.path.join(log_dir, run, "events.out.tfevents.*"))
    print(f"{run}/: {len(files)} event file(s)")


def read_scalars(run_dir):
    # {etiqueta: (pasos, valores)} de las curvas epoch_* de una run.
    run = EventAccumulator(run_dir, size_guidance={"tensors": 0})  # 0: todos los puntos
    run.Reload()
    scalars = {}
    for tag in run.PluginTagToContent("scalars"):
        if tag.startswith("epoch_"):
            events = run.Tensors(tag)
            steps = [event.step for event in events]
            values = [tf.make_ndarray(event.tensor_proto).item() for event in events]
            scalars[tag] = (steps, values)
    return scalars


train_events = read_scalars(os.path.join(log_dir, "train"))
val_events = read_scalars(os.path.join(log_dir, "validation"))
print("train/:", sorted(train_events))
print("validation/:", sorted(val_events))

# %% [markdown]
# Lo que hay en los archivos es exactamente lo que devolvió `fit`: la misma
# pérdida, la misma exactitud y la misma tasa de aprendizaje, época a época.
# `epoch_loss` de `train/` es `loss` y `epoch_loss` de `validation/` es
# `val_loss`.

# %%
for tag in ("epoch_loss", "epoch_accuracy"):
    key = tag.removeprefix("epoch_")
    assert train_events[tag][0] == list(range(epochs_run))
    assert val_events[tag][0] == list(range(epochs_run))
    assert np.allclose(train_events[tag][1], history.history[key], rtol=1e-6)
    assert np.allclose(val_events[tag][1], history.history["val_" + key], rtol=1e-6)
assert np.allclose(train_events["epoch_learning_rate"][1], learning_rates, rtol=1e-6)

print("event files == history.history: OK")

# %% [markdown]
# ## Las curvas { #curves }
#
# Con los valores leídos de los archivos de eventos se dibuja lo mismo que
# enseñaría TensorBoard. A la izquierda, la pérdida de entrenamiento y de
# validación; la línea vertical marca la mejor época, la que restauró
# `EarlyStopping` y guardó `ModelCheckpoint`. En el centro, los escalones de
# `ReduceLROnPlateau` (en escala logarítmica). A la derecha, la norma de los
# pesos que apuntó el *callback* propio: se aplana a medida que baja la tasa
# de aprendizaje.

# %%
fig, (ax_loss, ax_lr, ax_norm) = plt.subplots(1, 3, figsize=(10.5, 3.4))

ax_loss.plot(*train_events["epoch_loss"], label="train")
ax_loss.plot(*val_events["epoch_loss"], label="validation")
ax_loss.axvline(best_epoch, color="gray", linestyle=":", label="best epoch")
ax_loss.set_yscale("log")
ax_loss.set_ylabel("epoch_loss")
ax_loss.legend()

ax_lr.step(*train_events["epoch_learning_rate"], where="post", color="tab:green")
ax_lr.set_yscale("log")
ax_lr.set_ylabel("epoch_learning_rate")

ax_norm.plot(range(epochs_run), norms, color="tab:purple")
ax_norm.set_ylabel("weight norm")

for ax in (ax_loss, ax_lr, ax_norm):
    ax.set_xlabel("epoch")
    ax.set_xticks(range(0, epochs_run, 5))

fig.tight_layout()
plt.show()

# %% [markdown]
# ## Abrir TensorBoard { #opening-tensorboard }
#
# El paquete `tensorboard` que necesita el *callback* instala también la
# orden `tensorboard`. Para ver los registros, se apunta a la carpeta que
# contiene `train/` y `validation/` (aquí, `log_dir`; en un proyecto real, una
# carpeta fija como `logs/`):
#
# ```bash
# tensorboard --logdir logs
# ```
#
# y abrir en el navegador la dirección que indica, normalmente
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
# Además de las métricas de cada época, `keras.callbacks.TensorBoard` puede
# registrar histogramas de los pesos (`histogram_freq=1`) o métricas por lote
# (`update_freq`).
#
# ## Resumen { #summary }
#
# - Un **callback** es un objeto al que `fit` llama en puntos fijos del
#   entrenamiento. Se pasan en una lista, `fit(..., callbacks=[...])`, y todos
#   reciben el mismo diccionario `logs` con las métricas.
# - `EarlyStopping` para el entrenamiento cuando la métrica vigilada deja de
#   mejorar; con `restore_best_weights=True`, el modelo se queda con los pesos
#   de la mejor época. `ModelCheckpoint` con `save_best_only=True` guarda ese
#   mejor modelo en disco.
# - `ReduceLROnPlateau` baja la tasa de aprendizaje cuando el progreso se
#   estanca, y `CSVLogger` deja las métricas en un CSV.
# - Un **callback propio** hereda de `keras.callbacks.Callback` y reescribe
#   los métodos que necesita (`on_train_begin`, `on_epoch_end`...), con acceso
#   a `self.model` y a `logs`.
# - `keras.callbacks.TensorBoard` escribe archivos de eventos con etiquetas
#   como `epoch_loss` en `train/` y `validation/`. Desde TensorFlow 2.21
#   necesita `pip install tensorboard`. Desde Python, los archivos se leen con
#   `EventAccumulator`, la clase con la que TensorBoard carga cada *run*, y
#   `tf.make_ndarray`.
