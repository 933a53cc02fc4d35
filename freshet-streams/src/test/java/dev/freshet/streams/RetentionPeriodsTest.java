package dev.freshet.streams;

import static dev.freshet.streams.EngineFixture.CALLER;
import static dev.freshet.streams.EngineFixture.arn;
import static dev.freshet.streams.EngineFixture.describe;
import static dev.freshet.streams.EngineFixture.put;
import static dev.freshet.streams.EngineFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.CreateStreamRequest;
import dev.freshet.api.DecreaseStreamRetentionPeriodRequest;
import dev.freshet.api.IncreaseStreamRetentionPeriodRequest;
import dev.freshet.api.errors.InvalidArgumentException;
import dev.freshet.api.errors.ResourceInUseException;
import dev.freshet.api.errors.ResourceNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod, and their effect on stored records. */
class RetentionPeriodsTest {

    private final EngineFixture fixture = new EngineFixture();

    @TempDir
    Path dataDir;

    @AfterEach
    void close() {
        fixture.close();
    }

    private static void increase(StreamEngine engine, String stream, int hours) {
        engine.increaseStreamRetentionPeriod(CALLER, new IncreaseStreamRetentionPeriodRequest(stream, hours, null));
    }

    private static void decrease(StreamEngine engine, String stream, int hours) {
        engine.decreaseStreamRetentionPeriod(CALLER, new DecreaseStreamRetentionPeriodRequest(stream, hours, null));
    }

    @Test
    void increase_and_decrease_change_the_period_describe_stream_shows() throws IOException {
        StreamEngine engine = fixture.engine(null);
        fixture.createActive(engine, "s", 1);
        increase(engine, "s", 8760);
        assertThat(describe(engine, "s").retentionPeriodHours()).isEqualTo(8760);
        engine.decreaseStreamRetentionPeriod(CALLER, new DecreaseStreamRetentionPeriodRequest(null, 48, arn("s")));
        assertThat(describe(engine, "s").retentionPeriodHours()).isEqualTo(48);
        assertThat(EngineFixture.summary(engine, "s").retentionPeriodHours()).isEqualTo(48);
    }

    @Test
    void a_retention_period_below_the_current_one_is_refused_by_increase() throws IOException {
        StreamEngine engine = fixture.engine(null);
        fixture.createActive(engine, "s", 1);
        increase(engine, "s", 30);
        assertThatThrownBy(() -> increase(engine, "s", 25)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Requested retention period (25 hours) for stream s can not be shorter than existing "
                        + "retention period (30 hours). Use DecreaseRetentionPeriod API.");
        assertThat(describe(engine, "s").retentionPeriodHours()).isEqualTo(30);
    }

    @Test
    void a_retention_period_above_the_current_one_is_refused_by_decrease() throws IOException {
        StreamEngine engine = fixture.engine(null);
        fixture.createActive(engine, "s", 1);
        assertThatThrownBy(() -> decrease(engine, "s", 25)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Requested retention period (25 hours) for stream s can not be longer than existing "
                        + "retention period (24 hours). Use IncreaseRetentionPeriod API.");
    }

    @Test
    void periods_outside_24_to_8760_hours_are_refused_by_both_operations() throws IOException {
        StreamEngine engine = fixture.engine(null);
        fixture.createActive(engine, "s", 1);
        increase(engine, "s", 100);
        String tooShort = "Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is "
                + "too short.";
        String tooLong = "Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is "
                + "too long.";
        assertThatThrownBy(() -> increase(engine, "s", 23)).hasMessage(tooShort);
        assertThatThrownBy(() -> decrease(engine, "s", 23)).hasMessage(tooShort);
        assertThatThrownBy(() -> increase(engine, "s", 8761)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage(tooLong);
        assertThatThrownBy(() -> decrease(engine, "s", 8761)).hasMessage(tooLong);
        assertThat(describe(engine, "s").retentionPeriodHours()).isEqualTo(100);
    }

    @Test
    void asking_for_the_current_period_is_accepted_by_both_operations() throws IOException {
        StreamEngine engine = fixture.engine(null);
        fixture.createActive(engine, "s", 1);
        increase(engine, "s", 24);
        decrease(engine, "s", 24);
        assertThat(describe(engine, "s").retentionPeriodHours()).isEqualTo(24);
    }

    @Test
    void a_stream_that_is_not_active_keeps_its_period() throws IOException {
        StreamEngine engine = fixture.engine(null);
        engine.createStream(CALLER, new CreateStreamRequest("s", 1, null, null, null, null));
        assertThatThrownBy(() -> increase(engine, "s", 48)).isInstanceOf(ResourceInUseException.class)
                .hasMessage("Stream s under account 123456789012 not ACTIVE, instead in state CREATING");
        assertThatThrownBy(() -> increase(engine, "missing", 48)).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("Stream missing under account 123456789012 not found.");
    }

    @Test
    void records_older_than_24_hours_stay_readable_under_a_longer_period() throws IOException {
        StreamEngine engine = fixture.engine(null);
        fixture.createActive(engine, "s", 1);
        increase(engine, "s", 48);
        put(engine, "s", "old");
        fixture.clock.advance(Duration.ofHours(30));
        put(engine, "s", "new");
        assertThat(readAll(engine, "s")).containsExactly("old", "new");
    }

    @Test
    void a_decrease_hides_records_older_than_the_new_period_and_maintenance_deletes_them() throws IOException {
        StreamEngine engine = fixture.engine(dataDir);
        fixture.createActive(engine, "s", 1);
        increase(engine, "s", 72);
        for (int i = 0; i < 200; i++) {
            put(engine, "s", "old-" + i + "-" + "x".repeat(100));
        }
        fixture.clock.advance(Duration.ofHours(30));
        put(engine, "s", "new");
        engine.runMaintenance();
        assertThat(readAll(engine, "s")).hasSize(201);
        long before = directorySize(dataDir.resolve("logs"));

        decrease(engine, "s", 24);

        assertThat(readAll(engine, "s")).containsExactly("new");
        engine.runMaintenance();
        assertThat(directorySize(dataDir.resolve("logs"))).isLessThan(before / 2);
        assertThat(readAll(engine, "s")).containsExactly("new");
    }

    /**
     * Bytes of the segment files under {@code dir}: the storage's write-ahead journal ({@code ~journal}) is left
     * out, since it holds up to {@code LogConfig.journalBytes} of recent appends whatever retention does.
     */
    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.toString().contains("/~journal/"))
                    .mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
