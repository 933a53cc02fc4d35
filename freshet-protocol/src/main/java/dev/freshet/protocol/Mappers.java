package dev.freshet.protocol;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.time.Instant;

/**
 * Builds the two mappers of {@link WireFormat}. Stateless.
 */
final class Mappers {

    private Mappers() {
    }

    static ObjectMapper json() {
        ObjectMapper mapper = configure(new ObjectMapper());
        // Timestamps are written as BigDecimal seconds; plain keeps 1700000000.123 out of E-notation.
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
        return mapper.registerModule(new SimpleModule("freshet-json-timestamps")
                .addSerializer(Instant.class, new InstantCodecs.EpochSecondsSerializer())
                .addDeserializer(Instant.class, new InstantCodecs.EpochSecondsDeserializer()));
    }

    static ObjectMapper cbor() {
        ObjectMapper mapper = configure(new ObjectMapper(new CBORFactory()));
        return mapper.registerModule(new SimpleModule("freshet-cbor-timestamps")
                .addSerializer(Instant.class, new InstantCodecs.EpochMillisSerializer())
                .addDeserializer(Instant.class, new InstantCodecs.EpochMillisDeserializer()));
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                // Fields only: a helper method such as isEmpty() on an API record must not become a member.
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Exact decimals: a JSON timestamp like 1700000000.123 must not round through double.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
