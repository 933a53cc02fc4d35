package dev.freshet.server;

import dev.freshet.api.RequestContext;
import dev.freshet.api.SubscribeToShardEvent;
import dev.freshet.api.errors.KinesisException;
import dev.freshet.api.errors.UnknownOperationException;
import dev.freshet.http.HttpCall;
import dev.freshet.http.HttpHandler;
import dev.freshet.http.HttpReply;
import dev.freshet.protocol.Codec;
import dev.freshet.protocol.EncodedError;
import dev.freshet.protocol.EventStream;
import dev.freshet.protocol.ServiceModel;
import dev.freshet.protocol.UnsupportedContentTypeException;
import dev.freshet.protocol.WireFormat;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns an HTTP call into a Kinesis operation and its answer back into HTTP: every call is
 * {@code POST /} with {@code X-Amz-Target: Kinesis_20131202.<Operation>}, a body in AWS JSON 1.1 or
 * CBOR 1.1, and an answer in the same encoding, carrying {@code x-amzn-RequestId} and
 * {@code x-amz-id-2}.
 *
 * <p>Thread-safe. Decoding runs on the network thread; the operation itself, which may touch disk,
 * runs on {@code workers}, and so does encoding the answer, so neither a network thread nor the
 * storage's group-commit thread (which completes puts) does more than hand work over.
 */
final class KinesisHandler implements HttpHandler {

    private static final Logger LOG = System.getLogger(KinesisHandler.class.getName());

    private final Operations operations;
    private final ServiceModel model;
    private final String defaultAccount;
    private final String defaultRegion;
    private final String targetPrefix;
    private final Executor workers;

    KinesisHandler(Operations operations, ServiceModel model, String defaultAccount, String defaultRegion,
            Executor workers) {
        this.operations = operations;
        this.model = model;
        this.defaultAccount = defaultAccount;
        this.defaultRegion = defaultRegion;
        this.targetPrefix = model.targetPrefix() + ".";
        this.workers = workers;
    }

    @Override
    public CompletionStage<HttpReply> handle(HttpCall call) {
        WireFormat format;
        try {
            format = WireFormat.fromContentType(call.header("content-type"));
        } catch (UnsupportedContentTypeException e) {
            return CompletableFuture.completedFuture(error(WireFormat.JSON,
                    new UnknownOperationException("Unsupported content type: " + e.contentType())));
        }
        try {
            String target = call.header("x-amz-target");
            String name = target != null && target.startsWith(targetPrefix)
                    ? target.substring(targetPrefix.length()) : null;
            Operations.Operation<?> operation = name == null ? null : operations.get(name);
            if (operation == null) {
                throw unknown(name);
            }
            RequestContext context = Caller.of(call.header("authorization"), defaultAccount, defaultRegion);
            return invoke(format, name, operation, context, call.body());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(error(format, e));
        }
    }

    private <I> CompletionStage<HttpReply> invoke(WireFormat format, String name, Operations.Operation<I> operation,
            RequestContext context, byte[] body) {
        I request = Codec.decodeRequest(format, name, body, operation.input());
        return CompletableFuture.supplyAsync(() -> operation.invoke().apply(context, request), workers)
                .thenCompose(stage -> stage)
                .handleAsync((response, failure) -> failure != null ? error(format, failure)
                        : response instanceof Flow.Publisher<?> events ? eventStream(format, events)
                        : reply(200, format, Codec.encodeResponse(format, response)), workers);
    }

    private UnknownOperationException unknown(String name) {
        if (name != null && model.operation(name) != null) {
            return new UnknownOperationException("Operation " + name + " is not supported by this server yet.");
        }
        return new UnknownOperationException(null);
    }

    private HttpReply error(WireFormat format, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (!(cause instanceof KinesisException)) {
            LOG.log(Level.ERROR, "internal failure", cause);
        }
        EncodedError encoded = Codec.encodeError(format, cause);
        return reply(encoded.status(), format, encoded.body());
    }

    /** A random (version 4) UUID, from a per-thread generator rather than the shared secure one. */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** SubscribeToShard's answer: a streamed event-stream body (see {@link EventStreamBody}). */
    @SuppressWarnings("unchecked")
    private static HttpReply eventStream(WireFormat format, Flow.Publisher<?> events) {
        return HttpReply.streaming(200, headers(EventStream.CONTENT_TYPE),
                new EventStreamBody((Flow.Publisher<SubscribeToShardEvent>) events, format));
    }

    private static HttpReply reply(int status, WireFormat format, byte[] body) {
        return new HttpReply(status, headers(format.contentType()), body);
    }

    /** The header fields of every answer: its content type, and the ids AWS gives each request. */
    private static Map<String, String> headers(String contentType) {
        // Request ids identify a request in logs; they need to be unique, not unguessable.
        byte[] id2 = new byte[48];
        ThreadLocalRandom.current().nextBytes(id2);
        return Map.of(
                "content-type", contentType,
                "x-amzn-requestid", requestId(),
                "x-amz-id-2", Base64.getEncoder().encodeToString(id2));
    }
}
