"""Handlers the Lambda runtime harness tests run under the real runtime client."""
