# ---
# jupyter:
#   course:
#     after: [time-series.md]
# ---

# %% [markdown]
# # Series temporales: el CO₂ de Mauna Loa { #time-series }
#
# En esta lección predices el mes siguiente de una serie temporal real, la
# concentración de CO₂ del aire medida en Mauna Loa (Hawái) de 1958 a 2001,
# que viene dentro de statsmodels: no se descarga nada. Recorres el problema
# entero: pasar las medidas semanales, con huecos, a una serie mensual;
# separar entrenamiento, validación y prueba en el tiempo; fijar la referencia
# con tres líneas base; comprobar por qué conviene predecir el cambio y no el
# valor; y comparar un modelo lineal, una red densa, una convolucional
# (`Conv1D`) y una recurrente (`GRU`) con el error absoluto medio, en ppm.
# Al final, una figura con los seis años de la prueba.
#
# Es el recorrido de la página [Series temporales](../../time-series/), que
# explica cada pieza con más calma, con las mismas cifras. Se apoya también
# en [Regresión con datos reales](../../regression/).

# %%
import calendar

import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.linear_model import LinearRegression
from statsmodels.datasets import co2

print("Keras", keras.__version__)

# %% [markdown]
# ## Los datos { #the-data }
#
# Una medida por semana, en partes por millón (ppm), con semanas sin medida.
# `resample("MS")` promedia las semanas de cada mes, y `interpolate()`
# rellena los meses que se quedan sin ninguna con la recta entre sus
# vecinos. La serie sube año tras año (la tendencia) y oscila dentro de cada
# año (el ciclo anual).

# %%
weekly = co2.load_pandas().data["co2"]
monthly = weekly.resample("MS").mean()
print(f"{len(weekly)} weeks, {int(weekly.isna().sum())} without a measurement")
print(f"{len(monthly)} months, {int(monthly.isna().sum())} without a measurement before interpolating")
monthly = monthly.interpolate()
values = monthly.to_numpy()
dates = monthly.index
print(f"from {values[0]:.1f} ppm ({dates[0]:%B %Y}) to {values[-1]:.1f} ppm ({dates[-1]:%B %Y})")

by_month = monthly.groupby(dates.month).mean()
print(f"highest month on average: {calendar.month_name[by_month.idxmax()]}; lowest: {calendar.month_name[by_month.idxmin()]}")

assert len(values) == 526 and not np.isnan(values).any()
assert values[-1] - values[0] > 50  # la tendencia

# %% [markdown]
# ## Separar en el tiempo { #time-split }
#
# Entrenamiento hasta 1989, validación de 1990 a 1995 y prueba de 1996 a
# 2001, sin barajar. Por la tendencia, la prueba entera queda por encima de
# todo lo visto en el entrenamiento.

# %%
train_end = int((dates < "1990-01-01").sum())
val_end = int((dates < "1996-01-01").sum())
test_values = values[val_end:]
print(f"train: {train_end} months | validation: {val_end - train_end} | test: {len(values) - val_end}")
print(f"highest training value: {values[:train_end].max():.1f} | lowest test value: {test_values.min():.1f}")

assert (train_end, val_end) == (382, 454)
assert test_values.min() > values[:train_end].max()

# %% [markdown]
# ## Tres líneas base { #baselines }
#
# La ingenua repite el mes anterior; la estacional ingenua, el mismo mes del
# año anterior; la tercera suma al mes anterior el cambio que hubo ese mismo
# mes un año antes. Ninguna aprende nada. La estacional ingenua es la peor:
# se queda corta siempre, en lo que sube el CO₂ en un año.

# %%
changes = np.diff(values, prepend=np.nan)  # changes[t] = values[t] - values[t - 1]
baselines = {
    "naive": values[val_end - 1 : -1],
    "seasonal naive": values[val_end - 12 : -12],
    "same change": values[val_end - 1 : -1] + changes[val_end - 12 : -12],
}
baseline_maes = {name: float(np.abs(test_values - p).mean()) for name, p in baselines.items()}
for name, mae in baseline_maes.items():
    print(f"{name:<15} MAE = {mae:.2f} ppm")
print(f"seasonal naive, mean signed error = {(test_values - baselines['seasonal naive']).mean():.2f} ppm")

assert baseline_maes["same change"] < baseline_maes["naive"] < baseline_maes["seasonal naive"]
assert (test_values > baselines["seasonal naive"]).all()  # siempre por debajo: la tendencia

