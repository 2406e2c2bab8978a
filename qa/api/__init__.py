"""API: FastAPI routes under /api and the chat page (`create_app`)."""
