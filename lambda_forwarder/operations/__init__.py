"""AWS-side operations behind the `forwarder` command line, usable without it (typed functions
on boto3 clients the caller passes in, so tests point them at moto)."""
