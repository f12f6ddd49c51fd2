"""How a provider method's failure reaches `pulumi up`: one line for what to fix, a traceback only for a bug.

The SDK's dynamic-provider host reports any exception raised by a provider method as
`traceback.format_exc()`, so every error shows up as "Traceback (most recent call last):" in the
progress view, with the message buried under the frames. An Np6Error's message already says what
failed and what to do, so in the provider host the frames are dropped (`sys.tracebacklimit = 0`,
which `format_exc` follows). Any other exception is a bug in np6-pulumi: it is re-raised as
Np6InternalError with its traceback in the message, so it can still be reported and fixed.
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from ..errors import Np6Error

P = ParamSpec("P")
R = TypeVar("R")

PROVIDER_HOST_MODULE = "pulumi.dynamic.__main__"
# The innermost frames of a bug's traceback: where it happened, without the SDK's gRPC plumbing above.
BUG_TRACEBACK_FRAMES = 25


class Np6InternalError(Np6Error):
    """An unexpected failure inside np6-pulumi (a bug); its message carries the original traceback."""


def in_provider_host() -> bool:
    """Whether this process is the SDK's dynamic-provider host (`python -m pulumi.dynamic`)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == PROVIDER_HOST_MODULE


def _drop_host_tracebacks() -> None:
    # Only the provider host: a test runner or the user's program keeps its tracebacks.
    if in_provider_host():
        sys.tracebacklimit = 0


def reported(method: Callable[P, R]) -> Callable[P, R]:
    """Wraps a provider method so that its failures read as one line (Np6Error) or as a reported bug."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except Np6Error as error:
            _drop_host_tracebacks()
            raise error from None  # its message already names the cause
        except Exception as error:
            _drop_host_tracebacks()
            # An explicit limit: format_exception then ignores sys.tracebacklimit.
            frames = "".join(traceback.format_exception(error, limit=-BUG_TRACEBACK_FRAMES)).rstrip()
            raise Np6InternalError(
                f"unexpected error in np6-pulumi (a bug: please report it with this traceback)\n{frames}"
            ) from None

    return wrapper
