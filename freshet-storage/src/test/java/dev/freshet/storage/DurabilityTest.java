package dev.freshet.storage;

import static dev.freshet.storage.TestRecords.batch;
import static dev.freshet.storage.TestRecords.readAll;
import static dev.freshet.storage.TestRecords.sized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fsync policies, group commit and the periodic flusher. */
class DurabilityTest {

    /** A bound against hanging forever, not a claim about speed. */
    private static final long HANG_GUARD_SECONDS = 60;

    @TempDir
    Path root;

    @Test
    void manyThreadsAppendingUnderAlwaysAllGetTheirAppendsMadeDurable() throws Exception {
        LogConfig config = LogConfig.defaults().withSegmentBytes(2048);
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            List<CompletableFuture<Void>> durable = new CopyOnWriteArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                ShardLog log = storage.open("s/shard-" + (t % 3));
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < 30; i++) {
                            durable.add(log.append(sized(40), i).durable());
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                    .get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(durable).hasSize(240).allSatisfy(f -> assertThat(f).isCompleted());
            long total = 0;
            for (int s = 0; s < 3; s++) {
                total += storage.open("s/shard-" + s).endOffset();
            }
            assertThat(total).isEqualTo(240);
        }
    }

    @Test
    void closingTheStorageCompletesAppendsStillWaitingForTheirFsync() throws Exception {
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        try (LogStorage storage = LogStorage.onDisk(root, LogConfig.defaults())) {
            ShardLog log = storage.open("s/shard-0");
            for (int i = 0; i < 20; i++) {
                durable.add(log.append(batch("r" + i), i).durable());
            }
        }
        assertThat(durable).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    }

    @Test
    void underIntervalAndNeverAppendsAreAcknowledgedAtOnce() throws Exception {
        for (FsyncPolicy policy : List.of(FsyncPolicy.INTERVAL, FsyncPolicy.NEVER)) {
            LogConfig config = LogConfig.defaults().withFsyncPolicy(policy).withFsyncInterval(Duration.ofMillis(5));
            try (LogStorage storage = LogStorage.onDisk(root.resolve(policy.name()), config)) {
                ShardLog log = storage.open("s/shard-0");
                for (int i = 0; i < 50; i++) {
                    assertThat(log.append(sized(100), i).durable()).isCompleted();
                }
                assertThat(readAll(log).records()).hasSize(50);
            }
        }
    }

    @Test
    void concurrentSubmissionsShareOneFsyncPerTarget() throws Exception {
        CountDownLatch firstForceEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstForce = new CountDownLatch(1);
        AtomicInteger forcesOfA = new AtomicInteger();
        AtomicInteger forcesOfB = new AtomicInteger();
        Forceable a = () -> {
            if (forcesOfA.incrementAndGet() == 1) {
                firstForceEntered.countDown();
                await(releaseFirstForce);
            }
        };
        Forceable b = forcesOfB::incrementAndGet;
        GroupCommitter committer = new GroupCommitter("test-commit");
        try {
            CompletableFuture<Void> first = committer.submit(a);
            assertThat(firstForceEntered.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            // these arrive while the first fsync runs: the next round serves them together
            List<CompletableFuture<Void>> waiting = List.of(committer.submit(a), committer.submit(b),
                    committer.submit(a), committer.submit(b), committer.submit(a));
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            releaseFirstForce.countDown();
            first.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } finally {
            committer.close();
        }
        assertThat(forcesOfA).hasValue(2);
        assertThat(forcesOfB).hasValue(1);
    }

    @Test
    void aFailedFsyncFailsTheAppendsThatWaitedForIt() throws Exception {
        IOException diskError = new IOException("EIO");
        GroupCommitter committer = new GroupCommitter("test-commit");
        CompletableFuture<Void> failed;
        CompletableFuture<Void> fine;
        try {
            failed = committer.submit(() -> {
                throw diskError;
            });
            fine = committer.submit(() -> { });
        } finally {
            committer.close();
        }
        assertThatThrownBy(() -> failed.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCause(diskError);
        assertThat(fine).isCompleted().isNotCompletedExceptionally();
        assertThatThrownBy(() -> committer.submit(() -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theIntervalFlusherForcesRepeatedlyUntilClosed() throws Exception {
        CountDownLatch forced = new CountDownLatch(3);
        AtomicInteger failuresSeen = new AtomicInteger();
        Forceable failing = () -> {
            failuresSeen.incrementAndGet();
            throw new IOException("logged, not fatal");
        };
        PeriodicFlusher flusher = new PeriodicFlusher("test-flush", Duration.ofMillis(2),
                () -> List.of(failing, forced::countDown));
        try {
            assertThat(forced.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        } finally {
            flusher.close();
            flusher.close();
        }
        assertThat(failuresSeen.get()).isGreaterThanOrEqualTo(3);
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("test latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
