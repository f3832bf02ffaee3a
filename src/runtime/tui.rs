//! The terminal guard: raw mode, alternate screen and bracketed paste on entry; all of it undone
//! exactly once on drop, on error and on panic (the panic hook restores before the report is
//! printed, so the report lands on a sane terminal).

use std::io::{self, Stdout, stdout};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, ThreadId};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Set while the terminal is in the app's mode; cleared by whoever restores it first.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// The thread that draws: a panic there ends the app; a panic elsewhere (a background task,
/// which the worker reports as a failed request) must not tear the screen down under it.
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();

pub struct Tui {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl Tui {
    /// Takes over the terminal. Installs (once) a panic hook that restores it first.
    pub fn enter() -> io::Result<Tui> {
        let _ = UI_THREAD.set(thread::current().id());
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let setup = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste);
        let terminal = setup.and_then(|()| Terminal::new(CrosstermBackend::new(stdout())));
        match terminal {
            Ok(terminal) => Ok(Tui { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        }
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        let size = self.terminal.size()?;
        Ok((size.width, size.height))
    }

    /// Draws one frame inside a synchronized update, so terminals that support it never show a
    /// half-drawn screen.
    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        execute!(stdout(), BeginSynchronizedUpdate)?;
        let drawn = self.terminal.draw(render).map(drop);
        execute!(stdout(), EndSynchronizedUpdate)?;
        drawn
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was; does nothing if it already was.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
        let _ = disable_raw_mode();
    }
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let on_ui_thread = UI_THREAD.get() == Some(&thread::current().id());
        if ACTIVE.load(Ordering::SeqCst) && !on_ui_thread {
            // Printing now would scribble over the app; the log keeps it.
            tracing::error!("panic in a background task: {info}");
            return;
        }
        restore();
        previous(info);
    }));
}
