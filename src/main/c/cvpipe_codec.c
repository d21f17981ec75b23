/*
 * For dev.cvpipe.image.NativeCodec: JPEG decode, encode and JPEG-to-JPEG transcode straight through
 * libjpeg's row API; a PNG's image data inflated and unfiltered (pngRows), or taken from 8-bit rows
 * to a JPEG a band at a time (pngToJpeg); GIF LZW and 8-bit expansion to RGB. The libjpeg is the
 * SIMD libjpeg-turbo 3.0.1 inside leptonica's JavaCPP
 * build (libleptonica.so.6 exports the whole libjpeg API and the jar ships its headers): the library
 * Pillow uses, so the pixels and q95 bytes are Pillow's. Going through leptonica's own reader and
 * writer instead costs a 32-bit repack of every row each way (~0.8 ms per 500x375 image), which is
 * what this file exists to avoid; nothing here decides anything leptonica's path would not.
 *
 * Encoder settings are those of leptonica's pixWriteStreamJpeg, whose bytes equal Pillow 9.4's save:
 * jpeg_set_defaults (4:2:0, JFIF 1.01, density 1:1 without unit), optimize_coding off, quality with
 * force_baseline, then one COM marker when the caller passes a comment.
 *
 * libjpeg's default error handler calls exit(): errors longjmp back here and return NULL (the Java
 * side then takes its own path, which names the file and the reason). Warnings (damaged entropy-coded
 * data, which libjpeg decodes through as Pillow's does) are not printed: the first one's text goes
 * back to Java, which prints it with the file's name. Every call owns its structs, so any number of
 * threads may call at once.
 */
#include <jni.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jpeglib.h"
#include "zlib.h"

#define ROWS 16 /* scanlines handed over per call */

struct errors {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char first[JMSG_LENGTH_MAX]; /* the first warning, "" if none */
};

static void on_error(j_common_ptr c) {
    struct errors *e = (struct errors *) c->err;
    longjmp(e->jump, 1);
}

static void on_message(j_common_ptr c, int level) {
    struct errors *e = (struct errors *) c->err;
    if (level >= 0) return; /* trace messages */
    if (e->pub.num_warnings++ == 0) (*c->err->format_message)(c, e->first);
}

static void init_errors(struct errors *e) {
    jpeg_std_error(&e->pub);
    e->pub.error_exit = on_error;
    e->pub.emit_message = on_message;
    e->first[0] = 0;
}

/* The first warning's text into warning[0] (a String[1], or NULL when the caller does not want it). */
static void hand_back_warning(JNIEnv *env, jobjectArray warning, const struct errors *e) {
    if (warning == NULL || e->first[0] == 0) return;
    jstring s = (*env)->NewStringUTF(env, e->first);
    if (s != NULL) (*env)->SetObjectArrayElement(env, warning, 0, s);
}

static unsigned char *copy_in(JNIEnv *env, jbyteArray a, jsize *len) {
    *len = (*env)->GetArrayLength(env, a);
    unsigned char *b = malloc(*len > 0 ? (size_t) *len : 1);
    if (b != NULL) (*env)->GetByteArrayRegion(env, a, 0, *len, (jbyte *) b);
    return b;
}

static jbyteArray copy_out(JNIEnv *env, const unsigned char *b, size_t len) {
    if (len > 0x7fffffff) return NULL;
    jbyteArray a = (*env)->NewByteArray(env, (jsize) len);
    if (a != NULL) (*env)->SetByteArrayRegion(env, a, 0, (jsize) len, (const jbyte *) b);
    return a;
}

/*
 * Header read and decompression started: 1- and 3-component files as 8-bit RGB (gray widened by
 * libjpeg, as Pillow's convert('RGB') widens it), 4-component ones as libjpeg's CMYK (YCCK turned
 * into CMYK by libjpeg), which read_rgb turns into RGB. 0 when the size is not the expected one.
 */
static int start_rgb(j_decompress_ptr d, int width, int height) {
    jpeg_read_header(d, TRUE);
    if (d->num_components != 1 && d->num_components != 3 && d->num_components != 4) return 0;
    d->out_color_space = d->num_components == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(d);
    return (int) d->output_width == width && (int) d->output_height == height
        && d->output_components == (d->num_components == 4 ? 4 : 3);
}

