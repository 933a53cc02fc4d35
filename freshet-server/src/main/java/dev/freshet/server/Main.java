package dev.freshet.server;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The {@code freshet} command: starts a server, prints {@code Freshet listening on http://HOST:PORT}
 * once it accepts requests, and shuts down cleanly on SIGTERM or SIGINT.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(CommandLine.USAGE);
                return;
            }
        }
        ServerConfig config;
        try {
            config = CommandLine.parse(args, System.getenv());
        } catch (CommandLine.UsageException e) {
            System.err.println("freshet: " + e.getMessage());
            System.err.print(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        try {
            startAndAnnounce(config, out);
        } catch (Exception e) {
            System.err.println("freshet: cannot start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Starts a server, has it close on SIGTERM or SIGINT, and prints {@code Freshet listening on …}
     * to {@code out}; also what {@link CdsTraining} starts its server with, so that this path is in
     * the class-data sharing archive too.
     */
    static FreshetServer startAndAnnounce(ServerConfig config, PrintStream out) throws IOException {
        FreshetServer server = FreshetServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.println("Freshet stopped");
            out.flush();
        }, "freshet-shutdown"));
        out.println("Freshet listening on " + server.endpoint());
        out.flush();
        return server;
    }
}
