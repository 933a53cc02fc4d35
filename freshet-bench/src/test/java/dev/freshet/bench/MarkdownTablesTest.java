package dev.freshet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Markdown tables' shape and their CPU columns.
 *
 * <p>Not thread-safe; JUnit runs its tests one at a time.
 */
final class MarkdownTablesTest {

    private final List<PhaseResult> results = List.of(
            Results.measured("freshet", "put-records", 1_000_000, 500_000, Results.cost(2.0, 1.5)),
            Results.measured("kinesalite", "put-records", 100_000, 20_000, Results.cost(40.0, 0)),
            Results.failed("other", "put-records"));

    @Test
    void everyRowOfOneRunsTableHasAsManyCellsAsItsHeaderAndTheCpuWithoutJitHasAColumn() {
        String table = MarkdownTables.resultTable(results);

        assertEveryRowHasTheHeadersCells(table);
        assertThat(table).contains("| server CPU s/M records | server CPU s/M records without JIT | server CPU s/GB |")
                .contains("| 2.00 | 0.50 | 20.00 |").contains("| 40.00 | 40.00 | 400.00 |");
    }

    @Test
    void theComparisonShowsTheCpuWithoutJitButRatesCpuPerRecordOnAllThreads() {
        String table = MarkdownTables.comparison(results, "freshet");

        assertEveryRowHasTheHeadersCells(table);
        assertThat(table).contains("| server CPU s/M records (= µs/record) | server CPU s/M records without JIT |")
                .contains("| 2.00 | 0.50 | 20.00 |")
                // 40 / 2 on all threads; without JIT it would be 40 / 0.5 = 80.
                .contains("| 25× | 20× |");
    }

    /** Every table row (lines starting with '|') has as many unescaped '|' as the header line before it. */
    private static void assertEveryRowHasTheHeadersCells(String markdown) {
        long header = -1;
        for (String line : markdown.split("\n")) {
            if (!line.startsWith("|")) {
                header = -1;
                continue;
            }
            long bars = line.split("(?<!\\\\)\\|", -1).length;
            if (header < 0) {
                header = bars;
            }
            assertThat(bars).as(line).isEqualTo(header);
        }
    }
}
