package dev.freshet.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.api.DeleteResourcePolicyRequest;
import dev.freshet.api.Empty;
import dev.freshet.api.GetResourcePolicyRequest;
import dev.freshet.api.GetResourcePolicyResponse;
import dev.freshet.api.PutResourcePolicyRequest;
import dev.freshet.api.RequestContext;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.io.IOException;

/**
 * PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy for stream and consumer ARNs (see
 * {@link ResourceArn}). The policy must be a JSON object; it is stored verbatim
 * with the stream and returned as given, {@code {}} when there is none. Policies are not enforced
 * yet: every caller of the account may do everything. They may be changed while the stream is
 * ACTIVE or UPDATING.
 *
 * <p>Thread-safe; changes go through the {@link StreamRegistry}.
 */
final class ResourcePolicies {

    static final String NO_POLICY = "{}";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final StreamRegistry registry;

    ResourcePolicies(StreamRegistry registry) {
        this.registry = registry;
    }

    Empty put(RequestContext context, PutResourcePolicyRequest request) throws IOException {
        ResourceArn resource = ResourceArn.parse(context, request.resourceARN());
        Stream stream = resource.requireStream(registry);
        requireJsonObject(request.policy());
        registry.change(stream, current -> {
            StatusRules.requireActiveOrUpdating(registry, stream, resource.stream());
            return resource.withPolicy(current, request.policy());
        });
        return new Empty();
    }

    GetResourcePolicyResponse get(RequestContext context, GetResourcePolicyRequest request) {
        ResourceArn resource = ResourceArn.parse(context, request.resourceARN());
        String policy = resource.policy(resource.requireStream(registry).metadata());
        return new GetResourcePolicyResponse(policy == null ? NO_POLICY : policy);
    }

    Empty delete(RequestContext context, DeleteResourcePolicyRequest request) throws IOException {
        ResourceArn resource = ResourceArn.parse(context, request.resourceARN());
        Stream stream = resource.requireStream(registry);
        registry.change(stream, current -> {
            StatusRules.requireActiveOrUpdating(registry, stream, resource.stream());
            if (resource.policy(current) == null) {
                throw new ResourceNotFoundException("No resource policy found for resource ARN "
                        + request.resourceARN() + ".");
            }
            return resource.withPolicy(current, null);
        });
        return new Empty();
    }

    private static void requireJsonObject(String policy) {
        JsonNode document;
        try {
            document = JSON.readTree(policy);
        } catch (JsonProcessingException notJson) {
            throw invalidPolicy();
        }
        if (document == null || !document.isObject()) {
            throw invalidPolicy();
        }
    }

    private static InvalidArgumentException invalidPolicy() {
        return new InvalidArgumentException("Policy is not a valid JSON object.");
    }
}
