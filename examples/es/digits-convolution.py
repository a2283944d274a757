# ---
# jupyter:
#   course:
#     after: [cnn.md]
# ---

# %% [markdown]
# # Dígitos con una red convolucional { #digits-convolution }
#
# Esta lección acompaña a las páginas
# [Imágenes y convolución](../../convolution/) y
# [Una red convolucional](../../cnn/), y dibuja lo que allí se calcula.
# Aplicas a mano, con NumPy, dos filtros a imágenes de dígitos y compruebas
# que `Conv2D` y `MaxPooling2D` dan lo mismo;
# entrenas la red densa de [Tu primer modelo](../../first-model/) y una red
# convolucional pequeña en las mismas condiciones y compruebas que la
# convolucional acierta más; dibujas los filtros y los mapas de
# características que ha aprendido; y entrenas la misma red con aumento de
# datos para que tolere imágenes desplazadas. Necesitas haber leído esas dos
# páginas.
#
# Los datos son los dígitos de scikit-learn (`load_digits`): 1797 imágenes de
# 8 × 8 píxeles que vienen dentro del paquete, así que no se descarga nada.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

print("Keras", keras.__version__)

# %% [markdown]
# ## Los datos { #the-data }
#
# Las imágenes, escaladas a [0, 1] y con un eje más para el canal: forma
# (1797, 8, 8, 1). La partición es la de [Tu primer modelo](../../first-model/#the-data)
# (`random_state=0`, estratificada): las mismas 360 imágenes de prueba.

# %%
digits = load_digits()
images = (digits.images / 16.0).astype("float32")[..., np.newaxis]
images_train, images_test, y_train, y_test = train_test_split(
    images, digits.target, test_size=0.2, random_state=0, stratify=digits.target
)
x_train = images_train.reshape(-1, 64)  # aplanadas, para la red densa
x_test = images_test.reshape(-1, 64)

print("images_train:", images_train.shape, "| images_test:", images_test.shape)
print("x_train:", x_train.shape, "| x_test:", x_test.shape)

assert images_train.shape == (1437, 8, 8, 1) and images_test.shape == (360, 8, 8, 1)

# %% [markdown]
# ## Dos filtros, a mano { #filters-by-hand }
#
# `convolve` es la función de
# [Una convolución, a mano](../../convolution/#convolution-by-hand): para
# cada posición del filtro, toma el trozo de imagen que cubre y lo multiplica
# por los pesos con
# `np.tensordot`, que suma sobre el alto, el ancho y los canales.
# `max_pool` parte cada mapa en bloques de 2 × 2 y se queda con el máximo.
#
# Los dos filtros detectan bordes: `vertical_edges` resta la columna derecha
# de la izquierda, y su traspuesto, `horizontal_edges`, la fila de abajo de la
# de arriba. La celda aplica los dos a cuatro dígitos y comprueba que una
# `Conv2D` con esos pesos, fijados con `set_weights`, y una `MaxPooling2D`
# calculan lo mismo.

# %%
def convolve(images, kernel, bias):
    # Sin relleno. images: (n, alto, ancho, canales); kernel: (kh, kw, canales, filtros).
    kh, kw, _, filters = kernel.shape
    n, height, width, _ = images.shape
    out = np.zeros((n, height - kh + 1, width - kw + 1, filters), dtype="float32")
    for i in range(height - kh + 1):
        for j in range(width - kw + 1):
            patch = images[:, i : i + kh, j : j + kw, :]
            out[:, i, j, :] = np.tensordot(patch, kernel, axes=3) + bias
    return out


def max_pool(maps):
    n, height, width, channels = maps.shape
    return maps.reshape(n, height // 2, 2, width // 2, 2, channels).max(axis=(2, 4))


vertical_edges = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype="float32")
horizontal_edges = vertical_edges.T
# Los dos filtros en una sola capa: kernel (alto, ancho, canales de entrada, filtros).
two_filters = np.stack([vertical_edges, horizontal_edges], axis=-1)[:, :, np.newaxis, :]

samples = images_train[:4]
by_hand = convolve(samples, two_filters, bias=np.zeros(2))
pooled_by_hand = max_pool(by_hand)

edges = keras.layers.Conv2D(2, 3, name="edges")
edges.build((None, 8, 8, 1))
edges.set_weights([two_filters, np.zeros(2)])
by_keras = keras.ops.convert_to_numpy(edges(samples))
pooled_by_keras = keras.ops.convert_to_numpy(keras.layers.MaxPooling2D(2, name="pool")(by_keras))