/* Pillow's MULDIV255: a*b/255 rounded, in integers. */
static inline int muldiv255(int a, int b) {
    int t = a * b + 128;
    return ((t >> 8) + t) >> 8;
}

/*
 * Up to n RGB rows. CMYK goes through a side band of 4-byte pixels: Pillow loads a CMYK JPEG as
 * "CMYK;I" (ink = 255 - libjpeg's sample, all four channels, for Adobe CMYK and YCCK alike) and
 * converts with its cmyk2rgb, R = (255-K) - C*(255-K)/255; the same formula as the Java path
 * (PixelConverter.cmykToRgb). libjpeg-turbo's own CMYK-to-RGB rounds differently.
 */
static JDIMENSION read_rgb(j_decompress_ptr d, JSAMPROW *rows, int n, unsigned char *cmyk) {
    if (d->out_color_space != JCS_CMYK) return jpeg_read_scanlines(d, rows, (JDIMENSION) n);
    size_t w = d->output_width;
    JSAMPROW band[ROWS];
    for (int i = 0; i < n; i++) band[i] = cmyk + 4 * w * (size_t) i;
    JDIMENSION got = jpeg_read_scanlines(d, band, (JDIMENSION) n);
    for (JDIMENSION i = 0; i < got; i++) {
        const unsigned char *s = band[i];
        unsigned char *o = rows[i];
        for (size_t x = 0; x < w; x++, s += 4, o += 3) {
            int nk = s[3]; /* 255 - ink K, ink K = 255 - sample */
            o[0] = (unsigned char) (nk - muldiv255(255 - s[0], nk));
            o[1] = (unsigned char) (nk - muldiv255(255 - s[1], nk));
            o[2] = (unsigned char) (nk - muldiv255(255 - s[2], nk));
        }
    }
    return got;
}

static void set_encoder(j_compress_ptr c, int width, int height, int quality) {
    c->image_width = (JDIMENSION) width;
    c->image_height = (JDIMENSION) height;
    c->input_components = 3;
    c->in_color_space = JCS_RGB;
    jpeg_set_defaults(c);
    c->optimize_coding = FALSE;
    jpeg_set_quality(c, quality, TRUE);
}

/*
 * The encoder's output: a buffer grown with realloc, owned by the caller at every moment. libjpeg's
 * jpeg_mem_dest hands its current buffer back only in jpeg_finish_compress and frees the first one
 * when it grows, so a call that stops early (a longjmp, image data that runs out) freed it twice.
 */
struct mem_out {
    struct jpeg_destination_mgr pub;
    unsigned char *buf;
    size_t cap;
    size_t len; /* bytes written, set when the encoder finishes */
};

static void mem_out_init(j_compress_ptr c) {
    (void) c;
}

static boolean mem_out_grow(j_compress_ptr c) {
    struct mem_out *m = (struct mem_out *) c->dest;
    size_t cap = m->cap * 2;
    unsigned char *b = realloc(m->buf, cap);
    if (b == NULL) (*c->err->error_exit)((j_common_ptr) c); /* longjmps back to the caller */
    m->buf = b;
    m->pub.next_output_byte = b + m->cap;
    m->pub.free_in_buffer = cap - m->cap;
    m->cap = cap;
    return TRUE;
}

static void mem_out_term(j_compress_ptr c) {
    struct mem_out *m = (struct mem_out *) c->dest;
    m->len = m->cap - m->pub.free_in_buffer;
}

/*
 * A compressor with set_encoder's settings, started, writing into *out (whose buffer the caller frees
 * whatever happens); *created is set as soon as there is one for the caller to destroy. 0 when the
 * first output buffer cannot be had.
 */
static int start_encoder(j_compress_ptr c, struct errors *e, volatile int *created, struct mem_out *out,
                         int width, int height, int quality) {
    out->cap = 65536;
    out->len = 0;
    out->buf = malloc(out->cap);
    if (out->buf == NULL) return 0;
    out->pub.init_destination = mem_out_init;
    out->pub.empty_output_buffer = mem_out_grow;
    out->pub.term_destination = mem_out_term;
    out->pub.next_output_byte = out->buf;
    out->pub.free_in_buffer = out->cap;
    c->err = &e->pub;
    jpeg_create_compress(c);
    *created = 1;
    c->dest = &out->pub;
    set_encoder(c, width, height, quality);
    jpeg_start_compress(c, TRUE);
    return 1;
}

