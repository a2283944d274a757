# ---
# jupyter:
#   course:
#     after: [regression.md]
# ---

# %% [markdown]
# # Regresión con datos reales: la progresión de la diabetes { #regression }
#
# En esta lección predices un número, la progresión de la diabetes de un
# paciente un año después de unas medidas iniciales, con los datos reales
# que trae scikit-learn (`load_diabetes`). Recorres el problema entero: mirar
# los datos y sus escalas, fijar la referencia con una línea base que
# siempre predice la media, poner la normalización dentro del modelo, decidir
# cuántas épocas entrenar a partir de las curvas de validación, medir el
# error absoluto medio con datos que el modelo no ha visto, dibujar los
# residuos y traducir los números a lo que significan para los pacientes.
#
# Es el recorrido de la página [Regresión con datos reales](../../regression/),
# que explica cada pieza con más calma. Se apoya en
# [`Normalization`](../../preprocessing-layers/#normalization) y en las
# piezas de [Tu primer modelo](../../first-model/). Los datos vienen dentro
# de scikit-learn: no se descarga nada.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split

# Semillas de Python, NumPy y del backend: los mismos pesos iniciales y el
# mismo entrenamiento cada vez que se ejecuta el cuaderno.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## Los datos { #the-data }
#
# 442 pacientes, diez medidas por paciente tomadas al empezar (edad, sexo
# codificado como 1 o 2, índice de masa corporal, presión arterial media y
# seis análisis de sangre) y, como objetivo, una medida cuantitativa de la
# progresión de la enfermedad un año después. `scaled=False` devuelve las
# medidas en sus unidades originales. Las escalas son muy distintas: el
# colesterol (`s1`) ronda 190 y el sexo vale 1 o 2.

# %%
diabetes = load_diabetes(scaled=False)
x = diabetes.data.astype("float32")
y = diabetes.target.astype("float32")

print(f"{'column':<7} {'mean':>7} {'std':>7} {'min':>7} {'max':>7}")
for name, column in zip(diabetes.feature_names, x.T):
    print(f"{name:<7} {column.mean():>7.1f} {column.std():>7.1f} {column.min():>7.1f} {column.max():>7.1f}")
print(f"{'target':<7} {y.mean():>7.1f} {y.std():>7.1f} {y.min():>7.1f} {y.max():>7.1f}")

assert x.shape == (442, 10) and y.shape == (442,)
assert (y.min(), y.max()) == (25, 346)
assert x.std(axis=0).max() / x.std(axis=0).min() > 50  # escalas muy distintas

# %% [markdown]
# La versión predeterminada, `load_diabetes()`, trae cada columna centrada y
# dividida entre su desviación típica multiplicada por √442, con las
# estadísticas de todos los pacientes, también de los que irán a la prueba.
# Aquí se usan las medidas originales y la normalización la hace el modelo,
# con las estadísticas del entrenamiento.

# %%
scaled = load_diabetes().data
raw = diabetes.data
print("sum of squares of each scaled column:", (scaled**2).sum(axis=0).round(3))

assert np.allclose(scaled, (raw - raw.mean(axis=0)) / (raw.std(axis=0) * np.sqrt(len(raw))))

# %% [markdown]
# El objetivo se reparte de forma asimétrica: muchos pacientes entre 50 y
# 150 y una cola larga hacia valores altos.