# %% [markdown]
# ## Ventanas { #windows }
#
# `make_windows` corta una serie ya normalizada en ventanas de 24 meses con
# `keras.utils.timeseries_dataset_from_array`, y se queda con las ventanas
# cuyo objetivo cae entre los meses `start` y `end - 1`. Las ventanas de la
# validación y de la prueba empiezan en la parte anterior: es su pasado, y se
# conoce al predecir. Todas las ventanas de una parte caben en un solo lote,
# que pasa a arrays de NumPy.
#
# `fit_model` construye un modelo con las capas que devuelve `make_layers`,
# creadas después de fijar la semilla (cada capa toma la semilla de sus
# pesos iniciales al crearse), y lo entrena con parada temprana, como en la
# página.

# %%
WINDOW = 24


def make_windows(series, start, end):
    data = series[start - WINDOW : end]
    dataset = keras.utils.timeseries_dataset_from_array(
        data[:-1], data[WINDOW:], sequence_length=WINDOW, batch_size=end - start
    )
    inputs, targets = next(iter(dataset))
    return keras.ops.convert_to_numpy(inputs)[..., None], keras.ops.convert_to_numpy(targets)


def fit_model(name, make_layers, train, val):
    keras.utils.set_random_seed(0)  # los mismos pesos iniciales y el mismo orden de las ventanas
    model = keras.Sequential([keras.Input(shape=(WINDOW, 1)), *make_layers()], name=name)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    stop = keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)
    model.fit(*train, validation_data=val, epochs=20, callbacks=[stop], verbose=0)
    return model


# Las capas de cada red, como en la página.
def dense_layers():
    return [keras.layers.Flatten(), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)]


def conv_layers():
    return [keras.layers.Conv1D(16, kernel_size=6, activation="relu"), keras.layers.Flatten(), keras.layers.Dense(1)]


def gru_layers():
    return [keras.layers.GRU(16), keras.layers.Dense(1)]


# %% [markdown]
# ## Predecir el valor: fuera de rango { #levels }
#
# Primero, la idea directa: ventanas de valores, normalizados con la media y
# la desviación típica del entrenamiento, y como objetivo el valor del mes
# siguiente. En la prueba, los valores normalizados pasan de todo lo que el
# modelo vio al entrenar: el máximo del entrenamiento es 2,15 y la prueba
# no baja de 2,48. Lo que prediga ahí no lo aprendió de ningún ejemplo.

# %%
level_mean, level_std = values[:train_end].mean(), values[:train_end].std()
levels = ((values - level_mean) / level_std).astype("float32")
level_sets = [make_windows(levels, s, e) for s, e in [(WINDOW, train_end), (train_end, val_end), (val_end, len(values))]]
print(f"scaled values: training up to {levels[:train_end].max():.2f}, test from {levels[val_end:].min():.2f}")

dense_on_levels = fit_model("dense_on_levels", dense_layers, level_sets[0], level_sets[1])
level_predictions = dense_on_levels.predict(level_sets[2][0], batch_size=72, verbose=0)[:, 0] * level_std + level_mean
level_mae = float(np.abs(test_values - level_predictions).mean())
print(f"dense network on the values: test MAE = {level_mae:.2f} ppm")

assert levels[val_end:].min() > levels[:train_end].max()
assert level_mae > baseline_maes["same change"]

# %% [markdown]
# ## Predecir el cambio { #changes }
#
# Los cambios de un mes al siguiente no tienen tendencia: la prueba se mueve
# en el mismo rango que el entrenamiento. Se normalizan con las estadísticas
# del entrenamiento, y la predicción es el último valor más el cambio
# previsto. Se comparan cuatro modelos con las mismas ventanas: un modelo
# lineal de scikit-learn, ajustado a las ventanas aplanadas (su mejor recta
# posible, sin épocas ni semillas), y las tres redes de la página.

# %%
mean, std = changes[1:train_end].mean(), changes[1:train_end].std()
scaled = ((changes - mean) / std).astype("float32")
train = make_windows(scaled, WINDOW + 1, train_end)
val = make_windows(scaled, train_end, val_end)
x_test, _ = make_windows(scaled, val_end, len(values))
print("windows:", train[0].shape, val[0].shape, x_test.shape)


