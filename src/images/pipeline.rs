//! One image, from bytes to encoded outputs: read the header (and refuse what is too big
//! before anything is allocated), decode, turn it upright by its EXIF orientation, resize
//! to each planned width and encode every width twice — the fallback format and WebP.
//!
//! Encoders are given raw pixels only, so no metadata (EXIF, GPS position, camera serial
//! number, XMP, ICC profile, comments) ever reaches an output.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{
    DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits,
    metadata::Orientation,
};
use rayon::prelude::*;

use super::Settings;

/// The largest width or height a WebP file can have.
const WEBP_MAX_SIDE: u32 = 16383;

/// Why an image could not be turned into outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// The file has no bytes.
    Empty,
    /// Not an image of a supported format, or a damaged one. The detail is for logs.
    Unreadable(String),
    /// The header announces more pixels than allowed.
    TooLarge { width: u32, height: u32, limit: u64 },
    /// An encoder refused the pixels (for example a side too long for JPEG).
    Encode(String),
}

/// Format, width and height read from the header only.
pub(super) fn header(bytes: &[u8]) -> Result<(ImageFormat, u32, u32), Failure> {
    if bytes.is_empty() {
        return Err(Failure::Empty);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Failure::Unreadable(e.to_string()))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP)) => {
            f
        }
        Some(other) => return Err(Failure::Unreadable(format!("unsupported format {other:?}"))),
        None => return Err(Failure::Unreadable("unknown format".into())),
    };
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| Failure::Unreadable(e.to_string()))?;
    if w == 0 || h == 0 {
        return Err(Failure::Unreadable(format!("empty image {w}×{h}")));
    }
    Ok((format, w, h))
}

/// Refuse images whose header announces more than `max_pixels` pixels.
pub(super) fn check_size(width: u32, height: u32, max_pixels: u64) -> Result<(), Failure> {
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(Failure::TooLarge {
            width,
            height,
            limit: max_pixels,
        });
    }
    Ok(())
}

/// Decode the (first frame of the) image and apply its EXIF orientation.
pub(super) fn decode(
    bytes: &[u8],
    format: ImageFormat,
    max_pixels: u64,
) -> Result<DynamicImage, Failure> {
    let bad = |e: image::ImageError| Failure::Unreadable(e.to_string());
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    // 16-bit RGBA is 8 bytes a pixel; leave room for the decoder's own buffers.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(bad)?;
    // A damaged EXIF block must not cost the picture: it is then shown as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(bad)?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// The widths to produce for an image `source` pixels wide: every configured width the
/// image can fill (never upscaled); the source width itself when it is narrower than every
/// configured width, or when it is at least 20% wider than the largest width it fills (a
/// 1400-pixel photo keeps its detail instead of stopping at 960).
pub(super) fn plan_widths(source: u32, widths: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|&w| w > 0 && w <= source)
        .collect();
    out.sort_unstable();
    out.dedup();
    let wider_configured = widths.iter().any(|&w| w > source);
    match out.last() {
        None => out.push(source),
        Some(&top) if wider_configured && u64::from(source) * 5 >= u64::from(top) * 6 => {
            out.push(source)
        }
        _ => {}
    }
    out
}

/// The format of the `<img>` fallback (the "original format").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fallback {
    Jpeg,
    Png,
}

impl Fallback {
    /// JPEG stays JPEG and PNG stays PNG. A GIF's first frame becomes PNG (re-quantising
    /// to 256 colours would spoil it, and its animation is not kept anyway); a WebP source
    /// falls back to JPEG, or PNG when it has transparency.
    pub(super) fn for_source(format: ImageFormat, has_alpha: bool) -> Fallback {
        match format {
            ImageFormat::Jpeg => Fallback::Jpeg,
            ImageFormat::WebP if !has_alpha => Fallback::Jpeg,
            _ => Fallback::Png,
        }
    }

    pub(super) fn ext(self) -> &'static str {
        match self {
            Fallback::Jpeg => "jpg",
            Fallback::Png => "png",
        }
    }
}

/// One encoded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Encoded {
    pub width: u32,
    pub height: u32,
    pub ext: String,
    pub bytes: Vec<u8>,
}

/// Every output of one image, fallback files first, each group from narrow to wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rendered {
    pub files: Vec<Encoded>,
}

