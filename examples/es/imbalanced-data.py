# ---
# jupyter:
#   course:
#     after: [imbalanced-data.md]
# ---

# %% [markdown]
# # Tumores raros: precisión, exhaustividad y umbral { #imbalanced-data }
#
# En esta lección clasificas tumores de mama cuando solo uno de cada diez es
# maligno, con los datos reales que trae scikit-learn
# (`load_breast_cancer`). Recorres el problema entero: fijar la referencia
# con una línea base que dice siempre «benigno», decidir cuántas épocas
# entrenar con las curvas de validación, medir con precisión, exhaustividad,
# la matriz de confusión y las áreas bajo las curvas ROC y de
# precisión-exhaustividad, elegir el umbral de decisión con la validación,
# dibujar la curva de precisión-exhaustividad con el umbral marcado y probar
# `class_weight`.
#
# Es el recorrido de la página
# [Datos desequilibrados y las métricas que importan](../../imbalanced-data/),
# que explica cada métrica con más calma. Los datos vienen dentro de
# scikit-learn: no se descarga nada.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split

# Semillas de Python, NumPy y del backend: los mismos pesos iniciales y el
# mismo entrenamiento cada vez que se ejecuta el cuaderno.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## Los datos: un 10 % de malignos { #the-data }
#
# 569 tumores con 30 medidas de los núcleos de sus células; la etiqueta 0 es
# maligno y 1, benigno. Un 37 % son malignos porque son tumores a los que ya
# se había hecho una biopsia. Para estudiar un programa de detección
# temprana, donde los malignos son una minoría, la lección se queda con los
# 357 benignos y con 40 malignos elegidos al azar: un 10 %. Esa proporción
# es una decisión de la lección, no de los datos. La clase rara, maligno,
# pasa a ser la positiva (1).

# %%
cancer = load_breast_cancer()
malignant = cancer.target == 0
rng = np.random.default_rng(0)
kept_malignant = rng.choice(np.flatnonzero(malignant), size=40, replace=False)
keep = np.sort(np.concatenate([np.flatnonzero(~malignant), kept_malignant]))
x = cancer.data[keep].astype("float32")
y = malignant[keep].astype("float32")

print(f"all tumors: {len(cancer.target)}, malignant: {malignant.mean():.0%}")
print(f"kept: {len(y)} tumors, {int(y.sum())} malignant ({y.mean():.0%})")

assert malignant.sum() == 212 and len(y) == 397 and y.sum() == 40

# %% [markdown]
# ## Entrenamiento, validación y prueba { #three-sets }
#
# La mitad para entrenar, una cuarta parte para validar y otra para la
# prueba, con `stratify` para que cada parte tenga su 10 % de malignos. La
# validación decide las épocas y el umbral; la prueba se usa una vez, al
# final.

# %%
x_rest, x_test, y_rest, y_test = train_test_split(x, y, test_size=0.25, stratify=y, random_state=0)
x_train, x_val, y_train, y_val = train_test_split(
    x_rest, y_rest, test_size=1 / 3, stratify=y_rest, random_state=0
)
for name, part in (("train", y_train), ("validation", y_val), ("test", y_test)):
    print(f"{name:<10} {len(part):>4} tumors, {int(part.sum()):>3} malignant")

assert [int(part.sum()) for part in (y_train, y_val, y_test)] == [20, 10, 10]

# %% [markdown]
# ## La línea base: decir siempre «benigno» { #baseline }
#
# La línea base no mira las medidas. Su exactitud es alta, pero no
# encuentra ningún maligno: exhaustividad 0. Su área bajo la curva ROC es
# 0,5 y la de precisión-exhaustividad, la proporción de malignos.

# %%
always_benign = np.zeros_like(y_test)
baseline = {}
for name, metric in (
    ("accuracy", keras.metrics.BinaryAccuracy()),
    ("precision", keras.metrics.Precision()),
    ("recall", keras.metrics.Recall()),
    ("roc_auc", keras.metrics.AUC()),
    ("pr_auc", keras.metrics.AUC(curve="PR")),
):
    metric.update_state(y_test, always_benign)
    baseline[name] = float(metric.result())
    print(f"{name:<10} {baseline[name]:.2f}")

