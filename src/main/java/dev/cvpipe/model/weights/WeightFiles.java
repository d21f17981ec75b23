package dev.cvpipe.model.weights;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * PyTorch and safetensors weight files in and out. {@link #read} finds the format from the bytes
 * (not the name) and returns the state_dict by name; {@link #write} writes one that
 * {@code torch.load} + strict {@code load_state_dict} (or {@code safetensors.torch.load_file}) accept.
 */
public final class WeightFiles {
    /** What a weights file is, judged from its first bytes. */
    public enum Format {
        /** {@code torch.save} since 1.6: a zip with {@code data.pkl} and raw storages. */
        PTH,
        /** {@code torch.save} before 1.6 ({@code _use_new_zipfile_serialization=False}). */
        PTH_LEGACY,
        SAFETENSORS,
        /** darknet {@code .weights}: a header of three small ints, then raw floats. */
        DARKNET;

        /** The name users know the format by. */
        public String label() {
            return switch (this) {
                case PTH -> "pth (zip)";
                case PTH_LEGACY -> "pth (legacy)";
                case SAFETENSORS -> "safetensors";
                case DARKNET -> "darknet weights";
            };
        }
    }

    static final byte[] LEGACY_MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46,
            (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

    private WeightFiles() {}

    /** The format of {@code file} from its first bytes; a one-line IOException when it is none of them. */
    public static Format detect(Path file) throws IOException {
        // callers print the message as is: Java's own (the bare path, "Is a directory") says too little
        if (Files.isDirectory(file)) throw new IOException(file + ": is a directory, not a weights file");
        if (!Files.exists(file)) throw new IOException(file + ": no such file");
        byte[] head = new byte[16];
        long size = Files.size(file);
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return Format.PTH;
        if (n >= LEGACY_MAGIC.length && Arrays.equals(Arrays.copyOf(head, LEGACY_MAGIC.length), LEGACY_MAGIC)) return Format.PTH_LEGACY;
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (n >= 9) {
            long headerLen = b.getLong(0);
            if (headerLen > 1 && headerLen <= size - 8 && head[8] == '{') return Format.SAFETENSORS;
            if (headerLen > 1 && headerLen < (1L << 31) && head[8] == '{') {
                // a safetensors header that promises more bytes than the file has: a cut download, say so
                throw new IOException(file + ": truncated safetensors file (header of " + headerLen + " bytes, file of " + size + ")");
            }
        }
        if (n >= 16) {
            int major = b.getInt(0), minor = b.getInt(4), revision = b.getInt(8);
            if (major >= 0 && major < 10 && minor >= 0 && minor < 100 && revision >= 0 && revision < 10_000) return Format.DARKNET;
        }
        throw new IOException(file + ": not a PyTorch .pth, .safetensors or darknet .weights file (unknown first bytes)");
    }

    /**
     * The tensors of a PyTorch or safetensors file by name, in file order. A checkpoint that wraps
     * the weights under {@code state_dict} or {@code model} is unwrapped, and DataParallel's
     * {@code module.} prefixes are removed. Errors are one-line IOExceptions naming the file.
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Format f = detect(file);
        try {
            Map<String, Tensor> raw = switch (f) {
                case PTH -> readZip(file);
                case PTH_LEGACY -> readLegacy(file);
                case SAFETENSORS -> readSafetensors(file);
                case DARKNET -> throw new IOException(file + ": a darknet .weights file has no tensor names (load it into darknet53)");
            };
            return stripModulePrefix(raw);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IOException(file + ": truncated or corrupt " + f.label() + " file (data ends early)");
        } catch (RuntimeException e) {
            // the bytes are untrusted: any parsing surprise (bad cast, negative size ...) is a corrupt file
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(file + ": corrupt or unsupported " + f.label() + " file: " + why);
        }
    }

    private static Map<String, Tensor> stripModulePrefix(Map<String, Tensor> in) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : in.entrySet()) {
            String k = e.getKey();
            while (k.startsWith("module.")) k = k.substring("module.".length());
            out.put(k, e.getValue());
        }
        return out;
    }

    // ---- PyTorch zip -------------------------------------------------------------------------

    private static Map<String, Tensor> readZip(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException(file + ": truncated or corrupt pth (zip) file (" + e.getMessage() + ")");
        }
        try (zip) {
            ZipEntry pkl = zip.stream().filter(e -> e.getName().endsWith("data.pkl")
                    && e.getName().indexOf('/') == e.getName().length() - "data.pkl".length() - 1).findFirst()
                    .orElseThrow(() -> new IOException(file + ": a zip without <name>/data.pkl is not a torch.save file"));
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            Object root = TorchPickle.load(ByteBuffer.wrap(entry(zip, pkl, file)));
            Map<String, ByteBuffer> storages = new HashMap<>();
            return tensors(root, file, ref -> {
                ByteBuffer b = storages.get(ref.key());
                if (b == null) {
                    ZipEntry e = zip.getEntry(prefix + "data/" + ref.key());
                    if (e == null) throw new IOException(file + ": storage data/" + ref.key() + " is missing");
                    b = ByteBuffer.wrap(entry(zip, e, file));
                    storages.put(ref.key(), b);
                }
                return b;
            });
        }
    }

    private static byte[] entry(ZipFile zip, ZipEntry e, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readAllBytes();
            if (e.getSize() >= 0 && b.length != e.getSize()) throw new IOException(file + ": " + e.getName() + " is truncated");
            return b;
        } catch (ZipException ex) {
            throw new IOException(file + ": " + e.getName() + " is corrupt (" + ex.getMessage() + ")");
        }
    }

    // ---- PyTorch legacy ----------------------------------------------------------------------

    /** magic, protocol version, sys info, the state pickle, the storage key list, then each storage: int64 numel + data. */
    private static Map<String, Tensor> readLegacy(Path file) throws IOException {
        ByteBuffer buf = map(file);
        TorchPickle.load(buf);
        Object protocol = TorchPickle.load(buf);
        if (!Long.valueOf(1001).equals(protocol)) throw new IOException(file + ": legacy torch protocol " + protocol + " is not supported");
        TorchPickle.load(buf);
        Object root = TorchPickle.load(buf);
        List<?> keys = (List<?>) TorchPickle.load(buf);
        Map<String, Tensor.DType> types = new HashMap<>();
        collectStorages(root, types);
        Map<String, ByteBuffer> storages = new HashMap<>();
        for (Object k : keys) {
            String key = String.valueOf(k);
            long numel = buf.getLong();
            Tensor.DType t = types.get(key);
            if (t == null) throw new IOException(file + ": storage " + key + " is not used by any tensor");
            long bytes = numel * t.bytes;
            if (bytes > buf.remaining()) throw new BufferUnderflowException();
            ByteBuffer s = buf.slice(buf.position(), (int) bytes);
            buf.position(buf.position() + (int) bytes);
            storages.put(key, s);
        }
        return tensors(root, file, ref -> {
            ByteBuffer b = storages.get(ref.key());
            if (b == null) throw new IOException(file + ": storage " + ref.key() + " is missing");
            return b;
        });
    }

    private static void collectStorages(Object o, Map<String, Tensor.DType> types) {
        if (o instanceof TorchPickle.TensorRef t) types.put(t.storage().key(), t.storage().dtype());
        else if (o instanceof Map<?, ?> m) m.values().forEach(v -> collectStorages(v, types));
        else if (o instanceof List<?> l) l.forEach(v -> collectStorages(v, types));
    }

    private static ByteBuffer map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    // ---- pickled state_dict -> tensors -------------------------------------------------------

    private interface StorageSource {
        ByteBuffer get(TorchPickle.StorageRef ref) throws IOException;
    }

    private static Map<String, Tensor> tensors(Object root, Path file, StorageSource source) throws IOException {
        Map<?, ?> dict = stateDict(root, file);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : dict.entrySet()) {
            if (!(e.getValue() instanceof TorchPickle.TensorRef t)) continue;
            ByteBuffer s = source.get(t.storage()).duplicate().order(ByteOrder.LITTLE_ENDIAN);
            if ((long) s.capacity() < t.storage().numel() * t.storage().dtype().bytes) throw new BufferUnderflowException();
            out.put(String.valueOf(e.getKey()), materialise(t, s));
        }
        if (out.isEmpty()) throw new IOException(file + ": holds no tensors");
        return out;
    }

    /** The dict of tensors: the root itself, or the one under state_dict / model. */
    private static Map<?, ?> stateDict(Object root, Path file) throws IOException {
        if (!(root instanceof Map<?, ?> m)) throw new IOException(file + ": holds a " + describe(root) + ", not a state_dict");
        if (m.values().stream().anyMatch(v -> v instanceof TorchPickle.TensorRef)) return m;
        for (String k : new String[] {"state_dict", "model", "model_state_dict"}) {
            if (m.get(k) instanceof Map<?, ?> inner && inner.values().stream().anyMatch(v -> v instanceof TorchPickle.TensorRef)) return inner;
        }
        throw new IOException(file + ": no tensors at the top level nor under 'state_dict' or 'model' (keys: "
                + String.join(", ", m.keySet().stream().map(String::valueOf).limit(8).toList()) + ")");
    }

    private static String describe(Object o) {
        return o == null ? "None" : o instanceof List<?> ? "list" : o.getClass().getSimpleName();
    }

    private static Tensor materialise(TorchPickle.TensorRef t, ByteBuffer s) {
        long[] size = t.size(), stride = t.stride();
        if (size.length != stride.length) throw new IllegalArgumentException("a tensor's size and stride differ in length");
        long last = t.offset();
        for (int d = 0; d < size.length; d++) {
            if (size[d] < 0 || stride[d] < 0) throw new IllegalArgumentException("a tensor has a negative size or stride");
            if (size[d] > 0) last += (size[d] - 1) * stride[d];
        }
        int n = Math.toIntExact(Tensor.numel(size));
        if (n > 0 && (t.offset() < 0 || last >= t.storage().numel())) throw new IllegalArgumentException("a tensor reaches outside its storage");
        float[] v = new float[n];
        Tensor.DType dt = t.storage().dtype();
        if (contiguous(size, stride)) {
            if (n > 0 && (t.offset() < 0 || t.offset() + n > t.storage().numel())) throw new IllegalArgumentException("a tensor reaches outside its storage");
            int off = (int) t.offset();
            if (dt == Tensor.DType.F32) s.slice(4 * off, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            else for (int i = 0; i < n; i++) v[i] = element(s, dt, off + i);
            return new Tensor(dt, size.clone(), v);
        }
        long[] idx = new long[size.length];
        for (int i = 0; i < n; i++) {
            long pos = t.offset();
            for (int d = 0; d < size.length; d++) pos += idx[d] * stride[d];
            if (pos < 0 || pos >= t.storage().numel()) throw new IllegalArgumentException("a tensor reaches outside its storage");
            v[i] = element(s, dt, (int) pos);
            for (int d = size.length - 1; d >= 0; d--) {
                if (++idx[d] < size[d]) break;
                idx[d] = 0;
            }
        }
        return new Tensor(dt, size.clone(), v);
    }

    private static boolean contiguous(long[] size, long[] stride) {
        long expect = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expect) return false;
            expect *= size[d];
        }
        return true;
    }

    private static float element(ByteBuffer s, Tensor.DType dt, int i) {
        return switch (dt) {
            case F32 -> s.getFloat(4 * i);
            case F16 -> Tensor.halfToFloat(s.getShort(2 * i) & 0xffff);
            case BF16 -> Tensor.bf16ToFloat(s.getShort(2 * i));
            case F64 -> (float) s.getDouble(8 * i);
            case I64 -> (float) s.getLong(8 * i);
        };
    }

    // ---- safetensors -------------------------------------------------------------------------

    private static Map<String, Tensor> readSafetensors(Path file) throws IOException {
        ByteBuffer buf = map(file);
        long headerLen = buf.getLong(0);
        if (headerLen > buf.capacity() - 8) throw new BufferUnderflowException();
        byte[] hb = new byte[(int) headerLen];
        buf.get(8, hb);
        Map<String, Object> header;
        try {
            header = Json.MAPPER.readValue(hb, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new IOException(file + ": the safetensors header is not valid JSON");
        }
        ByteBuffer data = buf.slice(8 + (int) headerLen, buf.capacity() - 8 - (int) headerLen).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) e.getValue();
            Tensor.DType dt;
            try {
                dt = Tensor.DType.valueOf(String.valueOf(info.get("dtype")));
            } catch (IllegalArgumentException ex) {
                throw new IOException(file + ": tensor '" + e.getKey() + "' has dtype " + info.get("dtype") + " (read: F32, F16, BF16, F64, I64)");
            }
            long[] shape = ((List<?>) info.get("shape")).stream().mapToLong(x -> ((Number) x).longValue()).toArray();
            List<?> off = (List<?>) info.get("data_offsets");
            long begin = ((Number) off.get(0)).longValue(), end = ((Number) off.get(1)).longValue();
            long numel = Tensor.numel(shape);
            if (end - begin != numel * dt.bytes) {
                throw new IOException(file + ": tensor '" + e.getKey() + "' spans " + (end - begin) + " bytes, its shape needs " + numel * dt.bytes);
            }
            if (begin < 0 || end > data.capacity()) throw new IOException(file + ": truncated safetensors file (tensor '" + e.getKey() + "' ends past the data)");
            ByteBuffer s = data.slice((int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            long[] stride = new long[shape.length];
            for (int d = shape.length - 1, acc = 1; d >= 0; d--) {
                stride[d] = acc;
                acc *= (int) shape[d];
            }
            out.put(e.getKey(), materialise(new TorchPickle.TensorRef(new TorchPickle.StorageRef(dt, e.getKey(), numel), 0, shape, stride), s));
        }
        if (out.isEmpty()) throw new IOException(file + ": holds no tensors");
        return out;
    }

    // ---- writers -----------------------------------------------------------------------------

    /**
     * Writes {@code tensors} (float32; I64 ones as int64) to {@code file} atomically, as a PyTorch
     * zip ({@code PTH}) or {@code SAFETENSORS}.
     */
    public static void write(Map<String, Tensor> tensors, Path file, Format format) throws IOException {
        switch (format) {
            case PTH -> AtomicFile.writeBytes(file, pth(tensors, archiveName(file)));
            case SAFETENSORS -> AtomicFile.writeBytes(file, safetensors(tensors));
            default -> throw new IllegalArgumentException("cvpipe writes pth and safetensors, not " + format.label());
        }
    }

    private static String archiveName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = (dot > 0 ? n.substring(0, dot) : n).replaceAll("[^A-Za-z0-9_]", "_");
        return base.isEmpty() ? "archive" : base;
    }

    static byte[] raw(Tensor t) {
        boolean i64 = t.dtype() == Tensor.DType.I64;
        ByteBuffer b = ByteBuffer.allocate(t.values().length * (i64 ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : t.values()) {
            if (i64) b.putLong((long) v);
            else b.putFloat(v);
        }
        return b.array();
    }

    static byte[] safetensors(Map<String, Tensor> tensors) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        long off = 0;
        List<byte[]> blobs = new ArrayList<>();
        for (var e : tensors.entrySet()) {
            byte[] r = raw(e.getValue());
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.getValue().dtype() == Tensor.DType.I64 ? "I64" : "F32");
            info.put("shape", e.getValue().shape());
            info.put("data_offsets", new long[] {off, off + r.length});
            header.put(e.getKey(), info);
            blobs.add(r);
            off += r.length;
        }
        byte[] h = Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(header);
        int padded = (h.length + 7) / 8 * 8; // the format pads the header with spaces to 8 bytes
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (8 + padded + off));
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(h);
        for (int i = h.length; i < padded; i++) out.write(' ');
        for (byte[] b : blobs) out.write(b);
        return out.toByteArray();
    }

    static byte[] pth(Map<String, Tensor> tensors, String archive) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            List<byte[]> blobs = new ArrayList<>();
            byte[] pkl = TorchPickleWriter.stateDict(tensors, blobs);
            stored(zip, archive + "/data.pkl", pkl);
            stored(zip, archive + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < blobs.size(); i++) stored(zip, archive + "/data/" + i, blobs.get(i));
            stored(zip, archive + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** torch's reader wants uncompressed entries. */
    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(0);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