/* A comment (a Java byte[], may be null) as one COM marker, right after the JFIF header; none when empty. */
static void write_comment(JNIEnv *env, j_compress_ptr c, jbyteArray comment) {
    if (comment == NULL) return;
    jsize n = (*env)->GetArrayLength(env, comment);
    if (n <= 0 || n > 65533) return; /* a COM segment holds at most 65533 bytes (Pillow's save fails beyond) */
    unsigned char text[65533];
    (*env)->GetByteArrayRegion(env, comment, 0, n, (jbyte *) text);
    jpeg_write_marker(c, JPEG_COM, text, (unsigned int) n);
}

/* byte[] decodeJpeg(byte[] jpeg, int width, int height, String[] warning): RGB rows, or null. */
JNIEXPORT jbyteArray JNICALL Java_dev_cvpipe_image_NativeCodec_decodeJpeg(JNIEnv *env, jclass cls, jbyteArray data,
                                                                     jint width, jint height, jobjectArray warning) {
    (void) cls;
    jsize len;
    unsigned char *in = copy_in(env, data, &len);
    if (in == NULL) return NULL;
    size_t row = (size_t) width * 3;
    unsigned char *px = malloc(row * (size_t) height > 0 ? row * (size_t) height : 1);
    unsigned char *cmyk = malloc((size_t) width * 4 * ROWS + 1);
    struct jpeg_decompress_struct d;
    struct errors e;
    volatile int created = 0;
    jbyteArray out = NULL;
    d.err = NULL;
    init_errors(&e);
    if (px != NULL && cmyk != NULL && setjmp(e.jump) == 0) {
        d.err = &e.pub;
        jpeg_create_decompress(&d);
        created = 1;
        jpeg_mem_src(&d, in, (unsigned long) len);
        if (start_rgb(&d, width, height)) {
            while (d.output_scanline < d.output_height) {
                JSAMPROW rows[ROWS];
                for (int i = 0; i < ROWS; i++) {
                    JDIMENSION y = d.output_scanline + (JDIMENSION) i;
                    rows[i] = px + row * (y < d.output_height ? y : d.output_height - 1);
                }
                read_rgb(&d, rows, ROWS, cmyk);
            }
            jpeg_finish_decompress(&d);
            out = copy_out(env, px, row * (size_t) height);
            hand_back_warning(env, warning, &e);
        }
    }
    if (created) jpeg_destroy_decompress(&d);
    free(cmyk);
    free(px);
    free(in);
    return out;
}

/* byte[] encode(byte[] rgb, int width, int height, int quality, byte[] comment): a baseline 4:2:0 JPEG, or null. */
JNIEXPORT jbyteArray JNICALL Java_dev_cvpipe_image_NativeCodec_encodeJpeg(JNIEnv *env, jclass cls, jbyteArray rgb,
                                                                     jint width, jint height, jint quality, jbyteArray comment) {
    (void) cls;
    jsize len;
    size_t row = (size_t) width * 3;
    if ((size_t) (*env)->GetArrayLength(env, rgb) < row * (size_t) height || width <= 0 || height <= 0) return NULL;
    unsigned char *px = copy_in(env, rgb, &len);
    if (px == NULL) return NULL;
    struct jpeg_compress_struct c;
    struct errors e;
    struct mem_out dst = {0}; /* its buffer is freed here either way */
    volatile int created = 0;
    jbyteArray out = NULL;
    init_errors(&e);
    if (setjmp(e.jump) == 0) {
        if (!start_encoder(&c, &e, &created, &dst, width, height, quality)) longjmp(e.jump, 1);
        write_comment(env, &c, comment);
        while (c.next_scanline < c.image_height) {
            JSAMPROW rows[ROWS];
            int n = 0;
            for (; n < ROWS && c.next_scanline + (JDIMENSION) n < c.image_height; n++) {
                rows[n] = px + row * (c.next_scanline + (JDIMENSION) n);
            }
            jpeg_write_scanlines(&c, rows, (JDIMENSION) n);
        }
        jpeg_finish_compress(&c);
        out = copy_out(env, dst.buf, dst.len);
    }
    if (created) jpeg_destroy_compress(&c);
    free(dst.buf);
    free(px);
    return out;
}

