//! Certificate credentials: the app proves who it is with a JWT signed by a certificate's
//! private key instead of a secret
//! (<https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials>).
//!
//! The file is a PEM holding the certificate and its unencrypted private key, or a PFX
//! (PKCS#12), optionally password-protected. The key is RSA (what Entra accepts) and stays in
//! memory only, inside aws-lc, which wipes it when it is freed; the file's bytes and the key's
//! DER are zeroed after parsing. The assertion is PS256 with `x5t#S256`, as the current
//! document describes.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aws_lc_rs::digest;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, RsaKeyPair, UnparsedPublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// How the app proves who it is to the token endpoint.
#[derive(Clone, Debug)]
pub enum Credential {
    /// A client secret's value.
    Secret(SecretString),
    /// A certificate whose key signs a client assertion.
    Certificate(ClientCertificate),
}

/// The `client_assertion_type` of a signed JWT.
pub(super) const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How long an assertion is valid: the document advises 5 to 10 minutes.
const ASSERTION_LIFETIME_SECS: i64 = 600;

/// A certificate and its private key, ready to sign client assertions.
#[derive(Clone)]
pub struct ClientCertificate {
    path: PathBuf,
    /// base64url(SHA-256 of the certificate's DER): the `x5t#S256` header.
    x5t_s256: String,
    /// SHA-1 of the DER in upper-case hex: how the Entra admin center lists a certificate.
    thumbprint: String,
    key: Arc<RsaKeyPair>,
}

/// The same file with the same certificate (whose key was checked to belong to it).
impl PartialEq for ClientCertificate {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.x5t_s256 == other.x5t_s256
    }
}

/// The same secret, or the same certificate.
impl PartialEq for Credential {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Secret(a), Self::Secret(b)) => {
                secrecy::ExposeSecret::expose_secret(a) == secrecy::ExposeSecret::expose_secret(b)
            }
            (Self::Certificate(a), Self::Certificate(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("path", &self.path)
            .field("thumbprint", &self.thumbprint)
            .finish_non_exhaustive()
    }
}

/// Why a certificate file cannot be used; each names the file and what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error(
        "{}: no such file: client_certificate_path must name a PEM or PFX file with the certificate and its private key",
        .0.display()
    )]
    NotFound(PathBuf),
    #[error("{}: cannot read it ({}): check its permissions", .0.display(), .1)]
    Unreadable(PathBuf, String),
    #[error(
        "{}: wrong password for this PFX file (or it needs one): set AZURE_CLIENT_CERTIFICATE_PASSWORD or LAZYENTRA_CLIENT_CERTIFICATE_PASSWORD",
        .0.display()
    )]
    WrongPassword(PathBuf),
    #[error(
        "{}: holds no private key: put the key in the same PEM file (cat cert.pem key.pem > both.pem) or use a PFX",
        .0.display()
    )]
    NoPrivateKey(PathBuf),
    #[error("{}: holds no certificate (no BEGIN CERTIFICATE section)", .0.display())]
    NoCertificate(PathBuf),
    #[error(
        "{}: the private key is encrypted, which lazyentra reads only in a PFX: decrypt it (openssl pkey -in FILE) or export a PFX with a password",
        .0.display()
    )]
    EncryptedPem(PathBuf),
    #[error(
        "{}: the private key is not an RSA key ({}): Entra certificate credentials need RSA",
        .0.display(),
        .1
    )]
    NotRsa(PathBuf, String),
    #[error(
        "{}: the private key does not belong to the certificate: use the key the certificate was made with",
        .0.display()
    )]
    KeyMismatch(PathBuf),
    #[error("{}: not a PEM or PFX certificate file ({})", .0.display(), .1)]
    Invalid(PathBuf, String),
}

