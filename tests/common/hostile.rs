//! Hostile files built at test time: a zip bomb, an encrypted workbook,
//! random bytes (`tests/hostile.rs`, `tests/serve.rs`).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

pub const MIB: usize = 1024 * 1024;

/// The parts of a minimal xlsx around one worksheet part.
pub fn xlsx_frame(z: &mut zip::ZipWriter<File>, opts: SimpleFileOptions) {
    let parts: [(&str, &str); 4] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, text) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
}

/// An xlsx whose worksheet part is `size` bytes of zeros, written with
/// streaming deflate in 1 MiB pieces: nothing large is held in memory.
pub fn zip_bomb(path: &Path, size: usize) {
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    let mut z = zip::ZipWriter::new(File::create(path).unwrap());
    xlsx_frame(&mut z, opts);
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let zeros = vec![0u8; MIB];
    for _ in 0..size / MIB {
        z.write_all(&zeros).unwrap();
    }
    z.finish().unwrap();
}

/// A password-protected workbook as Excel writes it: a compound (OLE) file
/// with an `EncryptionInfo` and an `EncryptedPackage` stream.
pub fn encrypted(path: &Path) {
    let mut c = cfb::create(path).unwrap();
    {
        let mut info = c.create_stream("/EncryptionInfo").unwrap();
        // Agile encryption, version 4.4, followed by its XML descriptor.
        info.write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0]).unwrap();
        info.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/></encryption>"#).unwrap();
    }
    {
        let mut pkg = c.create_stream("/EncryptedPackage").unwrap();
        pkg.write_all(&4096u64.to_le_bytes()).unwrap();
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        pkg.write_all(&noise).unwrap();
    }
    c.flush().unwrap();
}

pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}