assert round(baseline["accuracy"], 2) == 0.9 and baseline["recall"] == 0.0
assert round(baseline["pr_auc"], 2) == 0.1

# %% [markdown]
# ## El modelo { #the-model }
#
# La normalización, adaptada con los datos de entrenamiento, una capa oculta
# de 16 neuronas y una salida `sigmoid` con la probabilidad de maligno.
# `compile` lleva la exactitud, la precisión, la exhaustividad y las dos
# áreas bajo la curva.

# %%
# Normalization adaptada a x_train, capa oculta y salida sigmoid, con cinco métricas.
def make_classifier(name):
    normalizer = keras.layers.Normalization(name="normalization")
    normalizer.adapt(x_train)
    model = keras.Sequential(
        [
            keras.Input(shape=(30,), name="measurements"),
            normalizer,
            keras.layers.Dense(16, activation="relu", name="hidden"),
            keras.layers.Dense(1, activation="sigmoid", name="malignant"),
        ],
        name=name,
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss="binary_crossentropy",
        metrics=[
            "accuracy",
            keras.metrics.Precision(name="precision"),
            keras.metrics.Recall(name="recall"),
            keras.metrics.AUC(name="roc_auc"),
            keras.metrics.AUC(curve="PR", name="pr_auc"),
        ],
    )
    return model


# %% [markdown]
# ## ¿Cuántas épocas? { #how-many-epochs }
#
# Un modelo de exploración aprende durante 40 épocas y, al final de cada
# una, se mide con la validación. La pérdida de validación toca su mínimo
# hacia la época 9 y después sube despacio, mientras la de entrenamiento
# sigue bajando: el modelo empieza a ajustarse a los tumores de
# entrenamiento. El área de precisión-exhaustividad de validación está cerca
# de su máximo desde las primeras épocas y no mejora después. 10 épocas
# bastan.

# %%
EXPLORE_EPOCHS, EPOCHS = 40, 10
keras.utils.set_random_seed(0)
explorer = make_classifier("explorer")
exploration = explorer.fit(
    x_train, y_train, validation_data=(x_val, y_val), epochs=EXPLORE_EPOCHS, batch_size=32, verbose=0
)
val_loss = np.array(exploration.history["val_loss"])
val_pr_auc = np.array(exploration.history["val_pr_auc"])

epochs = np.arange(1, EXPLORE_EPOCHS + 1)
fig, (ax_loss, ax_auc) = plt.subplots(1, 2, figsize=(10, 3.6))
ax_loss.plot(epochs, exploration.history["loss"], label="train")
ax_loss.plot(epochs, val_loss, label="validation")
ax_loss.axvline(EPOCHS, color="black", linestyle="--", linewidth=1, label=f"{EPOCHS} epochs")
ax_loss.set_xlabel("epoch")
ax_loss.set_ylabel("loss (binary cross-entropy)")
ax_loss.legend()
ax_auc.plot(epochs, val_pr_auc, color="tab:orange", label="validation")
ax_auc.axhline(y_val.mean(), color="gray", linestyle=":", label="baseline")
ax_auc.axvline(EPOCHS, color="black", linestyle="--", linewidth=1)
ax_auc.set_xlabel("epoch")
ax_auc.set_ylabel("area under the precision-recall curve")
ax_auc.set_ylim(0, 1.05)
ax_auc.legend()
plt.tight_layout()
plt.show()

print(f"validation loss at epoch {EPOCHS}: {val_loss[EPOCHS - 1]:.3f} | lowest: {val_loss.min():.3f} (epoch {val_loss.argmin() + 1})")
print(f"validation PR AUC at epoch {EPOCHS}: {val_pr_auc[EPOCHS - 1]:.3f} | best: {val_pr_auc.max():.3f}")

