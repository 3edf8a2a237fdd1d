"""Local Assistant: chat, translate, sentiment and classify with local Transformer models."""

__version__ = "0.1.0"
APP_NAME = "Local Assistant"
APP_ID = "org.localassistant.Assistant"
