package dev.logpipe.opensearchnode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.opensearch.action.admin.cluster.health.ClusterHealthResponse;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;

/**
 * Runs one single-node OpenSearch on loopback: settings, start, green, the URL line, shutdown.
 * The same for every OpenSearch line; how the node is made ({@link LocalNode}) differs per line
 * and lives in src/os2 or src/os3.
 */
final class NodeRunner {
    private NodeRunner() {}

    /** Loopback-only, single-node, security-free defaults; {@code overrides} win. */
    static Settings settings(Path home, Map<String, String> overrides) {
        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "logpipe-local")
            .put("node.name", "logpipe-local")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", "0")
            .put("transport.port", "0")
            // A nearly full /tmp must not turn test indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", "false");
        overrides.forEach(builder::put);
        return builder.build();
    }

    static void run(Path home, Map<String, String> overrides, boolean exitOnStdinEof) throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("logs"));
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings(home, overrides), Map.of(), home.resolve("config"), () -> "logpipe-local");
        Node node = LocalNode.create(environment);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
                LogManager.shutdown();
            }
        }, "logpipe-node-shutdown"));
        if (exitOnStdinEof) {
            watchStdin(home);
        }
        node.start();
        // One node cannot hold replicas: without this every new index stays yellow. Index creation
        // reads this from the cluster's persistent settings, not from node settings.
        node.client().admin().cluster().prepareUpdateSettings()
            .setPersistentSettings(Settings.builder().put(
                "cluster.default_number_of_replicas",
                overrides.getOrDefault("cluster.default_number_of_replicas", "0")))
            .get();
        ClusterHealthResponse health = node.client().admin().cluster().prepareHealth()
            .setWaitForGreenStatus()
            .setTimeout(TimeValue.timeValueSeconds(60))
            .get();
        if (health.isTimedOut()) {
            System.err.println("cluster did not turn green: " + health.getStatus());
            System.exit(1);
        }
        TransportAddress http = node.injector().getInstance(HttpServerTransport.class)
            .boundAddress().publishAddress();
        System.out.println("OPENSEARCH_URL=http://" + http.getAddress() + ":" + http.getPort());
        System.out.flush();
        closed.await();
    }

    /**
     * The parent (devtools/opensearch_node.py) holds our stdin open; if it dies without stopping us,
     * stdin reaches EOF and we exit and delete our home rather than linger as a stray JVM.
     */
    private static void watchStdin(Path home) {
        Thread watcher = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() != -1) {
                    // The parent never writes; anything it does write is ignored.
                }
            } catch (IOException e) {
                // Treat a broken stdin as an orphaned node too.
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home), "logpipe-node-cleanup"));
            System.exit(0);
        }, "logpipe-node-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: the directory lives under the system temp dir.
        }
    }
}
