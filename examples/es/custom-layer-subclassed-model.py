# ---
# jupyter:
#   course:
#     after: [custom-layers.md, subclassing.md, subclassing-costs.md, saving.md]
#     teaches: [keras.ops.expand_dims, keras.ops.sum, keras.ops.square, keras.ops.exp, keras.ops.all]
# ---

# %% [markdown]
# # Una capa propia dentro de un modelo por subclases { #custom-layer-subclassed-model }
#
# Con las capas que trae Keras y las API `Sequential` y funcional se resuelve
# la mayoría de los problemas. Pero tarde o temprano querrás algo que no está en
# el catálogo: una operación nueva con sus propios parámetros entrenables, o un
# modelo cuya propagación hacia adelante depende de si estás entrenando o
# prediciendo. Para lo primero se escribe **una capa propia** (una subclase de
# `keras.layers.Layer`); para lo segundo, **un modelo por subclases** (una
# subclase de `keras.Model`).
#
# En esta lección vas a hacer las dos cosas y a juntarlas: una red de
# **funciones de base radial** (RBF), un clásico que Keras no incluye, que
# separa las dos medias lunas de `make_moons`. Después vas a ver qué ha
# aprendido la capa, guardar el modelo en un archivo `.keras` y comprobar que,
# al cargarlo, predice exactamente lo mismo.
#
# Necesitas [Capas propias](../../custom-layers/#custom-layers),
# [Modelos por subclases](../../subclassing/#subclassing),
# [El precio de las subclases](../../subclassing-costs/#serialization) y, para
# el final, [Guardar y cargar modelos](../../saving/#custom-models).

# %%
import json
import os
import tempfile
import zipfile

import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split

# Fija a la vez las semillas de Python, NumPy y del backend (y, con ellas, los
# pesos iniciales de las capas), como en las páginas del curso: quien
# descargue el cuaderno obtiene los mismos números.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__, "| backend", keras.backend.backend())

# %% [markdown]
# ## Los datos { #the-data }
#
# `make_moons` de scikit-learn genera dos medias lunas entrelazadas, una por
# clase, con algo de ruido: ninguna recta las separa, así que el modelo tiene
# que aprender una frontera curva. Se generan aquí mismo, sin descargar nada.
#
# Una cuarta parte de los puntos se reserva para evaluar, y las dos
# coordenadas se **estandarizan** (media 0, desviación típica 1) con la media
# y la desviación del conjunto de entrenamiento. Así los datos quedan más o
# menos dentro del cuadrado [−2, 2] × [−2, 2], y eso sirve para decidir dónde
# colocar al principio los centros de la capa.

# %%
x, y = make_moons(n_samples=600, noise=0.2, random_state=0)
x_train, x_test, y_train, y_test = train_test_split(
    x, y, test_size=0.25, stratify=y, random_state=0
)

mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = ((x_train - mean) / std).astype("float32")
x_test = ((x_test - mean) / std).astype("float32")
y_train = y_train.astype("float32")
y_test = y_test.astype("float32")

print("x_train:", x_train.shape, "| x_test:", x_test.shape)
print("mean(y_train) =", y_train.mean(), "| mean(y_test) =", y_test.mean())

assert x_train.shape == (450, 2) and x_test.shape == (150, 2)
assert np.allclose(x_train.mean(axis=0), 0.0, atol=1e-5)
assert y_train.mean() == y_test.mean() == 0.5

# %% [markdown]
# ## Una capa propia: funciones de base radial { #rbf-layer }
#
# Cada una de las *k* neuronas de una capa RBF tiene un **centro**
# **c**ⱼ y una **anchura** σⱼ, y responde con una campana de Gauss según
# la distancia del punto **x** a su centro:
#
# φⱼ(**x**) = exp(−‖**x** − **c**ⱼ‖² / (2σⱼ²))
#
# La respuesta vale 1 justo en el centro y cae hacia 0 al alejarse de él,
# tanto más deprisa cuanto menor es σⱼ. Centros y anchuras son parámetros
# entrenables: el descenso del gradiente los moverá hacia donde ayuden a
# clasificar.
#
# La capa reparte el trabajo como en
# [Capas propias](../../custom-layers/#custom-layer): los hiperparámetros en
# `__init__`, los pesos en `build` (su forma depende del número de
# coordenadas de la entrada), el cálculo en `call`, con `keras.ops`
# (`expand_dims` añade un eje, `sum`, `square` y `exp` hacen lo que dicen sus
# nombres), y los argumentos del constructor en `get_config`. Una sola
# novedad: la capa guarda el logaritmo de las anchuras y no las anchuras
# mismas, así que σⱼ = exp(log σⱼ) es siempre positiva, la entrene como la
# entrene el optimizador.
#
# El decorador `@keras.saving.register_keras_serializable` apunta la clase en
# el registro de Keras con el nombre `course>RBF`; hará falta al cargar el
# modelo.

