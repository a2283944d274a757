# %% [markdown]
# # TensorFlow frente a Keras: el mismo modelo, dos niveles de abstracción { #tensorflow-vs-keras }
#
# <!-- tensorflow-only: page "el entrenamiento a mano usa `tf.GradientTape` y `tf.function`, de TensorFlow" -->
#
# En la [introducción](../../tensorflow-vs-keras/) viste que TensorFlow trabaja
# a bajo nivel y da control total, mientras que Keras trabaja a alto nivel y lo
# hace todo más sencillo. En esta lección lo compruebas con un caso concreto:
# vas a entrenar **el mismo modelo dos veces**, primero escribiendo a mano el
# bucle de entrenamiento con TensorFlow y después con las tres llamadas
# habituales de Keras (`Sequential`, `compile` y `fit`). Necesitas las piezas
# de [Tu primer modelo](../../first-model/) (pérdida, optimizador, tasa de
# aprendizaje, épocas y lotes) y `tf.GradientTape` y `tf.function`, de
# [TensorFlow](../../tensorflow/).
#
# El problema es deliberadamente pequeño, una regresión lineal con una sola
# variable, para que lo que llame la atención sea el código y no el modelo. Al
# final pondrás los dos resultados uno junto a otro y verás qué gana y qué
# pierde cada enfoque.

# %%
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
import keras

# Fija a la vez las semillas de Python, NumPy y TensorFlow: quien descargue el
# cuaderno obtiene los mismos números.
keras.utils.set_random_seed(42)

print("TensorFlow", tf.__version__, "| Keras", keras.__version__)

# %% [markdown]
# ## Los datos { #the-data }
#
# Los datos son 200 puntos de la recta *y* = 3*x* + 2 con un poco de ruido
# gaussiano (σ = 0,1). Así conoces la respuesta correcta: un buen
# entrenamiento debe devolver una pendiente *w* ≈ 3 y un término
# independiente *b* ≈ 2. El ruido marca además la referencia del error:
# incluso la recta verdadera tiene, sobre estos puntos, un error cuadrático
# medio (MSE) de σ² ≈ 0,01.
#
# Los datos se crean aquí mismo con NumPy y una semilla fija; no se descarga
# nada. El tipo es `float32`, con el que trabajan por defecto TensorFlow y
# Keras.

# %%
TRUE_W, TRUE_B = 3.0, 2.0
N = 200

rng = np.random.default_rng(42)
x = rng.uniform(-1.0, 1.0, size=(N, 1)).astype("float32")
noise = rng.normal(0.0, 0.1, size=(N, 1)).astype("float32")
y = TRUE_W * x + TRUE_B + noise

# El MSE de la recta verdadera: la referencia con la que comparar los modelos.
noise_mse = float(np.mean(noise**2))

print("x:", x.shape, x.dtype, "| y:", y.shape, y.dtype)
print(f"MSE(3x + 2) = {noise_mse:.4f}")

assert x.shape == y.shape == (N, 1)
assert x.dtype == y.dtype == np.float32
assert 0.005 < noise_mse < 0.02

# %% [markdown]
# ## Versión 1: TensorFlow a bajo nivel { #tensorflow-low-level }
#
# A bajo nivel todo es explícito. Necesitas:
#
# 1. **Los parámetros**, como `tf.Variable`: valores que el entrenamiento irá
#    modificando. Los dos empiezan en cero.
# 2. **El modelo**, una función de Python que calcula *ŷ* = *wx* + *b*.
# 3. **La pérdida**, el error cuadrático medio entre *y* y *ŷ*.
#
# Para que la comparación sea justa, la tasa de aprendizaje y el número de
# épocas se fijan aquí y son los mismos en las dos versiones.

# %%
LEARNING_RATE = 0.1
EPOCHS = 100

w = tf.Variable(0.0, name="w")
b = tf.Variable(0.0, name="b")


def predict(x):
    return w * x + b


def mse(y_true, y_pred):
    return tf.reduce_mean(tf.square(y_true - y_pred))


# %% [markdown]
# Ahora, el bucle de entrenamiento. En cada paso, `tf.GradientTape` «graba» las
# operaciones que llevan de los parámetros a la pérdida y después calcula el
# gradiente de la pérdida respecto a `w` y `b`. Con él aplicas a mano el
# descenso del gradiente: *w* ← *w* − η × ∂*L*/∂*w*, donde η es la tasa de
# aprendizaje (`LEARNING_RATE`), y lo mismo con *b*.
#
# El decorador `@tf.function` convierte `train_step` en un grafo de TensorFlow
# la primera vez que se llama; las llamadas siguientes ejecutan ese grafo en
# lugar de ir operación a operación desde Python. Cada época usa todos los
# datos a la vez (un único lote), y la pérdida de cada época se guarda para
# dibujarla después.

