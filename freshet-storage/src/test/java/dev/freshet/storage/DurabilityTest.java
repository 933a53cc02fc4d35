package dev.freshet.storage;

import static dev.freshet.storage.TestRecords.batch;
import static dev.freshet.storage.TestRecords.failingToForce;
import static dev.freshet.storage.TestRecords.readAll;
import static dev.freshet.storage.TestRecords.sized;
import static dev.freshet.storage.TestRecords.stamped;
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
    void underIntervalAndNeverAppendsAreAcknowledgedOnceWrittenWithoutWaitingForAnFsync() throws Exception {
        for (FsyncPolicy policy : List.of(FsyncPolicy.INTERVAL, FsyncPolicy.NEVER)) {
            // no scheduled fsync comes during the test: acknowledgements cannot be waiting for one
            LogConfig config = LogConfig.defaults().withFsyncPolicy(policy).withFsyncInterval(Duration.ofHours(1));
            try (LogStorage storage = LogStorage.onDisk(root.resolve(policy.name()), config)) {
                ShardLog log = storage.open("s/shard-0");
                for (int i = 0; i < 50; i++) {
                    log.append(sized(100), i).durable().get(60, TimeUnit.SECONDS);
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
        // one commit thread, busy with the first force: everything else has to wait for it
        GroupCommitter committer = new GroupCommitter("test-commit", 1);
        GroupCommitter.Target targetA = committer.target(a);
        GroupCommitter.Target targetB = committer.target(b);
        try {
            CompletableFuture<Void> first = committer.submit(targetA);
            assertThat(firstForceEntered.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            // these arrive while the first fsync runs: the next force of each target serves them together
            List<CompletableFuture<Void>> waiting = List.of(committer.submit(targetA), committer.submit(targetB),
                    committer.submit(targetA), committer.submit(targetB), committer.submit(targetA));
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
            failed = committer.submit(committer.target(() -> {
                throw diskError;
            }));
            fine = committer.submit(committer.target(() -> { }));
        } finally {
            committer.close();
        }
        assertThatThrownBy(() -> failed.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCause(diskError);
        assertThat(fine).isCompleted().isNotCompletedExceptionally();
        assertThatThrownBy(() -> committer.submit(committer.target(() -> { })))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void differentTargetsAreForcedInParallelSoASlowOneHoldsUpNoOther() throws Exception {
        CountDownLatch allThreeInside = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        Forceable slow = () -> {
            allThreeInside.countDown();
            await(release);
        };
        GroupCommitter committer = new GroupCommitter("test-commit", 3);
        try {
            List<CompletableFuture<Void>> blocked = List.of(committer.submit(committer.target(slow)),
                    committer.submit(committer.target(slow)), committer.submit(committer.target(slow)));
            assertThat(allThreeInside.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                    .as("three forces running at once").isTrue();
            assertThat(committer.threadCount()).isEqualTo(3);
            assertThat(blocked).noneMatch(CompletableFuture::isDone);
            release.countDown();
            CompletableFuture.allOf(blocked.toArray(CompletableFuture[]::new))
                    .get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            committer.close();
        }
    }

    @Test
    void whileOneTargetsForceHangsAnotherTargetsWritesComplete() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        GroupCommitter committer = new GroupCommitter("test-commit");
        try {
            CompletableFuture<Void> stuck = committer.submit(committer.target(() -> {
                entered.countDown();
                await(release);
            }));
            assertThat(entered.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            GroupCommitter.Target other = committer.target(() -> { });
            for (int i = 0; i < 5; i++) {
                committer.submit(other).get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(stuck).isNotDone();
        } finally {
            release.countDown();
            committer.close();
        }
    }

    @Test
    void aFailedForceFailsOnlyTheWritesOfItsTarget() throws Exception {
        IOException diskError = new IOException("EIO");
        GroupCommitter committer = new GroupCommitter("test-commit");
        GroupCommitter.Target failing = committer.target(() -> {
            throw diskError;
        });
        GroupCommitter.Target fine = committer.target(() -> { });
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                failed.add(committer.submit(failing));
                durable.add(committer.submit(fine));
            }
        } finally {
            committer.close();
        }
        assertThat(failed).allSatisfy(f -> assertThatThrownBy(() -> f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCause(diskError));
        assertThat(durable).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    }

    @Test
    void afterASegmentsFsyncFailsEveryLaterCommitFailsAndAppendsAreRefused() throws Exception {
        ActiveSegment segment = failingToForce(new OpenFiles(10));
        GroupCommitter committer = new GroupCommitter("test-commit");
        try {
            GroupCommitter.Target target = committer.target(segment);
            segment.append(stamped("r0", 0), 0, 1);
            CompletableFuture<Void> first = committer.submit(target);
            assertThatThrownBy(() -> first.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
            // nothing new was written, yet the failure sticks: the kernel may have dropped the pages
            CompletableFuture<Void> later = committer.submit(target);
            assertThatThrownBy(() -> later.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasRootCauseMessage("Invalid argument");
            assertThatThrownBy(() -> segment.append(stamped("r1", 1), 1, 2)).isInstanceOf(IOException.class)
                    .hasMessageContaining("appends are refused");
        } finally {
            committer.close();
            segment.retire(false);
        }
    }

    @Test
    void aLogClosedWhileItsAppendsWaitForTheCommitCompletesThemAsDurable() throws Exception {
        List<CompletableFuture<Void>> durable = new ArrayList<>();
        try (LogStorage storage = LogStorage.onDisk(root, LogConfig.defaults().withMaxOpenFiles(2))) {
            for (int i = 0; i < 6; i++) {
                ShardLog log = storage.open("s/shard-" + i);
                for (int j = 0; j < 10; j++) {
                    durable.add(log.append(sized(20), j).durable());
                }
                log.close();
            }
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                    .get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(durable).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    }

    @Test
    void theIntervalFlusherForcesRepeatedlyUntilClosedAndAFailureStopsNoLaterForce() throws Exception {
        CountDownLatch forced = new CountDownLatch(3);
        Forceable failing = () -> {
            forced.countDown();
            throw new IOException("logged, not fatal");
        };
        PeriodicFlusher flusher = new PeriodicFlusher("test-flush", Duration.ofMillis(2), failing);
        try {
            assertThat(forced.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        } finally {
            flusher.close();
            flusher.close();
        }
    }

    @Test
    void underIntervalEveryLogIsForcedByTheFlusherAndOnClose() throws Exception {
        LogConfig config = LogConfig.defaults().withFsyncPolicy(FsyncPolicy.INTERVAL)
                .withFsyncInterval(Duration.ofMillis(1)).withMaxOpenFiles(2);
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 8; i++) {
                    storage.open("s/shard-" + i).append(sized(20), round);
                }
            }
        }
        try (LogStorage storage = LogStorage.onDisk(root, config)) {
            for (int i = 0; i < 8; i++) {
                assertThat(readAll(storage.open("s/shard-" + i)).records()).hasSize(3);
            }
        }
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
