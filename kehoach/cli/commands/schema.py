from kehoach.cli.app import app
from kehoach.cli.options import Output


@app.command()
def schema(output: Output = None) -> None:
    """Print the JSON Schema of the plan format (for editors' YAML language server)."""
    from kehoach.cli.output import to_json, write_text
    from kehoach.schema import plan_schema

    write_text(to_json(plan_schema()), output)
