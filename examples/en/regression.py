# ---
# jupyter:
#   course:
#     after: [regression.md]
# ---

# %% [markdown]
# # Regression on real data: the progression of diabetes { #regression }
#
# In this lesson you predict a number, how far a patient's diabetes has
# progressed one year after some initial measurements, on the real data that
# ships with scikit-learn (`load_diabetes`). You go through the whole
# problem: look at the data and its scales, set the bar with a baseline
# that always predicts the mean, put normalization inside the model, decide
# how many epochs to train from the validation curves, measure the mean
# absolute error on data the model has not seen, plot the residuals, and
# translate the numbers into what they mean for the patients.
#
# It follows the page [Regression on real data](../../regression/), which
# explains each piece at a gentler pace. It builds on
# [`Normalization`](../../preprocessing-layers/#normalization) and the
# pieces of [Your first model](../../first-model/). The data ships with
# scikit-learn: nothing is downloaded.

# %%
import matplotlib.pyplot as plt
import numpy as np
import keras
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split

# Seeds for Python, NumPy and the backend: the same initial weights and the same
# training every time the notebook runs.
keras.utils.set_random_seed(0)

print("Keras", keras.__version__)

# %% [markdown]
# ## The data { #the-data }
#
# 442 patients, ten measurements per patient taken at the start (age, sex
# coded as 1 or 2, body mass index, average blood pressure and six blood
# tests) and, as the target, a quantitative measure of disease progression
# one year later. `scaled=False` returns the measurements in their original
# units. The scales are very different: cholesterol (`s1`) is around 190 and
# sex is 1 or 2.

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
assert x.std(axis=0).max() / x.std(axis=0).min() > 50  # very different scales

# %% [markdown]
# The default version, `load_diabetes()`, comes with every column centered
# and divided by its standard deviation times √442, using the statistics of
# all the patients, including those that will go to the test set. Here the
# original measurements are used and the model does the normalization, with
# the training statistics.

# %%
scaled = load_diabetes().data
raw = diabetes.data
print("sum of squares of each scaled column:", (scaled**2).sum(axis=0).round(3))

assert np.allclose(scaled, (raw - raw.mean(axis=0)) / (raw.std(axis=0) * np.sqrt(len(raw))))

# %% [markdown]
# The target is skewed: many patients between 50 and 150 and a long tail
# toward high values.

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
# ## Training, test and the bar to clear { #baseline }
#
# 20% of the patients are set aside as a test set. The baseline predicts the
# training mean for everyone; its mean absolute error (MAE, the mean of
# |true value − prediction|) is the bar to clear. A linear regression from
# scikit-learn gives a second, more demanding reference.

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
# ## The model, with normalization inside { #the-model }
#
# `make_regressor` adapts a `Normalization` layer to the measurements it is
# given (training data only) and builds the model: the normalization, a
# hidden layer of 16 neurons and an output without activation whose bias
# starts at the target's mean, so that the model starts out close to the
# baseline. The loss is the mean squared error, and the MAE goes in as a
# metric.

# %%
# Normalization adapted to x_fit, a hidden layer and an output that starts at y_fit's mean.
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
# ## How many epochs? { #how-many-epochs }
#
# To decide without touching the test set, the last 20% of the training
# patients serve as validation: an exploration model learns from the rest
# for 40 epochs, and the curves tell when it stops improving on patients it
# does not see. The training MAE keeps going down slowly; the validation MAE
# levels off around epoch 20, and whatever it drops after that is tenths,
# the size of the noise of measuring on only 71 patients. 20 epochs are
# enough.

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
assert val_mae[EPOCHS - 1] - val_mae.min() < 3  # little to gain after that

# %% [markdown]
# ## The final model and the test { #evaluation }
#
# The final model learns from all the training patients for 20 epochs (with
# the same seed, it is the page's model) and is evaluated once on the test
# set. To see what normalization adds, the same model without that layer
# serves as a comparison.

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

assert test_mae < 0.85 * baseline_mae  # at least 15% better than predicting the mean
assert unnormalized_mae > test_mae + 3  # normalization matters

# %% [markdown]
# ## The residuals { #residuals }
#
# The residuals are the differences between the true value and the
# prediction. On the left, each test patient by their true value and what
# the model predicts: if it were always right, every point would be on the
# diagonal. In the middle, the residuals against the true value: they rise
# from left to right, because the model is cautious and pulls its
# predictions toward the mean, so it underpredicts the patients with the
# most progression and overpredicts those with the least. On the right, the
# distribution of the model's residuals against the baseline's: narrower and
# centered on 0, with no systematic bias up or down.

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

assert abs(residuals.mean()) < 10  # no systematic bias
assert predictions.std() < y_test.std()  # predictions tighter than reality
assert residual_trend > 0.5  # the model pulls its predictions toward the mean

# %% [markdown]
# ## What the numbers mean { #reading-the-numbers }
#
# The MAE reads in the target's units. Compared with how much patients vary
# (the target's standard deviation on the test set) and with the baseline,
# and summed up in R², the fraction of the variance the model explains:

# %%
r2 = 1 - (residuals**2).mean() / ((y_test - y_test.mean()) ** 2).mean()
within_mae = np.mean(np.abs(residuals) < test_mae)

print(f"MAE = {test_mae:.1f} units = {test_mae / y_test.std():.2f} standard deviations of the target")
print(f"the baseline misses by {baseline_mae:.1f}; the model, by {baseline_mae - test_mae:.1f} units less")
print(f"R² = {r2:.2f}")
print(f"{within_mae:.0%} of the test patients are predicted within ±{test_mae:.0f} units")

assert 0.2 < r2 < 0.6

# %% [markdown]
# A typical error of about 45 units, a bit more than half a standard
# deviation: for any one patient, an error of that size, up or down, is to
# be expected. R² says that the model explains a third of the variance
# between patients, clearly more than predicting the mean; the rest depends
# on things these ten measurements do not capture. It is not the share of
# patients the model gets right, nor enough to rank them by risk in the
# clinic or to tell one particular patient how far their disease will
# progress: nothing this lesson measures validates the model for clinical
# use. And a linear regression does almost as well: with 353 patients and ten
# measurements, the network does not have much more to learn.
#
# ## A new patient { #a-new-patient }
#
# Since normalization is inside, the model takes the measurements in their
# original units. The cell predicts for a made-up patient and plots how the
# prediction changes with their body mass index, everything else fixed,
# according to the network and according to the linear regression. The two
# curves run almost together: for this patient, the network has learned
# practically a straight line, another sign that there is not much more to
# learn from this data.

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

assert network_curve[-1] > network_curve[0] + 30  # higher body mass index, more progression
assert bmi_gap < 25  # almost the same line

# %% [markdown]
# ## Summary { #summary }
#
# - **Set the bar before training**: predicting the mean gives the MAE any
#   model has to improve on; a linear regression, a more demanding one.
# - **Normalize inside the model, with the training data only**:
#   `scaled=False`, a `Normalization` layer adapted to the training data,
#   and the model takes measurements in their units. Without it, at these
#   scales, the model barely beats the baseline.
# - **Choose the epochs with validation**, not with the test set.
# - **Look at the residuals**: a model that explains only part of the
#   variance pulls its predictions toward the mean.
# - **Translate the error into the problem**: MAE against the target's
#   standard deviation, R², and what a model with that error is useful for
#   (and what not).
#
# To keep practicing: train with `loss="mae"` instead of `"mse"` and compare
# the test MAE and the residuals; or drop columns (for example, the six
# blood tests) and measure how much worse the model gets.
