package dev.salvo.smtp;

/**
 * The commands written and not yet answered, oldest first (RFC 2920 §3.2: replies come back in
 * the order the commands were sent). A fixed ring of parallel arrays, so queueing a command never
 * allocates; {@link #offer} returns false at capacity instead of growing.
 */
final class InFlightQueue {
    /** What reply an entry waits for. */
    static final byte GREETING = 1, EHLO = 2, HELO = 3, STARTTLS = 4, AUTH = 5, MAIL = 6, RCPT = 7, DATA = 8,
            END_OF_DATA = 9, BDAT = 10, RSET = 11, QUIT = 12;

    private final byte[] kinds;
    private final TransactionState[] owners;
    private final int[] args;
    private final int mask;
    private int head;
    private int size;

    InFlightQueue(int minCapacity) {
        int cap = Integer.highestOneBit(Math.max(16, minCapacity) - 1) << 1;
        kinds = new byte[cap];
        owners = new TransactionState[cap];
        args = new int[cap];
        mask = cap - 1;
    }

    boolean offer(byte kind, TransactionState owner, int arg) {
        if (size == kinds.length) {
            return false;
        }
        int i = (head + size) & mask;
        kinds[i] = kind;
        owners[i] = owner;
        args[i] = arg;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int remaining() {
        return kinds.length - size;
    }

    byte headKind() {
        return size == 0 ? 0 : kinds[head];
    }

    TransactionState headOwner() {
        return owners[head];
    }

    int headArg() {
        return args[head];
    }

    void poll() {
        owners[head] = null;
        head = (head + 1) & mask;
        size--;
    }

    void clear() {
        while (size > 0) {
            poll();
        }
    }

    static String name(byte kind) {
        return switch (kind) {
            case GREETING -> "greeting";
            case EHLO -> "EHLO";
            case HELO -> "HELO";
            case STARTTLS -> "STARTTLS";
            case AUTH -> "AUTH";
            case MAIL -> "MAIL FROM";
            case RCPT -> "RCPT TO";
            case DATA -> "DATA";
            case END_OF_DATA -> "end of data";
            case BDAT -> "BDAT";
            case RSET -> "RSET";
            case QUIT -> "QUIT";
            default -> "nothing";
        };
    }
}
