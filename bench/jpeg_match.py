# bench/jpeg-match.sh: to-rgb --format jpeg outputs vs Pillow 9.4 convert("RGB").save(q95) of the same files, byte for byte
import os, sys
from PIL import Image
src, cv, pil = sys.argv[1], sys.argv[2], sys.argv[3]
same = diff = skip = miss = 0; bad = []
os.makedirs(pil, exist_ok=True)
for n in sorted(os.listdir(src)):
    stem = n.rsplit('.', 1)[0]; out = os.path.join(cv, stem + '.jpg')
    try:
        im = Image.open(os.path.join(src, n)); p = os.path.join(pil, stem + '.jpg'); im.convert('RGB').save(p, 'JPEG', quality=95)
    except Exception:
        skip += 1; continue
    if not os.path.exists(out):
        miss += 1; bad.append((os.path.realpath(os.path.join(src, n)).split('images/')[-1], 'no output')); continue
    if open(out, 'rb').read() == open(p, 'rb').read(): same += 1
    else: diff += 1; bad.append((os.path.realpath(os.path.join(src, n)).split('images/')[-1], 'differs'))
print(f"identical {same}, differ {diff}, Pillow refuses {skip}, converted by Pillow but not cvpipe {miss}")
for b in bad[:20]: print('  ', *b)
