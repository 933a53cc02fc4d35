package dev.freshet.kcl;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local in this JVM, in memory, on a free port of 127.0.0.1: the KCL's lease, coordinator-state
 * and worker-metrics tables. Telemetry is off, so it sends nothing anywhere.
 *
 * <p>Not thread-safe: start and close from one thread; the endpoint may be used from any.
 */
final class DynamoDbLocal implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocal(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static DynamoDbLocal start() throws Exception {
        String nativeDir = System.getProperty("sqlite4java.library.path");
        if (nativeDir == null || !Files.isDirectory(Path.of(nativeDir))) {
            throw new IllegalStateException("sqlite4java.library.path (" + nativeDir + ") is not a directory: run "
                    + "through Maven, whose dependency plugin copies the native SQLite library there");
        }
        // The command line takes no port 0 and binds every interface: the connector is set to port 0 of the
        // loopback address before it starts instead, so no port is guessed and nothing else can connect.
        CommandLineInput options = new CommandLineInput(new String[] {"-inMemory", "-disableTelemetry", "-port", "65535"});
        if (!options.init()) {
            throw new IllegalStateException("DynamoDB Local refused its options");
        }
        DynamoDBProxyServer server = ServerRunner.createServer(options);
        ServerConnector connector = (ServerConnector) jetty(server).getConnectors()[0];
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.start();
        return new DynamoDbLocal(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }

    private static Server jetty(DynamoDBProxyServer server) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        return (Server) field.get(server);
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