/*
 * byte[] transcodeJpeg(byte[] jpeg, int width, int height, int quality, boolean keepComment, String[] warning):
 * what encode(decode(jpeg)) gives, one band of rows at a time (no whole image in memory, none in
 * Java); the file's comment written back when keepComment (Pillow's save writes it; the caller
 * passes only files with one plain comment). Null on any libjpeg error.
 */
JNIEXPORT jbyteArray JNICALL Java_dev_cvpipe_image_NativeCodec_transcodeJpeg(JNIEnv *env, jclass cls, jbyteArray data,
                                                                        jint width, jint height, jint quality,
                                                                        jboolean keepComment, jobjectArray warning) {
    (void) cls;
    jsize len;
    unsigned char *in = copy_in(env, data, &len);
    if (in == NULL) return NULL;
    size_t row = (size_t) width * 3;
    unsigned char *band = malloc(row * ROWS > 0 ? row * ROWS : 1);
    unsigned char *cmyk = malloc((size_t) width * 4 * ROWS + 1);
    struct jpeg_decompress_struct d;
    struct jpeg_compress_struct c;
    struct errors e;
    struct mem_out dst = {0}; /* as in encode */
    volatile int dcreated = 0, ccreated = 0;
    jbyteArray out = NULL;
    init_errors(&e);
    if (band != NULL && cmyk != NULL && setjmp(e.jump) == 0) {
        d.err = &e.pub;
        jpeg_create_decompress(&d);
        dcreated = 1;
        jpeg_mem_src(&d, in, (unsigned long) len);
        if (keepComment) jpeg_save_markers(&d, JPEG_COM, 0xFFFF);
        if (start_rgb(&d, width, height)) {
            if (!start_encoder(&c, &e, &ccreated, &dst, width, height, quality)) longjmp(e.jump, 1);
            for (jpeg_saved_marker_ptr m = d.marker_list; m != NULL; m = m->next) {
                if (m->marker == JPEG_COM && m->data_length > 0) {
                    jpeg_write_marker(&c, JPEG_COM, m->data, m->data_length);
                    break;
                }
            }
            JSAMPROW rows[ROWS];
            for (int i = 0; i < ROWS; i++) rows[i] = band + row * (size_t) i;
            while (d.output_scanline < d.output_height) {
                JDIMENSION n = read_rgb(&d, rows, ROWS, cmyk);
                jpeg_write_scanlines(&c, rows, n);
            }
            jpeg_finish_compress(&c);
            jpeg_finish_decompress(&d);
            out = copy_out(env, dst.buf, dst.len);
            hand_back_warning(env, warning, &e);
        }
    }
    if (ccreated) jpeg_destroy_compress(&c);
    if (dcreated) jpeg_destroy_decompress(&d);
    free(dst.buf);
    free(cmyk);
    free(band);
    free(in);
    return out;
}

/* ---- PNG: inflate the IDAT chunks and reverse the row filters, nothing else ----
 * The Java side (PngDecoder) keeps everything that decides pixels or errors: header, palette,
 * transparency, bit depths, CRCs. This only replaces its inflate + unfilter loop, which gives the
 * same bytes (zlib is zlib, the filters are integer arithmetic) at C speed; on anything unexpected
 * it returns NULL and PngDecoder runs its own loop, which says what is wrong.
 */

static inline int paeth(int a, int b, int c) {
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

#define ROW_SLACK 8 /* bytes after the last row of the unfilter buffers, for px_load */

#if defined(__SSE2__)
#include <emmintrin.h>
#include <stdint.h>

/*
 * One pixel of bpp bytes (2..8) as 16-bit lanes. The load reads 8 bytes (the lanes past bpp are
 * never stored), so the buffers have ROW_SLACK bytes after their last row: assembling exactly bpp
 * bytes through memory instead stalls every pixel on a failed store-to-load forward.
 */
static inline __m128i px_load(const unsigned char *p) {
    return _mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i *) p), _mm_setzero_si128());
}

static inline void px_store(unsigned char *p, __m128i v, size_t bpp) {
    uint64_t x = (uint64_t) _mm_cvtsi128_si64(_mm_packus_epi16(v, v));
    memcpy(p, &x, bpp);
}

static inline __m128i abs16(__m128i x) {
    return _mm_max_epi16(x, _mm_sub_epi16(_mm_setzero_si128(), x));
}

