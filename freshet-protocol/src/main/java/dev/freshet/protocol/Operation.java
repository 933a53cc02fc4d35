package dev.freshet.protocol;

import java.util.List;

/**
 * One operation of the service model: which shapes it reads and writes and which errors the model
 * lists for it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the operation name, as in {@code X-Amz-Target}
 * @param input the input shape name, or null if the operation takes none
 * @param output the output shape name, or null if the operation returns no body
 * @param errors the names of the error shapes the model lists for it
 */
public record Operation(String name, String input, String output, List<String> errors) {

    public Operation {
        errors = List.copyOf(errors);
    }
}
