package dev.logpipe.opensearchnode;

import java.util.List;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.ingest.common.IngestCommonPlugin;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * OpenSearch 2.x: a node whose modules are loaded from the classpath instead of a distribution's
 * modules/ folder, so Maven Central artifacts are all it needs.
 */
final class LocalNode extends Node {
    /** What a log store uses: HTTP, analyzers, extra field types, reindex/_by_query, ingest, painless. */
    static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class,
        CommonAnalysisPlugin.class,
        MapperExtrasPlugin.class,
        ReindexPlugin.class,
        IngestCommonPlugin.class,
        PainlessPlugin.class
    );

    private LocalNode(Environment environment) {
        super(environment, PLUGINS, true);
    }

    static Node create(Environment environment) {
        return new LocalNode(environment);
    }
}