/*
 * Sub (1), Average (3) and Paeth (4) pixel by pixel, the pixel's bytes side by side in 16-bit
 * lanes: each pixel needs the one before it, so the bytes of a pixel are what can go together
 * (libpng's SSE2 filters do the same). Pillow and the scalar loop reverse these filters a byte at
 * a time; these three are most of a photo PNG's rows. Always inlined with constant filter and bpp.
 */
static inline __attribute__((always_inline)) void unfilter_px(int filter, unsigned char *cur, const unsigned char *prev,
                                                             size_t n, size_t bpp) {
    const __m128i zero = _mm_setzero_si128(), low = _mm_set1_epi16(0xff);
    __m128i a = zero, c = zero;
    for (size_t i = 0; i < n; i += bpp) {
        __m128i x = px_load(cur + i), b = px_load(prev + i), pred;
        if (filter == 1) {
            pred = a;
        } else if (filter == 3) {
            pred = _mm_srli_epi16(_mm_add_epi16(a, b), 1);
        } else {
            /* p = a + b - c: pa = |b - c|, pb = |a - c|, pc = |a + b - 2c|; a wins ties, then b */
            __m128i bc = _mm_sub_epi16(b, c), ac = _mm_sub_epi16(a, c);
            __m128i pa = abs16(bc), pb = abs16(ac), pc = abs16(_mm_add_epi16(bc, ac));
            __m128i notA = _mm_or_si128(_mm_cmpgt_epi16(pa, pb), _mm_cmpgt_epi16(pa, pc));
            __m128i isC = _mm_cmpgt_epi16(pb, pc);
            __m128i bOrC = _mm_or_si128(_mm_and_si128(isC, c), _mm_andnot_si128(isC, b));
            pred = _mm_or_si128(_mm_and_si128(notA, bOrC), _mm_andnot_si128(notA, a));
        }
        a = _mm_and_si128(_mm_add_epi16(x, pred), low);
        c = b;
        px_store(cur + i, a, bpp);
    }
}

/* unfilter_px for a pixel size known at compile time (so the loads are plain moves); 0 if not 2..8. */
static int unfilter_simd(int filter, unsigned char *cur, const unsigned char *prev, size_t n, size_t bpp) {
#define CVPIPE_UNFILTER_BPP(k) \
    case k: \
        if (filter == 1) unfilter_px(1, cur, prev, n, k); \
        else if (filter == 3) unfilter_px(3, cur, prev, n, k); \
        else unfilter_px(4, cur, prev, n, k); \
        return 1;
    switch (bpp) {
        CVPIPE_UNFILTER_BPP(2)
        CVPIPE_UNFILTER_BPP(3)
        CVPIPE_UNFILTER_BPP(4)
        CVPIPE_UNFILTER_BPP(6)
        CVPIPE_UNFILTER_BPP(8)
        default: return 0;
    }
#undef CVPIPE_UNFILTER_BPP
}
#endif

/* Reverses one row's filter in place; prev is the unfiltered row above (zeros for the first). */
static int unfilter(int filter, unsigned char *cur, const unsigned char *prev, size_t n, size_t bpp) {
    size_t i;
#if defined(__SSE2__)
    /* rows of whole pixels of 2..8 bytes (8- and 16-bit samples): n is a multiple of bpp */
    if ((filter == 1 || filter == 3 || filter == 4) && n % bpp == 0 && unfilter_simd(filter, cur, prev, n, bpp)) return 1;
#endif
    switch (filter) {
        case 0: return 1;
        case 1: for (i = bpp; i < n; i++) cur[i] = (unsigned char) (cur[i] + cur[i - bpp]); return 1;
        case 2: for (i = 0; i < n; i++) cur[i] = (unsigned char) (cur[i] + prev[i]); return 1;
        case 3:
            for (i = 0; i < bpp && i < n; i++) cur[i] = (unsigned char) (cur[i] + (prev[i] >> 1));
            for (; i < n; i++) cur[i] = (unsigned char) (cur[i] + ((cur[i - bpp] + prev[i]) >> 1));
            return 1;
        case 4:
            for (i = 0; i < bpp && i < n; i++) cur[i] = (unsigned char) (cur[i] + prev[i]);
            for (; i < n; i++) cur[i] = (unsigned char) (cur[i] + paeth(cur[i - bpp], prev[i], prev[i - bpp]));
            return 1;
        default: return 0;
    }
}

