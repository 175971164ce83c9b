package dev.logpipe.opensearchnode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line entry point: {@code Main --home DIR [--exit-on-stdin-eof] [key=value ...]}.
 *
 * <p>Kept free of OpenSearch imports so that the logging system properties below are set before
 * any OpenSearch class (and its static loggers) is loaded.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        Path home = null;
        boolean exitOnStdinEof = false;
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--home") && i + 1 < args.length) {
                home = Path.of(args[++i]).toAbsolutePath();
            } else if (arg.equals("--exit-on-stdin-eof")) {
                exitOnStdinEof = true;
            } else if (arg.indexOf('=') > 0) {
                settings.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                System.err.println("usage: Main --home DIR [--exit-on-stdin-eof] [setting=value ...]");
                System.exit(2);
            }
        }
        if (home == null) {
            System.err.println("--home DIR is required");
            System.exit(2);
        }
        // The node's own log goes to a file in its home; only warnings reach stderr.
        System.setProperty("logpipe.node.logs", home.resolve("logs").toString());
        System.setProperty("log4j2.configurationFile", "logpipe-node-log4j2.properties");
        // Our shutdown hook closes the node and logs while doing so: log4j must outlive it.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        System.setProperty("log4j2.disable.jmx", "true");
        NodeRunner.run(home, settings, exitOnStdinEof);
    }
}
