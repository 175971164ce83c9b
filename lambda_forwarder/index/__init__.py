"""Index stage: the OpenSearch client, index names, the bulk indexer, and the bootstrap.

Import the modules themselves (`lambda_forwarder.index.bulk`, ...): this package imports nothing,
so code that only needs index names does not pay for opensearch-py at import.
"""