static inline unsigned int be32(const unsigned char *b) {
    return (unsigned int) b[0] << 24 | (unsigned int) b[1] << 16 | (unsigned int) b[2] << 8 | b[3];
}

/*
 * The image data of a PNG (its IDAT chunks, from the 8-byte signature on) inflated a few bytes at a
 * time: rows are taken one after the other, so a converter needs two rows in memory, not the image.
 */
struct idat_reader {
    z_stream z;
    const unsigned char *png;
    size_t len, pos; /* the chunk after the one being inflated */
    int ended;        /* the zlib stream is complete */
};

static int idat_open(struct idat_reader *r, const unsigned char *png, size_t len) {
    memset(r, 0, sizeof *r);
    r->png = png;
    r->len = len;
    r->pos = 8;
    return inflateInit(&r->z) == Z_OK;
}

/* Exactly n more bytes of image data into out; 0 when the data is short or corrupt. */
static int idat_read(struct idat_reader *r, unsigned char *out, size_t n) {
    r->z.next_out = out;
    r->z.avail_out = (uInt) n;
    while (r->z.avail_out > 0) {
        if (r->z.avail_in == 0) { /* the next IDAT chunk */
            if (r->ended) return 0;
            int found = 0;
            while (!found && r->pos + 12 <= r->len) {
                size_t c = be32(r->png + r->pos);
                if (c > 0x7fffffff || r->pos + 12 + c > r->len) return 0;
                if (memcmp(r->png + r->pos + 4, "IDAT", 4) == 0) {
                    r->z.next_in = (unsigned char *) r->png + r->pos + 8;
                    r->z.avail_in = (uInt) c;
                    found = 1;
                }
                r->pos += 12 + c;
            }
            if (!found) return 0;
        }
        int rc = inflate(&r->z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            r->ended = 1;
            r->z.avail_in = 0;
        } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && r->z.avail_in == 0)) {
            return 0; /* data or dictionary error: Java says which */
        }
    }
    return 1;
}

/* The next row of the image, unfiltered in place against prev (zeros before the first row). */
static int idat_row(struct idat_reader *r, unsigned char *cur, const unsigned char *prev, size_t rowBytes, size_t bpp) {
    unsigned char filter;
    return idat_read(r, &filter, 1) && idat_read(r, cur, rowBytes) && unfilter(filter, cur, prev, rowBytes, bpp);
}

/*
 * byte[] pngRows(byte[] png, int rowBytes, int height, int bpp): the image's rows, unfiltered, without
 * their filter bytes (height * rowBytes), for a non-interlaced PNG; null when the data is short,
 * corrupt or has an unknown filter.
 */
JNIEXPORT jbyteArray JNICALL Java_dev_cvpipe_image_NativeCodec_pngRows(JNIEnv *env, jclass cls, jbyteArray png,
                                                                       jint rowBytes, jint height, jint bpp) {
    (void) cls;
    if (rowBytes <= 0 || height <= 0 || bpp <= 0) return NULL;
    jsize len;
    unsigned char *in = copy_in(env, png, &len);
    if (in == NULL) return NULL;
    unsigned char *rows = malloc((size_t) rowBytes * (size_t) height + ROW_SLACK);
    unsigned char *zero = calloc((size_t) rowBytes + ROW_SLACK, 1);
    if (rows != NULL) memset(rows + (size_t) rowBytes * (size_t) height, 0, ROW_SLACK);
    jbyteArray out = NULL;
    struct idat_reader r;
    int ok = rows != NULL && zero != NULL && idat_open(&r, in, (size_t) len);
    if (ok) {
        for (int y = 0; ok && y < height; y++) {
            unsigned char *cur = rows + (size_t) rowBytes * (size_t) y;
            ok = idat_row(&r, cur, y == 0 ? zero : cur - rowBytes, (size_t) rowBytes, (size_t) bpp);
        }
        inflateEnd(&r.z);
    }
    if (ok) out = copy_out(env, rows, (size_t) rowBytes * (size_t) height);
    free(zero);
    free(rows);
    free(in);
    return out;
}

/*
 * One row of 8-bit samples to RGB: pixel x at p[x*pixelStride + o]; a palette (768 bytes) indexed
 * by band o0, else gray from o0 when o1 < 0, else R, G, B from o0, o1, o2. Alpha is never read.
 */
