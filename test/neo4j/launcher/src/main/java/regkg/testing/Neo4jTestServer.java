package regkg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A real, embedded Neo4j (Community) server for regkg's test suite.
 *
 * <p>Usage: {@code java -cp neo4j-test-server.jar:lib/* regkg.testing.Neo4jTestServer
 * --data-dir DIR [--port N] [--password PW] [--exit-on-stdin-eof]}
 *
 * <ul>
 *   <li>{@code --port} (or env {@code NEO4J_BOLT_PORT}): Bolt port on 127.0.0.1; 0 (default) picks a free one.
 *   <li>{@code --data-dir} (or env {@code NEO4J_DATA_DIR}): where the stores and transaction logs live. They
 *       survive a stop or a kill, so a second start on the same directory sees the same graph.
 *   <li>{@code --password} (or env {@code NEO4J_PASSWORD}): when given, authentication is enabled and user
 *       {@code neo4j} gets this password (at least 8 characters); when absent, authentication is disabled.
 *   <li>{@code --exit-on-stdin-eof}: shut down when standard input closes (the parent process went away).
 * </ul>
 *
 * <p>Prints exactly one line {@code NEO4J_READY bolt://127.0.0.1:PORT} on stdout once Bolt accepts
 * connections, and {@code NEO4J_STOPPED} after a clean shutdown (SIGTERM, SIGINT or stdin EOF).
 */
public final class Neo4jTestServer {

    private Neo4jTestServer() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // Neo4j leaves non-daemon threads behind when it fails half-way: exit explicitly.
            System.err.println("Neo4jTestServer: failed to start");
            t.printStackTrace(System.err);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Integer port = null;
        String dataDir = null;
        String password = null;
        boolean exitOnStdinEof = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(next(args, ++i));
                case "--data-dir" -> dataDir = next(args, ++i);
                case "--password" -> password = next(args, ++i);
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                default -> fail("unknown argument: " + args[i]);
            }
        }
        if (port == null) {
            String env = System.getenv("NEO4J_BOLT_PORT");
            port = env == null || env.isBlank() ? 0 : Integer.parseInt(env.trim());
        }
        if (dataDir == null) {
            dataDir = System.getenv("NEO4J_DATA_DIR");
        }
        if (password == null) {
            String env = System.getenv("NEO4J_PASSWORD");
            password = env == null || env.isEmpty() ? null : env;
        }
        if (dataDir == null || dataDir.isBlank()) {
            fail("--data-dir (or NEO4J_DATA_DIR) is required");
        }
        if (password != null && password.length() < 8) {
            fail("--password must have at least 8 characters");
        }

        // Everything Neo4j writes goes to stderr or its own log files: stdout carries only our status lines.
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);

        Path root = Path.of(dataDir).toAbsolutePath();
        Path data = root.resolve("data");
        Path home = root.resolve("home"); // the harness makes (and on close deletes) a random folder under it
        Files.createDirectories(data);
        Files.createDirectories(home);

        long t0 = System.nanoTime();
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(home)
                .withDisabledServer() // no HTTP/HTTPS: Bolt only
                .withConfig(HttpConnector.enabled, false)
                .withConfig(HttpsConnector.enabled, false)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .withConfig(GraphDatabaseSettings.data_directory, data)
                .withConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .withConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .withConfig(GraphDatabaseSettings.udc_enabled, false)
                // Test-only: by default each database preallocates a 256 MiB transaction log file.
                .withConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .withConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 16L * 1024 * 1024)
                .withConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                // Test-only: the defaults keep Netty quiet for 5 s per event loop group on shutdown, which makes
                // every stop (and restart) take ~10 s.
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3))
                .withConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(3))
                .build();

        try {
            if (password != null) {
                setPassword(neo4j, password);
            }
        } catch (RuntimeException e) {
            e.printStackTrace(System.err);
            try {
                neo4j.close();
            } finally {
                System.exit(1);
            }
        }

        URI bolt = neo4j.boltURI();
        int boundPort = bolt.getPort();

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean closing = new AtomicBoolean(false);
        Runnable shutdown = () -> {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            try {
                neo4j.close();
            } catch (RuntimeException e) {
                e.printStackTrace(System.err);
            }
            out.println("NEO4J_STOPPED");
            out.flush();
            stopped.countDown();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.run();
            try {
                stopped.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "neo4j-test-server-shutdown"));

        System.err.printf("Neo4jTestServer: Neo4j %s started in %d ms, data in %s%n",
                org.neo4j.kernel.internal.Version.getNeo4jVersion(), (System.nanoTime() - t0) / 1_000_000, data);
        out.println("NEO4J_READY bolt://127.0.0.1:" + boundPort);
        out.flush();

        if (exitOnStdinEof) {
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // ignore anything written; only EOF matters
                    }
                } catch (IOException ignored) {
                    // treat as EOF
                }
                System.exit(0); // runs the shutdown hook
            }, "neo4j-test-server-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }

        stopped.await();
    }

    /** The embedded API bypasses authentication, so the system database can set the password directly. */
    private static void setPassword(Neo4j neo4j, String password) {
        try {
            neo4j.databaseManagementService()
                    .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                    .executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED",
                            Map.of("pw", password));
        } catch (RuntimeException e) {
            // A restart on the same data directory: the password is already the one we want.
            String message = String.valueOf(e.getMessage());
            if (!message.contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static String next(String[] args, int i) {
        if (i >= args.length) {
            fail("missing value for " + args[i - 1]);
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("Neo4jTestServer: " + message);
        System.exit(2);
    }
}
