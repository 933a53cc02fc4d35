package dev.freshet.streams;

import dev.freshet.api.AddTagsToStreamRequest;
import dev.freshet.api.Empty;
import dev.freshet.api.ListTagsForResourceRequest;
import dev.freshet.api.ListTagsForResourceResponse;
import dev.freshet.api.ListTagsForStreamRequest;
import dev.freshet.api.ListTagsForStreamResponse;
import dev.freshet.api.RemoveTagsFromStreamRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.Tag;
import dev.freshet.api.TagResourceRequest;
import dev.freshet.api.UntagResourceRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The tag operations, by stream name or ARN (AddTagsToStream, RemoveTagsFromStream,
 * ListTagsForStream) and by resource ARN (TagResource, UntagResource, ListTagsForResource). Both
 * kinds act on the same tags, checked by {@link TagRules}. Tags are listed sorted by key, as AWS
 * lists them. Tags may be changed while the stream is ACTIVE or UPDATING (they touch no shard).
 *
 * <p>Thread-safe; changes go through the {@link StreamRegistry}.
 */
final class Tagging {

    /** ListTagsForStream's largest Limit, and its default: every tag a stream can have. */
    static final int MAX_LIMIT = TagRules.MAX_TAGS;

    private final StreamRegistry registry;

    Tagging(StreamRegistry registry) {
        this.registry = registry;
    }

    Empty addTagsToStream(RequestContext context, AddTagsToStreamRequest request) throws IOException {
        add(ResourceArn.of(StreamRegistry.keyOf(context, request)), request.tags());
        return new Empty();
    }

    Empty removeTagsFromStream(RequestContext context, RemoveTagsFromStreamRequest request) throws IOException {
        remove(ResourceArn.of(StreamRegistry.keyOf(context, request)), request.tagKeys());
        return new Empty();
    }

    ListTagsForStreamResponse listTagsForStream(RequestContext context, ListTagsForStreamRequest request) {
        NavigableMap<String, String> tags = sorted(registry.require(StreamRegistry.keyOf(context, request)));
        String after = request.exclusiveStartTagKey();
        int limit = request.limit() == null ? MAX_LIMIT : request.limit();
        List<Tag> page = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<String, String> tag : (after == null ? tags : tags.tailMap(after, false)).entrySet()) {
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(new Tag(tag.getKey(), tag.getValue()));
        }
        return new ListTagsForStreamResponse(page, more);
    }

    Empty tagResource(RequestContext context, TagResourceRequest request) throws IOException {
        add(ResourceArn.parse(context, request.resourceARN()), request.tags());
        return new Empty();
    }

    Empty untagResource(RequestContext context, UntagResourceRequest request) throws IOException {
        remove(ResourceArn.parse(context, request.resourceARN()), request.tagKeys());
        return new Empty();
    }

    ListTagsForResourceResponse listTagsForResource(RequestContext context, ListTagsForResourceRequest request) {
        ResourceArn resource = ResourceArn.parse(context, request.resourceARN());
        List<Tag> tags = new ArrayList<>();
        new TreeMap<>(resource.tags(resource.requireStream(registry).metadata()))
                .forEach((key, value) -> tags.add(new Tag(key, value)));
        return new ListTagsForResourceResponse(tags);
    }

    private void add(ResourceArn resource, Map<String, String> tags) throws IOException {
        Stream stream = resource.requireStream(registry);
        registry.change(stream, current -> {
            StatusRules.requireActiveOrUpdating(registry, stream, resource.stream());
            return resource.withTags(current, TagRules.add(resource.tags(current), tags, resource.stream()));
        });
    }

    private void remove(ResourceArn resource, Collection<String> keys) throws IOException {
        Stream stream = resource.requireStream(registry);
        registry.change(stream, current -> {
            StatusRules.requireActiveOrUpdating(registry, stream, resource.stream());
            return resource.withTags(current, TagRules.remove(resource.tags(current), keys, resource.stream()));
        });
    }

    private static NavigableMap<String, String> sorted(Stream stream) {
        return new TreeMap<>(stream.metadata().settings().tags());
    }
}
