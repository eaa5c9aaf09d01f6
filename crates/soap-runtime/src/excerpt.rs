//! Server-supplied text on its way into an error: cut to a bounded length with a visible
//! marker, and cleaned of the secrets the request carried.
//!
//! A server controls every byte of a fault string, a detail or an error page, so none of them
//! may grow an error message without bound, and a server that echoes a request (a password
//! form, a login envelope) must not be able to put the request's secrets into an error.

/// The longest fault string, actor, node or error description kept, in bytes.
pub const MAX_TEXT_BYTES: usize = 2048;
/// The longest fault detail kept, in bytes (typed details are decoded from it).
pub const MAX_DETAIL_BYTES: usize = 64 * 1024;
/// The longest excerpt of a non-SOAP or error response body, in bytes.
pub const MAX_BODY_EXCERPT_BYTES: usize = 512;
/// What replaces a secret found in server text.
pub const REDACTED: &str = "<redacted>";

/// `text` if it fits in `max` bytes; else its first `max` bytes (at a character boundary)
/// followed by `… [cut: N bytes in all]`.
pub fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}… [cut: {} bytes in all]", &text[..cut], text.len())
}

/// Cuts `text` in place as [`bounded`] does.
pub(crate) fn bound_in_place(text: &mut String, max: usize) {
    if text.len() > max {
        *text = bounded(text, max);
    }
}

/// An excerpt of a response body: lossily decoded, whitespace runs folded to one space, at
/// most [`MAX_BODY_EXCERPT_BYTES`] with the cut marked.
pub fn body_excerpt(body: &[u8]) -> String {
    // Look at a little more than the excerpt, so the marker can say the body's real size.
    let head = &body[..body.len().min(MAX_BODY_EXCERPT_BYTES * 4)];
    let folded = String::from_utf8_lossy(head)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if folded.len() <= MAX_BODY_EXCERPT_BYTES && head.len() == body.len() {
        return folded;
    }
    let mut cut = folded.len().min(MAX_BODY_EXCERPT_BYTES);
    while !folded.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}… [cut: {} bytes in all]", &folded[..cut], body.len())
}

/// The shortest secret that is redacted, in bytes. Shorter values occur in any text by chance
/// (a one-letter password would redact every such letter of the message) and protect nothing.
pub const MIN_REDACTED_BYTES: usize = 4;

/// Replaces every occurrence of each secret (of at least [`MIN_REDACTED_BYTES`]) in `text`
/// with [`REDACTED`].
pub(crate) fn redact(text: &mut String, secrets: &[&str]) {
    for secret in secrets.iter().filter(|s| s.len() >= MIN_REDACTED_BYTES) {
        if text.contains(secret) {
            *text = text.replace(secret, REDACTED);
        }
    }
}

/// Secrets a request carried, to be redacted from whatever the server answers.
///
/// Built from the values the XML writer marked as secret (generated writers mark fields named
/// like passwords and tokens) and from the credentials of a token request.
#[derive(Clone, Default)]
pub struct RequestSecrets(Vec<crate::secret::Secret>);

impl RequestSecrets {
    /// No secrets.
    pub fn new() -> Self {
        RequestSecrets(Vec::new())
    }

    /// Adds one (empty values are ignored).
    pub fn push(&mut self, secret: impl Into<crate::secret::Secret>) {
        let secret = secret.into();
        if !secret.expose().is_empty() {
            self.0.push(secret);
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret values, for [`redact`].
    pub(crate) fn values(&self) -> Vec<&str> {
        self.0.iter().map(crate::secret::Secret::expose).collect()
    }
}

impl std::fmt::Debug for RequestSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RequestSecrets({} values)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_at_a_character_boundary_with_a_marker() {
        assert_eq!(bounded("short", 10), "short");
        let cut = bounded(&"é".repeat(10), 5);
        assert_eq!(cut, "éé… [cut: 20 bytes in all]");
    }

    #[test]
    fn body_excerpts_fold_whitespace_and_say_the_full_size() {
        assert_eq!(
            body_excerpt(b"<html>\n  <body>x</body>"),
            "<html> <body>x</body>"
        );
        let big = vec![b'a'; 10_000];
        let excerpt = body_excerpt(&big);
        assert!(
            excerpt.ends_with("… [cut: 10000 bytes in all]"),
            "{excerpt}"
        );
        assert!(excerpt.len() < 600);
    }

    #[test]
    fn every_occurrence_of_every_secret_is_redacted() {
        let mut text = "bad password hunter2 for hunter2 (token abcd, pin d)".to_owned();
        redact(&mut text, &["hunter2", "abcd", "d", ""]);
        assert_eq!(
            text,
            "bad password <redacted> for <redacted> (token <redacted>, pin d)"
        );
    }
}
