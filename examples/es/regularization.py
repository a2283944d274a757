# ---
# jupyter:
#   course:
#     after: [regularization.md]
# ---

# %% [markdown]
# # Sobreajuste y regularización { #regularization }
#
# Esta lección acompaña a las páginas [Subajuste y sobreajuste](../../overfitting/)
# y [Regularización](../../regularization/), y dibuja lo que allí se mide, con
# los mismos datos, la misma semilla y los mismos modelos. Miras las curvas de
# entrenamiento y de validación y las fronteras de decisión de un modelo que
# subajusta y de otro que sobreajusta, y después las de los tres remedios de
# la segunda página, que parten de la misma línea base: `Dropout`, la
# penalización L2 y la parada temprana. La lección comprueba que los tres
# reducen la brecha entre la pérdida de entrenamiento y la de validación, y
# que mejoran la de validación. Necesitas esas dos páginas.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import make_moons

print("Keras", keras.__version__)

# %% [markdown]
# ## Los datos { #the-data }
#
# Las dos medias lunas de `make_moons`, con `noise=0.35`: las clases se
# solapan, así que ninguna frontera puede acertar todos los puntos. 200
# puntos para entrenar y 1000 para validar, todos de la misma distribución.
# A la izquierda, los de entrenamiento; a la derecha, los de validación.

# %%
points, labels = make_moons(n_samples=1200, noise=0.35, random_state=0)
points = points.astype("float32")
x_train, y_train = points[:200], labels[:200]
x_val, y_val = points[200:], labels[200:]

fig, axes = plt.subplots(1, 2, figsize=(9, 3.6), sharex=True, sharey=True)
for ax, (x, y, title) in zip(axes, [(x_train, y_train, "training (200)"), (x_val, y_val, "validation (1000)")]):
    ax.scatter(x[:, 0], x[:, 1], c=y, cmap="coolwarm", s=10, edgecolors="none")
    ax.set_title(title)
plt.tight_layout()
plt.show()

print("x_train:", x_train.shape, "| x_val:", x_val.shape)
assert x_train.shape == (200, 2) and x_val.shape == (1000, 2)

# %% [markdown]
# ## El experimento { #the-experiment }
#
# Las funciones de la página: `make_model` crea la red (dos capas ocultas de
# 128 neuronas, salvo que pidas otra cosa) siempre con la misma semilla;
# `train` vuelve a fijar la semilla, para que todos los modelos vean los
# lotes en el mismo orden, y entrena 40 épocas con lotes de 8, con la
# validación en un solo lote de 1000 puntos. `losses` mide la entropía
# cruzada en entrenamiento y en validación con el modelo en modo de
# inferencia y sin penalizaciones; `gap` es su diferencia. `plot_boundary` pinta, para cada punto del plano,
# la probabilidad que da el modelo a la clase 1 (rojo) frente a la 0 (azul),
# la frontera donde vale 0,5 y los puntos de entrenamiento.

# %%
EPOCHS = 40


def make_model(hidden_layers=2, dropout=0.0, l2=0.0, name="model"):
    keras.utils.set_random_seed(0)  # los mismos pesos iniciales
    regularizer = keras.regularizers.L2(l2) if l2 else None
    layers = [keras.Input(shape=(2,))]
    for i in range(1, hidden_layers + 1):
        layers.append(keras.layers.Dense(128, activation="relu", kernel_regularizer=regularizer, name=f"hidden{i}"))
        if dropout:
            layers.append(keras.layers.Dropout(dropout, name=f"dropout{i}"))
    layers.append(keras.layers.Dense(2, activation="softmax", name="output"))
    model = keras.Sequential(layers, name=name)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def train(model, **options):
    keras.utils.set_random_seed(0)  # el mismo orden de los lotes
    return model.fit(
        x_train, y_train, epochs=EPOCHS, batch_size=8, shuffle=True,
        validation_data=(x_val, y_val), validation_batch_size=len(x_val),
        verbose=0, **options,
    )


def losses(model):
    crossentropy = keras.losses.SparseCategoricalCrossentropy()
    return tuple(
        round(float(crossentropy(y, keras.ops.convert_to_numpy(model(x, training=False)))), 3)
        for x, y in [(x_train, y_train), (x_val, y_val)]
    )


def gap(model):
    train_loss, val_loss = losses(model)
    return val_loss - train_loss


grid_x, grid_y = np.meshgrid(np.linspace(-2, 3, 120), np.linspace(-1.6, 2.1, 90))
grid = np.column_stack([grid_x.ravel(), grid_y.ravel()]).astype("float32")


def plot_boundary(ax, model, title):
    probability = keras.ops.convert_to_numpy(model(grid, training=False))[:, 1].reshape(grid_x.shape)
    ax.contourf(grid_x, grid_y, probability, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.6)
    ax.contour(grid_x, grid_y, probability, levels=[0.5], colors="black", linewidths=1)
    ax.scatter(x_train[:, 0], x_train[:, 1], c=y_train, cmap="coolwarm", s=10, edgecolors="black", linewidths=0.3)
    ax.set_title(title)


