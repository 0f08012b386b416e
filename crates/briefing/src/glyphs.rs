//! Text in PNG charts, spaced as in the SVG.
//!
//! plotters 0.3.7 draws `ab_glyph` text by copying each glyph's coverage bitmap to the pen
//! position, but the bitmap starts at the glyph's ink (`px_bounds().min.x`), not at its origin: the
//! left side bearing is dropped. A glyph with a wide bearing (日, ：) then sits too far left and
//! leaves a gap after it ("尼日 利亚"); one with a negative bearing (j) sits too far right. Its
//! layout estimate (advances plus kerning) is right, and an SVG viewer lays out the advances
//! itself, which is why only the PNG was wrong.
//!
//! The other gap, "Côte d’ Ivoire", is the font's: Noto Sans SC sets ’ a full em wide, as Chinese
//! text wants it. An SVG viewer without Noto Sans SC takes ’ from a Latin font, proportional;
//! [`layout`] sets these marks proportionally when they stand beside a Latin letter.
//!
//! [`Typeset`] wraps the bitmap backend and draws text itself: each glyph is outlined at its own
//! pen position, so its bearing and the fractional part of the pen are kept. The text size, the
//! line height and the vertical placement are plotters'; the layout box (for anchors, label areas
//! and wrapping) is [`layout`]'s, so what is measured is what is drawn. Every other drawing call
//! goes straight to the wrapped backend.

use std::sync::OnceLock;

use ab_glyph::{point, Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

use crate::chart::{FONT_BYTES, FONT_FAMILY};

/// The embedded font, parsed once (`None` only if the bytes are not a font, which
/// `chart::font_ready` reports before anything is drawn).
fn embedded_font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).ok())
        .as_ref()
}

/// Space either side of the ink of a quotation mark set proportionally, in ems.
const PROPORTIONAL_SIDE: f32 = 0.06;

/// One glyph on the line: where its origin goes, in pixels from the start of the line.
struct Placed {
    id: GlyphId,
    x: f32,
}

/// Whether `c` is Latin script (letters and digits of ASCII, Latin-1 and Latin Extended-A).
fn is_latin(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() && (c as u32) < 0x0250)
}

/// Quotation marks and dots of General Punctuation (‘ ’ “ ” … ·), which Noto Sans SC, a Chinese
/// font, sets a full em wide for Chinese text. Beside a Latin letter they are set
/// proportionally, as Latin fonts (and the Latin fonts an SVG viewer falls back to) set them:
/// otherwise "Côte d’Ivoire" reads "Côte d’  Ivoire".
fn is_western_punctuation(c: char) -> bool {
    matches!(c, '\u{2018}'..='\u{201F}' | '\u{2026}' | '\u{00B7}')
}

/// Lays out `text` at `size`: advances and kerning from the font, quotation marks between Latin
/// letters set proportionally. Returns the glyphs and the line's width in pixels.
fn layout(font: &FontRef<'_>, size: f64, text: &str) -> (Vec<Placed>, f32) {
    let scaled = font.as_scaled(PxScale::from(size as f32));
    let k = scaled.h_scale_factor();
    // One em in pixels (plotters' size is the font's ascent-to-descent height, not its em).
    let em = font.units_per_em().unwrap_or(1000.0) * k;
    let chars: Vec<char> = text.chars().collect();
    let mut placed = Vec::with_capacity(chars.len());
    let mut pen = 0f32;
    let mut prev: Option<GlyphId> = None;
    for (i, &c) in chars.iter().enumerate() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        let beside_latin = is_latin(i.checked_sub(1).and_then(|j| chars.get(j)).copied())
            || is_latin(chars.get(i + 1).copied());
        let ink = font.outline(id).map(|o| o.bounds);
        match ink {
            Some(ink) if beside_latin && is_western_punctuation(c) => {
                let side = PROPORTIONAL_SIDE * em;
                placed.push(Placed {
                    id,
                    x: pen + side - ink.min.x * k,
                });
                pen += (ink.max.x - ink.min.x) * k + 2.0 * side;
            }
            _ => {
                placed.push(Placed { id, x: pen });
                pen += scaled.h_advance(id);
            }
        }
        prev = Some(id);
    }
    (placed, pen)
}