def to_ppm(predicted_scaled_changes):
    return values[val_end - 1 : -1] + predicted_scaled_changes * std + mean


linear = LinearRegression().fit(train[0][:, :, 0], train[1])
predictions = {"linear": to_ppm(linear.predict(x_test[:, :, 0]))}

networks = {"dense": dense_layers, "conv1d": conv_layers, "gru": gru_layers}
for name, make_layers in networks.items():
    model = fit_model(name, make_layers, train, val)
    predictions[name] = to_ppm(model.predict(x_test, batch_size=72, verbose=0)[:, 0])

maes = {name: float(np.abs(test_values - p).mean()) for name, p in predictions.items()}
for name, mae in {**baseline_maes, "dense on the values": level_mae, **maes}.items():
    print(f"{name:<20} MAE = {mae:.2f} ppm")

assert all(maes[name] < baseline_maes["same change"] for name in networks)
assert all(maes[name] < baseline_maes["naive"] / 3 for name in networks)
assert max(maes[name] for name in networks) - min(maes[name] for name in networks) < 0.08  # sin ganadora clara

# %% [markdown]
# Las tres redes quedan muy juntas, algo más de un 20 % por debajo de la
# línea base del cambio, y el modelo lineal, sin capas ni activaciones, llega
# a lo mismo: casi todo lo que hay que aprender aquí es una combinación fija de
# los cambios de los dos últimos años. La red densa sobre los valores, en
# cambio, es peor que la línea base del cambio, aunque tiene la misma
# arquitectura que la red densa sobre los cambios: la diferencia está en
# lo que se le pide predecir.
#
# ## La prueba, mes a mes { #test-plot }
#
# Los seis años de la prueba: los valores reales, la mejor línea base y el
# mejor modelo. Debajo, el error de cada uno en cada mes.

# %%
best_baseline = min(baseline_maes, key=baseline_maes.get)
best_model = min(maes, key=maes.get)
test_dates = dates[val_end:]

fig, (ax, ax_err) = plt.subplots(2, 1, figsize=(9, 6), sharex=True, height_ratios=[2, 1])
ax.plot(test_dates, test_values, color="black", linewidth=2, label="measured")
ax.plot(test_dates, baselines[best_baseline], color="tab:orange", linestyle="--",
        label=f"baseline: {best_baseline} (MAE {baseline_maes[best_baseline]:.2f})")
ax.plot(test_dates, predictions[best_model], color="tab:blue",
        label=f"model: {best_model} (MAE {maes[best_model]:.2f})")
ax.set_ylabel("CO₂ (ppm)")
ax.legend()
ax_err.axhline(0, color="gray", linewidth=1)
ax_err.plot(test_dates, test_values - baselines[best_baseline], color="tab:orange", linestyle="--")
ax_err.plot(test_dates, test_values - predictions[best_model], color="tab:blue")
ax_err.set_ylabel("error (ppm)")
plt.tight_layout()
plt.show()

print(f"best baseline: {best_baseline} | best model: {best_model}")
assert best_baseline == "same change"
assert maes[best_model] < 0.85 * baseline_maes[best_baseline]

# %% [markdown]
# Arriba, las tres curvas casi se tapan: un error de un cuarto de ppm es
# poco al lado del ciclo anual. La diferencia se ve en los errores de abajo,
# donde el de la línea base da saltos más grandes que el del modelo.
#
# ## Resumen { #summary }
#
# - **Separa en el tiempo** y normaliza con el entrenamiento: la prueba es
#   el futuro.
# - **Mide frente a líneas base** que no aprenden: la estacional ingenua se
#   queda corta por la tendencia; repetir el cambio de hace un año es la
#   referencia que hay que batir.
# - **Con tendencia, predice el cambio**: la misma red densa, sobre los
#   valores, ve en la prueba números que nunca vio y lo hace peor que esa
#   línea base.
# - **Compara con algo sencillo**: las tres redes y un modelo lineal quedan a
#   unas centésimas unos de otros. La `GRU` no aporta nada con una serie tan
#   regular.
#
# Para seguir practicando: predice a tres meses vista en lugar de al mes
# siguiente (los objetivos, desplazados tres posiciones) y compara con la
# línea base del cambio a tres meses; o prueba la serie `sunspots` de
# statsmodels, anual y sin tendencia, donde la estacional ingenua necesita
# un ciclo de unos once años.
