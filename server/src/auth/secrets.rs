//! PINs, passwords and tokens. Secrets are hashed with argon2id; cookie tokens and
//! enrollment codes are random and stored only as SHA-256 digests.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiResult};

#[derive(Clone, Debug)]
pub struct Hasher {
    params: Params,
}

impl Hasher {
    pub fn new(memory_kib: u32) -> Hasher {
        let params = Params::new(memory_kib.max(Params::MIN_M_COST), 2, 1, None).unwrap_or_default();
        Hasher { params }
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// Hashes off the async threads: argon2 is deliberately slow.
    pub async fn hash(&self, secret: String) -> ApiResult<String> {
        let argon2 = self.argon2();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2.hash_password(secret.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// Checks a secret against a stored hash. Without a hash it still spends the same
    /// time, so a wrong employee number answers as slowly as a wrong PIN.
    pub async fn verify(&self, stored: Option<String>, secret: String) -> bool {
        let argon2 = self.argon2();
        tokio::task::spawn_blocking(move || match stored.as_deref().map(PasswordHash::new) {
            Some(Ok(hash)) => argon2.verify_password(secret.as_bytes(), &hash).is_ok(),
            _ => {
                let salt = SaltString::generate(&mut OsRng);
                let _ = argon2.hash_password(secret.as_bytes(), &salt);
                false
            }
        })
        .await
        .unwrap_or(false)
    }
}

/// A fresh 256-bit cookie token.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token or code.
pub fn digest(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// Letters and digits that cannot be mistaken for each other on a tablet keyboard.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A tablet enrollment code such as `K7QPM-2XWRT`.
pub fn new_enroll_code() -> String {
    let mut rng = OsRng;
    let chars: String = (0..10)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// Codes are compared without case, spaces or dashes.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_secret_only() {
        let hasher = Hasher::new(1024);
        let hash = hasher.hash("2468".into()).await.unwrap();
        assert!(!hash.contains("2468"));
        assert!(hasher.verify(Some(hash.clone()), "2468".into()).await);
        assert!(!hasher.verify(Some(hash), "2469".into()).await);
        assert!(!hasher.verify(None, "2468".into()).await);
    }

    #[test]
    fn codes_normalise_and_tokens_differ() {
        let code = new_enroll_code();
        assert_eq!(normalize_code(&code.to_lowercase()), normalize_code(&code));
        assert_eq!(normalize_code(" harbour-demo "), "HARBOURDEMO");
        assert_ne!(new_token(), new_token());
        assert_eq!(digest("a"), digest("a"));
    }
}
