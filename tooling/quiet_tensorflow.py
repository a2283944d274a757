"""Environment that keeps TensorFlow's start-up noise out of pages and notebooks."""

import os

# TF_CPP_MIN_LOG_LEVEL=3 hides the C++ INFO/WARNING lines; TF_ENABLE_ONEDNN_OPTS=0
# removes the oneDNN notice. Both must be set before TensorFlow is imported,
# and executed notebooks inherit them through the kernel's environment.
QUIET_TENSORFLOW = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
}


def quiet_tensorflow() -> None:
    """Set the variables in this process unless the user chose otherwise."""
    for name, value in QUIET_TENSORFLOW.items():
        os.environ.setdefault(name, value)