print("kernel:", two_filters.shape, "| maps:", by_hand.shape, "| pooled:", pooled_by_hand.shape)
print("max |Conv2D - by hand| =", float(np.abs(by_keras - by_hand).max()))

assert np.allclose(by_keras, by_hand, atol=1e-6)
assert np.allclose(pooled_by_keras, pooled_by_hand, atol=1e-6)

# %% [markdown]
# Cada fila es un dígito: la imagen, el mapa de los bordes verticales y el de
# los horizontales (6 × 6, en rojo los valores positivos y en azul los
# negativos) y, a la derecha, esos dos mapas tras el *pooling* (3 × 3). El
# filtro vertical se enciende a los lados de los trazos verticales y el
# horizontal, encima y debajo de los horizontales; el *pooling* conserva
# dónde está cada borde, a grandes rasgos, con la cuarta parte de números.

# %%
fig, axes = plt.subplots(4, 5, figsize=(8, 6.6))
limit = np.abs(by_hand).max()
titles = ["image", "vertical edges", "horizontal edges", "pooled vertical", "pooled horizontal"]
for row, (image, maps, pooled) in enumerate(zip(samples, by_hand, pooled_by_hand)):
    panels = [image[:, :, 0], maps[:, :, 0], maps[:, :, 1], pooled[:, :, 0], pooled[:, :, 1]]
    for col, panel in enumerate(panels):
        ax = axes[row, col]
        if col == 0:
            ax.imshow(panel, cmap="gray_r")
        else:
            ax.imshow(panel, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        if row == 0:
            ax.set_title(titles[col], fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# ## La red densa y la red convolucional { #cnn-vs-dense }
#
# Es la comparación de
# [Una red convolucional](../../cnn/#a-cnn-for-digits), con una tabla.
# Dos modelos, entrenados exactamente igual: la misma semilla, los mismos
# datos, `Adam` con una tasa que empieza en 0,01 y baja con
# una planificación `CosineDecay` hasta 0 a lo largo de los 450 pasos
# (10 épocas de 45 lotes de 32). Solo cambia la arquitectura:
#
# - `dense` es la red de [Tu primer modelo](../../first-model/#model): 64
#   píxeles, una capa oculta de 32 neuronas y la salida (2410 parámetros).
# - `cnn` es la de [Una red convolucional](../../cnn/#a-cnn-for-digits): dos bloques de convolución y *pooling*,
#   `Flatten` y la salida (21 386 parámetros).
#
# ¿Gana la convolucional solo porque tiene más parámetros? Una de las
# propuestas del final lo pone a prueba con una red densa más grande.

# %%
EPOCHS = 10
BATCH_SIZE = 32
STEPS = EPOCHS * int(np.ceil(len(images_train) / BATCH_SIZE))  # 450


def compile_and_fit(model, x, y, epochs=EPOCHS):
    # El mismo entrenamiento para todos los modelos de la lección.
    steps = epochs * int(np.ceil(len(x) / BATCH_SIZE))
    schedule = keras.optimizers.schedules.CosineDecay(initial_learning_rate=0.01, decay_steps=steps)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=schedule),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model.fit(x, y, epochs=epochs, batch_size=BATCH_SIZE, verbose=0)


def make_dense():
    return keras.Sequential(
        [
            keras.Input(shape=(64,)),
            keras.layers.Dense(32, activation="relu", name="hidden"),
            keras.layers.Dense(10, activation="softmax", name="output"),
        ],
        name="dense",
    )


def cnn_layers():
    return [
        keras.layers.Conv2D(32, 3, padding="same", activation="relu", name="conv1"),
        keras.layers.MaxPooling2D(2, name="pool1"),
        keras.layers.Conv2D(64, 3, padding="same", activation="relu", name="conv2"),
        keras.layers.MaxPooling2D(2, name="pool2"),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dense(10, activation="softmax", name="classes"),
    ]


keras.utils.set_random_seed(0)
dense = make_dense()
compile_and_fit(dense, x_train, y_train)
dense_loss, dense_accuracy = dense.evaluate(x_test, y_test, verbose=0)

keras.utils.set_random_seed(0)
cnn = keras.Sequential([keras.Input(shape=(8, 8, 1)), *cnn_layers()], name="cnn")
cnn_history = compile_and_fit(cnn, images_train, y_train)
cnn_loss, cnn_accuracy = cnn.evaluate(images_test, y_test, verbose=0)

dense_correct = round(dense_accuracy * len(y_test))
cnn_correct = round(cnn_accuracy * len(y_test))
print(f"{'model':<6} {'params':>7} {'test_loss':>10} {'test_accuracy':>14} {'correct':>8}")
for name, model, loss, accuracy, correct in [
    ("dense", dense, dense_loss, dense_accuracy, dense_correct),
    ("cnn", cnn, cnn_loss, cnn_accuracy, cnn_correct),
]:
    print(f"{name:<6} {model.count_params():>7} {loss:>10.3f} {accuracy:>14.3f} {correct:>5}/360")

assert STEPS == 450
assert cnn.count_params() == 21386 and dense.count_params() == 2410
assert cnn_correct >= dense_correct + 2
assert cnn_loss < 0.6 * dense_loss

# %% [markdown]
# La red convolucional acierta más imágenes de prueba, y su pérdida es mucho
# menor: además de acertar, se equivoca con menos seguridad. Cambia la
# semilla de las dos llamadas a `set_random_seed` y vuelve a ejecutar la
# celda: las cifras cambian en unas pocas imágenes, pero la convolucional
# sigue por delante.

# %% [markdown]
# ## Lo que ha aprendido: filtros y mapas { #filters-and-feature-maps }
#
# Primero, lo que comprueba
# [Una red convolucional](../../cnn/#filters-and-feature-maps): con los
# pesos aprendidos, tu `convolve` (con un borde de ceros, que es `padding="same"`, y `relu`)
# reproduce las salidas de `conv1` y `conv2` para unas imágenes de prueba.

# %%
def pad(images):
    return np.pad(images, ((0, 0), (1, 1), (1, 1), (0, 0)))


def relu(values):
    return np.maximum(values, 0)


extractor = keras.Model(
    inputs=cnn.inputs,
    outputs=[cnn.get_layer(name).output for name in ("conv1", "pool1", "conv2")],
    name="extractor",
)
conv1_maps, pool1_maps, conv2_maps = extractor.predict(images_test[:5], verbose=0)
kernel1, bias1 = cnn.get_layer("conv1").get_weights()
kernel2, bias2 = cnn.get_layer("conv2").get_weights()

print("conv1:", kernel1.shape, "->", conv1_maps.shape)
print("conv2:", kernel2.shape, "->", conv2_maps.shape)

assert np.allclose(relu(convolve(pad(images_test[:5]), kernel1, bias1)), conv1_maps, atol=1e-5)
assert np.allclose(max_pool(conv1_maps), pool1_maps, atol=1e-6)
assert np.allclose(relu(convolve(pad(pool1_maps), kernel2, bias2)), conv2_maps, atol=1e-5)

# %% [markdown]
# Los 32 filtros de `conv1`, cada uno de 3 × 3 pesos, con la misma escala de
# color (rojo, positivo; azul, negativo). Muchos son detectores de bordes o
# de esquinas en distintas direcciones: un lado positivo y otro negativo,
# como los filtros que escribiste a mano. Nadie se los ha dado a la red: han
# salido del entrenamiento.

# %%
limit = np.abs(kernel1).max()
fig, axes = plt.subplots(4, 8, figsize=(8, 4.4))
for k, ax in enumerate(axes.flat):
    ax.imshow(kernel1[:, :, 0, k], cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_title(f"filter {k}", fontsize=8)
    ax.set_xticks([])
    ax.set_yticks([])
plt.tight_layout()
plt.show()

# %% [markdown]
# Los mapas de características de `conv1` para la primera imagen de prueba:
# uno por filtro, de 8 × 8, en la misma posición que su filtro en la figura
# anterior. Después de `relu` no hay negativos: blanco es 0 y cuanto más
# oscuro, más responde el filtro. Cada filtro se enciende en una parte
# distinta del trazo: un borde izquierdo, uno de arriba, una curva.

# %%
digit = images_test[0, :, :, 0]
fig, axes = plt.subplots(4, 9, figsize=(9, 4.4))
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
axes[0, 0].imshow(digit, cmap="gray_r")
axes[0, 0].set_title(f"digit {y_test[0]}", fontsize=8)
for row in range(1, 4):
    axes[row, 0].axis("off")
for k in range(32):
    ax = axes[k // 8, 1 + k % 8]
    ax.imshow(conv1_maps[0, :, :, k], cmap="Greys", vmin=0)
    ax.set_title(f"map {k}", fontsize=8)
plt.tight_layout()
plt.show()

print(f"{np.mean(conv1_maps[0] == 0):.0%} of conv1's outputs are exactly 0 after relu")

# %% [markdown]
# Y los 64 mapas de `conv2`, de 4 × 4. Ya no se parecen al dígito: cada uno
# combina los 32 mapas de la primera capa y responde a un patrón más grande,
# como «trazo vertical a la derecha con una curva encima». Son las
# características que `Flatten` pone en fila para la capa de salida.

# %%
fig, axes = plt.subplots(4, 16, figsize=(10, 3))
for k, ax in enumerate(axes.flat):
    ax.imshow(conv2_maps[0, :, :, k], cmap="Greys", vmin=0)
    ax.set_xticks([])
    ax.set_yticks([])
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Aumento de datos { #data-augmentation }
#
# Tres capas de aumento, con los factores de
# [Aumento de datos](../../cnn/#data-augmentation): giros de hasta ±18°,
# ampliaciones de hasta un 10 % y desplazamientos de hasta un píxel, con
# `fill_mode="constant"` para rellenar con papel en blanco. La figura
# muestra, para cuatro dígitos, la imagen original y seis versiones
# aumentadas con `training=True`: cada llamada da una versión distinta. Con
# `training=False`, la imagen sale intacta.

# %%
keras.utils.set_random_seed(0)
augment = keras.Sequential(
    [
        keras.layers.RandomRotation(0.05, fill_mode="constant", name="rotate"),
        keras.layers.RandomZoom(0.1, fill_mode="constant", name="zoom"),
        keras.layers.RandomTranslation(0.125, 0.125, fill_mode="constant", name="shift"),
    ],
    name="augment",
)
originals = images_train[:4]
versions = [keras.ops.convert_to_numpy(augment(originals, training=True)) for _ in range(6)]

fig, axes = plt.subplots(4, 7, figsize=(7, 4.4))
for row in range(4):
    for col, picture in enumerate([originals] + versions):
        ax = axes[row, col]
        ax.imshow(picture[row, :, :, 0], cmap="gray_r", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        if row == 0:
            ax.set_title("original" if col == 0 else f"training {col}", fontsize=8)
plt.tight_layout()
plt.show()

assert not np.allclose(versions[0], versions[1])
assert np.array_equal(augment(originals, training=False), originals)

# %% [markdown]
# ### Por qué no RandomFlip { #why-not-random-flip }
#
# Un reflejo conserva la etiqueta de una foto de un gato, no la de un dígito.
# Arriba, diez dígitos de prueba; abajo, reflejados en horizontal, que es lo
# que haría `RandomFlip("horizontal")` con la mitad de las imágenes, y encima
# de cada uno, lo que predice la red entrenada. Salvo los casi simétricos,
# como el 0 o el 8, nadie escribe así los dígitos, y la red no los reconoce;
# el 5 reflejado, además, se parece mucho a un 2. Entrenar con reflejos
# obligaría a la red a llamar «5» a algo que parece un 2.

# %%
mirrored = images_test[:, :, ::-1, :]
mirrored_predictions = cnn.predict(mirrored, verbose=0).argmax(axis=1)
mirrored_accuracy = cnn.evaluate(mirrored, y_test, verbose=0)[1]

first_of_each = [int(np.flatnonzero(y_test == digit)[0]) for digit in range(10)]
fig, axes = plt.subplots(2, 10, figsize=(10, 2.6))
for col, i in enumerate(first_of_each):
    axes[0, col].imshow(images_test[i, :, :, 0], cmap="gray_r")
    axes[0, col].set_title(str(y_test[i]), fontsize=9)
    axes[1, col].imshow(mirrored[i, :, :, 0], cmap="gray_r")
    axes[1, col].set_title(f"→ {mirrored_predictions[i]}", fontsize=9)
for ax in axes.flat:
    ax.set_xticks([])
    ax.set_yticks([])
plt.tight_layout()
plt.show()

print(f"test accuracy: {cnn_accuracy:.3f} | mirrored: {mirrored_accuracy:.3f}")

assert mirrored_accuracy < 0.6

# %% [markdown]
# ## Entrenar con aumento { #training-with-augmentation }
#
# Una red convolucional tolera algo los desplazamientos gracias al *pooling*,
# pero no del todo. Para medirlo, `shifted_test` desplaza cada imagen de
# prueba un píxel en cada una de las cuatro direcciones (1440 imágenes).
#
# `augmented_cnn` es la misma red con una capa `RandomTranslation` delante:
# en cada época ve cada imagen desplazada una fracción de píxel distinta. Se
# entrena exactamente igual que `cnn`: la misma semilla, las mismas 10 épocas
# y la misma planificación. La tabla compara los tres modelos con las
# imágenes de prueba originales y con las desplazadas.

# %%
def shift(images, dy, dx):
    # Desplaza dy píxeles hacia abajo y dx hacia la derecha, rellenando con ceros.
    padded = pad(images)
    return padded[:, 1 - dy : 9 - dy, 1 - dx : 9 - dx, :]


directions = [(0, 1), (0, -1), (1, 0), (-1, 0)]
shifted_test = np.concatenate([shift(images_test, dy, dx) for dy, dx in directions])
y_shifted = np.tile(y_test, len(directions))

keras.utils.set_random_seed(0)
augmented_cnn = keras.Sequential(
    [
        keras.Input(shape=(8, 8, 1)),
        keras.layers.RandomTranslation(0.125, 0.125, fill_mode="constant", name="shift"),
        *cnn_layers(),
    ],
    name="augmented_cnn",
)
compile_and_fit(augmented_cnn, images_train, y_train)

results = {
    "dense": (
        dense.evaluate(x_test, y_test, verbose=0)[1],
        dense.evaluate(shifted_test.reshape(-1, 64), y_shifted, verbose=0)[1],
    ),
    "cnn": (cnn_accuracy, cnn.evaluate(shifted_test, y_shifted, verbose=0)[1]),
    "augmented_cnn": (
        augmented_cnn.evaluate(images_test, y_test, verbose=0)[1],
        augmented_cnn.evaluate(shifted_test, y_shifted, verbose=0)[1],
    ),
}
print(f"{'model':<14} {'original':>9} {'shifted':>8}")
for name, (original, shifted) in results.items():
    print(f"{name:<14} {original:>9.3f} {shifted:>8.3f}")

augmented_correct = round(results["augmented_cnn"][0] * len(y_test))
assert results["cnn"][1] < 0.85
assert results["augmented_cnn"][1] > 0.9
assert augmented_correct >= cnn_correct - 5

# %% [markdown]
# Con las imágenes originales, las dos redes convolucionales aciertan casi
# lo mismo. Con las desplazadas, la red sin aumento pierde muchas (y la
# densa, que no sabe qué píxeles son vecinos, muchas más), mientras que la red
# aumentada apenas nota el cambio: ha visto dígitos desplazados durante todo
# el entrenamiento. Eso es lo que compra el aumento de datos: robustez frente
# a las variaciones que le enseñas, siempre que conserven la etiqueta.

# %%
fig, ax = plt.subplots(figsize=(6, 3.4))
names = list(results)
positions = np.arange(len(names))
ax.bar(positions - 0.2, [results[name][0] for name in names], width=0.4, label="original test images")
ax.bar(positions + 0.2, [results[name][1] for name in names], width=0.4, label="shifted one pixel")
ax.set_xticks(positions, names)
ax.set_ylim(0, 1)
ax.set_ylabel("test accuracy")
ax.legend(loc="lower right")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Resumen { #summary }
#
# - Una convolución es una suma de productos en cada posición del filtro: dos
#   bucles y `np.tensordot` dan lo mismo que `Conv2D`, también con los pesos
#   aprendidos, varios canales y `padding="same"` (un borde de ceros).
# - El *pooling* máximo es un `reshape` y un `max`.
# - Con la misma partición, la misma semilla y el mismo entrenamiento, la red
#   convolucional acierta más dígitos de prueba que la densa y con mucha menos
#   pérdida.
# - Los filtros aprendidos de la primera capa se parecen a detectores de
#   bordes; los mapas de la segunda combinan esos bordes en patrones mayores.
# - El aumento de datos actúa solo con `training=True` y tiene que conservar
#   la etiqueta: desplazamientos, giros pequeños y ampliaciones sí; reflejos,
#   no. La red entrenada con desplazamientos tolera los desplazamientos.
#
# Para seguir practicando:
#
# - ¿Gana la red convolucional por tener diez veces más parámetros? Entrena
#   con `compile_and_fit` una red densa con una capa oculta de 256 neuronas
#   (unos 19 000 parámetros) y compara su exactitud con la de `cnn`.
# - Añade `RandomRotation(0.05)` y `RandomZoom(0.1)` a `augmented_cnn` y mide
#   la exactitud con dígitos de prueba girados (`augment` con una semilla fija
#   te da un conjunto de prueba girado).
# - Cambia `fill_mode="constant"` por el valor predeterminado, `"reflect"`,
#   dibuja las imágenes aumentadas y explica lo que ves en los bordes.
