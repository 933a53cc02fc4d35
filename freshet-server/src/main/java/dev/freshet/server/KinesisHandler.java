package dev.freshet.server;

import dev.freshet.api.RequestContext;
import dev.freshet.api.errors.InternalFailureException;
import dev.freshet.api.errors.KinesisException;
import dev.freshet.api.errors.UnknownOperationException;
import dev.freshet.http.HttpCall;
import dev.freshet.http.HttpHandler;
import dev.freshet.http.HttpReply;
import dev.freshet.protocol.Codec;
import dev.freshet.protocol.EncodedError;
import dev.freshet.protocol.ServiceModel;
import dev.freshet.protocol.UnsupportedContentTypeException;
import dev.freshet.protocol.WireFormat;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns an HTTP call into a Kinesis operation and its answer back into HTTP: every call is
 * {@code POST /} with {@code X-Amz-Target: Kinesis_20131202.<Operation>}, a body in AWS JSON 1.1 or
 * CBOR 1.1, and an answer in the same encoding, carrying {@code x-amzn-RequestId} and
 * {@code x-amz-id-2}.
 *
 * <p>Thread-safe. Operations that may block on disk run on {@code blockingExecutor}; the rest run on
 * the calling network thread, and puts answer when their durability future completes.
 */
final class KinesisHandler implements HttpHandler {

    private static final Logger LOG = Logger.getLogger(KinesisHandler.class.getName());
    private static final String TARGET_PREFIX = "Kinesis_20131202.";

    private final Operations operations;
    private final ServiceModel model;
    private final String defaultAccount;
    private final String defaultRegion;
    private final ExecutorService blockingExecutor;
    private final SecureRandom random = new SecureRandom();

    KinesisHandler(Operations operations, ServiceModel model, String defaultAccount, String defaultRegion,
            ExecutorService blockingExecutor) {
        this.operations = operations;
        this.model = model;
        this.defaultAccount = defaultAccount;
        this.defaultRegion = defaultRegion;
        this.blockingExecutor = blockingExecutor;
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
            String name = target != null && target.startsWith(TARGET_PREFIX)
                    ? target.substring(TARGET_PREFIX.length()) : null;
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
        CompletionStage<?> answer = operation.blocking()
                ? CompletableFuture.supplyAsync(() -> operation.invoke().apply(context, request), blockingExecutor)
                        .thenCompose(stage -> stage)
                : operation.invoke().apply(context, request);
        return answer.handle((response, failure) -> failure == null
                ? reply(200, format, Codec.encodeResponse(format, response))
                : error(format, failure));
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
        KinesisException exception;
        if (cause instanceof KinesisException known) {
            exception = known;
        } else {
            LOG.log(Level.SEVERE, "internal failure", cause);
            exception = new InternalFailureException("Internal service failure.");
        }
        EncodedError encoded = Codec.encodeError(format, exception);
        return reply(encoded.status(), format, encoded.body());
    }

    private HttpReply reply(int status, WireFormat format, byte[] body) {
        byte[] id2 = new byte[48];
        random.nextBytes(id2);
        return new HttpReply(status, Map.of(
                "content-type", format.contentType(),
                "x-amzn-requestid", UUID.randomUUID().toString(),
                "x-amz-id-2", Base64.getEncoder().encodeToString(id2)), body);
    }
}
