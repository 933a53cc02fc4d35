package dev.freshet.protocol;

/**
 * A structure member: its AWS name (as on the wire), the name of its shape, and whether the model
 * requires it.
 *
 * <p>Immutable and thread-safe.
 */
record Member(String name, String shape, boolean required) {

    /** The name AWS uses in validation messages: the member name with its first letter lowered. */
    String messageName() {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
