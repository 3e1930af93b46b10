"""A folder of images with one subfolder per class, as a classification dataset.

``DIR/cat/*.png``, ``DIR/dog/*.jpg``: the sorted subfolder names are classes 0..K-1,
each image (.png, .jpg, .jpeg, .bmp, .gif; a GIF's first frame) is turned upright by
its EXIF orientation, converted to grey or RGB (alpha dropped; a 16-bit grey PNG keeps
its range), stretched to ``size`` (height, width; the aspect ratio is not kept) with
Pillow's bilinear filter (antialiased when shrinking) and scaled to [0, 1] float32,
giving ``x`` as [N, C, H, W] like an image Input wants.

The folder is untrusted: only regular files are opened (no devices or pipes), a link
must stay inside the folder, file count, bytes and pixels per image are capped before
any pixel is decoded (Pillow's decompression-bomb guard is set to the same cap), and
nothing is skipped silently: a file that is not an image, a nested folder or an image
Pillow cannot read is an error naming it. Only names starting with "." (``.DS_Store``)
are passed over. :func:`image_files`, :func:`read_image` and :func:`image_folder` are
copied verbatim into exported files (so they import inside and use literal limits).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from graphlab.train.datasets.registry import CLASSIFICATION, Dataset, DatasetError

SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
MAX_SIDE = 1024  # the largest size option
COLORS = ("grey", "rgb")
MAX_ARRAY_BYTES = 8 << 30  # x once loaded (float32)


def image_files(path, max_images=100_000):
    """(class names, [(real path, class index, path as shown)]) of an image folder;
    ValueError naming the folder or file that cannot be used."""
    import os
    import stat

    suffixes = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
    path = os.path.normpath(path)  # as shown in messages: without a trailing slash
    root = os.path.realpath(path)
    if not os.path.isdir(root):
        what = "does not exist" if not os.path.lexists(path) else "is not a folder"
        raise ValueError(f"image folder {path} {what}; give a folder holding one subfolder "
                         "of images per class")
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as err:
        raise ValueError(f"image folder {path} cannot be read: {err.strerror or err}") from None
    classes = []
    for e in entries:
        if e.name.startswith("."):
            continue
        if e.is_dir():
            classes.append(e.name)
        elif e.name.lower().endswith(suffixes):
            raise ValueError(f"image folder {path}: {e.name} is not in a class subfolder; "
                             "put the images in one subfolder per class")
    if len(classes) < 2:
        raise ValueError(f"image folder {path} has {len(classes)} class subfolder(s); "
                         "classification needs at least 2 (one subfolder per class)")
    files = []
    for label, name in enumerate(classes):
        folder = os.path.join(root, name)
        try:
            names = sorted(n for n in os.listdir(folder) if not n.startswith("."))
        except OSError as err:
            raise ValueError(f"image folder {path}: class folder {name} cannot be read: "
                             f"{err.strerror or err}") from None
        if not names:
            raise ValueError(f"image folder {path}: class folder {name} holds no images; "
                             "add some or remove the folder")
        for n in names:
            shown = os.path.join(path, name, n)
            real = os.path.realpath(os.path.join(folder, n))
            if os.path.commonpath([root, real]) != root:
                raise ValueError(f"image file {shown} links to outside the image folder; "
                                 "copy the file into the folder instead")
            try:
                mode = os.stat(real).st_mode
            except OSError as err:
                raise ValueError(f"image file {shown} cannot be read: "
                                 f"{err.strerror or err}") from None
            if stat.S_ISDIR(mode):
                raise ValueError(f"image folder {path}: {os.path.join(name, n)} is a folder; "
                                 "the images of a class lie directly in its subfolder")
            if not stat.S_ISREG(mode):
                raise ValueError(f"image file {shown} is not a regular file (a device, pipe "
                                 "or socket); remove it")
            if not n.lower().endswith(suffixes):
                raise ValueError(f"image folder {path}: {os.path.join(name, n)} is not a "
                                 f"{', '.join(suffixes)} image; remove it or move it out")
            files.append((real, label, shown))
            if len(files) > max_images:
                raise ValueError(f"image folder {path} holds more than {max_images:,} images; "
                                 "graphlab reads up to that many, so use a sample of them")
    return classes, files


def read_image(file, size, color, shown=None, max_pixels=40_000_000, max_bytes=64 << 20):
    """One image file as float32 [C, H, W] in [0, 1] (C: 1 grey, 3 rgb), resized to
    ``size`` (height, width) with the bilinear filter; ValueError naming the file."""
    import io
    import os
    import stat
    import warnings

    from PIL import Image, ImageOps, UnidentifiedImageError

    shown = shown or file
    Image.MAX_IMAGE_PIXELS = max_pixels  # Pillow refuses (or warns about) larger images
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:  # ``file`` is resolved: a link there now was swapped in since the listing
        fd = os.open(file, flags | getattr(os, "O_NOFOLLOW", 0))
    except OSError as err:
        raise ValueError(f"image file {shown} cannot be read: {err.strerror or err}") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ValueError(f"image file {shown} is not a regular file; remove it")
        if st.st_size > max_bytes:
            raise ValueError(f"image file {shown} is {st.st_size:,} bytes; graphlab reads "
                             f"images up to {max_bytes:,} bytes, so make it smaller")
        data = fh.read(max_bytes + 1)
    too_big = (f"image file {shown} has more than {max_pixels:,} pixels; graphlab reads "
               "images up to that many, so make it smaller")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "BMP", "GIF"]) as img:
                if img.width * img.height > max_pixels:
                    raise Image.DecompressionBombError(too_big)
                img.load()
                img = ImageOps.exif_transpose(img)
                if img.mode in ("I", "I;16", "I;16B", "I;16L"):  # 16-bit grey: not clipped
                    img = Image.fromarray(np.asarray(img, dtype=np.float32) / 257.0)
                if img.mode != "F" or color == "rgb":
                    img = img.convert("L" if color == "grey" else "RGB")
                img = img.resize((size[1], size[0]), Image.Resampling.BILINEAR)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValueError(too_big) from None
    except UnidentifiedImageError:
        raise ValueError(f"image file {shown} is not a PNG, JPEG, BMP or GIF image (it may be "
                         "another kind of file renamed); remove it or convert it") from None
    except Exception as err:  # Pillow raises OSError, SyntaxError, EOFError... on bad data
        text = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise ValueError(f"image file {shown} cannot be read as an image (it may be damaged "
                         f"or cut short): {text}") from None
    pixels = np.asarray(img, dtype=np.float32) / 255.0
    return pixels[None] if pixels.ndim == 2 else pixels.transpose(2, 0, 1)


def image_folder(path, size=28, color="grey"):
    """The images under ``path`` (one subfolder per class, sorted names -> 0..K-1) as
    float32 [N, C, H, W] in [0, 1] and int64 class indices [N]; ``size`` is a side or
    [height, width], ``color`` "grey" (C=1) or "rgb" (C=3)."""
    size = (int(size), int(size)) if isinstance(size, int) else (int(size[0]), int(size[1]))
    _classes, files = image_files(path)
    x = np.empty((len(files), 1 if color == "grey" else 3, *size), dtype=np.float32)
    for i, (file, _label, shown) in enumerate(files):
        x[i] = read_image(file, size, color, shown)
    return x, np.array([label for _f, label, _s in files], dtype=np.int64)


# ----- the app's side: options, memory, previews --------------------------------------------
def options(path: str, opts: dict[str, Any]) -> dict[str, Any]:
    """The builder's keyword arguments from a training section's options, checked."""
    unknown = sorted(set(opts) - {"size", "color"})
    if unknown:
        raise DatasetError(f"image folder {path}: takes the options size and color, not "
                           f"{', '.join(unknown)}")
    size, color = opts.get("size", 28), opts.get("color", "grey")
    sides = size if isinstance(size, list | tuple) else [size]
    if len(sides) not in (1, 2) or any(isinstance(s, bool) or not isinstance(s, int) or
                                       not 1 <= s <= MAX_SIDE for s in sides):
        raise DatasetError(f"image folder {path}: size must be a whole number from 1 to "
                           f"{MAX_SIDE} or [height, width] of such numbers, not {size!r}")
    if color not in COLORS:
        raise DatasetError(f"image folder {path}: color must be grey or rgb, not {color!r}")
    size = sides[0] if len(sides) == 1 or sides[0] == sides[1] else [sides[0], sides[1]]
    return {"path": str(path), "size": size, "color": color}


def _hw(size) -> tuple[int, int]:
    return (size, size) if isinstance(size, int) else (size[0], size[1])


def listing(path: str) -> tuple[list[str], list[tuple[str, int, str]]]:
    """Class names and files, or DatasetError (nothing decoded: cheap enough for the GUI)."""
    try:
        return image_files(path)
    except ValueError as err:
        raise DatasetError(str(err)) from None


def load_image_folder(path: str, **opts: Any) -> Dataset:
    """The folder as a Dataset, after checking the options, the files and the memory."""
    kwargs = options(path, opts)
    classes, files = listing(path)
    h, w = _hw(kwargs["size"])
    need = len(files) * (1 if kwargs["color"] == "grey" else 3) * h * w * 4
    from graphlab.train.memory import available_bytes
    from graphlab.units import human_bytes

    free = available_bytes()
    for cap, where in ((MAX_ARRAY_BYTES, "graphlab loads up to"),
                       (free, "this machine has free")):
        if cap is not None and need > cap:
            raise DatasetError(f"image folder {path}: {len(files):,} images of {h}x{w} would "
                               f"take {human_bytes(need)}; {where} {human_bytes(cap)}; use a "
                               "smaller size or fewer images")
    try:
        x, y = image_folder(**kwargs)
    except ValueError as err:
        raise DatasetError(str(err)) from None
    return Dataset(Path(path).name or str(path), x, y, CLASSIFICATION, "image_folder", kwargs,
                   class_names=tuple(classes))


def first_images(path: str, n: int, **opts: Any) -> tuple[np.ndarray, list[str]]:
    """Up to ``n`` images, taking each class's first in turn (so every class shows), as
    [k, C, H, W] with their class names; DatasetError as for loading."""
    kwargs = options(path, opts)
    classes, files = listing(path)
    by_class: dict[int, list] = {}
    for f in files:
        by_class.setdefault(f[1], []).append(f)
    picked = []
    for rank in range(n):
        picked += [fs[rank] for fs in by_class.values() if rank < len(fs)]
        if len(picked) >= n:
            break
    picked = picked[:n]
    size = _hw(kwargs["size"])
    try:
        x = np.stack([read_image(f, size, kwargs["color"], shown) for f, _, shown in picked])
    except ValueError as err:
        raise DatasetError(str(err)) from None
    return x, [classes[label] for _, label, _ in picked]


def listed_dataset(path: str, **opts: Any) -> Dataset:
    """The folder as checks against a graph see it (sample shape, classes, labels) from
    its listing alone: ``x`` is a read-only view of zeros, so no image is decoded (for
    the editor's problem list, on the GUI thread; a damaged image shows at Run)."""
    kwargs = options(path, opts)
    classes, files = listing(path)
    c = 1 if kwargs["color"] == "grey" else 3
    x = np.broadcast_to(np.zeros((), np.float32), (len(files), c, *_hw(kwargs["size"])))
    y = np.array([label for _f, label, _s in files], dtype=np.int64)
    return Dataset(Path(path).name or str(path), x, y, CLASSIFICATION, "image_folder", kwargs,
                   class_names=tuple(classes))


def folder_summary(path: str, **opts: Any) -> tuple[int, tuple[int, ...], dict[int, int],
                                                    tuple[str, ...]]:
    """(samples, sample shape, class counts, class names) from the listing alone."""
    d = listed_dataset(path, **opts)
    counts = {i: int((d.y == i).sum()) for i in range(len(d.class_names))}
    return d.n_samples, d.sample_shape, counts, d.class_names
