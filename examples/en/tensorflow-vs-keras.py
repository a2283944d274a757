# %% [markdown]
# # TensorFlow frente a Keras { #tensorflow-vs-keras }
#
# Text.

# %%
import tensorflow as tf  # comment
print(tf.__version__)

# %% [markdown]
# ## Second { #second }

# %%
x = 2
x * 3