def plot_curves(ax, history, title, reference=None):
    epochs = np.arange(1, len(history.history["loss"]) + 1)
    ax.plot(epochs, history.history["loss"], label="training loss")
    ax.plot(epochs, history.history["val_loss"], label="validation loss")
    if reference is not None:
        ax.plot(np.arange(1, len(reference) + 1), reference, color="gray", linestyle=":", label="baseline validation")
    ax.set_xlabel("epoch")
    ax.set_ylim(0, 0.6)
    ax.set_title(title)
    ax.legend(fontsize=8)

# %% [markdown]
# ## Subajuste y sobreajuste { #underfitting-and-overfitting }
#
# Dos modelos, con las mismas 40 épocas: `linear`, sin capas ocultas, y la
# línea base, con sus dos capas de 128 neuronas (17 154 parámetros para 200
# puntos).

# %%
linear = make_model(hidden_layers=0, name="linear")
linear_history = train(linear)
baseline = make_model(name="baseline")
baseline_history = train(baseline)

for model in (linear, baseline):
    train_loss, val_loss = losses(model)
    print(f"{model.name:<9} params={model.count_params():>6} train_loss={train_loss:.3f} val_loss={val_loss:.3f} gap={val_loss - train_loss:.3f}")

baseline_val = baseline_history.history["val_loss"]
best_epoch = int(np.argmin(baseline_val)) + 1
print(f"baseline: best validation loss {min(baseline_val):.3f} at epoch {best_epoch}, {baseline_val[-1]:.3f} at epoch {EPOCHS}")

# Prueba otra semilla, del 1 al 7, en lugar del 0 de make_model y de train:
# la red lineal sigue con una brecha de menos de 0.01 y pérdidas de 0.33 a
# 0.34; la línea base, con una brecha de 0.17 a 0.29, su mejor época entre la
# 5 y la 20 y, al final, una pérdida de validación de 1.1 a 1.6 veces la mínima.
assert gap(linear) < 0.05 and losses(linear)[0] > 0.25
assert gap(baseline) > 0.12
assert best_epoch <= 0.75 * EPOCHS and baseline_val[-1] > 1.05 * min(baseline_val)

# %% [markdown]
# Las curvas cuentan las dos historias. A la izquierda, la red lineal: las
# dos pérdidas bajan un poco al principio y se quedan planas, altas y juntas.
# Más épocas no servirían de nada: una recta no puede seguir la curva de las
# lunas. Eso es el **subajuste**. A la derecha, la línea base: las dos
# pérdidas bajan juntas unas pocas épocas, y a partir de la mejor (alrededor
# de la décima) se separan. La de entrenamiento sigue bajando y la de
# validación sube: el **sobreajuste**.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), sharey=True)
plot_curves(axes[0], linear_history, "linear: underfitting")
plot_curves(axes[1], baseline_history, "baseline: overfitting")
axes[1].axvline(best_epoch, color="gray", linestyle=":")
plt.tight_layout()
plt.show()

# %% [markdown]
# Las fronteras de decisión lo enseñan de otra forma. La red lineal corta el
# plano con una recta. La línea base dibuja una frontera retorcida, con
# entrantes y salientes que se estiran para atrapar puntos sueltos de
# entrenamiento: ha memorizado su posición, y esos salientes son errores con
# los puntos nuevos, que caen donde caen.

# %%
fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), sharex=True, sharey=True)
plot_boundary(axes[0], linear, "linear")
plot_boundary(axes[1], baseline, "baseline")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Tres remedios frente a la misma línea base { #three-remedies }
#
# Cada modelo parte de la línea base y cambia solo una cosa:
#
# - `dropout`: una capa `Dropout(0.5)` tras cada capa oculta.
# - `l2`: una penalización `L2(0.003)` en los pesos de las dos capas ocultas.
# - `early_stopping`: la misma red, con `EarlyStopping(patience=10,
#   restore_best_weights=True)` vigilando `val_loss`, dentro del mismo
#   máximo de 40 épocas.

# %%
dropout_model = make_model(dropout=0.5, name="dropout")
dropout_history = train(dropout_model)
l2_model = make_model(l2=0.003, name="l2")
l2_history = train(l2_model)
stopped = make_model(name="early_stopping")
early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)
stopped_history = train(stopped, callbacks=[early_stopping])

models = [baseline, dropout_model, l2_model, stopped]
print(f"{'model':<15} {'epochs':>6} {'train_loss':>10} {'val_loss':>9} {'gap':>6} {'gap/baseline':>12}")
for model, history in zip(models, [baseline_history, dropout_history, l2_history, stopped_history]):
    train_loss, val_loss = losses(model)
    print(
        f"{model.name:<15} {len(history.epoch):>6} {train_loss:>10.3f} {val_loss:>9.3f} "
        f"{val_loss - train_loss:>6.3f} {(val_loss - train_loss) / gap(baseline):>12.2f}"
    )