static void expand_row(const unsigned char *p, int pixelStride, int o0, int o1, int o2, const unsigned char *pal,
                       int width, unsigned char *q) {
    if (pal != NULL) {
        for (int x = 0; x < width; x++, p += pixelStride, q += 3) {
            const unsigned char *c = pal + 3 * p[o0];
            q[0] = c[0];
            q[1] = c[1];
            q[2] = c[2];
        }
    } else if (o1 < 0) {
        for (int x = 0; x < width; x++, p += pixelStride, q += 3) q[0] = q[1] = q[2] = p[o0];
    } else {
        for (int x = 0; x < width; x++, p += pixelStride, q += 3) {
            q[0] = p[o0];
            q[1] = p[o1];
            q[2] = p[o2];
        }
    }
}

/*
 * byte[] pngToJpeg(byte[] png, int width, int height, int channels, byte[] palette, int quality, byte[] comment):
 * for a non-interlaced 8-bit PNG of 1 (gray, or palette indices when palette is a 768-byte table),
 * 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels, what encodeJpeg gives for the RGB that pngRows and
 * expandRgb make of it (alpha dropped, as Pillow's convert('RGB') drops it), made a band of rows at
 * a time: no image-sized buffer, none in Java; the comment as encode writes it. Null when the data is
 * short or corrupt.
 */
JNIEXPORT jbyteArray JNICALL Java_dev_cvpipe_image_NativeCodec_pngToJpeg(JNIEnv *env, jclass cls, jbyteArray png,
                                                                        jint width, jint height, jint channels,
                                                                        jbyteArray palette, jint quality, jbyteArray comment) {
    (void) cls;
    if (width <= 0 || height <= 0 || channels < 1 || channels > 4 || (palette != NULL && channels != 1)) return NULL;
    unsigned char pal[768];
    if (palette != NULL) {
        if ((*env)->GetArrayLength(env, palette) < 768) return NULL;
        (*env)->GetByteArrayRegion(env, palette, 0, 768, (jbyte *) pal);
    }
    int rgb = channels >= 3;
    jsize len;
    unsigned char *in = copy_in(env, png, &len);
    if (in == NULL) return NULL;
    size_t rowBytes = (size_t) width * (size_t) channels, row = (size_t) width * 3;
    unsigned char *lines = calloc(2 * (rowBytes + ROW_SLACK), 1); /* the row being read and the one above */
    unsigned char *band = malloc(row * ROWS);
    struct jpeg_compress_struct c;
    struct errors e;
    struct mem_out dst = {0}; /* as in encode */
    volatile int created = 0, zopen = 0;
    struct idat_reader r;
    jbyteArray out = NULL;
    init_errors(&e);
    if (lines != NULL && band != NULL && idat_open(&r, in, (size_t) len) && (zopen = 1) && setjmp(e.jump) == 0) {
        if (!start_encoder(&c, &e, &created, &dst, width, height, quality)) longjmp(e.jump, 1);
        write_comment(env, &c, comment);
        JSAMPROW rows[ROWS];
        int ok = 1;
        for (int y = 0; ok && y < height;) {
            int n = 0;
            for (; ok && n < ROWS && y < height; n++, y++) {
                unsigned char *cur = lines + (size_t) (y & 1) * (rowBytes + ROW_SLACK);
                unsigned char *prev = lines + (size_t) ((y + 1) & 1) * (rowBytes + ROW_SLACK);
                ok = idat_row(&r, cur, prev, rowBytes, (size_t) channels);
                rows[n] = band + row * (size_t) n;
                if (ok) expand_row(cur, channels, 0, rgb ? 1 : -1, rgb ? 2 : -1, palette != NULL ? pal : NULL, width, rows[n]);
            }
            if (ok) jpeg_write_scanlines(&c, rows, (JDIMENSION) n);
        }
        if (ok) {
            jpeg_finish_compress(&c);
            out = copy_out(env, dst.buf, dst.len);
        }
    }
    if (created) jpeg_destroy_compress(&c);
    if (zopen) inflateEnd(&r.z);
    free(dst.buf);
    free(band);
    free(lines);
    free(in);
    return out;
}

/*
 * void expandRgb(byte[] src, int base, int pixelStride, int scanline, int o0, int o1, int o2,
 *                byte[] palette, int width, int height, byte[] rgb):
 * PixelConverter's 8-bit copy (RGB(A) by band offsets, palette lookup, gray widened; alpha never
 * read) at C speed; the Java side checked every bound. Both arrays are pinned for the few hundred
 * microseconds the loop takes (no JNI call inside).
 */
