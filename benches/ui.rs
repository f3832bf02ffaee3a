//! Speed of the UI with a big tenant loaded: drawing a frame of the user list, moving the
//! cursor, taking in one more page, and listing a bulk create's users. All through the same reducer and renderer the app
//! uses, into ratatui's `TestBackend`.
//!
//! Run with `cargo bench --bench ui`; method and results are in BENCHMARKS.md.

// A failed unwrap is the test failing, with its message; a journey reads best in one piece.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::too_many_lines)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lazyentra::fixtures::{self, many_users, request, token};
use lazyentra::graph::User;
use lazyentra::runtime::worker::{Reply, RequestId};
use lazyentra::state::State;
use lazyentra::ui;
use lazyentra::update::{Effect, Msg, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const LOADED: usize = 100_000;

fn page(users: Vec<User>) -> Reply {
    fixtures::page(users, Some(fixtures::NEXT_LINK), Some(250_000))
}

fn done(state: &mut State, id: RequestId, reply: Reply) -> Vec<Effect> {
    fixtures::answer(state, id, Ok(reply))
}

/// A signed-in list with `LOADED` users, the cursor in the middle, at 120x40.
fn big_list() -> State {
    let mut state = fixtures::state();
    update(&mut state, Msg::Resize(120, 40));
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    let id = request(&update(&mut state, Msg::Key(enter)));
    let fx = done(
        &mut state,
        id,
        Reply::Connected(Box::new(token(&["User.ReadWrite.All"]))),
    );
    let id = request(&fx);
    done(&mut state, id, page(many_users(0, LOADED)));
    let list = state.screens.list_mut().expect("the list is open");
    list.selected = LOADED / 2;
    list.offset = LOADED / 2 - 10;
    state
}

fn ui_benches(c: &mut Criterion) {
    let state = big_list();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    c.bench_function("draw the user list, 100k loaded, 120x40", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| ui::render(black_box(&state), frame))
                .expect("draw");
        });
    });

    let down = Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    c.bench_function("key j + redraw, 100k loaded", |b| {
        b.iter_batched_ref(
            big_list,
            |state| {
                update(state, down.clone());
                terminal
                    .draw(|frame| ui::render(state, frame))
                    .expect("draw");
            },
            BatchSize::LargeInput,
        );
    });

    c.bench_function("take in a page of 999 users, 100k loaded", |b| {
        b.iter_batched_ref(
            || {
                let mut state = big_list();
                // Room for the page, as after the list's last doubling: this measures the
                // reducer, not a one-off reallocation.
                state
                    .screens
                    .list_mut()
                    .expect("the list is open")
                    .rows
                    .reserve(999);
                // Jump to the end so the reducer asks for the next page.
                let fx = update(
                    &mut state,
                    Msg::Key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE)),
                );
                (state, request(&fx), many_users(LOADED, 999))
            },
            |(state, id, users)| done(state, *id, page(std::mem::take(users))),
            BatchSize::LargeInput,
        );
    });

    // A bulk create (or restore) of 500 lists them at the top: one shift and one refilter for
    // all, against the one-by-one insertion it replaced.
    let mut group = c.benchmark_group("list 500 created users, 100k loaded");
    group.sample_size(10);
    let created = || (big_list(), many_users(LOADED, 500));
    group.bench_function("at once", |b| {
        b.iter_batched_ref(
            created,
            |(state, users)| {
                let list = state.screens.list_mut().expect("the list is open");
                black_box(list.insert_first_many(users.iter()));
            },
            BatchSize::LargeInput,
        );
    });
    group.bench_function("one by one", |b| {
        b.iter_batched_ref(
            created,
            |(state, users)| {
                let list = state.screens.list_mut().expect("the list is open");
                for user in users.iter() {
                    black_box(list.insert_first(user));
                }
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = ui_benches
}
criterion_main!(benches);
