"""Tables in and out of plans: ``kehoach import`` (``importing``) and ``import --update`` (``update``) read a
task or delegation table into a plan; ``kehoach export`` (``export``) writes one. docs/architecture.md lists
the job of each module. Nothing is imported here, so ``import kehoach.tables.numbering`` stays light."""
