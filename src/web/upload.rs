//! A request's files, saved in a temporary folder that is removed with the
//! [`Upload`]: each in a folder of its own under a name made from the
//! client's file name ([`label`]), which is never used as a path.

use std::io::Write;
use std::path::PathBuf;

use axum::extract::Multipart;
use axum::http::StatusCode;

use super::{ApiError, Limits};
use crate::ground::config::Lang;

/// The files of one request.
pub(crate) struct Upload {
    /// Removed when the upload is dropped.
    pub dir: tempfile::TempDir,
    /// The lists named one by one (field `files`).
    pub files: Vec<PathBuf>,
    /// The folder holding the files of a picked folder (field `folder`).
    pub folder: Option<PathBuf>,
    pub plan: Option<PathBuf>,
    pub previous: Option<PathBuf>,
    /// Each saved file's label (its name in findings and outputs).
    pub labels: Vec<(PathBuf, String)>,
}

impl Upload {
    /// The inputs as the pipeline takes them.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut v = self.files.clone();
        v.extend(self.folder.clone());
        v
    }

    /// `text` with every saved file's path replaced by its label and the
    /// temporary folder's name taken out: an error message names what the
    /// client sent, never where the server put it.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (path, label) in &self.labels {
            out = out.replace(&path.display().to_string(), label);
        }
        out.replace(&format!("{}/", self.dir.path().display()), "")
            .replace(&self.dir.path().display().to_string(), "")
    }
}

/// The name a client's file is saved and shown by: its last path component
/// (a browser may send `2023-12/KSON.xlsx`, a hostile client
/// `../../etc/passwd`), without control characters, at most 120 characters
/// with its extension kept; `fil-N` (or `file-N`) when nothing is left.
pub(crate) fn label(name: &str, n: usize, lang: Lang) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    let clean = if clean.is_empty() || clean.chars().all(|c| c == '.') {
        format!("{}-{n}", if lang == Lang::Sv { "fil" } else { "file" })
    } else {
        clean.to_string()
    };
    if clean.chars().count() <= 120 {
        return clean;
    }
    let (stem, ext) = match clean.rsplit_once('.') {
        Some((s, e)) if e.chars().count() <= 10 => (s.to_string(), format!(".{e}")),
        _ => (clean.clone(), String::new()),
    };
    let keep = 120 - ext.chars().count();
    stem.chars().take(keep).collect::<String>() + &ext
}

/// `label` made unique among `taken`: "KSON.xlsx", "KSON (2).xlsx".
fn unique(label: String, taken: &mut Vec<String>) -> String {
    let mut candidate = label.clone();
    let mut k = 2;
    while taken.contains(&candidate) {
        candidate = match label.rsplit_once('.') {
            Some((s, e)) => format!("{s} ({k}).{e}"),
            None => format!("{label} ({k})"),
        };
        k += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// Reads the multipart body into a temporary folder.
pub(crate) async fn receive(
    mut multipart: Multipart,
    limits: &Limits,
    lang: Lang,
) -> Result<Upload, ApiError> {
    let failed = |what: std::io::Error| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server-disk",
            match lang {
                Lang::Sv => format!("servern kunde inte spara filen tillfälligt: {what}"),
                Lang::En => format!("the server could not save the file for the moment: {what}"),
            },
        )
    };
    let dir = tempfile::Builder::new()
        .prefix("processlista-serve-")
        .tempdir()
        .map_err(failed)?;
    let mut up = Upload {
        dir,
        files: Vec::new(),
        folder: None,
        plan: None,
        previous: None,
        labels: Vec::new(),
    };
    let mut taken: Vec<String> = Vec::new();
    let mut n = 0usize;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e, limits, lang)),
        };
        let name = field.name().unwrap_or("").to_string();
        if !matches!(name.as_str(), "files" | "folder" | "plan" | "previous") {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "unknown-field",
                match lang {
                    Lang::Sv => format!(
                        "okänt fält \"{name}\" – skicka listorna i fältet files (eller folder), och plan och previous"
                    ),
                    Lang::En => format!(
                        "unknown field \"{name}\" – send the lists in the field files (or folder), and plan and previous"
                    ),
                },
            ));
        }
        let Some(client_name) = field.file_name().map(str::to_string) else {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "not-a-file",
                match lang {
                    Lang::Sv => format!(
                        "fältet {name} är ingen fil – skicka filen som en filuppladdning (curl -F {name}=@lista.xlsx)"
                    ),
                    Lang::En => format!(
                        "the field {name} is not a file – send it as a file upload (curl -F {name}=@list.xlsx)"
                    ),
                },
            ));
        };
        n += 1;
        if n > limits.max_files {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "too-many-files",
                match lang {
                    Lang::Sv => format!(
                        "fler än {} filer i en begäran – skicka färre åt gången eller starta servern med --max-files",
                        limits.max_files
                    ),
                    Lang::En => format!(
                        "more than {} files in one request – send fewer at a time or start the server with --max-files",
                        limits.max_files
                    ),
                },
            ));
        }
        let label = label(&client_name, n, lang);
        // Every file's label is its own (a plan named like a list too).
        let label = unique(label, &mut taken);
        let folder = match name.as_str() {
            "folder" | "plan" | "previous" => name.clone(),
            // Each named list in a folder of its own.
            _ => format!("{n:04}"),
        };
        let sub = up.dir.path().join(&folder);
        std::fs::create_dir_all(&sub).map_err(failed)?;
        let path = sub.join(&label);
        let mut out = std::fs::File::create(&path).map_err(failed)?;
        let mut field = field;
        let mut size = 0usize;
        loop {
            match field.chunk().await {
                Ok(Some(bytes)) => {
                    size += bytes.len();
                    out.write_all(&bytes).map_err(failed)?;
                }
                Ok(None) => break,
                Err(e) => return Err(multipart_error(e, limits, lang)),
            }
        }
        drop(out);
        // A file input left empty sends a part with no name and no bytes.
        if client_name.is_empty() && size == 0 {
            let _ = std::fs::remove_file(&path);
            n -= 1;
            continue;
        }
        up.labels.push((path.clone(), label));
        match name.as_str() {
            "folder" => up.folder = Some(sub),
            "plan" => up.plan = Some(path),
            "previous" => up.previous = Some(path),
            _ => up.files.push(path),
        }
    }
    if up.files.is_empty() && up.folder.is_none() {
        return Err(ApiError::say(
            StatusCode::BAD_REQUEST,
            "no-files",
            lang,
            "inga listor skickades – lägg månadens listor i fältet files (curl -F files=@KSON.xlsx)",
            "no lists were sent – put the month's lists in the field files (curl -F files=@KSON.xlsx)",
        ));
    }
    Ok(up)
}

