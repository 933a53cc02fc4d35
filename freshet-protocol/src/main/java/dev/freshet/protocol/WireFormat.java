package dev.freshet.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;

/**
 * The two encodings of the Kinesis JSON protocol: AWS JSON 1.1, which the AWS CLI and boto3 use,
 * and CBOR 1.1, which the AWS SDK for Java v2 uses by default.
 *
 * <p>Each constant owns a Jackson mapper that binds records by component name in
 * {@code UpperCamelCase}, writes blobs and timestamps the way its encoding does, and omits nulls.
 *
 * <p>Thread-safe: the mappers are configured once and never reconfigured.
 */
public enum WireFormat {

    /** {@code application/x-amz-json-1.1}; blobs are base64 strings, timestamps epoch seconds. */
    JSON("application/x-amz-json-1.1", Mappers.json()),

    /** {@code application/x-amz-cbor-1.1}; blobs are byte strings, timestamps tag 1 epoch millis. */
    CBOR("application/x-amz-cbor-1.1", Mappers.cbor());

    private final String contentType;
    private final ObjectMapper mapper;

    WireFormat(String contentType, ObjectMapper mapper) {
        this.contentType = contentType;
        this.mapper = mapper;
    }

    /** The content type responses in this format carry. */
    public String contentType() {
        return contentType;
    }

    /**
     * The format a request's {@code Content-Type} names. Parameters such as {@code charset} and the
     * case of the media type are ignored; {@code application/json} is read as AWS JSON.
     *
     * @throws UnsupportedContentTypeException for anything else, including a missing header
     */
    public static WireFormat fromContentType(String contentType) {
        if (contentType != null) {
            int semicolon = contentType.indexOf(';');
            String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                    .trim().toLowerCase(Locale.ROOT);
            switch (mediaType) {
                case "application/x-amz-json-1.1":
                case "application/json":
                    return JSON;
                case "application/x-amz-cbor-1.1":
                    return CBOR;
                default:
                    break;
            }
        }
        throw new UnsupportedContentTypeException(contentType);
    }

    /** The configured mapper; package-private because an ObjectMapper can be reconfigured. */
    ObjectMapper mapper() {
        return mapper;
    }
}
