package dev.freshet.storage;

/**
 * The budget of open segment files of one storage ({@link LogConfig#openFileBudget()}), shared by every log:
 * segments open their file on first use and register here; when more are open than the budget allows, the
 * thread that opened one closes others that have not been used for a while, and they reopen on their next
 * use.
 *
 * <p>Which file to close is chosen by the CLOCK algorithm, the usual approximation of least-recently-used
 * that costs a use nothing but setting a flag: the open files form a ring swept by a hand; a file used
 * since the hand last passed gets a second chance (its flag is cleared), the first one not used is closed.
 * A file that cannot be closed right now (an append is writing it) stays open with a second chance.
 *
 * <p>The budget is soft by a little: a read or a force in progress keeps its file open after it was
 * evicted until it finishes (see {@link SharedChannel}), and while every open file is busy none can be
 * closed; so the process holds at most the budget plus the number of such operations in flight.
 *
 * <p>Thread-safety: the ring is guarded by this object's monitor, held only briefly and never while doing
 * I/O. Lock order: a handle's own lock may be held when calling {@link #add} or {@link #remove}, never when
 * calling {@link #trim}, which takes handles' locks one at a time, after releasing this monitor.
 */
final class OpenFiles {

    private static final System.Logger LOG = System.getLogger(OpenFiles.class.getName());

    /**
     * A segment file that can be closed to make room and reopens itself on its next use. Equality is
     * identity.
     */
    abstract static class Handle {

        /**
         * Set on every use, cleared by the clock hand. Deliberately not volatile: a use that the hand misses
         * only makes the choice of file to close a little less exact.
         */
        private boolean referenced = true;
        /**
         * Whether closing the file would first need a force (appends not yet forced under a forcing policy):
         * a hint, kept up to date by the handle, so that the hand prefers files that close at once.
         */
        private volatile boolean needsForce;
        /** Guarded by the OpenFiles monitor: where this handle sits in the ring, or -1 when not in it. */
        private int slot = -1;

        /** Marks the file as just used. */
        final void touch() {
            if (!referenced) {
                referenced = true;
            }
        }

        /** Whether closing the file now would need a force first, as far as the last update told. */
        final boolean needsForce() {
            return needsForce;
        }

        /** Tells whether closing the file now would need a force first. */
        final void needsForce(boolean needsForce) {
            if (this.needsForce != needsForce) {
                this.needsForce = needsForce;
            }
        }

        /**
         * Closes the file if nothing prevents it, after forcing what must be forced first. Called with no lock
         * held by a thread that needs room, after the handle was taken out of the ring. Must take itself out
         * of the ring ({@link #remove}) when it closes, and put itself back ({@link #readd}) when it stays
         * open. Must not throw: a failure is recorded where later operations on the segment will see it.
         */
        abstract void evict();
    }

    private final int maxOpen;
    /** Guarded by this: the open files, in slots [0, size). */
    private Handle[] ring = new Handle[64];
    /** Guarded by this. */
    private int size;
    /** Guarded by this: the next slot the hand looks at. */
    private int hand;

    OpenFiles(int maxOpen) {
        if (maxOpen < 1) {
            throw new IllegalArgumentException("maxOpen must be at least 1: " + maxOpen);
        }
        this.maxOpen = maxOpen;
    }

    /** How many files are registered open now. */
    synchronized int openCount() {
        return size;
    }

    /**
     * Registers a handle whose file was just opened (a handle already registered stays as it is).
     *
     * @return whether more files are now open than the budget allows: the caller should then call
     *     {@link #trim} once it holds no handle's lock
     */
    synchronized boolean add(Handle handle) {
        if (handle.slot < 0) {
            handle.referenced = true;
            insert(handle);
        }
        return size > maxOpen;
    }

    /** Puts back a handle that {@link #trim} took out but that could not close: it gets a second chance. */
    synchronized void readd(Handle handle) {
        handle.referenced = true;
        if (handle.slot < 0) {
            insert(handle);
        }
    }

    /** Unregisters a handle whose file was closed; a handle not registered is ignored. */
    synchronized void remove(Handle handle) {
        int slot = handle.slot;
        if (slot < 0) {
            return;
        }
        int last = size - 1;
        if (slot != last) {
            ring[slot] = ring[last];
            ring[slot].slot = slot;
        }
        ring[last] = null;
        size = last;
        handle.slot = -1;
        if (hand > size) {
            hand = 0;
        }
    }

    /**
     * Closes files not used lately until no more are open than the budget allows, or every open file turned
     * out to be busy. Must be called holding no handle's lock. A file that closes at once is preferred to one
     * that needs a force first (the group commit or flusher is about to force that one anyway); when all
     * need one, the least recently used is forced, on the calling thread, and closed.
     */
    void trim() {
        int attempts = 0;
        while (true) {
            Handle victim;
            synchronized (this) {
                if (size <= maxOpen) {
                    return;
                }
                if (attempts > 2 * size + 2) {
                    LOG.log(System.Logger.Level.DEBUG, "{0} segment files open, budget {1}: all busy", size, maxOpen);
                    return;
                }
                victim = nextVictim();
            }
            attempts++;
            victim.evict();
        }
    }

    /**
     * Guarded by this: sweeps the hand to the first handle not used since its last pass that closes without
     * a force, or failing that (a whole sweep) the first unused one it met, and takes it out of the ring.
     */
    private Handle nextVictim() {
        int firstNeedingForce = -1;
        for (int steps = 0; steps <= 2 * size; steps++) {
            if (hand >= size) {
                hand = 0;
            }
            Handle candidate = ring[hand];
            if (candidate.referenced) {
                candidate.referenced = false;
            } else if (!candidate.needsForce) {
                return take(hand);
            } else if (firstNeedingForce < 0) {
                firstNeedingForce = hand;
            }
            hand++;
        }
        if (firstNeedingForce >= 0) {
            hand = firstNeedingForce;
            return take(firstNeedingForce);
        }
        // used again and again during the sweep: take the one at the hand all the same
        if (hand >= size) {
            hand = 0;
        }
        return take(hand);
    }

    /** Guarded by this; the handle moved into the slot by remove() is looked at next. */
    private Handle take(int slot) {
        Handle victim = ring[slot];
        remove(victim);
        return victim;
    }

    /** Guarded by this. */
    private void insert(Handle handle) {
        if (size == ring.length) {
            Handle[] larger = new Handle[size * 2];
            System.arraycopy(ring, 0, larger, 0, size);
            ring = larger;
        }
        ring[size] = handle;
        handle.slot = size;
        size++;
    }
}