assert val_loss[EPOCHS - 1] < 1.2 * val_loss.min()  # cerca del mínimo
assert val_pr_auc[EPOCHS - 1] > val_pr_auc.max() - 0.05  # lo que se gana después es poco

# %% [markdown]
# ## El modelo final y la prueba { #evaluation }
#
# El modelo definitivo aprende 10 épocas (con la misma semilla, es el modelo
# de la página) y se evalúa una vez con la prueba. La matriz de confusión
# tiene la clase real en las filas y la predicha en las columnas, con el
# umbral de 0,5.

# %%
keras.utils.set_random_seed(0)
model = make_classifier("screening")
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0)
results = model.evaluate(x_test, y_test, verbose=0, return_dict=True)
test_scores = model.predict(x_test, verbose=0)[:, 0]

print(f"{'metric':<10} {'model':>6} {'baseline':>9}")
for name in ("accuracy", "precision", "recall", "roc_auc", "pr_auc"):
    print(f"{name:<10} {results[name]:>6.2f} {baseline[name]:>9.2f}")
(tn, fp), (fn, tp) = confusion_matrix(y_test, test_scores > 0.5)
print(f"confusion matrix: TN={tn} FP={fp} / FN={fn} TP={tp}")

assert results["recall"] >= 0.8 and results["precision"] >= 0.7
assert results["pr_auc"] > 0.85 > baseline["pr_auc"]
assert abs(tp / (tp + fp) - results["precision"]) < 1e-6
assert abs(tp / (tp + fn) - results["recall"]) < 1e-6

# %% [markdown]
# La exactitud apenas se separa de la de la línea base; la
# exhaustividad y el área de precisión-exhaustividad, en cambio, dicen que el
# modelo encuentra casi todos los malignos con pocas falsas alarmas.
#
# ## El umbral, elegido con la validación { #threshold }
#
# En la detección temprana, un maligno que se escapa cuesta más que una falsa alarma.
# La regla: el umbral más alto que encuentra todos los malignos de la
# validación. `Precision` y `Recall` con una lista de umbrales dan la curva
# de precisión-exhaustividad entera, umbral a umbral. La figura la dibuja
# con la validación, marca el umbral elegido y el de 0,5, y añade el punto
# al que llega la prueba con el umbral elegido.

# %%
thresholds = np.round(np.arange(0.01, 1.0, 0.01), 2).tolist()
val_scores = model.predict(x_val, verbose=0)[:, 0]


# Precisión y exhaustividad de unas probabilidades con cada umbral de la lista.
def precision_recall(labels, scores):
    precision = keras.metrics.Precision(thresholds=thresholds)
    recall = keras.metrics.Recall(thresholds=thresholds)
    precision.update_state(labels, scores)
    recall.update_state(labels, scores)
    return keras.ops.convert_to_numpy(precision.result()), keras.ops.convert_to_numpy(recall.result())


val_precisions, val_recalls = precision_recall(y_val, val_scores)
threshold = max(t for t, r in zip(thresholds, val_recalls) if r == 1.0)
chosen = thresholds.index(threshold)
half = thresholds.index(0.5)
test_precisions, test_recalls = precision_recall(y_test, test_scores)

fig, ax = plt.subplots(figsize=(6, 4.2))
ax.plot(val_recalls, val_precisions, color="tab:blue", label="validation, every threshold")
ax.scatter(
    val_recalls[half], val_precisions[half], color="tab:gray", s=110, zorder=3, label="validation, threshold 0.5"
)
ax.scatter(
    val_recalls[chosen], val_precisions[chosen], color="tab:red", zorder=3,
    label=f"validation, threshold {threshold}",
)
ax.scatter(
    test_recalls[chosen], test_precisions[chosen], color="tab:red", marker="x", s=70, zorder=3,
    label=f"test, threshold {threshold}",
)
ax.axhline(y_val.mean(), color="gray", linestyle=":", label="baseline")
ax.set_xlabel("recall")
ax.set_ylabel("precision")
ax.set_xlim(0, 1.05)
ax.set_ylim(0, 1.05)
ax.legend(loc="lower left")
plt.tight_layout()
plt.show()

