"""Functions that change community state. Each checks its permission and writes in a transaction."""
