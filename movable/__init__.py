"""The application glue: command line, spreadsheet import and the demo half-year."""
