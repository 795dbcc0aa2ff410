//! Decoding page bytes to text: BOM, then a declared charset (out of band or in a `<meta>`),
//! then UTF-8 if valid, then `chardetng`'s guess. A correctly declared page is never decoded
//! lossily with another encoding.

use encoding_rs::Encoding;

/// Decodes HTML bytes to a string.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned();
    }
    let declared = declared.and_then(|l| Encoding::for_label(l.as_bytes())).or_else(|| meta_charset(bytes));
    if let Some(enc) = declared {
        // A page that declares a legacy charset but is valid UTF-8 is almost always UTF-8
        // (the declaration is a template leftover).
        if enc != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_ok() && !bytes.is_ascii() {
            return String::from_utf8_lossy(bytes).into_owned();
        }
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    det.guess(None, chardetng::Utf8Detection::Allow).decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset declared in the first 4 KiB of the page (`<meta charset>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        while i < lower.len() && matches!(lower[i], b' ' | b'=' | b'"' | b'\'') {
            i += 1;
        }
        let start = i;
        while i < lower.len() && (lower[i].is_ascii_alphanumeric() || matches!(lower[i], b'-' | b'_' | b':' | b'.')) {
            i += 1;
        }
        if let Some(enc) = Encoding::for_label(&lower[start..i]) {
            // UTF-16 cannot be declared inside an ASCII-compatible page.
            return Some(if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                encoding_rs::UTF_8
            } else {
                enc
            });
        }
        from = i.max(from + pos + 1);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_legacy_charsets_decode() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("<meta charset=\"windows-1251\"><p>Привет мир</p>");
        assert!(decode(&bytes, None).contains("Привет мир"));
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("<p>日本語のニュース</p>");
        assert!(decode(&bytes, Some("shift_jis")).contains("日本語のニュース"));
    }

    #[test]
    fn bom_and_sniffing() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("<p>é</p>".as_bytes());
        assert_eq!(decode(&b, None), "<p>é</p>");
        let (bytes, _, _) = encoding_rs::WINDOWS_1256
            .encode("<p>قال المتحدث باسم الحكومة إن المفاوضات لن تستأنف في الوقت الحالي وإن الوزير سيسافر غدا</p>");
        assert!(decode(&bytes, None).contains("المفاوضات"));
    }
}
