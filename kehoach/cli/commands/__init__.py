"""One module per group of commands, each registering its commands on the app when imported.

Which module holds which command, and the order of --help, is the table ``kehoach.cli.app.COMMANDS``.
"""
