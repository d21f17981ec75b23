package dev.cvpipe.model.weights;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Pickles a state_dict the way {@code torch.save} does (protocol 2): an OrderedDict of
 * {@code _rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())}, each storage a
 * persistent id {@code ('storage', torch.FloatStorage, key, 'cpu', numel)} whose bytes go to
 * {@code data/<key>} in the zip.
 */
final class TorchPickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private TorchPickleWriter() {}

    /** The pickle bytes; the storages' raw bytes are appended to {@code blobs}, key = index. */
    static byte[] stateDict(Map<String, Tensor> tensors, List<byte[]> blobs) {
        TorchPickleWriter w = new TorchPickleWriter();
        w.op(0x80).op(2);
        w.global("collections", "OrderedDict").op(')').op('R');
        w.op('(');
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            boolean i64 = t.dtype() == Tensor.DType.I64;
            String key = Integer.toString(blobs.size());
            blobs.add(WeightFiles.raw(t));
            w.str(e.getKey());
            w.global("torch._utils", "_rebuild_tensor_v2");
            w.op('(');
            w.op('(').str("storage").global("torch", i64 ? "LongStorage" : "FloatStorage").str(key).str("cpu")
                    .integer(t.values().length).op('t').op('Q');
            w.integer(0);
            w.tuple(t.shape());
            long[] stride = new long[t.shape().length];
            for (int d = stride.length - 1, acc = 1; d >= 0; d--) {
                stride[d] = acc;
                acc *= (int) t.shape()[d];
            }
            w.tuple(stride);
            w.op(0x89);
            w.global("collections", "OrderedDict").op(')').op('R');
            w.op('t').op('R');
        }
        w.op('u').op('.');
        return w.out.toByteArray();
    }

    private TorchPickleWriter op(int b) {
        out.write(b);
        return this;
    }

    private TorchPickleWriter global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    private TorchPickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        int4(b.length);
        out.writeBytes(b);
        return this;
    }

    private TorchPickleWriter integer(long v) {
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            op('J');
            int4((int) v);
        } else {
            op(0x8a).op(8);
            for (int i = 0; i < 8; i++) op((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    private TorchPickleWriter tuple(long[] values) {
        if (values.length == 0) return op(')');
        op('(');
        for (long v : values) integer(v);
        return op('t');
    }

    private void int4(int v) {
        for (int i = 0; i < 4; i++) op((v >>> (8 * i)) & 0xff);
    }
}
