"""FastAPI application factory."""

from __future__ import annotations

from fastapi import FastAPI

from . import __version__
from .errors import install_handlers
from .gateway import Gateway, silence_deliberate_drops
from .openapi_docs import install_openapi
from .routes_control import router as control_router
from .routes_imports import router as imports_router
from .routes_segments import router as segments_router
from .settings import Settings
from .state import EmulatorState

DESCRIPTION = (
    "Emulator of the NP6 (Chapsvision) CM API import definitions and segments, "
    "after NP6 API Reference 8.1.0. Every request needs the account's key in X-Key."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the emulator. The SQLite database is opened here; ``app.state.emu.store.close()`` closes it.

    It is not closed on lifespan shutdown, so one app can serve several test clients in turn.
    """
    settings = settings or Settings()
    state = EmulatorState.open(settings)
    app = FastAPI(
        title="NP6 imports API emulator",
        version=__version__,
        description=DESCRIPTION,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.emu = state
    install_handlers(app)
    app.include_router(imports_router)
    app.include_router(segments_router)
    app.include_router(control_router)
    app.add_middleware(Gateway, state=state)
    install_openapi(app)
    silence_deliberate_drops()
    return app
