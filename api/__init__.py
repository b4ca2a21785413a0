"""The innokg HTTP API: :func:`api.app.create_app` builds the FastAPI app."""

from api.app import create_app

__all__ = ["create_app"]