# %%
fig, ax = plt.subplots(figsize=(6, 3.2))
ax.hist(y, bins=30, color="tab:blue")
ax.axvline(y.mean(), color="black", linestyle=":", label=f"mean = {y.mean():.0f}")
ax.set_xlabel("disease progression after one year")
ax.set_ylabel("patients")
ax.legend()
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Entrenamiento, prueba y la línea base { #baseline }
#
# Un 20 % de los pacientes queda aparte como conjunto de prueba. La línea
# base predice para todos la media del entrenamiento; su error
# absoluto medio (MAE, la media de |valor real − predicción|) es la referencia.
# Una regresión lineal de scikit-learn da una segunda referencia, más
# exigente.

# %%
x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
baseline = float(y_train.mean())
baseline_mae = float(np.abs(y_test - baseline).mean())
linear = LinearRegression().fit(x_train, y_train)
linear_mae = float(np.abs(y_test - linear.predict(x_test)).mean())

print("train:", x_train.shape, "| test:", x_test.shape)
print(f"baseline prediction = {baseline:.1f} | baseline MAE = {baseline_mae:.1f} | linear MAE = {linear_mae:.1f}")

assert (len(x_train), len(x_test)) == (353, 89)
assert linear_mae < baseline_mae

# %% [markdown]
# ## El modelo, con la normalización dentro { #the-model }
#
# `make_regressor` adapta una capa `Normalization` a las medidas que recibe
# (solo de entrenamiento), y construye el modelo: la normalización, una capa
# oculta de 16 neuronas y una salida sin activación cuyo sesgo empieza en
# la media del objetivo, para que el modelo arranque cerca de la línea
# base. La pérdida es el error cuadrático medio y el MAE va como
# métrica.

# %%
# Normalization adaptada a x_fit, capa oculta y salida que empieza en la media de y_fit.
def make_regressor(x_fit, y_fit, name):
    normalizer = keras.layers.Normalization(name="normalization")
    normalizer.adapt(x_fit)
    model = keras.Sequential(
        [
            keras.Input(shape=(10,), name="measurements"),
            normalizer,
            keras.layers.Dense(16, activation="relu", name="hidden"),
            keras.layers.Dense(
                1, bias_initializer=keras.initializers.Constant(float(y_fit.mean())), name="progression"
            ),
        ],
        name=name,
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02), loss="mse", metrics=["mae"])
    return model


# %% [markdown]
# ## ¿Cuántas épocas? { #how-many-epochs }
#
# Para decidirlo sin tocar la prueba, el último 20 % de los pacientes de
# entrenamiento hace de validación: un modelo de exploración aprende del
# resto durante 40 épocas, y las curvas dicen cuándo deja de mejorar con
# pacientes que no ve. El MAE de entrenamiento sigue bajando despacio; el de
# validación se estanca hacia la época 20, y lo que baja después son
# décimas, del tamaño del ruido de medir con solo 71 pacientes. 20 épocas
# bastan.

# %%
EXPLORE_EPOCHS, EPOCHS = 40, 20
split_at = int(len(x_train) * 0.8)
x_fit, x_val = x_train[:split_at], x_train[split_at:]
y_fit, y_val = y_train[:split_at], y_train[split_at:]

keras.utils.set_random_seed(0)
explorer = make_regressor(x_fit, y_fit, "explorer")
exploration = explorer.fit(
    x_fit, y_fit, validation_data=(x_val, y_val), epochs=EXPLORE_EPOCHS, batch_size=32, verbose=0
)
val_mae = np.array(exploration.history["val_mae"])
val_baseline_mae = float(np.abs(y_val - y_fit.mean()).mean())

epochs = np.arange(1, EXPLORE_EPOCHS + 1)
fig, ax = plt.subplots(figsize=(7, 3.6))
ax.plot(epochs, exploration.history["mae"], label="train")
ax.plot(epochs, val_mae, label="validation")
ax.axhline(val_baseline_mae, color="gray", linestyle=":", label="baseline (validation)")
ax.axvline(EPOCHS, color="black", linestyle="--", linewidth=1, label=f"{EPOCHS} epochs")
ax.set_xlabel("epoch")
ax.set_ylabel("MAE")
ax.set_ylim(0, 80)
ax.legend()
plt.tight_layout()
plt.show()

print(f"validation MAE at epoch {EPOCHS}: {val_mae[EPOCHS - 1]:.1f} | best: {val_mae.min():.1f} (epoch {val_mae.argmin() + 1})")
print(f"validation baseline MAE: {val_baseline_mae:.1f}")

assert val_mae[EPOCHS - 1] < 0.85 * val_baseline_mae
assert val_mae[EPOCHS - 1] - val_mae.min() < 3  # lo que se gana después es poco

# %% [markdown]
# ## El modelo final y la prueba { #evaluation }
#
# El modelo definitivo aprende de todos los pacientes de entrenamiento
# durante 20 épocas (con la misma semilla, es el modelo de la página) y se
# evalúa una sola vez con la prueba. Para ver qué aporta la normalización,
# el mismo modelo sin esa capa sirve de comparación.