# %%
@keras.saving.register_keras_serializable(package="course")
class RBF(keras.layers.Layer):
    # Funciones de base radial gaussianas con centros y anchuras entrenables.

    def __init__(self, units, initial_width=1.0, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.initial_width = initial_width

    def build(self, input_shape):
        # Los centros se sortean con la misma distribución que los datos
        # estandarizados; las anchuras empiezan todas en initial_width.
        self.centers = self.add_weight(
            shape=(self.units, input_shape[-1]),
            initializer=keras.initializers.RandomNormal(stddev=1.0),
            name="centers",
        )
        self.log_widths = self.add_weight(
            shape=(self.units,),
            initializer=keras.initializers.Constant(np.log(self.initial_width)),
            name="log_widths",
        )

    def call(self, inputs):
        # (lote, 1, d) - (k, d) -> (lote, k, d): cada punto frente a cada centro.
        diff = keras.ops.expand_dims(inputs, axis=1) - self.centers
        squared_distances = keras.ops.sum(keras.ops.square(diff), axis=-1)
        widths = keras.ops.exp(self.log_widths)
        return keras.ops.exp(-squared_distances / (2.0 * keras.ops.square(widths)))

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "initial_width": self.initial_width})
        return config


# %% [markdown]
# Primero, la capa sola, con tres puntos. Antes de la primera llamada no tiene
# pesos; al llamarla, `build` los crea con la forma adecuada: 4 centros de 2
# coordenadas y 4 anchuras. Cada salida está entre 0 y 1, como corresponde a
# una campana de Gauss.
#
# `get_config` y `from_config` hacen el viaje de ida y vuelta: de la
# configuración sale una capa nueva, igual pero sin pesos todavía.

# %%
probe = RBF(4, name="probe")
print("built:", probe.built, "| weights:", probe.weights)

activations = probe(x_train[:3])
print("built:", probe.built, "| output:", tuple(activations.shape))
for weight in probe.weights:
    print(" ", weight.path, tuple(weight.shape))

config = probe.get_config()
print({key: config[key] for key in ("name", "units", "initial_width")})
clone = RBF.from_config(config)

assert not clone.built and clone.units == 4
assert tuple(activations.shape) == (3, 4)
assert bool(keras.ops.all(activations > 0.0)) and bool(keras.ops.all(activations <= 1.0))

# %% [markdown]
# ## Un modelo por subclases { #subclassed-model }
#
# El modelo encadena tres capas: la RBF, un [`Dropout`](../../regularization/#dropout)
# y una neurona sigmoide que convierte las activaciones RBF en la
# probabilidad de la clase 1. Como en
# [Modelos por subclases](../../subclassing/#model-subclass), crea las capas
# en `__init__` y pasa el argumento `training` de su `call` al `Dropout`.
# Escribe también `get_config`: en una subclase de `keras.Model`, la
# configuración automática recoge los valores predeterminados del
# constructor, no los que le pasas, como viste en
# [El precio de las subclases](../../subclassing-costs/#serialization).

# %%
@keras.saving.register_keras_serializable(package="course")
class RBFClassifier(keras.Model):
    # Capa RBF + Dropout + una neurona sigmoide: un clasificador binario.

    def __init__(self, units=12, dropout=0.2, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.dropout_rate = dropout
        self.rbf = RBF(units, name="rbf")
        self.dropout = keras.layers.Dropout(dropout, name="dropout")
        self.classifier = keras.layers.Dense(1, activation="sigmoid", name="classifier")

    def call(self, inputs, training=False):
        features = self.rbf(inputs)
        features = self.dropout(features, training=training)
        return self.classifier(features)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "dropout": self.dropout_rate})
        return config


model = RBFClassifier(units=12, dropout=0.2, name="rbf_classifier")