fn multipart_error(
    e: axum::extract::multipart::MultipartError,
    limits: &Limits,
    lang: Lang,
) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let mb = limits.max_upload / 1_000_000;
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            match lang {
                Lang::Sv => format!(
                    "filerna är större än {mb} MB tillsammans – skicka färre åt gången eller starta servern med --max-upload"
                ),
                Lang::En => format!(
                    "the files are larger than {mb} MB together – send fewer at a time or start the server with --max-upload"
                ),
            },
        );
    }
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "bad-upload",
        match lang {
            Lang::Sv => format!(
                "uppladdningen kunde inte läsas ({e}) – skicka filerna som multipart/form-data"
            ),
            Lang::En => format!(
                "the upload could not be read ({e}) – send the files as multipart/form-data"
            ),
        },
    )
}

/// Whether `path` is under `dir` (a test's check that nothing escapes).
#[cfg(test)]
fn inside(path: &std::path::Path, dir: &std::path::Path) -> bool {
    path.starts_with(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_names_not_paths() {
        assert_eq!(label("2023-12/KSON.xlsx", 1, Lang::Sv), "KSON.xlsx");
        assert_eq!(label("..\\..\\win.ini", 1, Lang::Sv), "win.ini");
        assert_eq!(label("../../etc/passwd", 1, Lang::Sv), "passwd");
        assert_eq!(label("..", 3, Lang::Sv), "fil-3");
        assert_eq!(label("", 4, Lang::En), "file-4");
        assert_eq!(label("a\u{0}b\nc.xlsx", 1, Lang::Sv), "abc.xlsx");
        let long = format!("{}.xlsx", "x".repeat(300));
        let l = label(&long, 1, Lang::Sv);
        assert_eq!(l.chars().count(), 120);
        assert!(l.ends_with(".xlsx"));
        let dir = std::path::Path::new("/tmp/up/0001");
        assert!(inside(&dir.join(label("../../x.xlsx", 1, Lang::Sv)), dir));
    }

    #[test]
    fn same_names_are_told_apart() {
        let mut taken = Vec::new();
        assert_eq!(unique("KSON.xlsx".into(), &mut taken), "KSON.xlsx");
        assert_eq!(unique("KSON.xlsx".into(), &mut taken), "KSON (2).xlsx");
        assert_eq!(unique("KSON.xlsx".into(), &mut taken), "KSON (3).xlsx");
        assert_eq!(unique("README".into(), &mut taken), "README");
        assert_eq!(unique("README".into(), &mut taken), "README (2)");
    }
}