print(f"threshold chosen on validation: {threshold}")
print(f"validation: precision {val_precisions[chosen]:.2f}, recall {val_recalls[chosen]:.2f}")
print(f"test:       precision {test_precisions[chosen]:.2f}, recall {test_recalls[chosen]:.2f}")
print("test confusion matrix:", confusion_matrix(y_test, test_scores > threshold).tolist())

assert val_recalls[chosen] == 1.0
assert threshold == thresholds[-1] or val_recalls[chosen + 1] < 1.0

# %% [markdown]
# La regla sube el umbral por encima de 0,5: el maligno de la validación
# con menos probabilidad está justo por encima del umbral elegido, y subir
# hasta ahí quita falsas alarmas sin perder ninguno. En la prueba, la matriz
# es la misma que con 0,5: el maligno que se escapa recibe una probabilidad
# muy baja, y ningún umbral que la validación justifique llega hasta él.
# Elegir el umbral mueve el modelo por su curva; no la mejora. Con diez
# malignos en la validación, además, el umbral es una estimación gruesa.
#
# ## Pesos de clase { #class-weight }
#
# `class_weight` hace que cada maligno cuente en la pérdida tanto como 8,9
# benignos, el cociente entre las dos clases en el entrenamiento.
# La comparación, con la misma semilla:

# %%
weight = float((y_train == 0).sum() / (y_train == 1).sum())
keras.utils.set_random_seed(0)
weighted = make_classifier("weighted")
weighted.fit(x_train, y_train, class_weight={0: 1.0, 1: weight}, epochs=EPOCHS, batch_size=32, verbose=0)
weighted_results = weighted.evaluate(x_test, y_test, verbose=0, return_dict=True)
weighted_scores = weighted.predict(x_test, verbose=0)[:, 0]

print(f"class weight of malignant: {weight:.1f}")
print(f"{'metric':<10} {'model':>6} {'weighted':>9}")
for name in ("accuracy", "precision", "recall", "roc_auc", "pr_auc"):
    print(f"{name:<10} {results[name]:>6.2f} {weighted_results[name]:>9.2f}")
print(f"mean probability of malignant: {test_scores.mean():.3f} without weights, {weighted_scores.mean():.3f} with them")

assert abs(weighted_results["roc_auc"] - results["roc_auc"]) < 0.03
assert abs(weighted_results["pr_auc"] - results["pr_auc"]) < 0.05
assert weighted_scores.mean() > test_scores.mean()

# %% [markdown]
# Las áreas apenas cambian: con 20 malignos en el entrenamiento y medidas que
# los separan bien, el modelo ya aprendía la clase rara sin ayuda. Los pesos
# suben las probabilidades y, con 0,5, el modelo da más falsas alarmas: un
# efecto parecido al de bajar el umbral. Después de usarlos, el umbral se
# vuelve a elegir con la validación.
#
# ## Resumen { #summary }
#
# - **Fija la línea base antes de entrenar**: decir siempre «benigno» da una
#   exactitud de 0,9 y una exhaustividad de 0. Con clases desequilibradas,
#   mira la precisión, la exhaustividad y el área de
#   precisión-exhaustividad, cuya línea base es la proporción de positivos.
# - **La matriz de confusión** cuenta los aciertos y los dos tipos de error;
#   de ella salen todas esas métricas.
# - **Elige el umbral con la validación**, según lo que cuesta cada error,
#   y mídelo una vez con la prueba.
# - **`class_weight`** da más peso a la clase rara; aquí desplaza las
#   probabilidades sin mejorar las áreas.
#
# Para seguir practicando: repite la lección con solo 20 malignos (un 5 %)
# y mira cuánto varían las cifras de la prueba con cinco malignos; o entrena
# con la mitad de los malignos del entrenamiento y comprueba si entonces
# `class_weight` mejora el área de precisión-exhaustividad.
