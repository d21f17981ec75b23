#!/usr/bin/python3
"""Writes test-data/images/modes/: one tiny file per image mode cvpipe must convert.

Run with Debian's /usr/bin/python3 (Pillow) and ImageMagick's `convert` on PATH. The pixel values
are chosen so the tests can work out the expected RGB from the conversion formulas by hand; the
tests carry that arithmetic, this script only writes the inputs.
"""
import io, os, struct, subprocess, sys, zlib
from PIL import Image

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "images", "modes")
os.makedirs(out, exist_ok=True)
P = lambda name: os.path.join(out, name)

# 1: 4x1 black, white, white, black
im = Image.new("1", (4, 1)); im.putdata([0, 255, 255, 0]); im.save(P("mode_1.png"))
# L: gray levels
im = Image.new("L", (4, 1)); im.putdata([0, 1, 128, 255]); im.save(P("mode_L.png"))
# LA: gray + alpha (alpha must be dropped, not composited)
im = Image.new("LA", (4, 1)); im.putdata([(0, 0), (1, 128), (128, 255), (255, 7)]); im.save(P("mode_LA.png"))
# P: 4-colour palette, indices 0..3
pal = [10, 20, 30, 200, 100, 50, 0, 255, 0, 255, 255, 255]
im = Image.new("P", (4, 1)); im.putpalette(pal); im.putdata([0, 1, 2, 3]); im.save(P("mode_P.png"))
# P with tRNS making index 1 fully transparent: palette colour kept, transparency dropped
im.save(P("mode_P_trns.png"), transparency=1)
# PA: palette with partial alpha per entry (tRNS bytes)
im.save(P("mode_PA.png"), transparency=bytes([255, 128, 0, 64]))
# GIF (P) with the same palette, stored under .gif
im.save(P("mode_GIF.gif"))
# RGB, RGBA
im = Image.new("RGB", (2, 1)); im.putdata([(1, 2, 3), (250, 128, 0)]); im.save(P("mode_RGB.png"))
im = Image.new("RGBA", (2, 1)); im.putdata([(1, 2, 3, 0), (250, 128, 0, 128)]); im.save(P("mode_RGBA.png"))
# I;16: 16-bit gray 0, 255, 256, 65535 (Pillow saturates at 255)
im = Image.new("I;16", (4, 1)); im.putdata([0, 255, 256, 65535]); im.save(P("mode_I16.png"))

# 16-bit RGB and 16-bit gray+alpha via ImageMagick from raw 16-bit PPM/PAM samples
def magick(args, data, name):
    subprocess.run(["convert"] + args + ["-define", "png:exclude-chunks=date,time", P(name)], input=data, check=True)
ppm = b"P6\n2 1\n65535\n" + struct.pack(">6H", 0x1234, 0xFFFF, 0x00FF, 0x8000, 0x7FFF, 0x0101)
magick(["ppm:-", "-define", "png:bit-depth=16", "-define", "png:color-type=2"], ppm, "mode_RGB16.png")
pam = b"P7\nWIDTH 2\nHEIGHT 1\nDEPTH 2\nMAXVAL 65535\nTUPLTYPE GRAYSCALE_ALPHA\nENDHDR\n" + \
      struct.pack(">4H", 0x1234, 0xFFFF, 0xABCD, 0x0000)
magick(["pam:-", "-define", "png:bit-depth=16", "-define", "png:color-type=4"], pam, "mode_LA16.png")

# CMYK JPEGs: flat colour at quality 100 so the decoded CMYK equals what was written
cmyk = (30, 60, 90, 120)
im = Image.new("CMYK", (16, 16), cmyk)
im.save(P("mode_CMYK.jpg"), quality=100)
icc = open("/usr/share/color/icc/ghostscript/ps_cmyk.icc", "rb").read()
im.save(P("mode_CMYK_icc.jpg"), quality=100, icc_profile=icc)
# YCCK: ImageMagick writes Adobe transform 2 when asked for libjpeg colour space JCS_YCCK (5)
tif = io.BytesIO(); im.save(tif, "TIFF"); 
subprocess.run(["convert", "tiff:-", "-quality", "100", "-define", "jpeg:colorspace=5", P("mode_YCCK.jpg")],
               input=tif.getvalue(), check=True)
# CMYK TIFF (no inversion in TIFF)
im.save(P("mode_CMYK.tif"))
# L JPEG, RGB JPEG (flat colours)
Image.new("L", (16, 16), 77).save(P("mode_L.jpg"), quality=100)
Image.new("RGB", (16, 16), (200, 100, 50)).save(P("mode_RGB.jpg"), quality=95)
# EXIF orientation 6 (rotate 90 CW to display) on a 2x1 RGB PNG-like pattern stored as JPEG is lossy;
# use PNG with an eXIf chunk so pixels stay exact.
ex = Image.Exif(); ex[0x0112] = 6
im = Image.new("RGB", (2, 1)); im.putdata([(255, 0, 0), (0, 0, 255)]); im.save(P("exif_orient6.png"), exif=ex.tobytes())
# 8-bit palette BMP
im = Image.new("P", (4, 1)); im.putpalette(pal); im.putdata([0, 1, 2, 3]); im.save(P("mode_P.bmp"))
# PNG content under a .jpg name
Image.new("RGB", (3, 2), (9, 8, 7)).save(P("png_named.jpg"), format="PNG")
# Truncated JPEG: a real JPEG cut in half
Image.effect_noise((64, 64), 40).convert("RGB").save(P("truncated.jpg"), quality=90)
data = open(P("truncated.jpg"), "rb").read(); open(P("truncated.jpg"), "wb").write(data[: len(data) // 2])
# Zero-byte file and a text file with an image name
open(P("zero.jpg"), "wb").close()
open(P("not_an_image.png"), "w").write("hello, I am not a picture\n")
# Decompression bomb: a valid PNG header claiming 20000 x 20000 pixels (400 M > 178,956,970)
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
open(P("bomb.png"), "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))
# Lossless WebP (exact pixels)
im = Image.new("RGB", (2, 1)); im.putdata([(1, 2, 3), (250, 128, 0)]); im.save(P("mode_RGB.webp"), lossless=True)
# RGB PNG tagged with an Adobe RGB (1998)-like profile (ghostscript's a98.icc): --icc must move it to sRGB
im = Image.new("RGB", (2, 1)); im.putdata([(200, 50, 50), (128, 128, 128)])
im.save(P("rgb_a98.png"), icc_profile=open("/usr/share/color/icc/ghostscript/a98.icc", "rb").read())
print("wrote", len(os.listdir(out)), "files to", out)
