"""One module per screen: bank, editor, matrix, lookup, help, and the confirmation dialog."""
