package dev.freshet.bench;

/**
 * {@code put-push-latency}: a placeholder until Freshet serves SubscribeToShard. It asks the endpoint
 * whether it serves RegisterStreamConsumer and SubscribeToShard at all (a server that does not answers
 * {@code UnknownOperationException}) and says so; it measures nothing yet.
 *
 * <p>Stateless and thread-safe.
 */
final class PutPushLatencyPhase implements Phase {

    @Override
    public String name() {
        return "put-push-latency";
    }

    @Override
    public PhaseResult run(PhaseContext context) {
        BenchOptions options = context.options();
        // The synchronous SDK client has no SubscribeToShard, so ask with hand-built requests either way.
        try (RawKinesis probe = new RawKinesis(options.endpoint(), options.format(), options.region(),
                options.accessKey(), options.requestTimeout())) {
            boolean register = probe.serves("RegisterStreamConsumer");
            boolean subscribe = probe.serves("SubscribeToShard");
            String note;
            if (!subscribe || !register) {
                note = "SubscribeToShard is not served yet: " + (subscribe ? "" : "SubscribeToShard ")
                        + (register ? "" : "RegisterStreamConsumer ") + "answered UnknownOperationException; "
                        + "put-to-push latency not measured";
            } else {
                note = "SubscribeToShard is served, but this harness does not measure put-to-push latency yet";
            }
            return PhaseResult.noteOnly(options, name(), note);
        }
    }
}
