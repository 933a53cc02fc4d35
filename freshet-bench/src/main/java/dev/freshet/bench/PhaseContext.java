package dev.freshet.bench;

import java.io.PrintStream;

/**
 * What every phase runs with.
 *
 * @param options the command line
 * @param kinesis the client, shared by all the phase's threads
 * @param server the server process's meter, or null if no PID was given
 * @param client this process's meter
 * @param log where progress goes (results are returned, not printed)
 */
record PhaseContext(BenchOptions options, Kinesis kinesis, ProcessMeter server, ProcessMeter client,
        PrintStream log) {

    BenchStream createStream(String phase, int shards) {
        return BenchStream.create(kinesis, options.streamPrefix(), phase, shards, options.streamWait(), log);
    }

    ResourceWindow openWindow() {
        return ResourceWindow.open(server, client);
    }
}
