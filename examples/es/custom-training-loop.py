# ---
# jupyter:
#   course:
#     after: [custom-training-loop.md]
# ---

# %% [markdown]
# # Un bucle de entrenamiento propio { #custom-training-loop }
#
# `fit` esconde un bucle: lotes, pérdida, gradientes, paso del optimizador,
# métricas y validación en cada época. En esta lección lo escribes entero para
# un clasificador de dígitos y compruebas, con números, que hace lo mismo que
# `fit`:
#
# - `keras.ops`, las operaciones tipo NumPy de Keras 3, comparadas con NumPy;
# - un bucle propio con `tf.GradientTape`, un optimizador, métricas que se
#   actualizan y se ponen a cero en cada época y validación al final de cada
#   una;
# - el mismo entrenamiento con `fit`, primero con el paso de Keras y después
#   con un `train_step` propio, y las pérdidas de cada época comparadas con
#   una tolerancia relativa;
# - `EarlyStopping` y un *callback* propio trabajando con ese `train_step`, y
#   la evaluación final con un conjunto de prueba.
#
# Es la versión completa de las páginas
# [keras.ops y métricas con estado](../../keras-ops/) y
# [Un bucle de entrenamiento propio](../../custom-training-loop/), que explican
# cada pieza, con los mismos datos, los mismos pesos iniciales y las mismas
# cifras; aquí se añaden las curvas y un *callback* propio.
#
# **Qué depende del backend.** El modelo, `keras.ops`, las métricas y la
# validación son código neutral, que funciona igual con TensorFlow, JAX o
# PyTorch. Los gradientes con `tf.GradientTape` son de TensorFlow: las
# secciones marcadas «(TensorFlow)» solo funcionan con ese backend, el del
# curso, y son las únicas que usan `tf`.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from keras import ops
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
keras.utils.set_random_seed(SEED)  # Python, NumPy y el backend a la vez

print("Keras", keras.__version__, "| backend:", keras.backend.backend())

# %% [markdown]
# ## keras.ops frente a NumPy { #keras-ops }
#
# `keras.ops` tiene casi todas las funciones de NumPy, con los mismos nombres
# y argumentos, más las de redes neuronales (`softmax`, `relu`,
# `logsumexp`...). No son una copia exacta: siguen sus propias reglas de
# tipos. Reciben arrays de NumPy o tensores y devuelven un tensor del
# backend; `ops.convert_to_numpy` lo devuelve a NumPy. La celda calcula cada
# operación de las dos maneras sobre el mismo array y comprueba que coinciden.
# Para `softmax` y `logsumexp`, que NumPy no trae, la versión de NumPy es su
# fórmula.

# %%
rng = np.random.default_rng(SEED)
a = rng.normal(size=(4, 3)).astype("float32")
exp_a = np.exp(a)

pairs = {
    "matmul(a, a.T)": (ops.matmul(a, ops.transpose(a)), a @ a.T),
    "mean(a, axis=0)": (ops.mean(a, axis=0), a.mean(axis=0)),
    "argmax(a, axis=1)": (ops.argmax(a, axis=1), a.argmax(axis=1)),
    "softmax(a)": (ops.softmax(a), exp_a / exp_a.sum(axis=1, keepdims=True)),
    "logsumexp(a, axis=1)": (ops.logsumexp(a, axis=1), np.log(exp_a.sum(axis=1))),
}
for name, (with_ops, with_numpy) in pairs.items():
    with_ops = ops.convert_to_numpy(with_ops)
    print(f"{name:<22} {str(with_ops.shape):<7} same as NumPy: {np.allclose(with_ops, with_numpy, atol=1e-6)}")
    assert with_ops.shape == with_numpy.shape
    assert np.allclose(with_ops, with_numpy, atol=1e-6)

# %% [markdown]
# Con esas operaciones también se escribe una pérdida. La entropía cruzada
# dispersa es la media de −log de la probabilidad que el modelo da a la clase
# correcta; `take_along_axis` elige esa probabilidad en cada fila. Da lo mismo
# que la pérdida de Keras con unas probabilidades cualesquiera.

# %%
def sparse_cross_entropy(labels, probabilities):
    picked = ops.take_along_axis(probabilities, ops.expand_dims(labels, axis=-1), axis=-1)
    return -ops.mean(ops.log(picked))


