"""The exceptions np6_provider raises. Messages are one line, say what to fix, and never hold the API key."""

from __future__ import annotations


class Np6Error(Exception):
    """Base of every np6-pulumi error."""


class Np6ConfigError(Np6Error):
    """The provider settings (stack config or environment) are missing or invalid."""


class Np6InputError(Np6Error):
    """A declaration is invalid; raised before any request is sent."""


class Np6RequestError(Np6Error):
    """A request to NP6 failed. `operation` names it, e.g. 'GET /imports/23'."""

    def __init__(self, operation: str, message: str) -> None:
        super().__init__(f"{operation}: {message}")
        self.operation = operation


class Np6TransportError(Np6RequestError):
    """NP6 could not be reached, or the connection broke."""


class Np6AmbiguousWriteError(Np6TransportError):
    """A write may or may not have reached NP6 (read timeout, dropped connection, 5xx after sending)."""


class Np6ReadOnlyError(Np6RequestError):
    """A write was refused before it was sent: the run is read-only (np6:readOnly / NP6_READ_ONLY)."""


class Np6DeadlineExceeded(Np6RequestError):
    """The operation's overall deadline passed while retrying."""


class Np6HTTPError(Np6RequestError):
    """NP6 answered with an error status."""

    status_code: int = 0
    hint: str = "check the request and NP6's status"

    def __init__(self, operation: str, status_code: int, request_id: str | None = None, detail: str = "") -> None:
        suffix = f" (x-request-id {request_id})" if request_id else ""
        detail_text = f": {detail}" if detail else ""
        super().__init__(operation, f"HTTP {status_code}{detail_text}; {self.hint}{suffix}")
        self.status_code = status_code
        self.request_id = request_id


class Np6BadRequestError(Np6HTTPError):
    hint = "NP6 rejected the payload; check the declared values against the NP6 reference"


class Np6AuthenticationError(Np6HTTPError):
    hint = "the API key was refused; set it with `pulumi config set --secret np6:apiKey ...` or NP6_API_KEY"


class Np6PermissionError(Np6HTTPError):
    hint = "the API key's user lacks the rights for this operation; ask your NP6 administrator"


class Np6NotFoundError(Np6HTTPError):
    hint = "no such object in this NP6 account (deleted, or another account's id)"


class Np6ConflictError(Np6HTTPError):
    hint = "NP6 reports a conflict (already exists, or a run is in progress); retry later or change the request"


class Np6RateLimitedError(Np6HTTPError):
    hint = "NP6's rate limit was hit and retries ran out; raise np6:maxAttempts or lower --parallel"


class Np6ServerError(Np6HTTPError):
    hint = "NP6 failed on its side; retry later"


def http_error_for(operation: str, status_code: int, request_id: str | None, detail: str = "") -> Np6HTTPError:
    """The most specific Np6HTTPError for a status code."""
    by_status: dict[int, type[Np6HTTPError]] = {
        400: Np6BadRequestError,
        401: Np6AuthenticationError,
        403: Np6PermissionError,
        404: Np6NotFoundError,
        409: Np6ConflictError,
        429: Np6RateLimitedError,
    }
    cls = by_status.get(status_code, Np6ServerError if status_code >= 500 else Np6HTTPError)
    return cls(operation, status_code, request_id, detail)