# Con las semillas del 1 al 7, cada remedio deja la brecha entre 0.22 y 0.73
# veces la de la línea base, y la pérdida de validación entre 0.25 y 0.30,
# frente a 0.31 a 0.43 de la línea base; la parada temprana para entre la
# época 15 y la 30.
for model in models[1:]:
    assert gap(model) < 0.8 * gap(baseline), model.name
    assert losses(model)[1] < losses(baseline)[1], model.name
assert len(stopped_history.epoch) < EPOCHS

# %% [markdown]
# Con esta semilla, los tres remedios reducen la brecha a menos de la mitad
# (la última columna), y los tres bajan la pérdida de validación. Lo hacen de formas distintas, y las curvas lo
# muestran. La línea punteada es la validación de la línea base.
#
# - Con `Dropout`, la curva de entrenamiento queda por encima de la de la
#   línea base, y cerca de la de validación: `fit` la mide con `Dropout`
#   activo, sobre una red con la mitad de las neuronas apagadas. La de
#   validación oscila de una época a otra, pero no sube como la de la línea
#   base.
# - Con L2, las dos curvas incluyen la penalización (el factor por la suma de
#   los cuadrados de los pesos), así que están más altas que la entropía
#   cruzada de la tabla. La de validación sube y baja a media carrera, pero
#   termina cerca de su mínimo, no lejos de él como la de la línea base.
# - La parada temprana es la línea base cortada: la misma curva hasta que
#   `val_loss` lleva 10 épocas sin mejorar, y los pesos de la mejor época.

# %%
fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), sharey=True)
for ax, history, title in zip(
    axes,
    [dropout_history, l2_history, stopped_history],
    ["dropout", "l2", "early_stopping"],
):
    plot_curves(ax, history, title, reference=baseline_val)
axes[2].axvline(early_stopping.best_epoch + 1, color="gray", linestyle=":")
plt.tight_layout()
plt.show()

# %% [markdown]
# Y las fronteras: las tres son más suaves que la de la línea base y ya no
# se estiran para atrapar puntos sueltos. Se parecen más entre sí que a la
# línea base: la forma de las lunas es lo que los tres modelos comparten, y
# el ruido, lo que han dejado de memorizar.

# %%
fig, axes = plt.subplots(2, 2, figsize=(10, 7.2), sharex=True, sharey=True)
for ax, model in zip(axes.flat, models):
    train_loss, val_loss = losses(model)
    plot_boundary(ax, model, f"{model.name}: val_loss {val_loss:.3f}")
plt.tight_layout()
plt.show()

# %% [markdown]
# Un resumen de todo el experimento en una figura: la pérdida de
# entrenamiento y la de validación de cada modelo. El subajuste tiene las dos
# barras altas y juntas; el sobreajuste, una barra baja y otra alta; los
# modelos regularizados, las dos en medio y más cerca. La mejor validación
# está entre los regularizados.

# %%
names = [model.name for model in [linear] + models]
train_losses, val_losses = zip(*[losses(model) for model in [linear] + models])
positions = np.arange(len(names))
fig, ax = plt.subplots(figsize=(8, 3.6))
ax.bar(positions - 0.2, train_losses, width=0.4, label="training loss")
ax.bar(positions + 0.2, val_losses, width=0.4, label="validation loss")
ax.set_xticks(positions, names)
ax.set_ylabel("cross-entropy (inference mode)")
ax.legend()
plt.tight_layout()
plt.show()

assert min(val_losses) < losses(baseline)[1] and min(val_losses) < losses(linear)[1]

# %% [markdown]
# ## Resumen { #summary }
#
# - El subajuste se ve en curvas altas, juntas y planas; el sobreajuste, en
#   una curva de entrenamiento que sigue bajando mientras la de validación
#   toca fondo y sube. Las fronteras de decisión lo muestran: una recta que
#   no sigue los datos, o una frontera que se retuerce para atrapar puntos
#   sueltos.
# - Para comparar remedios, cambia solo el remedio y mide las dos pérdidas
#   en modo de inferencia, sin penalizaciones.
# - `Dropout`, L2 y la parada temprana reducen la brecha (con esta semilla,
#   a menos de la mitad de la de la línea base) y mejoran la pérdida de
#   validación.
# - Una brecha pequeña solo es buena si la validación mejora: la red lineal
#   tiene la menor de todas y es el peor modelo.
#
# Para seguir practicando:
#
# - Entrena la línea base con 1000 puntos de entrenamiento en lugar de 200
#   (genera más con otro `random_state`). ¿Cuánto se reduce la brecha sin
#   ningún remedio? Más datos es el mejor regularizador.
# - Prueba varios factores de L2 (`L2(0.0003)`, `L2(0.003)`, `L2(0.03)`,
#   `L2(0.3)`) y dibuja la pérdida de entrenamiento y la de validación frente
#   al factor: verás el paso del sobreajuste al subajuste.
# - Combina `Dropout(0.3)` y `L2(0.001)` y compáralos con cada uno por
#   separado.
