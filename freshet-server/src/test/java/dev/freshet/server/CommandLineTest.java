package dev.freshet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.storage.FsyncPolicy;
import dev.freshet.streams.OnDemandScaling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void noFlagsGiveTheDocumentedDefaults() throws Exception {
        ServerConfig config = CommandLine.parse(new String[0], Map.of());
        assertThat(config).isEqualTo(ServerConfig.defaults());
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(4567);
        assertThat(config.dataDir()).isEqualTo(Path.of("freshet-data"));
        assertThat(config.accountId()).isEqualTo("000000000000");
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.fsync()).isEqualTo(FsyncPolicy.ALWAYS);
    }

    @Test
    void everyFlagIsReadInBothSpellings() throws Exception {
        ServerConfig config = CommandLine.parse(new String[] {"--host", "0.0.0.0", "--port=0", "--data-dir", "/d",
                "--in-memory", "--account-id", "111122223333", "--region=eu-west-1", "--create-stream-delay", "0",
                "--delete-stream-delay", "2s", "--update-stream-delay", "1m", "--fsync", "interval",
                "--fsync-interval", "250ms", "--tls-cert", "c.pem", "--tls-key", "k.pem", "--shard-limit", "10000",
                "--on-demand-stream-limit", "7", "--on-demand-window=2s", "--on-demand-split-rate", "2000",
                "--on-demand-merge-rate", "500", "--max-open-files", "64", "--journal-bytes=64m"},
                Map.of());
        assertThat(config).isEqualTo(new ServerConfig("0.0.0.0", 0, Path.of("/d"), true, "111122223333", "eu-west-1",
                Duration.ZERO, Duration.ofSeconds(2), Duration.ofMinutes(1), FsyncPolicy.INTERVAL,
                Duration.ofMillis(250), Path.of("c.pem"), Path.of("k.pem"), 10_000, 7,
                new OnDemandScaling(Duration.ofSeconds(2), 2000, 500), 64, 64L << 20));
    }

    @Test
    void environmentVariablesSetOptionsAndFlagsWin() throws Exception {
        ServerConfig config = CommandLine.parse(new String[] {"--port", "5000"},
                Map.of("FRESHET_PORT", "6000", "FRESHET_DATA_DIR", "/env", "FRESHET_IN_MEMORY", "true",
                        "FRESHET_FSYNC", "never", "UNRELATED", "x"));
        assertThat(config.port()).isEqualTo(5000);
        assertThat(config.dataDir()).isEqualTo(Path.of("/env"));
        assertThat(config.inMemory()).isTrue();
        assertThat(config.fsync()).isEqualTo(FsyncPolicy.NEVER);
    }

    @Test
    void journalSizesTakeBinarySuffixesAndNoLessThanOneMebibyte() throws Exception {
        assertThat(ServerConfig.defaults().journalBytes()).isEqualTo(256L << 20);
        assertThat(journalBytes("1048576")).isEqualTo(1L << 20);
        assertThat(journalBytes("2048k")).isEqualTo(2L << 20);
        assertThat(journalBytes("64M")).isEqualTo(64L << 20);
        assertThat(journalBytes("2g")).isEqualTo(2L << 30);
        for (String bad : new String[] {"1048575", "1023k", "0m", "64mb", "-1m", "lots", "99999999999999999999",
                "9999999999999g"}) {
            assertThatThrownBy(() -> journalBytes(bad)).as(bad).hasMessageContaining("--journal-bytes");
        }
    }

    private static long journalBytes(String value) throws Exception {
        return CommandLine.parse(new String[] {"--journal-bytes", value}, Map.of()).journalBytes();
    }

    @Test
    void badValuesAreRejectedWithAMessageNamingTheOption() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--port", "99999"}, Map.of()))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--account-id", "12"}, Map.of()))
                .hasMessageContaining("--account-id");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--fsync", "sometimes"}, Map.of()))
                .hasMessageContaining("--fsync");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--create-stream-delay", "soon"}, Map.of()))
                .hasMessageContaining("--create-stream-delay");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--on-demand-split-rate", "10",
                "--on-demand-merge-rate", "10"}, Map.of())).hasMessageContaining("--on-demand-merge-rate");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--on-demand-window", "0"}, Map.of()))
                .hasMessageContaining("--on-demand-window");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--colour"}, Map.of()))
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--host"}, Map.of()))
                .hasMessageContaining("--host needs a value");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--tls-cert", "c.pem"}, Map.of()))
                .hasMessageContaining("--tls-key");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--shard-limit", "0"}, Map.of()))
                .hasMessageContaining("--shard-limit");
    }
}
