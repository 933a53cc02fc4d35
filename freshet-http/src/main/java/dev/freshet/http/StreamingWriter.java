package dev.freshet.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.lang.System.Logger.Level;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes a streamed reply's chunks to a channel as its publisher emits them, asking for the next
 * chunk only once the last one is written out and the channel is writable again. On HTTP/2 the
 * channel is the stream's child channel, whose writability follows the stream's flow-control
 * window, so a client that opens its window slowly paces the publisher; on HTTP/1.1 it follows the
 * socket's write buffer.
 *
 * <p>Thread-safety: the publisher may signal from any thread; every signal is carried over to the
 * channel's event loop, where all state lives.
 */
final class StreamingWriter implements Flow.Subscriber<byte[]> {

    private static final System.Logger LOG = System.getLogger(StreamingWriter.class.getName());

    private final Channel channel;
    private final Function<ByteBuf, Object> chunk;
    private final Supplier<Object> last;
    private final Consumer<Boolean> done;
    /** Cancels when the channel closes; removed once finished, so that a keep-alive connection does not collect them. */
    private final ChannelFutureListener onClose;
    /** Event loop only. */
    private Flow.Subscription subscription;
    private boolean requested;
    private boolean finished;

    /**
     * @param chunk frames one chunk for the wire
     * @param last the end-of-body frame
     * @param done told, once, whether the body was written whole ({@code false}: aborted or failed)
     */
    StreamingWriter(Channel channel, Function<ByteBuf, Object> chunk, Supplier<Object> last,
            Consumer<Boolean> done) {
        this.channel = channel;
        this.chunk = chunk;
        this.last = last;
        this.done = done;
        this.onClose = closed -> channel.eventLoop().execute(this::clientGone);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        channel.eventLoop().execute(() -> {
            this.subscription = subscription;
            if (finished || !channel.isActive()) {
                subscription.cancel();
                finish(false);
                return;
            }
            channel.closeFuture().addListener(onClose);
            requestIfWritable();
        });
    }

    @Override
    public void onNext(byte[] bytes) {
        channel.eventLoop().execute(() -> {
            requested = false;
            if (finished) {
                return;
            }
            channel.writeAndFlush(chunk.apply(Unpooled.wrappedBuffer(bytes))).addListener(written -> {
                if (!written.isSuccess()) {
                    LOG.log(Level.DEBUG, "could not stream to " + channel, written.cause());
                    clientGone();
                } else {
                    requestIfWritable();
                }
            });
        });
    }

    @Override
    public void onError(Throwable failure) {
        channel.eventLoop().execute(() -> {
            LOG.log(Level.WARNING, "a streamed reply to " + channel + " failed; aborting it", failure);
            finish(false);
        });
    }

    @Override
    public void onComplete() {
        channel.eventLoop().execute(() -> {
            if (!markFinished()) {
                return;
            }
            channel.writeAndFlush(last.get()).addListener((ChannelFutureListener) written ->
                    done.accept(written.isSuccess()));
        });
    }

    /** The channel became writable, or not: called by the channel's handler. */
    void writabilityChanged() {
        requestIfWritable();
    }

    private void requestIfWritable() {
        if (!finished && !requested && subscription != null && channel.isWritable()) {
            requested = true;
            subscription.request(1);
        }
    }

    private void clientGone() {
        if (!finished && subscription != null) {
            subscription.cancel();
        }
        finish(false);
    }

    private void finish(boolean whole) {
        if (markFinished()) {
            done.accept(whole);
        }
    }

    /** Ends the subscription's part (no more requests or cancels) and the interest in the channel closing; false if already ended. */
    private boolean markFinished() {
        if (finished) {
            return false;
        }
        finished = true;
        channel.closeFuture().removeListener(onClose);
        return true;
    }
}
