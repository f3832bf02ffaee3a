//! Knobs for one emulator instance: how many users, which seed, token lifetime, faults and
//! what the tenant lacks.

use std::time::Duration;

#[derive(Clone, Debug)]
pub struct EmulatorOptions {
    /// 0 = any free port (tests always use 0).
    pub port: u16,
    /// Seeded users, including the few deliberately awkward ones.
    pub users: usize,
    /// Seed for the demo data: the same seed gives the same tenant.
    pub seed: u64,
    /// `expires_in` of issued tokens.
    pub token_lifetime: Duration,
    pub faults: Faults,
}

impl Default for EmulatorOptions {
    fn default() -> Self {
        EmulatorOptions {
            port: 0,
            users: 250,
            seed: 42,
            token_lifetime: Duration::from_secs(3599),
            faults: Faults::default(),
        }
    }
}

/// Misbehaviour to inject, and what the tenant lacks; changeable while running with
/// `Emulator::set_faults`.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    /// Added to every request (token endpoint included).
    pub latency: Duration,
    /// Every Nth Graph request answers 429 with `Retry-After`. The requests inside a
    /// `$batch` count one by one and each is answered 429 on its own, inside the batch's 200;
    /// the `$batch` envelope itself is never throttled: "Requests in a batch are evaluated
    /// individually against the applicable throttling limits and if any request exceeds the
    /// limits, it fails with a status of `429`"
    /// (<https://learn.microsoft.com/en-us/graph/json-batching#batch-size-limitations>).
    pub throttle_every: Option<u32>,
    /// Every Nth Graph request answers 503 Service Unavailable with `Retry-After`, counted
    /// like `throttle_every` (the requests inside a `$batch` one by one). When both fall on
    /// the same request, 429 wins.
    pub unavailable_every: Option<u32>,
    /// Every Nth `POST /$batch` answers 503 as a whole, before any request inside it runs:
    /// an outage in front of Graph, which the client retries like any 503.
    pub batch_unavailable_every: Option<u32>,
    /// The `Retry-After` value sent with a 429 or 503.
    pub retry_after: Duration,
    /// The token endpoint refuses every sign-in as if the app's client secret had just
    /// expired (AADSTS7000222); tokens already issued keep working until they expire.
    pub refuse_tokens: bool,
    /// The tenant has no Microsoft Entra ID P1 or P2 licence, so Graph refuses
    /// `signInActivity` to every app (403
    /// `Authentication_RequestFromNonPremiumTenantOrB2CTenant`).
    pub free_tenant: bool,
}

impl Faults {
    /// Whether the `n`th request (counting from 1) falls on the knob `every`.
    pub(crate) fn hits(every: Option<u32>, n: u64) -> bool {
        every.is_some_and(|e| e > 0 && n.is_multiple_of(u64::from(e)))
    }
}

/// `Retry-After` in seconds: a whole number when it is one, else with decimals (`0.05`), as
/// Graph has been seen to send (`2.128`).
pub(crate) fn retry_after_header(wait: Duration) -> String {
    if wait.subsec_nanos() == 0 {
        return wait.as_secs().to_string();
    }
    let text = format!("{:.3}", wait.as_secs_f64());
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_whole_or_decimal() {
        assert_eq!(retry_after_header(Duration::from_secs(2)), "2");
        assert_eq!(retry_after_header(Duration::from_millis(50)), "0.05");
        assert_eq!(retry_after_header(Duration::from_millis(2128)), "2.128");
        assert_eq!(retry_after_header(Duration::ZERO), "0");
    }
}
