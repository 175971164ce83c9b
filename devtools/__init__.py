"""Developer tooling: the local OpenSearch node, the demo. Not shipped in the logpipe package."""
