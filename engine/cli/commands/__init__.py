"""One module per area of the CLI; each exports COMMANDS: list[engine.cli.registry.Command]."""
