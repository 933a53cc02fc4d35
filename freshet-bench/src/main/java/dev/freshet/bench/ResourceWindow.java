package dev.freshet.bench;

/**
 * The measured part of a phase: samples the server's and this process's CPU time when opened and when
 * closed, and divides by the work done in between, for the server with and without its JIT compiler
 * threads, and the share of the machine's CPU time stolen by the hypervisor meanwhile. Stream creation and
 * deletion stay outside.
 *
 * <p>Not thread-safe: opened and closed by the thread that runs the phase.
 */
final class ResourceWindow {

    private final ProcessMeter server;
    private final ProcessMeter client;
    private final ProcessUsage serverStart;
    private final ProcessUsage clientStart;
    private final MachineMeter machine;
    /** Null if the machine's CPU time cannot be read. */
    private final MachineMeter.Ticks machineStart;
    private final long startNanos;

    private ResourceWindow(ProcessMeter server, ProcessMeter client, MachineMeter machine) {
        this.server = server;
        this.client = client;
        this.machine = machine;
        this.serverStart = server == null ? null : server.sample();
        this.clientStart = client.sample();
        this.machineStart = machine.sample();
        this.startNanos = System.nanoTime();
    }

    /** @param server the server process, or null if its PID was not given */
    static ResourceWindow open(ProcessMeter server, ProcessMeter client) {
        return open(server, client, MachineMeter.system());
    }

    /** {@link #open(ProcessMeter, ProcessMeter)} reading the machine's CPU time through {@code machine}. */
    static ResourceWindow open(ProcessMeter server, ProcessMeter client, MachineMeter machine) {
        return new ResourceWindow(server, client, machine);
    }

    /** What the window cost: the server's figures (null without a server PID) and the client's CPU per record. */
    Costs close(long records, long bytes) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        ServerCost serverCost = null;
        if (server != null) {
            serverCost = ServerCost.between(serverStart, server.sample(), records, bytes);
        }
        double clientCpu = client.sample().cpuSeconds() - clientStart.cpuSeconds();
        MachineMeter.Ticks machineEnd = machineStart == null ? null : machine.sample();
        double steal = machineEnd == null ? Double.NaN : machineEnd.stealPercentSince(machineStart);
        return new Costs(seconds, serverCost, records == 0 ? Double.NaN : clientCpu / records * 1e6, steal);
    }

    /**
     * @param seconds the window's wall-clock length
     * @param server the server's cost, or null
     * @param clientCpuMicrosPerRecord this process's CPU per record (load generator, all threads)
     * @param stealPercent the share of the machine's CPU time the hypervisor gave elsewhere, or NaN if unknown
     */
    record Costs(double seconds, ServerCost server, double clientCpuMicrosPerRecord, double stealPercent) {}
}