JNIEXPORT void JNICALL Java_dev_cvpipe_image_NativeCodec_expandRgb(JNIEnv *env, jclass cls, jbyteArray src, jint base,
                                                                   jint pixelStride, jint scanline, jint o0, jint o1, jint o2,
                                                                   jbyteArray palette, jint width, jint height, jbyteArray rgb) {
    (void) cls;
    unsigned char pal[768];
    if (palette != NULL) (*env)->GetByteArrayRegion(env, palette, 0, 768, (jbyte *) pal);
    unsigned char *s = (*env)->GetPrimitiveArrayCritical(env, src, NULL);
    if (s == NULL) return;
    unsigned char *o = (*env)->GetPrimitiveArrayCritical(env, rgb, NULL);
    if (o == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, src, s, JNI_ABORT);
        return;
    }
    for (int y = 0; y < height; y++) {
        expand_row(s + base + (size_t) scanline * (size_t) y, pixelStride, o0, o1, o2, palette != NULL ? pal : NULL, width,
                   o + (size_t) width * 3 * (size_t) y);
    }
    (*env)->ReleasePrimitiveArrayCritical(env, rgb, o, 0);
    (*env)->ReleasePrimitiveArrayCritical(env, src, s, JNI_ABORT);
}

/*
 * byte[] gifLzw(byte[] gif, int pos, int n): GifDecoder.lzw line for line (the same decoder, so the
 * same indices, including where a damaged stream stops and leaves zeros); null where that method
 * throws (no data at pos, a code size outside 1..11), so it can say why.
 */
JNIEXPORT jbyteArray JNICALL Java_dev_cvpipe_image_NativeCodec_gifLzw(JNIEnv *env, jclass cls, jbyteArray gif, jint start, jint n) {
    (void) cls;
    jsize len;
    if (n < 0) return NULL;
    unsigned char *d = copy_in(env, gif, &len);
    if (d == NULL) return NULL;
    int pos = start;
    jbyteArray result = NULL;
    int min = pos >= 0 && pos < len ? d[pos++] : 0;
    unsigned char *out = calloc((size_t) n + 1, 1);
    if (min >= 1 && min <= 11 && out != NULL) {
        int prefix[4096];
        unsigned char suffix[4096], stack[4097];
        int clear = 1 << min, eoi = clear + 1;
        memset(prefix, 0, sizeof prefix);
        memset(suffix, 0, sizeof suffix);
        for (int i = 0; i < clear; i++) suffix[i] = (unsigned char) i;
        int size = min + 1, next = clear + 2, old = -1, first = 0, o = 0;
        unsigned int bitBuf = 0;
        int bitCount = 0, blockLeft = 0, stop = 0;
        while (o < n && !stop) {
            while (bitCount < size) {
                if (blockLeft == 0) {
                    if (pos >= len) { stop = 1; break; }
                    blockLeft = d[pos++];
                    if (blockLeft == 0) { stop = 1; break; }
                }
                if (pos >= len) { stop = 1; break; }
                bitBuf |= (unsigned int) d[pos++] << bitCount;
                bitCount += 8;
                blockLeft--;
            }
            if (stop) break;
            int code = (int) (bitBuf & ((1u << size) - 1));
            bitBuf >>= size;
            bitCount -= size;
            if (code == clear) {
                size = min + 1;
                next = clear + 2;
                old = -1;
                continue;
            }
            if (code == eoi) break;
            if (old == -1) {
                if (code >= clear) break;
                out[o++] = suffix[code];
                first = code;
                old = code;
                continue;
            }
            int in = code, sp = 0;
            if (code > next) break;
            if (code == next) {
                stack[sp++] = (unsigned char) first;
                code = old;
            }
            while (code >= clear) {
                stack[sp++] = suffix[code];
                code = prefix[code];
            }
            first = suffix[code];
            stack[sp++] = (unsigned char) first;
            while (sp > 0 && o < n) out[o++] = stack[--sp];
            if (next < 4096) {
                prefix[next] = old;
                suffix[next] = (unsigned char) first;
                next++;
                if (next == (1 << size) && size < 12) size++;
            }
            old = in;
        }
        result = copy_out(env, out, (size_t) n);
    }
    free(out);
    free(d);
    return result;
}
