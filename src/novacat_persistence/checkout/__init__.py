"""Checkouts of this kit: finding the one a command runs in, its snapshot and corpus folders,
and running Python on its own packages rather than on the installed copy."""

from novacat_persistence.checkout.interpreter import (
    RUNNING_CHECKOUT,
    checkout_python,
    run_python,
)
from novacat_persistence.checkout.package_dirs import (
    Checkout,
    NotACheckout,
    checkout_at,
    find_checkout,
)

__all__ = [
    "RUNNING_CHECKOUT",
    "Checkout",
    "NotACheckout",
    "checkout_at",
    "checkout_python",
    "find_checkout",
    "run_python",
]