labels = rng.integers(0, 3, size=4)
probabilities = ops.softmax(a)
mine = float(sparse_cross_entropy(labels, probabilities))
keras_value = float(keras.losses.SparseCategoricalCrossentropy()(labels, probabilities))
print(f"sparse_cross_entropy: {mine:.6f} | keras.losses: {keras_value:.6f}")

assert abs(mine - keras_value) < 1e-6

# %% [markdown]
# ## Los datos { #the-data }
#
# Los dígitos de scikit-learn, escalados a [0, 1] y repartidos en tres
# conjuntos: entrenamiento (60 %), validación (20 %), que se mide al final de
# cada época, y prueba (20 %), que no se toca hasta el final. La prueba es la
# misma de Tu primer modelo.

# %%
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
x_train, x_test, y_train, y_test = train_test_split(
    x, digits.target, test_size=0.2, random_state=SEED, stratify=digits.target
)
x_train, x_val, y_train, y_val = train_test_split(
    x_train, y_train, test_size=0.25, random_state=SEED, stratify=y_train
)
print("train:", x_train.shape, "| val:", x_val.shape, "| test:", x_test.shape)

assert len(x_train) + len(x_val) + len(x_test) == 1797

# %% [markdown]
# ## El modelo, neutral { #the-model }
#
# Una subclase de `keras.Model` con dos capas densas y nada de TensorFlow. No
# tiene capas aleatorias (un `Dropout` sortearía sus ceros de otra forma en
# cada entrenamiento). Los pesos se crean en la primera llamada, y
# `get_weights` guarda los iniciales: todos los entrenamientos de la lección
# empiezan desde ellos.

