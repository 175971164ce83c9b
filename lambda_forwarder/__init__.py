"""The Lambda that forwards CloudWatch Logs to OpenSearch and alerts Slack.

Data flows one way: decode -> parse -> sanitize -> index -> alert. The handler
(`lambda_forwarder.handler.lambda_handler`) is the one place that runs the stages in order.
"""
