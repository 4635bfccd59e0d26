"""What a command does once its options are parsed, without typer: each function takes the options by name,
as plain values (a format is a ``str``, a path a ``Path``), prints through the renderers and returns its exit
code (None for 0). The typer commands (``cli.commands``) and the fast path (``cli.fastpath``) call the same
function."""
