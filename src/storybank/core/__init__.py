"""The Textual-free core: models, frameworks, question bank, text utilities."""
