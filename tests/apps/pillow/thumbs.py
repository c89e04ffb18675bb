import io
import sys

from PIL import Image, features


def thumbnail(data: bytes, size=(128, 128)) -> bytes:
    image = Image.open(io.BytesIO(data))
    image.thumbnail(size)
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


if __name__ == "__main__":
    if "--check" in sys.argv:
        assert features.check("jpg") and features.check("zlib"), features.pilinfo()
        png = io.BytesIO()
        Image.new("RGB", (640, 480), "teal").save(png, "PNG")  # zlib
        thumb = Image.open(io.BytesIO(thumbnail(png.getvalue())))  # libjpeg
        print("Pillow", Image.__version__, thumb.format, thumb.size)
    else:
        sys.stdout.buffer.write(thumbnail(sys.stdin.buffer.read()))
