"""yttrande-qa: questions about Swedish regional-government statements, answered with cited passages."""

__version__ = "0.1.0"