fn height_for(width: u32, src_w: u32, src_h: u32) -> u32 {
    let h = (u64::from(src_h) * u64::from(width) + u64::from(src_w) / 2) / u64::from(src_w);
    u32::try_from(h.max(1)).unwrap_or(u32::MAX)
}

/// Pixels ready to encode: 8-bit RGB, or RGBA when the image has visible transparency.
/// Kept as a `DynamicImage` so that resizing runs the `image` crate's own (optimised)
/// code even in debug builds.
struct Pixels(DynamicImage);

impl Pixels {
    fn new(img: &DynamicImage, keep_alpha: bool) -> Pixels {
        Pixels(if keep_alpha {
            DynamicImage::ImageRgba8(img.to_rgba8())
        } else {
            DynamicImage::ImageRgb8(img.to_rgb8())
        })
    }

    /// Lanczos3 keeps photos and text sharp when shrinking.
    fn resized(&self, w: u32, h: u32) -> Pixels {
        if (self.0.width(), self.0.height()) == (w, h) {
            return Pixels(self.0.clone());
        }
        Pixels(self.0.resize_exact(w, h, FilterType::Lanczos3))
    }

    fn raw(&self) -> (&[u8], ExtendedColorType) {
        (self.0.as_bytes(), self.0.color().into())
    }
}

fn has_visible_alpha(img: &DynamicImage) -> bool {
    if !img.color().has_alpha() {
        return false;
    }
    let opaque = |a: &[u8]| a.iter().all(|&v| v == u8::MAX);
    match img {
        // The usual case, without a copy: every fourth byte is alpha.
        DynamicImage::ImageRgba8(p) => !p.as_raw().chunks_exact(4).all(|px| opaque(&px[3..])),
        other => !other
            .to_rgba8()
            .as_raw()
            .chunks_exact(4)
            .all(|px| opaque(&px[3..])),
    }
}

/// Resize `img` (already upright) and encode every output.
pub(super) fn render(
    img: &DynamicImage,
    format: ImageFormat,
    settings: &Settings,
) -> Result<Rendered, Failure> {
    let alpha = has_visible_alpha(img);
    let fallback = Fallback::for_source(format, alpha);
    let (src_w, src_h) = (img.width(), img.height());
    let sizes: Vec<(u32, u32)> = plan_widths(src_w, &settings.widths)
        .into_iter()
        .map(|w| (w, height_for(w, src_w, src_h)))
        .collect();
    let webp = settings.webp
        && sizes
            .iter()
            .all(|&(w, h)| w <= WEBP_MAX_SIDE && h <= WEBP_MAX_SIDE);
    // PNG and GIF are drawings, screenshots and charts: WebP keeps them exact.
    let lossless = matches!(format, ImageFormat::Png | ImageFormat::Gif);
    let quality = settings.jpeg_quality.clamp(1, 100);
    // Each width is shrunk from the next wider one, not from the source: shrinking a
    // 12-megapixel photo once instead of once per width saves most of the time, and
    // Lanczos3 in steps of 1.5–3× loses nothing visible.
    let source = Pixels::new(img, alpha);
    let mut resized: Vec<Pixels> = Vec::with_capacity(sizes.len());
    for &(w, h) in sizes.iter().rev() {
        let px = resized.last().unwrap_or(&source).resized(w, h);
        resized.push(px);
    }
    drop(source);
    resized.reverse();
    // Fallback files first, then WebP, each from narrow to wide; encoded in parallel.
    let tasks: Vec<(usize, bool)> = (0..sizes.len())
        .map(|i| (i, false))
        .chain((0..sizes.len()).filter(|_| webp).map(|i| (i, true)))
        .collect();
    let files = tasks
        .par_iter()
        .map(|&(i, is_webp)| {
            let ((w, h), px) = (sizes[i], &resized[i]);
            let (ext, bytes) = if is_webp {
                ("webp", encode_webp(px, w, h, lossless, quality)?)
            } else {
                (
                    fallback.ext(),
                    encode_fallback(px, w, h, fallback, quality)?,
                )
            };
            Ok(Encoded {
                width: w,
                height: h,
                ext: ext.into(),
                bytes,
            })
        })
        .collect::<Result<Vec<Encoded>, Failure>>()?;
    Ok(Rendered { files })
}

