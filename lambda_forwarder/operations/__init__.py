"""Operations above the pipeline, shared by the `forwarder` command line and the Lambda's own
upkeep: subscriptions (and auto-subscribe), the dead-letter re-drive, the scheduled tasks. Typed
functions on clients the caller passes in, so tests point them at moto and the real node."""
