"""Regenerates the reference outputs used by the augmentation tests (run with Debian's python3: torchvision 0.14, Pillow 9.4).

Inputs are small synthetic images; each case applies one torchvision/PIL operation with fixed parameters.
Images are stored as raw HWC uint8 (<name>.raw); cases.json says how each output was made.
"""
import gzip, json
import numpy as np
from PIL import Image, ImageFilter, ImageOps
import torchvision.transforms.functional as F

rng = np.random.default_rng(7)

def rgb_input(w, h):
    y, x = np.mgrid[0:h, 0:w]
    r = 255 * x / (w - 1)
    g = 255 * y / (h - 1)
    b = 128 + 100 * np.sin(x / 3.0) * np.cos(y / 4.0)
    img = np.stack([r, g, b], -1) + rng.normal(0, 20, (h, w, 3))
    img[5:12, 30:40] = [250, 10, 10]  # saturated patch: hue/saturation edge cases
    img[20:26, 4:10] = [12, 12, 12]
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")

def fashion_input():
    with gzip.open("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz") as f:
        data = np.frombuffer(f.read(), np.uint8, offset=16)
    return Image.fromarray(data[:784].reshape(28, 28), "L")

inputs = {"rgb48x40": rgb_input(48, 40), "gray28": fashion_input()}
cases = []

def save(name, img):
    np.asarray(img).tofile(f"{name}.raw")

def case(name, source, op, args, out):
    w, h = out.size
    cases.append({"name": name, "input": source, "op": op, "args": args,
                  "width": w, "height": h, "channels": len(out.getbands())})
    save(name, out)

for key, img in inputs.items():
    save(key, img)
    cases.append({"name": key, "input": key, "op": "input", "args": {}, "width": img.size[0], "height": img.size[1],
                  "channels": len(img.getbands())})

def common(src):
    img = inputs[src]
    for (l, t, w, h, ow, oh) in [(5, 3, 22, 25, 24, 24), (2, 4, 20, 15, 40, 40), (0, 0, img.size[0], img.size[1], 16, 13),
                                 (3, 1, 17, 21, 21, 17)]:
        case(f"{src}_crop_{l}_{t}_{w}_{h}_to_{ow}x{oh}", src, "resized_crop", {"left": l, "top": t, "w": w, "h": h, "ow": ow, "oh": oh},
             F.resized_crop(img, t, l, h, w, [oh, ow], F.InterpolationMode.BILINEAR))
    for f in [0.6, 1.4]:
        case(f"{src}_brightness_{f}", src, "brightness", {"f": f}, F.adjust_brightness(img, f))
        case(f"{src}_contrast_{f}", src, "contrast", {"f": f}, F.adjust_contrast(img, f))
    for f in [0.8, 1.2]:
        case(f"{src}_saturation_{f}", src, "saturation", {"f": f}, F.adjust_saturation(img, f))
    for f in [0.1, -0.1, 0.037, -0.023]:
        case(f"{src}_hue_{f}", src, "hue", {"f": f}, F.adjust_hue(img, f))
    case(f"{src}_grayscale", src, "grayscale", {}, F.rgb_to_grayscale(img, len(img.getbands())))
    for s in [0.1, 0.73, 2.0, 6.5]:
        case(f"{src}_blur_{s}", src, "blur", {"sigma": s}, img.filter(ImageFilter.GaussianBlur(radius=s)))
    case(f"{src}_solarize", src, "solarize", {}, ImageOps.solarize(img))
    case(f"{src}_flip", src, "flip", {}, F.hflip(img))
    for size, ratio in [(24, 0.875), (20, 1.0)]:
        resize = int(round(size / ratio))
        case(f"{src}_eval_{size}_{ratio}", src, "eval", {"size": size, "ratio": ratio},
             F.center_crop(F.resize(img, resize, F.InterpolationMode.BILINEAR), size))

common("rgb48x40")
common("gray28")
def encoded_files():
    """Files for the decoder tests: EXIF orientation 6 (stored rotated), a grayscale and a CMYK JPEG."""
    exif = Image.Exif()
    exif[0x0112] = 6
    inputs["rgb48x40"].save("exif6.jpg", quality=95, exif=exif)
    case("exif6_decoded", "exif6.jpg", "decode", {}, ImageOps.exif_transpose(Image.open("exif6.jpg")).convert("RGB"))
    inputs["gray28"].save("gray.jpg", quality=95)
    case("gray_decoded", "gray.jpg", "decode", {}, Image.open("gray.jpg").convert("RGB"))
    inputs["rgb48x40"].convert("CMYK").save("cmyk.jpg", quality=95)
    case("cmyk_decoded", "cmyk.jpg", "decode", {}, Image.open("cmyk.jpg").convert("RGB"))

encoded_files()
json.dump(cases, open("cases.json", "w"), indent=1)