# %%
keras.utils.set_random_seed(0)
model = make_regressor(x_train, y_train, "diabetes_regressor")
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0)
test_mse, test_mae = model.evaluate(x_test, y_test, verbose=0)

keras.utils.set_random_seed(0)
unnormalized = keras.Sequential(
    [
        keras.Input(shape=(10,), name="measurements"),
        keras.layers.Dense(16, activation="relu", name="hidden"),
        keras.layers.Dense(1, bias_initializer=keras.initializers.Constant(baseline), name="progression"),
    ],
    name="unnormalized_regressor",
)
unnormalized.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02), loss="mse", metrics=["mae"])
unnormalized.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0)
unnormalized_mae = unnormalized.evaluate(x_test, y_test, verbose=0)[1]

print(f"baseline MAE:             {baseline_mae:.1f}")
print(f"without Normalization:    {unnormalized_mae:.1f}")
print(f"linear regression MAE:    {linear_mae:.1f}")
print(f"model MAE:                {test_mae:.1f} ({test_mae / baseline_mae:.0%} of the baseline's)")

assert test_mae < 0.85 * baseline_mae  # al menos un 15 % mejor que predecir la media
assert unnormalized_mae > test_mae + 3  # la normalización importa

# %% [markdown]
# ## Los residuos { #residuals }
#
# Los residuos son las diferencias entre el valor real y la predicción. A la
# izquierda, cada paciente de prueba según su valor real y lo que predice el
# modelo: si acertara siempre, todos los puntos estarían en la diagonal. En
# el centro, los residuos frente al valor real: suben de izquierda a
# derecha, porque el modelo es prudente y acerca sus predicciones a la
# media, así que a los pacientes con más progresión les predice de menos y
# a los que tienen menos, de más. A la derecha, la distribución de los
# residuos del modelo frente a los de la línea base: más estrecha y
# centrada en 0, sin un sesgo sistemático hacia arriba ni hacia abajo.

# %%
predictions = model.predict(x_test, verbose=0)[:, 0]
residuals = y_test - predictions
baseline_residuals = y_test - baseline

fig, (ax_fit, ax_res, ax_hist) = plt.subplots(1, 3, figsize=(13, 4))
ax_fit.scatter(y_test, predictions, s=14)
ax_fit.plot([25, 346], [25, 346], color="gray", linestyle=":", label="perfect")
ax_fit.axhline(baseline, color="tab:orange", linestyle="--", label="baseline")
ax_fit.set_xlabel("true progression")
ax_fit.set_ylabel("predicted progression")
ax_fit.legend()
ax_res.scatter(y_test, residuals, s=14)
ax_res.axhline(0, color="gray", linestyle=":")
ax_res.set_xlabel("true progression")
ax_res.set_ylabel("residual (true − predicted)")
bins = np.linspace(-200, 200, 21)
ax_hist.hist(baseline_residuals, bins=bins, alpha=0.6, color="tab:orange", label="baseline")
ax_hist.hist(residuals, bins=bins, alpha=0.6, color="tab:blue", label="model")
ax_hist.set_xlabel("residual")
ax_hist.set_ylabel("patients")
ax_hist.legend()
plt.tight_layout()
plt.show()

residual_trend = float(np.corrcoef(y_test, residuals)[0, 1])
print(f"mean residual = {residuals.mean():.1f} | std of predictions = {predictions.std():.1f} | std of y_test = {y_test.std():.1f}")
print(f"correlation between true value and residual = {residual_trend:.2f}")

assert abs(residuals.mean()) < 10  # sin sesgo sistemático
assert predictions.std() < y_test.std()  # predicciones más apretadas que la realidad
assert residual_trend > 0.5  # el modelo acerca sus predicciones a la media

# %% [markdown]
# ## Qué significan los números { #reading-the-numbers }
#
# El MAE se lee en las unidades del objetivo. Comparado con lo que varían
# los pacientes (la desviación típica del objetivo en la prueba) y con el
# línea base, y resumido en R², la fracción de la varianza que
# explica el modelo:

# %%
r2 = 1 - (residuals**2).mean() / ((y_test - y_test.mean()) ** 2).mean()
within_mae = np.mean(np.abs(residuals) < test_mae)

