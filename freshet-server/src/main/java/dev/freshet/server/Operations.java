package dev.freshet.server;

import dev.freshet.api.AddTagsToStreamRequest;
import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DecreaseStreamRetentionPeriodRequest;
import dev.freshet.api.DeleteResourcePolicyRequest;
import dev.freshet.api.DeleteStreamRequest;
import dev.freshet.api.DeregisterStreamConsumerRequest;
import dev.freshet.api.DescribeStreamConsumerRequest;
import dev.freshet.api.DescribeStreamRequest;
import dev.freshet.api.DescribeStreamSummaryRequest;
import dev.freshet.api.DisableEnhancedMonitoringRequest;
import dev.freshet.api.Empty;
import dev.freshet.api.EnableEnhancedMonitoringRequest;
import dev.freshet.api.GetRecordsRequest;
import dev.freshet.api.GetResourcePolicyRequest;
import dev.freshet.api.GetShardIteratorRequest;
import dev.freshet.api.IncreaseStreamRetentionPeriodRequest;
import dev.freshet.api.ListShardsRequest;
import dev.freshet.api.ListStreamConsumersRequest;
import dev.freshet.api.ListStreamsRequest;
import dev.freshet.api.ListTagsForResourceRequest;
import dev.freshet.api.ListTagsForStreamRequest;
import dev.freshet.api.MergeShardsRequest;
import dev.freshet.api.PutRecordRequest;
import dev.freshet.api.PutRecordsRequest;
import dev.freshet.api.PutResourcePolicyRequest;
import dev.freshet.api.RegisterStreamConsumerRequest;
import dev.freshet.api.RemoveTagsFromStreamRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.SplitShardRequest;
import dev.freshet.api.SubscribeToShardRequest;
import dev.freshet.api.StartStreamEncryptionRequest;
import dev.freshet.api.StopStreamEncryptionRequest;
import dev.freshet.api.TagResourceRequest;
import dev.freshet.api.UntagResourceRequest;
import dev.freshet.api.UpdateAccountSettingsRequest;
import dev.freshet.api.UpdateMaxRecordSizeRequest;
import dev.freshet.api.UpdateShardCountRequest;
import dev.freshet.api.UpdateStreamModeRequest;
import dev.freshet.api.UpdateStreamWarmThroughputRequest;
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
                sync("GetRecords", GetRecordsRequest.class, engine::getRecords),
                sync("RegisterStreamConsumer", RegisterStreamConsumerRequest.class, engine::registerStreamConsumer),
                sync("DeregisterStreamConsumer", DeregisterStreamConsumerRequest.class,
                        engine::deregisterStreamConsumer),
                sync("DescribeStreamConsumer", DescribeStreamConsumerRequest.class, engine::describeStreamConsumer),
                sync("ListStreamConsumers", ListStreamConsumersRequest.class, engine::listStreamConsumers),
                sync("SubscribeToShard", SubscribeToShardRequest.class, engine::subscribeToShard),
                sync("SplitShard", SplitShardRequest.class, engine::splitShard),
                sync("MergeShards", MergeShardsRequest.class, engine::mergeShards),
                sync("UpdateShardCount", UpdateShardCountRequest.class, engine::updateShardCount),
                sync("UpdateStreamMode", UpdateStreamModeRequest.class, engine::updateStreamMode),
                sync("DescribeLimits", Empty.class, engine::describeLimits),
                sync("IncreaseStreamRetentionPeriod", IncreaseStreamRetentionPeriodRequest.class,
                        engine::increaseStreamRetentionPeriod),
                sync("DecreaseStreamRetentionPeriod", DecreaseStreamRetentionPeriodRequest.class,
                        engine::decreaseStreamRetentionPeriod),
                sync("AddTagsToStream", AddTagsToStreamRequest.class, engine::addTagsToStream),
                sync("RemoveTagsFromStream", RemoveTagsFromStreamRequest.class, engine::removeTagsFromStream),
                sync("ListTagsForStream", ListTagsForStreamRequest.class, engine::listTagsForStream),
                sync("TagResource", TagResourceRequest.class, engine::tagResource),
                sync("UntagResource", UntagResourceRequest.class, engine::untagResource),
                sync("ListTagsForResource", ListTagsForResourceRequest.class, engine::listTagsForResource),
                sync("EnableEnhancedMonitoring", EnableEnhancedMonitoringRequest.class,
                        engine::enableEnhancedMonitoring),
                sync("DisableEnhancedMonitoring", DisableEnhancedMonitoringRequest.class,
                        engine::disableEnhancedMonitoring),
                sync("StartStreamEncryption", StartStreamEncryptionRequest.class, engine::startStreamEncryption),
                sync("StopStreamEncryption", StopStreamEncryptionRequest.class, engine::stopStreamEncryption),
                sync("PutResourcePolicy", PutResourcePolicyRequest.class, engine::putResourcePolicy),
                sync("GetResourcePolicy", GetResourcePolicyRequest.class, engine::getResourcePolicy),
                sync("DeleteResourcePolicy", DeleteResourcePolicyRequest.class, engine::deleteResourcePolicy),
                sync("DescribeAccountSettings", Empty.class, engine::describeAccountSettings),
                sync("UpdateAccountSettings", UpdateAccountSettingsRequest.class, engine::updateAccountSettings),
                sync("UpdateMaxRecordSize", UpdateMaxRecordSizeRequest.class, engine::updateMaxRecordSize),
                sync("UpdateStreamWarmThroughput", UpdateStreamWarmThroughputRequest.class,
                        engine::updateStreamWarmThroughput));
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