impl ClientCertificate {
    /// Reads and checks `path`: a PEM (certificate + key) or a PFX, opened with `password`.
    pub fn load(path: &Path, password: Option<&SecretString>) -> Result<Self, CertificateError> {
        let owned = path.to_path_buf();
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                CertificateError::NotFound(owned.clone())
            } else {
                CertificateError::Unreadable(owned.clone(), e.to_string())
            }
        })?);
        let (cert, key) = if is_pem(&bytes) {
            from_pem(path, &bytes)?
        } else {
            from_pfx(path, &bytes, password)?
        };
        let key = match key {
            Key::Pkcs8(der) => RsaKeyPair::from_pkcs8(&der),
            Key::Pkcs1(der) => RsaKeyPair::from_der(&der),
        }
        .map_err(|e| CertificateError::NotRsa(owned.clone(), e.to_string()))?;
        check_pair(path, &cert, &key)?;
        let sha256 = digest::digest(&digest::SHA256, &cert);
        let sha1 = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &cert);
        Ok(ClientCertificate {
            path: owned,
            x5t_s256: B64.encode(sha256),
            thumbprint: sha1.as_ref().iter().fold(String::new(), |mut hex, b| {
                let _ = write!(hex, "{b:02X}");
                hex
            }),
            key: Arc::new(key),
        })
    }

    /// The file it was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The SHA-1 thumbprint in hex, as listed under the app's Certificates & secrets.
    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// A client assertion for `client_id` at the token endpoint `audience`, valid from
    /// `now` (Unix seconds) for ten minutes.
    pub(super) fn assertion(&self, client_id: &str, audience: &str, now: i64) -> Option<String> {
        let header = serde_json::json!({"alg": "PS256", "typ": "JWT", "x5t#S256": self.x5t_s256});
        let claims = serde_json::json!({
            "aud": audience,
            "iss": client_id,
            "sub": client_id,
            "jti": uuid::Uuid::new_v4().to_string(),
            "nbf": now,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME_SECS,
        });
        let input = format!(
            "{}.{}",
            B64.encode(header.to_string()),
            B64.encode(claims.to_string())
        );
        let signature = sign(&self.key, input.as_bytes())?;
        Some(format!("{input}.{}", B64.encode(signature)))
    }
}

fn sign(key: &RsaKeyPair, message: &[u8]) -> Option<Vec<u8>> {
    let mut signature = vec![0; key.public_modulus_len()];
    key.sign(
        &signature::RSA_PSS_SHA256,
        &SystemRandom::new(),
        message,
        &mut signature,
    )
    .ok()?;
    Some(signature)
}

enum Key {
    Pkcs8(Zeroizing<Vec<u8>>),
    Pkcs1(Zeroizing<Vec<u8>>),
}

fn is_pem(bytes: &[u8]) -> bool {
    bytes.windows(11).any(|w| w == b"-----BEGIN ")
}

fn from_pem(path: &Path, bytes: &[u8]) -> Result<(Vec<u8>, Key), CertificateError> {
    let owned = || path.to_path_buf();
    let text = String::from_utf8_lossy(bytes);
    let cert = CertificateDer::pem_slice_iter(bytes)
        .next()
        .transpose()
        .map_err(|e| CertificateError::Invalid(owned(), e.to_string()))?
        .ok_or_else(|| CertificateError::NoCertificate(owned()))?
        .to_vec();
    if text.contains("BEGIN ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(CertificateError::EncryptedPem(owned()));
    }
    let key = match PrivateKeyDer::from_pem_slice(bytes) {
        Ok(PrivateKeyDer::Pkcs8(der)) => {
            Key::Pkcs8(Zeroizing::new(der.secret_pkcs8_der().to_vec()))
        }
        Ok(PrivateKeyDer::Pkcs1(der)) => {
            Key::Pkcs1(Zeroizing::new(der.secret_pkcs1_der().to_vec()))
        }
        Ok(_) => {
            return Err(CertificateError::NotRsa(
                owned(),
                "an EC PRIVATE KEY".to_owned(),
            ));
        }
        Err(rustls_pki_types::pem::Error::NoItemsFound) => {
            return Err(CertificateError::NoPrivateKey(owned()));
        }
        Err(e) => return Err(CertificateError::Invalid(owned(), e.to_string())),
    };
    Ok((cert, key))
}

fn from_pfx(
    path: &Path,
    bytes: &[u8],
    password: Option<&SecretString>,
) -> Result<(Vec<u8>, Key), CertificateError> {
    use p12_keystore::error::Error;
    use p12_keystore::{KeyStore, KeyStoreEntry, Pkcs12ImportPolicy};
    let owned = || path.to_path_buf();
    let password = password.map_or("", ExposeSecret::expose_secret);
    let store = KeyStore::from_pkcs12(bytes, password, Pkcs12ImportPolicy::Relaxed).map_err(
        |e| match e {
            Error::MacError(_) => CertificateError::WrongPassword(owned()),
            other => CertificateError::Invalid(owned(), other.to_string()),
        },
    )?;
    if let Some((_, chain)) = store.private_key_chain() {
        let cert = chain
            .certs()
            .first()
            .ok_or_else(|| CertificateError::NoCertificate(owned()))?;
        let key = Key::Pkcs8(Zeroizing::new(chain.key().as_der().to_vec()));
        return Ok((cert.as_der().to_vec(), key));
    }
    let has_certificate = store
        .entries()
        .any(|(_, entry)| matches!(entry, KeyStoreEntry::Certificate(_)));
    Err(if has_certificate {
        CertificateError::NoPrivateKey(owned())
    } else {
        CertificateError::NoCertificate(owned())
    })
}