/// Calls `put(x, y, coverage)` for every pixel of `text` at `size`, relative to the top left of
/// its layout box: the baseline is half a size below its top, where plotters places it.
pub(crate) fn coverage<E>(
    font: &FontRef<'_>,
    size: f64,
    text: &str,
    mut put: impl FnMut(i32, i32, f32) -> Result<(), E>,
) -> Result<(), E> {
    let scale = PxScale::from(size as f32);
    let baseline = size as f32 / 2.0;
    for glyph in layout(font, size, text).0 {
        let positioned = glyph
            .id
            .with_scale_and_position(scale, point(glyph.x, baseline));
        if let Some(outline) = font.outline_glyph(positioned) {
            // `draw` gives pixels relative to the ink's top left, which carries the bearing.
            let ink = outline.px_bounds();
            let (left, top) = (ink.min.x as i32, ink.min.y as i32);
            let mut failed = None;
            outline.draw(|x, y, c| {
                if failed.is_none() {
                    if let Err(e) = put(left + x as i32, top + y as i32, c) {
                        failed = Some(e);
                    }
                }
            });
            if let Some(e) = failed {
                return Err(e);
            }
        }
    }
    Ok(())
}

/// The layout box of `text`, as plotters' `layout_box` gives it: the line's width, and the
/// height plotters uses for every line (`size / 1.24`).
fn layout_box(font: &FontRef<'_>, size: f64, text: &str) -> (i32, i32) {
    (layout(font, size, text).1 as i32, (size / 1.24) as i32)
}

/// A drawing backend that draws text in the embedded font with its side bearings, and passes
/// everything else to the backend it wraps.
pub struct Typeset<B>(pub B);

