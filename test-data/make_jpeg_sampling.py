#!/usr/bin/python3
"""Writes test-data/images/modes/ycc{444,422,420,440}.jpg and gray_q90.jpg: small JPEGs in each chroma
subsampling libjpeg upsamples differently (4:4:0 is where IJG libjpeg 6b and libjpeg-turbo disagree);
then test-data/images/jpeg-comment/comment_{rgb,gray}.jpg from two of them.

Run with Debian's /usr/bin/python3 (Pillow) and ImageMagick's `convert` on PATH. Prints, per file,
the SHA-256 of Pillow's convert('RGB') bytes and of Pillow's q95 re-encode: TurboJpegTest holds them.
"""
import hashlib, io, os, random, subprocess
from PIL import Image

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "images", "modes")
rnd = random.Random(15)
w, h = 40, 24
# smooth ramps plus noise, so chroma varies within every 2x2 block
px = [(min(255, x * 6 + rnd.randrange(40)), min(255, y * 10 + rnd.randrange(40)), (x * y + rnd.randrange(60)) % 256)
      for y in range(h) for x in range(w)]
src = Image.new("RGB", (w, h)); src.putdata(px)
ppm = os.path.join(out, "_src.ppm"); src.save(ppm)
for name, factors in (("ycc444", "1x1"), ("ycc422", "2x1"), ("ycc420", "2x2"), ("ycc440", "1x2")):
    subprocess.run(["convert", ppm, "-quality", "90", "-sampling-factor", factors, os.path.join(out, name + ".jpg")], check=True)
subprocess.run(["convert", ppm, "-colorspace", "Gray", "-quality", "90", os.path.join(out, "gray_q90.jpg")], check=True)
os.remove(ppm)
for name in ("ycc444", "ycc422", "ycc420", "ycc440", "gray_q90"):
    rgb = Image.open(os.path.join(out, name + ".jpg")).convert("RGB")
    buf = io.BytesIO(); Image.frombytes("RGB", rgb.size, rgb.tobytes()).save(buf, "JPEG", quality=95)
    print(name, hashlib.sha256(rgb.tobytes()).hexdigest(), hashlib.sha256(buf.getvalue()).hexdigest())
# JPEGs carrying a comment and a density: Pillow's convert('RGB').save(quality=95) writes the comment
# back (info["comment"]) and not the density. Hashes: Pillow's re-encode of the file as opened.
for name, base in (("comment_rgb", "ycc420"), ("comment_gray", "gray_q90")):
    p = os.path.join(out, "..", "jpeg-comment", name + ".jpg")
    Image.open(os.path.join(out, base + ".jpg")).save(p, "JPEG", quality=90, dpi=(300, 300), comment=b"cvpipe test " + name.encode())
    buf = io.BytesIO(); Image.open(p).convert("RGB").save(buf, "JPEG", quality=95)
    print(name, hashlib.sha256(Image.open(p).convert("RGB").tobytes()).hexdigest(), hashlib.sha256(buf.getvalue()).hexdigest())