# %% [markdown]
# El efecto de `training` se ve antes incluso de entrenar. Con
# `training=True`, el `Dropout` apaga cada vez un 20 % distinto de las
# activaciones RBF, así que dos llamadas con los mismos puntos dan resultados
# distintos. Con `training=False`, el valor predeterminado, el modelo es
# determinista.
#
# Esta primera llamada construye además el modelo y todas sus capas. La celda
# copia los centros iniciales para ver después cuánto se han movido.

# %%
sample = x_test[:5]
train_mode = [keras.ops.convert_to_numpy(model(sample, training=True)) for _ in range(2)]
infer_mode = [keras.ops.convert_to_numpy(model(sample, training=False)) for _ in range(2)]
initial_centers = keras.ops.convert_to_numpy(model.rbf.centers).copy()

train_gap = float(np.max(np.abs(train_mode[0] - train_mode[1])))
infer_gap = float(np.max(np.abs(infer_mode[0] - infer_mode[1])))
print(f"training=True:  max |call 1 - call 2| = {train_gap:.4f}")
print(f"training=False: max |call 1 - call 2| = {infer_gap:.4f}")

assert train_gap > 0.0
assert infer_gap == 0.0

# %% [markdown]
# ## Entrenar y evaluar { #training }
#
# Un modelo por subclases se compila y se entrena como cualquier otro: `fit`
# lo llama con `training=True` en cada lote y `evaluate`, con `training=False`.
# La pérdida es la entropía cruzada binaria, propia de una salida sigmoide, y
# la tasa de aprendizaje es alta para que 40 épocas basten.

# %%
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.05),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
history = model.fit(x_train, y_train, epochs=40, batch_size=64, verbose=0)
losses = history.history["loss"]
test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)

print(f"loss: {losses[0]:.3f} -> {losses[-1]:.3f}")
print(f"test accuracy: {test_accuracy:.3f}")

assert losses[-1] < losses[0] / 2
assert test_accuracy > 0.9

# %% [markdown]
# ## Los pesos de la capa { #layer-weights }
#
# Los pesos del modelo son los de sus capas, y su ruta sigue el anidamiento:
# modelo, capa y peso (`rbf_classifier/rbf/centers`). La capa RBF aporta
# 12 × 2 coordenadas de centros y 12 anchuras; la neurona de salida, 12 pesos
# y un sesgo. El `Dropout` no tiene pesos.

# %%
for weight in model.weights:
    print(f"{weight.path:<36} {tuple(weight.shape)}")
print("count_params():", model.count_params())

centers = keras.ops.convert_to_numpy(model.rbf.centers)
widths = np.exp(keras.ops.convert_to_numpy(model.rbf.log_widths))
moved = np.linalg.norm(centers - initial_centers, axis=1)
print(f"σ: min {widths.min():.2f}, max {widths.max():.2f} (initial 1.0)")
print(f"mean |c - c_initial| = {moved.mean():.2f}")

assert model.count_params() == 12 * 2 + 12 + 12 + 1
assert centers.shape == (12, 2) and widths.shape == (12,)
assert np.all(widths > 0.0)
assert moved.mean() > 0.1

# %% [markdown]
# ## La frontera de decisión { #decision-boundary }
#
# La figura evalúa el modelo en una rejilla que cubre el plano y colorea la
# probabilidad de la clase 1; la línea negra es la frontera de decisión
# (probabilidad 0,5). Encima, los puntos de prueba y los centros de la capa:
# las cruces grises marcan dónde empezaron y las flechas, cómo se han movido
# al entrenar. Cada círculo discontinuo tiene como radio la anchura σⱼ
# aprendida.

# %%
grid_x1, grid_x2 = np.meshgrid(np.linspace(-2.5, 2.5, 150), np.linspace(-2.5, 2.5, 150))
grid = np.stack([grid_x1.ravel(), grid_x2.ravel()], axis=1).astype("float32")
probabilities = model.predict(grid, batch_size=4096, verbose=0).reshape(grid_x1.shape)

fig, ax = plt.subplots(figsize=(7, 6))
filled = ax.contourf(
    grid_x1, grid_x2, probabilities, levels=20, cmap="RdBu_r", alpha=0.5
)
ax.contour(
    grid_x1, grid_x2, probabilities, levels=[0.5], colors="black", linewidths=2
)
ax.scatter(
    x_test[:, 0], x_test[:, 1], c=y_test, cmap="RdBu_r",
    edgecolors="black", linewidths=0.5, s=25,
)
ax.scatter(initial_centers[:, 0], initial_centers[:, 1], marker="x", color="gray")
arrow = {"arrowstyle": "->", "color": "gray"}
for start, end, width in zip(initial_centers, centers, widths):
    ax.annotate("", xy=end, xytext=start, arrowprops=arrow)
    ax.add_patch(
        plt.Circle(end, width, fill=False, linestyle="--", color="black", alpha=0.5)
    )