/// The key must be the certificate's: a probe signed with it must verify with the
/// certificate's public key.
fn check_pair(path: &Path, cert: &[u8], key: &RsaKeyPair) -> Result<(), CertificateError> {
    let der = CertificateDer::from(cert);
    let parsed = webpki::EndEntityCert::try_from(&der)
        .map_err(|e| CertificateError::Invalid(path.to_path_buf(), format!("{e:?}")))?;
    let spki = parsed.subject_public_key_info();
    let probe = b"lazyentra: does this key belong to this certificate?";
    let verified = sign(key, probe).is_some_and(|signature| {
        UnparsedPublicKey::new(&signature::RSA_PSS_2048_8192_SHA256, spki.as_ref())
            .verify(probe, &signature)
            .is_ok()
    });
    if verified {
        Ok(())
    } else {
        Err(CertificateError::KeyMismatch(path.to_path_buf()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/certs")
            .join(name)
    }

    fn demo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/lazyentra-emulator/src/seed/demo_certificate.pem")
    }

    const DEMO_THUMBPRINT: &str = lazyentra_emulator::demo::CERTIFICATE_THUMBPRINT;

    #[test]
    fn pem_pkcs8_pkcs1_and_pfx_load_with_the_same_thumbprint() {
        let password = SecretString::from("demo-pfx-password");
        for (path, password) in [
            (demo(), None),
            (fixture("demo_pkcs1.pem"), None),
            (fixture("demo.pfx"), Some(&password)),
            (fixture("demo_legacy.pfx"), Some(&password)),
        ] {
            let cert = ClientCertificate::load(&path, password)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(cert.thumbprint(), DEMO_THUMBPRINT);
        }
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let load = |name: &str, password: Option<&str>| {
            let password = password.map(SecretString::from);
            ClientCertificate::load(&fixture(name), password.as_ref()).unwrap_err()
        };
        assert!(matches!(
            load("missing.pem", None),
            CertificateError::NotFound(_)
        ));
        assert!(matches!(
            load("cert_only.pem", None),
            CertificateError::NoPrivateKey(_)
        ));
        assert!(matches!(
            load("key_mismatch.pem", None),
            CertificateError::KeyMismatch(_)
        ));
        assert!(matches!(
            load("encrypted_key.pem", None),
            CertificateError::EncryptedPem(_)
        ));
        assert!(matches!(
            load("demo.pfx", Some("nope")),
            CertificateError::WrongPassword(_)
        ));
        assert!(matches!(
            load("demo.pfx", None),
            CertificateError::WrongPassword(_)
        ));
        assert!(matches!(
            load("README.md", None),
            CertificateError::Invalid(..)
        ));
        let line = load("cert_only.pem", None).to_string();
        assert!(
            line.contains("cert_only.pem: holds no private key"),
            "{line}"
        );
        assert!(!line.contains('\n'));
    }

    #[test]
    fn assertions_carry_the_documented_header_and_claims() {
        let cert = ClientCertificate::load(&demo(), None).unwrap();
        let jwt = cert
            .assertion("client", "https://login.example/t/oauth2/v2.0/token", 1000)
            .unwrap();
        let parts: Vec<&str> = jwt.split('.').collect();
        let header: serde_json::Value =
            serde_json::from_slice(&B64.decode(parts[0]).unwrap()).unwrap();
        let claims: serde_json::Value =
            serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(header["alg"], "PS256");
        assert_eq!(header["x5t#S256"].as_str().unwrap().len(), 43);
        assert_eq!(claims["iss"], "client");
        assert_eq!(claims["sub"], "client");
        assert_eq!(claims["nbf"], 1000);
        assert_eq!(claims["exp"], 1600);
        assert!(claims["jti"].is_string());
        let other = cert.assertion("client", "aud", 1000).unwrap();
        assert_ne!(jwt, other, "every assertion has its own jti");
    }
}
