package dev.freshet.server;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DeleteStreamRequest;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.ListShardsRequest;
import dev.freshet.api.ListStreamsRequest;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.streams.StreamEngine;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * The operations this server serves: for each, its input record type and how the engine answers it.
 *
 * <p>Immutable and thread-safe.
 */
final class Operations {

    /** One operation: decode into {@code input}, then {@code invoke}. */
    record Operation<I>(Class<I> input, BiFunction<RequestContext, I, CompletionStage<?>> invoke) {}

    private final Map<String, Operation<?>> byName;

    Operations(StreamEngine engine) {
        this.byName = Map.ofEntries(
                sync("CreateStream", CreateStreamRequest.class, engine::createStream),
                sync("DeleteStream", DeleteStreamRequest.class, engine::deleteStream),
                sync("DescribeStream", DescribeStreamRequest.class, engine::describeStream),
                sync("DescribeStreamSummary", DescribeStreamSummaryRequest.class, engine::describeStreamSummary),
                sync("ListStreams", ListStreamsRequest.class, engine::listStreams),
                sync("ListShards", ListShardsRequest.class, engine::listShards),
                async("PutRecord", PutRecordRequest.class, engine::putRecord),
                async("PutRecords", PutRecordsRequest.class, engine::putRecords),
                sync("GetShardIterator", GetShardIteratorRequest.class, engine::getShardIterator),
                sync("GetRecords", GetRecordsRequest.class, engine::getRecords));
    }

    /** The operation named {@code name}, or {@code null} if this server does not serve it. */
    Operation<?> get(String name) {
        return byName.get(name);
    }

    private static <I> Map.Entry<String, Operation<?>> sync(String name, Class<I> input,
            BiFunction<RequestContext, I, ?> call) {
        return Map.entry(name, new Operation<>(input,
                (context, request) -> CompletableFuture.completedFuture(call.apply(context, request))));
    }

    private static <I> Map.Entry<String, Operation<?>> async(String name, Class<I> input,
            BiFunction<RequestContext, I, CompletionStage<?>> call) {
        return Map.entry(name, new Operation<>(input, call));
    }
}
