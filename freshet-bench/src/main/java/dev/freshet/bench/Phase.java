package dev.freshet.bench;

/**
 * One measured scenario of the load generator. A phase creates the streams it needs, bounds every loop
 * by the options' duration and record count, deletes its streams, and returns its figures.
 *
 * <p>Implementations are stateless and thread-safe; each run uses its own threads and joins them
 * before returning.
 */
interface Phase {

    /** The phase's name on the command line and in reports. */
    String name();

    /**
     * Runs the phase.
     *
     * @throws Exception if the phase cannot run at all (e.g. the server refuses to create its stream);
     *     the load generator records that as the phase's error and goes on with the next
     */
    PhaseResult run(PhaseContext context) throws Exception;
}
