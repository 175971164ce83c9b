"""The `forwarder` operator command line: one module per subcommand, each with `register()`."""