# %%
@tf.function  # se traza una vez y se ejecuta como grafo
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = mse(y, predict(x))
    dw, db = tape.gradient(loss, [w, b])
    w.assign_sub(LEARNING_RATE * dw)
    b.assign_sub(LEARNING_RATE * db)
    return loss


x_tf = tf.constant(x)
y_tf = tf.constant(y)

tape_losses = []
for epoch in range(EPOCHS):
    loss = train_step(x_tf, y_tf)
    tape_losses.append(float(loss))  # un número de Python, no un tensor

print(f"w = {float(w):.2f} | b = {float(b):.2f}")
print(f"MSE: {tape_losses[0]:.2f} -> {tape_losses[-1]:.4f}")

assert len(tape_losses) == EPOCHS
assert abs(float(w) - TRUE_W) < 0.1
assert abs(float(b) - TRUE_B) < 0.1
assert tape_losses[-1] < tape_losses[0] / 10
assert tape_losses[-1] < 0.02

# %% [markdown]
# Funciona, pero fíjate en todo lo que has tenido que decidir y escribir tú:
# cómo se inicializan los parámetros, cómo se calcula la pérdida,
# cómo se actualiza cada variable, cuántas veces se repite el paso y qué se
# guarda por el camino.
#
# ## Versión 2: Keras a alto nivel { #keras-high-level }
#
# En Keras el mismo modelo es una capa `Dense` con una neurona: calcula
# *wx* + *b* y contiene exactamente esos dos parámetros. `compile` elige el
# optimizador y la pérdida, y `fit` ejecuta el bucle que antes escribiste a
# mano.
#
# Para que las dos versiones hagan *exactamente* las mismas cuentas, hay que
# ajustar tres detalles que normalmente se dejan con su valor por defecto:
#
# - `kernel_initializer="zeros"`: *w* empieza en 0, como en la versión 1 (el
#   término independiente, `bias`, ya empieza en 0 por defecto).
# - `SGD(learning_rate=LEARNING_RATE)`: el mismo descenso de gradiente simple,
#   sin momento.
# - `batch_size=N`: cada época es un solo paso con todos los datos; por
#   defecto, `fit` usaría lotes de 32 ejemplos.

# %%
model = keras.Sequential(
    [
        keras.Input(shape=(1,)),
        keras.layers.Dense(1, kernel_initializer="zeros"),
    ]
)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE), loss="mse")
history = model.fit(x, y, epochs=EPOCHS, batch_size=N, verbose=0)

keras_losses = history.history["loss"]
kernel, bias = model.layers[0].get_weights()

print(f"w = {float(kernel[0, 0]):.2f} | b = {float(bias[0]):.2f}")
print(f"MSE: {keras_losses[0]:.2f} -> {keras_losses[-1]:.4f}")

assert kernel.shape == (1, 1) and bias.shape == (1,)
assert len(keras_losses) == EPOCHS
assert abs(float(kernel[0, 0]) - TRUE_W) < 0.1
assert abs(float(bias[0]) - TRUE_B) < 0.1
assert keras_losses[-1] < keras_losses[0] / 10
assert keras_losses[-1] < 0.02

# %% [markdown]
# Los parámetros entrenables del modelo son también dos, el `kernel` (*w*) y el
# `bias` (*b*). Y con el *backend* de TensorFlow, cada variable de Keras
# guarda su valor en una variable de TensorFlow (`ResourceVariable` es la
# implementación de `tf.Variable`): debajo están las mismas piezas de la
# versión 1.

# %%
for variable in model.trainable_variables:
    print(variable.path, tuple(variable.shape), type(variable.value).__name__)

assert len(model.trainable_variables) == 2
assert all(isinstance(variable.value, tf.Variable) for variable in model.trainable_variables)

# %% [markdown]
# ## Comparación { #comparison }
#
# La tabla pone los parámetros aprendidos junto a los verdaderos, con el MSE
# final de cada versión. En la fila de la recta verdadera, el MSE es el del ruido.
#
# Las dos versiones llegan a los mismos valores, muy cerca de *w* = 3 y
# *b* = 2. Que su MSE quede incluso un poco por debajo del de la recta
# verdadera no es un error: con solo 200 puntos, la recta que mejor se ajusta
# a *esta* muestra se inclina ligeramente hacia su ruido. Sobre datos nuevos,
# ninguna recta lo haría mejor que 3*x* + 2.

# %%
rows = [
    ("3x + 2", TRUE_W, TRUE_B, noise_mse),
    ("GradientTape", float(w), float(b), tape_losses[-1]),
    ("keras fit", float(kernel[0, 0]), float(bias[0]), keras_losses[-1]),
]
print(f"{'':>12}  {'w':>5}  {'b':>5}  {'MSE':>6}")
for name, w_value, b_value, final_mse in rows:
    print(f"{name:>12}  {w_value:5.2f}  {b_value:5.2f}  {final_mse:6.4f}")

# Mismo punto de partida, mismos datos y mismas cuentas: las dos curvas de
# pérdida coinciden época a época, salvo por el redondeo en coma flotante.
assert np.allclose(tape_losses, keras_losses, rtol=1e-3, atol=1e-6)