# %%
class DigitsModel(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = keras.layers.Dense(32, activation="relu", name="hidden")
        self.output_layer = keras.layers.Dense(10, activation="softmax", name="output")

    def call(self, inputs):
        return self.output_layer(self.hidden(inputs))


keras.utils.set_random_seed(SEED)  # los mismos pesos iniciales que en la página
reference = DigitsModel(name="reference")
_ = reference(x_train[:1])  # la primera llamada crea los pesos
initial_weights = reference.get_weights()  # una copia, en arrays de NumPy


def new_model(name, model_class=DigitsModel):
    model = model_class(name=name)  # un modelo nuevo, con los pesos iniciales comunes
    _ = model(x_train[:1])
    model.set_weights(initial_weights)
    return model


print([tuple(w.shape) for w in initial_weights])

assert sum(w.size for w in initial_weights) == 64 * 32 + 32 + 32 * 10 + 10

# %% [markdown]
# ## Pérdida, métricas y validación, neutrales { #metrics-and-validation }
#
# El bucle lleva cuatro métricas, con los nombres que `fit` usa en su
# historial. Cada una guarda un estado: `update_state` le añade un lote,
# `result` devuelve el valor acumulado y `reset_state` la vacía al empezar
# cada época. La pérdida de cada lote se añade con `sample_weight` igual al
# tamaño del lote, como hace `fit`: así la pérdida de la época es la media de
# las imágenes, y el último lote, más pequeño, pesa lo que le corresponde.
#
# `batches` parte los datos en lotes, siempre en el mismo orden, y `validate`
# recorre la validación sin calcular gradientes. Con el modelo sin entrenar, la
# pérdida de validación está cerca de −log 0,1 ≈ 2,30 y la exactitud, cerca de
# 0,1: el modelo todavía no distingue un dígito de otro.

# %%
BATCH_SIZE = 64
EPOCHS = 10
LEARNING_RATE = 0.01

loss_fn = keras.losses.SparseCategoricalCrossentropy()
train_loss = keras.metrics.Mean(name="loss")
train_accuracy = keras.metrics.SparseCategoricalAccuracy(name="accuracy")
val_loss = keras.metrics.Mean(name="val_loss")
val_accuracy = keras.metrics.SparseCategoricalAccuracy(name="val_accuracy")
METRICS = [train_loss, train_accuracy, val_loss, val_accuracy]


def batches(x, y, batch_size=BATCH_SIZE):
    for start in range(0, len(x), batch_size):
        yield x[start : start + batch_size], y[start : start + batch_size]


def validate(model, loss=loss_fn):
    for x_batch, y_batch in batches(x_val, y_val):
        y_pred = model(x_batch, training=False)
        val_loss.update_state(loss(y_batch, y_pred), sample_weight=ops.shape(x_batch)[0])
        val_accuracy.update_state(y_batch, y_pred)


validate(reference)
print(f"untrained: val_loss = {float(val_loss.result()):.3f} | val_accuracy = {float(val_accuracy.result()):.3f}")

assert 2.0 < float(val_loss.result()) < 2.7
assert float(val_accuracy.result()) < 0.3

# %% [markdown]
# ## El bucle (TensorFlow) { #the-loop }
#
# El paso de entrenamiento es lo que necesita TensorFlow (aquí y, más abajo,
# en `train_step`): dentro de `tf.GradientTape` el modelo predice con `training=True` y se
# calcula la pérdida del lote; `tape.gradient` da sus gradientes respecto a las
# variables entrenables, y `optimizer.apply` da el paso del optimizador (es lo
# mismo que `optimizer.apply_gradients(zip(grads, variables))`). `@tf.function`
# compila el paso en un grafo, como hace `fit` con el suyo.
#
# `train_by_hand` es el bucle completo: en cada época pone a cero las métricas,
# da un paso por lote, valida y apunta los resultados. Recibe el modelo, el
# optimizador y la pérdida, porque más abajo lo vas a ejecutar con otra
# pérdida.
#
# <!-- tensorflow-only: next "calcula los gradientes con `tf.GradientTape` y compila el paso con `tf.function`, de TensorFlow" -->

# %%
import tensorflow as tf


def train_by_hand(model, optimizer, loss=loss_fn, epochs=EPOCHS):
    @tf.function  # un grafo por entrenamiento, como fit
    def train_step(x_batch, y_batch):
        with tf.GradientTape() as tape:
            y_pred = model(x_batch, training=True)
            batch_loss = loss(y_batch, y_pred)
        grads = tape.gradient(batch_loss, model.trainable_variables)
        optimizer.apply(grads, model.trainable_variables)
        train_loss.update_state(batch_loss, sample_weight=ops.shape(x_batch)[0])
        train_accuracy.update_state(y_batch, y_pred)

    history = {metric.name: [] for metric in METRICS}
    for epoch in range(epochs):
        for metric in METRICS:
            metric.reset_state()  # cada época empieza de cero
        for x_batch, y_batch in batches(x_train, y_train):
            train_step(x_batch, y_batch)
        validate(model, loss)
        for metric in METRICS:
            history[metric.name].append(float(metric.result()))
    return history


hand_model = new_model("hand")
hand_history = train_by_hand(hand_model, keras.optimizers.Adam(learning_rate=LEARNING_RATE))

print("epoch   loss    accuracy  val_loss  val_accuracy")
for epoch in range(EPOCHS):
    row = [hand_history[key][epoch] for key in ["loss", "accuracy", "val_loss", "val_accuracy"]]
    print(f"{epoch + 1:>5}  " + "  ".join(f"{value:8.4f}" for value in row))

assert all(later < earlier for earlier, later in zip(hand_history["loss"], hand_history["loss"][1:]))
assert hand_history["loss"][-1] < hand_history["loss"][0] / 5
assert hand_history["val_accuracy"][-1] > 0.9

# %% [markdown]
# La pérdida de entrenamiento baja en cada época y, al final, el modelo acierta
# más del 90 % de las imágenes de validación.

# %% [markdown]
# ## El mismo entrenamiento con fit { #fit }
#
# Ahora, `fit` con el paso de entrenamiento de Keras. Para comparar época a
# época, todo tiene que ser igual: los mismos datos, los mismos pesos
# iniciales (`new_model` los copia con `set_weights`), un optimizador nuevo con
# la misma tasa de aprendizaje y los lotes en el mismo orden: `shuffle=False`,
# porque `fit`, de forma predeterminada, los baraja en cada época. `compile` y `fit` son
# neutrales: esta celda funciona con cualquier backend.

# %%
keras_model = new_model("keras_fit")
keras_model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
keras_history = keras_model.fit(
    x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, shuffle=False,
    validation_data=(x_val, y_val), verbose=0,
).history
print(sorted(keras_history))

assert sorted(keras_history) == ["accuracy", "loss", "val_accuracy", "val_loss"]

# %% [markdown]
# ## Un train_step propio dentro de fit (TensorFlow) { #train-step }
#
# El punto intermedio entre `fit` y un bucle propio: escribir solo el paso y
# dejar el bucle a `fit`, que sigue llamando a los *callbacks* y llevando el
# historial. `DigitsModelWithSteps` hereda el modelo y añade:
#
# - `train_step`, el paso de entrenamiento del bucle, con la pérdida y el
#   optimizador del modelo (solo TensorFlow, por `tf.GradientTape`);
# - `test_step`, el paso de validación, que `fit` llama con `validation_data`
#   y que `evaluate` también usa (neutral: no calcula gradientes);
# - la propiedad `metrics`, la lista de métricas que `fit` y `evaluate` ponen a
#   cero al empezar cada época y cada validación.
#
# `compile` solo recibe el optimizador: la pérdida y las métricas las lleva el
# modelo.
#
# <!-- tensorflow-only: next "su `train_step` calcula los gradientes con `tf.GradientTape`, de TensorFlow" -->

# %%
class DigitsModelWithSteps(DigitsModel):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.loss_fn = keras.losses.SparseCategoricalCrossentropy()
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.accuracy_tracker = keras.metrics.SparseCategoricalAccuracy(name="accuracy")

    @property
    def metrics(self):
        return [self.loss_tracker, self.accuracy_tracker]

    def train_step(self, data):  # solo TensorFlow: tf.GradientTape
        x_batch, y_batch = data
        with tf.GradientTape() as tape:
            y_pred = self(x_batch, training=True)
            loss = self.loss_fn(y_batch, y_pred)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply(grads, self.trainable_variables)
        return self.update_metrics(x_batch, y_batch, y_pred, loss)

    def test_step(self, data):  # neutral: sin gradientes
        x_batch, y_batch = data
        y_pred = self(x_batch, training=False)
        return self.update_metrics(x_batch, y_batch, y_pred, self.loss_fn(y_batch, y_pred))

    def update_metrics(self, x_batch, y_batch, y_pred, loss):
        self.loss_tracker.update_state(loss, sample_weight=ops.shape(x_batch)[0])
        self.accuracy_tracker.update_state(y_batch, y_pred)
        return {"loss": self.loss_tracker.result(), "accuracy": self.accuracy_tracker.result()}


steps_model = new_model("steps_fit", DigitsModelWithSteps)
steps_model.compile(optimizer=keras.optimizers.Adam(learning_rate=LEARNING_RATE))
steps_history = steps_model.fit(
    x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, shuffle=False,
    validation_data=(x_val, y_val), verbose=0,
).history
print(sorted(steps_history), [metric.name for metric in steps_model.metrics])

assert sorted(steps_history) == sorted(hand_history)

# %% [markdown]
# ## ¿Los mismos números? { #same-numbers }
#
# Las pérdidas de cada época de los tres entrenamientos se comparan con una
# **tolerancia relativa de 10⁻⁴**. En otra máquina, con otra versión de
# TensorFlow o con `jit_compile=True` pueden cambiar las últimas cifras
# decimales, algo normal en cálculos con `float32`; la tolerancia admite esas
# diferencias y no un error real. Las exactitudes cuentan imágenes
# acertadas: pueden diferir, como mucho, en una.
#
# <!-- tensorflow-only: next "compara con el bucle y el `train_step` de arriba, escritos con `tf.GradientTape`" -->

# %%
TOLERANCE = 1e-4  # diferencia relativa admitida en las pérdidas


def relative_gap(values, reference_values):
    values, reference_values = np.array(values), np.array(reference_values)
    return float(np.max(np.abs(values - reference_values) / np.abs(reference_values)))


print("                 loss      val_loss   accuracy (images)  val_accuracy (images)")
for name, other in [("fit", keras_history), ("train_step", steps_history)]:
    loss_gap = relative_gap(other["loss"], hand_history["loss"])
    val_loss_gap = relative_gap(other["val_loss"], hand_history["val_loss"])
    images = np.max(np.abs(np.array(other["accuracy"]) - hand_history["accuracy"])) * len(x_train)
    val_images = np.max(np.abs(np.array(other["val_accuracy"]) - hand_history["val_accuracy"])) * len(x_val)
    print(f"{name:<12} {loss_gap:10.2e} {val_loss_gap:10.2e} {images:10.0f} {val_images:18.0f}")
    assert loss_gap <= TOLERANCE and val_loss_gap <= TOLERANCE
    assert round(images) <= 1 and round(val_images) <= 1

weight_gap = max(np.max(np.abs(a - b)) for a, b in zip(hand_model.get_weights(), steps_model.get_weights()))
print(f"largest difference between the final weights (hand loop, train_step): {weight_gap:.2e}")

# %% [markdown]
# Las diferencias son cero o están en las últimas cifras: los tres caminos
# hacen las mismas operaciones en el mismo orden. La figura pone los tres
# entrenamientos juntos: las líneas son el bucle propio y los marcadores, los
# dos `fit`, que caen encima.
#
# <!-- tensorflow-only: next "dibuja el bucle y el `train_step` de arriba, escritos con `tf.GradientTape`" -->

# %%
epochs = np.arange(1, EPOCHS + 1)
fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 3.8))
for ax, metric in [(ax_loss, "loss"), (ax_acc, "accuracy")]:
    for key, color in [(metric, "tab:blue"), (f"val_{metric}", "tab:orange")]:
        ax.plot(epochs, hand_history[key], color=color, label=f"{key} (hand loop)")
        ax.plot(epochs, keras_history[key], "o", color=color, fillstyle="none", label=f"{key} (fit)")
        ax.plot(epochs, steps_history[key], "x", color=color, label=f"{key} (train_step)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    ax.legend(fontsize=7)
ax_loss.set_yscale("log")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Callbacks con el train_step propio (TensorFlow) { #callbacks }
#
# Como el bucle sigue siendo el de `fit`, los *callbacks* funcionan igual que
# siempre. Reciben en `logs` lo que devuelven `train_step` y `test_step`, este
# último con `val_` delante. Aquí van dos:
#
# - `EarlyStopping` vigila `val_loss`, que calcula `test_step`, para cuando
#   lleva dos épocas sin mejorar y devuelve al modelo los pesos de la mejor;
# - `GapLogger`, un *callback* propio, apunta en cada época la distancia entre
#   la pérdida de validación y la de entrenamiento, que crece cuando el modelo
#   empieza a sobreajustar.
#
# Esta vez `fit` baraja los lotes, como hace de forma predeterminada, y la
# tasa de aprendizaje es 0,03 para que la validación toque fondo en pocas
# épocas: es el entrenamiento de la página, con la misma semilla.
#
# <!-- tensorflow-only: next "entrena con el `train_step` de arriba, escrito con `tf.GradientTape`" -->

# %%
class GapLogger(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.gaps = []

    def on_epoch_end(self, epoch, logs=None):
        self.gaps.append(logs["val_loss"] - logs["loss"])


MAX_EPOCHS = 50
keras.utils.set_random_seed(SEED)  # el mismo barajado que en la página
early_model = new_model("early_stopping", DigitsModelWithSteps)
early_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.03))
early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
gap_logger = GapLogger()
early_history = early_model.fit(
    x_train, y_train, batch_size=BATCH_SIZE, epochs=MAX_EPOCHS,
    validation_data=(x_val, y_val), callbacks=[early_stopping, gap_logger], verbose=0,
)

epochs_run = len(early_history.epoch)
best_epoch = int(np.argmin(early_history.history["val_loss"]))  # contando desde 0
print(f"epochs run: {epochs_run} | best epoch: {best_epoch + 1}")
print("val_loss - loss, first and last epochs:", [round(gap, 3) for gap in gap_logger.gaps[:3]], "...",
      [round(gap, 3) for gap in gap_logger.gaps[-3:]])

assert epochs_run < MAX_EPOCHS
assert early_stopping.best_epoch == best_epoch
assert len(gap_logger.gaps) == epochs_run
assert gap_logger.gaps[0] < 0 < gap_logger.gaps[-1]

# %% [markdown]
# La curva de validación baja, toca fondo y deja de mejorar; la línea vertical
# marca la mejor época, cuyos pesos tiene ahora el modelo. A la derecha, lo
# que apuntó `GapLogger`: la distancia entre validación y entrenamiento, que
# empieza negativa (en la primera época la pérdida de entrenamiento es la
# media de una época en la que el modelo aún aprendía) y crece después.
#
# <!-- tensorflow-only: next "dibuja el entrenamiento de arriba, hecho con `tf.GradientTape`" -->

# %%
epochs = np.arange(1, epochs_run + 1)
fig, (ax_loss, ax_gap) = plt.subplots(1, 2, figsize=(10, 3.6))
ax_loss.plot(epochs, early_history.history["loss"], label="loss")
ax_loss.plot(epochs, early_history.history["val_loss"], label="val_loss")
ax_loss.axvline(best_epoch + 1, color="gray", linestyle=":", label="best epoch")
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epoch")
ax_loss.legend()
ax_gap.plot(epochs, gap_logger.gaps, color="tab:green")
ax_gap.axhline(0, color="gray", linewidth=0.8)
ax_gap.set_xlabel("epoch")
ax_gap.set_ylabel("val_loss - loss")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Evaluar con el conjunto de prueba { #evaluation }
#
# `evaluate` también usa `test_step`, así que devuelve las claves de
# `update_metrics`. Con los datos de validación da la menor `val_loss` del
# historial, la de la mejor época; con el conjunto de prueba, que nada ha
# tocado hasta ahora, da la medida final, la misma de la página. La exactitud
# se comprueba además a mano con `predict` y `ops.argmax`.
#
# <!-- tensorflow-only: next "evalúa el modelo entrenado arriba con `tf.GradientTape`" -->

# %%
val_results = early_model.evaluate(x_val, y_val, batch_size=BATCH_SIZE, verbose=0, return_dict=True)
test_results = early_model.evaluate(x_test, y_test, batch_size=BATCH_SIZE, verbose=0, return_dict=True)
predicted = ops.convert_to_numpy(ops.argmax(early_model.predict(x_test, verbose=0), axis=1))
by_hand = float(np.mean(predicted == y_test))

print(sorted(test_results))
print(f"val_loss now: {val_results['loss']:.4f} | best val_loss: {min(early_history.history['val_loss']):.4f}")
print(f"test: loss = {test_results['loss']:.3f} | accuracy = {test_results['accuracy']:.3f} | by hand = {by_hand:.3f}")

assert np.isclose(val_results["loss"], min(early_history.history["val_loss"]), rtol=TOLERANCE)
assert abs(by_hand - test_results["accuracy"]) < 1e-6
assert test_results["accuracy"] > 0.93

# %% [markdown]
# ## Resumen { #summary }
#
# - `keras.ops` tiene casi todas las funciones de NumPy, con los mismos
#   nombres y argumentos, y las de redes neuronales; lo escrito con ellas (el
#   modelo, una pérdida, la validación) funciona con cualquier backend.
# - Un bucle propio: en cada época, poner a cero las métricas, dar un paso por
#   lote (predicción, pérdida, gradientes con `tf.GradientTape`,
#   `optimizer.apply`, métricas) y validar sin gradientes. Los gradientes son
#   lo único que ata el bucle a TensorFlow.
# - La pérdida de la época pondera cada lote por su tamaño (`sample_weight`),
#   como `fit`.
# - Con los mismos datos, pesos iniciales, orden de los lotes y optimizador,
#   el bucle, `fit` y un `train_step` propio dan las mismas pérdidas, dentro
#   de una tolerancia relativa de 10⁻⁴ que admite diferencias en las últimas
#   cifras decimales.
# - Un `train_step` (y un `test_step`) propio cambia el paso sin perder `fit`:
#   los *callbacks* reciben lo que devuelve, y `evaluate` usa `test_step`.
#
# Para seguir practicando: añade una capa `Dropout` al modelo y comprueba que
# el bucle y `fit` dejan de coincidir (cada uno sortea sus ceros); cambia
# `Adam` por `SGD` con `momentum=0.9` en los tres entrenamientos; o, con el
# backend de JAX, escribe el paso de entrenamiento con `jax.value_and_grad` y
# `model.stateless_call`, como en la guía de keras.io
# [Writing a training loop from scratch in JAX](https://keras.io/guides/writing_a_custom_training_loop_in_jax/).
