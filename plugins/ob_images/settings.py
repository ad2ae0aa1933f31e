"""Settings of ob_images, declared once with their defaults."""

DEFAULTS = {
    # Largest image, in pixels, that a content file may use (decompression-bomb guard).
    "IMAGES_MAX_PIXELS": 50_000_000,
    # Widths, in pixels, of the resized copies published for each image (never upscaled).
    "IMAGES_WIDTHS": [480, 800, 1200],
    # JPEG and WebP quality of the published copies (1-95).
    "IMAGES_QUALITY": 80,
}
