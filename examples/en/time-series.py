# ---
# jupyter:
#   course:
#     after: [time-series.md]
# ---

# %% [markdown]
# # Time series: Mauna Loa CO₂ { #time-series }
#
# In this lesson you predict the next month of a real time series, the CO₂
# concentration in the air measured at Mauna Loa (Hawaii) from 1958 to 2001,
# which ships with statsmodels: nothing is downloaded. You go through the
# whole problem: turn the weekly measurements, with their gaps, into a
# monthly series; split training, validation and test in time; set the bar
# with three baselines; check why it pays to predict the change rather than
# the value; and compare a linear model, a dense network, a convolutional
# one (`Conv1D`) and a recurrent one (`GRU`) by the mean absolute error, in
# ppm. At the end, a figure of the six years of the test set.
#
# It follows the page [Time series](../../time-series/), which explains each
# piece at a gentler pace, with the same figures. It also builds on
# [Regression on real data](../../regression/).

# %%
import calendar

import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.linear_model import LinearRegression
from statsmodels.datasets import co2

print("Keras", keras.__version__)

# %% [markdown]
# ## The data { #the-data }
#
# One measurement a week, in parts per million (ppm), with some weeks
# missing. `resample("MS")` averages the weeks of each month, and
# `interpolate()` fills the months left without any with the straight line
# between their neighbors. The series rises year after year (the trend) and
# swings within each year (the yearly cycle).

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
assert values[-1] - values[0] > 50  # the trend

# %% [markdown]
# ## Splitting in time { #time-split }
#
# Training up to 1989, validation from 1990 to 1995 and test from 1996 to
# 2001, without shuffling. Because of the trend, the whole test set lies
# above everything seen in training.

# %%
train_end = int((dates < "1990-01-01").sum())
val_end = int((dates < "1996-01-01").sum())
test_values = values[val_end:]
print(f"train: {train_end} months | validation: {val_end - train_end} | test: {len(values) - val_end}")
print(f"highest training value: {values[:train_end].max():.1f} | lowest test value: {test_values.min():.1f}")

assert (train_end, val_end) == (382, 454)
assert test_values.min() > values[:train_end].max()

# %% [markdown]
# ## Three baselines { #baselines }
#
# The naive one repeats the previous month; the seasonal naive one, the same
# month a year earlier; the third adds to the previous month the change
# there was in that same month a year before. None of them learns anything.
# The seasonal naive one is the worst: it always falls short, by how much
# CO₂ rises in a year.

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
assert (test_values > baselines["seasonal naive"]).all()  # always below: the trend

# %% [markdown]
# ## Windows { #windows }
#
# `make_windows` cuts an already normalized series into 24-month windows
# with `keras.utils.timeseries_dataset_from_array`, and keeps the windows
# whose target falls between months `start` and `end - 1`. The windows of
# validation and test start in the previous part: that is their past, and it
# is known when you predict. All the windows of a part fit in a single
# batch, which becomes NumPy arrays.
#
# `fit_model` builds a model with the layers `make_layers` returns, created
# after the seed is set (each layer takes the seed of its initial weights
# when it is created), and trains it with early stopping, as on the page.

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
    keras.utils.set_random_seed(0)  # the same initial weights and the same order of the windows
    model = keras.Sequential([keras.Input(shape=(WINDOW, 1)), *make_layers()], name=name)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    stop = keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)
    model.fit(*train, validation_data=val, epochs=20, callbacks=[stop], verbose=0)
    return model


# The layers of each network, as on the page.
def dense_layers():
    return [keras.layers.Flatten(), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(1)]


def conv_layers():
    return [keras.layers.Conv1D(16, kernel_size=6, activation="relu"), keras.layers.Flatten(), keras.layers.Dense(1)]


def gru_layers():
    return [keras.layers.GRU(16), keras.layers.Dense(1)]


# %% [markdown]
# ## Predicting the value: out of range { #levels }
#
# First, the direct idea: windows of values, normalized with the mean and
# standard deviation of training, and the next month's value as the target.
# In the test set, the normalized values go beyond everything the model saw
# in training: the training maximum is 2.15 and the test set never drops
# below 2.48. Whatever it predicts there, it did not learn from a single
# example.

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
# ## Predicting the change { #changes }
#
# The changes from one month to the next have no trend: the test set moves
# in the same range as training. They are normalized with the training
# statistics, and the prediction is the last value plus the predicted
# change. Four models are compared on the same windows: a linear model from
# scikit-learn, fitted to the flattened windows (its best possible line,
# with no epochs or seeds), and the page's three networks.

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
assert max(maes[name] for name in networks) - min(maes[name] for name in networks) < 0.08  # no clear winner

# %% [markdown]
# The three networks end up very close together, a little over 20% below
# the change baseline, and the linear model, with no layers or activations,
# gets just as far: almost everything there is to learn here is a fixed
# combination of the changes of the last two years. The dense network on the
# values, on the other hand, is worse than the change baseline, even though
# it has the same architecture as the dense network on the changes: the
# difference lies in what it is asked to predict.
#
# ## The test set, month by month { #test-plot }
#
# The six years of the test set: the measured values, the best baseline and
# the best model. Below, the error of each one every month.

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
# At the top, the three curves nearly cover each other: an error of a
# quarter of a ppm is small next to the yearly cycle. The difference shows
# in the errors below, where the baseline's error swings wider than the
# model's.
#
# ## Summary { #summary }
#
# - **Split in time** and normalize with the training part: the test set is
#   the future.
# - **Measure against baselines** that learn nothing: the seasonal naive one
#   falls short because of the trend; repeating the change of a year ago is
#   the real bar.
# - **With a trend, predict the change**: the same dense network, on the
#   values, meets numbers in the test set it never saw and does worse than
#   that baseline.
# - **Compare with something simple**: the three networks and a linear model
#   end up a few hundredths apart. The `GRU` adds nothing on such a regular
#   series.
#
# To keep practicing: predict three months ahead instead of the next month
# (the targets, shifted three positions) and compare with the three-month
# change baseline; or try statsmodels' `sunspots` series, yearly and without
# a trend, where the seasonal naive baseline needs a cycle of about eleven
# years.