print(f"MAE = {test_mae:.1f} units = {test_mae / y_test.std():.2f} standard deviations of the target")
print(f"the baseline misses by {baseline_mae:.1f}; the model, by {baseline_mae - test_mae:.1f} units less")
print(f"R² = {r2:.2f}")
print(f"{within_mae:.0%} of the test patients are predicted within ±{test_mae:.0f} units")

assert 0.2 < r2 < 0.6

# %% [markdown]
# Un error típico de unas 45 unidades, algo más de media desviación típica:
# con un paciente concreto, un error de ese tamaño, por arriba o por abajo,
# es lo normal. R² dice que el modelo explica un tercio de la varianza entre
# pacientes, claramente más que predecir la media; el resto depende de cosas
# que estas diez medidas no recogen. No es la fracción de pacientes que
# acierta, ni basta para ordenarlos por riesgo en la consulta o para
# anunciarle a uno concreto cuánto avanzará su enfermedad: nada de lo que
# mide esta lección valida el modelo para un uso clínico. Y una regresión
# lineal hace casi lo mismo: con 353 pacientes y diez medidas, la red no
# tiene mucho más que aprender.
#
# ## Un paciente nuevo { #a-new-patient }
#
# Como la normalización va dentro, el modelo recibe las medidas en sus
# unidades originales. La celda predice para un paciente inventado y dibuja
# cómo cambia la predicción con su índice de masa corporal, con todo lo
# demás fijo, según la red y según la regresión lineal. Las dos curvas van
# casi juntas: para este paciente, la red ha aprendido prácticamente una
# recta, otra señal de que con estos datos no hay mucho más que aprender.

# %%
new_patient = {"age": 50, "sex": 1, "bmi": 30.0, "bp": 100, "s1": 200, "s2": 120, "s3": 45, "s4": 4.5, "s5": 5.0, "s6": 95}
x_new = np.array([[new_patient[name] for name in diabetes.feature_names]], dtype="float32")
print(f"predicted progression: {float(model.predict(x_new, verbose=0)[0, 0]):.0f}")

bmi_values = np.linspace(20, 40, 21)
x_bmi = np.repeat(x_new, len(bmi_values), axis=0)
x_bmi[:, diabetes.feature_names.index("bmi")] = bmi_values
network_curve = model.predict(x_bmi, verbose=0)[:, 0]
linear_curve = linear.predict(x_bmi)

fig, ax = plt.subplots(figsize=(6, 3.6))
ax.plot(bmi_values, network_curve, label="network")
ax.plot(bmi_values, linear_curve, linestyle="--", label="linear regression")
ax.set_xlabel("body mass index (the rest of the patient fixed)")
ax.set_ylabel("predicted progression")
ax.legend()
plt.tight_layout()
plt.show()

bmi_gap = float(np.abs(network_curve - linear_curve).max())
print(f"largest gap between the network and the linear regression: {bmi_gap:.1f}")

assert network_curve[-1] > network_curve[0] + 30  # más índice de masa corporal, más progresión
assert bmi_gap < 25  # casi la misma recta

# %% [markdown]
# ## Resumen { #summary }
#
# - **Fija la línea base antes de entrenar**: predecir la media da el MAE que
#   cualquier modelo tiene que mejorar; una regresión lineal, uno más
#   exigente.
# - **Normaliza dentro del modelo y solo con el entrenamiento**:
#   `scaled=False`, una capa `Normalization` adaptada a los datos de
#   entrenamiento, y el modelo acepta medidas en sus unidades. Sin ella, con
#   estas escalas, el modelo apenas supera a la línea base.
# - **Elige las épocas con validación**, no con la prueba.
# - **Mira los residuos**: un modelo que explica solo parte de la varianza
#   acerca sus predicciones a la media.
# - **Traduce el error al problema**: MAE frente a la desviación típica del
#   objetivo, R², y para qué sirve (y para qué no) un modelo con ese error.
#
# Para seguir practicando: entrena con `loss="mae"` en lugar de `"mse"` y
# compara el MAE de prueba y los residuos; o quita columnas (por ejemplo,
# los seis análisis de sangre) y mide cuánto empeora el modelo.
