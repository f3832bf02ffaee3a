//! Memory the user list holds per loaded user, with 100,000 loaded: what a big tenant costs the
//! app. The users come from the emulator's 100,000-user tenant, with only the properties the
//! list asks Graph for (`LIST_SELECT`), decoded from JSON a page of 999 at a time as the client
//! does, and taken in through the list's own `append_users`, as the app takes in pages.
//!
//! The bytes are counted from the data (`UserList::memory`), not read from the allocator, so
//! the number is repeatable: every row struct with the room the vector holds beyond the rows,
//! every string's bytes, the folded search keys, the set of listed ids (its hash table sized
//! as hashbrown sizes it), the shown-rows index, and the shared values (each distinct job
//! title, department and user type once: its block, its text and folded text, and its table,
//! all counted in full and spread over the rows). The allocator's own few bytes per block are
//! not counted; the number of blocks is printed so they can be estimated.
//!
//! Run with `cargo bench --bench memory`; results are in BENCHMARKS.md.

// A failed unwrap is the bench failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lazyentra::graph::{LIST_SELECT, User};
use lazyentra::screens::user_list::{Row, UserList};
use lazyentra_emulator::{Emulator, EmulatorOptions};
use serde_json::{Map, Value};

const USERS: usize = 100_000;
const PAGE: usize = 999;

/// A user as Graph lists it with `$select`: the selected properties, `null` when unset.
fn selected(user: &Value) -> Value {
    let map: Map<String, Value> = LIST_SELECT
        .iter()
        .map(|p| {
            (
                (*p).to_owned(),
                user.get(*p).cloned().unwrap_or(Value::Null),
            )
        })
        .collect();
    Value::Object(map)
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
    let pages: Vec<String> = emu
        .users_snapshot()
        .chunks(PAGE)
        .map(|page| serde_json::to_string(&page.iter().map(selected).collect::<Vec<_>>()))
        .collect::<Result<_, _>>()
        .expect("json");
    rt.block_on(emu.shutdown());

    let mut list = UserList::default();
    for page in &pages {
        let users: Vec<User> = serde_json::from_str(page).expect("a page");
        list.append_users(users);
    }
    let m = list.memory();
    let n = m.rows.max(1);
    let per = |bytes: usize| bytes as f64 / n as f64;
    println!("users loaded:                 {}", m.rows);
    println!("size_of::<Row>():             {} bytes", size_of::<Row>());
    println!("per row, counted:");
    println!(
        "  row structs (with slack)    {:6.1} bytes",
        per(m.row_structs)
    );
    println!("  name, UPN, mail             {:6.1} bytes", per(m.text));
    println!(
        "  folded keys, non-GUID ids   {:6.1} bytes",
        per(m.keys_and_ids)
    );
    println!("  listed-id set               {:6.1} bytes", per(m.listed));
    println!(
        "  shared values ({} distinct) {:6.1} bytes",
        m.distinct_values,
        per(m.values)
    );
    println!("  shown index                 {:6.1} bytes", per(m.shown));
    println!(
        "total for {} users:       {:.1} MiB ({:.0} bytes per user; {:.1} heap blocks per user)",
        m.rows,
        m.total() as f64 / (1024.0 * 1024.0),
        per(m.total()),
        per(m.blocks)
    );
}
