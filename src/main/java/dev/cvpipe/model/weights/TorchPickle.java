package dev.cvpipe.model.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted unpickler for what {@code torch.save} writes: dicts, lists, tuples, numbers and
 * strings, plus exactly torch's own classes (OrderedDict, the tensor and parameter rebuild
 * functions, typed storages referenced by persistent id). Nothing in the pickle is ever called: a
 * class outside that list is an error, not an object. A hand-written reader rather than Pyrolite
 * because Pyrolite silently returns an empty dict when OrderedDict is unregistered, loses key order,
 * and would still need the same allow-list; the opcodes torch uses fit in one small switch.
 */
final class TorchPickle {
    /** A storage a tensor points into: its element type, its key in the file, its element count. */
    record StorageRef(Tensor.DType dtype, String key, long numel) {}

    /** A tensor not yet read: storage, element offset, size and stride (in elements). */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    private static final Map<String, Tensor.DType> STORAGES = Map.of(
            "FloatStorage", Tensor.DType.F32, "HalfStorage", Tensor.DType.F16, "BFloat16Storage", Tensor.DType.BF16,
            "DoubleStorage", Tensor.DType.F64, "LongStorage", Tensor.DType.I64);
    private static final Set<String> FUNCTIONS = Set.of(
            "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor",
            "torch._utils._rebuild_parameter");
    private static final Object MARK = new Object();

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private TorchPickle(ByteBuffer in) {
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads one pickle from {@code in}'s position (left just after its STOP). */
    static Object load(ByteBuffer in) {
        return new TorchPickle(in).run();
    }

    private Object run() {
        while (true) {
            int at = in.position();
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get();                                 // PROTO
                case 0x95 -> in.getLong();                             // FRAME
                case '.' -> {                                          // STOP
                    return pop();
                }
                case '(' -> { marks.add(stack.size()); push(MARK); }
                case ')' -> push(java.util.Collections.emptyList());
                case ']' -> push(new ArrayList<>());
                case '}' -> push(new LinkedHashMap<>());
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'K' -> push((long) (in.get() & 0xff));
                case 'M' -> push((long) (in.getShort() & 0xffff));
                case 'J' -> push((long) in.getInt());
                case 0x8a -> push(longN(in.get() & 0xff));              // LONG1
                case 0x8b -> push(longN(in.getInt()));                  // LONG4
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT is big-endian
                case 'X' -> push(string(in.getInt(), StandardCharsets.UTF_8));
                case 0x8c -> push(string(in.get() & 0xff, StandardCharsets.UTF_8));
                case 0x8d -> push(string(Math.toIntExact(in.getLong()), StandardCharsets.UTF_8));
                case 'T' -> push(string(in.getInt(), StandardCharsets.ISO_8859_1));
                case 'U' -> push(string(in.get() & 0xff, StandardCharsets.ISO_8859_1));
                case 'B' -> push(bytes(in.getInt()));
                case 'C' -> push(bytes(in.get() & 0xff));
                case 'q' -> memo.put(in.get() & 0xff, peek());
                case 'r' -> memo.put(in.getInt(), peek());
                case 0x94 -> memo.put(memo.size(), peek());             // MEMOIZE
                case 'h' -> push(memoGet(in.get() & 0xff));
                case 'j' -> push(memoGet(in.getInt()));
                case 't' -> push(java.util.Collections.unmodifiableList(popMark()));
                case 0x85 -> push(tupleOf(1));
                case 0x86 -> push(tupleOf(2));
                case 0x87 -> push(tupleOf(3));
                case 'l' -> push(new ArrayList<>(popMark()));
                case 'd' -> push(dictOf(popMark()));
                case 'a' -> { Object v = pop(); list(peek()).add(v); }
                case 'e' -> { List<Object> items = popMark(); list(peek()).addAll(items); }
                case 's' -> { Object v = pop(); Object k = pop(); map(peek()).put(k, v); }
                case 'u' -> { List<Object> items = popMark(); map(peek()).putAll(dictOf(items)); }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'c' -> push(global(line(), line()));
                case 0x93 -> { String name = (String) pop(); push(global((String) pop(), name)); } // STACK_GLOBAL
                case 'Q' -> push(persistent(pop()));
                case 'R' -> { Object args = pop(); push(call(pop(), args)); }
                case 'b' -> build(pop(), peek());
                default -> throw new IllegalArgumentException(String.format("unsupported pickle opcode 0x%02x at byte %d", op, at));
            }
        }
    }

