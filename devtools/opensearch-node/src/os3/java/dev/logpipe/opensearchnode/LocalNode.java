package dev.logpipe.opensearchnode;

import java.util.List;

import org.opensearch.Version;
import org.opensearch.analysis.common.CommonAnalysisModulePlugin;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasModulePlugin;
import org.opensearch.index.reindex.ReindexModulePlugin;
import org.opensearch.ingest.common.IngestCommonModulePlugin;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessModulePlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.PluginInfo;
import org.opensearch.transport.Netty4ModulePlugin;

/**
 * OpenSearch 3.x: the same modules from the classpath. Two differences from 2.x: the module
 * plugin classes are named *ModulePlugin, and Node's protected constructor takes PluginInfo
 * descriptors instead of classes (each class wrapped as 3.x's own test node does).
 */
final class LocalNode extends Node {
    /** What a log store uses: HTTP, analyzers, extra field types, reindex/_by_query, ingest, painless. */
    static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4ModulePlugin.class,
        CommonAnalysisModulePlugin.class,
        MapperExtrasModulePlugin.class,
        ReindexModulePlugin.class,
        IngestCommonModulePlugin.class,
        PainlessModulePlugin.class
    );

    private LocalNode(Environment environment) {
        super(environment, PLUGINS.stream().map(LocalNode::info).toList(), true);
    }

    private static PluginInfo info(Class<? extends Plugin> plugin) {
        return new PluginInfo(
            plugin.getName(),
            "classpath plugin",
            "NA",
            Version.CURRENT,
            Integer.toString(Runtime.version().feature()),
            plugin.getName(),
            List.of(),
            false
        );
    }

    static Node create(Environment environment) {
        return new LocalNode(environment);
    }
}