impl<B: DrawingBackend> DrawingBackend for Typeset<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        match embedded_font() {
            Some(font) if style.family().as_str() == FONT_FAMILY => {
                let (w, h) = layout_box(font, style.size(), text);
                Ok((w.max(0) as u32, h.max(0) as u32))
            }
            _ => self.0.estimate_text_size(text, style),
        }
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }

    /// plotters' own `draw_text` (anchor from the layout box, rotation, clipping to the canvas),
    /// with the glyphs placed by [`layout`].
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let font = match embedded_font() {
            Some(font) if style.family().as_str() == FONT_FAMILY => font,
            _ => return self.0.draw_text(text, style, pos),
        };
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (width, height) = layout_box(font, style.size(), text);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let (w, h) = self.get_size();
        coverage(font, style.size(), text, |x, y, c| {
            let (x, y) = transform.transform(x + dx, y + dy);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                let ink = BackendColor {
                    alpha: color.alpha * f64::from(c),
                    rgb: color.rgb,
                };
                self.0.draw_pixel((x, y), ink)
            } else {
                Ok(())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: f64 = 48.0;
    const W: u32 = 900;
    const H: u32 = 120;
    const ORIGIN: i32 = 20;

    /// `text` drawn alone in black on white through the PNG charts' backend; the darkness of each
    /// pixel column.
    fn ink_columns(text: &str) -> Vec<u32> {
        assert!(crate::chart::font_ready().is_ok());
        let mut pixels = vec![255u8; (W * H * 3) as usize];
        {
            let root = Typeset(BitMapBackend::with_buffer(&mut pixels, (W, H))).into_drawing_area();
            let style = (FONT_FAMILY, SIZE).into_font().color(&BLACK);
            root.draw(&Text::new(text.to_string(), (ORIGIN, 30), style))
                .unwrap();
            root.present().unwrap();
        }
        (0..W as usize)
            .map(|x| {
                (0..H as usize)
                    .map(|y| 255 - u32::from(pixels[(y * W as usize + x) * 3]))
                    .sum()
            })
            .collect()
    }

    /// Where the font puts the ink of each glyph of `text` drawn at x = `origin`: the outline's
    /// bounds in font units, placed by the advances and kerning, straight from the font's tables.
    fn ink_in_font(text: &str, origin: f32) -> Vec<(char, f32, f32)> {
        let font = embedded_font().unwrap();
        let scaled = font.as_scaled(PxScale::from(SIZE as f32));
        let k = scaled.h_scale_factor();
        let mut pen = origin;
        let mut prev: Option<GlyphId> = None;
        let mut ink = Vec::new();
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                pen += scaled.kern(p, id);
            }
            if let Some(outline) = font.outline(id) {
                ink.push((
                    c,
                    pen + outline.bounds.min.x * k,
                    pen + outline.bounds.max.x * k,
                ));
            }
            pen += scaled.h_advance(id);
            prev = Some(id);
        }
        ink
    }

    /// Each glyph's first and last columns of ink are inked, and the columns the font leaves blank
    /// between glyphs are blank, allowing a pixel either side for anti-aliasing and rounding.
    fn assert_spaced_as_the_font_says(word: &str) {
        let columns = ink_columns(word);
        let inked = |x: f32| columns.get(x as usize).is_some_and(|&d| d > 0);
        let ink = ink_in_font(word, ORIGIN as f32);
        for &(c, left, right) in &ink {
            for edge in [left.ceil() + 1.0, right.floor() - 1.0] {
                assert!(
                    inked(edge),
                    "{word:?}: no ink at column {edge} where {c:?} (ink {left:.1}..{right:.1}) has it"
                );
            }
        }
        for pair in ink.windows(2) {
            let ((a, _, a_right), (b, b_left, _)) = (pair[0], pair[1]);
            let mut x = a_right.ceil() + 1.0;
            while x < b_left.floor() - 1.0 {
                assert!(
                    !inked(x),
                    "{word:?}: ink at column {x}, in the gap the font leaves between {a:?} and {b:?} ({a_right:.1}..{b_left:.1})"
                );
                x += 1.0;
            }
        }
    }

    #[test]
    fn png_text_keeps_chinese_glyphs_as_close_as_the_font_sets_them() {
        assert_spaced_as_the_font_says("尼日利亚");
        assert_spaced_as_the_font_says("统计范围：全部");
    }

    #[test]
    fn png_text_keeps_latin_glyphs_as_close_as_the_font_sets_them() {
        assert_spaced_as_the_font_says("Djibouti");
        assert_spaced_as_the_font_says("Côte");
        assert_spaced_as_the_font_says("Ivoire");
    }

    /// Columns from the first inked one to the last.
    fn ink_width(columns: &[u32]) -> usize {
        let first = columns.iter().position(|&d| d > 0).unwrap_or(0);
        let last = columns.iter().rposition(|&d| d > 0).unwrap_or(0);
        last.saturating_sub(first) + 1
    }

    #[test]
    fn png_text_sets_a_curly_apostrophe_between_latin_letters_as_narrow_as_a_straight_one() {
        let curly = ink_width(&ink_columns("d’Ivoire"));
        let straight = ink_width(&ink_columns("d'Ivoire"));
        // A full-width ’ would add about 27 px at this size; a proportional one a few.
        assert!(
            curly.abs_diff(straight) <= 5,
            "d’Ivoire is {curly} px wide, d'Ivoire {straight} px"
        );
    }

    #[test]
    fn png_text_keeps_full_width_quotation_marks_in_chinese() {
        // A full-width “ sits at the right of its em, over half an em (33 px here) from the
        // start of the line; set proportionally it would start about 2 px in.
        let columns = ink_columns("“鲁班”");
        let first = columns.iter().position(|&d| d > 0).unwrap_or(0);
        let indent = first as i32 - ORIGIN;
        assert!(indent >= 16, "“ starts {indent} px into the line");
    }
}