    private Object global(String module, String name) {
        String full = module + "." + name;
        if (module.equals("torch") && STORAGES.containsKey(name)) return new Global(module, name);
        if (FUNCTIONS.contains(full)) return new Global(module, name);
        throw new IllegalArgumentException("the pickle refers to " + full
                + ", which is not one of torch's weight-file classes (cvpipe never runs code from a pickle)");
    }

    private Object persistent(Object pid) {
        if (!(pid instanceof List<?> t) || t.isEmpty() || !"storage".equals(t.get(0)) || t.size() < 5) {
            throw new IllegalArgumentException("unsupported persistent id " + pid + " (only tensor storages are read)");
        }
        if (!(t.get(1) instanceof Global g) || !STORAGES.containsKey(g.name())) {
            throw new IllegalArgumentException("unsupported storage type " + t.get(1));
        }
        return new StorageRef(STORAGES.get(g.name()), String.valueOf(t.get(2)), ((Number) t.get(4)).longValue());
    }

    private Object call(Object fn, Object args) {
        if (!(fn instanceof Global g)) throw new IllegalArgumentException("pickle calls " + fn + ", which is not a function");
        List<?> a = (List<?>) args;
        switch (g.toString()) {
            case "collections.OrderedDict":
                if (!a.isEmpty()) throw new IllegalArgumentException("OrderedDict built from arguments is not supported");
                return new LinkedHashMap<>();
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor":
                if (!(a.get(0) instanceof StorageRef s)) throw new IllegalArgumentException("a tensor without a storage");
                return new TensorRef(s, ((Number) a.get(1)).longValue(), longs(a.get(2)), longs(a.get(3)));
            case "torch._utils._rebuild_parameter":
                return a.get(0);
            default:
                throw new IllegalArgumentException("pickle calls " + g + ", which cvpipe does not support");
        }
    }

    /** BUILD: an OrderedDict gets torch's {@code _metadata} here; it keeps its entries. */
    private static void build(Object state, Object target) {
        if (target instanceof Map<?, ?>) return;
        throw new IllegalArgumentException("pickle sets the state of " + (target == null ? "None" : target.getClass().getSimpleName()));
    }

    private static long[] longs(Object tuple) {
        List<?> l = (List<?>) tuple;
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).longValue();
        return out;
    }

    private Object longN(int n) {
        if (n < 0 || n > 64) throw new IllegalArgumentException("integer of " + n + " bytes is not supported");
        if (n > 8) { // legacy torch's 80-bit magic number
            byte[] le = bytes(n), be = new byte[n];
            for (int i = 0; i < n; i++) be[i] = le[n - 1 - i];
            return new java.math.BigInteger(be);
        }
        long v = 0;
        for (int i = 0; i < n; i++) v |= (in.get() & 0xffL) << (8 * i);
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) v |= -1L << (8 * n); // sign-extend
        return v;
    }

    private String string(int n, java.nio.charset.Charset cs) {
        return new String(bytes(n), cs);
    }

    private byte[] bytes(int n) {
        if (n < 0 || n > in.remaining()) throw new java.nio.BufferUnderflowException();
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String line() {
        StringBuilder sb = new StringBuilder();
        for (byte b = in.get(); b != '\n'; b = in.get()) sb.append((char) (b & 0xff));
        return sb.toString();
    }

    private Object memoGet(int k) {
        if (!memo.containsKey(k)) throw new IllegalArgumentException("pickle reads memo entry " + k + ", which was never stored");
        return memo.get(k);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty()) throw new IllegalArgumentException("pickle stack underflow");
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) throw new IllegalArgumentException("pickle pops a mark");
        return o;
    }

    private Object peek() {
        if (stack.isEmpty()) throw new IllegalArgumentException("pickle stack underflow");
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) throw new IllegalArgumentException("pickle has no mark to pop to");
        int m = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private List<Object> tupleOf(int n) {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(0, pop());
        return java.util.Collections.unmodifiableList(items);
    }

    private static Map<Object, Object> dictOf(List<Object> items) {
        if (items.size() % 2 != 0) throw new IllegalArgumentException("pickle dict has an odd number of items");
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) m.put(items.get(i), items.get(i + 1));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        if (o instanceof ArrayList<?>) return (List<Object>) o;
        throw new IllegalArgumentException("pickle appends to a " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(Object o) {
        if (o instanceof LinkedHashMap<?, ?>) return (Map<Object, Object>) o;
        throw new IllegalArgumentException("pickle sets an item of a " + (o == null ? "None" : o.getClass().getSimpleName()));
    }
}
