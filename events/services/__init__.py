"""Functions that change events state. Each checks its permission and writes in a transaction;
e-mails and notifications leave only after commit."""