ax.scatter(
    centers[:, 0], centers[:, 1], marker="*", s=200, color="gold", edgecolors="black"
)
ax.set_xlim(-2.5, 2.5)
ax.set_ylim(-2.5, 2.5)
ax.set_aspect("equal")
ax.set_xlabel("x₁")
ax.set_ylabel("x₂")
fig.colorbar(filled, ax=ax, label="P(y = 1)")
plt.show()

# %% [markdown]
# ## Guardar y cargar { #save-and-load }
#
# `model.save` escribe un único archivo `.keras`, que en realidad es un ZIP
# con la configuración del modelo en JSON, unos metadatos y los pesos. Aquí
# se guarda en una carpeta temporal, para no dejar archivos en tu carpeta de
# trabajo.
#
# La configuración no guarda código, sino **nombres**: el del registro de cada
# clase propia (`course>RBFClassifier`) y los argumentos que devuelve su
# `get_config`. Al cargar, Keras busca cada nombre en su registro, crea el
# objeto con esos argumentos y le pone los pesos. Por eso hacen falta el
# decorador y `get_config`, y por eso las clases tienen que estar definidas
# (o importadas) antes de llamar a `keras.models.load_model`, también en una
# sesión de Python nueva.

# %%
path = os.path.join(tempfile.mkdtemp(), "rbf_classifier.keras")
model.save(path)

with zipfile.ZipFile(path) as archive:
    print(sorted(archive.namelist()))
    saved = json.loads(archive.read("config.json"))
print(saved["registered_name"], saved["config"]["units"], saved["config"]["dropout"])

reloaded = keras.models.load_model(path)
print(type(reloaded).__name__, reloaded.units, reloaded.dropout_rate)

before = model.predict(x_test, verbose=0)
after = reloaded.predict(x_test, verbose=0)
print("max |before - after| =", float(np.max(np.abs(before - after))))

assert saved["registered_name"] == "course>RBFClassifier"
assert isinstance(reloaded, RBFClassifier) and isinstance(reloaded.rbf, RBF)
np.testing.assert_allclose(after, before, atol=1e-6)
assert np.allclose(keras.ops.convert_to_numpy(reloaded.rbf.centers), centers)

# %% [markdown]
# El modelo cargado trae también la compilación (optimizador, pérdida y
# métricas), así que se puede evaluar, o seguir entrenando, directamente.

# %%
reloaded_loss, reloaded_accuracy = reloaded.evaluate(x_test, y_test, verbose=0)
print(f"reloaded test accuracy: {reloaded_accuracy:.3f}")

assert abs(reloaded_accuracy - test_accuracy) < 1e-6

# %% [markdown]
# ## Resumen { #summary }
#
# - Una **capa propia** hereda de `keras.layers.Layer`: los hiperparámetros en
#   `__init__` y el cálculo en `call` con `keras.ops`; si los pesos dependen
#   de la forma de la entrada, se crean en `build` con `add_weight`, y
#   `get_config` devuelve los argumentos del constructor.
# - Un **modelo por subclases** hereda de `keras.Model`: crea sus capas en
#   `__init__` y escribe la propagación hacia adelante en
#   `call(inputs, training=False)`. Keras pone `training=True` dentro de `fit`
#   y `False` en `predict` y `evaluate`; capas como `Dropout` dependen de ello.
# - Se compila, se entrena y se evalúa como cualquier otro modelo, y sus pesos
#   se inspeccionan capa a capa (`model.rbf.centers`, `model.weights`).
# - Para guardarlo en `.keras` y volver a cargarlo, cada clase propia necesita
#   `@keras.saving.register_keras_serializable` y un `get_config` completo, y
#   tiene que estar definida antes de `keras.models.load_model`. En los
#   modelos, no confíes en la configuración automática.
#
# Para seguir practicando: cambia el número de neuronas de la capa RBF
# (`units`) a 4 y a 30 y mira cómo cambia la frontera de decisión, o quita el
# `get_config` de `RBFClassifier` y comprueba con qué `units` vuelve el modelo
# al cargarlo.