# %% [markdown]
# Las dos curvas de pérdida, en escala logarítmica. La de Keras (discontinua)
# cae exactamente sobre la del bucle escrito a mano, y ambas bajan hasta la
# línea punteada, el MSE de la recta verdadera.

# %%
epochs = np.arange(1, EPOCHS + 1)

fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(epochs, tape_losses, linewidth=5, alpha=0.4, label="GradientTape")
ax.plot(epochs, keras_losses, "--", color="black", label="keras fit")
ax.axhline(noise_mse, color="gray", linestyle=":", label="MSE(3x + 2)")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("MSE")
ax.legend()
plt.show()

# %% [markdown]
# ## Qué da y qué cuesta cada enfoque { #trade-offs }
#
# Con TensorFlow a bajo nivel has escrito unas veinte líneas entre
# parámetros, funciones y bucle; con Keras, cuatro instrucciones. Esa
# diferencia resume el intercambio:
#
# - **TensorFlow a bajo nivel da control total.** Ves y decides cada pieza:
#   cómo se calcula el gradiente, cómo se actualiza cada variable, qué se
#   registra y cuándo. Puedes recortar o inspeccionar cada gradiente, usar
#   dos optimizadores a la vez o cambiar la regla de actualización. El precio
#   es que todo lo demás también corre de tu cuenta: dividir los datos en
#   lotes y barajarlos, calcular métricas, validar, guardar el modelo, parar a
#   tiempo... Y hay más sitios donde equivocarse, como olvidar `@tf.function`
#   o guardar tensores en vez de números.
# - **Keras da brevedad y convenciones.** `fit` ya trae lotes, barajado,
#   métricas, `validation_split`, *callbacks* como `EarlyStopping` y un
#   historial de entrenamiento, y el modelo se guarda con `model.save`. Además,
#   el mismo código funciona en Keras 3 con otros *backends* (JAX, PyTorch),
#   mientras que el bucle con `GradientTape` es exclusivo de TensorFlow. El
#   precio es que el bucle queda oculto: si el entrenamiento se sale de lo
#   habitual, hay que bajar un nivel.
#
# Lo que el alto nivel apenas cuesta es velocidad. Con el *backend* de
# TensorFlow, `fit` hace lo mismo que hiciste con `@tf.function`: envuelve su
# paso de entrenamiento en un `tf.function` y lo ejecuta como un grafo de
# TensorFlow, no operación a operación desde Python. Si la máquina tiene algún
# dispositivo que no sea una CPU (una GPU o una TPU), el valor por defecto
# `jit_compile="auto"` lo compila además con XLA, siempre que el modelo lo
# admita y no se haya creado dentro de una estrategia de `tf.distribute`; en
# una máquina solo con CPU, nunca.
#
# Lo que Keras añade está alrededor del paso: en cada época prepara el
# recorrido de los datos, llama a los *callbacks* y apunta el historial. Ese
# coste fijo por época manda en un problema de juguete como este, donde cada
# época es un único paso diminuto: si lo cronometras, aquí `fit` tarda varias
# veces más que el bucle a mano. Con datos reales, en los que una época
# recorre cientos de lotes, ese coste se diluye y lo que pesa es el paso, que
# es el mismo grafo en los dos casos.
#
# La celda siguiente comprueba la regla de XLA en la máquina en la que
# ejecutes el cuaderno: sin más dispositivos que la CPU, `model.jit_compile`
# vale `False`.

# %%
non_cpu_devices = [
    device.device_type for device in tf.config.list_physical_devices() if device.device_type != "CPU"
]
print("non-CPU devices:", non_cpu_devices, "| model.jit_compile =", model.jit_compile)

if not non_cpu_devices:
    assert model.jit_compile is False  # en una máquina solo con CPU, "auto" nunca activa XLA

# %% [markdown]
# ## Cuándo elegir cada uno { #when-to-choose }
#
# - **Keras con `fit`**, por defecto: cualquier entrenamiento supervisado
#   estándar, desde esta regresión hasta una red convolucional.
# - **Un bucle propio con `GradientTape`** cuando el entrenamiento no encaja
#   en el molde de `fit`: varias redes que se entrenan por turnos (como en una
#   GAN), pérdidas que dependen de varios pasos, actualizaciones poco
#   habituales o investigación en la que quieres ver cada gradiente.
# - **Un término medio**: crear una subclase de `keras.Model` y reescribir
#   solo su `train_step` con `GradientTape`. Conservas `fit`, los *callbacks*
#   y las métricas, y controlas el paso de entrenamiento. También puedes usar
#   capas de Keras dentro de tu propio bucle, entrenando
#   `model.trainable_variables`.
#
# No son dos mundos separados: Keras con el *backend* de TensorFlow está
# construido sobre las mismas piezas que usaste en la versión 1, y se puede
# bajar de nivel justo en el punto donde haga falta.
