//! The reducer: every state change happens here, in `update(state, msg) -> effects`. No I/O,
//! no clock, no terminal: the app loop carries out the effects (send a command to the worker,
//! start a debounce timer, quit), and tests call `update` directly.

mod keys;
mod list;
mod replies;
#[cfg(test)]
mod tests;

use std::time::Duration;

use crossterm::event::KeyEvent;

use crate::state::{Pending, State};
use crate::worker::{Command, Op, RequestId, WorkerMsg};

/// How long typing in the search box must pause before the search is sent.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// Everything that can happen to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The animation timer: advance spinners.
    Tick,
    /// The search debounce timer of this generation expired.
    SearchDue(u64),
    /// A step of the throttle countdown of this generation is due.
    CountdownDue(u64),
    Worker(WorkerMsg),
}

/// What `update` asks the outside world to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Send(Command),
    /// Deliver `Msg::SearchDue(generation)` after `after`.
    Debounce {
        generation: u64,
        after: Duration,
    },
    /// Deliver `Msg::CountdownDue(generation)` after `after`; asked for only while a
    /// throttled retry waits, so an idle app has no timer running.
    Countdown {
        generation: u64,
        after: Duration,
    },
    Quit,
}

/// Applies one message to the state and returns what must happen as a result.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let mut fx = Effects::default();
    match msg {
        Msg::Key(key) => keys::on_key(state, key, &mut fx),
        Msg::Paste(text) => keys::on_paste(state, &text, &mut fx),
        Msg::Resize(w, h) => {
            state.size = (w, h);
            list::scroll_into_view(state);
        }
        Msg::Tick => state.tick = state.tick.wrapping_add(1),
        Msg::SearchDue(generation) => list::search_due(state, generation, &mut fx),
        Msg::CountdownDue(generation) => replies::countdown_due(state, generation, &mut fx),
        Msg::Worker(WorkerMsg::Notice(notice)) => replies::on_notice(state, notice, &mut fx),
        Msg::Worker(WorkerMsg::Done { id, result }) => {
            replies::on_done(state, id, result, &mut fx);
        }
    }
    if state.quit {
        fx.0.push(Effect::Quit);
    }
    fx.0
}

/// The first thing the app does: connect at once when asked to (the demo).
pub fn start(state: &mut State, auto_connect: bool) -> Vec<Effect> {
    let mut fx = Effects::default();
    if auto_connect && state.connect.problems.is_empty() {
        begin_connect(state, &mut fx);
    }
    fx.0
}

/// Collects effects while a message is handled.
#[derive(Default)]
pub(crate) struct Effects(Vec<Effect>);

impl Effects {
    /// Starts `op` as a new request whose answer is for `pending`.
    pub fn run(&mut self, state: &mut State, op: Op, pending: Pending) -> RequestId {
        let id = state.next_request_id();
        state.pending.insert(id, pending);
        self.0.push(Effect::Send(Command::Run { id, op }));
        id
    }

    /// Cancels every request matching `f`: their answers will be dropped.
    pub fn cancel(&mut self, state: &mut State, f: impl Fn(&Pending) -> bool) {
        let ids: Vec<RequestId> = state
            .pending
            .iter()
            .filter(|(_, p)| f(p))
            .map(|(id, _)| *id)
            .collect();
        for id in ids {
            state.pending.remove(&id);
            self.0.push(Effect::Send(Command::Cancel(id)));
        }
    }

    pub fn countdown(&mut self, generation: u64, after: Duration) {
        self.0.push(Effect::Countdown { generation, after });
    }

    pub fn debounce(&mut self, generation: u64) {
        self.0.push(Effect::Debounce {
            generation,
            after: SEARCH_DEBOUNCE,
        });
    }
}

fn begin_connect(state: &mut State, fx: &mut Effects) {
    if state.is_pending(|p| *p == Pending::Connect) {
        return;
    }
    state.connect_error = None;
    state.status.notice = None;
    fx.run(state, Op::Connect, Pending::Connect);
}
