#!/usr/bin/python3
"""Writes N mixed-mode ~500x375 images like cat-12's folders: mostly RGB JPEGs, plus P / RGBA / L / LA /
CMYK JPEG / 16-bit PNG / PNG-or-GIF named .jpg. Deterministic (seeded). Usage: make_bench_images.py OUTDIR [N]"""
import os, random, sys
from PIL import Image, ImageDraw, ImageFilter

out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 450
os.makedirs(out, exist_ok=True)
rnd = random.Random(12)
base = []
for k in range(8):  # a few photo-like bases: noise + shapes, blurred
    im = Image.effect_noise((500, 375), 60).convert("RGB")
    d = ImageDraw.Draw(im)
    for _ in range(40):
        x, y = rnd.randrange(500), rnd.randrange(375)
        d.ellipse((x, y, x + rnd.randrange(20, 200), y + rnd.randrange(20, 150)),
                  fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    base.append(im.filter(ImageFilter.GaussianBlur(2)))
# share of each kind (cat-12 is mostly RGB JPEG, with a tail of odd modes)
kinds = ["rgb_jpg"] * 55 + ["p_png_as_jpg"] * 10 + ["rgba_png"] * 8 + ["l_jpg"] * 6 + ["la_png"] * 4 + \
        ["cmyk_jpg"] * 5 + ["i16_png"] * 3 + ["gif_as_jpg"] * 4 + ["rgb_png"] * 5
for i in range(n):
    im = base[i % len(base)].rotate(i % 360)
    kind = kinds[i % len(kinds)]
    p = os.path.join(out, f"{i:04d}_{kind}")
    if kind == "rgb_jpg": im.save(p + ".jpg", quality=90)
    elif kind == "p_png_as_jpg": im.convert("P", palette=Image.ADAPTIVE).save(p + ".jpg", format="PNG")
    elif kind == "rgba_png": im2 = im.convert("RGBA"); im2.putalpha(im.convert("L")); im2.save(p + ".png")
    elif kind == "l_jpg": im.convert("L").save(p + ".jpg", quality=90)
    elif kind == "la_png": im.convert("LA").save(p + ".png")
    elif kind == "cmyk_jpg": im.convert("CMYK").save(p + ".jpg", quality=90)
    elif kind == "i16_png": im.convert("I").point(lambda v: v * 200).convert("I;16").save(p + ".png")
    elif kind == "gif_as_jpg": im.convert("P", palette=Image.ADAPTIVE).save(p + ".jpg", format="GIF")
    else: im.save(p + ".png")
print(f"wrote {n} images to {out}")