fn encode_fallback(
    px: &Pixels,
    w: u32,
    h: u32,
    fallback: Fallback,
    quality: u8,
) -> Result<Vec<u8>, Failure> {
    let (raw, color) = px.raw();
    let mut out = Vec::new();
    let result = match fallback {
        Fallback::Jpeg => {
            JpegEncoder::new_with_quality(&mut out, quality).write_image(raw, w, h, color)
        }
        Fallback::Png => {
            PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive)
                .write_image(raw, w, h, color)
        }
    };
    result.map_err(|e| Failure::Encode(e.to_string()))?;
    Ok(out)
}

fn encode_webp(
    px: &Pixels,
    w: u32,
    h: u32,
    lossless: bool,
    quality: u8,
) -> Result<Vec<u8>, Failure> {
    let encoder = match &px.0 {
        DynamicImage::ImageRgb8(p) => webp::Encoder::from_rgb(p.as_raw(), w, h),
        DynamicImage::ImageRgba8(p) => webp::Encoder::from_rgba(p.as_raw(), w, h),
        other => return Err(Failure::Encode(format!("WebP from {:?}", other.color()))),
    };
    let mut config =
        webp::WebPConfig::new().map_err(|()| Failure::Encode("WebP configuration".into()))?;
    config.lossless = i32::from(lossless);
    config.quality = if lossless { 75.0 } else { f32::from(quality) };
    // Slower, smaller files: each image is encoded once, then served from the cache.
    config.method = 5;
    let memory = encoder
        .encode_advanced(&config)
        .map_err(|e| Failure::Encode(format!("WebP: {e:?}")))?;
    Ok(memory.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        let w = [480, 960, 1440];
        assert_eq!(plan_widths(4000, &w), vec![480, 960, 1440]);
        assert_eq!(plan_widths(1440, &w), vec![480, 960, 1440]);
        assert_eq!(plan_widths(1000, &w), vec![480, 960]);
        assert_eq!(plan_widths(1400, &w), vec![480, 960, 1400]);
        assert_eq!(plan_widths(300, &w), vec![300]);
        assert_eq!(plan_widths(480, &w), vec![480]);
        assert_eq!(plan_widths(700, &[960, 480, 480, 0]), vec![480, 700]);
        assert_eq!(plan_widths(560, &[960, 480, 480, 0]), vec![480]);
        assert_eq!(plan_widths(700, &[]), vec![700]);
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(height_for(480, 4000, 3000), 360);
        assert_eq!(height_for(480, 4000, 2250), 270);
        assert_eq!(height_for(1, 4000, 10), 1);
    }

    #[test]
    fn size_limit_counts_pixels_without_overflow() {
        assert!(check_size(u32::MAX, u32::MAX, 40_000_000).is_err());
        assert!(check_size(8000, 5000, 40_000_000).is_ok());
        assert_eq!(
            check_size(8000, 5001, 40_000_000),
            Err(Failure::TooLarge {
                width: 8000,
                height: 5001,
                limit: 40_000_000
            })
        );
    }

    #[test]
    fn empty_and_unknown_bytes_are_refused_by_the_header() {
        assert_eq!(header(b""), Err(Failure::Empty));
        assert!(matches!(header(b"hello"), Err(Failure::Unreadable(_))));
        // A BMP is a real image, but not one the portal accepts.
        assert!(matches!(header(b"BM\0\0\0\0"), Err(Failure::Unreadable(_))));
    }

    #[test]
    fn fallback_formats() {
        assert_eq!(
            Fallback::for_source(ImageFormat::Jpeg, false),
            Fallback::Jpeg
        );
        assert_eq!(Fallback::for_source(ImageFormat::Png, false), Fallback::Png);
        assert_eq!(Fallback::for_source(ImageFormat::Gif, false), Fallback::Png);
        assert_eq!(
            Fallback::for_source(ImageFormat::WebP, false),
            Fallback::Jpeg
        );
        assert_eq!(Fallback::for_source(ImageFormat::WebP, true), Fallback::Png);
    }

    #[test]
    fn opaque_alpha_is_dropped() {
        let opaque = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
            4,
            4,
            image::Rgba([1, 2, 3, 255]),
        ));
        assert!(!has_visible_alpha(&opaque));
        let mut clear = opaque.to_rgba8();
        clear.put_pixel(0, 0, image::Rgba([0, 0, 0, 0]));
        assert!(has_visible_alpha(&DynamicImage::ImageRgba8(clear)));
    }
}
