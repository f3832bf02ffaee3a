//! Memory held per loaded user: the list keeps every loaded `User`, so this is what 100k users
//! cost the app. Counted exactly from the data (struct size plus the heap bytes of every string
//! and list), not read from the allocator, so the number is repeatable.
//!
//! Run with `cargo bench --bench memory`; results are in BENCHMARKS.md.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use lazyentra::graph::User;
use lazyentra_emulator::{Emulator, EmulatorOptions};

const USERS: usize = 100_000;

/// Heap bytes a loaded user holds (the id's length stands for its capacity: ids are
/// deserialised to exactly their length).
fn heap_bytes(user: &User) -> usize {
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
    user.id.as_str().len()
        + [
            &user.display_name,
            &user.given_name,
            &user.surname,
            &user.user_principal_name,
            &user.mail,
            &user.mail_nickname,
            &user.job_title,
            &user.department,
            &user.company_name,
            &user.employee_id,
            &user.office_location,
            &user.mobile_phone,
            &user.city,
            &user.country,
            &user.usage_location,
            &user.preferred_language,
            &user.user_type,
        ]
        .into_iter()
        .map(text)
        .sum::<usize>()
        + user.business_phones.capacity() * size_of::<String>()
        + user
            .business_phones
            .iter()
            .map(String::capacity)
            .sum::<usize>()
}

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let emu = rt
        .block_on(Emulator::start(EmulatorOptions {
            port: 0,
            users: USERS,
            ..EmulatorOptions::default()
        }))
        .expect("emulator");
    // Decode from JSON as the client does, so strings have the capacities they would have.
    let json = serde_json::to_string(&emu.users_snapshot()).expect("json");
    rt.block_on(emu.shutdown());
    let users: Vec<User> = serde_json::from_str(&json).expect("users");
    let heap: usize = users.iter().map(heap_bytes).sum();
    // The list's own buffer grows by doubling, so up to twice `len` slots may be reserved;
    // the figure below counts the users themselves.
    let total = users.len() * size_of::<User>() + heap;
    println!("users loaded:            {}", users.len());
    println!("size_of::<User>():       {} bytes", size_of::<User>());
    println!("string heap per user:    {} bytes", heap / users.len());
    println!(
        "total for {} users:  {:.1} MiB ({} bytes per user)",
        users.len(),
        total as f64 / (1024.0 * 1024.0),
        total / users.len()
    );
}
